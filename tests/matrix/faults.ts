// The faults a simulated night can suffer, each as a small plan: what to switch on at the venue
// before the window, what to do at the n-th model call (that is, mid-booking), and how the night's
// time passes when it is not simply "each attempt time in turn".
import { join } from 'node:path';
import type { NightContext } from './night';
import { killMentioning, pidsMentioning, startChildService } from './processes';

export const FAULTS = [
  'none',
  'errors',
  'latency',
  'session-expiry',
  'slow-bookings',
  'cookie-banner',
  'competitors',
  'browser-kill',
  'process-kill',
  'clock-jump',
  'dst-spring',
  'dst-autumn',
  'asleep',
  'book-now-during',
  // Combinations and edges, run on one layout each.
  'sold-out',
  'asleep-past-window',
  'process-kill-early',
  'dst-target',
  'dst-midnight',
  'wrong-password',
] as const;
export type FaultName = (typeof FAULTS)[number];

/** The faults every layout suffers with the competent model. */
export const LAYOUT_FAULTS: FaultName[] = FAULTS.slice(1, FAULTS.indexOf('sold-out'));

export interface FaultPlan {
  label: string;
  /** The night (run date) when it is not the default one, and the venue's zone. */
  runDate?: string;
  timeZone?: string;
  password?: string;
  /** Why no booking can be made whatever Lanebot does (the user's input, not the venue's capacity). */
  impossible?: string;
  /** Switched on at 23:50 the evening before, while the clock is still ahead of the release. */
  atStart?(ctx: NightContext): void | Promise<void>;
  /** Runs when the fake model receives its n-th chat request (n from 1), before it answers. */
  onChat?(ctx: NightContext, n: number): void | Promise<void>;
  /** How the night passes; the default fires each planned attempt at its time. */
  drive?(ctx: NightContext): Promise<void>;
  /** Run after the window: extra checks of the scenario's own promise. */
  after?(ctx: NightContext): void | Promise<void>;
}

const browserProfiles = (ctx: NightContext) => join(ctx.home, 'browser-profiles');

/** Sleeps `ms` of real time (processes need a moment to go away). */
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Machine asleep from 23:50 until `wakeAt`, then the wake handler, then the rest of the night as planned. */
function sleepUntil(wakeAt: string, reason: 'resume' | 'clock jump' = 'resume') {
  return async (ctx: NightContext) => {
    ctx.clock.set(ctx.at(wakeAt));
    await ctx.service.onWake(reason);
    await ctx.service.core.runner.idle();
    await ctx.fireRemaining();
  };
}

/**
 * The kill -9 night: the first attempt runs in a separate Lanebot process, killed with SIGKILL at the
 * chosen moment; Lanebot then starts again on the same data folder for the next attempt time.
 */
function killProcessWhen(when: 'booked' | 'model') {
  return async (ctx: NightContext) => {
    const first = ctx.service.core.scheduler.upcoming().find((a) => a.profileId === ctx.profileId)!;
    await ctx.closeService();
    ctx.clock.set(first.at);
    const child = startChildService({ home: ctx.home, at: first.at, profileId: ctx.profileId, slot: first.time });
    const chatsBefore = ctx.chatCount();
    let killed = false;
    const poll = setInterval(() => {
      const booked = ctx.venue.bookings().some((b) => b.member === ctx.member && b.source === 'web');
      if (!killed && (when === 'booked' ? booked : ctx.chatCount() > chatsBefore)) {
        killed = true;
        child.child.kill('SIGKILL');
      }
    }, 10);
    const exit = await child.exited;
    clearInterval(poll);
    ctx.childLogs.push(...child.logs);
    for (const e of child.events) ctx.recordEvent(e);
    ctx.check(exit.signal === 'SIGKILL', `the child service should be killed mid-attempt, but it ended with ${exit.signal ?? `code ${exit.code}`}: ${child.stderr.slice(-300)}`);
    await pause(1500);
    const orphans = killMentioning(browserProfiles(ctx));
    if (orphans) ctx.note(`${orphans} browser process(es) outlived the killed service`);
    ctx.orphanBrowsers += orphans;
    // Restarted (say by systemd) a few minutes later: start-up closes the interrupted record and catches up as createService does.
    ctx.clock.set(ctx.at('00:05'));
    await ctx.openService();
    const interrupted = ctx.service.core.store.data.attempts.filter((a) => a.outcome === 'interrupted');
    ctx.check(interrupted.length === 1, `after the restart the killed attempt should read "interrupted", found ${interrupted.length}`);
    await ctx.service.core.scheduler.catchUp();
    await ctx.fireRemaining();
  };
}

export const FAULT_PLANS: Record<FaultName, FaultPlan> = {
  none: { label: 'no fault' },
  errors: {
    label: 'venue answers HTTP 500 to the next 3 requests',
    atStart: (ctx) => ctx.venue.setFaults({ errors: { count: 3 } }),
  },
  latency: {
    label: '+400 ms on every venue request',
    atStart: (ctx) => ctx.venue.setFaults({ latency: [{ prefix: '/', ms: 400 }] }),
  },
  'session-expiry': {
    label: 'every session expires at the 2nd model call (mid-booking)',
    onChat: (ctx, n) => {
      if (n === 2) ctx.venue.setFaults({ expireSessionsAfter: 0 });
    },
  },
  'slow-bookings': {
    label: '"my bookings" takes 4 s on every visit',
    atStart: (ctx) => ctx.venue.setFaults({ slowBookingsMs: 4000 }),
  },
  'cookie-banner': {
    label: 'cookie banner over every page until answered',
    atStart: (ctx) => ctx.venue.setFaults({ cookieBanner: true }),
  },
  competitors: {
    label: '3 competitors take 07:00 lanes 3, 2, 4 at the release',
    atStart: (ctx) => ctx.venue.setCompetitors({ count: 3 }),
  },
  'sold-out': {
    label: '6 competitors take every 07:00 lane at the release',
    atStart: (ctx) => ctx.venue.setCompetitors({ count: 6 }),
  },
  'browser-kill': {
    label: 'Chromium SIGKILLed at the 2nd model call',
    onChat: (ctx, n) => {
      if (n !== 2) return;
      const killed = killMentioning(browserProfiles(ctx));
      ctx.check(killed > 0, 'no Chromium process was found to kill');
    },
  },
  'process-kill': {
    label: 'Lanebot kill -9 just after the venue took the booking; restarted at 00:05',
    drive: killProcessWhen('booked'),
  },
  'process-kill-early': {
    label: 'Lanebot kill -9 at the first model call; restarted at 00:05',
    drive: killProcessWhen('model'),
  },
  'clock-jump': {
    label: 'clock jumps 23:59:30 → 00:12 (across midnight), then back to 00:05',
    async drive(ctx) {
      ctx.clock.set(new Date(ctx.at('00:00').getTime() - 30_000));
      ctx.clock.set(ctx.at('00:12'));
      await ctx.service.onWake('clock jump');
      await ctx.service.core.runner.idle();
      ctx.clock.set(ctx.at('00:05'));
      await ctx.service.onWake('clock jump');
      await ctx.service.core.runner.idle();
      await ctx.fireRemaining();
    },
  },
  'dst-spring': {
    label: 'night of the spring DST change (29 Mar, London): asleep 23:50 → 00:25, then to 02:30 BST',
    runDate: '2026-03-29',
    async drive(ctx) {
      await sleepUntil('00:25')(ctx);
      ctx.clock.set(ctx.at('02:30'));
      await ctx.service.onWake('clock jump');
      await ctx.service.core.runner.idle();
    },
  },
  'dst-autumn': {
    label: 'night of the autumn DST change (25 Oct, London): asleep 23:50 → 00:25, then past the repeated 01:00 hour',
    runDate: '2026-10-25',
    async drive(ctx) {
      await sleepUntil('00:25')(ctx);
      ctx.clock.set(new Date(ctx.at('01:30').getTime() + 3_600_000)); // the second 01:30 (GMT)
      await ctx.service.onWake('clock jump');
      await ctx.service.core.runner.idle();
    },
  },
  'dst-target': {
    label: 'the target date is the spring DST day (run 22 Mar → target 29 Mar)',
    runDate: '2026-03-22',
  },
  'dst-midnight': {
    label: 'Santiago: midnight does not exist (00:00 → 01:00 on 6 Sep); attempts move to 01:01…',
    runDate: '2026-09-06',
    timeZone: 'America/Santiago',
  },
  asleep: {
    label: 'machine asleep 23:50 → 00:15, then wake (one catch-up)',
    drive: sleepUntil('00:15'),
    after(ctx) {
      const catchUps = ctx.service.core.store.data.attempts.filter((a) => a.trigger === 'catch-up');
      ctx.check(catchUps.length === 1, `one catch-up attempt expected after the wake, found ${catchUps.length}`);
    },
  },
  'asleep-past-window': {
    label: 'machine asleep 23:50 → 01:45 (window closed): recorded missed',
    drive: sleepUntil('01:45'),
    after(ctx) {
      const missed = ctx.service.core.store.data.attempts.filter((a) => a.outcome === 'missed');
      ctx.check(missed.length === 1, `one "missed" record expected, found ${missed.length}`);
    },
  },
  'book-now-during': {
    label: 'Book now pressed during the 00:01 attempt (at its 2nd model call), and again after it',
    async onChat(ctx, n) {
      if (n !== 2) return;
      const r = (await ctx.transport.call('book.now', { profileId: ctx.profileId })) as { joined: boolean };
      ctx.check(r.joined, 'Book now during a running attempt should join it, but it started another');
    },
    async after(ctx) {
      const r = (await ctx.transport.call('book.now', { profileId: ctx.profileId })) as { attemptId: string };
      await ctx.service.core.runner.idle();
      const a = ctx.service.core.store.data.attempts.find((x) => x.id === r.attemptId);
      ctx.check(a?.outcome === 'already-booked', `Book now after the booking should find it (already-booked), got ${a?.outcome}`);
    },
  },
  'wrong-password': {
    label: 'wrong password: permanent after one login, no lock-out',
    password: 'not-the-password-1',
    impossible: 'the profile’s password is wrong',
    after(ctx) {
      const logins = ctx.venue.requests().filter((r) => r.method === 'POST' && r.path.startsWith('/login'));
      ctx.check(logins.length === 1, `one login POST expected all night, saw ${logins.length}`);
      ctx.check(!logins.some((r) => r.outcome === 'locked'), 'the account was locked');
    },
  },
};

/** Processes of the night still running after everything closed (browsers Lanebot should have closed). */
export function leftoverProcesses(ctx: NightContext): number {
  return pidsMentioning(ctx.home).length;
}
