// The "piscine" venue site (Piscine des Tourelles, French, FullCalendar) in real Chromium: booked end to
// end by its hand-written script and checked against ground truth, its French refusals, and its warts —
// role-less "Libre" events drawn after load, resource ids unrelated to lane numbers, two identical
// "Confirmer la réservation" buttons, and "Mes réservations" that stops after next week with 08/12/2026
// dates. Screenshots go to test-output/venue/piscine-*.png.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser';
import { DEMO_MEMBERS, startVenue, type Venue } from './index';
import { MemberClient } from './member-client';
import { piscine, reservationNumber } from './sites/piscine/index';
import { resourceId } from './sites/piscine/lanes';

/** 10:00 in Paris on Tuesday 1 December 2026: bookings are open through Tuesday 8 December. */
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
  venue = await startVenue({ layout: 'piscine', testMode: true, now: NOW, timeZone: 'Europe/Paris' });
  venue.addBooking({ member: 'sam', date: OPEN, time: '07:00', lane: 2 });
  context = await browser.newContext({ viewport: { width: 1180, height: 900 }, locale: 'fr-FR' });
  return context.newPage();
}

async function login(page: Page, creds: { username: string; password: string } = alex): Promise<void> {
  await page.goto(`${venue!.url}/connexion`);
  await page.getByLabel('Identifiant').fill(creds.username);
  await page.getByLabel('Mot de passe').fill(creds.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL((u) => u.pathname !== '/connexion');
}

/** The FullCalendar event of a lane at a time, found the way the site itself knows it: by resource id. */
function slot(page: Page, date: string, time: string, lane: number) {
  return page
    .locator(`td.fc-timegrid-col[data-resource-id="${resourceId(lane)}"][data-date="${date}"] .fc-event`)
    .filter({ has: page.locator('.fc-event-time', { hasText: new RegExp(`^${time} - `) }) });
}

const mine = (member = 'alex') => venue!.bookings().filter((b) => b.member === member && !b.cancelledAt);

describe('piscine (Piscine des Tourelles)', () => {
  it('is booked end to end by its hand-written script; ground truth and "Mes réservations" agree', async () => {
    const page = await fresh();
    await piscine.bookByHand(page, venue!.url, alex, { date: OPEN, time: '07:00', lane: 3 });
    const booked = mine();
    expect(booked).toMatchObject([{ date: OPEN, time: '07:00', lane: 3, source: 'web' }]);
    expect(venue!.requests().filter((r) => r.outcome === 'booked')).toMatchObject([{ method: 'POST', path: '/api/reservations' }]);
    await expect.poll(() => slot(page, OPEN, '07:00', 3).locator('.fc-event-title').innerText()).toBe('Ma réservation');

    await page.getByRole('link', { name: 'Mes réservations' }).click();
    await page.waitForURL(venue!.bookingsUrl);
    expect(await page.getByRole('heading', { level: 3 }).allInnerTexts()).toEqual(['mardi 8 décembre 2026']);
    const items = page.locator('ul.resas li');
    expect((await items.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim())).toEqual(['07:00 – 08:00 · Ligne 3 · Annuler']);
    const summary = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Récapitulatif' }) });
    expect(await summary.getByRole('row').nth(1).getByRole('cell').allInnerTexts()).toEqual(['08/12/2026', '07:00 – 08:00', '3', reservationNumber(booked[0]!)]);
    const aquagym = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Aquagym' }) });
    expect(await aquagym.locator('p').allInnerTexts()).toEqual(['Aucune réservation']);
    const offers = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Créneaux disponibles' }) });
    const lines = await offers.getByRole('listitem').allInnerTexts();
    expect(lines).toContain('Ligne 4 — libre le 08/12/2026 à 07:00 — Réserver');
    expect(await offers.getByRole('link', { name: 'Réserver' }).first().getAttribute('href')).toMatch(/^\/reservation\?date=2026-12-\d\d$/);
    await page.screenshot({ path: join(SHOTS, 'piscine-reservations.png'), fullPage: true });
  });

  it('draws the planning after load: role-less "Libre" events in lanes whose resource ids are not their numbers', async () => {
    const page = await fresh();
    await login(page);
    const client = new MemberClient(venue!.url);
    const form = (await client.get('/connexion')).text;
    const token = /name="_token" value="([^"]+)"/.exec(form)![1]!;
    await client.post('/connexion', { _token: token, identifiant: alex.username, mot_de_passe: alex.password, suivant: '/reservation' });
    const served = await client.get(`/reservation?date=${OPEN}`);
    expect(served.status).toBe(200);
    expect(served.text).toContain('id="planning"');
    expect(served.text).not.toContain('Libre</');

    await page.goto(`${venue!.url}/reservation?date=${OPEN}`);
    await slot(page, OPEN, '07:00', 3).waitFor();
    const headers = page.locator('th.fc-resource');
    expect(await headers.allInnerTexts()).toEqual(['Ligne 1', 'Ligne 2', 'Ligne 3', 'Ligne 4', 'Ligne 5', 'Ligne 6']);
    const ids = await headers.evaluateAll((ths) => ths.map((th) => th.getAttribute('data-resource-id') ?? ''));
    expect(ids).toEqual(['r-ba7', 'r-kc4', 'r-mx1', 'r-pd9', 'r-tq3', 'r-wz8']);
    ids.forEach((id, i) => expect(id).not.toContain(String(i + 1)));

    // The events are FullCalendar's <a> without href: no link, no button, nothing named "Libre".
    const free = page.locator('.fc-event').filter({ hasText: 'Libre' });
    expect(await free.count()).toBe(6 * 16 - 1);
    expect(await free.first().evaluate((a) => [a.tagName, a.getAttribute('href'), a.getAttribute('role')])).toEqual(['A', null, null]);
    expect(await page.getByRole('link', { name: /Libre/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Libre/ }).count()).toBe(0);
    expect(await slot(page, OPEN, '07:00', 2).locator('.fc-event-title').innerText()).toBe('Complet');

    // FullCalendar's own French toolbar and 24 h axis; the page's flatpickr speaks French too.
    expect(await page.locator('.fc-toolbar-title').innerText()).toBe('8 décembre 2026');
    expect(await page.getByRole('button', { name: 'Précédent' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: "Aujourd'hui" }).count()).toBe(1);
    expect(await page.locator('.fc-timegrid-slot-label-cushion').first().innerText()).toBe('06:00');
    expect(await page.getByLabel('Aller au …').inputValue()).toBe('08/12/2026');
    await page.screenshot({ path: join(SHOTS, 'piscine-planning.png'), fullPage: true });

    await page.getByRole('button', { name: 'Suivant' }).click();
    await page.waitForURL(/date=2026-12-09$/);
    const banner = page.locator('#bandeau-ouverture');
    await banner.filter({ visible: true }).waitFor();
    expect(await banner.innerText()).toBe('Les réservations pour le mercredi 9 décembre 2026 ouvriront le 02/12/2026 à 00:00.');
    expect(await page.locator('.fc-event').filter({ hasText: 'Libre' }).count()).toBe(0);
    expect(await page.getByLabel('Aller au …').inputValue()).toBe('09/12/2026');

    await page.getByLabel('Aller au …').click();
    const cal = page.locator('.flatpickr-calendar.open');
    await cal.waitFor();
    expect(await cal.locator('select.flatpickr-monthDropdown-months option:checked').textContent()).toBe('décembre');
    expect((await cal.locator('.flatpickr-weekday').allInnerTexts()).map((s) => s.trim())).toEqual(['lun', 'mar', 'mer', 'jeu', 'ven', 'sam', 'dim']);
    await page.screenshot({ path: join(SHOTS, 'piscine-aller-au.png') });
    await cal.locator('.flatpickr-day:not(.prevMonthDay):not(.nextMonthDay)', { hasText: /^5$/ }).click();
    await page.waitForURL(/date=2026-12-05$/);
    expect(await page.locator('.fc-toolbar-title').innerText()).toBe('5 décembre 2026');
    await slot(page, '2026-12-05', '07:00', 3).waitFor();
  });

  it('books from the modal: two identical "Confirmer la réservation" buttons, then "Réservation confirmée" with its number', async () => {
    const page = await fresh();
    await login(page);
    await page.goto(`${venue!.url}/reservation?date=${OPEN}`);
    await slot(page, OPEN, '18:00', 5).click();
    const modal = page.getByRole('dialog', { name: 'Réserver un créneau' });
    await modal.waitFor();
    const confirm = modal.getByRole('button', { name: 'Confirmer la réservation' });
    expect(await confirm.count()).toBe(2);
    expect(await confirm.evaluateAll((bs) => bs.map((b) => b.outerHTML))).toEqual([
      '<button type="submit" class="btn">Confirmer la réservation</button>',
      '<button type="submit" class="btn">Confirmer la réservation</button>',
    ]);
    expect(await modal.getByLabel('Début').inputValue()).toBe('18:00');
    expect(await modal.getByLabel('Fin').inputValue()).toBe('19:00');
    expect(await modal.locator('#recap').innerText()).toBe('Ligne 5 — mardi 8 décembre 2026');
    await page.screenshot({ path: join(SHOTS, 'piscine-modal.png') });

    await confirm.last().click();
    const done = page.getByRole('dialog', { name: 'Réservation confirmée' });
    await done.waitFor();
    const booked = mine();
    expect(booked).toMatchObject([{ date: OPEN, time: '18:00', lane: 5, source: 'web' }]);
    expect(await done.locator('#resultat-texte').innerText()).toBe(`Numéro : ${reservationNumber(booked[0]!)}`);
    expect(reservationNumber(booked[0]!)).toMatch(/^PT-\d+$/);
    await page.screenshot({ path: join(SHOTS, 'piscine-confirmee.png') });
    await done.getByRole('button', { name: 'Fermer' }).click();
    await expect.poll(() => slot(page, OPEN, '18:00', 5).locator('.fc-event-title').innerText()).toBe('Ma réservation');
    const post = venue!.requests().find((r) => r.path === '/api/reservations');
    expect(post).toMatchObject({ method: 'POST', outcome: 'booked' });
  });

  it('refuses in French inside the modal and creates nothing: slot taken meanwhile, not open yet', async () => {
    const page = await fresh();
    await login(page);
    await page.goto(`${venue!.url}/reservation?date=${OPEN}`);
    await slot(page, OPEN, '07:00', 3).waitFor();
    venue!.addBooking({ member: 'kim', date: OPEN, time: '07:00', lane: 3 });
    await slot(page, OPEN, '07:00', 3).click();
    const modal = page.locator('#modal-resa');
    await modal.getByRole('button', { name: 'Confirmer la réservation' }).first().click();
    const no = page.getByRole('dialog', { name: 'Réservation impossible' });
    await no.waitFor();
    expect(await no.locator('#resultat-texte').innerText()).toBe('Ce créneau n’est plus disponible.');
    await page.screenshot({ path: join(SHOTS, 'piscine-refus.png') });
    await no.getByRole('button', { name: 'Fermer' }).click();
    await expect.poll(() => slot(page, OPEN, '07:00', 3).locator('.fc-event-title').innerText()).toBe('Complet');

    venue!.setClock({ now: new Date('2026-12-01T23:00:05Z') });
    await page.goto(`${venue!.url}/reservation?date=${NOT_OPEN}`);
    await slot(page, NOT_OPEN, '07:00', 3).waitFor();
    venue!.setClock({ now: new Date('2026-12-01T22:59:00Z') });
    await slot(page, NOT_OPEN, '07:00', 3).click();
    await modal.getByRole('button', { name: 'Confirmer la réservation' }).first().click();
    await no.waitFor();
    expect(await no.locator('#resultat-texte').innerText()).toBe('Les réservations pour le 09/12/2026 ne sont pas encore ouvertes (ouverture le 02/12/2026 à 00:00).');
    expect(mine()).toEqual([]);
    expect(venue!.requests().filter((r) => r.path === '/api/reservations').map((r) => r.outcome)).toEqual(['taken', 'not-open']);

    await expect(piscine.bookByHand(page, venue!.url, alex, { date: NOT_OPEN, time: '07:00', lane: 3 })).rejects.toThrow('ouvriront le 02/12/2026 à 00:00');
    await expect(piscine.bookByHand(page, venue!.url, alex, { date: OPEN, time: '07:00', lane: 2 })).rejects.toThrow('Ligne 2 à 07:00 : Complet');
    expect(mine()).toEqual([]);
  });

  it('"Mes réservations" shows only this week and next week: a booking beyond is absent', async () => {
    const page = await fresh();
    venue!.addBooking({ member: 'alex', date: '2026-12-13', time: '09:00', lane: 1 });
    venue!.addBooking({ member: 'alex', date: '2026-12-14', time: '07:00', lane: 3 });
    venue!.addBooking({ member: 'alex', date: '2026-12-22', time: '18:00', lane: 6 });
    await login(page);
    await page.goto(`${venue!.url}/mon-compte/reservations`);
    expect(await page.getByRole('heading', { level: 3 }).allInnerTexts()).toEqual(['dimanche 13 décembre 2026']);
    const summary = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Récapitulatif' }) });
    expect(await summary.locator('tbody tr td:first-child').allInnerTexts()).toEqual(['13/12/2026']);
    const text = await page.locator('main').innerText();
    expect(text).not.toContain('14/12/2026');
    expect(text).not.toContain('14 décembre');
    expect(text).not.toContain('22/12/2026');
    expect(mine().map((b) => b.date)).toEqual(['2026-12-13', '2026-12-14', '2026-12-22']);
  });

  it('the script throws with the site’s words for one booking a day and for an account without booking rights; login errors are French', async () => {
    const page = await fresh();
    venue!.addBooking({ member: 'alex', date: OPEN, time: '08:00', lane: 1 });
    await expect(piscine.bookByHand(page, venue!.url, alex, { date: OPEN, time: '07:00', lane: 3 })).rejects.toThrow('Vous avez déjà une réservation ce jour-là.');
    await context!.clearCookies();
    await expect(piscine.bookByHand(page, venue!.url, robin, { date: OPEN, time: '07:00', lane: 3 })).rejects.toThrow('Votre abonnement ne permet pas de réserver en ligne.');
    expect(venue!.bookings().filter((b) => b.source === 'web')).toEqual([]);

    await context!.clearCookies();
    await page.goto(`${venue!.url}/connexion`);
    await page.getByLabel('Identifiant').fill('kim');
    await page.getByLabel('Mot de passe').fill('faux');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    expect(await page.locator('.erreur').innerText()).toBe('Identifiant ou mot de passe incorrect.');
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'piscine-connexion.png') });
  });

  it('"Annuler" on "Mes réservations" cancels the booking', async () => {
    const page = await fresh();
    const b = venue!.addBooking({ member: 'alex', date: OPEN, time: '18:00', lane: 5 });
    await login(page);
    await page.goto(`${venue!.url}/mon-compte/reservations`);
    await page.locator('ul.resas li').filter({ hasText: '18:00 – 19:00 · Ligne 5' }).getByRole('button', { name: 'Annuler' }).click();
    await page.getByText(`Votre réservation ${reservationNumber(b)} a été annulée.`).waitFor();
    expect(await page.getByText('Aucune réservation cette semaine ni la semaine prochaine.').isVisible()).toBe(true);
    expect(venue!.bookings().find((x) => x.id === b.id)?.cancelledAt).toBeDefined();
  });
});
