// The hand-written booking script for the "booked" site: the shortest human route through LibreBooking —
// log in, open the schedule at the date, click the lane's empty slot cell (found by its data attributes,
// since it has no text, role or link), press the first of the two Create buttons and read the modal.
import type { Page } from 'playwright-core';
import { dayHeader, RESOURCE_ID_OFFSET, time12 } from './format';

const STEP_TIMEOUT = 10_000;

/** What the schedule's legend calls a cell of each class, for refusals read off the schedule itself. */
function legendName(classes: string[]): string {
  if (classes.includes('mine')) return 'My Reservation';
  if (classes.includes('reserved')) return 'Reserved';
  if (classes.includes('pasttime')) return 'Past';
  if (classes.includes('restricted')) return 'Restricted';
  if (classes.includes('unreservable')) return 'Blocked';
  return classes.join(' ');
}

export async function bookByHand(
  page: Page,
  venueUrl: string,
  creds: { username: string; password: string },
  want: { date: string; time: string; lane: number },
): Promise<void> {
  await page.goto(`${venueUrl}/Web/index.php`, { waitUntil: 'load', timeout: STEP_TIMEOUT });
  await page.getByPlaceholder('Username or Email').fill(creds.username, { timeout: STEP_TIMEOUT });
  await page.getByPlaceholder('Password').fill(creds.password, { timeout: STEP_TIMEOUT });
  await page.getByRole('button', { name: 'Log In' }).click({ timeout: STEP_TIMEOUT });
  await page.waitForURL((u) => u.pathname !== '/Web/index.php', { timeout: STEP_TIMEOUT }).catch(async () => {
    const error = page.locator('#loginError');
    throw new Error(`login failed: ${(await error.isVisible()) ? (await error.innerText()).trim() : 'still on the login page'}`);
  });

  await page.goto(`${venueUrl}/Web/schedule.php?sd=${want.date}`, { waitUntil: 'load', timeout: STEP_TIMEOUT });
  const rid = want.lane + RESOURCE_ID_OFFSET;
  const cell = page.locator(`#reservations td[data-resourceid="${rid}"][data-start="${want.date} ${want.time}:00"]`);
  await cell.waitFor({ timeout: STEP_TIMEOUT });
  const classes = ((await cell.getAttribute('class')) ?? '').split(/\s+/).filter(Boolean);
  if (!classes.includes('reservable')) {
    const who = (await cell.innerText()).trim();
    throw new Error(`booking refused: Lane ${want.lane} at ${time12(want.time)} on ${dayHeader(want.date)} is "${legendName(classes)}" on the schedule${who ? ` (${who})` : ''}`);
  }
  await Promise.all([page.waitForURL((u) => u.pathname === '/Web/reservation.php', { timeout: STEP_TIMEOUT }), cell.click({ timeout: STEP_TIMEOUT })]);

  await page.getByRole('button', { name: 'Create' }).first().click({ timeout: STEP_TIMEOUT });
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('heading', { name: /^Reservation (Created|Failed)$/ }).waitFor({ timeout: STEP_TIMEOUT });
  const text = (await dialog.innerText()).replace(/\s+/g, ' ').trim();
  if (!text.includes('Your reservation was created')) throw new Error(`booking refused: ${text}`);
}
