// The headless transport over real sockets: the Bearer token (no cookie), Host/Origin checks against DNS
// rebinding, loopback-only binding, field-named 400s, body limits, safe file serving, server-sent
// events, and write-only secrets. Raw node:http requests, so headers and paths go out exactly as written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { startHttpServer, MAX_BODY_BYTES, type HttpServer } from '../../electron/service/api/http';
import type { LanebotService } from '../../electron/service/index';
import { testService } from './fixtures/service';
import { profileInput } from './fixtures/profiles';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: any;
}

let service: LanebotService;
let http: HttpServer;
const INDEX_HTML = '<!doctype html><title>Lanebot</title><div id="root"></div>';

function call(opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer; host?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: opts.host ?? '127.0.0.1', port: http.port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers ?? {}, timeout: 5000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode!, headers: res.headers, text, json });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

const auth = () => ({ authorization: `Bearer ${http.token}` });
function api(method: string, body: unknown, headers: Record<string, string> = auth()): Promise<Reply> {
  return call({ method: 'POST', path: `/api/${method}`, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** A valid 1×1 PNG built by hand, so the served bytes can be compared exactly. */
function tinyPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const t = Buffer.concat([Buffer.from(type), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    t.copy(out, 4);
    out.writeUInt32BE(crc(t), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from([0, 0x2a, 0x7f, 0xd4]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

beforeAll(async () => {
  service = await testService();
  const rendererDir = mkdtempSync(join(tmpdir(), 'lanebot-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), INDEX_HTML);
  http = await startHttpServer(service, { rendererDir });
});

afterAll(async () => {
  await http?.close();
  await service?.shutdown({ abortRunning: true, timeoutMs: 1000 });
});

describe('token', () => {
  it('refuses the API without a token or with a wrong one', async () => {
    const none = await api('status.get', {}, {});
    expect(none.status).toBe(401);
    expect(none.json.error.code).toBe('unauthorized');
    expect((await api('status.get', {}, { authorization: `Bearer ${http.token}x` })).status).toBe(401);
    expect((await api('status.get', {}, { authorization: http.token })).status).toBe(401);
    expect((await api('status.get', {}, { cookie: `lanebot_token=nope` })).status).toBe(401);
    expect((await call({ path: '/api/events' })).status).toBe(401);
  });

  it('accepts the bearer token', async () => {
    const r = await api('status.get', {});
    expect(r.status).toBe(200);
    expect(r.json.overall).toBe('idle');
    expect(r.json.profiles).toEqual([]);
  });

  it('the printed URL carries the token only in its fragment; nothing sets a cookie, and a cookie is no credential', async () => {
    expect(http.url).toBe(`${http.origin}/#token=${http.token}`);
    // What browsers send for that link: the path without the fragment. No redirect, no Set-Cookie.
    const shell = await call({ path: '/' });
    expect(shell.status).toBe(200);
    expect(shell.headers['set-cookie']).toBeUndefined();
    const old = await call({ path: `/?token=${encodeURIComponent(http.token)}` });
    expect(old.headers['set-cookie']).toBeUndefined();
    // Cookies ignore ports: a token cookie would reach every server on 127.0.0.1, so it opens nothing.
    expect((await api('status.get', {}, { cookie: `lanebot_token=${http.token}` })).status).toBe(401);
    expect((await call({ path: '/api/events', headers: { cookie: `lanebot_token=${http.token}` } })).status).toBe(401);
    expect((await call({ path: '/files/x.png', headers: { cookie: `lanebot_token=${http.token}` } })).status).toBe(401);
  });

  it('serves the UI shell publicly, with a CSP', async () => {
    const r = await call({ path: '/' });
    expect(r.status).toBe(200);
    expect(r.text).toBe(INDEX_HTML);
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    expect(r.headers['x-frame-options']).toBe('DENY');
  });
});

describe('request validation', () => {
  it('a bad start URL is a 400 naming profile.venue.startUrl', async () => {
    const profile = profileInput({ venue: { startUrl: 'ftp://pool.example.com', allowedOrigins: ['https://pool.example.com'], timeZone: 'Europe/London' } });
    const r = await api('profiles.save', { profile });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('invalid');
    expect(Object.keys(r.json.error.fields)).toEqual(['profile.venue.startUrl']);
    expect(r.json.error.fields['profile.venue.startUrl']).toMatch(/https:\/\//);
  });

  it('a bad attempt time is a 400 naming profile.attemptTimes.0', async () => {
    const r = await api('profiles.save', { profile: profileInput({ attemptTimes: ['24:00', '00:10'] }) });
    expect(r.status).toBe(400);
    expect(r.json.error.fields).toHaveProperty(['profile.attemptTimes.0']);
    expect(r.json.error.fields['profile.attemptTimes.0']).toMatch(/24-hour/);
  });

  it('cross-field problems name their field too, with the same profile. prefix as every other field', async () => {
    const r = await api('profiles.save', {
      profile: profileInput({
        venue: { startUrl: 'https://pool.example.com/', allowedOrigins: ['https://other.example.com'], timeZone: 'Europe/London' },
        instructions: 'Book {when}',
      }),
    });
    expect(r.status).toBe(400);
    expect(r.json.error.fields['profile.venue.allowedOrigins']).toContain('https://pool.example.com');
    expect(r.json.error.fields['profile.instructions']).toContain('{when}');
    expect(service.core.store.data.profiles).toEqual([]);
  });

  it('invalid JSON is a 400, a non-JSON content type a 415, GET on a method a 405, an unknown method a 404', async () => {
    const bad = await call({ method: 'POST', path: '/api/status.get', headers: { ...auth(), 'content-type': 'application/json' }, body: '{"oops":' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/not valid JSON/);
    const form = await call({ method: 'POST', path: '/api/status.get', headers: { ...auth(), 'content-type': 'text/plain' }, body: '{}' });
    expect(form.status).toBe(415);
    expect((await call({ path: '/api/status.get', headers: auth() })).status).toBe(405);
    const unknown = await api('profiles.hack', {});
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.message).toContain('profiles.hack');
    // Inherited object keys are not methods.
    expect((await api('constructor', {})).status).toBe(404);
    expect((await api('__proto__', {})).status).toBe(404);
  });

  it('unexpected extra fields are refused, not ignored', async () => {
    const r = await api('status.get', { admin: true });
    expect(r.status).toBe(400);
    expect(r.json.error.fields).toBeDefined();
  });

  it('an oversized body is refused with 413, and the server keeps answering', async () => {
    const huge = JSON.stringify({ pad: 'x'.repeat(MAX_BODY_BYTES * 8) });
    const r = await call({ method: 'POST', path: '/api/status.get', headers: { ...auth(), 'content-type': 'application/json' }, body: huge }).catch((e: Error) => e);
    expect(r).not.toBeInstanceOf(Error);
    expect((r as Reply).status).toBe(413);
    expect((r as Reply).json.error.message).toMatch(/larger than 256 KiB/);
    const after = await api('status.get', {});
    expect(after.status).toBe(200);
  });

  it('a malformed percent-escape is a 400, not a 500', async () => {
    expect((await call({ method: 'POST', path: '/api/status%E0%A4%A', headers: { ...auth(), 'content-type': 'application/json' }, body: '{}' })).status).toBe(400);
    expect((await call({ path: '/files/%E0%A4%A.png', headers: auth() })).status).toBe(400);
    expect((await call({ path: '/%E0%A4%A' })).status).toBe(400);
  });
});

describe('DNS rebinding and cross-site requests', () => {
  it('refuses a foreign Host header even with the right token', async () => {
    const r = await api('status.get', {}, { ...auth(), host: `evil.example:${http.port}` });
    expect(r.status).toBe(403);
    expect((await call({ path: '/', headers: { host: `evil.example:${http.port}` } })).status).toBe(403);
    expect((await call({ path: '/', headers: { host: `127.0.0.1` } })).status).toBe(403); // wrong port
    expect((await api('status.get', {}, { ...auth(), host: `localhost:${http.port}` })).status).toBe(200);
  });

  it('refuses a foreign Origin, accepts its own', async () => {
    expect((await api('status.get', {}, { ...auth(), origin: 'http://evil.example' })).status).toBe(403);
    expect((await api('status.get', {}, { ...auth(), origin: `http://127.0.0.1:${http.port + 1}` })).status).toBe(403);
    expect((await api('status.get', {}, { ...auth(), origin: 'null' })).status).toBe(403);
    expect((await api('status.get', {}, { ...auth(), origin: http.origin })).status).toBe(200);
  });
});

describe('binding', () => {
  it('listens on 127.0.0.1 only', async () => {
    expect(http.origin).toBe(`http://127.0.0.1:${http.port}`);
    expect(http.port).toBeGreaterThan(0);
    // The whole of 127/8 reaches this host; a server bound to 0.0.0.0 would answer on 127.0.0.2 too.
    const other = await new Promise<string>((resolve) => {
      const s = connect({ host: '127.0.0.2', port: http.port, timeout: 2000 });
      s.on('connect', () => {
        s.destroy();
        resolve('connected');
      });
      s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      s.on('timeout', () => {
        s.destroy();
        resolve('timeout');
      });
    });
    expect(other).toBe('ECONNREFUSED');
  });
});

describe('/files/', () => {
  const png = tinyPng();
  beforeAll(() => {
    const dir = join(service.artifactsDir, 'attempt-1');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'verify.png'), png);
    writeFileSync(join(dir, 'notes.txt'), 'not an image');
    // A png outside the artifacts folder, reachable only through a symlink inside it.
    const outside = join(service.dataDir, 'outside.png');
    writeFileSync(outside, png);
    symlinkSync(outside, join(dir, 'escape.png'));
  });

  it('serves a screenshot under artifacts, with the token', async () => {
    expect((await call({ path: '/files/attempt-1/verify.png' })).status).toBe(401);
    const r = await new Promise<{ status: number; type?: string; body: Buffer }>((resolve, reject) => {
      httpRequest({ host: '127.0.0.1', port: http.port, path: '/files/attempt-1/verify.png', headers: auth() }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, type: res.headers['content-type'], body: Buffer.concat(chunks) }));
      })
        .on('error', reject)
        .end();
    });
    expect(r.status).toBe(200);
    expect(r.type).toBe('image/png');
    expect(r.body.equals(png)).toBe(true);
  });

  it.each([
    '/files/..%2Flanebot.json',
    '/files/a/../../lanebot.json',
    '/files/attempt-1/..%2F..%2Flanebot.json',
    '/files/%2E%2E/lanebot.json',
    '/files/..%5Clanebot.json',
    '/files/attempt-1/%00.png',
    '/files/attempt-1/escape.png',
    '/files/attempt-1/notes.txt',
    '/files/attempt-1/missing.png',
    '/files/',
  ])('refuses %s', async (path) => {
    const r = await call({ path, headers: auth() });
    expect(r.status).not.toBe(200);
    expect([400, 404]).toContain(r.status);
    expect(r.text).not.toContain('schemaVersion');
    expect(r.text).not.toContain('PNG');
  });

  it('the UI shell cannot be used to read the data folder either', async () => {
    for (const path of ['/..%2Flanebot.json', '/../lanebot.json', '/..%2F..%2Fhome%2Flanebot.json']) {
      const r = await call({ path });
      expect(r.status, path).not.toBe(200);
      expect(r.text).not.toContain('schemaVersion');
    }
  });
});

describe('server-sent events', () => {
  it('/api/events delivers profiles-changed after a save', async () => {
    const events: any[] = [];
    let connected!: () => void;
    const ready = new Promise<void>((r) => (connected = r));
    let gotIt!: () => void;
    const changed = new Promise<void>((r) => (gotIt = r));
    const req = httpRequest({ host: '127.0.0.1', port: http.port, path: '/api/events', headers: auth() }, (res) => {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/event-stream');
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        buf += c;
        if (buf.includes(': connected')) connected();
        let end: number;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const frame = buf.slice(0, end);
          buf = buf.slice(end + 2);
          for (const line of frame.split('\n')) if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)));
          if (events.some((e) => e.type === 'profiles-changed')) gotIt();
        }
      });
    });
    req.on('error', () => {});
    req.end();
    try {
      await ready;
      const saved = await api('profiles.save', { profile: profileInput({ name: 'SSE check' }) });
      expect(saved.status).toBe(200);
      await Promise.race([changed, new Promise((_, reject) => setTimeout(() => reject(new Error(`no profiles-changed; got ${JSON.stringify(events)}`)), 5000))]);
      expect(events.map((e) => e.type)).toContain('profiles-changed');
      await api('profiles.delete', { id: saved.json.id });
    } finally {
      req.destroy();
    }
  });
});

describe('write-only secrets', () => {
  it('profiles.save stores the password; nothing the API returns contains it', async () => {
    const password = 'Tr0ub4dor&3-unique';
    const username = 'alex.member@example.com';
    const saved = await api('profiles.save', { profile: profileInput({ name: 'Secret check' }), secrets: { username, password } });
    expect(saved.status).toBe(200);
    expect(saved.json.secretsSaved).toEqual({ username: true, password: true });
    expect(saved.text).not.toContain(password);
    const id = saved.json.id as string;

    const list = await api('profiles.list', {});
    expect(list.status).toBe(200);
    const mine = list.json.find((p: { id: string }) => p.id === id);
    expect(mine.secretsSaved).toEqual({ username: true, password: true });
    expect(mine.name).toBe('Secret check');
    expect(await service.core.secrets.get(id, 'password')).toBe(password);

    // Saving the profile again with blank secrets (what a form sends when untouched) keeps them.
    const { id: _i, createdAt: _c, updatedAt: _u, secretsSaved: _s, recipes: _r, teaching: _t, ...again } = mine;
    const resaved = await api('profiles.save', { profile: { ...again, id, name: 'Secret check 2' }, secrets: { password: '' } });
    expect(resaved.status).toBe(200);
    expect(await service.core.secrets.get(id, 'password')).toBe(password);

    // A secret name the profile does not have is refused, naming it.
    const stray = await api('profiles.save', { profile: { ...again, id }, secrets: { pin: '1234' } });
    expect(stray.status).toBe(400);
    expect(stray.json.error.fields).toHaveProperty(['secrets.pin']);

    const everything = await Promise.all(
      ['profiles.list', 'status.get', 'settings.get', 'health.get', 'attempts.list'].map((m) => api(m, {})),
    );
    for (const r of [saved, resaved, stray, ...everything]) {
      expect(r.status === 200 || r === stray).toBe(true);
      expect(r.text).not.toContain(password);
      expect(r.text).not.toContain(encodeURIComponent(password));
    }

    const del = await api('profiles.delete', { id });
    expect(del.json).toEqual({ deleted: true });
    expect(await service.core.secrets.has(id, 'password')).toBe(false);
  });
});
