// The lights keyed by the date they stand for: a verified booking lights its date whoever made it
// (Book now on a switched-off weekday, Book now for a picked date), each light names its date, the
// profile line speaks words instead of failure codes, skipped dates are honoured by the runner, the
// schedule and the lights, and "pause tonight" ends when the coming night's run is over.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeVenue, profileInput, serviceWith } from './doubles';
import { comingNightEnd } from '../../electron/service/api/handlers';
import { addCalendarDays } from '../../electron/service/night/dates';
import type { LanebotService } from '../../electron/service/index';
import type { ProfileStatus, ProfileView } from '../../shared/contract';
import type { Attempt, ProfileInput } from '../../shared/schemas';
import { ApiError } from '../../shared/contract';

const on = { book: true };
const off = { book: false };
/** Sunday 6 Dec 2026, 10:30 in London: tonight's (today's) run booked Sun 13 Dec. */
const NOW = '2026-12-06T10:30:00Z';

let service: LanebotService | undefined;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(NOW));
});
afterEach(async () => {
  vi.useRealTimers();
  await service?.shutdown({ abortRunning: true, timeoutMs: 1000 }).catch(() => {});
  service = undefined;
});

async function setup(over: Partial<ProfileInput> = {}) {
  const venue = new FakeVenue();
  service = (await serviceWith(venue)).service;
  // Created a month ago, so every night in view was due.
  vi.setSystemTime(new Date('2026-11-01T12:00:00Z'));
  const p = (await service.handle('profiles.save', { profile: profileInput('Alex', over) })) as ProfileView;
  vi.setSystemTime(new Date(NOW));
  return { venue, p, core: service.core };
}

async function status(): Promise<ProfileStatus> {
  return (await service!.status()).profiles[0]!;
}

async function bookNow(profileId: string, targetDate?: string): Promise<Attempt> {
  const r = (await service!.handle('book.now', { profileId, ...(targetDate ? { targetDate } : {}) })) as { attemptId: string };
  await service!.core.runner.idle();
  return service!.core.store.data.attempts.find((a) => a.id === r.attemptId)!;
}

const light = (s: ProfileStatus, weekday: string) => s.lights.find((l) => l.weekday === weekday)!;

describe('lights keyed by the date they stand for', () => {
  it('each light names its date: the seven dates the last seven runs book', async () => {
    await setup();
    const s = await status();
    // Runs from Mon 30 Nov to Sun 6 Dec book Mon 7 Dec … Sun 13 Dec.
    expect(s.lights.map((l) => [l.weekday, l.targetDate])).toEqual([
      ['mon', '2026-12-07'],
      ['tue', '2026-12-08'],
      ['wed', '2026-12-09'],
      ['thu', '2026-12-10'],
      ['fri', '2026-12-11'],
      ['sat', '2026-12-12'],
      ['sun', '2026-12-13'],
    ]);
    // Tonight (the night into Monday) books Mon 14 Dec: the Monday light names that date as well.
    expect(light(s, 'mon').next).toEqual({ runDate: '2026-12-07', targetDate: '2026-12-14' });
    expect(s.lights.filter((l) => l.next)).toHaveLength(1);
  });

  it('Book now on a switched-off weekday lights that date green', async () => {
    // Sunday is off: today's run books nothing, but the user books Sun 13 Dec by hand.
    const { p, venue } = await setup({ weekdays: { mon: on, tue: on, wed: on, thu: on, fri: on, sat: on, sun: off } });
    expect(light(await status(), 'sun')).toMatchObject({ state: 'grey', kind: 'off', label: 'Day off', targetDate: '2026-12-13' });
    const a = await bookNow(p.id);
    expect(a).toMatchObject({ outcome: 'verified', targetDate: '2026-12-13' });
    expect(venue.has(p.id, '2026-12-13')).toBe(true);
    const sun = light(await status(), 'sun');
    expect(sun).toMatchObject({ state: 'green', kind: 'booked', label: 'Booked 07:00, lane 3', targetDate: '2026-12-13' });
    expect(sun.booking).toMatchObject({ date: '2026-12-13', trigger: 'book-now', time: '07:00', lane: '3', attemptId: a.id });
  });

  it('Book now for a picked date books that date, lights that date, and leaves tonight’s own night alone', async () => {
    const { p, venue, core } = await setup({ weekdays: { mon: on, tue: on, wed: off, thu: on, fri: on, sat: off, sun: on } });
    // Saturday is off; the user picks Sat 12 Dec (not tonight's target).
    const a = await bookNow(p.id, '2026-12-12');
    expect(a).toMatchObject({ outcome: 'verified', runDate: '2026-12-06', targetDate: '2026-12-12', trigger: 'book-now' });
    expect(venue.booked.get(p.id)).toEqual(['2026-12-12']);
    const s = await status();
    expect(light(s, 'sat')).toMatchObject({ state: 'green', targetDate: '2026-12-12' });
    // Tonight's run (Mon 7 Dec → Mon 14 Dec) is not settled by it.
    expect(core.runner.skipReason(core.store.data.profiles[0]!, '2026-12-07', 'schedule')).toBeUndefined();
    expect(s.upcoming?.map((b) => b.date)).toEqual(['2026-12-12']);
  });

  it('a booking for the same weekday one week later does not settle tonight (keyed by date, not by weekday)', async () => {
    // Two weeks ahead: on Monday 7 Dec, today's run books Mon 21 Dec; Book now picks Mon 14 Dec.
    const { p, core } = await setup({ venue: { ...profileInput('x').venue, daysAhead: 14 } });
    vi.setSystemTime(new Date('2026-12-07T10:00:00Z'));
    await bookNow(p.id, '2026-12-14');
    const profile = core.store.data.profiles[0]!;
    expect(core.runner.skipReason(profile, '2026-12-07', 'schedule')).toBeUndefined();
    // …while a booking for tonight's own date does.
    await bookNow(p.id, '2026-12-21');
    expect(core.runner.skipReason(profile, '2026-12-07', 'schedule')).toBe('already verified tonight');
  });

  it('Book now refuses a date in the past or further ahead than the venue opens, naming the field', async () => {
    const { p } = await setup();
    for (const [date, words] of [
      ['2026-12-05', 'in the past'],
      [addCalendarDays('2026-12-06', 8), 'further ahead'],
    ] as const) {
      const err = await service!.handle('book.now', { profileId: p.id, targetDate: date }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).fields?.targetDate).toContain(words);
    }
    await expect(service!.handle('book.now', { profileId: p.id, targetDate: '2026-02-31' })).rejects.toMatchObject({ fields: { targetDate: 'Not a real calendar date' } });
    expect(service!.core.store.data.attempts).toHaveLength(0);
  });

  it('the line says what went wrong in words, not the failure code', async () => {
    const { p, venue } = await setup();
    venue.behaviour.set(p.id, 'permanent');
    await bookNow(p.id);
    const s = await status();
    expect(s.line).toBe('Alex · Sun 13 Dec · not booked: the venue rejected the login ✗');
    expect(s.line).not.toContain('login-failed');
    expect(light(s, 'sun')).toMatchObject({ state: 'red', kind: 'not-booked', label: 'Not booked' });
  });
});

describe('a profile set up after tonight’s run', () => {
  it('is not “due and not verified”: its light, its line and the overall status say so', async () => {
    const venue = new FakeVenue();
    service = (await serviceWith(venue)).service;
    await service.handle('profiles.save', { profile: profileInput('Alex') });
    const view = await service.status();
    const s = view.profiles[0]!;
    expect(light(s, 'sun')).toMatchObject({ state: 'grey', kind: 'before-setup', label: 'Before set-up', targetDate: '2026-12-13' });
    expect(s.line).toBe('Alex · Sun 13 Dec · its run was before this profile was set up');
    expect(view.overall).toBe('idle');
  });
});

describe('skipped dates', () => {
  it('the night that books a skipped date does not run; its light says Skipped; the next attempt moves on', async () => {
    // Tonight (Mon 7 Dec, 00:01) would book Mon 14 Dec.
    const { p, core } = await setup({ skipDates: ['2026-12-14'] });
    const profile = core.store.data.profiles[0]!;
    expect(core.runner.skipReason(profile, '2026-12-07', 'schedule')).toBe('the date is skipped');
    expect(core.runner.run(p.id, 'schedule', { runDate: '2026-12-07' })).toEqual({ skipped: 'the date is skipped' });
    const s = await status();
    expect(s.nextAttempt).toMatchObject({ runDate: '2026-12-08', targetDate: '2026-12-15' });
    expect(s.skipDates).toEqual(['2026-12-14']);
    // Once Mon 14 Dec is in view (Monday's run), its light is grey and says so.
    vi.setSystemTime(new Date('2026-12-07T10:00:00Z'));
    expect(light(await status(), 'mon')).toMatchObject({ state: 'grey', kind: 'skipped', label: 'Skipped', targetDate: '2026-12-14' });
    // Book now still books a skipped date when the user asks.
    expect((await bookNow(p.id, '2026-12-14')).outcome).toBe('verified');
  });

  it('are validated as real dates, deduplicated and sorted', async () => {
    await setup({ skipDates: ['2026-12-24', '2026-12-14', '2026-12-24'] });
    expect(service!.core.store.data.profiles[0]!.skipDates).toEqual(['2026-12-14', '2026-12-24']);
    await expect(service!.handle('profiles.save', { profile: profileInput('Bad', { skipDates: ['2026-13-01'] }) })).rejects.toMatchObject({ code: 'invalid' });
  });
});

describe('pause tonight', () => {
  it('pauses until the coming night’s run is over, not for 24 hours from now', async () => {
    await setup();
    // 03:30 on Sunday: last night's run is over; the coming one is Monday 00:01–00:40 plus 60 min catch-up.
    vi.setSystemTime(new Date('2026-12-06T03:30:00Z'));
    await service!.handle('pause.set', { tonight: true });
    expect(service!.core.store.data.settings.pausedUntil).toBe('2026-12-07T01:40:00.000Z');
  });

  it('covers every profile whose window falls the same night, and nothing when no night is planned', () => {
    const p = (name: string, times: string[], days = { mon: on, tue: on, wed: on, thu: on, fri: on, sat: on, sun: on }) =>
      ({ ...profileInput(name), id: name, enabled: true, attemptTimes: times, weekdays: days, venue: { ...profileInput(name).venue, daysAhead: 7 }, createdAt: '2026-01-01T00:00:00Z' }) as never;
    const at = new Date('2026-12-06T03:30:00Z');
    expect(comingNightEnd([p('a', ['00:01']), p('b', ['02:00'])], at, 30)?.toISOString()).toBe('2026-12-07T02:30:00.000Z');
    const none = { mon: off, tue: off, wed: off, thu: off, fri: off, sat: off, sun: off };
    expect(comingNightEnd([p('c', ['00:01'], none)], at, 30)).toBeUndefined();
  });
});

describe('models.list', () => {
  it('probes the address being typed when one is given, else the saved one', async () => {
    const { createService } = await import('../../electron/service/index');
    const { tempHome, fakeProbes } = await import('./doubles');
    const asked: string[] = [];
    service = await createService({
      home: tempHome(),
      port: new FakeVenue().port(),
      probes: { ...fakeProbes, ollama: async (c) => (asked.push(c.host), { reachable: false, models: [], modelPulled: false, message: 'nothing there' }) },
      schedule: false,
    });
    expect(await service.handle('models.list', { host: 'http://192.168.1.20:11434' })).toMatchObject({ host: 'http://192.168.1.20:11434', reachable: false });
    await service.handle('models.list', {});
    expect(asked).toEqual(['http://192.168.1.20:11434', 'http://127.0.0.1:11434']);
    await expect(service.handle('models.list', { host: 'ftp://x' })).rejects.toMatchObject({ code: 'invalid' });
  });
});
