// Cookie banners: they cover the page and block clicks, so the harness answers them before anything else.
import type { Page } from 'playwright-core';

const BANNER_TEXT = /cookie|privacy|consent/i;
const REJECT = /reject|decline|essential only|only essential|necessary only|only necessary|non-essential/i;
const ACCEPT = /accept|agree|allow|got it|^ok$/i;

/** Answers a cookie dialog if one is showing (rejecting optional cookies where offered). True when one was answered. */
export async function dismissCookieBanner(page: Page, timeoutMs = 5000): Promise<boolean> {
  const dialogs = page.getByRole('dialog').filter({ hasText: BANNER_TEXT });
  if ((await dialogs.count().catch(() => 0)) === 0) return false;
  const dialog = dialogs.first();
  if (!(await dialog.isVisible().catch(() => false))) return false;
  for (const name of [REJECT, ACCEPT]) {
    const button = dialog.getByRole('button', { name }).first();
    if ((await button.count()) === 0 || !(await button.isVisible().catch(() => false))) continue;
    await button.click({ timeout: timeoutMs });
    await page.waitForLoadState('domcontentloaded', { timeout: timeoutMs }).catch(() => {});
    await dialog.waitFor({ state: 'hidden', timeout: timeoutMs }).catch(() => {});
    return true;
  }
  return false;
}
