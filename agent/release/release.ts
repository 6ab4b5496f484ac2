// Release-time firing: before the window opens, get ready (browser, login, model, the server clock, a page
// parked just before the date matters); at the opening, fire by the venue server's clock, never before it.
import { z } from 'zod';
import { machineNow, measureServerClock, realClock, sleepUntil, type ClockMeasure, type MachineClock, type MeasureOptions } from '../core/clock';
import { AgentError } from '../core/failure';
import { findLoginFrame, loginIfNeeded } from '../browser/login';
import { gotoSettled } from '../browser/settle';
import { mainPage, sessionAlive } from '../browser/pages';
import { replayContext, usableRecipe } from '../recipes/context';
import { warmModel } from '../model/ollama';
import type { Recipe } from '../recipes/schema';
import { enterRecipe, newRun, replaySteps, type ReplayRun } from '../recipes/replay';
import type { SessionState } from '../browser/session-state';
import type { Assert, Equal } from '../core/type-equal';
import type { PrepareParams, PrepareResult, ReleaseOptions } from '../types';

export const ReleaseOptionsSchema = z.object({
  /** Re-check the login this long before firing (if the wait is longer). */
  recheckBeforeMs: z.number().int().min(0).default(20_000),
  /** Keep retrying "not open yet" for this long after the planned instant. */
  retryForMs: z.number().int().min(0).max(10 * 60_000).default(20_000),
  /** Pause between "not open yet" retries. */
  retrySpacingMs: z.number().int().min(0).max(5_000).default(40),
  /** Extra margin after the latest instant the window can have opened. */
  safetyMs: z.number().min(0).max(1_000).default(1),
  /** Deliberate delay after the opening (tests and benchmarks of a late start). */
  lateByMs: z.number().min(0).default(0),
  /** A measured clock older than this is measured again before firing. */
  maxClockAgeMs: z.number().int().min(0).default(15 * 60_000),
});
/** The schema takes exactly the ReleaseOptions of agent/types.ts. */
export type _ReleaseOptionsMatch = Assert<Equal<z.input<typeof ReleaseOptionsSchema>, ReleaseOptions>>;

interface ClockState extends ClockMeasure { measuredAt: number }
interface ReleaseState { clock?: ClockState; run?: ReplayRun; recipeJson?: string }

const states = new WeakMap<SessionState, ReleaseState>();

export function releaseState(s: SessionState): ReleaseState {
  let st = states.get(s);
  if (!st) { st = {}; states.set(s, st); }
  return st;
}

/**
 * Machine time to act so the request reaches the server no earlier than `fireAtMs` on the server's clock:
 * the latest instant the server can reach fireAt (offset − error), less the request's one-way trip (half
 * the shortest round trip), plus a small safety margin.
 */
export function fireMachineTime(fireAtMs: number, clock: Pick<ClockMeasure, 'offsetMs' | 'errorMs' | 'rttMs'>, o: { safetyMs?: number; lateByMs?: number } = {}): number {
  const halfRtt = Number.isFinite(clock.rttMs) ? clock.rttMs / 2 : 0;
  return fireAtMs - clock.offsetMs + clock.errorMs - halfRtt + (o.safetyMs ?? 1) + (o.lateByMs ?? 0);
}

/** Server time now, as best known (for logs and "has the window opened yet?"). */
export function serverNow(clock: Pick<ClockMeasure, 'offsetMs'>, mclock: MachineClock = realClock): number {
  return mclock.now() + clock.offsetMs;
}

export function clockUrl(s: SessionState): string {
  return new URL('/', s.venue.startUrl).toString();
}

export async function measureFor(s: SessionState, opts: MeasureOptions = {}): Promise<ClockState> {
  const m = await measureServerClock(clockUrl(s), { ...opts, ...(s.opts.signal ? { signal: s.opts.signal } : {}) });
  const st: ClockState = { ...m, measuredAt: machineNow() };
  releaseState(s).clock = st;
  s.log(`venue clock: offset ${m.offsetMs.toFixed(1)} ms ± ${m.errorMs.toFixed(1)} ms (${m.samples} samples, round trip ${m.rttMs.toFixed(1)} ms)`);
  return st;
}

/**
 * Gets ready for a release: model loaded (when it may be needed), logged in, the server clock measured,
 * and the page walked along the recipe to the last page before the date matters (or, with the booking
 * known, up to the final confirm). Problems with the model are reported, not thrown: a recipe books without it.
 */
export async function prepareForRelease(s: SessionState, p: PrepareParams = {}, measure: MeasureOptions = p.clock ?? {}): Promise<PrepareResult> {
  if (s.loginFailure) throw new AgentError(s.loginFailure.code, s.loginFailure.message, s.loginFailure.kind);
  const st = releaseState(s);
  const recipe = usableRecipe(s, p.recipe);
  const warm = warmModel(s.model, s.opts.signal).then(() => ({ ok: true as const }), (e: unknown) => ({ ok: false as const, message: e instanceof Error ? e.message : String(e) }));
  const clock = measureFor(s, measure);
  // The clock polling and the model load run while the browser logs in; none of them waits for another.
  clock.catch(() => undefined);
  const page = await mainPage(s, { navigates: true });
  let loggedIn = false;
  try {
    if (recipe) {
      const want = p.want ?? { date: recipe.learnedFor.date };
      const run = newRun(recipe, want);
      const ctx = replayContext(s, page, want, { stepTimeoutMs: 3000 });
      await enterRecipe(run, ctx, true);
      const res = await replaySteps(run, ctx, p.want ? 'before-commit' : 'before-params');
      if (res.status !== 'stopped') s.log(`preparing: the recipe could not be walked past step ${res.at + 1} before the opening (${res.message ?? res.status}); it continues from there at the opening`);
      st.run = run;
      st.recipeJson = JSON.stringify(recipe);
    } else {
      await gotoSettled(page, s.venue.startUrl, s.navTimeoutMs);
      await loginIfNeeded(page, { secrets: s.secrets, allowed: s.allowed, timeoutMs: s.actionTimeoutMs });
    }
    loggedIn = !(await findLoginFrame(page));
  } catch (e) {
    if (e instanceof AgentError && e.kind === 'permanent') s.loginFailure = e.toFailure();
    throw e;
  }
  const [m, w] = await Promise.all([clock, warm]);
  if (!w.ok) s.log(`preparing: the model is not ready (${w.message})${recipe ? '; the recipe books without it' : ''}`);
  return {
    offsetMs: m.offsetMs,
    errorMs: m.errorMs,
    parkedUrl: s.redact(page.url()),
    loggedIn,
    modelReady: w.ok,
    ...(w.ok ? {} : { modelMessage: s.redact(w.message) }),
    ...(st.run ? { parkedAtStep: st.run.next } : {}),
  };
}

/** The parked run for this recipe, if prepare() walked it (and it is the same recipe). */
export function takeParkedRun(s: SessionState, recipe: Recipe): ReplayRun | undefined {
  const st = releaseState(s);
  const run = st.run;
  st.run = undefined;
  if (!run || st.recipeJson !== JSON.stringify(recipe)) return undefined;
  return run;
}

/** A session re-check (and a login if it expired) needs about this long before the opening. */
const MIN_RECHECK_LEAD_MS = 1_500;

export interface FirePlan { fireMachineMs: number; clock: ClockState }

/**
 * Waits for the opening: measures the clock if needed, re-checks the login shortly before (calling
 * `relogin` if it expired), then sleeps until the fire instant (less `wakeEarlyMs`, for a caller that
 * holds the final action itself). Returns the plan it kept.
 */
export async function waitForOpening(s: SessionState, fireAt: Date, o: z.output<typeof ReleaseOptionsSchema>, relogin: () => Promise<void>, measure: MeasureOptions = {}, wakeEarlyMs = 0): Promise<FirePlan> {
  const st = releaseState(s);
  let clock = st.clock;
  if (!clock || machineNow() - clock.measuredAt > o.maxClockAgeMs) {
    const left = fireAt.getTime() - (machineNow() + (clock?.offsetMs ?? 0));
    // Too close to measure carefully: one tick is still far better than the machine's own clock.
    clock = await measureFor(s, left > 6_000 ? measure : { ...measure, bisections: 0, timeoutMs: 2_500 });
  }
  const fireMachineMs = fireMachineTime(fireAt.getTime(), clock, o);
  // Late preparation still gets its check, as long as a login would fit before the opening.
  const recheckAt = Math.max(machineNow(), fireMachineMs - o.recheckBeforeMs);
  if (o.recheckBeforeMs > 0 && fireMachineMs - recheckAt > MIN_RECHECK_LEAD_MS) {
    await sleepUntil(recheckAt, s.opts.signal);
    if (s.mainPage && !(await sessionAlive(s.mainPage))) {
      s.log('the venue session expired while waiting; logging in again before the opening');
      await relogin();
    }
  }
  s.log(`firing at the venue's ${fireAt.toISOString()} (in ${Math.max(0, Math.round(fireMachineMs - machineNow()))} ms by this machine's clock)`);
  await sleepUntil(fireMachineMs - wakeEarlyMs, s.opts.signal);
  return { fireMachineMs, clock };
}
