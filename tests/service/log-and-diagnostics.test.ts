// The log file and "Export diagnostics": after a night (runner + test doubles) logs/lanebot.log
// exists with mode 0600 and says what happened (planned, started, pre-check and verification,
// outcome, notifications); it rotates past its size limit keeping N files; a secret that reaches
// the service's log by way of an error message is written as its name. The diagnostics zip holds
// the log, the store and the last screenshots, is 0600, and holds no secret or token.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { createService, type LanebotService } from '../../electron/service/index';
import { startHttpServer } from '../../electron/service/api/http';
import { RENDERER_DIR } from '../../electron/service/home';
import type { BookingPort } from '../../electron/service/night/booking-port';
import type { ProfileView } from '../../shared/contract';
import { FakeVenue, fakeProbes, profileInput, tempHome } from '../night/doubles';
import { startReceiver } from './fixtures/receiver';

const PASSWORD = 'pool-Pa55word!';
const NIGHT = new Date('2026-12-01T00:45:00Z');
// A valid 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c().catch(() => {});
});

/** The fake venue, but its browser leaves screenshots and its close() fails with the password in the message. */
function leakyPort(venue: FakeVenue): BookingPort {
  const inner = venue.port();
  return {
    async open(ctx) {
      const s = await inner.open(ctx);
      let n = 0;
      return {
        ...s,
        async verify() {
          const v = await s.verify();
          mkdirSync(ctx.artifactsDir, { recursive: true });
          const shot = join(ctx.artifactsDir, `verify-${n++}.png`);
          writeFileSync(shot, PNG);
          return { ...v, screenshot: shot };
        },
        async close() {
          await s.close();
          throw new Error(`browser refused to close: login form still holds ${PASSWORD}`);
        },
      };
    },
  };
}

async function start(home = tempHome(), logFile?: { maxBytes?: number; keep?: number }) {
  const venue = new FakeVenue();
  const service = await createService({ home, port: leakyPort(venue), probes: fakeProbes, schedule: false, now: () => NIGHT, ...(logFile ? { logFile } : {}) });
  cleanup.push(() => service.shutdown({ abortRunning: true, timeoutMs: 1000 }));
  return { service, home, venue };
}

async function night(service: LanebotService, name: string) {
  const p = (await service.handle('profiles.save', { profile: profileInput(name), secrets: { username: 'alex', password: PASSWORD } })) as ProfileView;
  const r = service.core.runner.run(p.id, 'schedule', { slot: '00:40' });
  if ('skipped' in r) throw new Error(r.skipped);
  return { profile: p, attempt: await r.done };
}

const mode = (p: string) => statSync(p).mode & 0o777;

describe('the log file', () => {
  it('exists after a night, 0600 in a 0700 folder, and tells what was planned, done, verified and sent — with no secret', async () => {
    const { service, home } = await start();
    const hook = await startReceiver();
    cleanup.push(() => hook.close());
    await service.handle('settings.save', { notifyWebhookUrl: hook.url('/h') });
    const { attempt } = await night(service, 'Alex');
    await service.core.notifier.settled();
    await service.shutdown({ abortRunning: true, timeoutMs: 1000 });
    const file = join(home, 'logs', 'lanebot.log');
    expect(mode(join(home, 'logs'))).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { msg: string; level: number; time: string });
    const text = lines.map((l) => l.msg).join('\n');
    expect(text).toMatch(/Lanebot service started/);
    expect(text).toMatch(/Alex: planned 00:01, 00:10, 00:20, 00:30, 00:40 venue time \(Europe\/London\) on 2026-12-02 to book 2026-12-09/);
    expect(text).toContain(`Alex: schedule attempt ${attempt.id} for 2026-12-08`);
    expect(text).toMatch(new RegExp(`${attempt.id} schedule verified — pre-check: no booking on 2026-12-08 among 0 seen \\(rule\\), screenshot ${attempt.id}/verify-0.png; verification: found 2026-12-08 07:00 lane 3 \\(rule\\)`));
    expect(text).toContain(`notification "booked" for ${attempt.id} via webhook (127.0.0.1:`);
    expect(text).toMatch(/Lanebot service stopped/);
    // The browser's error carried the password; the log has its name instead.
    expect(text).toContain('closing the browser failed: Error: browser refused to close: login form still holds {{password}}');
    expect(readFileSync(file, 'utf8')).not.toContain(PASSWORD);
  });

  it('a log folder that cannot be made does not stop the service or its nights', async () => {
    const home = tempHome();
    mkdirSync(home, { recursive: true });
    writeFileSync(join(home, 'logs'), 'a file where the folder should be');
    const { service } = await start(home);
    const { attempt } = await night(service, 'Alex');
    expect(attempt.outcome).toBe('verified');
    await service.core.fileLog.flush();
    expect(readFileSync(join(home, 'logs'), 'utf8')).toBe('a file where the folder should be');
  });

  it('rotates past its size limit and keeps N files, each 0600', async () => {
    const { service, home } = await start(tempHome(), { maxBytes: 4096, keep: 2 });
    for (let i = 0; i < 200; i++) service.core.fileLog.info(`line ${i} ${'x'.repeat(100)}`);
    await service.core.fileLog.flush();
    await service.shutdown({ abortRunning: true, timeoutMs: 1000 });
    const dir = join(home, 'logs');
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['lanebot.log', 'lanebot.log.1', 'lanebot.log.2']);
    for (const f of files) {
      expect(mode(join(dir, f)), f).toBe(0o600);
      expect(statSync(join(dir, f)).size, f).toBeLessThan(4096 + 400);
    }
    // The newest lines are in the current file, the previous ones in .1.
    expect(readFileSync(join(dir, 'lanebot.log'), 'utf8')).toContain('Lanebot service stopped');
    expect(readFileSync(join(dir, 'lanebot.log.1'), 'utf8')).toMatch(/line \d+/);
    const total = files.map((f) => readFileSync(join(dir, f), 'utf8')).join('');
    expect(total).not.toContain('line 0 '); // the oldest were dropped with the oldest file
  });
});

describe('diagnostics.export', () => {
  it('bundles the log, the store without secrets and the last screenshots into one 0600 zip in the data folder', async () => {
    const { service, home } = await start();
    const http = await startHttpServer(service, { rendererDir: RENDERER_DIR });
    cleanup.push(() => http.close());
    const topic = 'https://ntfy.example.net/alex-secret-topic-93f1';
    await service.handle('settings.save', { notifyNtfyUrl: topic, notifyWebhookUrl: 'https://hooks.example.org/services/T000/B000/XXXXSECRET' });
    const feed = (await service.handle('calendar.info', {})) as { url: string };
    const feedToken = /\/calendar\/(.+)\.ics$/.exec(feed.url)![1]!;
    const first = await night(service, 'Alex');
    const second = await night(service, 'Sam');
    const r = (await service.handle('diagnostics.export', {})) as { path: string; bytes: number };
    expect(r.path.startsWith(join(home, 'lanebot-diagnostics-'))).toBe(true);
    expect(r.path.endsWith('.zip')).toBe(true);
    expect(statSync(r.path).size).toBe(r.bytes);
    expect(mode(r.path)).toBe(0o600);
    const entries = unzipSync(readFileSync(r.path));
    const names = Object.keys(entries).sort();
    expect(names).toEqual(
      expect.arrayContaining([
        'about.json',
        'logs/lanebot.log',
        'store.json',
        `screenshots/${first.attempt.id}/verify-0.png`,
        `screenshots/${first.attempt.id}/verify-1.png`,
        `screenshots/${second.attempt.id}/verify-0.png`,
      ]),
    );
    expect(names.some((n) => /secrets|service\.json|calendar-feed|\.lock/.test(n))).toBe(false);
    expect(Buffer.from(entries[`screenshots/${second.attempt.id}/verify-0.png`]!).equals(PNG)).toBe(true);
    const store = JSON.parse(strFromU8(entries['store.json']!)) as { profiles: { name: string }[]; attempts: { id: string }[]; settings: Record<string, string> };
    expect(store.profiles.map((p) => p.name)).toEqual(['Alex', 'Sam']);
    expect(store.attempts.map((a) => a.id)).toEqual([first.attempt.id, second.attempt.id]);
    expect(store.settings.notifyNtfyUrl).toBe('https://ntfy.example.net/…(redacted)');
    expect(strFromU8(entries['logs/lanebot.log']!)).toContain(`${second.attempt.id} schedule verified`);
    const about = JSON.parse(strFromU8(entries['about.json']!)) as { lanebot: string; status: { profiles: unknown[] } };
    expect(about.lanebot).toBe(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')).version);
    expect(about.status.profiles).toHaveLength(2);
    for (const [name, data] of Object.entries(entries)) {
      if (name.endsWith('.png')) continue;
      const text = strFromU8(data);
      for (const secret of [PASSWORD, http.token, feedToken, 'alex-secret-topic-93f1', 'XXXXSECRET']) expect(text, `${name} holds a secret`).not.toContain(secret);
    }
    expect(existsSync(join(home, 'secrets.json'))).toBe(true); // the secrets exist; they just are not in the bundle
  });
});
