// What must hold after a recipe step (the address, an element shown or gone, a box checked, a value typed), and the
// venue's refusals among the alerts that appeared: replay waits on these to tell a step that worked from one that
// "worked" but led somewhere else.
import type { Locator, Page } from 'playwright-core';
import { isBrowserGone } from '../core/failure';
import { classifyText, type OutcomeCode } from '../page/outcome';
import { renderTemplate, type Postcondition } from './schema';
import { describeSpec, liveLocator } from './locator';
import type { BookingWant } from '../types';

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

export function dec(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}

export async function alertTexts(page: Page): Promise<string[]> {
  try {
    const texts = await page.getByRole('alert').allInnerTexts();
    return texts.map((t) => t.trim()).filter(Boolean);
  } catch {
    return [];
  }
}

/** The venue's answer among alerts that were not there before the action. */
export function refusalIn(alerts: string[], before: Set<string>): { code: OutcomeCode | 'venue-refused'; text: string } | undefined {
  for (const text of alerts) {
    if (before.has(text)) continue;
    const code = classifyText(text);
    if (code) return { code, text: text.slice(0, 200) };
  }
  return undefined;
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

export type PostResult = { ok: true } | { ok: false; refused?: { code: OutcomeCode | 'venue-refused'; text: string }; message: string };

/** After a navigation, how long a page may still move on (a script redirect) before its URL counts. */
const SETTLED_MS = 400;

/** Waits for every postcondition, failing fast when the venue answers with a refusal. */
export async function waitPosts(page: Page, posts: Postcondition[], want: BookingWant, own: Locator | undefined, before: Set<string>, nav: { happened: boolean; at: number }, timeoutMs: number): Promise<PostResult> {
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

export function safePath(url: string): string {
  try { const u = new URL(url); return u.pathname + u.search; } catch { return url.slice(0, 100); }
}
