// The night schedule on a fake clock: attempts fire at venue times, a sleep through the first
// attempts leads to exactly one catch-up, a closed window is recorded as missed, DST nights plan right.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeVenue, profileInput, runFor as runClock, serviceWith, settle as settleAttempts } from './doubles';
import type { LanebotService } from '../../electron/service/index';
import type { ProfileView } from '../../shared/contract';

let service: LanebotService | undefined;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
});
afterEach(async () => {
  vi.useRealTimers();
  await service?.shutdown({ abortRunning: true, timeoutMs: 500 }).catch(() => {});
  service = undefined;
});

const settle = () => settleAttempts(service!);
const runFor = (ms: number, step?: number) => runClock(service!, ms, step);

async function start(at: string, profile = profileInput('Alex'), behaviour: 'books' | 'liar' = 'books') {
  vi.setSystemTime(new Date(at));
  const venue = new FakeVenue();
  const s = await serviceWith(venue, { schedule: true });
  service = s.service;
  const p = (await s.service.handle('profiles.save', { profile })) as ProfileView;
  venue.behaviour.set(p.id, behaviour);
  return { venue, p, core: s.service.core };
}

describe('night schedule', () => {
  it('fires at each attempt time while unverified, and stops once verified', async () => {
    const { venue, core } = await start('2026-11-27T23:58:00Z', profileInput('Alex'), 'liar'); // London = UTC in winter
    await runFor(23 * 60_000); // to 00:21
    const attempts = core.store.data.attempts.filter((a) => a.runDate === '2026-11-28');
    expect(attempts.map((a) => a.slot)).toEqual(['00:01', '00:10', '00:20']);
    expect(attempts.every((a) => a.targetDate === '2026-12-05')).toBe(true);
    // Now it succeeds: 00:30 books and verifies; 00:40 must not run again.
    venue.behaviour.clear();
    await runFor(30 * 60_000); // past 00:40
    const night = core.store.data.attempts.filter((a) => a.runDate === '2026-11-28');
    expect(night.map((a) => a.outcome)).toEqual(['failed', 'failed', 'failed', 'verified']);
    expect(venue.bookCalls).toBe(4);
  });

  it('only plans nights whose target weekday is switched on', async () => {
    const off = { book: false };
    const p = profileInput('Sat only', { weekdays: { mon: off, tue: off, wed: off, thu: off, fri: off, sat: { book: true }, sun: off } });
    const { core } = await start('2026-11-24T12:00:00Z', p);
    const runDates = new Set(core.scheduler.upcoming().map((a) => a.runDate));
    // Horizon is 36 h from Tuesday noon: no Saturday run inside it.
    expect(runDates.size).toBe(0);
    const status = await service!.status();
    expect(status.profiles[0]!.nextAttempt).toMatchObject({ runDate: '2026-11-28', time: '00:01', targetDate: '2026-12-05' });
  });

  it('a sleep through the first attempts leads to exactly one catch-up while the window is open', async () => {
    const { venue, core } = await start('2026-11-27T22:00:00Z', profileInput('Alex'), 'liar');
    // "Asleep": the clock jumps past 00:01 and 00:10 without any timer running.
    vi.setSystemTime(new Date('2026-11-28T00:15:00Z'));
    await service!.onWake('resume');
    await settle();
    await service!.onWake('unlock'); // a second wake signal for the same sleep
    await settle();
    const night = core.store.data.attempts.filter((a) => a.runDate === '2026-11-28');
    expect(night.map((a) => a.trigger)).toEqual(['catch-up']);
    expect(venue.bookCalls).toBe(1);
    // The schedule carries on at 00:20.
    await runFor(6 * 60_000);
    expect(core.store.data.attempts.filter((a) => a.runDate === '2026-11-28').map((a) => a.trigger)).toEqual(['catch-up', 'schedule']);
  });

  it('waking after the window has closed records the night as missed, once', async () => {
    const { venue, core } = await start('2026-11-27T22:00:00Z');
    vi.setSystemTime(new Date('2026-11-28T07:00:00Z'));
    await service!.onWake('resume');
    await service!.onWake('resume');
    await settle();
    const night = core.store.data.attempts.filter((a) => a.runDate === '2026-11-28');
    expect(night.map((a) => a.outcome)).toEqual(['missed']);
    expect(night[0]!.summary).toMatch(/asleep/);
    expect(venue.bookCalls).toBe(0);
  });

  it('the heartbeat notices a sleep on its own and catches up', async () => {
    const { core } = await start('2026-11-27T23:59:00Z');
    vi.setSystemTime(new Date('2026-11-28T00:12:00Z')); // slept 13 min
    await vi.advanceTimersByTimeAsync(30_000); // first heartbeat after waking
    await settle();
    const night = core.store.data.attempts.filter((a) => a.runDate === '2026-11-28');
    expect(night.map((a) => [a.trigger, a.outcome])).toEqual([['catch-up', 'verified']]);
  });

  it('DST nights: attempts fire at venue wall-clock times, each once', async () => {
    // America/New_York falls back at 02:00 on 2026-11-01 (01:30 happens twice) and springs forward on 2026-03-08.
    const p = profileInput('NY', {
      venue: { startUrl: 'http://127.0.0.1:9/', allowedOrigins: ['http://127.0.0.1:9'], timeZone: 'America/New_York', daysAhead: 7 },
      attemptTimes: ['00:30', '01:30', '02:30'],
    });
    const { core } = await start('2026-11-01T03:00:00Z', p, 'liar'); // 23:00 EDT on Oct 31
    await runFor(5 * 3_600_000);
    const night = core.store.data.attempts.filter((a) => a.runDate === '2026-11-01');
    expect(night.map((a) => a.slot)).toEqual(['00:30', '01:30', '02:30']);
    // 00:30 EDT = 04:30Z; the first 01:30 (EDT) = 05:30Z; 02:30 EST = 07:30Z.
    expect(night.map((a) => a.startedAt.slice(11, 16))).toEqual(['04:30', '05:30', '07:30']);
    expect(night.every((a) => a.targetDate === '2026-11-08')).toBe(true);
  });

  it('re-plans when a profile changes', async () => {
    const { core, p } = await start('2026-11-27T23:00:00Z');
    expect(core.scheduler.upcoming().filter((a) => a.runDate === '2026-11-28').map((a) => a.time)).toEqual(['00:01', '00:10', '00:20', '00:30', '00:40']);
    await service!.handle('profiles.save', { profile: { ...profileInput('Alex'), id: p.id, attemptTimes: ['00:05', '00:45'] } });
    expect(core.scheduler.upcoming().filter((a) => a.runDate === '2026-11-28').map((a) => a.time)).toEqual(['00:05', '00:45']);
  });

  it('a profile with an opening time prepares before it and fires a release attempt for the new night', async () => {
    const base = profileInput('Release');
    const p = { ...base, venue: { ...base.venue, opensAt: '00:00' } };
    const { core } = await start('2026-11-27T23:50:00Z', p);
    expect(core.scheduler.upcomingReleases()[0]).toMatchObject({ runDate: '2026-11-28', targetDate: '2026-12-05' });
    await runFor(8 * 60_000); // 23:58: preparation started at 23:57
    const release = core.store.data.attempts.find((a) => a.trigger === 'release');
    expect(release).toMatchObject({ runDate: '2026-11-28', targetDate: '2026-12-05', slot: '00:00', outcome: 'verified' });
    // Verified by the release, the 00:01 attempt is skipped.
    await runFor(5 * 60_000);
    expect(core.store.data.attempts.filter((a) => a.runDate === '2026-11-28')).toHaveLength(1);
  });

  it('lights: a night that ended before the profile existed is grey, until Book now tries it', async () => {
    const { core, p, venue } = await start('2026-11-28T09:00:00Z', profileInput('Late'), 'liar');
    const today = () => (core.runner.runningIds(), service!.status()).then((s) => s.profiles[0]!.lights.find((l) => l.runDate === '2026-11-28')!);
    expect(await today()).toMatchObject({ state: 'grey', kind: 'before-setup', label: 'Before set-up' });
    const r = core.runner.run(p.id, 'book-now');
    if ('done' in r) await r.done;
    expect((await today()).state).toBe('red');
    venue.behaviour.set(p.id, 'books');
    const again = core.runner.run(p.id, 'book-now');
    if ('done' in again) await again.done;
    expect((await today()).state).toBe('green');
  });
});
