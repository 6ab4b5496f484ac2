// What a member does in the recording window on each venue site: log in, get to the day, pick the lane's slot,
// confirm — by the site's own controls, the way a person uses them (a typed address only where that is what a
// person would do). Driven over the recording browser's DevTools endpoint, like the teach tests always were.
import type { Page } from 'playwright-core';
import { shortDate } from '../venue/calendar';
import type { VenueLayout } from '../venue/index';
import { resourceId } from '../venue/sites/piscine/lanes';

export interface Member { username: string; password: string }
export interface Slot { date: string; time: string; lane: number }

const T = 10_000;

/** Clicks the recording window's "Was that the booking?" answer. */
export async function answerOverlay(page: Page, answer: 'Yes' | 'Not yet'): Promise<void> {
  await page.locator('lanebot-overlay').getByRole('button', { name: answer }).click({ timeout: 15_000 });
}

type Driver = (page: Page, base: string, m: Member, s: Slot) => Promise<void>;

async function gridUser(page: Page, _base: string, m: Member, s: Slot): Promise<void> {
  await page.getByLabel('Username').pressSequentially(m.username, { timeout: T });
  await page.getByLabel('Password').pressSequentially(m.password, { timeout: T });
  await page.getByRole('button', { name: 'Log in' }).click({ timeout: T });
  await page.getByRole('link', { name: 'Book a lane' }).first().click({ timeout: T });
  await page.getByRole('button', { name: 'Next week' }).click({ timeout: T });
  await page.waitForURL((u) => u.searchParams.get('date') === s.date, { timeout: T });
  // A click that does nothing (on the page's heading, once the page has loaded): the recipe must leave it out.
  await page.waitForLoadState('load');
  await page.waitForTimeout(300);
  await page.getByRole('heading', { name: 'Book a lane' }).click({ timeout: T });
  await page.getByRole('button', { name: new RegExp(`^Book Lane ${s.lane} at ${s.time} on `) }).click({ timeout: T });
  await page.getByRole('heading', { name: 'Booking confirmed' }).waitFor({ timeout: T });
}

async function cardsUser(page: Page, _base: string, m: Member, s: Slot): Promise<void> {
  await page.getByLabel('Username').fill(m.username, { timeout: T });
  await page.getByLabel('Password').fill(m.password, { timeout: T });
  await page.getByRole('button', { name: 'Log in' }).click({ timeout: T });
  await page.getByRole('link', { name: 'Timetable' }).click({ timeout: T });
  await page.getByRole('group', { name: 'Quick dates' }).getByRole('button', { name: shortDate(s.date) }).click({ timeout: T });
  await page.getByRole('button', { name: `Book Lane ${s.lane} at ${s.time}`, exact: true }).click({ timeout: T });
  await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click({ timeout: T });
  await page.getByRole('heading', { name: 'Booking confirmed' }).waitFor({ timeout: T });
}

async function wizardUser(page: Page, _base: string, m: Member, s: Slot): Promise<void> {
  const next = () => page.getByRole('button', { name: 'Continue' }).click({ timeout: T });
  await page.getByLabel('Username').fill(m.username, { timeout: T });
  await page.getByLabel('Password').fill(m.password, { timeout: T });
  await page.getByRole('button', { name: 'Log in' }).click({ timeout: T });
  await page.getByRole('link', { name: 'Book a session' }).click({ timeout: T });
  await page.getByRole('radio', { name: 'Lap swimming' }).check({ timeout: T });
  await next();
  // The page sent a POST and went quiet: Lanebot asks whether that was the booking. Not yet.
  await answerOverlay(page, 'Not yet');
  await page.getByRole('radio', { name: 'Tuesday 1 December 2026' }).check({ timeout: T });
  await next();
  await page.getByRole('radio', { name: s.time, exact: true }).check({ timeout: T });
  await next();
  await page.getByRole('radio', { name: `Lane ${s.lane}`, exact: true }).check({ timeout: T });
  await next();
  await page.getByRole('button', { name: 'Confirm booking' }).click({ timeout: T });
  await page.getByRole('heading', { name: 'Booking confirmed' }).waitFor({ timeout: T });
}

/** LibreBooking: the schedule's "Next week »" (twice on the page), a role-less slot cell, the first of two "Create" buttons, the success dialog's Close. */
async function bookedUser(page: Page, _base: string, m: Member, s: Slot): Promise<void> {
  await page.getByPlaceholder('Username or Email').fill(m.username, { timeout: T });
  await page.getByPlaceholder('Password').fill(m.password, { timeout: T });
  await page.getByRole('button', { name: 'Log In' }).click({ timeout: T });
  await page.getByRole('button', { name: 'Schedule' }).click({ timeout: T });
  await page.getByRole('link', { name: 'Bookings' }).click({ timeout: T });
  await page.getByRole('link', { name: 'Next week »' }).first().click({ timeout: T });
  await page.waitForURL((u) => u.searchParams.get('sd') === s.date, { timeout: T });
  await page.locator(`td.slot[data-resourceid="${16 + s.lane}"][data-start="${s.date} ${s.time}:00"]`).click({ timeout: T });
  await page.getByRole('button', { name: 'Create' }).first().click({ timeout: T });
  await page.getByRole('heading', { name: 'Reservation Created' }).waitFor({ timeout: T });
  await page.getByRole('button', { name: 'Close' }).click({ timeout: T });
  await page.waitForURL((u) => u.pathname === '/Web/dashboard.php', { timeout: T });
}

/** MRBS: "Log in" behind which the form renders late, the date picker, the lane's "Create a new booking" link among 63, Save. */
async function mrbsUser(page: Page, _base: string, m: Member, s: Slot): Promise<void> {
  await page.getByRole('button', { name: 'Log in' }).click({ timeout: T });
  await page.getByLabel('Name').fill(m.username, { timeout: T });
  await page.getByLabel('Password').fill(m.password, { timeout: T });
  await page.locator('form#logon').getByRole('button', { name: 'Log in' }).click({ timeout: T });
  await page.getByRole('button', { name: 'Log out' }).waitFor({ timeout: T });
  await page.locator('#form_nav input[readonly]').click({ timeout: T });
  const [y, mo, d] = s.date.split('-').map(Number) as [number, number, number];
  const label = new Date(y, mo - 1, d).toLocaleDateString('en-US', { month: 'long', day: 'numeric', year: 'numeric' });
  await page.locator('.flatpickr-calendar.open').getByLabel(label, { exact: true }).click({ timeout: T });
  await page.waitForURL((u) => u.searchParams.get('page_date') === s.date, { timeout: T });
  const table = page.locator('table#day_main');
  const col = (await table.locator('thead th').allInnerTexts()).map((t) => t.trim()).indexOf(`Lane ${s.lane}`);
  const row = table.locator('tbody tr').filter({ has: page.locator('th[data-seconds]', { hasText: s.time }) });
  await row.locator(':scope > th, :scope > td').nth(col).getByRole('link', { name: 'Create a new booking' }).click({ timeout: T });
  await page.getByRole('button', { name: 'Save', exact: true }).click({ timeout: T });
  await page.waitForURL((u) => u.pathname === '/mrbs/index.php', { timeout: T });
}

/** Stadtbad (German): typed address of the day, the slot's "Buchen" button, "Verbindlich buchen", the result dialog's "Schließen". */
async function hallenbadUser(page: Page, base: string, m: Member, s: Slot): Promise<void> {
  await page.getByLabel('Benutzername').fill(m.username, { timeout: T });
  await page.getByLabel('Passwort').fill(m.password, { timeout: T });
  await page.getByRole('button', { name: 'Anmelden' }).click({ timeout: T });
  await page.waitForURL((u) => u.pathname !== '/anmelden', { timeout: T });
  const [y, mo, d] = s.date.split('-');
  await page.goto(`${base}/buchen?datum=${d}.${mo}.${y}`, { timeout: T });
  await page.getByRole('button', { name: `Bahn ${s.lane} um ${s.time} Uhr buchen` }).click({ timeout: T });
  await page.getByRole('dialog', { name: 'Buchung bestätigen' }).getByRole('button', { name: 'Verbindlich buchen' }).click({ timeout: T });
  await page.getByRole('heading', { name: 'Buchung erfolgreich' }).waitFor({ timeout: T });
  await page.getByRole('button', { name: 'Schließen' }).click({ timeout: T });
}

/** Piscine (French, FullCalendar): "Suivant" a week on, the lane's "Libre" event, the first of two "Confirmer la réservation". */
async function piscineUser(page: Page, _base: string, m: Member, s: Slot): Promise<void> {
  await page.getByLabel('Identifiant').fill(m.username, { timeout: T });
  await page.getByLabel('Mot de passe').fill(m.password, { timeout: T });
  await page.getByRole('button', { name: 'Se connecter' }).click({ timeout: T });
  await page.waitForURL((u) => u.pathname === '/reservation', { timeout: T });
  const next = page.getByRole('button', { name: 'Suivant' });
  for (let i = 0; i < 7; i++) {
    await next.click({ timeout: T });
    await page.waitForTimeout(150);
  }
  await page.waitForURL((u) => u.searchParams.get('date') === s.date, { timeout: T });
  const column = page.locator(`td.fc-timegrid-col[data-resource-id="${resourceId(s.lane)}"][data-date="${s.date}"]`);
  await column.locator('.fc-event').filter({ hasText: new RegExp(`^${s.time} - `) }).click({ timeout: T });
  await page.getByRole('button', { name: 'Confirmer la réservation' }).first().click({ timeout: T });
  await page.getByRole('heading', { name: 'Réservation confirmée' }).waitFor({ timeout: T });
}

/** Harbour Sports Club (React): the calendar's next month and day, the card's "Book" (96 alike), "Confirm booking". */
async function daypickerUser(page: Page, _base: string, m: Member, s: Slot): Promise<void> {
  await page.getByLabel('Email').fill(m.username, { timeout: T });
  await page.getByLabel('Password').fill(m.password, { timeout: T });
  await page.getByRole('button', { name: 'Sign in' }).click({ timeout: T });
  await page.waitForURL((u) => u.pathname === '/app/book', { timeout: T });
  const [y, mo, d] = s.date.split('-').map(Number) as [number, number, number];
  const { format } = await import('date-fns');
  const day = page.getByRole('button', { name: format(new Date(y, mo - 1, d), 'PPPP'), exact: true });
  if (!(await day.isVisible())) await page.getByRole('button', { name: 'Go to the Next Month' }).click({ timeout: T });
  await day.click({ timeout: T });
  const hour = Number(s.time.slice(0, 2));
  const time12 = `${hour % 12 || 12}:${s.time.slice(3)} ${hour < 12 ? 'AM' : 'PM'}`;
  const card = page.locator('.session-card').filter({ hasText: `Lane ${s.lane}` }).filter({ hasText: new RegExp(`${time12} –`) });
  await card.getByRole('button', { name: 'Book' }).click({ timeout: T });
  await page.getByRole('dialog', { name: 'Review booking' }).getByRole('button', { name: 'Confirm booking' }).click({ timeout: T });
  await page.getByRole('status').filter({ hasText: "You're booked!" }).waitFor({ timeout: T });
}

export const USERS: Record<VenueLayout, Driver> = {
  grid: gridUser,
  cards: cardsUser,
  wizard: wizardUser,
  booked: bookedUser,
  mrbs: mrbsUser,
  hallenbad: hallenbadUser,
  piscine: piscineUser,
  daypicker: daypickerUser,
};
