// "Take over": a check only a person can pass (a captcha, a waiting room, a code) is shown to them in a VISIBLE
// browser that starts with the session's cookies and local storage, at the page where it stopped. Lanebot watches,
// without acting, until the check is gone (bounded), then carries that browser's state back into the session so the
// booking continues where the person left it. The visible browser is the person's: it is not confined to the
// venue's origins (a real captcha loads from its provider) and the agent never acts in it.
import type { Page } from 'playwright-core';
import { launchBrowser } from './launch';
import { isVenuePage } from './confine';
import { scanPage } from './checks';
import type { NeedsYouStop } from './needs-you';
import type { SessionState } from './session-state';
import type { TakeOverOptions, TakeOverResult } from '../types';

export const TAKE_OVER_TIMEOUT_MS = 15 * 60_000;
const POLL_MS = 1_000;

type StorageState = Awaited<ReturnType<SessionState['launched']['context']['storageState']>>;

/** Puts each allowed origin's local storage in place before the site's own scripts run (once per tab). */
function localStorageScript(origins: StorageState['origins']): string {
  const data = JSON.stringify(Object.fromEntries(origins.map((o) => [o.origin, o.localStorage])));
  return `(() => {
    try {
      const all = ${data};
      const items = all[location.origin];
      if (!items || sessionStorage.getItem('__lanebot_state') === '1') return;
      for (const { name, value } of items) localStorage.setItem(name, value);
      sessionStorage.setItem('__lanebot_state', '1');
    } catch (e) { /* storage may be off for this document */ }
  })();`;
}

async function passed(page: Page, stop: NeedsYouStop, allowed: Set<string>): Promise<boolean> {
  if (page.isClosed() || !isVenuePage(page.url(), allowed)) return false;
  await page.waitForLoadState('load', { timeout: 5_000 }).catch(() => {});
  const c = await scanPage(page).catch(() => undefined);
  if (!c) return false;
  return stop.kind === 'payment' ? !c.payment : !c.check;
}

/**
 * Opens the stopped page in a visible browser with the session's state, waits until the check is gone (twice in a
 * row, a second apart) or the time is up or the window is closed, and carries the state back: 'resumed' or 'gave-up'.
 */
export async function takeOver(s: SessionState, stop: NeedsYouStop, o: TakeOverOptions = {}): Promise<{ result: TakeOverResult; url?: string }> {
  const timeoutMs = o.timeoutMs ?? TAKE_OVER_TIMEOUT_MS;
  const state = await s.launched.context.storageState();
  const visible = await launchBrowser({
    executablePath: s.launched.executablePath,
    headless: o.headless ?? false,
    ...(s.venue.locale ? { locale: s.venue.locale } : {}),
    timezoneId: s.venue.timeZone,
  });
  s.log(`needs you: opened a ${o.headless ? 'test (headless) ' : 'visible '}browser at ${s.redact(stop.url)} for ${Math.round(timeoutMs / 60_000)} min`);
  try {
    await visible.context.addCookies(state.cookies);
    await visible.context.addInitScript({ content: localStorageScript(state.origins.filter((x) => isVenuePage(x.origin, s.allowed))) });
    const page = await visible.context.newPage();
    await page.goto(stop.url, { waitUntil: 'domcontentloaded', timeout: 30_000 }).catch(() => {});
    // Tests only: a scripted person. Its failure is the person's, not Lanebot's: the wait below still decides.
    const person = o.person ? o.person(page).catch((e: unknown) => s.log(`needs you: the person's script failed: ${e instanceof Error ? e.message : String(e)}`)) : undefined;
    const deadline = Date.now() + timeoutMs;
    let clear = 0;
    while (Date.now() < deadline) {
      if (s.opts.signal?.aborted) return { result: 'gave-up' };
      if (visible.crashed || page.isClosed()) {
        s.log('needs you: the visible browser was closed before the check was passed');
        return { result: 'gave-up' };
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
      clear = (await passed(page, stop, s.allowed)) ? clear + 1 : 0;
      if (clear >= 2) {
        const after = await visible.context.storageState();
        await s.launched.context.addCookies(after.cookies);
        const origins = after.origins.filter((x) => isVenuePage(x.origin, s.allowed));
        if (origins.length) await s.launched.context.addInitScript({ content: localStorageScript(origins) });
        const url = page.url();
        s.log(`needs you: the check is gone (${s.redact(url)}); carrying the browser's state back and continuing`);
        await person;
        return { result: 'resumed', url };
      }
    }
    s.log(`needs you: nobody passed the check within ${Math.round(timeoutMs / 60_000)} min`);
    return { result: 'gave-up' };
  } finally {
    await visible.close();
  }
}
