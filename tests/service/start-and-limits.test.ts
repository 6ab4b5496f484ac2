// Issue 13, item 10: a failed start gives its lock back; a zombie is not a live owner; the API's
// content-type check is exact; event streams are capped.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, MAX_EVENT_CLIENTS, type HttpServer } from '../../electron/service/api/http';
import { acquireOwnerLock, lockOwner, processState } from '../../electron/service/store/owner-lock';
import type { LanebotService } from '../../electron/service/index';
import { tempHome, testService } from './fixtures/service';

const ROOT = resolve(import.meta.dirname, '..', '..');

describe('a failed start', () => {
  let busy: Server;
  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
  });
  afterAll(async () => {
    await new Promise((r) => busy.close(r));
  });

  it('`lanebot serve` on a port in use exits non-zero, says so, and leaves no lanebot.lock behind', () => {
    const home = tempHome('busy-port');
    const port = (busy.address() as AddressInfo).port;
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'lanebot.mjs'), 'serve', '--port', String(port)], {
      cwd: ROOT,
      env: { ...process.env, LANEBOT_HOME: home },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`Port ${port} on 127.0.0.1 is in use`);
    expect(existsSync(join(home, 'lanebot.json'))).toBe(true); // it did get as far as opening the store
    expect(existsSync(join(home, 'lanebot.lock'))).toBe(false);
  }, 60_000);
});

describe('the owner lock and zombies', () => {
  it('a lock whose pid is a zombie (exited, not yet reaped) is stale and taken over', async () => {
    // sh starts a short sleep in the background, prints its pid, then becomes `sleep 30` by exec, which
    // never reaps: once the short sleep exits it stays a zombie for as long as its parent lives.
    const parent = spawn('/bin/sh', ['-c', 'sleep 0.2 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const pid = Number(await new Promise<string>((r) => parent.stdout!.once('data', (d) => r(String(d).trim()))));
      for (let i = 0; i < 50 && processState(pid) !== 'Z'; i++) await new Promise((r) => setTimeout(r, 100));
      expect(processState(pid)).toBe('Z');
      expect(() => process.kill(pid, 0)).not.toThrow(); // what the old check looked at: "alive"
      const dir = tempHome('zombie');
      mkdirSync(dir, { recursive: true });
      const lock = join(dir, 'lanebot.lock');
      writeFileSync(lock, String(pid));
      expect(lockOwner(lock)).toBeUndefined();
      const release = acquireOwnerLock(lock);
      release();
    } finally {
      parent.kill('SIGKILL');
    }
  });

  it('a live process still owns its lock', () => {
    const dir = tempHome('live-owner');
    mkdirSync(dir, { recursive: true });
    const lock = join(dir, 'lanebot.lock');
    writeFileSync(lock, String(process.ppid));
    expect(lockOwner(lock)).toBe(process.ppid);
    expect(() => acquireOwnerLock(lock)).toThrow(/Another Lanebot/);
  });
});

describe('HTTP limits', () => {
  let service: LanebotService;
  let http: HttpServer;
  beforeAll(async () => {
    service = await testService();
    const rendererDir = tempHome('renderer');
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
    http = await startHttpServer(service, { rendererDir });
  });
  afterAll(async () => {
    await http?.close();
    await service?.shutdown({ abortRunning: true, timeoutMs: 1000 });
  });

  const post = (type: string) =>
    new Promise<number>((ok, fail) => {
      const req = httpRequest({ host: '127.0.0.1', port: http.port, method: 'POST', path: '/api/status.get', headers: { 'content-type': type, authorization: `Bearer ${http.token}` } }, (res) => {
        res.resume();
        ok(res.statusCode!);
      });
      req.on('error', fail);
      req.end('{}');
    });

  it('accepts exactly application/json, with or without charset=utf-8', async () => {
    for (const t of ['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8']) expect(await post(t), t).toBe(200);
  });

  it('refuses what only starts like it (415)', async () => {
    for (const t of ['application/jsonp', 'application/json-seq', 'application/json5', 'application/json; charset=latin1', 'application/json; boundary=x', 'application/json; charset=utf-8; x=y', 'text/plain'])
      expect(await post(t), t).toBe(415);
  });

  it(`serves at most ${MAX_EVENT_CLIENTS} event streams at once; the next gets a 503, and a slot frees when one closes`, async () => {
    const open: ClientRequest[] = [];
    const stream = () =>
      new Promise<{ status: number; req: ClientRequest }>((ok, fail) => {
        const req = httpRequest({ host: '127.0.0.1', port: http.port, path: '/api/events', headers: { authorization: `Bearer ${http.token}` } }, (res) => {
          res.on('data', () => undefined);
          res.on('error', () => undefined);
          ok({ status: res.statusCode!, req });
        });
        req.on('error', (e) => (req.destroyed ? undefined : fail(e)));
        req.end();
      });
    try {
      for (let i = 0; i < MAX_EVENT_CLIENTS; i++) {
        const s = await stream();
        expect(s.status).toBe(200);
        open.push(s.req);
      }
      const over = await stream();
      expect(over.status).toBe(503);
      open.shift()!.destroy();
      await new Promise((r) => setTimeout(r, 200));
      const again = await stream();
      expect(again.status).toBe(200);
      open.push(again.req);
    } finally {
      for (const r of open) r.destroy();
    }
  });
});
