// Replaying a recipe without the model: each step finds its element by the stored locators (most durable
// first), acts, and checks its postcondition; a venue refusal or a broken step is reported, never guessed around.
import type { Locator, Page } from 'playwright-core';
import type { AgentAction } from '../types';
import { isPasswordSecret } from '../core/secret-names';
import { machineNow, sleepUntil } from '../core/clock';
import { isAllowedUrl, placeholdersIn, substituteSecrets } from '../browser/confine';
import { dismissCookieBanner } from '../browser/consent';
import { AgentError, isBrowserGone } from '../core/failure';
import { findLoginFrame, LATE_FORM_MS, loginIfNeeded, pageLoggedOut } from '../browser/login';
import { classifyText, type OutcomeCode } from '../page/outcome';
import {
  renderTemplate, stepTemplates, stepUsesBookingParams, TemplateError,
  type LocatorSpec, type PageSignature, type Postcondition, type Recipe, type RecipeStep,
} from './schema';
import { PAGE_SIGNATURE_SCRIPT } from './page-dom';
import { allEquivalent, describeSpec, isPageResolved, liveLocator, LocatorCodeError, pickInPage, resolveLocator } from './locator';
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

export function urlMatches(url: string, post: Extract<Postcondition, { kind: 'url' }>, want: BookingWant): boolean {
  let u: URL;
  try { u = new URL(url); } catch { return false; }
  const want_ = post.path.split('/');
  const have = u.pathname.split('/');
  if (want_.length !== have.length) return false;
  for (let i = 0; i < want_.length; i++) {
    const w = want_[i]!;
    const h = dec(have[i]!);
    if (w === '*') { if (!h) return false; continue; }
    if (dec(renderTemplate(w, want)) !== h) return false;
  }
  for (const [k, v] of Object.entries(post.query)) if (u.searchParams.get(k) !== renderTemplate(v, want)) return false;
  return true;
}

function dec(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}

async function alertTexts(page: Page): Promise<string[]> {
  try {
    const texts = await page.getByRole('alert').allInnerTexts();
    return texts.map((t) => t.trim()).filter(Boolean);
  } catch {
    return [];
  }
}

/** The venue's answer among alerts that were not there before the action. */
function refusalIn(alerts: string[], before: Set<string>): { code: OutcomeCode | 'venue-refused'; text: string } | undefined {
  for (const text of alerts) {
    if (before.has(text)) continue;
    const code = classifyText(text);
    if (code) return { code, text: text.slice(0, 200) };
  }
  return undefined;
}

interface Found { loc: Locator; spec: LocatorSpec; index: number; note?: string }

/** What a lookup gave: the element, or why none could be taken. */
type Lookup = { found: Found; ambiguous?: undefined } | { found?: undefined; ambiguous?: string };

interface Candidate { spec: LocatorSpec; index: number; loc?: Locator }

/**
 * One look at the page for one stored locator: the element when exactly one visible matches, or when several
 * match and all are the same control (a toolbar repeated at the bottom: the first visible is taken). Several
 * different matches are never guessed between: the lookup says so, and a later locator may still tell them apart.
 */
async function tryCandidate(page: Page, c: Candidate, want: BookingWant): Promise<{ found?: Found; ambiguous?: string }> {
  let loc: Locator;
  try {
    loc = isPageResolved(c.spec) ? (await pickInPage(page, c.spec, want)).loc : c.loc!;
  } catch (e) {
    if (isBrowserGone(e)) throw e;
    return {};
  }
  const visible = loc.filter({ visible: true });
  const n = await visible.count().catch(() => 0);
  if (n === 1) return { found: { loc: visible, spec: c.spec, index: c.index } };
  if (n < 2) return {};
  if (await allEquivalent(visible)) return { found: { loc: visible.first(), spec: c.spec, index: c.index, note: `the first of ${n} identical controls` } };
  return { ambiguous: `${n} different elements match ${renderSafe(describeSpec(c.spec), want)}, and the recipe has nothing to tell them apart by` };
}

/** The first stored locator (most durable first) that points at one element, waiting up to `timeoutMs` for the page. */
async function findTarget(page: Page, specs: LocatorSpec[], want: BookingWant, timeoutMs: number): Promise<Lookup> {
  const cands: Candidate[] = [];
  specs.forEach((spec, index) => {
    if (isPageResolved(spec)) { cands.push({ spec, index }); return; }
    try { cands.push({ spec, index, loc: resolveLocator(page, spec, want) }); } catch (e) {
      if (!(e instanceof LocatorCodeError) && !(e instanceof TemplateError)) throw e;
    }
  });
  if (!cands.length) return {};
  let union: Locator | undefined;
  for (const c of cands) {
    if (!c.loc) continue;
    try { union = union ? union.or(c.loc) : c.loc; } catch { /* a locator in another frame cannot join the union */ }
  }
  const deadline = Date.now() + timeoutMs;
  let ambiguous: string | undefined;
  for (;;) {
    // The most durable locator is nearly always the one: it is tried alone first, the fallbacks only when it fails.
    const first = await tryCandidate(page, cands[0]!, want);
    if (first.found) return { found: first.found };
    const rest = await Promise.all(cands.slice(1).map((c) => tryCandidate(page, c, want)));
    const hit = rest.find((r) => r.found);
    if (hit?.found) return { found: hit.found };
    ambiguous = first.ambiguous ?? rest.find((r) => r.ambiguous)?.ambiguous ?? ambiguous;
    const left = deadline - Date.now();
    if (left <= 0) return ambiguous ? { ambiguous } : {};
    if (union && !ambiguous) {
      try { await union.first().waitFor({ state: 'visible', timeout: Math.min(left, cands.some((c) => !c.loc) ? 250 : left) }); } catch (e) { if (isBrowserGone(e)) throw e; }
    } else {
      await new Promise((r) => setTimeout(r, Math.min(left, 150)));
    }
  }
}

async function frameUrlOf(loc: Locator, timeout: number): Promise<string> {
  const handle = await loc.elementHandle({ timeout });
  try {
    return (await handle?.ownerFrame())?.url() ?? 'about:unknown';
  } finally {
    await handle?.dispose();
  }
}

async function checkPost(page: Page, p: Postcondition, want: BookingWant, own: Locator | undefined): Promise<boolean> {
  switch (p.kind) {
    case 'url': return urlMatches(page.url(), p, want);
    case 'visible':
    case 'hidden': {
      let visible = false;
      try { visible = await (await liveLocator(page, p.locator, want)).first().isVisible(); } catch (e) { if (isBrowserGone(e)) throw e; }
      return p.kind === 'visible' ? visible : !visible;
    }
    case 'checked': return own ? (await own.isChecked().catch(() => !p.checked)) === p.checked : true;
    case 'value': return own ? (await own.inputValue().catch(() => '')) === renderTemplate(p.value, want) : true;
  }
}

function describePost(p: Postcondition, want: BookingWant): string {
  const r = (t: string) => { try { return renderTemplate(t, want); } catch { return t; } };
  switch (p.kind) {
    case 'url': return `the page ${r(p.path)}${Object.keys(p.query).length ? `?${Object.entries(p.query).map(([k, v]) => `${k}=${r(v)}`).join('&')}` : ''}`;
    case 'visible': return `${r(describeSpec(p.locator))} to show`;
    case 'hidden': return `${r(describeSpec(p.locator))} to go away`;
    case 'checked': return p.checked ? 'the option to be checked' : 'the option to be unchecked';
    case 'value': return 'the field to hold the value';
  }
}

type PostResult = { ok: true } | { ok: false; refused?: { code: OutcomeCode | 'venue-refused'; text: string }; message: string };

/** Waits for every postcondition, failing fast when the venue answers with a refusal. */
/** After a navigation, how long a page may still move on (a script redirect) before its URL counts. */
const SETTLED_MS = 400;

async function waitPosts(page: Page, posts: Postcondition[], want: BookingWant, own: Locator | undefined, before: Set<string>, nav: { happened: boolean; at: number }, timeoutMs: number): Promise<PostResult> {
  const deadline = Date.now() + timeoutMs;
  let lastAlertCheck = 0;
  for (;;) {
    let all = true;
    for (const p of posts) {
      if (!(await checkPost(page, p, want, own))) { all = false; break; }
    }
    if (all) return { ok: true };
    // The page went somewhere else and stayed there: no need to wait out the timeout.
    if (nav.happened && Date.now() - nav.at > SETTLED_MS && posts.some((p) => p.kind === 'url') && !(await checkPost(page, posts.find((p) => p.kind === 'url')!, want, own))) {
      const refused = refusalIn(await alertTexts(page), new Set());
      if (refused) return { ok: false, refused, message: `The venue said: "${refused.text}"` };
      return { ok: false, message: `expected ${describePost(posts.find((p) => p.kind === 'url')!, want)}, but the page is ${safePath(page.url())}` };
    }
    if (Date.now() - lastAlertCheck > (nav.happened ? 60 : 150)) {
      lastAlertCheck = Date.now();
      const refused = refusalIn(await alertTexts(page), nav.happened ? new Set() : before);
      if (refused) return { ok: false, refused, message: `The venue said: "${refused.text}"` };
    }
    if (Date.now() >= deadline) {
      const failed: string[] = [];
      for (const p of posts) if (!(await checkPost(page, p, want, own))) failed.push(describePost(p, want));
      return { ok: false, message: `expected ${failed.join(' and ')}, but the page is ${safePath(page.url())}` };
    }
    await new Promise((r) => setTimeout(r, 15));
  }
}

function safePath(url: string): string {
  try { const u = new URL(url); return u.pathname + u.search; } catch { return url.slice(0, 100); }
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
    await page.goto(absoluteUrl(run.recipe.startUrl, run.want, ctx.startUrl), { timeout: Math.max(timeout, 15_000), waitUntil: 'domcontentloaded' });
  }
  await ensureLoggedIn(run, ctx);
}

/** Where a recipe's opening clicks lead when that page can be opened by its address: the step to go on from and the URL. */
export interface DirectEntry { at: number; url: string; post: Extract<Postcondition, { kind: 'url' }> }

/**
 * The longest run of plain navigation steps from the start (clicks or navigations in the booking phase,
 * before the commit, each judged only by the address it leads to) whose last address is fully known for
 * this want: opening it directly skips the pages in between, as a hand-written script would. A step with
 * any other postcondition (a dialog opening, an option checked) changes more than the address, so it ends the run.
 */
export function directEntry(recipe: Recipe, want: BookingWant, base: string): DirectEntry | undefined {
  let best: DirectEntry | undefined;
  let clicks = 0;
  for (let i = 0; i < recipe.steps.length; i++) {
    const s = recipe.steps[i]!;
    // Login steps are the harness's business (it logs in before and after the jump): they neither end the run nor count.
    if (s.phase === 'login') continue;
    if (s.commit || (s.action !== 'click' && s.action !== 'navigate')) break;
    if (s.post.length !== 1 || s.post[0]!.kind !== 'url') break;
    const post = s.post[0]!;
    if (post.path.includes('*')) break;
    let url: string;
    try {
      const u = new URL(post.path.split('/').map((seg) => encodeURIComponent(dec(renderTemplate(seg, want)))).join('/'), base);
      for (const [k, v] of Object.entries(post.query)) u.searchParams.set(k, renderTemplate(v, want));
      url = u.toString();
    } catch {
      break;
    }
    // A secret's placeholder is never put in an address.
    if (placeholdersIn(decodeURIComponent(url)).length) break;
    if (s.action === 'click') clicks++;
    best = { at: i + 1, url, post };
  }
  // Opening a page the recipe itself navigates to saves nothing; skipping at least one click does.
  return best && clicks > 0 && best.at < recipe.steps.length ? best : undefined;
}

/**
 * Like enterRecipe from the start, but opens the page the recipe's opening clicks lead to by its address
 * (logging in on the way) when directEntry finds one and the venue serves it. Returns false, with the page at
 * the recipe's start, when it cannot; the caller walks the whole recipe again if a step after the jump breaks.
 */
export async function enterRecipeDirect(run: ReplayRun, ctx: ReplayContext): Promise<boolean> {
  const { page } = ctx;
  const timeout = Math.max(ctx.stepTimeoutMs ?? 4000, 15_000);
  const d = directEntry(run.recipe, run.want, ctx.startUrl);
  if (!d || !isAllowedUrl(d.url, ctx.allowed) || run.recipe.steps.slice(0, d.at).some((s) => s.action === 'navigate' && !isAllowedUrl(absoluteUrl(s.url!, run.want, ctx.startUrl), ctx.allowed))) {
    await enterRecipe(run, ctx, true);
    return false;
  }
  const started = Date.now();
  const open = async () => (await page.goto(d.url, { timeout, waitUntil: 'domcontentloaded' }))?.ok() ?? true;
  let ok = await open();
  await ensureLoggedIn(run, ctx);
  // A venue that does not return to the asked page after its login form: ask again, now logged in.
  if (run.loggedIn && !urlMatches(page.url(), d.post, run.want)) ok = await open();
  // The address alone may lead elsewhere for this member (a page that differs once logged in): the page the
  // recording saw before the next step must be the one showing.
  const landed = ok && urlMatches(page.url(), d.post, run.want) && (await samePage(page, run.recipe.steps[d.at]?.page, run.want));
  if (!landed) {
    ctx.log?.(`the recipe's page ${safePath(d.url)} could not be opened by its address (it is not the page the recording saw); walking the recipe from its start`);
    await enterRecipe(run, ctx, true);
    return false;
  }
  // Re-entering any skipped step walks from the start page (logged in by now).
  run.urls[0] = absoluteUrl(run.recipe.startUrl, run.want, ctx.startUrl);
  run.next = d.at;
  const s: AgentStep = {
    index: (ctx.firstIndex ?? 0) + run.steps.length,
    action: { action: 'navigate', url: ctx.redact(d.url), note: 'recipe' },
    ok: true,
    message: ctx.redact(`opened ${safePath(d.url)} by its address (recipe step${d.at > 1 ? `s 1–${d.at}` : ' 1'} lead there)`),
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    url: ctx.redact(page.url()),
    source: 'recipe',
  };
  run.steps.push(s);
  try { ctx.onStep?.(s); } catch { /* a listener's bug must not end the attempt */ }
  ctx.log?.(`recipe steps 1–${d.at}: opened ${safePath(d.url)} by its address`);
  return true;
}

// eslint-disable-next-line no-new-func -- our own constant source, never input: a real function for evaluate() without bundler helpers
const pageSignatureInPage = new Function(`return (${PAGE_SIGNATURE_SCRIPT})();`) as () => PageSignature;

/** The page's title and main heading now. */
export async function pageSignature(page: Page): Promise<PageSignature> {
  return page.evaluate(pageSignatureInPage).catch(() => ({}));
}

/** Does the page show what the recording saw (its title and main heading, rendered for this booking)? No record: yes. */
async function samePage(page: Page, sig: PageSignature | undefined, want: BookingWant): Promise<boolean> {
  if (!sig || (sig.title === undefined && sig.heading === undefined)) return true;
  const now = await pageSignature(page);
  const r = (t: string) => { try { return renderTemplate(t, want); } catch { return undefined; } };
  if (sig.title !== undefined && r(sig.title) !== now.title) return false;
  if (sig.heading !== undefined && r(sig.heading) !== now.heading) return false;
  return true;
}

async function ensureLoggedIn(run: ReplayRun, ctx: ReplayContext): Promise<void> {
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

function renderSafe(t: string, want: BookingWant): string {
  try { return renderTemplate(t, want); } catch { return t; }
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
