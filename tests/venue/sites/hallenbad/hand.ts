// The hand-written booking route on the Stadtbad site: the language detour, login, the day's table, the
// slot's "Buchen" button, "Verbindlich buchen", then the result dialog — throwing with the site's German
// words unless it says "Buchung erfolgreich".
import type { Page } from 'playwright-core';
import { deDate } from './format';

const STEP_TIMEOUT = 10_000;

export async function bookByHand(
  page: Page,
  venueUrl: string,
  creds: { username: string; password: string },
  want: { date: string; time: string; lane: number },
): Promise<void> {
  // A fresh browser has no `sprache` cookie: '/' → /sprache → '/' → /anmelden (or /buchen when signed in).
  await page.goto(`${venueUrl}/`, { waitUntil: 'load', timeout: STEP_TIMEOUT });
  if (new URL(page.url()).pathname === '/anmelden') {
    await page.getByLabel('Benutzername').fill(creds.username, { timeout: STEP_TIMEOUT });
    await page.getByLabel('Passwort').fill(creds.password, { timeout: STEP_TIMEOUT });
    await page.getByRole('button', { name: 'Anmelden' }).click({ timeout: STEP_TIMEOUT });
    await page.waitForURL((u) => u.pathname !== '/anmelden', { timeout: STEP_TIMEOUT }).catch(async () => {
      const box = page.locator('.fehler').first();
      throw new Error(`Anmeldung fehlgeschlagen: ${(await box.isVisible()) ? (await box.innerText()).trim() : 'noch auf der Anmeldeseite'}`);
    });
  }
  await page.goto(`${venueUrl}/buchen?datum=${deDate(want.date)}`, { waitUntil: 'load', timeout: STEP_TIMEOUT });
  const slot = page.getByRole('button', { name: `Bahn ${want.lane} um ${want.time} Uhr buchen`, exact: true });
  if ((await slot.count()) === 0) {
    // No button: the cell says why ("belegt", "Ihre Buchung", "ab 01.12.2026 buchbar", "–").
    const row = page.locator('table.belegung tbody tr').filter({ has: page.locator('th', { hasText: `${want.time} Uhr` }) });
    const cell = (await row.count()) ? (await row.locator('td').nth(want.lane - 1).innerText()).trim() : 'Uhrzeit nicht im Plan';
    throw new Error(`Buchung nicht möglich: Bahn ${want.lane} um ${want.time} Uhr: ${cell}`);
  }
  await slot.click({ timeout: STEP_TIMEOUT });
  await page.getByRole('dialog', { name: 'Buchung bestätigen' }).getByRole('button', { name: 'Verbindlich buchen' }).click({ timeout: STEP_TIMEOUT });
  const result = page.locator('dialog#ergebnis[open]');
  await result.waitFor({ timeout: STEP_TIMEOUT });
  const title = (await result.locator('h2').innerText()).trim();
  const text = (await result.innerText()).replace(/\s*Schließen\s*$/, '').trim();
  await result.getByRole('button', { name: 'Schließen' }).click({ timeout: STEP_TIMEOUT });
  if (title !== 'Buchung erfolgreich') throw new Error(`Buchung abgelehnt: ${text.replace(/\s+/g, ' ')}`);
}
