// Issue 13, item 7: an unknown key anywhere in a request (profile, venue, watch, every nested object
// of the contract) is a 400 naming its path and the key; it used to be dropped silently with a 200.
import { request as httpRequest } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LanebotService } from '../../electron/service/index';
import { startHttpServer, type HttpServer } from '../../electron/service/api/http';
import { ApiError, METHODS, type Method } from '../../shared/contract';
import { testService } from './fixtures/service';
import { profileInput } from './fixtures/profiles';

let service: LanebotService;
let http: HttpServer;

beforeAll(async () => {
  service = await testService();
  const rendererDir = mkdtempSync(join(tmpdir(), 'lanebot-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Lanebot</title>');
  http = await startHttpServer(service, { rendererDir });
});
afterAll(async () => {
  await http?.close();
  await service?.shutdown({ abortRunning: true, timeoutMs: 1000 });
});

const full = () =>
  profileInput({
    venue: { startUrl: 'https://pool.example.com/login', allowedOrigins: ['https://pool.example.com'], timeZone: 'Europe/London', bookingsUrl: 'https://pool.example.com/my', opensAt: '00:00' },
    weekdays: { mon: { book: true, instructions: 'Book lane 1 on {date}' }, tue: { book: false }, wed: { book: false }, thu: { book: false }, fri: { book: false }, sat: { book: true }, sun: { book: false } },
    verification: { time: '07:00', lane: '3', dateOrder: 'dmy' },
    alternatives: [{ time: '08:00', lane: '2' }],
    watch: { enabled: true, everyMinutes: 15, until: '22:00' },
  });

/** [method, body with an extra key `bogus` at the given place, the field path the error must name]. */
function cases(): [string, Method, unknown, string][] {
  const at = (path: (string | number)[]) => {
    const body = { profile: full() } as Record<string, unknown>;
    let o = body as Record<string | number, unknown>;
    for (const k of path) o = o[k] as Record<string | number, unknown>;
    o.bogus = 1;
    return body;
  };
  return [
    ['profiles.save: the request itself', 'profiles.save', { ...at([]) }, 'bogus'],
    ['profiles.save: profile', 'profiles.save', at(['profile']), 'profile.bogus'],
    ['profiles.save: profile.venue', 'profiles.save', at(['profile', 'venue']), 'profile.venue.bogus'],
    ['profiles.save: profile.weekdays', 'profiles.save', at(['profile', 'weekdays']), 'profile.weekdays.bogus'],
    ['profiles.save: profile.weekdays.mon', 'profiles.save', at(['profile', 'weekdays', 'mon']), 'profile.weekdays.mon.bogus'],
    ['profiles.save: profile.verification', 'profiles.save', at(['profile', 'verification']), 'profile.verification.bogus'],
    ['profiles.save: profile.alternatives.0', 'profiles.save', at(['profile', 'alternatives', 0]), 'profile.alternatives.0.bogus'],
    ['profiles.save: profile.watch', 'profiles.save', at(['profile', 'watch']), 'profile.watch.bogus'],
    ['settings.save', 'settings.save', { autostart: true, bogus: 1 }, 'bogus'],
    ['settings.save: notifications', 'settings.save', { notifications: { booked: true, bogus: 1 } }, 'notifications.bogus'],
    ['profiles.preview', 'profiles.preview', { instructions: 'x', timeZone: 'Europe/London', daysAhead: 7, bogus: 1 }, 'bogus'],
    ['profiles.preview: weekdays.mon', 'profiles.preview', { instructions: 'x', timeZone: 'Europe/London', daysAhead: 7, weekdays: { ...full().weekdays, mon: { book: true, bogus: 1 } } }, 'weekdays.mon.bogus'],
  ];
}

describe('unknown keys are refused at every level, naming path and key', () => {
  it('the valid profile used here is accepted as it is', async () => {
    await expect(service.handle('profiles.save', { profile: full() })).resolves.toMatchObject({ name: 'Alex swim' });
  });

  it.each(cases())('%s', async (_label, method, body, field) => {
    const e = await service.handle(method, body).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).code).toBe('invalid');
    expect((e as ApiError).fields?.[field]).toMatch(/Unknown field "bogus"/);
    expect((e as ApiError).message.startsWith(`${field}: `)).toBe(true);
  });

  it('every method whose request is an object refuses an unknown top-level key', async () => {
    for (const m of METHODS) {
      const e = await service.handle(m, { bogusKey: 1 }).then(
        () => undefined,
        (x: unknown) => x,
      );
      expect(e, m).toBeInstanceOf(ApiError);
      expect((e as ApiError).fields?.bogusKey, m).toMatch(/Unknown field/);
    }
  });

  it('over HTTP it is a 400 whose body names profile.venue.opensat', async () => {
    const profile = full() as unknown as { venue: Record<string, unknown> };
    profile.venue.opensat = '00:00'; // a misspelt opensAt
    const body = JSON.stringify({ profile });
    const r = await new Promise<{ status: number; json: any }>((ok, fail) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: http.port, method: 'POST', path: '/api/profiles.save', headers: { 'content-type': 'application/json', authorization: `Bearer ${http.token}` } },
        (res) => {
          let t = '';
          res.on('data', (c) => (t += String(c)));
          res.on('end', () => ok({ status: res.statusCode!, json: JSON.parse(t) }));
        },
      );
      req.on('error', fail);
      req.end(body);
    });
    expect(r.status).toBe(400);
    expect(r.json.error.fields).toEqual({ 'profile.venue.opensat': 'Unknown field "opensat" in profile.venue' });
  });
});

describe('a stored file is not refused for a key this version does not know', () => {
  it('an unknown key in the stored settings or a stored profile is dropped, not a reason to set the file aside', async () => {
    const { tempHome } = await import('./fixtures/service');
    const { storedProfile } = await import('./fixtures/profiles');
    const { Store } = await import('../../electron/service/store/store');
    const { emptyDocument } = await import('../../electron/service/store/document');
    const { mkdirSync, readdirSync } = await import('node:fs');
    const home = tempHome('strict-store');
    mkdirSync(home, { recursive: true });
    const doc = emptyDocument() as unknown as Record<string, any>;
    doc.settings.leftover = true;
    doc.profiles = [{ ...storedProfile(), oldField: 'x', venue: { ...storedProfile().venue, legacy: 1 } }];
    writeFileSync(join(home, 'lanebot.json'), JSON.stringify(doc));
    const store = await Store.open({ dir: home });
    try {
      expect(store.data.profiles.map((p) => p.id)).toEqual(['alex']);
      expect(store.data.notices).toEqual([]);
      expect(readdirSync(home).some((f) => f.includes('corrupt'))).toBe(false);
      // The repair is written back: the file itself is valid again, without the keys it dropped.
      const { readFileSync } = await import('node:fs');
      const { documentSchema } = await import('../../electron/service/store/document');
      const onDisk = readFileSync(join(home, 'lanebot.json'), 'utf8');
      expect(documentSchema.safeParse(JSON.parse(onDisk)).success).toBe(true);
      expect(onDisk).not.toMatch(/leftover|oldField|legacy/);
    } finally {
      await store.close();
    }
  });
});
