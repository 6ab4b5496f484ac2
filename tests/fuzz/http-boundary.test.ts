// Fuzz of the headless HTTP boundary with raw requests: arbitrary methods, paths (escapes, traversal,
// method names), headers (token or not, wrong Host/Origin, content types) and bodies. Every answer is
// a deliberate status with a JSON error naming what was wrong — never a 500 — nothing under /api
// answers without the token, no answer carries the saved password, and the server keeps serving.
// (The hand-picked cases are in tests/service/http.test.ts.)
import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type HttpServer } from '../../electron/service/api/http';
import { METHODS } from '../../shared/contract';
import type { LanebotService } from '../../electron/service/index';
import { testService } from '../service/fixtures/service';
import { profileInput } from '../service/fixtures/profiles';

const PASSWORD = 'fuzz-secret-Pa55';
let service: LanebotService;
let http: HttpServer;
let rendererDir: string;

interface Answer {
  status: number;
  type: string;
  text: string;
}

function send(o: { method: string; path: string; headers: Record<string, string>; body?: Buffer }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // Node's client frames no body for GET/HEAD/DELETE/OPTIONS by itself: give every body its length.
    const headers = o.body ? { ...o.headers, 'content-length': String(o.body.length) } : o.headers;
    const req = httpRequest({ host: '127.0.0.1', port: http.port, method: o.method, path: o.path, headers, timeout: 5000, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => {
        // The event stream never ends by itself: one frame is enough to judge it.
        chunks.push(c);
        if (String(res.headers['content-type']).startsWith('text/event-stream')) res.destroy();
      });
      const done = () => resolve({ status: res.statusCode!, type: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') });
      res.on('end', done);
      res.on('close', done);
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    if (o.body) req.write(o.body);
    req.end();
  });
}

beforeAll(async () => {
  service = await testService();
  await service.handle('profiles.save', { profile: profileInput(), secrets: { username: 'alex', password: PASSWORD } });
  rendererDir = mkdtempSync(join(tmpdir(), 'lanebot-fuzz-ui-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Lanebot</title>');
  http = await startHttpServer(service, { rendererDir });
});

afterAll(async () => {
  await http?.close();
  await service?.shutdown({ abortRunning: true, timeoutMs: 1000 });
  if (rendererDir) rmSync(rendererDir, { recursive: true, force: true });
});

const methodNames = Object.keys(METHODS);
const segment = fc.oneof(
  fc.constantFrom('api', 'files', 'assets', 'index.html', '..', '.', '%2e%2e', '%2F', '%00', '%', '%zz', '%E2%82', '~', '', 'events', 'lanebot.json', 'secrets.json'),
  fc.constantFrom(...methodNames),
  fc.stringMatching(/^[A-Za-z0-9._~-]{0,12}$/),
  fc.string({ maxLength: 6 }).map((s) => encodeURIComponent(s)),
);
const path = fc.oneof(
  fc.array(segment, { maxLength: 5 }).map((s) => `/${s.join('/')}`),
  fc.tuple(fc.constantFrom(...methodNames, 'nope', ''), fc.constantFrom('', '?x=1', '?token=wrong', '#frag')).map(([m, q]) => `/api/${m}${q}`),
  fc.constantFrom('/?token=wrong', '/?token=', '/files/../lanebot.json', '/files/x/../../secrets.json', '/api/events', '//api/status.get'),
);
const body = fc.oneof(
  fc.constant(undefined),
  fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
  fc.jsonValue({ maxDepth: 3 }).map((v) => Buffer.from(JSON.stringify(v))),
  fc.record({ profileId: fc.string({ maxLength: 10 }), id: fc.string({ maxLength: 10 }), tonight: fc.oneof(fc.boolean(), fc.string()), limit: fc.integer() }, { requiredKeys: [] }).map((v) => Buffer.from(JSON.stringify(v))),
);
const request = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH'),
  path,
  token: fc.constantFrom('none', 'bearer', 'wrong', 'cookie'),
  contentType: fc.constantFrom(undefined, 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data'),
  host: fc.constantFrom('right', 'localhost', 'evil.example', '127.0.0.1:1'),
  origin: fc.constantFrom(undefined, 'self', 'http://evil.example', 'null'),
  body,
});

describe('fuzz: the HTTP boundary', () => {
  it('answers every request deliberately: no 500, no API without the token, no password, and it keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const headers: Record<string, string> = {
          host: r.host === 'right' ? `127.0.0.1:${http.port}` : r.host === 'localhost' ? `localhost:${http.port}` : r.host,
        };
        if (r.token === 'bearer') headers.authorization = `Bearer ${http.token}`;
        if (r.token === 'wrong') headers.authorization = 'Bearer not-the-token';
        if (r.token === 'cookie') headers.cookie = `lanebot_token=${http.token}`;
        if (r.contentType) headers['content-type'] = r.contentType;
        if (r.origin) headers.origin = r.origin === 'self' ? http.origin : r.origin;
        const a = await send({ method: r.method, path: r.path, headers, ...(r.body ? { body: r.body } : {}) });
        expect([200, 303, 400, 401, 403, 404, 405, 409, 413, 415]).toContain(a.status);
        expect(a.text).not.toContain(PASSWORD);
        const api = r.path.startsWith('/api/') || r.path.startsWith('/files/');
        // A cookie is no credential (cookies ignore ports): only the Bearer header opens the API.
        const authorised = r.token === 'bearer';
        if (api && !authorised) expect(a.status, `${r.method} ${r.path}`).toBeGreaterThanOrEqual(400);
        if (a.status >= 400 && a.type.startsWith('application/json') && r.method !== 'HEAD') {
          const err = (JSON.parse(a.text) as { error?: { code?: string; message?: string } }).error;
          expect(err?.code, a.text).toBeTruthy();
          expect(err?.message, a.text).toBeTruthy();
        }
      }),
      { numRuns: 600 },
    );
    // Still serving, and still guarding.
    const ok = await send({ method: 'POST', path: '/api/status.get', headers: { host: `127.0.0.1:${http.port}`, authorization: `Bearer ${http.token}`, 'content-type': 'application/json' }, body: Buffer.from('{}') });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text).profiles).toHaveLength(1);
  }, 60_000);
});
