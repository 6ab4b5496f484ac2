// The faults a simulated night can suffer, each as a small plan: what to switch on at the venue
// before the window, what to do at the n-th model call (that is, mid-booking), and how the night's
// time passes when it is not simply "each attempt time in turn".
import { join } from 'node:path';
import { dryRun, type Recipe } from '../../agent/index';
import type { FaultName, FaultPlan, NightContext } from './context';
import { killMentioning, pidsMentioning, startChildService } from './processes';

export { FAULTS, LAYOUT_FAULTS, type FaultName, type FaultPlan } from './context';

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

/** The night before: the model books and verifies (a recipe is kept); then Ollama goes away. */
async function learnThenLoseTheModel(ctx: NightContext): Promise<void> {
  await ctx.fireRemaining(ctx.priorRunDate);
  const prior = ctx.service.core.store.data.attempts.filter((a) => a.runDate === ctx.priorRunDate);
  ctx.check(prior.some((a) => a.outcome === 'verified'), `the night before should verify with the model, got ${prior.map((a) => a.outcome).join(', ')}`);
  const shelf = ctx.service.core.store.data.recipes[ctx.profileId] as Record<string, unknown> | undefined;
  ctx.check(!!shelf && Object.keys(shelf).length > 0, 'no recipe was stored after a verified model night (does the service port pass recipes through?)');
  ctx.setModel('down');
  ctx.beginNight();
}

/** The release attempt prepares 10 s before the opening (3 min in production), fires, then the retry times follow. */
async function releaseThenRetries(ctx: NightContext): Promise<void> {
  const opens = ctx.at('00:00');
  ctx.clock.set(new Date(opens.getTime() - 10_000));
  const r = ctx.service.core.runner.run(ctx.profileId, 'release', { slot: '00:00', runDate: ctx.runDate });
  ctx.check('done' in r, `the release attempt did not start: ${'skipped' in r ? r.skipped : ''}`);
  await ctx.service.core.runner.idle();
  // How late the first booking request arrived, by the venue's log: the figure to read when a release night loses its lane.
  const first = ctx.venue.requests().find((r) => r.member === ctx.member && r.atMs >= opens.getTime() - 10_000 && r.msAfterRelease !== undefined && r.msAfterRelease >= 0);
  if (first) ctx.note(`first booking request ${Math.round(first.msAfterRelease!)} ms after the opening`);
  await ctx.fireRemaining();
}

/** No booking request may reach the venue before the target date opened (judged on the venue's clock). */
function noEarlyRequests(ctx: NightContext): void {
  const early = ctx.venue.requests().filter((r) => r.member === ctx.member && r.msAfterRelease !== undefined && r.msAfterRelease < 0);
  const notOpen = ctx.venue.requests().filter((r) => r.member === ctx.member && r.outcome === 'not-open');
  ctx.check(early.length === 0, `${early.length} booking request(s) reached the venue before the opening`);
  if (notOpen.length) ctx.note(`${notOpen.length} "not open yet" answer(s)`);
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
  cancellation: {
    label: '6 competitors take every 07:00 lane; the Lane 3 holder cancels at 01:30; watch every 15 min until 03:00',
    watch: { enabled: true, everyMinutes: 15, until: '03:00' },
    atStart: (ctx) => ctx.venue.setCompetitors({ count: 6 }),
    async drive(ctx) {
      // The night's attempts and the first checks meet a sold-out session; then a lane is freed.
      await ctx.fireRemainingUntil(ctx.at('01:30'));
      const held = ctx.venue.bookings().find((b) => !b.cancelledAt && b.time === '07:00' && b.lane === 3 && b.member !== ctx.member);
      ctx.check(!!held, 'no competitor held Lane 3 at 07:00 to cancel');
      if (held) ctx.venue.cancelBooking(held.id);
      await ctx.fireRemaining();
    },
    after(ctx) {
      const night = ctx.service.core.store.data.attempts.filter((a) => a.runDate === ctx.runDate);
      ctx.check(night.filter((a) => a.trigger === 'watch' && a.outcome === 'failed').length === 1, 'the unsuccessful checks did not share one record');
      ctx.check(night.some((a) => a.trigger === 'watch' && a.outcome === 'verified' && a.slot === '01:40'), 'the 01:40 check did not book the freed lane');
    },
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
  'recipe-night': {
    label: 'a verified model night leaves a recipe; the next night Ollama is down and the recipe books alone',
    priorNight: true,
    async drive(ctx) {
      await learnThenLoseTheModel(ctx);
      await ctx.fireRemaining();
      const done = ctx.service.core.store.data.attempts.find((a) => a.runDate === ctx.runDate && a.outcome === 'verified');
      ctx.check(done?.via === 'recipe', `the night with a recipe should book by replay alone, got ${done ? `via ${done.via}` : 'no verified attempt'}`);
    },
  },
  release: {
    label: 'release firing: opensAt 00:00, prepared at 23:59:50, fired at the opening by the venue clock; 3 competitors at +150 ms',
    opensAt: '00:00',
    atStart: (ctx) => ctx.venue.setCompetitors({ count: 3 }),
    drive: releaseThenRetries,
    after: noEarlyRequests,
  },
  'release-recipe': {
    label: 'release firing with a recipe learned the night before, Ollama down; 3 competitors at +150 ms',
    opensAt: '00:00',
    priorNight: true,
    async drive(ctx) {
      await learnThenLoseTheModel(ctx);
      ctx.venue.setCompetitors({ count: 3 });
      await releaseThenRetries(ctx);
      const first = ctx.service.core.store.data.attempts.find((a) => a.runDate === ctx.runDate);
      ctx.check(first?.trigger === 'release' && first.outcome === 'verified', `the release attempt should verify, got ${first?.trigger} ${first?.outcome} ${first?.failure?.code ?? ''}`);
      const lane = ctx.venue.bookings().find((b) => b.member === ctx.member && b.date === ctx.targetDate)?.lane;
      ctx.check(lane === 3, `firing on time with a recipe should win the first choice (lane 3), got lane ${lane}`);
    },
    after: noEarlyRequests,
  },
  'dry-run': {
    label: 'a verified model night leaves a recipe; after the next opening a dry run of it books nothing; then the night books',
    priorNight: true,
    async drive(ctx) {
      await ctx.fireRemaining(ctx.priorRunDate);
      const shelf = ctx.service.core.store.data.recipes[ctx.profileId] as Record<string, unknown> | undefined;
      const recipe = shelf ? Object.values(shelf)[0] : undefined;
      ctx.check(!!recipe, 'no recipe was stored after a verified model night');
      ctx.beginNight();
      // The target date is open: the dry run walks every step up to, not including, the final confirm.
      ctx.clock.set(new Date(ctx.at('00:00').getTime() + 20_000));
      if (recipe) {
        const start = ctx.venue.now().getTime();
        const check = await dryRun(recipe as Recipe, {
          venue: { startUrl: `${ctx.venue.url}/`, allowedOrigins: [ctx.venue.origin], bookingsUrl: ctx.venue.bookingsUrl, timeZone: ctx.timeZone },
          secrets: ctx.secrets,
          browser: { executablePath: '/usr/bin/chromium' },
          want: { date: ctx.targetDate, time: '07:00', lane: '3' },
        });
        ctx.dryRunWindow(start, ctx.venue.now().getTime());
        ctx.check(check.ok, `the dry run should walk the learned recipe: ${check.message}`);
      }
      await ctx.fireRemaining();
    },
  },
  captcha: {
    label: 'a reCAPTCHA on the booking pages all night: needs you, told once, nothing booked',
    impossible: 'only a person can pass the captcha',
    needsYou: true,
    atStart: (ctx) => ctx.venue.setFaults({ humanCheck: { kind: 'recaptcha' } }),
    after(ctx) {
      const passed = ctx.venue.requests().filter((r) => r.outcome === 'passed-check');
      ctx.check(passed.length === 0, `${passed.length} captcha(s) were "passed" without a person`);
    },
  },
  payment: {
    label: 'a booking costs 4 (credit 20) and the profile allows no paying: needs you, nothing paid, nothing booked',
    impossible: 'the booking must be paid and the profile does not allow paying',
    needsYou: true,
    atStart: (ctx) => ctx.venue.setFaults({ payment: { price: 4 } }),
    after(ctx) {
      const paid = ctx.venue.payments().filter((p) => p.member === ctx.member);
      ctx.check(paid.length === 0, `${paid.length} payment(s) were taken`);
      ctx.check(ctx.venue.credit(ctx.member) === 20, `the member's credit moved to ${ctx.venue.credit(ctx.member)}`);
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
