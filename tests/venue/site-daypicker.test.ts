// The "daypicker" venue site (Harbour Sports Club, React + react-day-picker) in real Chromium: booked end
// to end by its hand-written script and checked against ground truth, refusals in the club's words in a
// toast, and its warts asserted on structure (the library's day-button names, identical "Book" buttons,
// sessions and schedule rendered from JSON after load, the schedule paged three at a time beside offers
// dated like bookings, sign-in rendered by JS). Screenshots go to test-output/venue/daypicker-*.png.
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
  venue = await startVenue({ layout: 'daypicker', testMode: true, now: NOW });
  venue.addBooking({ member: 'sam', date: OPEN, time: '07:00', lane: 2 });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  return context.newPage();
}

async function signIn(page: Page): Promise<void> {
  await page.goto(`${venue!.url}/app/login`);
  await page.getByLabel('Email').fill(alex.username);
  await page.getByLabel('Password').fill(alex.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => u.pathname === '/app/book');
}

/** The session card for a lane and start time; only its text tells it from the others. */
function card(page: Page, lane: number, time12: string) {
  return page
    .locator('.session-card')
    .filter({ has: page.locator('.session-title', { hasText: new RegExp(`^Lap Swim · Lane ${lane}$`) }) })
    .filter({ has: page.locator('.session-time', { hasText: new RegExp(`^${time12} –`) }) });
}

const toast = (page: Page, role: 'status' | 'alert') => page.locator('.toast-region').getByRole(role);

describe('daypicker (Harbour Sports Club)', () => {
  it('is booked end to end by bookByHand; ground truth, the toast and My schedule agree', async () => {
    const page = await fresh();
    await bookByHand(page, venue!, alex, { date: OPEN, time: '07:00', lane: 3 });
    expect(venue!.bookings().filter((b) => b.member === 'alex')).toMatchObject([{ date: OPEN, time: '07:00', lane: 3, source: 'web' }]);
    expect(venue!.requests().filter((r) => r.path === '/api/v1/bookings').map((r) => r.outcome)).toEqual(['booked']);
    expect(await toast(page, 'status').innerText()).toMatch(/^You're booked! Ref HSC-\d{4}/);
    await card(page, 3, '7:00 AM').getByText("You're booked").waitFor();
    await page.screenshot({ path: join(SHOTS, 'daypicker-booked.png') });

    await page.getByRole('link', { name: 'My schedule' }).click();
    const row = page.locator('.booking-row', { hasText: 'Tue 12/08/2026 · 7:00 AM · Lap Swim — Lane 3' });
    await row.waitFor();
    expect(await row.getByRole('button', { name: 'Cancel' }).count()).toBe(1);
    // The trap beside it: an offer for the same date and time in the next lane, which nobody has booked.
    const offer = page.locator('.recommendations li', { hasText: 'Lap Swim — Lane 2 · Tue 12/08/2026 7:00 AM' });
    expect(await offer.count()).toBe(0); // Lane 2 is Sam's, so the recommender moves on…
    const offers = (await page.locator('.recommendations li').allInnerTexts()).join('\n');
    expect(offers).toMatch(/Lap Swim — Lane 4 · Tue 12\/08\/2026 7:00 AM · \d spaces? left · Book now/);
    expect(venue!.bookings().some((b) => b.date === OPEN && b.lane === 4)).toBe(false);
    await page.screenshot({ path: join(SHOTS, 'daypicker-schedule.png') });

    // The schedule is not in the page the server sends; the browser builds it from /api/v1/me/bookings.
    const html = await (await fetch(venue!.bookingsUrl)).text();
    expect(html).not.toContain('12/08/2026');
    expect(html).toContain('<div id="root"></div>');
    expect(venue!.requests().some((r) => r.path === '/api/v1/me/bookings')).toBe(true);
  });

  it('refuses in the club’s words in an alert toast and creates nothing', async () => {
    const page = await fresh();
    await signIn(page);
    await page.getByRole('button', { name: 'Tuesday, December 8th, 2026' }).click();
    const lane4 = card(page, 4, '7:00 AM');
    await lane4.waitFor();
    // Taken by someone else between loading the cards and confirming.
    venue!.addBooking({ member: 'kim', date: OPEN, time: '07:00', lane: 4 });
    await lane4.getByRole('button', { name: 'Book' }).click();
    const review = page.getByRole('dialog', { name: 'Review booking' });
    await review.waitFor();
    expect((await review.innerText()).replace(/\s+/g, ' ')).toContain('Lane Lane 4 Date Tue 12/08/2026 Time 7:00 AM – 8:00 AM');
    await page.screenshot({ path: join(SHOTS, 'daypicker-review.png') });
    await review.getByRole('button', { name: 'Confirm booking' }).click();
    await toast(page, 'alert').waitFor();
    expect(await toast(page, 'alert').innerText()).toContain('Sorry, that session just filled up. Please choose another lane or time.');
    await lane4.getByText('Full').waitFor();
    expect(await lane4.getByRole('button', { name: 'Book' }).isDisabled()).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'daypicker-refused.png') });

    await page.getByRole('button', { name: 'Wednesday, December 9th, 2026' }).click();
    await page.getByText('Booking for Wed 12/09/2026 opens Wed 12/02/2026 at 12:00 AM.').waitFor();
    await card(page, 3, '7:00 AM').getByRole('button', { name: 'Book' }).click();
    await page.getByRole('dialog', { name: 'Review booking' }).getByRole('button', { name: 'Confirm booking' }).click();
    await toast(page, 'alert').filter({ hasText: 'opens' }).waitFor();
    expect(await toast(page, 'alert').filter({ hasText: 'opens' }).innerText()).toContain('Booking for Wed 12/09/2026 opens Wed 12/02/2026 at 12:00 AM.');

    await context!.clearCookies();
    await expect(bookByHand(page, venue!, alex, { date: OPEN, time: '07:00', lane: 2 })).rejects.toThrow(/Lane 2 at 7:00 AM on Tue 12\/08\/2026 is "Full"/);
    await context!.clearCookies();
    await expect(bookByHand(page, venue!, alex, { date: NOT_OPEN, time: '08:00', lane: 1 })).rejects.toThrow(/booking refused: Booking for Wed 12\/09\/2026 opens/);

    expect(venue!.bookings().filter((b) => b.member === 'alex')).toEqual([]);
    expect(venue!.requests().filter((r) => r.path === '/api/v1/bookings').map((r) => r.outcome)).toEqual(['taken', 'not-open', 'not-open']);
  });

  it('warts: library day names, identical Book buttons, sessions from JSON, a paged schedule', async () => {
    const page = await fresh();
    for (const date of ['2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05']) venue!.addBooking({ member: 'alex', date, time: '07:00', lane: 3 });
    const shell = await (await fetch(`${venue!.url}/app/book`)).text();
    expect(shell).not.toContain('Lap Swim');
    await signIn(page);

    expect(await page.getByRole('button', { name: 'Today, Tuesday, December 1st, 2026, selected', exact: true }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Tuesday, December 8th, 2026', exact: true }).count()).toBe(1);
    await page.getByRole('button', { name: 'Tuesday, December 8th, 2026', exact: true }).click();
    await page.getByRole('heading', { name: 'Sessions on Tue 12/08/2026' }).waitFor();
    await card(page, 6, '9:00 PM').waitFor();
    const books = page.getByRole('button', { name: 'Book', exact: true });
    expect(await books.count()).toBe(6 * 16);
    const named = await books.evaluateAll((bs) => bs.map((b) => [b.textContent, b.getAttribute('aria-label'), b.getAttribute('aria-describedby'), b.id]));
    expect(named.every(([text, label, describedBy, id]) => text === 'Book' && label === null && describedBy === null && id === '')).toBe(true);
    expect(venue!.requests().some((r) => r.path === '/api/v1/sessions' && r.query === `?date=${OPEN}`)).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'daypicker-book.png') });

    await page.getByRole('link', { name: 'My schedule' }).click();
    const rows = page.locator('.booking-row');
    await rows.first().waitFor();
    expect(await rows.allInnerTexts()).toEqual([
      'Wed 12/02/2026 · 7:00 AM · Lap Swim — Lane 3\nCancel',
      'Thu 12/03/2026 · 7:00 AM · Lap Swim — Lane 3\nCancel',
      'Fri 12/04/2026 · 7:00 AM · Lap Swim — Lane 3\nCancel',
    ]);
    expect(await page.getByText('12/05/2026 · 7:00 AM').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Previous page' }).isDisabled()).toBe(true);
    expect(await page.getByText('Page 1 of 2').isVisible()).toBe(true);
    // Offers on the member's own dates and on free days read just like bookings.
    const offers = (await page.locator('.recommendations li').allInnerTexts()).join('\n');
    expect(offers).toMatch(/Lap Swim — Lane 2 · Wed 12\/02\/2026 7:00 AM · \d spaces? left · Book now/);
    expect(offers).toMatch(/Lap Swim — Lane 3 · Sun 12\/06\/2026 7:00 AM/);
    expect(venue!.bookings().some((b) => b.date === '2026-12-06')).toBe(false);
    await page.screenshot({ path: join(SHOTS, 'daypicker-schedule-paged.png') });

    await page.getByRole('button', { name: 'Next page' }).click();
    const sat = page.locator('.booking-row', { hasText: 'Sat 12/05/2026 · 7:00 AM · Lap Swim — Lane 3' });
    await sat.waitFor();
    expect(await rows.count()).toBe(1);
    await sat.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('dialog', { name: 'Cancel this booking?' }).getByRole('button', { name: 'Yes, cancel it' }).click();
    await toast(page, 'status').filter({ hasText: 'Your booking was cancelled.' }).waitFor();
    expect(venue!.bookings().find((b) => b.date === '2026-12-05')?.cancelledAt).toBeDefined();
    await page.getByText('Page 1 of 1').waitFor();
  });

  it('sign-in is rendered by the app, answers a wrong password in its words and returns to the page asked for', async () => {
    const page = await fresh();
    const res = await page.goto(`${venue!.url}/app/book`);
    expect(res?.status()).toBe(200);
    await page.waitForURL((u) => u.pathname === '/app/login');
    expect(new URL(page.url()).searchParams.get('returnTo')).toBe('/app/book');
    await page.getByLabel('Email').fill('alex');
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toBe('Incorrect email or password.');
    await page.screenshot({ path: join(SHOTS, 'daypicker-login.png') });
    await page.getByLabel('Password').fill(alex.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname === '/app/book');
    await page.getByRole('heading', { name: 'Book a session' }).waitFor();
  });
});
