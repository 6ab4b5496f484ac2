// Replay's shortcut: the pages a recipe only clicks through are opened by their address, as a hand-written
// script would, when that address is fully known for this booking — and only kept when the page it opened is the
// page the recording saw there (its title and main heading); otherwise the recipe is walked from its start.
import type { Page } from 'playwright-core';
import { isAllowedUrl, placeholdersIn } from '../browser/confine';
import { gotoSettled } from '../browser/settle';
import { renderTemplate, type PageSignature, type Postcondition, type Recipe } from './schema';
import { PAGE_SIGNATURE_SCRIPT } from './page-dom';
import { dec, safePath, urlMatches } from './postconditions';
import { absoluteUrl, enterRecipe, ensureLoggedIn, type ReplayContext, type ReplayRun } from './replay';
import type { AgentStep, BookingWant } from '../types';

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
  const open = async () => (await gotoSettled(page, d.url, timeout))?.ok() ?? true;
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
