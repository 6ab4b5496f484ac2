// Replaying a recipe without the model: each step finds its element by the stored locators (lookup.ts), acts, and
// checks its postconditions (postconditions.ts); a venue refusal or a broken step is reported, never guessed around.
// Login steps run only when the page is logged out. The address shortcut is in direct-entry.ts.
import type { Locator, Page } from 'playwright-core';
import type { AgentAction } from '../types';
import { isPasswordSecret } from '../core/secret-names';
import { machineNow, sleepUntil } from '../core/clock';
import { isAllowedUrl, placeholdersIn, substituteSecrets } from '../browser/confine';
import { dismissCookieBanner } from '../browser/consent';
import { AgentError, isBrowserGone } from '../core/failure';
import { findLoginFrame, LATE_FORM_MS, loginIfNeeded, pageLoggedOut } from '../browser/login';
import { gotoSettled } from '../browser/settle';
import type { OutcomeCode } from '../page/outcome';
import { renderTemplate, stepTemplates, stepUsesBookingParams, TemplateError, type Postcondition, type Recipe, type RecipeStep } from './schema';
import { describeSpec } from './locator';
import { findTarget, renderSafe, type Found, type Lookup } from './lookup';
import { alertTexts, dec, refusalIn, safePath, urlMatches, waitPosts, type PostResult } from './postconditions';
import type { AgentStep, BookingWant } from '../types';

export interface ReplayContext {
  page: Page;
  want: BookingWant;
  /** The session's start URL: relative recipe URLs resolve against its origin. */
  startUrl: string;
  allowed: Set<string>;
  secrets: Map<string, string>;
  redact(s: string): string;
  /** Wait for a step's element (default 4 s): short, so a broken recipe hands over to the model quickly. */
  stepTimeoutMs?: number;
  /** Wait for a postcondition (default 10 s): a booking request may be slow at the opening rush. */
  postTimeoutMs?: number;
  /** Log in with the built-in form filler when a login form shows (default true). */
  loginHelper?: boolean;
  signal?: AbortSignal;
  log?(line: string): void;
  onStep?(step: AgentStep): void;
  /** Numbering of emitted steps continues from here. */
  firstIndex?: number;
  /**
   * Release firing: the first step of this call finds its element (and scrolls to it) first, then waits
   * for this machine time and acts at once, so nothing but the action itself happens after the opening.
   */
  holdUntil?: number;
  /** Called as step `i` (0-based) starts: a dry run names the step a held request came from. */
  onStepStart?(i: number): void;
}

/** Progress through one recipe on one page: where each step began (so a step can be re-entered). */
export interface ReplayRun {
  recipe: Recipe;
  want: BookingWant;
  /** Concrete URL the page showed before step i ran. */
  urls: (string | undefined)[];
  /** The next step to run. */
  next: number;
  steps: AgentStep[];
  /** True once a login form was answered during this run. */
  loggedIn?: boolean;
  /** Machine time (machineNow) a held step acted at. */
  firedAt?: number;
  /** Whether the current block of login steps runs (the page was logged out at its first step). */
  loginBlock?: boolean;
}

export type StopAt = 'end' | 'before-commit' | 'before-params';

export interface ReplayOutcome {
  status: 'done' | 'stopped' | 'broken' | 'refused';
  /** The step that broke or was refused, or where the run stopped. */
  at: number;
  /** broken: the step's action ran, but its postcondition did not hold. */
  executed?: boolean;
  /** What went wrong, user-readable and redacted. */
  message?: string;
  /** refused: what the venue said. */
  outcome?: { code: OutcomeCode | 'venue-refused'; text: string };
}

export function newRun(recipe: Recipe, want: BookingWant): ReplayRun {
  return { recipe, want, urls: [], next: 0, steps: [] };
}

/** Index of the first step that depends on the date/time/lane: the page before it is where to park. */
export function firstParamStep(recipe: Recipe): number {
  const i = recipe.steps.findIndex((s) => s.phase === 'book' && stepUsesBookingParams(s));
  return i < 0 ? commitStep(recipe) : i;
}

export function commitStep(recipe: Recipe): number {
  const i = recipe.steps.findIndex((s) => s.commit);
  return i < 0 ? recipe.steps.length - 1 : i;
}

/** The first step from `from` on whose rendering differs between two wants (where a fallback choice must re-enter). */
export function firstStepChangedBy(recipe: Recipe, a: BookingWant, b: BookingWant, from = 0): number {
  for (let i = from; i < recipe.steps.length; i++) {
    const s = recipe.steps[i]!;
    const differs = stepTemplates(s).some((t) => {
      try { return renderTemplate(t, a) !== renderTemplate(t, b); } catch { return true; }
    });
    if (differs) return i;
  }
  return -1;
}

export function absoluteUrl(template: string, want: BookingWant, base: string): string {
  return new URL(renderTemplate(template, want), base).toString();
}

async function frameUrlOf(loc: Locator, timeout: number): Promise<string> {
  const handle = await loc.elementHandle({ timeout });
  try {
    return (await handle?.ownerFrame())?.url() ?? 'about:unknown';
  } finally {
    await handle?.dispose();
  }
}

function agentActionOf(step: RecipeStep, i: number, url?: string): AgentAction {
  const ref = `recipe${i + 1}`;
  switch (step.action) {
    case 'click': return { action: 'click', ref, note: 'recipe' };
    case 'fill': return { action: 'fill', ref, value: step.value ?? '', note: 'recipe' };
    case 'select': return { action: 'select', ref, value: step.value ?? '', note: 'recipe' };
    case 'check': return { action: 'check', ref, checked: step.checked ?? true, note: 'recipe' };
    case 'press': return { action: 'press', key: step.key ?? 'Enter', note: 'recipe' };
    case 'navigate': return { action: 'navigate', url: url ?? step.url ?? '', note: 'recipe' };
  }
}

/** Gets the page to where the recipe starts (the start URL, unless already on the venue and not `fromStart`), logged in. */
export async function enterRecipe(run: ReplayRun, ctx: ReplayContext, fromStart = false): Promise<void> {
  const { page } = ctx;
  const timeout = ctx.stepTimeoutMs ?? 4000;
  if (fromStart || !/^https?:/.test(page.url()) || !isAllowedUrl(page.url(), ctx.allowed)) {
    await gotoSettled(page, absoluteUrl(run.recipe.startUrl, run.want, ctx.startUrl), Math.max(timeout, 15_000));
  }
  await ensureLoggedIn(run, ctx);
}

export async function ensureLoggedIn(run: ReplayRun, ctx: ReplayContext): Promise<void> {
  const timeout = ctx.stepTimeoutMs ?? 4000;
  if (ctx.loginHelper === false) {
    await dismissCookieBanner(ctx.page, timeout).catch(() => false);
    return;
  }
  if ((await loginIfNeeded(ctx.page, { secrets: ctx.secrets, allowed: ctx.allowed, timeoutMs: Math.max(timeout, 10_000) })) === 'logged-in') run.loggedIn = true;
}

/** Where a replay stops: after the last step, before the commit, or before the first step that depends on the booking. */
function stopIndex(recipe: Recipe, stopAt: StopAt): number {
  return stopAt === 'end' ? recipe.steps.length : stopAt === 'before-commit' ? commitStep(recipe) : firstParamStep(recipe);
}

/** The state of one replaySteps call, shared by its named steps. */
interface Walk {
  run: ReplayRun;
  ctx: ReplayContext;
  page: Page;
  want: BookingWant;
  recipe: Recipe;
  stop: number;
  stepTimeout: number;
  postTimeout: number;
  checkedBannerFor: string;
  sessionRetried: boolean;
  hold: number | undefined;
  /** Steps clicked a second time because the first click changed nothing (a widget redrawn under it). */
  clickedAgain?: Set<number>;
}

/** What one step came to: go on with the next, do the same step again (after a fresh login), or end the walk. */
type StepResult = { next: true } | { again: true } | { end: ReplayOutcome };

/** The record of one step: numbered, redacted, reported to the listener and the log. */
function recorder(w: Walk, i: number, started: number) {
  const step = w.recipe.steps[i]!;
  return (ok: boolean, message: string, extra: Partial<AgentStep> = {}) => {
    const { ctx, page, run } = w;
    const s: AgentStep = {
      index: (ctx.firstIndex ?? 0) + run.steps.length,
      action: agentActionOf(step, i, extra.url && step.action === 'navigate' ? extra.url : undefined),
      ok,
      message: ctx.redact(message),
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      url: ctx.redact(page.isClosed() ? '' : page.url()),
      source: 'recipe',
      ...extra,
    };
    if (s.target) s.target = ctx.redact(s.target);
    if (s.locator) s.locator = ctx.redact(s.locator);
    run.steps.push(s);
    try { ctx.onStep?.(s); } catch { /* a listener's bug must not end the attempt */ }
    ctx.log?.(`recipe step ${i + 1}/${w.recipe.steps.length}: ${step.action}${s.target ? ` [${s.target}]` : ''} → ${ok ? 'ok' : 'failed'}${ok ? '' : `: ${s.message}`}`);
  };
}
type Record_ = ReturnType<typeof recorder>;

/**
 * Login steps are optional: a block of them (the click that opens the form, the fills, the submit) runs only
 * when the page is logged out, judged by its state at the block's first step; the harness usually logged in already.
 */
async function skipsLoginStep(w: Walk, i: number): Promise<boolean> {
  const step = w.recipe.steps[i]!;
  if (step.phase !== 'login') return false;
  const blockStart = i === 0 || w.recipe.steps[i - 1]!.phase !== 'login' || w.run.loginBlock === undefined;
  if (blockStart) w.run.loginBlock = await pageLoggedOut(w.page);
  return !w.run.loginBlock;
}

/** Logs in again after the venue ended the session, and goes back to the page the step began on. */
async function loginAgain(w: Walk, i: number, always = false): Promise<void> {
  w.sessionRetried = true;
  await ensureLoggedIn(w.run, w.ctx);
  const url = w.run.urls[i];
  if (url && (always || w.page.url() !== url)) await w.page.goto(url, { timeout: w.postTimeout, waitUntil: 'domcontentloaded' }).catch(() => undefined);
}

/** Waits for the release instant, if this step is the held one. */
async function fireIfHeld(w: Walk): Promise<void> {
  if (w.hold === undefined) return;
  await sleepUntil(w.hold, w.ctx.signal);
  w.run.firedAt = machineNow();
  w.hold = undefined;
}

/** The step's element is not on the page: a refusal, an ended session, or a broken recipe. */
async function targetMissing(w: Walk, i: number, record: Record_, target: string | undefined, lookup: Lookup): Promise<StepResult> {
  const { page } = w;
  const step = w.recipe.steps[i]!;
  const refused = refusalIn(await alertTexts(page), new Set());
  if (refused?.code === 'session-expired' && !w.sessionRetried) { await loginAgain(w, i); return { again: true }; }
  if (refused) { record(false, `The venue said: "${refused.text}"`, target ? { target } : {}); return { end: { status: 'refused', at: i, outcome: refused, message: refused.text } }; }
  if (!w.sessionRetried && step.phase !== 'login' && (await findLoginFrame(page))) { await loginAgain(w, i); return { again: true }; }
  const what = target ?? describeSpec(step.locators[0]!);
  const msg = lookup.ambiguous
    ? `${lookup.ambiguous} on ${safePath(page.url())}`
    : step.phase === 'login'
      ? `login step ${i + 1} (${step.action} ${what}): not found on ${safePath(page.url())} within ${Math.round(Math.max(w.stepTimeout, LATE_FORM_MS) / 1000)} s, and the page is not logged in`
      : `could not find ${what} on ${safePath(page.url())}`;
  record(false, msg, target ? { target } : {});
  return { end: { status: 'broken', at: i, executed: false, message: msg } };
}

/** Does the step's action: a navigation, a bare key press, or finding its element and acting on it. */
async function actOnStep(w: Walk, i: number, record: Record_, target: string | undefined, early: unknown, bannerAnswered: boolean): Promise<{ found?: Found } | StepResult> {
  const { page, want, ctx } = w;
  const step = w.recipe.steps[i]!;
  if (step.action === 'navigate') {
    const url = absoluteUrl(step.url!, want, ctx.startUrl);
    if (!isAllowedUrl(url, ctx.allowed)) { record(false, `the recipe navigates off the venue's site (${new URL(url).origin})`); return { end: { status: 'broken', at: i, message: 'navigation outside the allowed origins' } }; }
    await fireIfHeld(w);
    await page.goto(url, { timeout: w.postTimeout, waitUntil: 'domcontentloaded' });
    return {};
  }
  if (step.action === 'press' && step.locators.length === 0) {
    await fireIfHeld(w);
    await page.keyboard.press(step.key === 'Space' ? ' ' : step.key!);
    return {};
  }
  if (early instanceof Error) throw early;
  const timeout = lookupTimeout(w, step);
  let lookup = (early ?? {}) as Lookup;
  if (bannerAnswered) lookup = await findTarget(page, step.locators, want, timeout);
  if (!lookup.found && (await dismissCookieBanner(page, w.stepTimeout).catch(() => false))) lookup = await findTarget(page, step.locators, want, timeout);
  if (!lookup.found) return targetMissing(w, i, record, target, lookup);
  const found = lookup.found;
  if (w.hold !== undefined) {
    // Everything that can be done before the opening is done now; at the instant only the action runs,
    // without Playwright's wait for the element to hold still (it has been still for a while).
    await found.loc.scrollIntoViewIfNeeded({ timeout: w.stepTimeout }).catch(() => undefined);
    await fireIfHeld(w);
    await act(step, found.loc, want, ctx, w.stepTimeout, true);
  } else {
    await act(step, found.loc, want, ctx, w.stepTimeout);
  }
  return { found };
}

/** A login step waits longer: the form may be written in by a script well after the page loaded. */
function lookupTimeout(w: Walk, step: RecipeStep): number {
  return step.phase === 'login' ? Math.max(w.stepTimeout, LATE_FORM_MS) : w.stepTimeout;
}

/** After acting: the postconditions, and what to do when they do not hold (log in again, repair by address, or stop). */
async function judgeStep(w: Walk, i: number, record: Record_, res: PostResult, extra: Partial<AgentStep>, found: Found | undefined): Promise<StepResult> {
  const { page, want } = w;
  const step = w.recipe.steps[i]!;
  if (res.ok) {
    const how = found && found.index > 0 ? `replayed with a fallback locator (${found.spec.by})` : 'replayed';
    record(true, found?.note ? `${how}; ${found.note}` : how, extra);
    return { next: true };
  }
  if (res.refused?.code === 'session-expired' && !w.sessionRetried) { await loginAgain(w, i, true); return { again: true }; }
  if (res.refused) { record(false, res.message, extra); return { end: { status: 'refused', at: i, outcome: res.refused, message: res.refused.text } }; }
  // The step landed on a login form: the session ended under us. Log in and do the step again, once.
  if (!w.sessionRetried && step.phase !== 'login' && w.run.urls[i] && (await findLoginFrame(page))) {
    record(false, `${res.message}; the venue asked for a login, logging in again`, extra);
    await loginAgain(w, i, true);
    return { again: true };
  }
  // A click that changed nothing — no new address, on a step that sends nothing — most often hit a widget while it
  // redrew (a calendar re-rendering its events): find the element again and click once more.
  const urlBefore = w.run.urls[i];
  if (step.action === 'click' && !step.commit && !step.sends?.length && urlBefore === page.url() && !w.clickedAgain?.has(i)) {
    (w.clickedAgain ??= new Set()).add(i);
    record(false, `${res.message}; the click changed nothing, clicking it again once`, extra);
    return { again: true };
  }
  // A date the page reached by a relative control ("Next week") that landed elsewhere: open the wanted URL itself.
  const repaired = !step.commit && (await repairByUrl(page, step, want, w.postTimeout));
  if (!repaired) { record(false, res.message, extra); return { end: { status: 'broken', at: i, executed: true, message: res.message } }; }
  record(true, 'replayed; the wanted page was opened by its address', extra);
  return { next: true };
}

/** One step: look up, act, check. */
async function runStep(w: Walk, i: number): Promise<StepResult> {
  const { page, want, recipe } = w;
  const step = recipe.steps[i]!;
  w.run.urls[i] = page.url();
  const started = Date.now();
  const record = recorder(w, i, started);
  let target: string | undefined;
  try {
    target = step.describe ? renderTemplate(step.describe, want) : undefined;
  } catch (e) {
    if (e instanceof TemplateError) { record(false, e.message); return { end: { status: 'broken', at: i, message: e.message } }; }
    throw e;
  }
  w.ctx.onStepStart?.(i);

  // The banner check, the alerts already showing and the element lookup are independent: done together,
  // so a parked page fires after one round of queries instead of three.
  const bannerCheck = page.url() !== w.checkedBannerFor ? dismissCookieBanner(page, w.stepTimeout).catch(() => false) : Promise.resolve(false);
  w.checkedBannerFor = page.url();
  const lookup = step.action === 'navigate' || (step.action === 'press' && step.locators.length === 0)
    ? Promise.resolve(undefined)
    : findTarget(page, step.locators, want, lookupTimeout(w, step));
  const [bannerAnswered, alertsBefore, early] = await Promise.all([bannerCheck, alertTexts(page), lookup.catch((e: unknown) => e)]);
  const before = new Set(alertsBefore);
  const nav = { happened: false, at: 0 };
  const onNav = (f: import('playwright-core').Frame) => { if (f === page.mainFrame()) { nav.happened = true; nav.at = Date.now(); } };
  page.on('framenavigated', onNav);
  // The listener stays on through the postcondition wait: a click returns before its navigation commits.
  let found: Found | undefined;
  try {
    let acted: { found?: Found } | StepResult;
    try {
      acted = await actOnStep(w, i, record, target, early, bannerAnswered);
    } catch (e) {
      if (isBrowserGone(e) || (e instanceof AgentError && e.code === 'aborted')) throw e;
      const msg = e instanceof AgentError ? e.message : `the step failed: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 200)}`;
      record(false, msg, { ...(target ? { target } : {}) });
      return { end: { status: 'broken', at: i, executed: false, message: msg } };
    }
    if ('end' in acted || 'again' in acted || 'next' in acted) return acted as StepResult;
    found = acted.found;
    const posts = i === w.stop - 1 && step.commit ? [...step.post, ...recipe.done.filter((d) => !step.post.some((p) => JSON.stringify(p) === JSON.stringify(d)))] : step.post;
    const res = await waitPosts(page, posts, want, found?.loc, before, nav, step.commit ? w.postTimeout : Math.min(w.postTimeout, Math.max(w.stepTimeout, 5000)));
    const extra = { ...(target ? { target } : {}), ...(found ? { locator: renderSafe(describeSpec(found.spec), want) } : {}) };
    return await judgeStep(w, i, record, res, extra, found);
  } finally {
    page.off('framenavigated', onNav);
  }
}

/**
 * Runs steps from `run.next` until the stop point. Never throws for page trouble: a step that cannot be
 * done ends the run as 'broken' (for the model to take over) or 'refused' (the venue said no).
 */
export async function replaySteps(run: ReplayRun, ctx: ReplayContext, stopAt: StopAt = 'end'): Promise<ReplayOutcome> {
  const w: Walk = {
    run, ctx, page: ctx.page, want: run.want, recipe: run.recipe,
    stop: stopIndex(run.recipe, stopAt),
    stepTimeout: ctx.stepTimeoutMs ?? 4000,
    postTimeout: ctx.postTimeoutMs ?? 10_000,
    checkedBannerFor: '',
    sessionRetried: false,
    hold: ctx.holdUntil,
  };
  while (run.next < w.stop) {
    if (ctx.signal?.aborted) throw new AgentError('aborted', 'The attempt was cancelled.');
    if (await skipsLoginStep(w, run.next)) { run.next++; continue; }
    const r = await runStep(w, run.next);
    if ('end' in r) return r.end;
    if ('next' in r) run.next++;
  }
  run.loginBlock = undefined;
  if (w.stop === run.recipe.steps.length) return { status: 'done', at: w.stop };
  return { status: 'stopped', at: w.stop };
}

async function repairByUrl(page: Page, step: RecipeStep, want: BookingWant, timeout: number): Promise<boolean> {
  const post = step.post.find((p): p is Extract<Postcondition, { kind: 'url' }> => p.kind === 'url');
  if (!post || !Object.keys(post.query).length || post.path.includes('*')) return false;
  let u: URL;
  try { u = new URL(page.url()); } catch { return false; }
  const path = post.path.split('/').map((seg) => encodeURIComponent(dec(renderTemplate(seg, want)))).join('/');
  if (path !== u.pathname) return false;
  for (const [k, v] of Object.entries(post.query)) u.searchParams.set(k, renderTemplate(v, want));
  const res = await page.goto(u.toString(), { timeout, waitUntil: 'domcontentloaded' }).catch(() => null);
  return !!res && res.ok() && urlMatches(page.url(), post, want);
}

async function act(step: RecipeStep, loc: Locator, want: BookingWant, ctx: ReplayContext, timeout: number, fast = false): Promise<void> {
  switch (step.action) {
    case 'click': await loc.click({ timeout, ...(fast ? { force: true } : {}) }); return;
    case 'check': await loc.setChecked(step.checked ?? true, { timeout, ...(fast ? { force: true } : {}) }); return;
    case 'press': await loc.press(step.key === 'Space' ? ' ' : step.key!, { timeout }); return;
    case 'select': {
      const v = renderTemplate(step.value ?? '', want);
      if (placeholdersIn(v).length) throw new AgentError('recipe-broken', 'Secrets cannot be used in a select.');
      try { await loc.selectOption({ label: v }, { timeout }); } catch { await loc.selectOption(v, { timeout }); }
      return;
    }
    case 'fill': {
      const v = renderTemplate(step.value ?? '', want);
      const names = placeholdersIn(v);
      if (names.some(isPasswordSecret)) {
        const type = (await loc.getAttribute('type', { timeout }).catch(() => null)) ?? '';
        if (type.toLowerCase() !== 'password') throw new AgentError('recipe-broken', 'A password may only be typed into a password field.');
      }
      const frameUrl = names.length ? await frameUrlOf(loc, timeout) : ctx.page.url();
      const sub = substituteSecrets(v, frameUrl, ctx.allowed, ctx.secrets);
      if (!sub.ok) throw new AgentError('recipe-broken', sub.error);
      await loc.fill(sub.value, { timeout });
      return;
    }
    case 'navigate': return;
  }
}

/** Re-enters the recipe at step `i` on a fresh copy of the page it began on (after a refusal or for a fallback choice). */
export async function reenter(run: ReplayRun, ctx: ReplayContext, i: number): Promise<boolean> {
  let k = i;
  while (k > 0 && !run.urls[k]) k--;
  const url = run.urls[k];
  if (!url) return false;
  await ctx.page.goto(url, { timeout: ctx.postTimeoutMs ?? 10_000, waitUntil: 'domcontentloaded' });
  run.next = k;
  return true;
}

/** Whether step `i`'s element can be found on the current page right now (a dry run's last check). */
export async function stepTargetPresent(run: ReplayRun, ctx: ReplayContext, i: number): Promise<boolean> {
  const step = run.recipe.steps[i];
  if (!step || step.locators.length === 0) return !!step;
  return !!(await findTarget(ctx.page, step.locators, run.want, ctx.stepTimeoutMs ?? 4000)).found;
}
