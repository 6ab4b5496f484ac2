// The HTTP transport: JSON calls with a timeout, error bodies turned into ApiError (fields kept,
// 401 recognised), the token as a Bearer header on every request (calls, the event stream read with
// fetch, screenshots) and never as a cookie, the token taken from the link's fragment, per-segment
// encoded screenshot URLs, and the transport choice.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, type LanebotApi, type ServiceEvent } from '../../shared/contract';
import { createHttpClient, filesUrl, parseEventFrame, pickApi, takeToken } from '../../renderer/src/api';

let server: Server;
let base = '';
const seen: { url: string; body: string; type: string; authorization?: string; cookie?: string }[] = [];
const TOKEN = 'tok_abcdefghijklmnopqrstuvwx';
/** Open event streams on the test server, so a test can push frames and cut the connection. */
const streams: import('node:http').ServerResponse[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ url: req.url ?? '', body, type: req.headers['content-type'] ?? '', ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}), ...(req.headers.cookie ? { cookie: req.headers.cookie } : {}) });
      if (req.url === '/api/events') {
        if (req.headers.authorization !== `Bearer ${TOKEN}`) {
          res.writeHead(401, { 'content-type': 'application/json' });
          return res.end('{"error":{"code":"unauthorized","message":"no"}}');
        }
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(': connected\n\n');
        streams.push(res);
        return;
      }
      if (req.url === '/files/a/shot.png') {
        if (req.headers.authorization !== `Bearer ${TOKEN}`) return (res.writeHead(401), res.end());
        res.writeHead(200, { 'content-type': 'image/png' });
        return res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
      }
      const json = (status: number, v: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(v));
      };
      if (req.url === '/api/status.get') return json(200, { ok: 1 });
      if (req.url === '/api/profiles.save')
        return json(400, { error: { code: 'invalid', message: 'venue.startUrl: bad', fields: { 'profile.venue.startUrl': 'Enter a full web address' } } });
      if (req.url === '/api/health.get') return json(401, { error: { code: 'unauthorized', message: 'Missing or wrong token' } });
      if (req.url === '/api/settings.get') return setTimeout(() => json(200, {}), 2000);
      if (req.url === '/api/models.list') {
        res.writeHead(502);
        return res.end('bad gateway');
      }
      json(404, { error: { code: 'not-found', message: 'Unknown method' } });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    return e as ApiError;
  }
  throw new Error('expected a rejection');
}

describe('HTTP client calls', () => {
  it('POSTs JSON to /api/<method> and returns the JSON answer', async () => {
    const api = createHttpClient({ baseUrl: base });
    expect(await api.call('status.get', {})).toEqual({ ok: 1 });
    expect(seen.at(-1)).toMatchObject({ url: '/api/status.get', body: '{}', type: 'application/json' });
  });

  it('turns an error body into an ApiError that keeps the field map', async () => {
    const api = createHttpClient({ baseUrl: base });
    const e = await rejection(api.call('profiles.save', { profile: {} as never }));
    expect(e).toBeInstanceOf(ApiError);
    expect(e.code).toBe('invalid');
    expect(e.fields).toEqual({ 'profile.venue.startUrl': 'Enter a full web address' });
  });

  it('recognises 401 as unauthorized, and a non-JSON 5xx as internal', async () => {
    const api = createHttpClient({ baseUrl: base });
    expect((await rejection(api.call('health.get', {}))).code).toBe('unauthorized');
    const e = await rejection(api.call('models.list', {}));
    expect(e.code).toBe('internal');
    expect(e.message).toContain('502');
  });

  it('gives up after the timeout with a message naming the method', async () => {
    const api = createHttpClient({ baseUrl: base, timeoutMs: 150 });
    const started = Date.now();
    const e = await rejection(api.call('settings.get', {}));
    expect(Date.now() - started).toBeLessThan(1500);
    expect(e.message).toMatch(/did not answer settings.get within/);
  });

  it('says the service is unreachable when nothing listens', async () => {
    const api = createHttpClient({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 2000 });
    expect((await rejection(api.call('status.get', {}))).message).toMatch(/Cannot reach the Lanebot service/);
  });
});

describe('screenshot URLs', () => {
  it('encodes each path segment and refuses to climb out of /files', () => {
    expect(filesUrl('attempts/a 1/step #2.png')).toBe('/files/attempts/a%201/step%20%232.png');
    expect(filesUrl('../../etc/passwd')).toBe('/files/etc/passwd');
    expect(createHttpClient().screenshotUrl('x/ü.png')).toBe('/files/x/%C3%BC.png');
  });
});

describe('the token', () => {
  it('goes as a Bearer header on calls, with no cookie', async () => {
    const api = createHttpClient({ baseUrl: base, token: TOKEN });
    await api.call('status.get', {});
    expect(seen.at(-1)).toMatchObject({ url: '/api/status.get', authorization: `Bearer ${TOKEN}` });
    expect(seen.at(-1)?.cookie).toBeUndefined();
  });

  it('is taken from the link’s fragment into sessionStorage, and the fragment is removed', () => {
    const store = new Map<string, string>();
    const replaced: string[] = [];
    const place = (hash: string) => ({
      location: { hash, pathname: '/', search: '' },
      history: { state: null, replaceState: (_s: unknown, _t: string, url?: string | URL | null) => void replaced.push(String(url)) },
      storage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) },
    });
    expect(takeToken(place(`#token=${TOKEN}`))).toBe(TOKEN);
    expect(replaced).toEqual(['/']);
    expect([...store.values()]).toEqual([TOKEN]);
    // A reload (no fragment any more) finds it in this tab's sessionStorage; a hash route is left alone.
    expect(takeToken(place('#/history'))).toBe(TOKEN);
    expect(replaced).toEqual(['/']);
    store.clear();
    expect(takeToken(place('#token=short'))).toBeUndefined();
  });

  it('fetches a screenshot with the header and hands back an object URL', async () => {
    const api = createHttpClient({ baseUrl: base, token: TOKEN });
    const url = await api.loadScreenshot!('a/shot.png');
    expect(url).toMatch(/^blob:/);
    expect(seen.at(-1)).toMatchObject({ url: '/files/a/shot.png', authorization: `Bearer ${TOKEN}` });
    URL.revokeObjectURL(url);
    await expect(createHttpClient({ baseUrl: base }).loadScreenshot!('a/shot.png')).rejects.toMatchObject({ code: 'unauthorized' });
  });
});

describe('events', () => {
  it('parses server-sent frames: data lines only, comments and junk ignored', () => {
    expect(parseEventFrame('data: {"type":"ledger-changed"}')).toEqual({ type: 'ledger-changed' });
    expect(parseEventFrame(': ping')).toBeUndefined();
    expect(parseEventFrame('data: not json')).toBeUndefined();
    expect(parseEventFrame('data: {"nope":1}')).toBeUndefined();
  });

  it('reads the stream with fetch and the Bearer header, refetches after a reconnect, and closes with the last listener', async () => {
    streams.length = 0;
    const api = createHttpClient({ baseUrl: base, token: TOKEN });
    const got: ServiceEvent[] = [];
    const off = api.subscribe((e) => got.push(e));
    const until = async (ok: () => boolean) => {
      for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 50));
      expect(ok()).toBe(true);
    };
    await until(() => streams.length === 1);
    expect(seen.filter((x) => x.url === '/api/events').at(-1)).toMatchObject({ authorization: `Bearer ${TOKEN}` });
    streams[0]!.write('data: {"type":"ledger-changed"}\n\n: ping\n\ndata: not json\n\n');
    await until(() => got.length === 1);
    expect(got).toEqual([{ type: 'ledger-changed' }]);
    // The server drops the stream: the client reconnects (after about a second) and tells views to refetch.
    streams[0]!.destroy();
    await until(() => streams.length === 2);
    await until(() => got.length === 5);
    expect(got.map((e) => e.type)).toEqual(['ledger-changed', 'ledger-changed', 'profiles-changed', 'settings-changed', 'schedule-changed']);
    off();
    await until(() => streams[1]!.destroyed || streams[1]!.writableEnded || streams[1]!.socket?.destroyed === true);
  }, 15_000);
});

describe('transport choice', () => {
  it('uses the Electron bridge when the preload exposed one, else HTTP', () => {
    const bridge: LanebotApi = { transport: 'ipc', call: async () => ({}) as never, subscribe: () => () => undefined, screenshotUrl: (p) => `lanebot-file://${p}` };
    expect(pickApi({ lanebot: bridge })).toBe(bridge);
    expect(pickApi({ lanebot: undefined }).transport).toBe('http');
    expect(pickApi(undefined).transport).toBe('http');
  });
});
