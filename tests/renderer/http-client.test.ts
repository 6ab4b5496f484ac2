// The HTTP transport: JSON calls with a timeout, error bodies turned into ApiError (fields kept,
// 401 recognised), per-segment encoded screenshot URLs, SSE events, and the transport choice.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, type LanebotApi, type ServiceEvent } from '../../shared/contract';
import { createHttpClient, filesUrl, pickApi } from '../../renderer/src/api';

let server: Server;
let base = '';
const seen: { url: string; body: string; type: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ url: req.url ?? '', body, type: req.headers['content-type'] ?? '' });
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

class FakeEventSource {
  static last: FakeEventSource | undefined;
  onmessage: ((m: MessageEvent<string>) => void) | null = null;
  onerror: (() => void) | null = null;
  onopen: (() => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }
  close() {
    this.closed = true;
  }
  send(data: string) {
    this.onmessage?.({ data } as MessageEvent<string>);
  }
}

describe('events', () => {
  it('delivers server-sent events, refetches after a reconnect, and closes with the last listener', () => {
    const api = createHttpClient({ EventSource: FakeEventSource as unknown as typeof EventSource });
    const got: ServiceEvent[] = [];
    const off = api.subscribe((e) => got.push(e));
    const es = FakeEventSource.last!;
    expect(es.url).toBe('/api/events');
    es.send(JSON.stringify({ type: 'ledger-changed' }));
    es.send('not json');
    es.send(JSON.stringify({ nope: 1 }));
    expect(got).toEqual([{ type: 'ledger-changed' }]);
    es.onopen?.();
    expect(got).toHaveLength(1); // a first open is not a reconnect
    es.onerror?.();
    es.onopen?.();
    expect(got.map((e) => e.type)).toEqual(['ledger-changed', 'ledger-changed', 'profiles-changed', 'settings-changed', 'schedule-changed']);
    off();
    expect(es.closed).toBe(true);
  });
});

describe('transport choice', () => {
  it('uses the Electron bridge when the preload exposed one, else HTTP', () => {
    const bridge: LanebotApi = { transport: 'ipc', call: async () => ({}) as never, subscribe: () => () => undefined, screenshotUrl: (p) => `lanebot-file://${p}` };
    expect(pickApi({ lanebot: bridge })).toBe(bridge);
    expect(pickApi({ lanebot: undefined }).transport).toBe('http');
    expect(pickApi(undefined).transport).toBe('http');
  });
});
