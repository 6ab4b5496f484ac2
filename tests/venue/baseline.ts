// Hand-written playwright-core booking scripts, one per layout: the speed baseline Lanebot's recipe
// replay is compared against, and the tests' proof that each layout can be booked end to end.
import type { Page } from 'playwright-core';
import { dayMonth, longDate } from './calendar';
import { siteNamed } from './sites/index';
import type { VenueLayout } from './types';

const STEP_TIMEOUT = 10_000;

/** Accepts the cookie banner when the venue shows one; it blocks clicks on everything beneath it. */
export async function dismissCookieBanner(page: Page): Promise<boolean> {
  const accept = page.getByRole('button', { name: 'Accept all cookies' });
  if (!(await accept.isVisible())) return false;
  await Promise.all([page.waitForURL(() => true, { waitUntil: 'load', timeout: STEP_TIMEOUT }), accept.click({ timeout: STEP_TIMEOUT })]);
  return true;
}

async function goto(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: 'load', timeout: STEP_TIMEOUT });
  await dismissCookieBanner(page);
}

/** Throws with the venue's own words when a booking page ends in an error instead of a confirmation. */
async function expectConfirmed(page: Page): Promise<void> {
  const done = page.getByRole('heading', { name: 'Booking confirmed' });
  const alert = page.getByRole('alert').first();
  await done.or(alert).first().waitFor({ timeout: STEP_TIMEOUT });
  if (!(await done.isVisible())) throw new Error(`booking refused: ${(await alert.innerText()).trim()}`);
}

export async function login(page: Page, url: string, creds: { username: string; password: string }): Promise<void> {
  await goto(page, `${url}/login`);
  await page.getByLabel('Username').fill(creds.username, { timeout: STEP_TIMEOUT });
  await page.getByLabel('Password').fill(creds.password, { timeout: STEP_TIMEOUT });
  await page.getByRole('button', { name: 'Log in' }).click({ timeout: STEP_TIMEOUT });
  await page.waitForURL((u) => u.pathname !== '/login', { timeout: STEP_TIMEOUT }).catch(async () => {
    const alert = page.getByRole('alert').first();
    throw new Error(`login failed: ${(await alert.isVisible()) ? (await alert.innerText()).trim() : 'still on the login page'}`);
  });
}

export async function bookByHand(
  page: Page,
  venue: { url: string; layout: VenueLayout },
  creds: { username: string; password: string },
  want: { date: string; time: string; lane: number },
): Promise<void> {
  const site = siteNamed(venue.layout);
  if (site) return site.bookByHand(page, venue.url, creds, want);
  await login(page, venue.url, creds);
  const { date, time, lane } = want;
  switch (venue.layout) {
    case 'grid': {
      await goto(page, `${venue.url}/book?date=${date}`);
      await page.getByRole('button', { name: `Book Lane ${lane} at ${time} on ${dayMonth(date)}`, exact: true }).click({ timeout: STEP_TIMEOUT });
      break;
    }
    case 'cards': {
      await goto(page, `${venue.url}/timetable?date=${date}`);
      // The slot cards arrive from /api/slots after load; the locator waits for them.
      await page.getByRole('button', { name: `Book Lane ${lane} at ${time}`, exact: true }).click({ timeout: STEP_TIMEOUT });
      const dialog = page.getByRole('dialog', { name: 'Confirm your booking' });
      await dialog.getByRole('button', { name: 'Confirm' }).click({ timeout: STEP_TIMEOUT });
      break;
    }
    case 'wizard': {
      await goto(page, `${venue.url}/wizard/activity`);
      const next = () => page.getByRole('button', { name: 'Continue' }).click({ timeout: STEP_TIMEOUT });
      await page.getByRole('radio', { name: 'Lap swimming' }).check({ timeout: STEP_TIMEOUT });
      await next();
      await page.getByRole('radio', { name: longDate(date), exact: true }).check({ timeout: STEP_TIMEOUT });
      await next();
      await page.getByRole('radio', { name: time, exact: true }).check({ timeout: STEP_TIMEOUT });
      await next();
      await page.getByRole('radio', { name: `Lane ${lane}`, exact: true }).check({ timeout: STEP_TIMEOUT });
      await next();
      await page.getByRole('button', { name: 'Confirm booking' }).click({ timeout: STEP_TIMEOUT });
      break;
    }
  }
  await expectConfirmed(page);
}
