// The hand-written booking route on the MRBS site, as a person does it: the "Log in" button, the login
// form that appears late, the day view, the "Create a new booking" link found by its row (time) and
// column (lane), Save — and then a look at the grid, because MRBS confirms nothing.
import type { Locator, Page } from 'playwright-core';
import { ymd } from './model';

const STEP_TIMEOUT = 10_000;

/** The index of the header cell whose visible text is `label` (the hidden capacity span is not visible). */
async function columnIndex(table: Locator, label: string): Promise<number> {
  const heads = (await table.locator('thead tr').first().locator(':scope > th').allInnerTexts()).map((t) => t.trim());
  const i = heads.indexOf(label);
  if (i < 0) throw new Error(`no column "${label}" in the day view (columns: ${heads.join(', ')})`);
  return i;
}

/** The day-view cell in the row whose first cell reads `time` and the column headed `Lane N`. */
async function slotCell(page: Page, time: string, lane: number): Promise<Locator> {
  const table = page.locator('table#day_main');
  await table.waitFor({ timeout: STEP_TIMEOUT });
  const col = await columnIndex(table, `Lane ${lane}`);
  const rows = table.locator('tbody > tr');
  const firsts = (await rows.locator(':scope > :first-child').allInnerTexts()).map((t) => t.trim());
  const r = firsts.indexOf(time);
  if (r < 0) throw new Error(`no row "${time}" in the day view`);
  return rows.nth(r).locator(':scope > th, :scope > td').nth(col);
}

/** The header's "Log in" form button, then the login form a script writes in after load. */
async function logIn(page: Page, creds: { username: string; password: string }): Promise<void> {
  await page.getByRole('button', { name: 'Log in' }).click({ timeout: STEP_TIMEOUT });
  await page.waitForURL((u) => u.pathname === '/mrbs/admin.php', { timeout: STEP_TIMEOUT });
  // The form is written by a script well after load; the locators wait for it.
  const form = page.locator('form#logon');
  await form.getByLabel('Name').fill(creds.username, { timeout: STEP_TIMEOUT });
  await form.getByLabel('Password').fill(creds.password, { timeout: STEP_TIMEOUT });
  await form.getByRole('button', { name: 'Log in' }).click({ timeout: STEP_TIMEOUT });
  await page.waitForURL((u) => u.pathname !== '/mrbs/admin.php', { timeout: STEP_TIMEOUT }).catch(async () => {
    const err = page.locator('form#logon p.error');
    await err.waitFor({ timeout: 2_000 }).catch(() => undefined);
    throw new Error(`login failed: ${(await err.count()) ? (await err.innerText()).trim() : 'still on the login page'}`);
  });
}

export async function bookByHand(page: Page, venueUrl: string, creds: { username: string; password: string }, want: { date: string; time: string; lane: number }): Promise<void> {
  await page.goto(`${venueUrl}/mrbs/index.php`, { waitUntil: 'load', timeout: STEP_TIMEOUT });
  if ((await page.getByRole('button', { name: 'Log out' }).count()) === 0) await logIn(page, creds);

  const { year, month, day } = ymd(want.date);
  const dayUrl = `${venueUrl}/mrbs/index.php?view=day&year=${year}&month=${month}&day=${day}&area=1`;
  await page.goto(dayUrl, { waitUntil: 'load', timeout: STEP_TIMEOUT });
  const cell = await slotCell(page, want.time, want.lane);
  const create = cell.getByRole('link', { name: 'Create a new booking', exact: true });
  if ((await create.count()) === 0) throw new Error(`booking refused: Lane ${want.lane} at ${want.time} is already booked (${(await cell.innerText()).trim()})`);
  await create.click({ timeout: STEP_TIMEOUT });
  await page.waitForURL((u) => u.pathname === '/mrbs/edit_entry.php', { timeout: STEP_TIMEOUT });
  await page.getByRole('button', { name: 'Save', exact: true }).click({ timeout: STEP_TIMEOUT });
  await page.waitForURL((u) => u.pathname !== '/mrbs/edit_entry.php', { timeout: STEP_TIMEOUT, waitUntil: 'load' });

  if (new URL(page.url()).pathname !== '/mrbs/index.php') {
    const text = (await page.locator('#contents').innerText()).replace(/\s*\n\s*/g, ' ').replace(/\s*Back\s*$/, '').trim();
    throw new Error(`booking refused: ${text}`);
  }
  // Success is silent: the only sign is the booking now in the cell (a link to the entry, not to a new one).
  const booked = (await slotCell(page, want.time, want.lane)).locator('a[href*="view_entry.php"]');
  if ((await booked.count()) === 0) throw new Error(`booking not shown: Lane ${want.lane} at ${want.time} on ${want.date} is still free after Save`);
}
