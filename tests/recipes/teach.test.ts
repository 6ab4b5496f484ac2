// Teach mode: a test drives the recording browser over its DevTools endpoint like a user would, the recipe is
// written from the clicks and typing (the password only as a placeholder), checked by a dry run, and replays.
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession } from '../../agent/index';
import { startTeach, type TeachSession } from '../../agent/recipes/teach';
import { bookByHand } from '../venue/baseline';
import { launchChromium } from '../venue/browser';
import { startVenue, type Venue } from '../venue/index';
import { filesUnder, MEMBER, removeDir, sessionOptions, tempDir, TARGET, VENUE_NOW } from '../agent/helpers';

let venue: Venue;
let dir: string;
const DAY = 24 * 3600_000;
/** Nothing listens here: any model call during replay would fail the booking. */
const NO_MODEL = { host: 'http://127.0.0.1:9' };

beforeAll(async () => {
  venue = await startVenue({ layout: 'wizard', testMode: true, now: VENUE_NOW });
  dir = await tempDir('teach');
});
afterAll(async () => {
  await venue?.close();
  await removeDir(dir);
});

/** What a member does in the recording window: log in, then book Lane 3 at 07:00 on the target date. */
async function bookLikeAUser(s: TeachSession): Promise<void> {
  const remote = await chromium.connectOverCDP(s.cdpEndpoint!, { timeout: 10_000 });
  try {
    const page = remote.contexts()[0]!.pages().find((p) => p.url().startsWith(venue.url))!;
    await page.getByLabel('Username').pressSequentially(MEMBER.username);
    await page.getByLabel('Password').pressSequentially(MEMBER.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('link', { name: 'Book a session' }).click();
    await page.getByRole('radio', { name: 'Lap swimming' }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('radio', { name: 'Tuesday 1 December 2026' }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('radio', { name: '07:00' }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('radio', { name: 'Lane 3' }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Confirm booking' }).click();
    await page.getByRole('heading', { name: 'Booking confirmed' }).waitFor();
    // The page is quiet after the booking request: Lanebot asks in the recording window, and the user says yes.
    await page.locator('lanebot-overlay').getByRole('button', { name: 'Yes' }).click({ timeout: 10_000 });
  } finally {
    await remote.close().catch(() => undefined);
  }
}

describe('teach mode', () => {
  it('records a booking made by hand, never stores the password, checks it by a dry run and replays it', async () => {
    const logs: string[] = [];
    const session = await startTeach({
      venue: { startUrl: `${venue.url}/`, allowedOrigins: [venue.origin], timeZone: 'Europe/London' },
      secrets: { names: ['username', 'password'], resolve: async (n) => (n === 'username' ? MEMBER.username : MEMBER.password) },
      want: { date: TARGET, time: '07:00', lane: '3' },
      browser: { executablePath: '/usr/bin/chromium', headless: true },
      exposeCdp: true,
      log: (l) => logs.push(l),
    });
    expect(session.cdpEndpoint).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/devtools\/browser\//);
    await bookLikeAUser(session);
    const taught = await session.done;

    const recipe = taught.recipe;
    expect(recipe.source).toBe('teach');
    expect(recipe.steps.map((s) => `${s.phase}:${s.action} ${s.describe}`)).toEqual([
      'login:fill textbox "Username"',
      'login:fill textbox "Password"',
      'login:click button "Log in"',
      'book:click link "Book a session"',
      'book:check radio "Lap swimming"',
      'book:click button "Continue"',
      'book:check radio "{{date:long}}"',
      'book:click button "Continue"',
      'book:check radio "{{time:hm}}"',
      'book:click button "Continue"',
      'book:check radio "Lane {{lane}}"',
      'book:click button "Continue"',
      'book:click button "Confirm booking"',
    ]);
    expect(recipe.steps[0]!.value).toBe('{{username}}');
    expect(recipe.steps[1]!.value).toBe('{{password}}');
    expect(recipe.steps.at(-1)!.commit).toBe(true);
    // The radio's own attributes are a fallback, with the date as a parameter.
    expect(recipe.steps[6]!.locators).toContainEqual({ by: 'css', selector: 'input[name="date"][value="{{date:iso}}"]' });
    const everything = JSON.stringify(recipe) + logs.join('\n');
    expect(everything).not.toContain(MEMBER.password);
    expect(JSON.stringify(recipe)).not.toContain(`"${MEMBER.username}"`);

    // The dry run walked to the last page for the next day and found the confirm button without pressing it.
    expect(taught.check).toMatchObject({ ok: true });
    expect(taught.check!.walked).toBe(recipe.steps.length - 1);
    const mine = () => venue.bookings().filter((b) => b.member === MEMBER.username && !b.cancelledAt).map((b) => [b.date, b.time, b.lane]);
    expect(mine()).toEqual([[TARGET, '07:00', 3]]);

    // Next night the taught recipe books alone (no model is even reachable).
    venue.setClock({ now: new Date(VENUE_NOW.getTime() + DAY) });
    const s = await openSession(sessionOptions(venue, NO_MODEL, dir));
    try {
      const want = { date: '2026-12-02', time: '07:00', lane: '3' };
      const r = await s.book({ instructions: 'Book Lane 3 at 07:00 on 2026-12-02.', want, recipe });
      expect(r.failure, JSON.stringify(r.steps.map((x) => [x.target, x.message]))).toBeUndefined();
      expect(r.via).toBe('recipe');
      expect((await s.verify(want)).found).toBe(true);
    } finally {
      await s.close();
    }
    expect(mine()).toEqual([[TARGET, '07:00', 3], ['2026-12-02', '07:00', 3]]);
    for (const f of await filesUnder(dir)) expect(f.content, f.name).not.toContain(MEMBER.password);
  }, 90_000);

  it('records typed addresses as navigations (the venue\'s hand-written script as the user, behind a cookie banner)', async () => {
    venue.reset();
    venue.setLayout('grid');
    venue.setFaults({ cookieBanner: true });
    const session = await startTeach({
      venue: { startUrl: `${venue.url}/`, allowedOrigins: [venue.origin], timeZone: 'Europe/London' },
      secrets: { names: ['username', 'password'], resolve: async (n) => (n === 'username' ? MEMBER.username : MEMBER.password) },
      want: { date: TARGET, time: '07:00', lane: '3' },
      browser: { executablePath: '/usr/bin/chromium', headless: true },
      exposeCdp: true,
      until: 'close',
    });
    const remote = await chromium.connectOverCDP(session.cdpEndpoint!, { timeout: 10_000 });
    try {
      const page = remote.contexts()[0]!.pages()[0]!;
      await bookByHand(page, { url: venue.url, layout: 'grid' }, MEMBER, { date: TARGET, time: '07:00', lane: 3 });
    } finally {
      await remote.close().catch(() => undefined);
    }
    const { recipe, check } = await session.stop();
    expect(recipe.steps.filter((s) => s.phase === 'book').map((s) => `${s.action} ${s.describe ?? s.url}`)).toEqual([
      'navigate /book?date={{date:iso}}',
      'click button "Book Lane {{lane}} at {{time:hm}} on {{date:dayMonth}}"',
    ]);
    expect(JSON.stringify(recipe)).not.toContain(MEMBER.password);
    expect(check, check?.message).toMatchObject({ ok: true });

    venue.setClock({ now: new Date(VENUE_NOW.getTime() + DAY) });
    const s = await openSession(sessionOptions(venue, NO_MODEL, dir));
    try {
      const want = { date: '2026-12-02', time: '09:00', lane: '5' };
      const r = await s.book({ instructions: 'Book Lane 5 at 09:00 on 2026-12-02.', want, recipe });
      expect(r.failure, JSON.stringify(r.steps.map((x) => [x.target, x.message]))).toBeUndefined();
      expect((await s.verify(want)).found).toBe(true);
    } finally {
      await s.close();
    }
  }, 90_000);

  it('records in an already connected browser, and leaves that browser running', async () => {
    venue.reset();
    venue.setLayout('cards');
    const browser = await launchChromium();
    try {
      const session = await startTeach({
        venue: { startUrl: `${venue.url}/`, allowedOrigins: [venue.origin], timeZone: 'Europe/London' },
        secrets: { names: ['username', 'password'], resolve: async (n) => (n === 'username' ? MEMBER.username : MEMBER.password) },
        want: { date: TARGET, time: '07:00', lane: '3' },
        connectedBrowser: browser,
        until: 'close',
        check: false,
      });
      expect(session.cdpEndpoint).toBeUndefined();
      await bookByHand(session.page, { url: venue.url, layout: 'cards' }, MEMBER, { date: TARGET, time: '07:00', lane: 3 });
      const { recipe, check } = await session.stop();
      expect(check).toBeUndefined();
      expect(recipe.steps.filter((s) => s.phase === 'book').map((s) => `${s.action} ${s.describe ?? s.url}`)).toEqual([
        'navigate /timetable?date={{date:iso}}',
        'click button "Book Lane {{lane}} at {{time:hm}}"',
        'click button "Confirm"',
      ]);
      expect(browser.isConnected()).toBe(true);
      expect(browser.contexts()).toHaveLength(0);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('when no request could be the booking, stop() asks in the recording window about the last step, and a Yes marks it', async () => {
    venue.reset();
    venue.setLayout('grid');
    const logs: string[] = [];
    const session = await startTeach({
      venue: { startUrl: `${venue.url}/`, allowedOrigins: [venue.origin], timeZone: 'Europe/London' },
      secrets: { names: ['username', 'password'], resolve: async (n) => (n === 'username' ? MEMBER.username : MEMBER.password) },
      want: { date: TARGET, time: '07:00', lane: '3' },
      browser: { executablePath: '/usr/bin/chromium', headless: true },
      exposeCdp: true,
      until: 'close',
      check: false,
      log: (l) => logs.push(l),
    });
    const remote = await chromium.connectOverCDP(session.cdpEndpoint!, { timeout: 10_000 });
    try {
      const page = remote.contexts()[0]!.pages().find((p) => p.url().startsWith(venue.url))!;
      await page.getByLabel('Username').fill(MEMBER.username);
      await page.getByLabel('Password').fill(MEMBER.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('link', { name: 'Book a lane' }).first().click();
      await page.getByRole('button', { name: 'Next week' }).click();
      await page.waitForURL((u) => u.searchParams.get('date') === TARGET);
      // Only the login was posted: stop() cannot tell the booking step, so it asks.
      const stopped = session.stop();
      const overlay = page.locator('lanebot-overlay');
      await expect.poll(async () => ((await overlay.count()) ? await overlay.getByRole('dialog').innerText() : ''), { timeout: 10_000 }).toMatch(/saw no request that could be the booking.*Next week/s);
      await overlay.getByRole('button', { name: 'Yes' }).click();
      const { recipe } = await stopped;
      expect(recipe.commitFrom).toBe('user');
      expect(recipe.steps.at(-1)).toMatchObject({ describe: 'button "Next week"', commit: true });
      expect(recipe.steps.filter((x) => x.phase === 'login').flatMap((x) => x.sends ?? [])).toEqual([{ method: 'POST', path: '/login' }]);
    } finally {
      await remote.close().catch(() => undefined);
    }
  }, 90_000);
});
