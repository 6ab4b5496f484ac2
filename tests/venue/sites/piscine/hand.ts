// The hand-written booking route on the Piscine des Tourelles site: login, the day's FullCalendar
// planning, the lane's "Libre" event (found through the site's own resource id for the lane), the first
// "Confirmer la réservation", then the modal's outcome — throwing with the site's French words unless
// it says "Réservation confirmée".
import type { Page } from 'playwright-core';
import { resourceId } from './lanes';

const STEP_TIMEOUT = 10_000;

export async function bookByHand(
  page: Page,
  venueUrl: string,
  creds: { username: string; password: string },
  want: { date: string; time: string; lane: number },
): Promise<void> {
  await page.goto(`${venueUrl}/connexion`, { waitUntil: 'load', timeout: STEP_TIMEOUT });
  if (new URL(page.url()).pathname === '/connexion') {
    await page.getByLabel('Identifiant').fill(creds.username, { timeout: STEP_TIMEOUT });
    await page.getByLabel('Mot de passe').fill(creds.password, { timeout: STEP_TIMEOUT });
    await page.getByRole('button', { name: 'Se connecter' }).click({ timeout: STEP_TIMEOUT });
    await page.waitForURL((u) => u.pathname !== '/connexion', { timeout: STEP_TIMEOUT }).catch(async () => {
      const box = page.locator('.erreur').first();
      throw new Error(`connexion refusée : ${(await box.isVisible()) ? (await box.innerText()).trim() : 'toujours sur la page de connexion'}`);
    });
  }
  await page.goto(`${venueUrl}/reservation?date=${want.date}`, { waitUntil: 'load', timeout: STEP_TIMEOUT });
  // The events come from the feed after load; wait until FullCalendar has drawn the day (or said it is closed).
  const column = page.locator(`td.fc-timegrid-col[data-resource-id="${resourceId(want.lane)}"][data-date="${want.date}"]`);
  const banner = page.locator('#bandeau-ouverture');
  await column.locator('.fc-event').first().or(banner.filter({ visible: true })).first().waitFor({ timeout: STEP_TIMEOUT });
  const event = column.locator('.fc-event').filter({ has: page.locator('.fc-event-time', { hasText: new RegExp(`^${want.time} - `) }) });
  const title = (await event.count()) ? (await event.locator('.fc-event-title').innerText()).trim() : '';
  if (title !== 'Libre') {
    const why = title || ((await banner.isVisible()) ? (await banner.innerText()).trim() : 'aucun créneau affiché');
    throw new Error(`réservation impossible : Ligne ${want.lane} à ${want.time} : ${why}`);
  }
  await event.click({ timeout: STEP_TIMEOUT });
  const modal = page.locator('#modal-resa');
  await modal.getByLabel('Début').selectOption(want.time, { timeout: STEP_TIMEOUT });
  await modal.getByRole('button', { name: 'Confirmer la réservation' }).first().click({ timeout: STEP_TIMEOUT });
  const fermer = modal.getByRole('button', { name: 'Fermer' });
  await fermer.waitFor({ timeout: STEP_TIMEOUT });
  const heading = (await modal.locator('h2').innerText()).trim();
  const text = (await modal.locator('#resultat-texte').innerText()).trim();
  await fermer.click({ timeout: STEP_TIMEOUT });
  if (heading !== 'Réservation confirmée') throw new Error(`réservation refusée : ${text}`);
}
