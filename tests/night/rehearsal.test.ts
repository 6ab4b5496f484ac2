// Issue 14, the rehearsal the evening before: at the chosen venue time the day before a booking night, the
// recipe that night replays is walked as a dry run toward the date it books. It never books (ground truth: the
// venue's own bookings and requests); a changed site is told before the night (push channel, Today), a site
// that still fits is shown as passed; the plan places it at the right instant and only before nights that book.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService, type LanebotService } from '../../electron/service/index';
import { rehearsalsBetween } from '../../electron/service/night/plan';
import { rehearsalWants } from '../../electron/service/night/rehearsal';
import type { ProfileView, StatusView } from '../../shared/contract';
import type { Profile } from '../../shared/schemas';
import { FakeVenue, fakeProbes, profileInput, tempHome } from './doubles';
import { startVenue, type Venue } from '../venue/index';
import { MEMBER, VENUE_NOW } from '../agent/helpers';
import { decodeHeader, startReceiver, type Receiver } from '../service/fixtures/receiver';
import { gridRecipe as taughtGridRecipe } from '../recipes/grid-recipe';

const gridRecipe = (origin: string) => taughtGridRecipe(origin, { at: '2026-11-20T10:00:00.000Z', learnedFor: '2026-11-27' });


const RUN_DATE = '2026-11-25'; // tomorrow night at the venue (VENUE_NOW is Tue 24 Nov, 10:00 London)
const TARGET = '2026-12-02'; // what that night books; not open yet at VENUE_NOW, so the dry run falls back to 1 Dec

interface Setup {
  venue: Venue;
  service: LanebotService;
  ntfy: Receiver;
  profileId: string;
}

async function setup(layout: 'grid' | 'cards'): Promise<Setup> {
  const venue = await startVenue({ layout, testMode: true, now: VENUE_NOW });
  const ntfy = await startReceiver();
  const service = await createService({ home: tempHome(), port: new FakeVenue().port(), probes: fakeProbes, schedule: false, now: () => VENUE_NOW });
  await service.handle('settings.save', { notifyNtfyUrl: ntfy.url('/lanes') });
  const p = (await service.handle('profiles.save', {
    profile: profileInput('Alex', {
      venue: { startUrl: `${venue.url}/`, allowedOrigins: [venue.origin], timeZone: 'Europe/London', daysAhead: 7 },
      secretNames: ['username', 'password'],
      verification: { time: '07:00', lane: '3', dateOrder: 'dmy' },
    }),
    secrets: { username: MEMBER.username, password: MEMBER.password },
  })) as ProfileView;
  // The recipe was taught on the grid layout; on the cards venue it meets a site that has changed since.
  await service.core.store.update((d) => {
    d.recipes[p.id] = { default: gridRecipe(venue.origin) };
  });
  return { venue, service, ntfy, profileId: p.id };
}

async function teardown(s: Setup | undefined) {
  await s?.service.shutdown({ abortRunning: true, timeoutMs: 0 });
  await s?.venue.close();
  await s?.ntfy.close();
}

const committing = (v: Venue) => v.requests().filter((r) => r.method === 'POST' && !/login|consent|logout/i.test(r.path));

describe('the evening rehearsal is planned the day before each booking night', () => {
  const profile = (over: Partial<Profile> = {}): Profile =>
    ({
      id: 'p1', name: 'Alex', enabled: true, createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z',
      venue: { startUrl: 'https://pool.example/', allowedOrigins: [], timeZone: 'Europe/Berlin', daysAhead: 7 },
      instructions: 'Book', secretNames: [], attemptTimes: ['00:01', '00:10'], skipDates: [],
      weekdays: { mon: { book: false }, tue: { book: true }, wed: { book: false }, thu: { book: false }, fri: { book: false }, sat: { book: true }, sun: { book: false } },
      verification: { time: '07:00', lane: '3', dateOrder: 'auto' },
      watch: { enabled: false, everyMinutes: 15, until: '22:00' },
      ...over,
    }) as unknown as Profile;

  it('at the chosen venue time the evening before a night that books, and never before a night that does not', () => {
    // Nights whose target (7 days on) is a Tuesday or Saturday: run dates Tue 1 Dec and Sat 5 Dec.
    const from = new Date('2026-11-29T00:00:00Z');
    const to = new Date('2026-12-07T00:00:00Z');
    const r = rehearsalsBetween(profile(), from, to, '20:00');
    expect(r.map((x) => [x.runDate, x.targetDate, x.at.toISOString()])).toEqual([
      ['2026-12-01', '2026-12-08', '2026-11-30T19:00:00.000Z'], // 20:00 Berlin on Mon 30 Nov
      ['2026-12-05', '2026-12-12', '2026-12-04T19:00:00.000Z'],
    ]);
    expect(rehearsalsBetween(profile(), from, to, '')).toEqual([]);
    expect(rehearsalsBetween(profile({ enabled: false }), from, to, '20:00')).toEqual([]);
    expect(rehearsalsBetween(profile({ skipDates: ['2026-12-08'] }), from, to, '20:00').map((x) => x.runDate)).toEqual(['2026-12-05']);
  });

  it('walks toward the night’s own date first, then the latest date already open, in the slot and in another lane', () => {
    expect(rehearsalWants(profile(), '2026-12-08')).toEqual([
      { date: '2026-12-08', time: '07:00', lane: '3' },
      { date: '2026-12-07', time: '07:00', lane: '3' },
      { date: '2026-12-07', time: '07:00', lane: '4' },
    ]);
  });
});

describe('a rehearsal on a site that still fits the recipe', () => {
  let s: Setup | undefined;
  beforeAll(async () => {
    s = await setup('grid');
  }, 60_000);
  afterAll(async () => teardown(s));

  it('passes, is shown on Today, pushes nothing, and books nothing (the guard held the booking request)', async () => {
    const { service, venue, ntfy, profileId } = s!;
    const before = venue.bookings().length;
    const statusBefore = (await service.handle('status.get', {})) as StatusView;
    expect(statusBefore.profiles[0]!.nextRehearsalAt).toBe('2026-11-24T20:00:00.000Z'); // this evening, 20:00 London

    const r = (await service.core.scheduler.rehearseNow(profileId, RUN_DATE)) as { ok: boolean; message: string; held: string[]; targetDate: string };
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true, targetDate: TARGET });
    expect(r.held.join(' ')).toMatch(/POST \/book/);
    await service.core.notifier.settled();
    expect(ntfy.requests).toHaveLength(0);
    // Ground truth: the venue holds no new booking and never received the booking request.
    expect(venue.bookings()).toHaveLength(before);
    expect(committing(venue)).toEqual([]);

    const p = ((await service.handle('status.get', {})) as StatusView).profiles[0]!;
    expect(p.rehearsal).toMatchObject({ ok: true, runDate: RUN_DATE, targetDate: TARGET, recipeKey: 'default' });
  }, 120_000);
});

describe('a rehearsal on a site that has changed', () => {
  let s: Setup | undefined;
  beforeAll(async () => {
    s = await setup('cards');
  }, 60_000);
  afterAll(async () => teardown(s));

  it('fails, tells the user at once with what broke, shows it on Today, keeps the recipe, and books nothing', async () => {
    const { service, venue, ntfy, profileId } = s!;
    const r = (await service.core.scheduler.rehearseNow(profileId, RUN_DATE)) as { ok: boolean; message: string };
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/step \d/i);
    await service.core.notifier.settled();
    expect(ntfy.requests).toHaveLength(1);
    const push = ntfy.requests[0]!;
    expect(decodeHeader(push.headers.title)).toBe('Alex: tonight\'s recipe failed its rehearsal');
    expect(push.body).toContain('teach it again before the booking for Wed 2 Dec');
    expect(push.body).not.toContain(MEMBER.password);
    // Ground truth: nothing booked, nothing committing sent.
    expect(venue.bookings()).toHaveLength(0);
    expect(committing(venue)).toEqual([]);
    // Today shows it; the recipe stays as it was (the night replays it and the model takes over where it breaks).
    const p = ((await service.handle('status.get', {})) as StatusView).profiles[0]!;
    expect(p.rehearsal).toMatchObject({ ok: false, targetDate: TARGET });
    expect((service.core.store.data.recipes[profileId] as Record<string, { status: string }>).default!.status).toBe('ready');
    const log = service.core.store.data.rehearsals;
    expect(log).toHaveLength(1);
  }, 180_000);
});
