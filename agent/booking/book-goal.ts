// One booking with recipes: replay the stored recipe without the model (at the opening instant when asked),
// retry "not open yet", fall back through the user's other choices, hand a broken recipe to the model
// (self-heal), and leave a new or healed recipe for the service to keep once verification finds the booking.
import { z } from 'zod';
import type { Page } from 'playwright-core';
import { saveScreenshot, venueWords } from '../browser/evidence';
import { recordRequests, type SentRequest } from '../browser/state-changes';
import { isPasswordSecret } from '../core/secret-names';
import { AgentError, failure, toFailure } from '../core/failure';
import { renderTemplate, type Recipe } from '../recipes/schema';
import { healRecipe, learnRecipe, LearnError, observedFromAgentSteps, type ObservedStep } from '../recipes/learn';
import { machineNow, sleepUntil } from '../core/clock';
import {
  commitStep, enterRecipe, firstParamStep, firstStepChangedBy, newRun, reenter, replaySteps,
  type ReplayContext, type ReplayOutcome, type ReplayRun,
} from '../recipes/replay';
import { enterRecipeDirect } from '../recipes/direct-entry';
import { mainPage } from '../browser/pages';
import { ReleaseOptionsSchema, takeParkedRun, waitForOpening, type FirePlan } from '../release/release';
import { replayContext, usableRecipe } from '../recipes/context';
import type { SessionState } from '../browser/session-state';
import type { AgentFailure, AgentStep, BookGoal, BookingWant, BookResult, ModelUsage, ReleaseReport } from '../types';

export type Via = 'recipe' | 'model' | 'recipe+model';

const AlternativeSchema = z.object({ time: z.string().regex(/^\d{2}:\d{2}$/).optional(), lane: z.string().min(1).max(20).optional() });

/** How long before the instant the wait hands over to the held final step (it looks up its element meanwhile). */
const HOLD_LEAD_MS = 400;

type RunModel = (s: SessionState, goal: { instructions: string; want: BookingWant }) => Promise<BookResult>;

function emptyUsage(): ModelUsage {
  return { calls: 0, promptTokens: 0, evalTokens: 0, modelMs: 0, snapshotTokens: [] };
}

function learnFromModel(s: SessionState, r: BookResult, want: BookingWant, startUrl: string, sent: SentRequest[]): Recipe | undefined {
  try {
    return learnStrict(s, r, want, startUrl, sent);
  } catch (e) {
    // Learning is a bonus on top of a booking: it must never turn a booked run into a failed one.
    s.log(`no recipe learned: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

function learnStrict(s: SessionState, r: BookResult, want: BookingWant, startUrl: string, sent: SentRequest[]): Recipe | undefined {
  try {
    return learnRecipe(observedFromAgentSteps(r.steps, startUrl, sent), {
      want, startUrl: s.venue.startUrl, source: 'model', secrets: s.secrets,
      ...(r.finalUrl ? { finalUrl: r.finalUrl } : {}), ...(s.venue.dateOrder ? { dateOrder: s.venue.dateOrder } : {}),
    });
  } catch (e) {
    if (e instanceof LearnError) { s.log(`no recipe learned: ${e.message}`); return undefined; }
    throw e;
  }
}

/** The passwords of the session: a request carrying one is a login, never the booking. */
function passwordValues(s: SessionState): string[] {
  return [...s.secrets].filter(([n]) => isPasswordSecret(n)).map(([, v]) => v);
}

/** Runs the model while recording the state-changing requests its steps send (so a recipe learned from it knows its commit). */
async function withRequests<T>(s: SessionState, run: () => Promise<T>): Promise<{ result: T; sent: SentRequest[] }> {
  const log = recordRequests(s.launched.context, passwordValues(s));
  try {
    return { result: await run(), sent: log.sent };
  } finally {
    log.dispose();
  }
}

/** The model's run with its steps numbered after the replayed ones (also for live progress). */
async function runModelAfter(s: SessionState, runModel: RunModel, goal: { instructions: string; want: BookingWant }, offset: number): Promise<BookResult> {
  const onStep = s.opts.onStep;
  const view: SessionState = { ...s, opts: { ...s.opts, ...(onStep ? { onStep: (st: AgentStep) => onStep({ ...st, index: st.index + offset }) } : {}) } };
  const r = await runModel(view, goal);
  // The copy may have learned that the login is refused: the session must remember it.
  if (view.loginFailure && !s.loginFailure) s.loginFailure = view.loginFailure;
  if (view.mainPage) s.mainPage = view.mainPage;
  return { ...r, steps: r.steps.map((st) => ({ ...st, index: st.index + offset })) };
}

function refusalFailure(out: ReplayOutcome, s: SessionState): AgentFailure {
  const text = s.redact(out.outcome?.text ?? out.message ?? 'the venue refused the booking');
  const code = out.outcome?.code ?? 'venue-refused';
  switch (code) {
    case 'not-yet-open': return failure('not-yet-open', `The venue says bookings are not open yet: "${text}".`);
    case 'slot-taken': return failure('slot-taken', `Someone else got the slot first: "${text}".`);
    case 'login-failed': case 'account-locked': case 'not-allowed':
      return failure(code, `The venue said: "${text}". Lanebot will not try again tonight.`);
    default: return failure(code === 'venue-refused' ? 'venue-refused' : code, `The venue said: "${text}".`);
  }
}

/**
 * The whole booking. Without a usable recipe the model books (and a recipe is learned from its run);
 * with one, the recipe books without any model call unless a step breaks.
 */
export async function bookGoal(s: SessionState, goal: BookGoal, runModel: RunModel): Promise<BookResult> {
  let r: BookResult;
  try {
    r = await bookGoalInner(s, goal, runModel);
  } catch (e) {
    // book() never throws: a bug or a dead browser is a failed attempt like any other.
    r = { claimedDone: false, failure: toFailure(e, s.redact, s.opts.signal), steps: [], usage: emptyUsage(), via: goal.recipe === undefined ? 'model' : 'recipe' };
  }
  // A failure carries what the venue itself is saying on the page (a refusal in a dialog, in any language):
  // the user must read the venue's words, not only "the model could not take over".
  if (r.failure && !r.venueSaid && !s.launched.crashed) {
    const said = await venueWords(s.mainPage, s.redact).catch(() => undefined);
    if (said) r = { ...r, venueSaid: said };
  }
  return r;
}

async function bookGoalInner(s: SessionState, goal: BookGoal, runModel: RunModel): Promise<BookResult> {
  const ro = ReleaseOptionsSchema.parse(goal.release ?? {});
  const alternatives = z.array(AlternativeSchema).max(20).parse(goal.alternatives ?? []);
  const recipe = usableRecipe(s, goal.recipe);
  if (!recipe) return bookWithModel(s, goal, runModel, ro);
  const a = await startRecipeAttempt(s, goal, recipe, ro, alternatives);
  let outcome: ReplayOutcome;
  try {
    if (s.loginFailure) throw new AgentError(s.loginFailure.code, s.loginFailure.message, s.loginFailure.kind);
    const direct = await enter(a);
    if (goal.fireAt) await walkBeforeOpening(a, goal.fireAt);
    outcome = a.plan && !a.stale ? await fireParked(a) : await fireNow(a, direct);
    outcome = await retryNotOpen(a, outcome);
    outcome = await tryAlternatives(a, outcome);
  } catch (e) {
    return finishRecipe(a, { via: 'recipe', failure: toFailure(e, s.redact, s.opts.signal) });
  }
  return afterReplay(a, outcome, runModel);
}

/** No usable recipe: the model books (at the opening, when there is one), and a recipe is learned from its run. */
async function bookWithModel(s: SessionState, goal: BookGoal, runModel: RunModel, ro: z.output<typeof ReleaseOptionsSchema>): Promise<BookResult> {
  let plan: FirePlan | undefined;
  if (goal.fireAt) {
    try {
      await mainPage(s);
      plan = await waitForOpening(s, goal.fireAt, ro, async () => { /* the model logs in by itself */ }, goal.clock);
    } catch (e) {
      return { claimedDone: false, failure: toFailure(e, s.redact, s.opts.signal), steps: [], usage: emptyUsage(), via: 'model' };
    }
  }
  const startUrl = s.mainPage && /^https?:/.test(s.mainPage.url()) ? s.mainPage.url() : s.venue.startUrl;
  const { result: r, sent } = await withRequests(s, () => runModel(s, { instructions: goal.instructions, want: goal.want }));
  const learned = r.claimedDone && !r.failure ? learnFromModel(s, r, goal.want, startUrl, sent) : undefined;
  return {
    ...r,
    via: 'model',
    booked: goal.want,
    ...(learned ? { recipe: learned } : {}),
    ...(plan && goal.fireAt ? { release: report(goal.fireAt, plan, plan.fireMachineMs, 0, 0) } : {}),
  };
}

/** One booking by recipe, as it goes: the run, the choice being tried, the opening plan and the counts for the report. */
interface RecipeAttempt {
  s: SessionState;
  goal: BookGoal;
  recipe: Recipe;
  ro: z.output<typeof ReleaseOptionsSchema>;
  alternatives: z.output<typeof AlternativeSchema>[];
  page: Page;
  t0: number;
  want: BookingWant;
  /** Steps of runs that were started again (a fresh login before the opening, the whole recipe after a shortcut). */
  steps: AgentStep[];
  run: ReplayRun;
  plan?: FirePlan;
  firedAt: number;
  notOpen: number;
  lost: number;
  /** The walk before the opening stopped short: the run resumes there once the window opens. */
  stale: boolean;
}

async function startRecipeAttempt(s: SessionState, goal: BookGoal, recipe: Recipe, ro: RecipeAttempt['ro'], alternatives: RecipeAttempt['alternatives']): Promise<RecipeAttempt> {
  const t0 = Date.now();
  const page = await mainPage(s, { navigates: true });
  page.setDefaultTimeout(s.actionTimeoutMs);
  const run = takeParkedRun(s, recipe) ?? newRun(recipe, goal.want);
  run.want = goal.want;
  return { s, goal, recipe, ro, alternatives, page, t0, want: goal.want, steps: [], run, firedAt: 0, notOpen: 0, lost: 0, stale: false };
}

/** The replay context for a choice; step numbers continue over runs that were started again. */
function ctxFor(a: RecipeAttempt, w: BookingWant, extra: Partial<ReplayContext> = {}): ReplayContext {
  return replayContext(a.s, a.page, w, { firstIndex: a.steps.length, ...extra });
}

function counted(a: RecipeAttempt, o: ReplayOutcome): ReplayOutcome {
  if (o.status === 'refused' && o.outcome?.code === 'slot-taken') a.lost++;
  return o;
}

/** Starts the run over from the recipe's start page (the steps so far are kept for the record). */
async function restart(a: RecipeAttempt): Promise<void> {
  a.steps.push(...a.run.steps);
  a.run = newRun(a.recipe, a.want);
  await enterRecipe(a.run, ctxFor(a, a.want), true);
}

/**
 * Not parked by prepare(): always from the start page, whatever this page showed before. Booking now (no opening
 * to wait for), the pages the recipe only clicks through are skipped when their address is known. True when skipped.
 */
async function enter(a: RecipeAttempt): Promise<boolean> {
  if (a.run.next !== 0) return false;
  if (a.goal.fireAt) { await enterRecipe(a.run, ctxFor(a, a.want), true); return false; }
  return enterRecipeDirect(a.run, ctxFor(a, a.want));
}

/** Walks as far as the page allows before the opening, but never the step that sends the booking; then waits for the instant. */
async function walkBeforeOpening(a: RecipeAttempt, fireAt: Date): Promise<void> {
  const { s } = a;
  const walk = await replaySteps(a.run, ctxFor(a, a.want, { stepTimeoutMs: 3000 }), 'before-commit');
  const resumeAt = a.run.next;
  a.stale = walk.status !== 'stopped';
  if (a.stale) s.log(`before the opening the recipe stopped at step ${resumeAt + 1} (${walk.message ?? walk.status}); it resumes there once the window opens`);
  a.plan = await waitForOpening(s, fireAt, a.ro, async () => {
    await restart(a);
    await replaySteps(a.run, ctxFor(a, a.want, { stepTimeoutMs: 3000 }), 'before-commit');
  }, a.goal.clock, a.stale ? 0 : HOLD_LEAD_MS);
  if (a.stale && a.run.next === resumeAt && resumeAt > 0) await reenter(a.run, ctxFor(a, a.want), resumeAt);
}

/** Parked right before the final step: find its element now, act at the instant. */
async function fireParked(a: RecipeAttempt): Promise<ReplayOutcome> {
  const plan = a.plan!;
  let outcome = counted(a, await replaySteps(a.run, ctxFor(a, a.want, { holdUntil: plan.fireMachineMs }), 'end'));
  if (a.run.firedAt === undefined) {
    // It could not even get ready (the page changed while parked): start over at the opening.
    a.s.log(`the parked page was not ready (${outcome.message ?? outcome.status}); reloading it at the opening`);
    await sleepUntil(plan.fireMachineMs, a.s.opts.signal);
    a.firedAt = machineNow();
    if (outcome.status === 'broken' && (await reenter(a.run, ctxFor(a, a.want), outcome.at))) outcome = counted(a, await replaySteps(a.run, ctxFor(a, a.want), 'end'));
  } else {
    a.firedAt = a.run.firedAt;
  }
  return outcome;
}

/**
 * Books now. The shortcut may have skipped something the venue needed: before the model is asked, the whole
 * recipe is walked from its start, unless the booking request itself already went out.
 */
async function fireNow(a: RecipeAttempt, direct: boolean): Promise<ReplayOutcome> {
  a.firedAt = machineNow();
  let outcome = counted(a, await replaySteps(a.run, ctxFor(a, a.want), 'end'));
  if (direct && outcome.status === 'broken' && (outcome.at < commitStep(a.recipe) || !outcome.executed)) {
    a.s.log(`after opening the page by its address, recipe step ${outcome.at + 1} broke (${outcome.message}); walking the recipe from its start`);
    await restart(a);
    outcome = counted(a, await replaySteps(a.run, ctxFor(a, a.want), 'end'));
  }
  return outcome;
}

/** "Not open yet": the request was early (or the venue's clock is odd); re-send from the page the final steps began on. */
async function retryNotOpen(a: RecipeAttempt, first: ReplayOutcome): Promise<ReplayOutcome> {
  let outcome = first;
  const plan = a.plan;
  const retryUntil = plan ? plan.fireMachineMs + a.ro.retryForMs : 0;
  while (outcome.status === 'refused' && outcome.outcome?.code === 'not-yet-open' && plan && machineNow() < retryUntil) {
    a.notOpen++;
    a.s.log(`not open yet (retry ${a.notOpen}); sending again`);
    if (a.ro.retrySpacingMs) await new Promise((r) => setTimeout(r, a.ro.retrySpacingMs));
    if (!(await reenter(a.run, ctxFor(a, a.want), commitBlockStart(a.run)))) break;
    outcome = counted(a, await replaySteps(a.run, ctxFor(a, a.want), 'end'));
  }
  return outcome;
}

/** A lost race: the user's next choices, re-entering at the first step the choice changes. */
async function tryAlternatives(a: RecipeAttempt, first: ReplayOutcome): Promise<ReplayOutcome> {
  let outcome = first;
  for (const alt of a.alternatives) {
    const next: BookingWant = { ...a.want, ...(alt.time ? { time: alt.time } : {}), ...(alt.lane ? { lane: alt.lane } : {}) };
    const k = firstStepChangedBy(a.recipe, a.want, next, firstParamStep(a.recipe));
    const taken = outcome.status === 'refused' && outcome.outcome?.code === 'slot-taken';
    // With no model to follow (a cancellation check), a choice whose button is not on the page is taken too:
    // the step that broke is one the next choice changes, and nothing was sent.
    const absent = a.goal.heal === false && outcome.status === 'broken' && !outcome.executed && k >= 0 && k <= outcome.at;
    if (!taken && !absent) break;
    if (k < 0) { a.s.log('the recipe cannot express the next choice (it does not depend on time or lane)'); break; }
    a.s.log(`${taken ? 'slot taken' : 'no such free slot'}; trying ${next.lane ? `lane ${next.lane}` : ''}${next.time ? ` at ${next.time}` : ''}`);
    a.want = next;
    a.run.want = next;
    if (!(await reenter(a.run, ctxFor(a, a.want), k))) break;
    outcome = counted(a, await replaySteps(a.run, ctxFor(a, a.want), 'end'));
  }
  return outcome;
}

/** The result of a recipe run (no model): with the page's screenshot, awaited so the record never names one that was not written. */
async function finishRecipe(a: RecipeAttempt, r: Partial<BookResult> & { via: Via }): Promise<BookResult> {
  const { s, page, goal, plan } = a;
  // Awaited: a capture deferred past the answer could still fail (the fresh verification tab pushes this
  // one into the background), leaving the record naming a screenshot that was never written.
  const screenshot = await saveScreenshot(page, s.opts.artifactsDir, 'book');
  const finalUrl = page.isClosed() ? undefined : s.redact(page.url());
  return {
    claimedDone: false,
    steps: [...a.steps, ...a.run.steps],
    usage: emptyUsage(),
    ...(screenshot ? { screenshot } : {}),
    ...(finalUrl ? { finalUrl } : {}),
    harnessMs: Date.now() - a.t0,
    ...(goal.fireAt && plan ? { release: report(goal.fireAt, plan, a.firedAt, a.notOpen, a.lost) } : {}),
    ...r,
  };
}

/** What the replay came to: booked, refused, stopped (no model for this check), or broken — the model finishes. */
async function afterReplay(a: RecipeAttempt, outcome: ReplayOutcome, runModel: RunModel): Promise<BookResult> {
  const { s, want } = a;
  if (outcome.status === 'done') {
    s.log(`the recipe booked ${want.date}${want.time ? ` ${want.time}` : ''}${want.lane ? ` lane ${want.lane}` : ''} with no model call`);
    return finishRecipe(a, { via: 'recipe', claimedDone: true, booked: want });
  }
  if (outcome.status === 'refused') return finishRecipe(a, { via: 'recipe', failure: refusalFailure(outcome, s), booked: want });
  if (a.goal.heal === false) {
    s.log(`recipe step ${outcome.at + 1} stopped (${outcome.message}); not asking the model for this check`);
    return finishRecipe(a, {
      via: 'recipe',
      failure: failure('recipe-stopped', `Not booked: the learned steps stopped at step ${outcome.at + 1} (${outcome.message}), most likely because no matching slot is free.`),
      booked: want,
    });
  }
  return healWithModel(a, outcome, runModel);
}

/** Broken: the model finishes from this page, and the run that worked becomes the recipe. */
async function healWithModel(a: RecipeAttempt, outcome: ReplayOutcome, runModel: RunModel): Promise<BookResult> {
  const { s, page, recipe, want, goal, plan } = a;
  s.log(`recipe step ${outcome.at + 1} broke (${outcome.message}); the model takes over from ${s.redact(page.url())}`);
  const handoverUrl = page.url();
  const offset = a.steps.length + a.run.steps.length;
  const { result: m, sent } = await withRequests(s, () => runModelAfter(s, runModel, { instructions: goal.instructions, want }, offset));
  let healed: Recipe | undefined;
  if (m.claimedDone && !m.failure) {
    const observed: ObservedStep[] = [];
    const brokenStep = recipe.steps[outcome.at]!;
    if (outcome.executed) observed.push(observedFromRecipeStep(brokenStep, a.run.urls[outcome.at], handoverUrl, want));
    observed.push(...observedFromAgentSteps(m.steps, handoverUrl, sent));
    try {
      healed = healRecipe(recipe, outcome.at, observed, {
        want, startUrl: s.venue.startUrl, secrets: s.secrets,
        ...(m.finalUrl ? { finalUrl: m.finalUrl } : {}), ...(s.venue.dateOrder ? { dateOrder: s.venue.dateOrder } : {}),
      });
    } catch (e) {
      if (!(e instanceof LearnError)) throw e;
      s.log(`the healed run could not be written down as a recipe: ${e.message}`);
    }
  }
  const screenshot = m.screenshot ?? (await saveScreenshot(page, s.opts.artifactsDir, 'book'));
  return {
    claimedDone: m.claimedDone,
    ...(m.failure ? { failure: m.failure } : {}),
    steps: [...a.steps, ...a.run.steps, ...m.steps],
    usage: m.usage,
    ...(screenshot ? { screenshot } : {}),
    ...(m.finalUrl ? { finalUrl: m.finalUrl } : {}),
    harnessMs: Date.now() - a.t0 - m.usage.modelMs,
    via: 'recipe+model',
    booked: want,
    ...(healed ? { recipe: healed } : {}),
    ...(goal.fireAt && plan ? { release: report(goal.fireAt, plan, a.firedAt, a.notOpen, a.lost) } : {}),
  };
}

/** The first step of the run of steps that began on the same page as the commit step (e.g. open dialog + confirm). */
function commitBlockStart(run: ReplayRun): number {
  const c = commitStep(run.recipe);
  let k = c;
  while (k > 0 && run.urls[k - 1] && run.urls[k - 1] === run.urls[c]) k--;
  return k;
}

/** A recipe step that ran but led elsewhere, as an observation (its own postcondition relearned from where it led). */
function observedFromRecipeStep(step: Recipe['steps'][number], urlBefore: string | undefined, urlAfter: string, want: BookingWant): ObservedStep {
  const role = step.locators.find((l) => l.by === 'role');
  const render = (t: string) => t.replace(/\{\{\s*(date|time|lane)(?::\w+)?\s*\}\}/g, (m) => {
    try { return renderTemplate(m, want); } catch { return m; }
  });
  return {
    action: step.action,
    ...(role && role.by === 'role' ? { role: role.role, ...(role.name !== undefined ? { name: render(role.name) } : {}) } : {}),
    extra: step.locators.filter((l) => l !== role),
    ...(step.value !== undefined ? { value: render(step.value) } : {}),
    ...(step.key ? { key: step.key } : {}),
    ...(step.checked !== undefined ? { checked: step.checked } : {}),
    ...(step.url ? { url: render(step.url) } : {}),
    ...(urlBefore ? { urlBefore } : {}),
    urlAfter,
  };
}

function report(fireAt: Date, plan: FirePlan, firedAtMs: number, notOpenRetries: number, lostRaces: number): ReleaseReport {
  return {
    fireAt: fireAt.toISOString(),
    offsetMs: Math.round(plan.clock.offsetMs * 10) / 10,
    errorMs: Math.round(plan.clock.errorMs * 10) / 10,
    firedAtMs: firedAtMs || plan.fireMachineMs,
    notOpenRetries,
    lostRaces,
  };
}
