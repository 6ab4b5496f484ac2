// Finding a recipe step's element again: its stored locators, most durable first; one visible match is taken, and
// so is the first of several that are the same control (a toolbar repeated at the bottom); look-alikes that differ
// are never guessed between.
import type { Locator, Page } from 'playwright-core';
import { isBrowserGone } from '../core/failure';
import { renderTemplate, TemplateError, type LocatorSpec } from './schema';
import { allEquivalent, describeSpec, isPageResolved, LocatorCodeError, pickInPage, resolveLocator } from './locator';
import type { BookingWant } from '../types';

export interface Found { loc: Locator; spec: LocatorSpec; index: number; note?: string }

/** What a lookup gave: the element, or why none could be taken. */
export type Lookup = { found: Found; ambiguous?: undefined } | { found?: undefined; ambiguous?: string };

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
export async function findTarget(page: Page, specs: LocatorSpec[], want: BookingWant, timeoutMs: number): Promise<Lookup> {
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

export function renderSafe(t: string, want: BookingWant): string {
  try { return renderTemplate(t, want); } catch { return t; }
}
