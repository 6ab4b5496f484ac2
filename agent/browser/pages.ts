// The session's pages: the one book() works on, the pre-check's spare one, and whether the venue session on it is alive.
import type { Page } from 'playwright-core';
import { findLoginFrame } from './login';
import type { SessionState } from './session-state';

/** Same site (the port may differ: a venue restarted elsewhere on this machine keeps its recipe). */
export function sameHost(origin: string, url: string): boolean {
  try { return new URL(origin).hostname === new URL(url).hostname; } catch { return false; }
}

/** The pre-check's page, when nothing will take it over: closed without waiting (the browser's close would too). */
export function dropSparePage(s: SessionState): void {
  const p = s.sparePage;
  s.sparePage = undefined;
  if (p) void p.close().catch(() => {});
}

/**
 * The page book() works on. `navigates`: the caller opens its own first page in it, so the pre-check's
 * page can be taken over instead of opening another tab (the model, which starts from the page it is
 * given, never gets it).
 */
export async function mainPage(s: SessionState, o: { navigates?: boolean } = {}): Promise<Page> {
  if ((!s.mainPage || s.mainPage.isClosed()) && o.navigates && s.sparePage && !s.sparePage.isClosed()) {
    s.mainPage = s.sparePage;
    s.sparePage = undefined;
    s.mainPage.setDefaultTimeout(s.actionTimeoutMs);
  }
  if (!s.mainPage || s.mainPage.isClosed()) {
    dropSparePage(s);
    s.mainPage = await s.launched.context.newPage();
    s.confinement.watchPage(s.mainPage);
    s.mainPage.setDefaultTimeout(s.actionTimeoutMs);
  }
  return s.mainPage;
}

/**
 * Is the session still logged in? A HEAD of the parked page through the browser's own cookies, no
 * redirects followed: a redirect to a login page (or a login form on the page) means it expired.
 */
export async function sessionAlive(page: Page, timeoutMs = 5_000): Promise<boolean> {
  if (await findLoginFrame(page)) return false;
  try {
    const res = await page.context().request.fetch(page.url(), { method: 'HEAD', maxRedirects: 0, timeout: timeoutMs, failOnStatusCode: false });
    const loc = res.headers()['location'] ?? '';
    await res.dispose();
    return !(res.status() >= 300 && res.status() < 400 && /log-?in|sign-?in|auth|expired/i.test(loc)) && res.status() !== 401;
  } catch {
    // The check itself failing says nothing about the session; firing will find out.
    return true;
  }
}
