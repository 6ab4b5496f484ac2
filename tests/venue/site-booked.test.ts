// The "booked" venue site (LibreBooking / Booked Scheduler) in real Chromium: booked end to end by its
// hand-written script and checked against ground truth, its refusals in LibreBooking's words, and each
// wart the site exists for, asserted on structure (the dashboard's two-week window and its availability
// offers, role-less slot cells behind one delegated listener, duplicated links and buttons, the login's
// placeholder-only fields). Screenshots go to test-output/venue/booked-*.png.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bookByHand } from './baseline';
import { launchChromium } from './browser';
import { DEMO_MEMBERS, startVenue, type Venue } from './index';

// Tuesday 1 December 2026, 09:00 in London: 12/08 opened at midnight, 12/09 opens tomorrow.
const NOW = new Date('2026-12-01T09:00:00Z');
const OPEN = '2026-12-08';
const NOT_OPEN = '2026-12-09';
const SHOTS = join(import.meta.dirname, '../../test-output/venue');
const alex = DEMO_MEMBERS[0]!;
const kim = DEMO_MEMBERS[2]!;

let browser: Browser;
let context: BrowserContext | undefined;
let venue: Venue | undefined;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await context?.close();
  await venue?.close();
  context = undefined;
  venue = undefined;
});

async function fresh(): Promise<Page> {
  venue = await startVenue({ layout: 'booked', testMode: true, now: NOW });
  venue.addBooking({ member: 'sam', date: OPEN, time: '07:00', lane: 2 });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  return context.newPage();
}

/** Fills the login form and submits it, waiting for the answer page to load (it may be the same URL). */
async function submitLogin(page: Page, username: string, password: string): Promise<void> {
  await page.getByPlaceholder('Username or Email').fill(username);
  await page.getByPlaceholder('Password').fill(password);
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Log In' }).click()]);
}

async function signIn(page: Page, who: { username: string; password: string }): Promise<void> {
  await page.goto(`${venue!.url}/Web/index.php`);
  await submitLogin(page, who.username, who.password);
  await page.waitForURL((u) => u.pathname === '/Web/dashboard.php');
}

function reservationUrl(rid: number, date: string, time: string, endTime: string): string {
  return `${venue!.url}/Web/reservation.php?rid=${rid}&sd=${encodeURIComponent(`${date} ${time}:00`)}&ed=${encodeURIComponent(`${date} ${endTime}:00`)}`;
}

/** Clicks one of the Create buttons and returns the result modal's heading and text. */
async function create(page: Page, which: 'first' | 'last' = 'first'): Promise<{ heading: string; text: string }> {
  const buttons = page.getByRole('button', { name: 'Create' });
  await (which === 'first' ? buttons.first() : buttons.last()).click();
  const dialog = page.getByRole('dialog');
  const heading = dialog.getByRole('heading', { name: /^Reservation (Created|Failed)$/ });
  await heading.waitFor();
  return { heading: await heading.innerText(), text: (await dialog.innerText()).replace(/\s+/g, ' ') };
}

const upcoming = (page: Page) => page.locator('#upcomingReservationsDashboard');

describe('booked (LibreBooking)', () => {
  it('is booked end to end by bookByHand; ground truth and the dashboard agree', async () => {
    const page = await fresh();
    await bookByHand(page, venue!, alex, { date: OPEN, time: '07:00', lane: 3 });
    const mine = venue!.bookings().filter((b) => b.member === 'alex');
    expect(mine).toMatchObject([{ date: OPEN, time: '07:00', lane: 3, source: 'web' }]);
    const saves = venue!.requests().filter((r) => r.path === '/Web/ajax/reservation_save.php');
    expect(saves.map((r) => r.outcome)).toEqual(['booked']);

    const dialog = page.getByRole('dialog');
    const text = await dialog.innerText();
    expect(text).toContain('Your reservation was created');
    const ref = /Reference number: ([0-9a-f]{13})/.exec(text)?.[1];
    expect(ref).toBeDefined();
    await page.screenshot({ path: join(SHOTS, 'booked-created.png') });

    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.waitForURL((u) => u.pathname === '/Web/dashboard.php');
    const rows = upcoming(page).locator('a.reservation');
    expect(await rows.count()).toBe(1);
    const row = (await rows.innerText()).replace(/\s+/g, ' ');
    expect(row).toContain('Tue, 12/08 2026 7:00 AM - 8:00 AM');
    expect(row).toContain('Lane 3');
    expect(row).toContain(ref!);
    expect(await rows.getAttribute('href')).toBe(`/Web/reservation.php?rn=${ref}`);
    expect(await upcoming(page).locator('.timespan').allInnerTexts()).toEqual(['Today (0)', 'Tomorrow (0)', 'Later This Week (0)', 'Next Week (1)']);
    await page.screenshot({ path: join(SHOTS, 'booked-dashboard.png'), fullPage: true });

    await page.goto(`${venue!.url}/Web/schedule.php?sd=${OPEN}`);
    const cell = page.locator(`#reservations td[data-resourceid="19"][data-start="${OPEN} 07:00:00"]`);
    expect(await cell.getAttribute('class')).toContain('reserved mine');
    expect((await cell.innerText()).trim()).toBe('Alex Morgan');
    await page.screenshot({ path: join(SHOTS, 'booked-schedule.png') });

    await page.goto(`${venue!.url}/Web/reservation.php?rn=${ref}`);
    expect(await page.getByRole('heading', { name: `Editing Reservation ${ref}` }).isVisible()).toBe(true);
  });

  it('refuses in LibreBooking’s words (conflict, not open yet, length, one per day) and creates nothing', async () => {
    const page = await fresh();
    await signIn(page, alex);

    // Lane 2 at 07:00 on 12/08 is Sam's; the bottom Create button does what the top one does.
    await page.goto(reservationUrl(18, OPEN, '07:00', '08:00'));
    const taken = await create(page, 'last');
    expect(taken.heading).toBe('Reservation Failed');
    expect(taken.text).toContain('Your reservation could not be made');
    expect(taken.text).toContain('There are conflicting reservations on the following dates: 12/08/2026');
    await page.screenshot({ path: join(SHOTS, 'booked-failed.png') });

    await page.goto(reservationUrl(19, NOT_OPEN, '07:00', '08:00'));
    const early = await create(page);
    expect(early.heading).toBe('Reservation Failed');
    expect(early.text).toContain('You cannot make a reservation for 12/09/2026 before 12/02/2026 12:00 AM.');

    await page.goto(reservationUrl(20, OPEN, '07:00', '08:00'));
    await page.locator('#EndPeriod').selectOption({ label: '9:00 AM' });
    const long = await create(page);
    expect(long.text).toContain('The reservation must be 1 hour long');
    expect(venue!.bookings().filter((b) => b.member === 'alex')).toEqual([]);

    venue!.addBooking({ member: 'alex', date: OPEN, time: '06:00', lane: 5 });
    await page.goto(reservationUrl(20, OPEN, '07:00', '08:00'));
    const twice = await create(page);
    expect(twice.text).toContain('You already have a reservation on 12/08/2026');

    expect(venue!.bookings().filter((b) => b.member === 'alex')).toMatchObject([{ time: '06:00', lane: 5, source: 'seed' }]);
    const outcomes = venue!.requests().filter((r) => r.path === '/Web/ajax/reservation_save.php').map((r) => r.outcome);
    expect(outcomes).toEqual(['taken', 'not-open', 'invalid', 'already-booked']);

    // On the schedule that day is "Restricted", so the hand script stops there with the legend's word.
    await context!.clearCookies();
    await expect(bookByHand(page, venue!, alex, { date: NOT_OPEN, time: '07:00', lane: 3 })).rejects.toThrow(/"Restricted" on the schedule/);
  });

  it('dashboard: own reservations only up to the end of next week, beside dated availability offers', async () => {
    const page = await fresh();
    const seed = (date: string, lane: number) => venue!.addBooking({ member: 'alex', date, time: '07:00', lane });
    seed('2026-12-02', 3); // tomorrow
    seed('2026-12-06', 1); // Sunday: later this week
    const cancelled = seed('2026-12-10', 3);
    venue!.cancelBooking(cancelled.id);
    seed('2026-12-13', 3); // Sunday of next week: the last day shown
    seed('2026-12-14', 3); // Monday after: beyond the widget's window
    venue!.addBooking({ member: 'kim', date: '2026-12-03', time: '07:00', lane: 3 });
    await signIn(page, alex);

    const widget = upcoming(page);
    const rows = widget.locator('a.reservation');
    const texts = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
    expect(texts.map((t) => /\w{3}, \d+\/\d+ \d{4} [^-]+- \S+ [AP]M/.exec(t)?.[0])).toEqual([
      'Wed, 12/02 2026 7:00 AM - 8:00 AM',
      'Sun, 12/06 2026 7:00 AM - 8:00 AM',
      'Sun, 12/13 2026 7:00 AM - 8:00 AM',
    ]);
    expect(await widget.locator('.timespan').allInnerTexts()).toEqual(['Today (0)', 'Tomorrow (1)', 'Later This Week (1)', 'Next Week (1)']);
    // The 12/14 reservation exists (ground truth, schedule) but the dashboard never shows it.
    expect(venue!.bookings().some((b) => b.member === 'alex' && b.date === '2026-12-14' && !b.cancelledAt)).toBe(true);
    expect(await widget.innerText()).not.toContain('12/14');
    expect(await widget.innerText()).not.toContain('12/10');
    expect(await widget.innerText()).not.toContain('Kim');

    // Widget titles are collapse buttons, not headings.
    expect(await page.getByRole('button', { name: /^Upcoming Reservations/ }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: /Upcoming Reservations/ }).count()).toBe(0);
    expect(await page.locator('#groupUpcomingReservationsDashboard').innerText()).toContain('There are no upcoming reservations in next 30 days');
    expect(await page.locator('#announcementsDashboard').innerText()).toContain('Pool closed for maintenance on Friday, 12/18/2026');

    // Offers read like bookings: Lane 3 at 07:00 on 12/08 is offered, and nobody holds it.
    const offers = page.locator('#availabilityDashboard .availabilityItem');
    const offer = offers.filter({ hasText: 'Lane 3' }).filter({ hasText: 'Tuesday, 12/08/2026 07:00' });
    expect(await offer.count()).toBe(1);
    expect(await offer.getByRole('link', { name: 'Reserve' }).getAttribute('href')).toBe(
      `/Web/reservation.php?rid=19&sd=${encodeURIComponent('2026-12-08 07:00:00')}&ed=${encodeURIComponent('2026-12-08 08:00:00')}`,
    );
    expect(venue!.bookings().some((b) => b.date === OPEN && b.lane === 3)).toBe(false);
    // "Available Until" names the member's own next reservation time on that lane.
    expect((await offers.filter({ hasText: 'Available Until' }).allInnerTexts()).join(' ').replace(/\s+/g, ' ')).toContain('Lane 3 Available Until Wednesday, 12/02/2026 07:00');
    expect(await page.getByRole('link', { name: 'Reserve' }).count()).toBeGreaterThan(10);
    await page.screenshot({ path: join(SHOTS, 'booked-dashboard-window.png'), fullPage: true });

    await page.goto(`${venue!.url}/Web/schedule.php?sd=2026-12-14`);
    expect(await page.locator('#reservations td[data-resourceid="19"][data-start="2026-12-14 07:00:00"]').getAttribute('class')).toContain('reserved mine');

    const other = await context!.newPage();
    await other.context().clearCookies();
    await signIn(other, { username: 'robin', password: 'no-lanes-for-me-3' });
    expect((await upcoming(other).innerText()).replace(/\s+/g, ' ')).toContain('There are no upcoming reservations');
    expect(await upcoming(other).locator('a.reservation').count()).toBe(0);
  });

  it('schedule: per-day tables of empty, role-less cells behind one delegated click listener; week links twice', async () => {
    const page = await fresh();
    await signIn(page, alex);
    await page.getByRole('button', { name: 'Schedule' }).click();
    await page.getByRole('link', { name: 'Bookings' }).click();
    await page.waitForURL((u) => u.pathname === '/Web/schedule.php');

    const tables = page.locator('#reservations table.reservations');
    expect(await tables.count()).toBe(7);
    expect(await tables.locator('td.resdate').allInnerTexts()).toEqual([
      'Tuesday, 12/01/2026', 'Wednesday, 12/02/2026', 'Thursday, 12/03/2026', 'Friday, 12/04/2026', 'Saturday, 12/05/2026', 'Sunday, 12/06/2026', 'Monday, 12/07/2026',
    ]);
    expect((await tables.first().locator('td.reslabel').allInnerTexts()).slice(0, 3)).toEqual(['6:00 AM', '7:00 AM', '8:00 AM']);
    expect(await page.locator('#reservations th').count()).toBe(0);
    const lane1 = page.locator('#reservations a.resourceNameSelector', { hasText: 'Lane 1' }).first();
    expect(await lane1.getAttribute('data-resourceid')).toBe('17');

    // Today before 09:00 is past; the rest is open. No cell is a button, link or focusable, and none has text.
    const first = tables.first();
    // 06:00 to 09:00 have started (09:00 starts at the very instant the test clock begins).
    expect(await first.locator('td.pasttime.slot').count()).toBe(4 * 6);
    const slots = page.locator('#reservations td.slot');
    const attrs = await slots.evaluateAll((tds) =>
      tds.map((td) => ({ role: td.getAttribute('role'), tabindex: td.getAttribute('tabindex'), onclick: td.getAttribute('onclick'), href: td.getAttribute('href'), links: td.querySelectorAll('a,button').length, text: (td.textContent ?? '').trim() })),
    );
    expect(attrs.length).toBe(7 * 6 * 16);
    expect(attrs.every((a) => a.role === null && a.tabindex === null && a.onclick === null && a.href === null && a.links === 0 && a.text === '')).toBe(true);
    expect(await page.locator('#reservations').getByRole('button').count()).toBe(0);

    const cdp = await context!.newCDPSession(page);
    const listenersOf = async (expression: string) => {
      const { result } = await cdp.send('Runtime.evaluate', { expression });
      const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId! });
      return listeners.filter((l) => l.type === 'click').length;
    };
    expect(await listenersOf('document.getElementById("reservations")')).toBe(1);
    expect(await listenersOf('document.querySelector("#reservations td.reservable")')).toBe(0);

    for (const name of ['« Previous week', 'Next week »']) {
      const links = page.getByRole('link', { name, exact: true });
      expect(await links.count()).toBe(2);
      const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      expect(new Set(hrefs).size).toBe(1);
    }
    await page.getByRole('link', { name: 'Next week »' }).last().click();
    await page.waitForURL((u) => u.searchParams.get('sd') === OPEN);
    const samCell = page.locator(`#reservations td[data-resourceid="18"][data-start="${OPEN} 07:00:00"]`);
    expect(await samCell.getAttribute('class')).toMatch(/^reserved(?!.*mine)/);
    expect((await samCell.innerText()).trim()).toBe('Sam Patel');
    expect(await page.locator(`#reservations td.restricted[data-start^="${NOT_OPEN}"]`).count()).toBe(6 * 16);

    await page.locator(`#reservations td[data-resourceid="20"][data-start="${OPEN} 07:00:00"]`).click();
    await page.waitForURL((u) => u.pathname === '/Web/reservation.php');
    const q = new URL(page.url()).searchParams;
    expect([q.get('rid'), q.get('sd'), q.get('ed')]).toEqual(['20', `${OPEN} 07:00:00`, `${OPEN} 08:00:00`]);
    expect(await page.getByLabel('Begin', { exact: true }).inputValue()).toBe('12/08/2026');
    expect(await page.locator('#BeginPeriod option:checked').innerText()).toBe('7:00 AM');
    expect(await page.locator('#EndPeriod option:checked').innerText()).toBe('8:00 AM');
    expect(await page.locator('#resourceNames').innerText()).toBe('Lane 4');
    expect(await page.getByRole('button', { name: 'Create' }).count()).toBe(2);
    expect(await page.getByLabel('Title of reservation').count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'booked-reservation.png') });
  });

  it('login: placeholder-only fields, the app’s error, ?redirect= back to the page, five failures lock', async () => {
    const page = await fresh();
    await page.goto(`${venue!.url}/Web/schedule.php?sd=${OPEN}`);
    expect(new URL(page.url()).pathname).toBe('/Web/index.php');
    expect(new URL(page.url()).searchParams.get('redirect')).toBe(`/Web/schedule.php?sd=${OPEN}`);
    expect(await page.locator('label[for="email"], label[for="password"]').count()).toBe(0);
    expect(await page.getByRole('checkbox', { name: 'Remember Me' }).count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'booked-login.png') });

    await submitLogin(page, 'alex', 'not-my-password');
    expect(await page.locator('#loginError').innerText()).toBe('We could not match your username or password');

    await submitLogin(page, 'alex', alex.password);
    await page.waitForURL((u) => u.pathname === '/Web/schedule.php' && u.searchParams.get('sd') === OPEN);

    await page.getByRole('link', { name: 'Sign Out' }).click();
    await page.waitForURL((u) => u.pathname === '/Web/index.php');
    for (let i = 0; i < 5; i++) await submitLogin(page, 'kim', 'wrong');
    expect(await page.locator('#loginError').innerText()).toContain('locked after 5 failed login attempts');
    await submitLogin(page, 'kim', kim.password);
    expect(await page.locator('#loginError').innerText()).toContain('locked');
    expect(new URL(page.url()).pathname).toBe('/Web/index.php');
  });

  it('a reservation opened from the dashboard is deleted through its Delete button', async () => {
    const page = await fresh();
    const b = venue!.addBooking({ member: 'alex', date: '2026-12-03', time: '18:00', lane: 4 });
    await signIn(page, alex);
    await upcoming(page).locator('a.reservation').click();
    await page.waitForURL((u) => u.pathname === '/Web/reservation.php' && u.searchParams.has('rn'));
    await page.getByRole('button', { name: 'Delete' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Delete Reservation' }).waitFor();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await dialog.getByText('Your reservation was removed').waitFor();
    expect(venue!.bookings().find((x) => x.id === b.id)?.cancelledAt).toBeDefined();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.waitForURL((u) => u.pathname === '/Web/dashboard.php');
    expect(await upcoming(page).innerText()).toContain('There are no upcoming reservations');
  });
});
