// The "hallenbad" venue site (Stadtbad Lindenau, German) in real Chromium: booked end to end by its
// hand-written script and checked against ground truth, its German refusals, and its warts — the language
// cookie detour that forgets the page asked for, dd.MM.yyyy dates, the confirm → result dialogs and the
// "Freie Plätze" offers beside the bookings. Screenshots go to test-output/venue/hallenbad-*.png.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser';
import { DEMO_MEMBERS, startVenue, type Venue } from './index';
import { bookingNumber, hallenbad } from './sites/hallenbad/index';

/** 10:00 in Lindenau on Tuesday 1 December 2026: bookings are open through Tuesday 8 December. */
const NOW = new Date('2026-12-01T09:00:00Z');
const OPEN = '2026-12-08';
const NOT_OPEN = '2026-12-09';
const SHOTS = join(import.meta.dirname, '../../test-output/venue');
const alex = DEMO_MEMBERS[0]!;
const robin = DEMO_MEMBERS.find((m) => m.username === 'robin')!;

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
  venue = await startVenue({ layout: 'hallenbad', testMode: true, now: NOW, timeZone: 'Europe/Berlin' });
  venue.addBooking({ member: 'sam', date: OPEN, time: '07:00', lane: 2 });
  context = await browser.newContext({ viewport: { width: 1180, height: 900 }, locale: 'de-DE' });
  return context.newPage();
}

async function login(page: Page, creds: { username: string; password: string } = alex): Promise<void> {
  await page.goto(`${venue!.url}/`);
  await page.getByLabel('Benutzername').fill(creds.username);
  await page.getByLabel('Passwort').fill(creds.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.waitForURL((u) => u.pathname !== '/anmelden');
}

const mine = (member = 'alex') => venue!.bookings().filter((b) => b.member === member && !b.cancelledAt);

describe('hallenbad (Stadtbad Lindenau)', () => {
  it('a fresh browser asking for "Mein Konto" is detoured through the language cookie to the start page, and login ends on /buchen', async () => {
    const page = await fresh();
    const hops: string[] = [];
    page.on('response', (r) => {
      if (r.request().isNavigationRequest()) hops.push(`${r.status()} ${new URL(r.url()).pathname}${new URL(r.url()).search}`);
    });
    await page.goto(`${venue!.url}/konto`);
    expect(hops).toEqual(['302 /konto', '302 /sprache?auswahl=de', '302 /', '200 /anmelden']);
    // The page asked for is forgotten: no ?weiter= on the login page.
    expect(new URL(page.url()).search).toBe('');
    const cookie = (await context!.cookies()).find((c) => c.name === 'sprache');
    expect(cookie?.value).toBe('de');
    expect(cookie!.expires * 1000 - Date.now()).toBeGreaterThan(300 * 86_400_000);
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    await page.screenshot({ path: join(SHOTS, 'hallenbad-login.png') });

    await page.getByLabel('Benutzername').fill(alex.username);
    await page.getByLabel('Passwort').fill(alex.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL((u) => u.pathname !== '/anmelden');
    expect(new URL(page.url()).pathname).toBe('/buchen');

    // With the cookie set, the same visit goes where it was sent, and '/' leads a member to /buchen.
    await page.goto(`${venue!.url}/konto`);
    expect(new URL(page.url()).pathname).toBe('/konto');
    await page.goto(`${venue!.url}/`);
    expect(new URL(page.url()).pathname).toBe('/buchen');
  });

  it('is booked end to end by its hand-written script; ground truth and "Mein Konto" agree, next to look-alike offers', async () => {
    const page = await fresh();
    await hallenbad.bookByHand(page, venue!.url, alex, { date: OPEN, time: '07:00', lane: 3 });
    const booked = mine();
    expect(booked).toMatchObject([{ date: OPEN, time: '07:00', lane: 3, source: 'web' }]);
    expect(venue!.requests().filter((r) => r.outcome === 'booked')).toMatchObject([{ method: 'POST', path: '/api/buchungen' }]);

    await page.getByRole('link', { name: 'Mein Konto' }).click();
    await page.waitForURL(venue!.bookingsUrl);
    const panel = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Meine Buchungen' }) });
    expect(await panel.getByRole('columnheader').allInnerTexts()).toEqual(['Datum', 'Uhrzeit', 'Bereich', 'Bahn', 'Buchungsnr.', '']);
    const rows = panel.getByRole('row').filter({ hasText: '08.12.2026' });
    expect(await rows.count()).toBe(1);
    expect((await rows.getByRole('cell').allInnerTexts()).slice(0, 5)).toEqual(['08.12.2026', '07:00–08:00 Uhr', 'Schwimmhalle', '3', bookingNumber(booked[0]!)]);
    await expect(rows.getByRole('button', { name: 'Stornieren' }).count()).resolves.toBe(1);

    const sauna = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Sauna' }) });
    expect(await sauna.locator('p').allInnerTexts()).toEqual(['Keine Buchungen vorhanden.']);

    // The offers name a lane, the booked date and time in the same formats, and are not in the bookings table.
    const offers = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Freie Plätze' }) });
    const lines = await offers.getByRole('listitem').allInnerTexts();
    expect(lines).toContain('Bahn 4 – frei am 08.12.2026 um 07:00 Uhr – Jetzt buchen');
    expect(lines.some((l) => l.startsWith('Bahn 2 – frei am 07.12.2026 um 07:00 Uhr'))).toBe(true);
    expect(lines.length).toBeGreaterThan(3);
    const links = offers.getByRole('link', { name: 'Jetzt buchen' });
    expect(await links.count()).toBe(lines.length);
    expect(await links.first().getAttribute('href')).toMatch(/^\/buchen\?datum=\d\d\.\d\d\.2026$/);
    expect(await offers.getByRole('table').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'hallenbad-konto.png'), fullPage: true });
  });

  it('confirm dialog → fetch → a second dialog with the booking number; the booking exists before "Schließen"', async () => {
    const page = await fresh();
    await login(page);
    await page.goto(`${venue!.url}/buchen?datum=08.12.2026`);
    expect(await page.getByRole('heading', { level: 2 }).first().innerText()).toBe('Dienstag, 8. Dezember 2026');
    const table = page.locator('table.belegung');
    expect(await table.locator('thead th').allInnerTexts()).toEqual(['Uhrzeit', 'Bahn 1', 'Bahn 2', 'Bahn 3', 'Bahn 4', 'Bahn 5', 'Bahn 6']);
    const row7 = table.locator('tbody tr').filter({ has: page.locator('th', { hasText: '07:00 Uhr' }) });
    expect(await row7.locator('td').nth(1).innerText()).toBe('belegt');
    // The visible text of every free slot is the same "Buchen"; only the aria-label tells them apart.
    expect(await page.getByRole('button', { name: 'Buchen', exact: true }).count()).toBe(0);
    expect(await page.getByText('Buchen', { exact: true }).count()).toBeGreaterThan(80);

    await page.getByRole('button', { name: 'Bahn 3 um 07:00 Uhr buchen' }).click();
    const ask = page.getByRole('dialog', { name: 'Buchung bestätigen' });
    await ask.waitFor();
    expect(await ask.locator('#zusammenfassung').innerText()).toBe('Di., 8. Dez. 2026, 07:00–08:00 Uhr, Bahn 3');
    expect(await ask.getByRole('button').allInnerTexts()).toEqual(['Verbindlich buchen', 'Abbrechen']);
    await page.screenshot({ path: join(SHOTS, 'hallenbad-bestaetigen.png') });
    await ask.getByRole('button', { name: 'Verbindlich buchen' }).click();

    const done = page.getByRole('dialog', { name: 'Buchung erfolgreich' });
    await done.waitFor();
    const booked = mine();
    expect(booked).toMatchObject([{ date: OPEN, time: '07:00', lane: 3 }]);
    expect(await done.innerText()).toContain(`Buchungsnummer: ${bookingNumber(booked[0]!)}`);
    expect(bookingNumber(booked[0]!)).toMatch(/^SB-\d+$/);
    expect(await ask.isVisible()).toBe(false);
    await page.screenshot({ path: join(SHOTS, 'hallenbad-erfolg.png') });
    await Promise.all([page.waitForEvent('load'), done.getByRole('button', { name: 'Schließen' }).click()]);
    expect(await row7.locator('td').nth(2).innerText()).toBe('Ihre Buchung');
    await page.screenshot({ path: join(SHOTS, 'hallenbad-buchen.png'), fullPage: true });
  });

  it('the German flatpickr picks dd.MM.yyyy dates; a day not yet open shows "ab … buchbar" and no buttons', async () => {
    const page = await fresh();
    await login(page);
    await page.goto(`${venue!.url}/buchen?datum=08.12.2026`);
    await page.getByLabel('Datum wählen').click();
    const cal = page.locator('.flatpickr-calendar.open');
    await cal.waitFor();
    expect(await cal.locator('select.flatpickr-monthDropdown-months option:checked').textContent()).toBe('Dezember');
    expect((await cal.locator('.flatpickr-weekday').allInnerTexts()).map((s) => s.trim())).toEqual(['Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa', 'So']);
    await page.screenshot({ path: join(SHOTS, 'hallenbad-datum.png') });
    await Promise.all([page.waitForURL(/datum=09\.12\.2026$/), cal.locator('.flatpickr-day[aria-label="Dezember 9, 2026"]').click()]);
    expect(await page.getByRole('heading', { level: 2 }).first().innerText()).toBe('Mittwoch, 9. Dezember 2026');
    expect(await page.getByRole('button', { name: /um .* Uhr buchen$/ }).count()).toBe(0);
    expect(await page.getByText('ab 02.12.2026 buchbar', { exact: true }).count()).toBe(6 * 16);
    expect(await page.getByText('Buchungen für diesen Tag sind ab 02.12.2026, 00:00 Uhr möglich.').isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Vorheriger Tag' }).click();
    await page.waitForURL(/datum=08\.12\.2026$/);
    await page.getByRole('link', { name: 'Nächster Tag' }).click();
    await page.waitForURL(/datum=09\.12\.2026$/);
    await expect(hallenbad.bookByHand(page, venue!.url, alex, { date: NOT_OPEN, time: '07:00', lane: 3 })).rejects.toThrow('ab 02.12.2026 buchbar');
    expect(mine()).toEqual([]);
  });

  it('refuses in German inside the result dialog and creates nothing: slot taken meanwhile, not open yet', async () => {
    const page = await fresh();
    await login(page);
    // Taken while the page was open: the button is still there, the server says no.
    await page.goto(`${venue!.url}/buchen?datum=08.12.2026`);
    venue!.addBooking({ member: 'kim', date: OPEN, time: '07:00', lane: 3 });
    await page.getByRole('button', { name: 'Bahn 3 um 07:00 Uhr buchen' }).click();
    await page.getByRole('button', { name: 'Verbindlich buchen' }).click();
    const no = page.getByRole('dialog', { name: 'Buchung nicht möglich' });
    await no.waitFor();
    expect(await no.innerText()).toContain('Dieser Platz ist leider bereits vergeben.');
    await page.screenshot({ path: join(SHOTS, 'hallenbad-vergeben.png') });
    await Promise.all([page.waitForEvent('load'), no.getByRole('button', { name: 'Schließen' }).click()]);

    // Opened just after release on a clock that then turns out to have been ahead.
    venue!.setClock({ now: new Date('2026-12-01T23:00:05Z') });
    await page.goto(`${venue!.url}/buchen?datum=09.12.2026`);
    venue!.setClock({ now: new Date('2026-12-01T22:59:00Z') });
    await page.getByRole('button', { name: 'Bahn 3 um 07:00 Uhr buchen' }).click();
    await page.getByRole('button', { name: 'Verbindlich buchen' }).click();
    await no.waitFor();
    expect(await no.innerText()).toContain('Buchungen für den 09.12.2026 sind erst ab 02.12.2026, 00:00 Uhr möglich.');
    expect(mine()).toEqual([]);
    expect(venue!.requests().filter((r) => r.path === '/api/buchungen').map((r) => r.outcome)).toEqual(['taken', 'not-open']);

    // The script reports the cell's words for a slot taken before the page loaded.
    await expect(hallenbad.bookByHand(page, venue!.url, alex, { date: OPEN, time: '07:00', lane: 2 })).rejects.toThrow(/Bahn 2 um 07:00 Uhr: belegt/);
  });

  it('the script throws with the site’s words for one booking a day and for an account without booking rights', async () => {
    const page = await fresh();
    venue!.addBooking({ member: 'alex', date: OPEN, time: '08:00', lane: 1 });
    await expect(hallenbad.bookByHand(page, venue!.url, alex, { date: OPEN, time: '07:00', lane: 3 })).rejects.toThrow('Sie haben für diesen Tag bereits eine Buchung.');
    await context!.clearCookies();
    await expect(hallenbad.bookByHand(page, venue!.url, robin, { date: OPEN, time: '07:00', lane: 3 })).rejects.toThrow('Für dieses Konto sind keine Buchungen möglich.');
    expect(venue!.bookings().filter((b) => b.source === 'web')).toEqual([]);
  });

  it('login refuses wrong passwords in German and locks the account; the booking API wants its CSRF header', async () => {
    const page = await fresh();
    await page.goto(`${venue!.url}/`);
    for (let i = 0; i < 4; i++) {
      await page.getByLabel('Benutzername').fill('alex');
      await page.getByLabel('Passwort').fill('falsch');
      await page.getByRole('button', { name: 'Anmelden' }).click();
      await page.locator('.fehler').waitFor();
      expect(await page.locator('.fehler').innerText()).toBe('Benutzername oder Passwort ist falsch.');
    }
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.getByLabel('Benutzername').fill('alex');
    await page.getByLabel('Passwort').fill('falsch');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    expect(await page.locator('.fehler').innerText()).toMatch(/^Ihr Konto ist gesperrt/);

    await login(page, DEMO_MEMBERS[1]!);
    const status = await page.evaluate(async () => {
      const r = await fetch('/api/buchungen', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ datum: '08.12.2026', beginn: '09:00', bahn: 4 }) });
      return r.status;
    });
    expect(status).toBe(403);
    expect(mine('sam')).toHaveLength(1);
    expect(venue!.requests().filter((r) => r.path === '/api/buchungen').map((r) => r.outcome)).toEqual(['csrf']);
  });

  it('"Stornieren" on "Mein Konto" cancels the booking', async () => {
    const page = await fresh();
    const b = venue!.addBooking({ member: 'alex', date: OPEN, time: '18:00', lane: 5 });
    await login(page);
    await page.goto(`${venue!.url}/konto`);
    const row = page.getByRole('row').filter({ hasText: bookingNumber(b) });
    expect(await row.getByRole('cell').nth(1).innerText()).toBe('18:00–19:00 Uhr');
    await row.getByRole('button', { name: 'Stornieren' }).click();
    await page.getByText(`Ihre Buchung ${bookingNumber(b)} wurde storniert.`).waitFor();
    expect(await page.getByText('Sie haben keine anstehenden Buchungen.').isVisible()).toBe(true);
    expect(venue!.bookings().find((x) => x.id === b.id)?.cancelledAt).toBeDefined();
  });

  it('its pages give way to the current layout, and the other layouts keep their own home page', async () => {
    venue = await startVenue({ layout: 'grid', testMode: true, now: NOW });
    const home = await fetch(`${venue.url}/`, { redirect: 'manual' });
    expect(home.headers.get('location')).toBe('/login?next=%2F');
    const booking = await fetch(`${venue.url}/buchen?datum=08.12.2026`, { redirect: 'manual' });
    expect(booking.headers.get('location')).toBe('/book');
    venue.setLayout('hallenbad');
    expect(venue.bookingsUrl).toBe(`${venue.url}/konto`);
    expect(venue.startUrl).toBe(`${venue.url}/`);
    expect((await fetch(`${venue.url}/`, { redirect: 'manual' })).headers.get('location')).toBe('/sprache?auswahl=de');
  });
});
