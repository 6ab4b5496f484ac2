// Issue 13, item 12 (second half): one redactor. The service used its own copy, which missed the
// base64 and JSON-escaped forms of a secret; it now uses the agent's (agent/core/redact.ts) through
// the light entry agent/redact.ts, which loads no playwright-core (the full agent entry stays lazy).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LanebotService } from '../../electron/service/index';
import type { ProfileView } from '../../shared/contract';
import { FakeVenue, profileInput, serviceWith } from './doubles';

const ROOT = resolve(import.meta.dirname, '..', '..');
const open: LanebotService[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.shutdown({ abortRunning: true, timeoutMs: 1000 });
});

describe('the attempt record is redacted by the agent’s redactor', () => {
  it('every encoding of a secret (plain, percent, JSON-escaped, base64) becomes its placeholder, in the record, the events and the file', async () => {
    const venue = new FakeVenue();
    const { service, home } = await serviceWith(venue);
    open.push(service);
    const password = 'pa"ss\\wörd 9!';
    const p = (await service.handle('profiles.save', { profile: profileInput('Alex'), secrets: { username: 'alex-member', password } })) as ProfileView;
    const forms = {
      plain: password,
      percent: encodeURIComponent(password),
      json: JSON.stringify(password).slice(1, -1),
      base64: Buffer.from(password, 'utf8').toString('base64'),
    };
    venue.behaviour.set(p.id, {
      custom: async (ctx) => {
        ctx.onStep({ index: 1, action: { action: 'fill', value: forms.plain }, ok: true, message: `body {"pw":"${forms.json}"} auth Basic ${forms.base64}`, startedAt: new Date().toISOString(), durationMs: 1, url: `https://pool.example.com/login?pw=${forms.percent}` });
        return { claimedDone: false, steps: [], failure: { kind: 'transient', code: 'x', message: `token ${forms.base64} refused` } };
      },
    });
    const events: string[] = [];
    service.subscribe((e) => events.push(JSON.stringify(e)));
    const r = service.core.runner.run(p.id, 'book-now');
    if ('skipped' in r) throw new Error(r.skipped);
    const attempt = await r.done;
    const record = JSON.stringify(attempt);
    const file = readFileSync(join(home, 'lanebot.json'), 'utf8');
    for (const [form, value] of Object.entries(forms)) {
      expect(record.includes(value), `${form} form in the record`).toBe(false);
      expect(events.join('\n').includes(value), `${form} form in an event`).toBe(false);
      expect(file.includes(value), `${form} form in lanebot.json`).toBe(false);
    }
    expect(record).toContain('auth Basic {{password}}');
    expect(record).toContain('pw={{password}}');
  });
});

describe('the light entry', () => {
  it('loading the service (and so its redactor) does not load playwright-core; the full agent entry does', () => {
    const probe = `
      import { createRequire } from 'node:module';
      const req = createRequire(import.meta.url);
      await import(process.argv[1]);
      console.log(Object.keys(req.cache).some((k) => k.includes('/node_modules/playwright-core/')));`;
    const loads = (entry: string) => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe, join(ROOT, entry)], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout.trim();
    };
    expect(loads('electron/service/night/runner.ts')).toBe('false');
    expect(loads('electron/service/index.ts')).toBe('false');
    expect(loads('agent/index.ts')).toBe('true');
  }, 90_000);
});
