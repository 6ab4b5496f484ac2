// The booking loop: snapshot → one model action → execute, within budgets, with loop detection and outcome checks.
import { createHash } from 'node:crypto';
import type { Message } from 'ollama';
import type { Page } from 'playwright-core';
import { ACTION_JSON_SCHEMA, describeAction, parseAction, type AgentAction } from './actions';
import { isPasswordSecret, isTotpSecret } from '../core/secret-names';
import { guardPage } from '../browser/needs-you';
import { performAction } from './act';
import { isVenuePage } from '../browser/confine';
import { dismissCookieBanner } from '../browser/consent';
import { saveScreenshot } from '../browser/evidence';
import { AgentError, failure, isBrowserGone, toFailure } from '../core/failure';
import { findLoginFrame, loginIfNeeded } from '../browser/login';
import { chatJson } from './ollama';
import { detectOutcome, type DetectedOutcome, type OutcomeCode } from '../page/outcome';
import { buildStepMessage, CORRECTION, SYSTEM_PROMPT, type HistoryEntry } from './prompt';
import { redactDeep } from '../core/redact';
import { dropSparePage } from '../browser/pages';
import { gotoSettled, watchPage } from '../browser/settle';
import { estimateTokens, takeSnapshot, type PageSnapshot } from '../page/snapshot';
import type { SessionState } from '../browser/session-state';
import type { AgentFailure, AgentStep, BookingWant, BookResult, ModelUsage } from '../types';

export const MAX_CONFUSED_STEPS = 3;
/** The same action this many times in a row is a loop even when every page differs (a week of "Next day" is 7). */
export const MAX_SAME_ACTION_RUN = 10;
/** How long a click on a login control may take to show its password field (MRBS writes it 500–900 ms after load). */
const LATE_LOGIN_WAIT_MS = 3000;
const LOGIN_CONTROL = /^(?:button|link) "(?:log ?in|sign ?in|anmelden|einloggen|connexion|se connecter)\b/i;

/** Same action on an unchanged page, or the same action over and over: the signature of a stuck model. */
export class LoopDetector {
  private recent: { action: string; page: string }[] = [];
  private warned = false;

  /** How many times in a row, up to now, the last actions were `key`. */
  private runOf(key: string): number {
    let n = 0;
    for (let i = this.recent.length - 1; i >= 0 && this.recent[i]!.action === key; i--) n++;
    return n;
  }

  /** 'ok', 'warn' (first time: tell the model), or 'stop'. */
  check(action: AgentAction, pageText: string): 'ok' | 'warn' | 'stop' {
    if (action.action === 'done' || action.action === 'fail') return 'ok';
    const { note: _n, ...rest } = action as AgentAction & { note?: string };
    const key = JSON.stringify(rest);
    const page = createHash('sha1').update(pageText).digest('hex');
    const last = this.recent.slice(-4);
    const samePage = last.some((r) => r.action === key && r.page === page);
    // The same action on page after page that each differ ("Next day" towards a date a week ahead) is
    // progress; the same action over pages already seen, or more often than any paging needs, is not.
    const same = last.filter((r) => r.action === key);
    const allNew = new Set([...same.map((r) => r.page), page]).size === same.length + 1;
    const run = this.runOf(key);
    const repeats = (same.length >= 3 && !allNew) || run >= MAX_SAME_ACTION_RUN;
    this.recent.push({ action: key, page });
    if (!samePage && !repeats) return 'ok';
    if (!this.warned) {
      this.warned = true;
      return 'warn';
    }
    return 'stop';
  }
}

interface ModelDecision { action?: AgentAction; error?: string; ms: number }

async function decide(s: SessionState, userMessage: string, usage: ModelUsage, deadline: { wallEnd: number }): Promise<ModelDecision> {
  const messages: Message[] = [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: s.redact(userMessage) },
  ];
  let ms = 0;
  for (let attempt = 0; attempt < 2; attempt++) {
    const modelLeft = s.budgets.maxModelMs - usage.modelMs;
    const wallLeft = deadline.wallEnd - Date.now();
    if (modelLeft <= 0) throw new AgentError('budget-time', `The model used its time budget (${Math.round(s.budgets.maxModelMs / 1000)} s) before the booking was done.`);
    if (wallLeft <= 0) throw new AgentError('budget-time', `The attempt ran out of time (${Math.round(s.budgets.maxWallMs / 1000)} s).`);
    const out = await chatJson(s.model, messages, ACTION_JSON_SCHEMA, { timeoutMs: Math.min(modelLeft, wallLeft), signal: s.opts.signal });
    usage.calls++;
    usage.promptTokens += out.promptTokens;
    usage.evalTokens += out.evalTokens;
    usage.modelMs += out.ms;
    ms += out.ms;
    const parsed = parseAction(out.content);
    if (parsed.ok) return { action: parsed.action, ms };
    s.log(`model reply rejected: ${parsed.error}`);
    // One corrective retry; the bad reply is shown back (redacted) so the model sees what was wrong.
    messages.push({ role: 'assistant', content: s.redact(out.content.slice(0, 1000)) });
    messages.push({ role: 'user', content: CORRECTION(parsed.error) });
    if (attempt === 1) return { error: parsed.error, ms };
  }
  return { error: 'no valid action', ms };
}

const PERMANENT_OUTCOMES: Partial<Record<OutcomeCode, string>> = {
  'login-failed': 'The venue rejected the login',
  'account-locked': 'The venue says the account is locked',
  'not-allowed': 'The venue says this member cannot book',
};

/** Runs the model loop on the session's page. Never throws: every ending is a BookResult. */
export async function runBook(s: SessionState, goal: { instructions: string; want: BookingWant }): Promise<BookResult> {
  const t0 = Date.now();
  const wallEnd = t0 + s.budgets.maxWallMs;
  const usage: ModelUsage = { calls: 0, promptTokens: 0, evalTokens: 0, modelMs: 0, snapshotTokens: [] };
  const steps: AgentStep[] = [];
  const history: HistoryEntry[] = [];
  const loop = new LoopDetector();
  let page: Page | undefined;
  let claimedDone = false;
  let fail: AgentFailure | undefined;
  let lastOutcome: DetectedOutcome | undefined;
  let prevRaw: string | undefined;
  let confused = 0;
  let venueErrors = 0;
  let notices: string[] = [];
  let watch: ReturnType<typeof watchPage> | undefined;

  const pushStep = (step: AgentStep) => {
    const safe = redactDeep(step, s.redact);
    steps.push(safe);
    try { s.opts.onStep?.(safe); } catch { /* a listener's bug must not end the attempt */ }
    s.log(`step ${safe.index}: ${describeAction(safe.action)}${safe.target ? ` [${safe.target}]` : ''} → ${safe.ok ? 'ok' : 'error'}${safe.message ? `: ${safe.message}` : ''}`);
  };

  try {
    if (s.loginFailure) throw new AgentError(s.loginFailure.code, s.loginFailure.message, s.loginFailure.kind);
    if (!s.mainPage || s.mainPage.isClosed()) {
      // The model starts from the page it is given, so it gets a new one, not the pre-check's.
      dropSparePage(s);
      s.mainPage = await s.launched.context.newPage();
      s.confinement.watchPage(s.mainPage);
    }
    page = s.mainPage;
    page.setDefaultTimeout(s.actionTimeoutMs);
    watch = watchPage(page);
    if (page.url() === 'about:blank') {
      const res = await gotoSettled(page, s.venue.startUrl, s.navTimeoutMs);
      if (res && res.status() >= 500) venueErrors++;
    }
    // The deterministic login first: cheaper than the model, and exactly one try with the password.
    let helperLoggedIn = false;
    try {
      if (s.opts.loginHelper !== false) helperLoggedIn = (await loginIfNeeded(page, { secrets: s.secrets, allowed: s.allowed, timeoutMs: s.actionTimeoutMs })) === 'logged-in';
      else await dismissCookieBanner(page, s.actionTimeoutMs).catch(() => false);
    } catch (e) {
      if (e instanceof AgentError && e.kind === 'permanent') s.loginFailure = { kind: e.kind, code: e.code, message: s.redact(e.message) };
      throw e;
    }
    let passwordSubmitted = false;
    let clickedLogin = false;
    let lastVenueUrl: string | undefined;

    for (let i = 0; ; i++) {
      if (s.opts.signal?.aborted) throw new AgentError('aborted', 'The attempt was cancelled.');
      if (s.launched.crashed || page.isClosed()) throw new AgentError('browser-crashed', 'The browser closed or crashed during the attempt.');
      if (i >= s.budgets.maxSteps) throw new AgentError('budget-steps', `The model used all ${s.budgets.maxSteps} steps without finishing the booking.`);
      if (Date.now() >= wallEnd) throw new AgentError('budget-time', `The attempt ran out of time (${Math.round(s.budgets.maxWallMs / 1000)} s).`);

      // A blocked navigation leaves an error or blank page; go back to where the agent was.
      if (!isVenuePage(page.url(), s.allowed) && lastVenueUrl) {
        await page.goto(lastVenueUrl, { timeout: s.navTimeoutMs, waitUntil: 'domcontentloaded' });
        await watch.settle(s.navTimeoutMs);
        notices.push('The browser stayed on the venue\'s site and reloaded the last page.');
      }
      if (isVenuePage(page.url(), s.allowed)) lastVenueUrl = page.url();
      // A captcha, a code Lanebot cannot know or a payment the profile does not allow ends the attempt here ("needs
      // you"), before the page is even read for the model; its own authenticator code is entered by the harness.
      const guard = await guardPage(page, { secrets: s.secrets, allowed: s.allowed, timeoutMs: s.actionTimeoutMs, ...(s.opts.payment ? { payment: s.opts.payment } : {}) });
      if (guard?.startsWith('Lanebot entered')) { notices.push(guard); continue; }
      if (guard) notices.push(guard);
      // A login form behind a "Log in" button the model clicked (written by a script after load): the same
      // deterministic login, once, instead of the model typing the secrets.
      if (clickedLogin && s.opts.loginHelper !== false && !helperLoggedIn && !passwordSubmitted && (await findLoginFrame(page).catch(() => undefined))) {
        try {
          helperLoggedIn = (await loginIfNeeded(page, { secrets: s.secrets, allowed: s.allowed, timeoutMs: s.actionTimeoutMs })) === 'logged-in';
          passwordSubmitted = true;
          if (helperLoggedIn) notices.push('The venue showed its login form; Lanebot logged in for you. Continue from the current page.');
        } catch (e) {
          if (e instanceof AgentError && e.kind === 'permanent') s.loginFailure = { kind: e.kind, code: e.code, message: s.redact(e.message) };
          throw e;
        }
      }
      const snap: PageSnapshot = await takeSnapshot(page, { maxTokens: s.snapshotTokens, want: goal.want });
      usage.snapshotTokens.push(snap.tokens);
      const sizes = {
        snapshotTokens: snap.tokens,
        sizes: { rawTokens: snap.rawTokens, compactTokens: snap.tokens, ...(s.opts.measure ? { htmlTokens: estimateTokens(await page.content()) } : {}) },
      };

      for (const b of s.confinement.takeBlockedNavigations()) {
        notices.push(`Navigation to ${originOf(b.url)} was blocked: only the venue's own site may be used.`);
      }
      const status = watch.lastDocumentStatus;
      if (status !== undefined && status >= 500) {
        venueErrors++;
        if (venueErrors >= 3) throw new AgentError('venue-error', `The venue's site kept answering with server errors (HTTP ${status}).`);
        notices.push(`The page answered HTTP ${status} (server error). You may wait and navigate back to the page.`);
      }
      const outcome = detectOutcome(snap.raw, prevRaw);
      prevRaw = snap.raw;
      if (outcome) {
        if (outcome.inAlert || PERMANENT_OUTCOMES[outcome.code]) lastOutcome = outcome;
        const perm = PERMANENT_OUTCOMES[outcome.code];
        if (perm && (outcome.code !== 'login-failed' || passwordSubmitted || i === 0)) {
          if (outcome.code !== 'not-allowed') s.loginFailure = failure(outcome.code, s.redact(`${perm}: "${outcome.text}".`));
          throw new AgentError(outcome.code, `${perm}: "${outcome.text}". Lanebot will not try again tonight.`);
        }
        if (outcome.code === 'not-yet-open' && outcome.inAlert) throw new AgentError('not-yet-open', `The venue says bookings are not open yet: "${outcome.text}".`);
        if (outcome.code === 'session-expired') {
          notices.push(`The page says: "${outcome.text}".`);
          try {
            if ((await loginIfNeeded(page, { secrets: s.secrets, allowed: s.allowed, timeoutMs: s.actionTimeoutMs })) === 'logged-in') {
              notices.push('Lanebot logged in again for you; continue from the current page.');
              continue;
            }
          } catch (e) {
            if (e instanceof AgentError && e.kind === 'permanent') s.loginFailure = e.toFailure();
            throw e;
          }
        } else {
          notices.push(`The page says: "${outcome.text}".`);
        }
      }

      const stepStart = Date.now();
      const startedAt = new Date(stepStart).toISOString();
      const message = buildStepMessage({
        instructions: goal.instructions,
        secretNames: [...s.secrets.keys()].filter((n) => !isTotpSecret(n)),
        history,
        url: snap.url,
        title: snap.title,
        snapshot: snap.text,
        notices,
        stepsLeft: s.budgets.maxSteps - i,
      });
      notices = [];
      const d = await decide(s, message, usage, { wallEnd });
      if (!d.action) {
        confused++;
        const a: AgentAction = { action: 'fail', reason: 'model reply was not a valid action' };
        history.push({ action: a, ok: false, result: `your reply was rejected: ${d.error}` });
        pushStep({ index: i, action: a, ok: false, message: `invalid model output: ${d.error}`, startedAt, durationMs: Date.now() - stepStart, modelMs: Math.round(d.ms), url: snap.url, ...sizes });
        if (confused >= MAX_CONFUSED_STEPS) throw new AgentError('model-confused', `The model gave ${confused} unusable answers; it may be too small for this site.`);
        continue;
      }
      const action = d.action;
      if (action.action === 'done') {
        claimedDone = true;
        pushStep({ index: i, action, ok: true, message: 'model says the booking is done', startedAt, durationMs: Date.now() - stepStart, modelMs: Math.round(d.ms), url: snap.url, ...sizes });
        break;
      }
      if (action.action === 'fail') {
        pushStep({ index: i, action, ok: true, message: 'model gave up', startedAt, durationMs: Date.now() - stepStart, modelMs: Math.round(d.ms), url: snap.url, ...sizes });
        const code = lastOutcome && lastOutcome.code !== 'session-expired' ? lastOutcome.code : 'model-gave-up';
        const why = lastOutcome ? `The venue said: "${lastOutcome.text}".` : `The model gave up: ${action.reason}`;
        throw new AgentError(code === 'login-failed' || code === 'account-locked' || code === 'not-allowed' ? 'model-gave-up' : code, why);
      }
      const verdict = loop.check(action, snap.text);
      if (verdict === 'stop') {
        pushStep({ index: i, action, ok: false, message: 'repeated the same action again after a warning', startedAt, durationMs: Date.now() - stepStart, modelMs: Math.round(d.ms), url: snap.url, ...sizes });
        throw new AgentError('loop', `The model kept repeating "${describeAction(action)}" without progress.`);
      }
      if (verdict === 'warn') {
        const warning = `You already did "${describeAction(action)}" and the page did not change. Do something different, or answer fail.`;
        history.push({ action, ok: false, result: 'not executed: repeated action' });
        notices.push(warning);
        pushStep({ index: i, action, ok: false, message: 'repeated action not executed; model warned', startedAt, durationMs: Date.now() - stepStart, modelMs: Math.round(d.ms), url: snap.url, ...sizes });
        continue;
      }

      let result;
      try {
        watch.arm();
        result = await performAction(action, { page, snapshot: snap, allowed: s.allowed, secrets: s.secrets, actionTimeoutMs: s.actionTimeoutMs });
      } catch (e) {
        if (isBrowserGone(e)) throw e;
        const m = e instanceof Error ? e.message.split('\n')[0]! : String(e);
        result = { ok: false, message: `the action failed: ${m.slice(0, 200)}` };
      }
      if (result.usedSecrets?.some(isPasswordSecret)) passwordSubmitted = true;
      await watch.settle(s.navTimeoutMs);
      // A click on "Log in" often opens a form a script writes in a moment later: give it that moment, so
      // the built-in login (next step) fills it instead of the model spending a call on waiting.
      clickedLogin = action.action === 'click' && result.ok && LOGIN_CONTROL.test(result.target ?? '');
      if (clickedLogin && !helperLoggedIn && !passwordSubmitted && s.opts.loginHelper !== false) {
        await page.locator('input[type="password"]').first().waitFor({ state: 'visible', timeout: LATE_LOGIN_WAIT_MS }).catch(() => {});
      }
      const r = s.redact(result.message);
      history.push({ action, ok: result.ok, result: r });
      pushStep({
        index: i, action, ok: result.ok, message: r, startedAt, durationMs: Date.now() - stepStart, modelMs: Math.round(d.ms),
        url: page.isClosed() ? snap.url : page.url(), ...sizes,
        ...('target' in result && result.target ? { target: result.target } : {}),
        ...('locator' in result && result.locator ? { locator: result.locator } : {}),
      });
    }
  } catch (e) {
    fail = toFailure(e, s.redact, s.opts.signal);
  } finally {
    watch?.dispose();
  }
  // A cancelled attempt or a dead browser gets no screenshot: it would only wait on a closing browser.
  const canShoot = !!page && !s.opts.signal?.aborted && !s.launched.crashed && fail?.code !== 'browser-crashed';
  const screenshot = canShoot && page ? await saveScreenshot(page, s.opts.artifactsDir, 'book') : undefined;
  const finalUrl = page && !page.isClosed() ? s.redact(page.url()) : undefined;
  const harnessMs = Math.max(0, Date.now() - t0 - usage.modelMs);
  usage.modelMs = Math.round(usage.modelMs);
  s.log(`book ended: ${claimedDone ? 'model claims done' : fail ? `${fail.code}: ${fail.message}` : 'stopped'} after ${steps.length} steps, ${usage.calls} model calls`);
  return {
    claimedDone: claimedDone && !fail,
    ...(fail ? { failure: fail } : {}),
    steps,
    usage,
    ...(screenshot ? { screenshot } : {}),
    ...(finalUrl ? { finalUrl } : {}),
    harnessMs: Math.round(harnessMs),
  };
}

function originOf(url: string): string {
  try { return new URL(url).origin; } catch { return 'another site'; }
}
