// The hand-written booking script for the "daypicker" site (Harbour Sports Club): sign in, pick the day
// in react-day-picker by the name the library gives its day button, find the card for the lane and time
// (its "Book" button has no name of its own), confirm in the review panel and read the toast.
import { format } from 'date-fns';
import type { Page } from 'playwright-core';
import { ACTIVITY, shortDay, time12 } from './format';

const STEP_TIMEOUT = 10_000;

function literal(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** react-day-picker's default day-button name (date-fns "PPPP" in en-US), e.g. "Tuesday, December 8th, 2026". */
export function dayButtonName(date: string): string {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  return format(new Date(y, m - 1, d), 'PPPP');
}

export async function bookByHand(
  page: Page,
  venueUrl: string,
  creds: { username: string; password: string },
  want: { date: string; time: string; lane: number },
): Promise<void> {
  await page.goto(`${venueUrl}/app/login`, { waitUntil: 'load', timeout: STEP_TIMEOUT });
  await page.getByLabel('Email').fill(creds.username, { timeout: STEP_TIMEOUT });
  await page.getByLabel('Password').fill(creds.password, { timeout: STEP_TIMEOUT });
  await page.getByRole('button', { name: 'Sign in' }).click({ timeout: STEP_TIMEOUT });
  await page.waitForURL((u) => u.pathname === '/app/book', { timeout: STEP_TIMEOUT }).catch(async () => {
    const alert = page.getByRole('alert').first();
    throw new Error(`login failed: ${(await alert.isVisible()) ? (await alert.innerText()).trim() : 'still on the sign-in page'}`);
  });

  const day = page.getByRole('button', { name: new RegExp(`^(Today, )?${literal(dayButtonName(want.date))}(, selected)?$`) });
  for (let i = 0; i < 3 && !(await day.isVisible()); i++) await page.getByRole('button', { name: 'Go to the Next Month' }).click({ timeout: STEP_TIMEOUT });
  await day.click({ timeout: STEP_TIMEOUT });
  await page.getByRole('heading', { name: `Sessions on ${shortDay(want.date)}` }).waitFor({ timeout: STEP_TIMEOUT });
  const card = page
    .locator('.session-card')
    .filter({ has: page.locator('.session-title', { hasText: new RegExp(`^${ACTIVITY} · Lane ${want.lane}$`) }) })
    .filter({ has: page.locator('.session-time', { hasText: new RegExp(`^${literal(time12(want.time))} –`) }) });
  await card.waitFor({ timeout: STEP_TIMEOUT });
  const book = card.getByRole('button', { name: 'Book', exact: true });
  if (await book.isDisabled()) {
    throw new Error(`booking refused: ${ACTIVITY} · Lane ${want.lane} at ${time12(want.time)} on ${shortDay(want.date)} is "${(await card.locator('.session-spaces').innerText()).trim()}"`);
  }
  await book.click({ timeout: STEP_TIMEOUT });
  const panel = page.getByRole('dialog', { name: 'Review booking' });
  await panel.getByRole('button', { name: 'Confirm booking' }).click({ timeout: STEP_TIMEOUT });

  const toasts = page.locator('.toast-region');
  const ok = toasts.getByRole('status');
  const refused = toasts.getByRole('alert');
  await ok.or(refused).first().waitFor({ timeout: STEP_TIMEOUT });
  if (await refused.first().isVisible()) throw new Error(`booking refused: ${(await refused.first().innerText()).replace(/×/g, '').trim()}`);
  const text = (await ok.first().innerText()).replace(/×/g, '').trim();
  if (!text.startsWith("You're booked!")) throw new Error(`booking not confirmed: ${text}`);
}
