// The cancellation watch: after a night's attempt times end without a booking, checks every N
// minutes until the cutoff; each check is a full pre-check → book → verify attempt, its failures share
// one history record, and the first verified check ends the watch.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeVenue, profileInput, runFor as runClock, serviceWith } from './doubles';
import fc from 'fast-check';
import { nextAttempt, plannedBetween, watchChecksOn } from '../../electron/service/night/plan';
import { profileSchema, type ProfileInput } from '../../shared/schemas';
import { statusView } from '../../electron/service/night/status';
import { renderStatusTable } from '../../electron/service/cli';
import type { LanebotService } from '../../electron/service/index';
import type { ProfileView } from '../../shared/contract';
import type { BookingContext } from '../../electron/service/night/booking-port';

const profile = (over: Partial<ProfileInput>) =>
  profileSchema.parse({ ...profileInput('Alex', over), id: 'alex', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' });

describe('watch checks (plan)', () => {
  it('nextAttempt finds exactly what listing every planned attempt and check would (property)', () => {
    const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    fc.assert(
      fc.property(
        fc.constantFrom('Europe/London', 'America/New_York', 'Australia/Sydney', 'UTC', 'Asia/Kolkata'),
        fc.uniqueArray(time, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        fc.integer({ min: 5, max: 240 }),
        time,
        fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }),
        fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 6 }),
        (timeZone, attemptTimes, enabled, everyMinutes, until, days, now, settledBit) => {
          if (!days.some(Boolean)) days[0] = true;
          const on = (b: boolean) => ({ book: b });
          const p = profile({
            venue: { startUrl: 'http://127.0.0.1:9/', allowedOrigins: ['http://127.0.0.1:9'], timeZone, daysAhead: 7 },
            attemptTimes,
            watch: { enabled, everyMinutes, until },
            weekdays: { mon: on(days[0]!), tue: on(days[1]!), wed: on(days[2]!), thu: on(days[3]!), fri: on(days[4]!), sat: on(days[5]!), sun: on(days[6]!) },
          });
          const settled = (d: string) => Number(d.slice(-1)) % 7 === settledBit;
          const reference = plannedBetween(p, now, new Date(now.getTime() + 8 * 86_400_000)).find((a) => a.kind === 'attempt' || !settled(a.runDate));
          expect(nextAttempt(p, now, settled)).toEqual(reference);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('start one interval after the last attempt time and include the cutoff', () => {
    const p = profile({ attemptTimes: ['00:01', '00:40'], watch: { enabled: true, everyMinutes: 15, until: '01:55' } });
    const checks = watchChecksOn(p, '2026-11-28');
    expect(checks.map((c) => c.time)).toEqual(['00:55', '01:10', '01:25', '01:40', '01:55']);
    expect(checks.every((c) => c.kind === 'watch' && c.targetDate === '2026-12-05')).toBe(true);
  });

  it('leave alone a night whose attempts ended before the profile existed', () => {
    const p = { ...profile({ attemptTimes: ['00:01', '00:40'], watch: { enabled: true, everyMinutes: 15, until: '06:00' } }), createdAt: '2026-11-28T03:00:00Z' };
    expect(watchChecksOn(p, '2026-11-28')).toEqual([]);
    expect(watchChecksOn(p, '2026-11-29')).toHaveLength(21);
  });

  it('are none when the watch is off', () => {
    expect(watchChecksOn(profile({ watch: { enabled: false, everyMinutes: 15, until: '22:00' } }), '2026-11-28')).toEqual([]);
  });

  it('keep real 15-minute spacing across the spring-forward hour (London, 28 Mar 2027)', () => {
    const p = profile({ attemptTimes: ['00:01', '00:40'], watch: { enabled: true, everyMinutes: 15, until: '03:00' } });
    const checks = watchChecksOn(p, '2027-03-28');
    // 01:00 GMT becomes 02:00 BST: 00:55 GMT + 15 min is 02:10 BST, not a phantom 01:10.
    expect(checks.map((c) => c.time)).toEqual(['00:55', '02:10', '02:25', '02:40', '02:55']);
    const gaps = checks.slice(1).map((c, i) => c.at.getTime() - checks[i]!.at.getTime());
    expect(new Set(gaps)).toEqual(new Set([15 * 60_000]));
  });
});

let service: LanebotService | undefined;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
});
afterEach(async () => {
  vi.useRealTimers();
  await service?.shutdown({ abortRunning: true, timeoutMs: 500 }).catch(() => {});
  service = undefined;
});

const runFor = (ms: number, step?: number) => runClock(service!, ms, step);

const WATCH = { enabled: true, everyMinutes: 15, until: '02:00' };

/** A venue where the wanted slot is taken until `free()` is called; then booking works. */
async function start(over: Partial<ProfileInput> = {}) {
  vi.setSystemTime(new Date('2026-11-27T23:58:00Z')); // London = UTC in winter
  const venue = new FakeVenue();
  const s = await serviceWith(venue, { schedule: true });
  service = s.service;
  const p = (await s.service.handle('profiles.save', {
    profile: profileInput('Alex', { attemptTimes: ['00:01', '00:10'], watch: WATCH, ...over }),
  })) as ProfileView;
  let free = false;
  const contexts: BookingContext[] = [];
  venue.behaviour.set(p.id, {
    custom: async (ctx, v) => {
      contexts.push(ctx);
      if (!free) return { claimedDone: false, steps: [], failure: { kind: 'transient', code: 'slot-taken', message: 'Lane 3 at 07:00 is taken.' } };
      v.add(p.id, ctx.want.date);
      return { claimedDone: true, steps: [] };
    },
  });
  return { venue, p, core: s.service.core, free: () => (free = true), contexts, home: s.home };
}

describe('cancellation watch (night schedule)', () => {
  it('checks after the last attempt, keeps one record for its misses, and books a freed slot once', async () => {
    const { venue, p, core, free, contexts } = await start();
    await runFor(13 * 60_000); // 00:11: both attempt times have failed
    const night = () => core.store.data.attempts.filter((a) => a.runDate === '2026-11-28');
    expect(night().map((a) => `${a.trigger} ${a.outcome}`)).toEqual(['schedule failed', 'schedule failed']);
    expect(night()[1]!.summary).toMatch(/watches for a cancellation every 15 min until 02:00 \(first check 00:25\)/);
    // Not "gave up" yet: the status still has a check to come tonight.
    const st = statusView(core.store.data, new Date(), new Map()).profiles[0]!;
    expect(st.nextAttempt).toMatchObject({ kind: 'watch', time: '00:25', runDate: '2026-11-28' });
    expect(st.watch).toMatchObject({ active: true, checks: 0, until: '02:00' });
    expect(st.line).toMatch(/watching for a cancellation until 02:00$/);
    expect(renderStatusTable(statusView(core.store.data, new Date(), new Map()), 'UTC')).toMatch(/Sat 28 Nov 00:25 Europe\/London, cancellation check/);

    await runFor(31 * 60_000); // 00:42: checks at 00:25 and 00:40 found nothing
    const watch = night().filter((a) => a.trigger === 'watch');
    expect(watch).toHaveLength(1);
    expect(watch[0]).toMatchObject({ outcome: 'failed', slot: '00:40', watch: { checks: 2 } });
    expect(watch[0]!.summary).toMatch(/^Watching for a cancellation: 2 checks since 00:25, .*Next check at 00:55; the watch ends at 02:00\.$/);
    expect(contexts.filter((c) => c.watch).length).toBe(2);
    expect(contexts.filter((c) => !c.watch).length).toBe(2);
    expect(statusView(core.store.data, new Date(), new Map()).profiles[0]!.watch).toMatchObject({ checks: 2, active: true });

    free(); // someone cancels
    await runFor(60 * 60_000); // to 01:42
    expect(night().map((a) => `${a.trigger} ${a.outcome}`)).toEqual(['schedule failed', 'schedule failed', 'watch failed', 'watch verified']);
    expect(night()[3]!.slot).toBe('00:55');
    expect(venue.count(p.id, '2026-12-05')).toBe(1);
    expect(core.store.data.ledger[p.id]?.sat?.attemptId).toBe(night()[3]!.id);
    // Booked: no more checks tonight (01:10, 01:25, 01:40 never reached the venue), and the watch is off the status.
    expect(venue.bookCalls).toBe(5);
    const after = statusView(core.store.data, new Date(), new Map()).profiles[0]!;
    expect(after.watch).toMatchObject({ active: false, checks: 0 });
    expect(after.nextAttempt).toMatchObject({ kind: 'attempt', runDate: '2026-11-29' });
  });

  it('a replaced check record takes its screenshots folder with it', async () => {
    const { core, home } = await start();
    await runFor(27 * 60_000); // 00:25: first check
    const first = core.store.data.attempts.find((a) => a.trigger === 'watch')!;
    const dir = join(home, 'artifacts', first.id);
    expect(existsSync(dir)).toBe(true);
    await runFor(15 * 60_000); // 00:40: second check replaces it
    expect(core.store.data.attempts.some((a) => a.id === first.id)).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });

  it('a check that could not look does not claim that nothing is free', async () => {
    const { venue, p, core } = await start();
    venue.behaviour.set(p.id, { custom: async () => ({ claimedDone: false, steps: [], failure: { kind: 'transient', code: 'ollama-down', message: 'Ollama is not running at http://127.0.0.1:11434.' } }) });
    await runFor(28 * 60_000); // 00:26: the attempts and the first check
    const check = core.store.data.attempts.find((a) => a.trigger === 'watch')!;
    expect(check.summary).toMatch(/^Watching for a cancellation: 1 check since 00:25\. Last check: Ollama is not running/);
  });

  it('ends at the cutoff, and the last check says so', async () => {
    const { core } = await start({ watch: { enabled: true, everyMinutes: 30, until: '01:10' } });
    await runFor(3 * 3_600_000, 5 * 60_000); // to 02:58
    const night = core.store.data.attempts.filter((a) => a.runDate === '2026-11-28');
    const watch = night.filter((a) => a.trigger === 'watch');
    expect(watch).toHaveLength(1);
    expect(watch[0]).toMatchObject({ slot: '01:10', watch: { checks: 2 } });
    expect(watch[0]!.summary).toMatch(/The watch ended at 01:10 without a free slot\.$/);
    expect(watch[0]!.summary).toMatch(/^Watching for a cancellation: 2 checks since 00:40, nothing matching is free yet\. Last check: Lane 3/);
    const st = statusView(core.store.data, new Date(), new Map()).profiles[0]!;
    expect(st.nextAttempt?.runDate).toBe('2026-11-29');
    expect(st.watch?.active).toBe(false);
  });

  it('is not planned when off, and stops after a permanent failure', async () => {
    const off = await start({ watch: { ...WATCH, enabled: false } });
    expect(off.core.scheduler.upcoming().some((a) => a.kind === 'watch')).toBe(false);
    expect(statusView(off.core.store.data, new Date(), new Map()).profiles[0]!.watch).toBeUndefined();
    await service!.shutdown({ abortRunning: true, timeoutMs: 500 });

    const { venue, p, core } = await start();
    expect(core.scheduler.upcoming().filter((a) => a.kind === 'watch' && a.runDate === '2026-11-28').map((a) => a.time)).toEqual([
      '00:25', '00:40', '00:55', '01:10', '01:25', '01:40', '01:55',
    ]);
    venue.behaviour.set(p.id, 'permanent');
    await runFor(2 * 3_600_000, 5 * 60_000);
    // The first attempt's wrong password ends the night: no further attempt and no check touched the venue.
    expect(venue.bookCalls).toBe(1);
    expect(core.store.data.attempts.filter((a) => a.trigger === 'watch')).toHaveLength(0);
  });
});

describe('watch settings', () => {
  it('are refused when the cutoff is not after the last attempt time, naming the field', async () => {
    vi.useRealTimers();
    const venue = new FakeVenue();
    const s = await serviceWith(venue);
    service = s.service;
    const err = (await s.service
      .handle('profiles.save', { profile: profileInput('Alex', { attemptTimes: ['00:01', '00:40'], watch: { enabled: true, everyMinutes: 15, until: '00:30' } }) })
      .catch((e: unknown) => e)) as { code: string; fields?: Record<string, string> };
    expect(err).toMatchObject({ code: 'invalid' });
    expect(err.fields?.['profile.watch.until']).toMatch(/after the last attempt time \(00:40\)/);
    expect(s.service.core.store.data.profiles).toHaveLength(0);

    const tooOften = (await s.service
      .handle('profiles.save', { profile: profileInput('Alex', { watch: { enabled: true, everyMinutes: 1, until: '22:00' } }) })
      .catch((e: unknown) => e)) as { code: string; fields?: Record<string, string> };
    expect(tooOften.fields?.['profile.watch.everyMinutes'] ?? tooOften.fields?.['watch.everyMinutes']).toMatch(/every 5 minutes/);
  });
});
