// The venue clock as seen over HTTP: the Date header follows it (offset and tick boundary), and the
// /__test/* ground-truth endpoints exist only in test mode.
import { afterEach, describe, expect, it } from 'vitest';
import { startVenue, type Venue } from './index';

let venue: Venue | undefined;
afterEach(async () => {
  await venue?.close();
  venue = undefined;
});

async function dateHeader(url: string): Promise<{ header: number; before: number; after: number }> {
  const before = Date.now();
  const res = await fetch(url, { signal: AbortSignal.timeout(5_000), redirect: 'manual' });
  const after = Date.now();
  await res.arrayBuffer();
  return { header: Date.parse(res.headers.get('date') ?? ''), before, after };
}

describe('Date header', () => {
  it('reflects a 4.2 s clock offset on every response, redirects and 404s included', async () => {
    venue = await startVenue({ clockOffsetMs: 4_200 });
    for (const path of ['/login', '/book', '/no-such-page']) {
      const { header, before, after } = await dateHeader(venue.url + path);
      expect(header).toBeGreaterThanOrEqual(Math.floor((before + 4_200) / 1000) * 1000);
      expect(header).toBeLessThanOrEqual(after + 4_200);
    }
    venue.setClock({ offsetMs: -90_000 });
    const { header, after } = await dateHeader(venue.url + '/login');
    expect(header).toBeLessThanOrEqual(after - 90_000);
    expect(header).toBeGreaterThan(after - 92_000);
  });

  it('ticks exactly on the venue-clock second, not the machine second', async () => {
    venue = await startVenue();
    // 700 ms before a whole venue second, five minutes ahead: machine seconds tick at unrelated moments.
    const target = Math.ceil(Date.now() / 1000) * 1000 + 300_000;
    venue.setClock({ now: new Date(target - 700) });
    const early = await dateHeader(venue.url + '/login');
    expect(early.header).toBe(target - 1000);
    const wait = target - venue.now().getTime();
    await new Promise((r) => setTimeout(r, wait + 5));
    const late = await dateHeader(venue.url + '/login');
    expect(late.header).toBe(target);
  });

  it('pins now() to a given instant and then runs in real time', async () => {
    venue = await startVenue({ now: new Date('2030-01-01T23:59:58Z') });
    const t = venue.now().getTime();
    expect(t).toBeGreaterThanOrEqual(Date.parse('2030-01-01T23:59:58Z'));
    expect(t).toBeLessThan(Date.parse('2030-01-01T23:59:59Z'));
    const { header } = await dateHeader(venue.url + '/login');
    expect(new Date(header).toISOString()).toMatch(/^2030-01-01T23:59:5[89]/);
  });
});

describe('/__test/*', () => {
  it('answers 404 without test mode', async () => {
    venue = await startVenue();
    for (const [method, path] of [['GET', '/__test/bookings'], ['GET', '/__test/requests'], ['POST', '/__test/control']] as const) {
      const res = await fetch(venue.url + path, { method, body: method === 'POST' ? '{"reset":true}' : undefined, signal: AbortSignal.timeout(5_000) });
      expect(res.status).toBe(404);
    }
  });

  it('in test mode: controls clock, layout, faults and seeds bookings, and reports ground truth', async () => {
    venue = await startVenue({ testMode: true, now: new Date('2026-06-10T09:00:00Z') });
    const control = async (body: unknown) => {
      const res = await fetch(venue!.url + '/__test/control', { method: 'POST', body: JSON.stringify(body), signal: AbortSignal.timeout(5_000) });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    };
    const r = await control({
      clock: { now: '2026-06-10T22:59:59.000Z' },
      layout: 'wizard',
      faults: { injection: true },
      addBooking: { member: 'sam', date: '2026-06-17', time: '07:00', lane: 3 },
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ layout: 'wizard', bookingsPath: '/account/bookings', nextReleaseDate: '2026-06-18', faults: { injection: true } });
    expect(venue.layout).toBe('wizard');
    expect(venue.bookingsUrl).toBe(`${venue.url}/account/bookings`);
    expect(venue.now().toISOString()).toMatch(/^2026-06-10T22:59:59/);
    const bookings = (await (await fetch(venue.url + '/__test/bookings')).json()) as unknown[];
    expect(bookings).toMatchObject([{ member: 'sam', date: '2026-06-17', time: '07:00', lane: 3, source: 'seed' }]);
    expect((await control({ layout: 'tables' })).status).toBe(400);
    expect((await control({ addBooking: { member: 'kim', date: '2026-06-17', time: '07:00', lane: 3 } })).status).toBe(400);

    await fetch(venue.url + '/login');
    const log = (await (await fetch(venue.url + '/__test/requests')).json()) as { path: string; at: string; atMs: number }[];
    // The log holds site traffic only, stamped on the venue clock.
    expect(log.map((q) => q.path)).toEqual(['/login']);
    expect(log[0]!.at).toMatch(/^2026-06-10T22:59:59/);
    expect(new Date(log[0]!.atMs).toISOString()).toBe(log[0]!.at);

    expect((await control({ reset: true })).json).toMatchObject({ layout: 'grid' });
    expect(venue.bookings()).toEqual([]);
  });
});
