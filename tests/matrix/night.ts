// One simulated night: the real service (runner, scheduler, store, agent) on a fake clock, real
// Chromium, the demo venue on the same simulated instant and the fake Ollama, from 23:50 the
// evening before through every attempt time — then judged by the venue's ground truth.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createService, type LanebotService } from '../../electron/service/index';
import { agentBookingPort, agentProbes } from '../../electron/service/night/agent-port';
import { FileSecretStore } from '../../electron/service/store/secrets';
import { addCalendarDays, targetDateFor, venueInstant } from '../../electron/service/night/dates';
import type { PlannedAttempt } from '../../electron/service/night/plan';
import type { ProfileView } from '../../shared/contract';
import type { Attempt } from '../../shared/schemas';
import { DEFAULT_ATTEMPT_TIMES } from '../../shared/schemas';
import * as model from '../fake-ollama/behaviours';
import type { Behaviour } from '../fake-ollama/behaviours';
import { generic } from '../fake-ollama/generic';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/server';
import { DEMO_LAYOUTS, DEMO_MEMBERS, startVenue, type Venue } from '../venue/index';
import { NightClock } from './clock';
import { BEHAVIOURS, type BehaviourName, type Group, type NightContext, type NightSpec } from './context';
import type { VenueLayout } from '../venue/index';
import { FAULT_PLANS, leftoverProcesses } from './faults';

export { BEHAVIOURS, type BehaviourName, type Group, type NightContext, type NightSpec };
import { findLeaks, homeSources, type Source } from './leaks';
import { judge, type Verdict } from './judge';
import { killMentioning } from './processes';
import { startSpy, type Spy } from './spy';
import { directTransport, httpTransport, type Transport } from './transport';

/** A Saturday: the default night books Saturday 20 June 2026. In the past, so no real timer can fire. */
export const DEFAULT_RUN_DATE = '2026-06-13';
const MEMBER = DEMO_MEMBERS[0]!;
const WANT_TIME = '07:00';
const WANT_LANE = '3';
const MODEL_TIMEOUT_MS = 3000;
const NIGHT_TIMEOUT_MS = 5 * 60_000;

export interface AttemptLine {
  slot?: string;
  trigger: string;
  outcome: string;
  code?: string;
  /** The failure's kind (transient, permanent, needs-you). */
  kind?: string;
  via?: string;
  calls?: number;
}

export interface NightResult {
  spec: NightSpec;
  label: string;
  ms: number;
  verdict?: Verdict;
  leaks: string[];
  /** Requests that reached the stand-in attacker site. */
  offOrigin: string[];
  /** Navigations the confinement stopped (from the attempts' step messages). */
  blocked: number;
  /** Browser processes still running after the service shut down normally. */
  leftoverBrowsers: number;
  checksFailed: string[];
  harnessError?: string;
  attempts: AttemptLine[];
  missReason?: string;
  impossible?: string;
  modelCalls: number;
  notes: string[];
  /** The night's data folder, kept when something must-be-zero was not. */
  keptHome?: string;
  /** A night only a person can unblock: did every attempt end "needs you", how often was the user told, and what was booked. */
  needsYou?: { ended: boolean; notified: number; bookings: number };
}

/** Sites whose pages write numeric dates month first: the user sets this order in the profile's verification rule. */
const MONTH_FIRST_SITES: readonly VenueLayout[] = ['booked', 'mrbs', 'daypicker'];

/**
 * The scripted "competent" model knows the three original layouts; on the sites modelled on real
 * applications the generic model (which knows none) plays the capable model, and the confused one
 * recovers into it.
 */
function capable(layout: VenueLayout): Behaviour {
  return DEMO_LAYOUTS.includes(layout) ? model.competent() : generic();
}

function behaviourFor(name: BehaviourName, spy: Spy, layout: VenueLayout): Behaviour {
  switch (name) {
    case 'competent':
      return capable(layout);
    case 'confused':
      return DEMO_LAYOUTS.includes(layout) ? model.confused() : model.confused({ then: capable(layout) });
    case 'stubborn':
      return model.stubborn();
    case 'slow':
      return model.slow(MODEL_TIMEOUT_MS + 2000, capable(layout));
    case 'down':
      return model.down;
    case 'injected':
      // evil.example cannot resolve here: the spy on another 127.0.0.1 port is the attacker's site.
      return model.injected({ evilUrls: [`${spy.origin}/steal?p={p}`, 'http://evil.example/?p={p}'] });
    case 'liar':
      return model.liar();
  }
}

/** A night only a person can unblock that did not end as "needs you", told exactly once, with nothing booked. */
export function needsYouWrong(r: NightResult): boolean {
  return !!r.needsYou && (!r.needsYou.ended || r.needsYou.notified !== 1 || r.needsYou.bookings !== 0 || !!r.verdict?.verifiedSuccess);
}

/** Whether the night broke a must-be-zero promise (then its data folder is kept for a look). */
export function nightFailed(r: NightResult): boolean {
  const v = r.verdict;
  return (
    needsYouWrong(r) ||
    !!r.harnessError ||
    !v ||
    v.falseSuccess > 0 ||
    v.dryRunBookings > 0 ||
    v.doubleBookings > 0 ||
    v.wrongDate > 0 ||
    v.lostRecords > 0 ||
    !!v.corrupt ||
    r.leaks.length > 0 ||
    r.offOrigin.length > 0 ||
    r.leftoverBrowsers > 0 ||
    r.checksFailed.length > 0
  );
}

export async function runNight(spec: NightSpec, opts: { keepFailed?: boolean } = {}): Promise<NightResult> {
  const t0 = performance.now();
  const plan = FAULT_PLANS[spec.fault];
  const timeZone = plan.timeZone ?? 'Europe/London';
  const runDate = plan.runDate ?? DEFAULT_RUN_DATE;
  const targetDate = targetDateFor(runDate, 7);
  const password = plan.password ?? MEMBER.password;
  const priorRunDate = addCalendarDays(runDate, -1);
  // The judged night begins at 23:50 the evening before; a fault with a prior night starts a day earlier.
  const nightStart = venueInstant(priorRunDate, '23:50', timeZone);
  const start = plan.priorNight ? venueInstant(addCalendarDays(runDate, -2), '23:50', timeZone) : nightStart;
  const result: NightResult = { spec, label: plan.label, ms: 0, leaks: [], offOrigin: [], blocked: 0, leftoverBrowsers: 0, checksFailed: [], attempts: [], modelCalls: 0, notes: [] };
  if (plan.impossible) result.impossible = plan.impossible;

  const clock = new NightClock(start);
  const logs: string[] = [];
  const events: string[] = [];
  const started: string[] = [];
  const watchChecks: Record<string, string> = {};
  const dryRuns: { startMs: number; endMs: number }[] = [];
  const received: string[][] = [];
  let chats = 0;
  let nightChatStart = 0;
  let venue: Venue | undefined;
  let fake: FakeOllama | undefined;
  let spy: Spy | undefined;
  let ctx: NightContext | undefined;
  let serviceOpen = false;
  const home = await mkdtemp(join(tmpdir(), 'lanebot-matrix-'));

  const recordEvent = (e: unknown) => {
    events.push(JSON.stringify(e));
    const ev = e as { type?: string; attempt?: { id?: string; trigger?: string; runDate?: string } };
    if (ev.type === 'attempt-started' && ev.attempt?.id) {
      started.push(ev.attempt.id);
      if (ev.attempt.trigger === 'watch' && ev.attempt.runDate) watchChecks[ev.attempt.id] = ev.attempt.runDate;
    }
  };

  try {
    venue = await startVenue({ layout: spec.layout, testMode: true, timeZone, now: start });
    clock.attach(venue);
    if (spec.behaviour === 'injected') venue.setFaults({ injection: true });
    spy = await startSpy();
    let inner = behaviourFor(spec.behaviour, spy, spec.layout);
    const hooked: Behaviour = {
      // The fake server reads `kind` to play "down"; a getter follows setModel.
      get kind() {
        return inner.kind;
      },
      reply: async (req) => {
        const n = ++chats;
        try {
          await plan.onChat?.(ctx!, n);
        } catch (e) {
          ctx!.check(false, `fault hook at model call ${n} failed: ${(e as Error).message}`);
        }
        return inner.reply(req);
      },
    };
    fake = await startFakeOllama({ behaviour: hooked });
    const secrets = new FileSecretStore(home);
    // Each planned attempt (and cancellation check) of a night still ahead, in turn, the clock moved to it first.
    const fire = async (night: string, until?: Date) => {
      for (;;) {
        const next = c.service.core.scheduler.upcoming().find((a) => a.profileId === c.profileId && a.runDate === night);
        if (!next || (until && next.at >= until)) return;
        clock.set(next.at);
        // node-schedule would call this at next.at; on a simulated clock the night calls it.
        (c.service.core.scheduler as unknown as { fire(a: PlannedAttempt): void }).fire(next);
        await c.service.core.runner.idle();
      }
    };
    const c: NightContext = {
      spec,
      plan,
      venue,
      fake,
      spy,
      clock,
      home,
      member: MEMBER.username,
      profileId: '',
      runDate,
      priorRunDate,
      targetDate,
      timeZone,
      attemptTimes: DEFAULT_ATTEMPT_TIMES,
      service: undefined as unknown as LanebotService,
      transport: undefined as unknown as Transport,
      orphanBrowsers: 0,
      childLogs: [],
      at: (time) => venueInstant(runDate, time, timeZone),
      fireRemaining: (night = runDate) => fire(night),
      fireRemainingUntil: (until) => fire(runDate, until),
      async openService() {
        c.service = await createService({
          home,
          secrets,
          port: agentBookingPort({ secrets, home }),
          probes: agentProbes,
          now: clock.now,
          schedule: false,
          log: (l) => logs.push(l),
          transport: spec.transport === 'http' ? 'http' : 'ipc',
          timeouts: { verifyMs: 60_000, bookMs: 180_000 },
        });
        serviceOpen = true;
        c.service.subscribe(recordEvent);
        c.transport = spec.transport === 'http' ? await httpTransport(c.service) : directTransport(c.service);
        received.push(c.transport.received);
        // What scheduler.start() does first; its heartbeat stays off because the night moves the clock.
        c.service.core.scheduler.replan();
      },
      async closeService() {
        if (!serviceOpen) return;
        serviceOpen = false;
        await c.transport.close();
        await c.service.shutdown({ abortRunning: true, timeoutMs: 0 });
      },
      setModel(name) {
        inner = behaviourFor(name, spy!, spec.layout);
      },
      beginNight() {
        nightChatStart = fake!.requests.filter((r) => r.path === '/api/chat').length;
      },
      recordEvent,
      chatCount: () => chats,
      check(ok, message) {
        if (!ok) result.checksFailed.push(message);
      },
      note: (m) => result.notes.push(m),
      dryRunWindow: (startMs, endMs) => dryRuns.push({ startMs, endMs }),
      secrets: new Map([['username', MEMBER.username], ['password', password]]),
    };
    ctx = c;

    await c.openService();
    await c.transport.call('settings.save', { ollamaHost: fake.host, browserPath: '/usr/bin/chromium', modelTimeoutMs: MODEL_TIMEOUT_MS });
    const on = { book: true };
    const profile = (await c.transport.call('profiles.save', {
      profile: {
        name: 'Alex',
        // A site modelled on a real application starts where its members do (its own start page).
        venue: { startUrl: DEMO_LAYOUTS.includes(spec.layout) ? `${venue.url}/` : venue.startUrl, allowedOrigins: [venue.origin], bookingsUrl: venue.bookingsUrl, timeZone, daysAhead: 7, ...(plan.opensAt ? { opensAt: plan.opensAt } : {}) },
        ...(plan.watch ? { watch: plan.watch } : {}),
        instructions: `Log in with {{username}} / {{password}}. Book Lane 3 at ${WANT_TIME} on {date}; otherwise any lane at ${WANT_TIME}.`,
        weekdays: { mon: on, tue: on, wed: on, thu: on, fri: on, sat: on, sun: on },
        verification: {
          time: WANT_TIME,
          ...(spec.rule === 'time-lane' ? { lane: WANT_LANE } : {}),
          ...(MONTH_FIRST_SITES.includes(spec.layout) ? { dateOrder: 'mdy' as const } : {}),
        },
      },
      secrets: { username: MEMBER.username, password },
    })) as ProfileView;
    c.profileId = profile.id;
    await plan.atStart?.(c);

    let timer: NodeJS.Timeout | undefined;
    const driving = (plan.drive ?? ((x: NightContext) => x.fireRemaining()))(c);
    // After a timeout the drive may still fail later against the closed service: that must not crash the run.
    driving.catch(() => {});
    await Promise.race([
      driving,
      new Promise<never>((_, rej) => {
        timer = setTimeout(() => rej(new Error(`the night did not finish within ${NIGHT_TIMEOUT_MS / 60_000} min`)), NIGHT_TIMEOUT_MS);
      }),
    ]).finally(() => clearTimeout(timer));
    await plan.after?.(c);

    // What a user (or the UI) reads back after the night; over HTTP these bodies are scanned too.
    await c.transport.call('status.get', {});
    const list = (await c.transport.call('attempts.list', { profileId: c.profileId })) as { id: string }[];
    for (const a of list) await c.transport.call('attempts.get', { id: a.id });
  } catch (e) {
    result.harnessError = (e as Error).stack?.split('\n').slice(0, 3).join(' | ') ?? String(e);
  } finally {
    if (ctx && serviceOpen) await ctx.closeService().catch((e) => (result.harnessError ??= `shutdown: ${(e as Error).message}`));
  }

  try {
    if (ctx) {
      await new Promise((r) => setTimeout(r, 300));
      result.leftoverBrowsers = leftoverProcesses(ctx);
      if (result.leftoverBrowsers) killMentioning(home);
    }
    const text = await readFile(join(home, 'lanebot.json'), 'utf8').catch(() => undefined);
    if (venue && ctx) {
      result.verdict = judge(
        {
          member: MEMBER.username,
          runDate,
          targetDate,
          time: WANT_TIME,
          lanes: venue.options.lanes,
          nightStartMs: nightStart.getTime(),
          bookings: venue.bookings(),
          requests: venue.requests(),
          dryRuns,
        },
        { text, started, watchChecks, profileId: ctx.profileId },
      );
      result.notes.push(...result.verdict.notes);
      if (plan.impossible && result.verdict.missedPossible) result.verdict.missedPossible = false;
    }
    const attempts: Attempt[] = text ? ((JSON.parse(text) as { attempts?: Attempt[] }).attempts ?? []) : [];
    const night = attempts.filter((a) => a.runDate === runDate);
    result.attempts = night.map((a) => ({
      ...(a.slot ? { slot: a.slot } : {}),
      trigger: a.trigger,
      outcome: a.outcome,
      ...(a.failure ? { code: a.failure.code, kind: a.failure.kind } : {}),
      ...(a.via ? { via: a.via } : {}),
      ...(a.usage ? { calls: a.usage.calls } : {}),
    }));
    if (plan.needsYou) {
      const scheduled = night.filter((a) => a.trigger !== 'test-login');
      result.needsYou = {
        ended: scheduled.length > 0 && scheduled.every((a) => a.outcome === 'failed' && a.failure?.kind === 'needs-you'),
        notified: events.filter((e) => e.includes('"type":"attempt-needs-you"')).length,
        bookings: (venue?.bookings() ?? []).filter((b) => b.member === MEMBER.username && !b.cancelledAt).length,
      };
    }
    result.blocked = night.flatMap((a) => a.steps).filter((s) => /is blocked|was blocked/.test(s.message ?? '')).length;
    if (result.verdict?.missedPossible) {
      const last = [...night].reverse().find((a) => a.outcome !== 'already-booked');
      result.missReason = last ? `${last.failure?.code ?? last.outcome}: ${last.summary}` : 'no attempt ran';
    }
    result.modelCalls = Math.max(0, (fake?.requests.filter((r) => r.path === '/api/chat').length ?? 0) - nightChatStart);
    if (spy) result.offOrigin = spy.hits.map((h) => `${h.method} ${h.url.replace(/\?.*/, '?…')}`);

    const sources: Source[] = [
      ...(fake?.requests ?? []).map((r, i) => ({ where: `model request ${i + 1} (${r.path})`, text: r.raw })),
      ...logs.map((l) => ({ where: 'service log', text: l })),
      ...(ctx?.childLogs ?? []).map((l) => ({ where: 'killed service log', text: l })),
      ...events.map((e) => ({ where: 'service event', text: e })),
      ...received.flat().map((t) => ({ where: 'HTTP response / SSE frame', text: t })),
      ...(venue?.requests() ?? []).map((r) => ({ where: `venue URL ${r.method} ${r.path}`, text: r.path + r.query })),
      ...(spy?.hits ?? []).map((h) => ({ where: 'spy (attacker) request', text: h.url + h.body })),
      ...(await homeSources(home)),
    ];
    result.leaks = [...new Set(findLeaks(password, sources))];
  } catch (e) {
    result.harnessError ??= `judging: ${(e as Error).message}`;
  } finally {
    await venue?.close();
    await fake?.close();
    await spy?.close();
    result.ms = performance.now() - t0;
    if (opts.keepFailed && nightFailed(result)) result.keptHome = home;
    else await rm(home, { recursive: true, force: true });
  }
  return result;
}
