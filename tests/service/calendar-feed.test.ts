// The calendar feed: exactly the verified upcoming bookings (booked and verified, or found already
// booked) — not failed nights, not past ones — served at a secret per-install URL that calendar apps
// can subscribe to, parsed back with ical.js (an independent iCalendar parser).
import { request as httpRequest } from 'node:http';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createService, type LanebotService } from '../../electron/service/index';
import { startHttpServer } from '../../electron/service/api/http';
import { RENDERER_DIR } from '../../electron/service/home';
import { FEED_TOKEN_FILE } from '../../electron/service/calendar/token';
import type { ProfileView } from '../../shared/contract';
import type { ProfileInput } from '../../shared/schemas';
import { FakeVenue, fakeProbes, profileInput, tempHome } from '../night/doubles';

// Tuesday 1 Dec 2026, 00:45 in London (Monday 30 Nov, 19:45 in New York).
const NOW = new Date('2026-12-01T00:45:00Z');

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c().catch(() => {});
});

async function start(home = tempHome(), venue = new FakeVenue()) {
  const service = await createService({ home, port: venue.port(), probes: fakeProbes, schedule: false, now: () => NOW });
  cleanup.push(() => service.shutdown({ abortRunning: true, timeoutMs: 1000 }));
  return { service, venue, home };
}

async function add(service: LanebotService, name: string, over: Partial<ProfileInput> = {}) {
  return (await service.handle('profiles.save', { profile: { ...profileInput(name), ...over } })) as ProfileView;
}

async function run(service: LanebotService, id: string) {
  const r = service.core.runner.run(id, 'schedule');
  if ('skipped' in r) throw new Error(r.skipped);
  return r.done;
}

function get(port: number, path: string, host = `127.0.0.1:${port}`): Promise<{ status: number; type: string; text: string }> {
  return new Promise((ok, fail) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += String(c)));
      res.on('end', () => ok({ status: res.statusCode!, type: String(res.headers['content-type'] ?? ''), text }));
    });
    req.on('error', fail);
    req.end();
  });
}

function events(ics: string) {
  const cal = new ICAL.Component(ICAL.parse(ics));
  expect(cal.name).toBe('vcalendar');
  return cal.getAllSubcomponents('vevent').map((c) => {
    const e = new ICAL.Event(c);
    return { uid: e.uid, summary: e.summary, start: e.startDate.toJSDate().toISOString(), end: e.endDate.toJSDate().toISOString(), url: String(c.getFirstPropertyValue('url')), description: e.description };
  });
}

describe('the calendar feed', () => {
  it('holds exactly the verified upcoming bookings, served at the secret URL calendar.info gives, and parses as iCalendar', async () => {
    const { service, venue } = await start();
    const pool = { startUrl: 'https://pool.example.com/login', allowedOrigins: ['https://pool.example.com'], timeZone: 'Europe/London', daysAhead: 7 };
    const alex = await add(service, 'Alex', { venue: { ...pool, bookingsUrl: 'https://pool.example.com/my-bookings' } });
    const sam = await add(service, 'Sam');
    const kim = await add(service, 'Kim');
    const ny = await add(service, 'Jo in New York', { venue: { startUrl: 'https://pool.example.com/', allowedOrigins: ['https://pool.example.com'], timeZone: 'America/New_York', daysAhead: 7 } });
    venue.behaviour.set(sam.id, 'liar'); // claims success, the bookings page disagrees: never in the feed
    venue.add(kim.id, '2026-12-08'); // booked by hand: the pre-check finds it
    const a = await run(service, alex.id);
    const s = await run(service, sam.id);
    const k = await run(service, kim.id);
    const j = await run(service, ny.id);
    expect([a.outcome, s.outcome, k.outcome, j.outcome]).toEqual(['verified', 'failed', 'already-booked', 'verified']);
    // Last week's verified booking is history, not an upcoming event.
    await service.core.store.update((d) => {
      d.attempts.unshift({ ...structuredClone(a), id: '20261124-004500-pastpast', runDate: '2026-11-24', targetDate: '2026-11-30' } as (typeof d.attempts)[number]);
    });

    const http = await startHttpServer(service, { rendererDir: RENDERER_DIR });
    cleanup.push(() => http.close());
    const { url } = (await service.handle('calendar.info', {})) as { url: string };
    expect(url).toMatch(new RegExp(`^${http.origin}/calendar/[A-Za-z0-9_-]{32}\\.ics$`));
    expect(url).not.toContain(http.token);
    const path = new URL(url).pathname;
    const feed = await get(http.port, path);
    expect(feed.status).toBe(200);
    expect(feed.type).toBe('text/calendar; charset=utf-8');
    const evs = events(feed.text).sort((x, y) => (x.start + x.uid < y.start + y.uid ? -1 : 1));
    expect(evs).toEqual([
      // 07:00 at a New York venue is noon UTC.
      expect.objectContaining({ uid: `${ny.id}-2026-12-07@lanebot`, summary: 'Jo in New York · lane 3', start: '2026-12-07T12:00:00.000Z' }),
      {
        uid: `${alex.id}-2026-12-08@lanebot`,
        summary: 'Alex · lane 3',
        start: '2026-12-08T07:00:00.000Z',
        end: '2026-12-08T08:00:00.000Z',
        url: 'https://pool.example.com/my-bookings',
        description: expect.stringContaining('Bookings page: https://pool.example.com/my-bookings'),
      },
      // An address the ics library's URL check refuses (an IP with a one-digit port) keeps its link in the description.
      expect.objectContaining({ uid: `${kim.id}-2026-12-08@lanebot`, summary: 'Kim · lane 3', start: '2026-12-08T07:00:00.000Z', description: expect.stringContaining('Bookings page: http://127.0.0.1:9/') }),
    ]);
    expect(feed.text).not.toContain('Sam');

    // Calendar apps cannot send the API token; this URL is guarded by its own token and the Host check.
    expect((await get(http.port, path.replace(/.{4}\.ics$/, 'AAAA.ics'))).status).toBe(404);
    expect((await get(http.port, '/calendar/.ics')).status).toBe(404);
    expect((await get(http.port, path, `evil.example:${http.port}`)).status).toBe(403);
  });

  it('keeps the same secret URL across restarts (a subscription keeps working), in a 0600 file', async () => {
    const home = tempHome();
    const first = await start(home);
    const h1 = await startHttpServer(first.service, { rendererDir: RENDERER_DIR, port: 0 });
    const { url: u1 } = (await first.service.handle('calendar.info', {})) as { url: string };
    await h1.close();
    await first.service.shutdown({ abortRunning: true, timeoutMs: 1000 });
    expect(statSync(join(home, FEED_TOKEN_FILE)).mode & 0o777).toBe(0o600);
    const second = await start(home);
    const h2 = await startHttpServer(second.service, { rendererDir: RENDERER_DIR });
    cleanup.push(() => h2.close());
    const { url: u2 } = (await second.service.handle('calendar.info', {})) as { url: string };
    expect(new URL(u2).pathname).toBe(new URL(u1).pathname);
    expect(h2.token).not.toBe(h1.token);
    expect((await get(h2.port, new URL(u2).pathname)).status).toBe(200);
  });

  it('calendar.info explains itself where there is no web address (the desktop app)', async () => {
    const { service } = await start();
    await expect(service.handle('calendar.info', {})).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('npx lanebot calendar') });
  });
});
