// What a recipe replay needs from a session: its replay context, and the stored recipe if it is usable for this venue.
import type { Page } from 'playwright-core';
import { sameHost } from '../browser/pages';
import type { SessionState } from '../browser/session-state';
import type { BookingWant } from '../types';
import type { ReplayContext } from './replay';
import { parseRecipe, type Recipe } from './schema';

export function replayContext(s: SessionState, page: Page, want: BookingWant, extra: Partial<ReplayContext> = {}): ReplayContext {
  return {
    page,
    want,
    startUrl: s.venue.startUrl,
    allowed: s.allowed,
    secrets: s.secrets,
    redact: s.redact,
    loginHelper: s.opts.loginHelper !== false,
    ...(s.opts.signal ? { signal: s.opts.signal } : {}),
    log: (l) => s.log(l),
    ...(s.opts.onStep ? { onStep: s.opts.onStep } : {}),
    ...extra,
  };
}

/** The stored recipe, if it parses, is ready (not a draft) and was learned on this venue; otherwise says why and the model books. */
export function usableRecipe(s: SessionState, raw: unknown): Recipe | undefined {
  if (raw === undefined) return undefined;
  const r = parseRecipe(raw);
  if (!r.ok) s.log(`the stored recipe is not usable (${r.error}); the model books instead`);
  else if (r.recipe.status === 'draft') s.log(`the stored recipe is a draft (its dry run failed${r.recipe.lastCheck ? `: ${r.recipe.lastCheck.message}` : ''}); the model books instead`);
  else if (!sameHost(r.recipe.origin, s.venue.startUrl)) s.log(`the stored recipe was learned on ${r.recipe.origin}, not this venue; the model books instead`);
  else return r.recipe;
  return undefined;
}
