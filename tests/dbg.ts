import { chromium } from 'playwright-core';
import { startVenue } from './venue/index';
import { USERS } from './recipes/teach-users';
import { startTeach } from '../agent/recipes/teach';
const venue = await startVenue({ layout: 'mrbs', testMode: true, now: new Date('2026-11-24T10:00:00Z') });
const session = await startTeach({
  venue: { startUrl: venue.startUrl, allowedOrigins: [venue.origin], timeZone: 'Europe/London' },
  secrets: { names: ['username', 'password'], resolve: async (n) => (n === 'username' ? 'alex' : 'correct-horse-42') },
  want: { date: '2026-12-01', time: '07:00', lane: '3' }, browser: { executablePath: '/usr/bin/chromium', headless: true }, exposeCdp: true, check: false,
  log: (l) => console.log('LOG', l),
});
const remote = await chromium.connectOverCDP(session.cdpEndpoint!);
const page = remote.contexts()[0]!.pages()[0]!;
page.on('console', (m) => console.log('PAGE', m.text()));
page.on('pageerror', (e) => console.log('PAGEERR', e.message));
await USERS.mrbs(page, venue.url, { username: 'alex', password: 'correct-horse-42' }, { date: '2026-12-01', time: '07:00', lane: 3 });
console.log('driven', page.url());
await page.waitForTimeout(4000);
console.log(await page.evaluate('typeof window.__lanebotAsk'), await page.locator('lanebot-overlay').count());
const r = await session.stop();
console.log(r.recipe.steps.map((s) => s.describe + ' ' + JSON.stringify(s.locators[0])).join('\n'));
await remote.close(); await venue.close();
