// The dry run: a fresh headless browser walks a recipe for a booking it must never make. What keeps it from
// booking is enforced in the browser, not trusted to the recipe: a context route holds back every
// state-changing request except those the steps before the commit were recorded sending (and the login).
// The commit step itself is rehearsed only when its requests are known, so the guard can be seen holding them.
import type { Page } from 'playwright-core';
import { launchBrowser } from '../browser/launch';
import { allowedOriginSet, confineContext } from '../browser/confine';
import { holdStateChanges, type HeldRequest, type HoldPolicy } from '../browser/state-changes';
import { isPasswordSecret } from '../core/secret-names';
import { createRedactor } from '../core/redact';
import { isBrowserGone, toFailure } from '../core/failure';
import { commitStep, enterRecipe, newRun, replaySteps, stepTargetPresent, type ReplayContext } from './replay';
import type { Recipe, RecipeCheck, RequestSignature } from './schema';
import type { AgentFailure, BookingWant, VenueTarget } from '../types';

export interface TeachCheck {
  ok: boolean;
  /** Steps the dry run walked (the commit is never sent). */
  walked: number;
  message: string;
  /** Requests the guard held back, e.g. "POST /Web/ajax/reservation_save.php at step 6". */
  held: string[];
  failure?: AgentFailure;
}

/** The step the booking is sent at, for the guard: the commit, or an earlier step whose request was the last one recorded. */
export function commitBoundary(recipe: Recipe): number {
  const c = commitStep(recipe);
  let lastSend = -1;
  recipe.steps.forEach((s, i) => { if (s.phase === 'book' && s.sends?.length) lastSend = i; });
  return lastSend >= 0 ? Math.min(c, lastSend) : c;
}

/** Whether the recipe records which requests its steps send (recorded by teach, or from a model run since). */
export function sendsKnown(recipe: Recipe): boolean {
  return recipe.steps.some((s) => (s.sends?.length ?? 0) > 0);
}

/**
 * What the dry run may send: requests recorded by steps before the boundary, never one that looks like a request
 * of the commit or after it. Unknown sends: nothing but the login.
 */
export function holdPolicy(recipe: Recipe, passwords: string[]): HoldPolicy {
  const b = commitBoundary(recipe);
  const before: RequestSignature[] = recipe.steps.slice(0, b).flatMap((s) => s.sends ?? []);
  const after: RequestSignature[] = recipe.steps.slice(b).flatMap((s) => s.sends ?? []);
  return { ...(sendsKnown(recipe) ? { allowed: before } : {}), forbidden: after, secrets: passwords };
}

export interface DryRunOptions {
  venue: VenueTarget;
  secrets: Map<string, string>;
  browser: { executablePath?: string };
  want: BookingWant;
  signal?: AbortSignal;
  log?(l: string): void;
  /** Click the commit too (its requests held by the guard), when its requests are known (default true). */
  rehearseCommit?: boolean;
  /** Test hook: the dry run's page, once open (e.g. to count what reached the venue). */
  onPage?(page: Page): void;
}

function describeHeld(h: HeldRequest, step: number | undefined): string {
  return `${h.method} ${h.path}${step !== undefined ? ` at step ${step + 1}` : ''}`;
}

/**
 * Walks the recipe for `want` in a fresh headless browser, logged in, up to its commit; the commit's element
 * must be there. When the commit's requests are known it is clicked too, and the guard must hold what it sends.
 */
export async function dryRun(recipe: Recipe, o: DryRunOptions): Promise<TeachCheck> {
  const redact = createRedactor([...o.secrets.values()]);
  const allowed = allowedOriginSet(o.venue.startUrl, o.venue.allowedOrigins);
  const passwords = [...o.secrets].filter(([n]) => isPasswordSecret(n)).map(([, v]) => v);
  const launched = await launchBrowser({ ...o.browser, headless: true });
  const held: { h: HeldRequest; step: number | undefined }[] = [];
  let current: number | undefined;
  const heldTexts = () => held.map((x) => describeHeld(x.h, x.step));
  try {
    await confineContext(launched.context, allowed, redact);
    const policy = holdPolicy(recipe, passwords);
    await holdStateChanges(launched.context, policy, (h) => {
      held.push({ h, step: current });
      o.log?.(redact(`the dry run held ${describeHeld(h, current)}: not sent`));
    });
    const known = policy.allowed !== undefined;
    const page = await launched.context.newPage();
    o.onPage?.(page);
    const run = newRun(recipe, o.want);
    const ctx: ReplayContext = {
      page, want: o.want, startUrl: o.venue.startUrl, allowed, secrets: o.secrets, redact,
      onStepStart: (i) => { current = i; },
      ...(o.signal ? { signal: o.signal } : {}), ...(o.log ? { log: o.log } : {}),
    };
    await enterRecipe(run, ctx);
    const boundary = commitBoundary(recipe);
    const stopAt = { ...recipe, steps: recipe.steps.map((s, i) => ({ ...s, commit: i === boundary })) };
    run.recipe = stopAt;
    const res = await replaySteps(run, ctx, 'before-commit');
    const unknownNote = known ? '' : ' The recipe does not record which requests its steps send, so the dry run let none through but the login.';
    if (res.status !== 'stopped') {
      const why = held.length ? `${res.message ?? res.status} (the dry run held ${heldTexts().join(', ')}: not sent)` : res.message ?? res.status;
      return { ok: false, walked: run.next, held: heldTexts(), message: redact(`The dry run stopped at step ${res.at + 1}: ${why}.${unknownNote}`) };
    }
    const present = await stepTargetPresent(run, ctx, boundary);
    if (!present) {
      return { ok: false, walked: run.next, held: heldTexts(), message: `The recipe walked to the last page for ${o.want.date}, but the booking step (step ${boundary + 1}) was not found there.${unknownNote}` };
    }
    const commit = recipe.steps[boundary]!;
    if (!known || !commit.sends?.length || o.rehearseCommit === false) {
      return { ok: true, walked: run.next, held: heldTexts(), message: `The recipe walked ${run.next} step(s) for ${o.want.date} and found the booking step (step ${boundary + 1}, not clicked).${unknownNote}` };
    }
    // The rehearsal of the commit: clicked, its request held by the guard.
    const before = held.length;
    // Only the commit itself: its postcondition cannot hold (its request never left), and nothing after it runs.
    const rehearsal = { ...stopAt, steps: stopAt.steps.slice(0, boundary + 1).map((s, i) => (i === boundary ? { ...s, post: [] } : s)), done: [] };
    run.recipe = rehearsal;
    await replaySteps(run, { ...ctx, postTimeoutMs: 3000 }, 'end');
    const deadline = Date.now() + 3000;
    while (held.length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const mine = held.slice(before).map((x) => describeHeld(x.h, x.step));
    if (!mine.length) {
      return { ok: false, walked: run.next, held: heldTexts(), message: `The recipe walked to the booking step (step ${boundary + 1}) for ${o.want.date}, but clicking it sent none of the requests recorded for it (${commit.sends.map((s) => `${s.method} ${s.path}`).join(', ')}).` };
    }
    return {
      ok: true,
      walked: boundary,
      held: heldTexts(),
      message: redact(`The recipe walked ${boundary} step(s) for ${o.want.date} and clicked the booking step (step ${boundary + 1}); the dry run held ${mine.join(', ')}: not sent.`),
    };
  } catch (e) {
    if (isBrowserGone(e)) return { ok: false, walked: 0, held: heldTexts(), message: 'The browser closed during the dry run.', failure: toFailure(e, redact) };
    const f = toFailure(e, redact, o.signal);
    return { ok: false, walked: 0, held: heldTexts(), message: f.message, failure: f };
  } finally {
    await launched.close();
  }
}

/** The dry run as the recipe keeps it. */
export function checkRecord(c: TeachCheck, at = new Date()): RecipeCheck {
  return { ok: c.ok, at: at.toISOString(), message: c.message.slice(0, 1000), ...(c.held.length ? { held: c.held.slice(0, 20).map((h) => h.slice(0, 300)) } : {}) };
}

/** A recipe with its dry run's verdict: ready when it passed, a draft (kept for the user to fix) when not. */
export function withCheck(recipe: Recipe, c: TeachCheck, at = new Date()): Recipe {
  return { ...recipe, status: c.ok ? 'ready' : 'draft', lastCheck: checkRecord(c, at) };
}
