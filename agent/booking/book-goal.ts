// One booking with recipes: replay the stored recipe without the model (at the opening instant when asked),
// retry "not open yet", fall back through the user's other choices, hand a broken recipe to the model
// (self-heal), and leave a new or healed recipe for the service to keep once verification finds the booking.
import { z } from 'zod';
import { saveScreenshot, venueWords } from '../browser/evidence';
import { AgentError, failure, toFailure } from '../core/failure';
import { renderTemplate, type Recipe } from '../recipes/schema';
import { healRecipe, learnRecipe, LearnError, observedFromAgentSteps, type ObservedStep } from '../recipes/learn';
import { machineNow, sleepUntil } from '../core/clock';
import {
  commitStep, enterRecipe, enterRecipeDirect, firstParamStep, firstStepChangedBy, newRun, reenter, replaySteps,
  type ReplayContext, type ReplayOutcome, type ReplayRun,
} from '../recipes/replay';
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

function learnFromModel(s: SessionState, r: BookResult, want: BookingWant, startUrl: string): Recipe | undefined {
  try {
    return learnStrict(s, r, want, startUrl);
  } catch (e) {
    // Learning is a bonus on top of a booking: it must never turn a booked run into a failed one.
    s.log(`no recipe learned: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

function learnStrict(s: SessionState, r: BookResult, want: BookingWant, startUrl: string): Recipe | undefined {
  try {
    return learnRecipe(observedFromAgentSteps(r.steps, startUrl), {
      want, startUrl: s.venue.startUrl, source: 'model', secrets: s.secrets,
      ...(r.finalUrl ? { finalUrl: r.finalUrl } : {}), ...(s.venue.dateOrder ? { dateOrder: s.venue.dateOrder } : {}),
    });
  } catch (e) {
    if (e instanceof LearnError) { s.log(`no recipe learned: ${e.message}`); return undefined; }
    throw e;
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
  const t0 = Date.now();
  const ro = ReleaseOptionsSchema.parse(goal.release ?? {});
  const alternatives = z.array(AlternativeSchema).max(20).parse(goal.alternatives ?? []);
  const recipe = usableRecipe(s, goal.recipe);
  const base = { instructions: goal.instructions, want: goal.want };

  if (!recipe) {
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
    const r = await runModel(s, base);
    const learned = r.claimedDone && !r.failure ? learnFromModel(s, r, goal.want, startUrl) : undefined;
    return {
      ...r,
      via: 'model',
      booked: goal.want,
      ...(learned ? { recipe: learned } : {}),
      ...(plan && goal.fireAt ? { release: report(goal.fireAt, plan, plan.fireMachineMs, 0, 0) } : {}),
    };
  }

  const page = await mainPage(s, { navigates: true });
  page.setDefaultTimeout(s.actionTimeoutMs);
  let want = goal.want;
  const steps: AgentStep[] = [];
  let run: ReplayRun = takeParkedRun(s, recipe) ?? newRun(recipe, want);
  run.want = want;
  // Step numbers continue over runs that were started again (a fresh login before the opening).
  const ctxFor = (w: BookingWant, extra: Partial<ReplayContext> = {}) => replayContext(s, page, w, { firstIndex: steps.length, ...extra });
  let plan: FirePlan | undefined;
  let firedAt = 0;
  let notOpen = 0;
  let lost = 0;
  let outcome: ReplayOutcome;
  let stale = false;
  const counted = (o: ReplayOutcome): ReplayOutcome => {
    if (o.status === 'refused' && o.outcome?.code === 'slot-taken') lost++;
    return o;
  };

  const finish = async (r: Partial<BookResult> & { via: Via }): Promise<BookResult> => {
    // Awaited: a capture deferred past the answer could still fail (the fresh verification tab pushes this
    // one into the background), leaving the record naming a screenshot that was never written.
    const screenshot = await saveScreenshot(page, s.opts.artifactsDir, 'book');
    const finalUrl = page.isClosed() ? undefined : s.redact(page.url());
    return {
      claimedDone: false,
      steps: [...steps, ...run.steps],
      usage: emptyUsage(),
      ...(screenshot ? { screenshot } : {}),
      ...(finalUrl ? { finalUrl } : {}),
      harnessMs: Date.now() - t0,
      ...(goal.fireAt && plan ? { release: report(goal.fireAt, plan, firedAt, notOpen, lost) } : {}),
      ...r,
    };
  };

  try {
    if (s.loginFailure) throw new AgentError(s.loginFailure.code, s.loginFailure.message, s.loginFailure.kind);
    // Not parked by prepare(): always from the start page, whatever this page showed before. Booking now
    // (no opening to wait for), the pages the recipe only clicks through are skipped when their address is known.
    let direct = false;
    if (run.next === 0) {
      if (goal.fireAt) await enterRecipe(run, ctxFor(want), true);
      else direct = await enterRecipeDirect(run, ctxFor(want));
    }
    if (goal.fireAt) {
      // Walk as far as the page allows before the opening, but never the step that sends the booking.
      const walk = await replaySteps(run, ctxFor(want, { stepTimeoutMs: 3000 }), 'before-commit');
      const resumeAt = run.next;
      stale = walk.status !== 'stopped';
      if (stale) s.log(`before the opening the recipe stopped at step ${resumeAt + 1} (${walk.message ?? walk.status}); it resumes there once the window opens`);
      plan = await waitForOpening(s, goal.fireAt, ro, async () => {
        steps.push(...run.steps);
        run = newRun(recipe!, want);
        await enterRecipe(run, ctxFor(want), true);
        await replaySteps(run, ctxFor(want, { stepTimeoutMs: 3000 }), 'before-commit');
      }, goal.clock, stale ? 0 : HOLD_LEAD_MS);
      if (stale && run.next === resumeAt && resumeAt > 0) await reenter(run, ctxFor(want), resumeAt);
    }
    if (plan && !stale) {
      // Parked right before the final step: find its element now, act at the instant.
      outcome = counted(await replaySteps(run, ctxFor(want, { holdUntil: plan.fireMachineMs }), 'end'));
      if (run.firedAt === undefined) {
        // It could not even get ready (the page changed while parked): start over at the opening.
        s.log(`the parked page was not ready (${outcome.message ?? outcome.status}); reloading it at the opening`);
        await sleepUntil(plan.fireMachineMs, s.opts.signal);
        firedAt = machineNow();
        if (outcome.status === 'broken' && (await reenter(run, ctxFor(want), outcome.at))) outcome = counted(await replaySteps(run, ctxFor(want), 'end'));
      } else {
        firedAt = run.firedAt;
      }
    } else {
      firedAt = machineNow();
      outcome = counted(await replaySteps(run, ctxFor(want), 'end'));
      // The shortcut may have skipped something the venue needed: before the model is asked, the whole recipe
      // is walked from its start, unless the booking request itself already went out.
      if (direct && outcome.status === 'broken' && (outcome.at < commitStep(recipe) || !outcome.executed)) {
        s.log(`after opening the page by its address, recipe step ${outcome.at + 1} broke (${outcome.message}); walking the recipe from its start`);
        steps.push(...run.steps);
        run = newRun(recipe, want);
        await enterRecipe(run, ctxFor(want), true);
        outcome = counted(await replaySteps(run, ctxFor(want), 'end'));
      }
    }

    // "Not open yet": the request was early (or the venue's clock is odd); re-send from the page the final steps began on.
    const retryUntil = plan ? plan.fireMachineMs + ro.retryForMs : 0;
    while (outcome.status === 'refused' && outcome.outcome?.code === 'not-yet-open' && plan && machineNow() < retryUntil) {
      notOpen++;
      s.log(`not open yet (retry ${notOpen}); sending again`);
      if (ro.retrySpacingMs) await new Promise((r) => setTimeout(r, ro.retrySpacingMs));
      if (!(await reenter(run, ctxFor(want), commitBlockStart(run)))) break;
      outcome = counted(await replaySteps(run, ctxFor(want), 'end'));
    }

    // A lost race: the user's next choices, re-entering at the first step the choice changes.
    for (const alt of alternatives) {
      const next: BookingWant = { ...want, ...(alt.time ? { time: alt.time } : {}), ...(alt.lane ? { lane: alt.lane } : {}) };
      const k = firstStepChangedBy(recipe, want, next, firstParamStep(recipe));
      const taken = outcome.status === 'refused' && outcome.outcome?.code === 'slot-taken';
      // With no model to follow (a cancellation check), a choice whose button is not on the page is taken too:
      // the step that broke is one the next choice changes, and nothing was sent.
      const absent = goal.heal === false && outcome.status === 'broken' && !outcome.executed && k >= 0 && k <= outcome.at;
      if (!taken && !absent) break;
      if (k < 0) { s.log('the recipe cannot express the next choice (it does not depend on time or lane)'); break; }
      s.log(`${taken ? 'slot taken' : 'no such free slot'}; trying ${next.lane ? `lane ${next.lane}` : ''}${next.time ? ` at ${next.time}` : ''}`);
      want = next;
      run.want = next;
      if (!(await reenter(run, ctxFor(want), k))) break;
      outcome = counted(await replaySteps(run, ctxFor(want), 'end'));
    }
  } catch (e) {
    return finish({ via: 'recipe', failure: toFailure(e, s.redact, s.opts.signal) });
  }

  if (outcome.status === 'done') {
    s.log(`the recipe booked ${want.date}${want.time ? ` ${want.time}` : ''}${want.lane ? ` lane ${want.lane}` : ''} with no model call`);
    return finish({ via: 'recipe', claimedDone: true, booked: want });
  }
  if (outcome.status === 'refused') {
    return finish({ via: 'recipe', failure: refusalFailure(outcome, s), booked: want });
  }

  if (goal.heal === false) {
    s.log(`recipe step ${outcome.at + 1} stopped (${outcome.message}); not asking the model for this check`);
    return finish({
      via: 'recipe',
      failure: failure('recipe-stopped', `Not booked: the learned steps stopped at step ${outcome.at + 1} (${outcome.message}), most likely because no matching slot is free.`),
      booked: want,
    });
  }

  // Broken: the model finishes from this page, and the run that worked becomes the recipe.
  s.log(`recipe step ${outcome.at + 1} broke (${outcome.message}); the model takes over from ${s.redact(page.url())}`);
  const handoverUrl = page.url();
  const offset = steps.length + run.steps.length;
  const m = await runModelAfter(s, runModel, { instructions: goal.instructions, want }, offset);
  let healed: Recipe | undefined;
  if (m.claimedDone && !m.failure) {
    const observed: ObservedStep[] = [];
    const brokenStep = recipe.steps[outcome.at]!;
    if (outcome.executed) observed.push(observedFromRecipeStep(brokenStep, run.urls[outcome.at], handoverUrl, want));
    observed.push(...observedFromAgentSteps(m.steps, handoverUrl));
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
    steps: [...steps, ...run.steps, ...m.steps],
    usage: m.usage,
    ...(screenshot ? { screenshot } : {}),
    ...(m.finalUrl ? { finalUrl: m.finalUrl } : {}),
    harnessMs: Date.now() - t0 - m.usage.modelMs,
    via: 'recipe+model',
    booked: want,
    ...(healed ? { recipe: healed } : {}),
    ...(goal.fireAt && plan ? { release: report(goal.fireAt, plan, firedAt, notOpen, lost) } : {}),
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
