// The UI end to end in real Chromium, against the real headless service, the demo venue and the
// fake Ollama: set up through the forms (with field errors on the way), Book now with live
// progress to a green light, Book now on a switched-off weekday (a warning, then that date's light
// green), a failed attempt in red with its reason and its history, every view at 360 px without
// horizontal scrolling, and the password never leaving the service in any page, response or event.
// Screenshots of every view, light and dark, wide and narrow, go to test-output/e2e/.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { competent } from '../fake-ollama/behaviours';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/server';
import { DEMO_MEMBERS, startVenue, type Venue } from '../venue/index';
import { buildRenderer, captureEvents, launchBrowser, startE2eService, type E2eService } from './harness';

const OUT = fileURLToPath(new URL('../../test-output/e2e/', import.meta.url));
const ALEX = DEMO_MEMBERS.find((m) => m.username === 'alex')!;
const SAM = DEMO_MEMBERS.find((m) => m.username === 'sam')!;
const INSTRUCTIONS = 'Log in with {{username}} / {{password}}. Book Lane 3 at 07:00 on {date} ({iso}); otherwise any lane at 07:00.';
// The pool has no 05:00 session, so this attempt walks to the day and then fails, leaving steps.
const IMPOSSIBLE = 'Log in with {{username}} / {{password}}. Book Lane 2 at 05:00 on {date} ({iso}).';
const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
const SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** A calendar date in London (the venue's zone) `days` from today, and its weekday (0 = Monday). */
function londonDate(days: number): { iso: string; weekday: number; short: string } {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  const weekday = (d.getUTCDay() + 6) % 7;
  const month = d.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' });
  return { iso: d.toISOString().slice(0, 10), weekday, short: `${SHORT[weekday]} ${d.getUTCDate()} ${month}` };
}
const TOMORROW = londonDate(1);
/** Alex books every weekday but this one; Book now books it anyway, after a warning. */
const OFF = londonDate(3);

/** Switches on the given weekdays (a new profile has none on). */
async function pickDays(days: number[]) {
  for (const d of days) await page.getByRole('button', { name: new RegExp(`^${DAY_NAMES[d]}`) }).click();
}

let rendererDir: string;
let venue: Venue | undefined;
let fake: FakeOllama | undefined;
let svc: E2eService | undefined;
let browser: Browser | undefined;
let context: BrowserContext;
let page: Page;
let events: ReturnType<typeof captureEvents> | undefined;
const bodies: Promise<{ url: string; text: string }>[] = [];
const pages: { view: string; html: string }[] = [];
const cspErrors: string[] = [];

/**
 * Light and dark screenshots. The viewport grows to the page's height rather than using
 * fullPage, so the sticky header and Save bar sit where a user sees them instead of mid-page.
 */
async function shoot(name: string, full = true) {
  const base = page.viewportSize()!;
  try {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      if (full) {
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        await page.setViewportSize({ width: base.width, height: Math.min(Math.max(height, base.height), 6000) });
      }
      await page.screenshot({ path: join(OUT, `${name}-${scheme}.png`) });
    }
  } finally {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize(base);
  }
}

async function keep(view: string) {
  pages.push({ view, html: await page.content() });
  const values = await page.evaluate(() => [...document.querySelectorAll('input, textarea')].map((e) => (e as HTMLInputElement).value).join('\n'));
  pages.push({ view: `${view} (input values)`, html: values });
}

async function tab(name: 'Today' | 'Profiles' | 'History' | 'Settings') {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

/** Picks an outcome and waits for the list to be the filtered one: the old rows stay on screen while it loads. */
async function filterHistory(outcome: string) {
  await page.getByLabel('Outcome').selectOption(outcome);
  await page.waitForFunction((want) => {
    const table = document.querySelector('.table-wrap');
    const rows = [...document.querySelectorAll('tbody tr')];
    return table?.getAttribute('aria-busy') === 'false' && rows.length > 0 && rows.every((r) => r.getAttribute('data-outcome') === want);
  }, outcome);
}

beforeAll(async () => {
  await mkdir(OUT, { recursive: true });
  rendererDir = await mkdtemp(join(tmpdir(), 'lanebot-e2e-ui-'));
  await buildRenderer(rendererDir);
  venue = await startVenue({ layout: 'grid', testMode: true });
  fake = await startFakeOllama({ behaviour: competent() });
  svc = await startE2eService({ rendererDir, ollamaHost: fake.host });
  events = captureEvents(svc.http.origin, svc.http.token);
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'Europe/London', locale: 'en-GB' });
  page = await context.newPage();
  page.on('response', (r) => {
    const type = r.headers()['content-type'] ?? '';
    if (type.includes('event-stream') || type.startsWith('image/')) return;
    bodies.push(r.text().then((text) => ({ url: r.url(), text }), () => ({ url: r.url(), text: '' })));
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && /Refused to/.test(m.text())) cspErrors.push(m.text());
  });
}, 120_000);

afterAll(async () => {
  try {
    events?.stop();
    await browser?.close();
  } finally {
    await svc?.close();
    await fake?.close();
    await venue?.close();
    await rm(rendererDir, { recursive: true, force: true });
  }
}, 60_000);

describe('Lanebot UI against the real service', () => {
  it('without the printed link, says how to get in', async () => {
    const stranger = await browser!.newContext();
    try {
      const p = await stranger.newPage();
      await p.goto(svc!.http.origin);
      await p.getByRole('alert').filter({ hasText: 'Open Lanebot from the link printed by lanebot serve.' }).waitFor();
      expect(await p.getByRole('alert').textContent()).not.toContain('`');
    } finally {
      await stranger.close();
    }
  }, 60_000);

  it('opens from the printed link and points the service at the model and browser', async () => {
    await page.goto(svc!.http.url);
    expect(new URL(page.url()).pathname).toBe('/');
    await page.getByRole('heading', { name: 'No profiles yet' }).waitFor();
    await tab('Settings');
    await page.getByLabel('Ollama address').fill(fake!.host);
    await page.getByLabel('Browser program (optional)').fill('/usr/bin/chromium');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText(/Saved ✓ at/).waitFor();
    await page.getByText('/usr/bin/chromium').first().waitFor();
    await shoot('settings');
    await keep('settings');
  }, 180_000);

  it('creates a profile through the form; a bad URL and a bad time each show a field error', async () => {
    await tab('Profiles');
    await page.getByRole('link', { name: 'New profile' }).click();
    await page.getByRole('heading', { name: 'New profile' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Alex');
    const url = page.getByLabel('Venue start page');
    await url.fill('pool.example.com/login');
    await url.blur();
    const urlField = page.locator('[data-field="venue.startUrl"]');
    await expect(urlField.locator('.field__error').textContent()).resolves.toBe('Enter a full web address starting with https://');
    expect(await url.getAttribute('aria-invalid')).toBe('true');
    await shoot('profile-form-error', false);
    await url.fill(`${venue!.url}/`);
    await url.blur();
    expect(await urlField.locator('.field__error').count()).toBe(0);
    expect(await page.getByLabel('Allowed addresses').inputValue()).toBe(venue!.origin);
    await page.getByLabel('Venue time zone').fill('Europe/London');
    await page.getByLabel('My bookings page (optional)').fill(venue!.bookingsUrl);

    await page.getByLabel('New attempt time').fill('24:61');
    await page.getByRole('button', { name: 'Add time' }).click();
    await expect(page.locator('[data-field="attemptTimes"] .field__error').textContent()).resolves.toBe('24:61: Use a 24-hour time like 00:10');
    await page.getByLabel('New attempt time').fill('00:50');
    await page.getByRole('button', { name: 'Add time' }).click();
    await page.getByRole('button', { name: 'Remove 00:50' }).waitFor();

    await page.getByLabel('Instructions', { exact: true }).fill(INSTRUCTIONS);
    // Save refuses a profile without a day, and says so.
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('alert').filter({ hasText: 'Pick at least one day to book' }).waitFor();
    await pickDays([0, 1, 2, 3, 4, 5, 6].filter((d) => d !== OFF.weekday));
    const preview = page.getByRole('list', { name: 'Preview of the next runs' });
    await preview.waitFor();
    // The preview follows the days just picked (after its pause in typing).
    await preview.getByRole('listitem').first().filter({ hasText: 'Log in with' }).waitFor();
    expect(await preview.getByRole('listitem').count()).toBe(7);
    expect(await preview.getByRole('listitem').first().textContent()).toMatch(/→ books .+: Log in with \{\{username\}\} \/ \{\{password\}\}\. Book Lane 3 at 07:00 on \w+day \d+ \w+ 20\d\d/);
    // Suggested from the instructions ("Book Lane 3 at 07:00").
    expect(await page.getByLabel('Start time (optional)').inputValue()).toBe('07:00');
    expect(await page.getByLabel('Lane, court or resource (optional)').inputValue()).toBe('3');
    await page.getByLabel(/Username or member number/).fill(ALEX.username);
    await page.getByLabel(/^Password/).fill(ALEX.password);
    await shoot('profile-form');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText(/Saved ✓ at/).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Alex' }).waitFor();
    expect(await page.getByLabel(/^Password/).inputValue()).toBe('');
    await page.locator('[data-field="secrets.password"]').getByText('saved ✓').waitFor();
    await keep('profile form after save');
    // Test login logs in and checks the bookings page with the saved secrets, and books nothing.
    await page.getByRole('button', { name: 'Test login' }).click();
    await page.getByRole('region', { name: 'Progress: Testing login' }).locator('.badge', { hasText: 'Login works' }).waitFor({ timeout: 60_000 });
    expect(venue!.bookings()).toEqual([]);
  }, 180_000);

  it('Book now streams the steps and turns the light green with a timestamp', async () => {
    await tab('Today');
    const card = page.locator('section.profile-card', { has: page.getByRole('heading', { name: 'Alex' }) });
    await card.getByText(/run books/).waitFor();
    await card.getByRole('button', { name: 'Book now' }).click();
    // The next date the profile books: tomorrow.
    expect(await card.getByLabel('Book which date?').inputValue()).toBe(TOMORROW.iso);
    await card.getByRole('button', { name: `Book ${TOMORROW.short}` }).click();
    const progress = card.getByRole('region', { name: /Progress: Booking/ });
    await progress.locator('.steps li').first().waitFor({ timeout: 60_000 });
    await shoot('today-booking', false);
    await progress.locator('.badge', { hasText: 'Booked and verified' }).waitFor({ timeout: 120_000 });
    const green = card.locator('.light[data-state="green"]');
    await green.first().waitFor({ timeout: 15_000 });
    expect(await green.count()).toBe(1);
    expect(await green.first().getAttribute('data-date')).toBe(TOMORROW.iso);
    expect(await green.first().locator('.light__state').textContent()).toBe('Booked 07:00, lane 3');
    // The verified booking is listed ahead, with the venue's own bookings page.
    const upcoming = card.getByRole('region', { name: 'Upcoming bookings' });
    expect(await upcoming.getByRole('listitem').first().textContent()).toContain(`${TOMORROW.short} · 07:00, lane 3`);
    expect(await upcoming.getByRole('link').getAttribute('href')).toBe(venue!.bookingsUrl);
    // Finished: the steps fold away to keep Today readable, and open again on request.
    expect(await progress.locator('.steps li').count()).toBe(0);
    await progress.getByRole('button', { name: /^Show \d+ steps$/ }).click();
    expect(await progress.locator('.steps li').count()).toBeGreaterThan(2);
    const shot = progress.locator('img').first();
    await shot.waitFor();
    // Screenshots are fetched with the token and shown from an object URL: wait for it to load.
    await page.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0, await shot.elementHandle(), { timeout: 15_000 });
    expect(await shot.getAttribute('src')).toMatch(/^blob:/);
    // The venue's own ground truth agrees.
    expect(venue!.bookings().filter((b) => !b.cancelledAt && b.member === 'alex')).toMatchObject([{ date: TOMORROW.iso, time: '07:00', lane: 3 }]);
    await shoot('today-booked');
    await keep('today after booking');
  }, 180_000);

  it('Book now on a switched-off weekday warns, and its verified booking lights that date green', async () => {
    const card = page.locator('section.profile-card', { has: page.getByRole('heading', { name: 'Alex' }) });
    const light = card.locator(`.light[data-date="${OFF.iso}"]`);
    expect(await light.getAttribute('data-kind')).toBe('off');
    expect(await light.locator('.light__state').textContent()).toBe('Day off');
    await card.getByRole('button', { name: 'Book now' }).click();
    await card.getByLabel('Book which date?').selectOption(OFF.iso);
    await card.getByText(`${SHORT[OFF.weekday]} is switched off for this profile; book ${OFF.short} anyway?`).waitFor();
    await shoot('today-book-now-day-off', false);
    await card.getByRole('button', { name: `Book ${OFF.short} anyway` }).click();
    const progress = card.getByRole('region', { name: `Progress: Booking ${OFF.short}` });
    await progress.locator('.badge', { hasText: 'Booked and verified' }).waitFor({ timeout: 120_000 });
    await card.locator(`.light[data-date="${OFF.iso}"][data-state="green"]`).waitFor({ timeout: 15_000 });
    expect(await light.locator('.light__state').textContent()).toBe('Booked 07:00, lane 3');
    expect(await card.locator('.light[data-state="green"]').count()).toBe(2);
    // Ground truth: the venue holds exactly the two bookings the lights show.
    const held = venue!.bookings().filter((b) => !b.cancelledAt && b.member === 'alex').map((b) => b.date).sort();
    expect(held).toEqual([TOMORROW.iso, OFF.iso].sort());
    await shoot('today-day-off-booked');
  }, 180_000);

  it('a failed attempt shows red with its reason, and the history shows its steps and a screenshot', async () => {
    await tab('Profiles');
    await page.getByRole('link', { name: 'New profile' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Sam');
    await page.getByLabel('Venue start page').fill(`${venue!.url}/`);
    await page.getByLabel('Venue time zone').fill('Europe/London');
    await page.getByLabel('My bookings page (optional)').fill(venue!.bookingsUrl);
    await page.getByLabel('Instructions', { exact: true }).fill(IMPOSSIBLE);
    await pickDays([0, 1, 2, 3, 4, 5, 6]);
    await page.getByLabel(/Username or member number/).fill(SAM.username);
    await page.getByLabel(/^Password/).fill(SAM.password);
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText(/Saved ✓ at/).waitFor();
    await shoot('profiles-form-saved', false);

    await tab('Profiles');
    await page.getByRole('link', { name: 'Sam', exact: true }).waitFor();
    await shoot('profiles');
    await keep('profiles');

    await tab('Today');
    const card = page.locator('section.profile-card', { has: page.getByRole('heading', { name: 'Sam' }) });
    await card.getByRole('button', { name: 'Book now' }).click();
    await card.getByRole('button', { name: `Book ${TOMORROW.short}` }).click();
    const progress = card.getByRole('region', { name: /Progress: Booking/ });
    await progress.locator('.badge', { hasText: 'Failed' }).waitFor({ timeout: 120_000 });
    const reason = (await progress.locator('.live__summary').textContent()) ?? '';
    expect(reason.length).toBeGreaterThan(10);
    await card.locator('.light[data-state="red"]').first().waitFor();
    expect(await card.locator(`.light[data-date="${TOMORROW.iso}"] .light__state`).textContent()).toBe('Not booked');
    expect(await card.locator('.light[data-state="green"]').count()).toBe(0);
    await shoot('today-failed');
    await keep('today after failure');

    await tab('History');
    await filterHistory('failed');
    const row = page.getByRole('row', { name: /Sam/ });
    await row.waitFor();
    expect(await page.getByRole('row', { name: /Alex/ }).count()).toBe(0);
    await shoot('history');
    await row.getByRole('link').click();
    await page.getByRole('heading', { name: 'Why it failed' }).waitFor();
    await page.getByText(reason.trim(), { exact: true }).first().waitFor();
    const steps = page.getByRole('region', { name: /^Steps \(\d+\)$/ });
    expect(await steps.locator('li').count()).toBeGreaterThan(0);
    const img = page.getByRole('region', { name: /^Screenshots/ }).locator('img').first();
    await img.waitFor();
    await page.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0, await img.elementHandle());
    await shoot('attempt-failed');
    await keep('attempt detail');

    await page.goBack();
    await filterHistory('verified');
    await page.getByRole('row', { name: /Alex/ }).first().getByRole('link').click();
    await page.getByRole('heading', { name: 'What happened' }).waitFor();
    await page.getByRole('region', { name: 'Verification' }).waitFor();
    await shoot('attempt-verified');
    await keep('verified attempt detail');
  }, 180_000);

  it('every view fits a 360 px window without horizontal scrolling, light and dark', async () => {
    const data = svc!.service.core.store.data;
    const alex = data.profiles.find((p) => p.name === 'Alex')!;
    const failed = data.attempts.find((a) => a.outcome === 'failed')!;
    const views: [string, string][] = [
      ['today', '#/today'],
      ['today-compact', '#/today?compact=1'],
      ['profiles', '#/profiles'],
      ['profile-edit', `#/profiles/${alex.id}`],
      ['profile-new', '#/profiles/new'],
      ['profile-copy', `#/profiles/new?from=${alex.id}`],
      ['history', '#/history'],
      ['attempt', `#/history/${failed.id}`],
      ['settings', '#/settings'],
    ];
    const base = page.viewportSize()!;
    await page.setViewportSize({ width: 360, height: 740 });
    try {
      const widths: Record<string, number> = {};
      for (const [name, hash] of views) {
        await page.evaluate((h) => (window.location.hash = h), hash);
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        // Not 'networkidle': the event stream is a fetch that never ends (it carries the key in a header).
        await page
          .waitForFunction(() => !document.body.innerText.includes('Loading…') && !document.querySelector('[aria-busy="true"]'), undefined, { timeout: 10_000 })
          .catch(() => undefined);
        for (const scheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme: scheme });
          const m = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
          widths[`${name} ${scheme}`] = m.scroll;
          expect(m.scroll, `${name} (${scheme}) is ${m.scroll} px wide in a ${m.inner} px window`).toBeLessThanOrEqual(m.inner);
        }
        await shoot(`narrow-${name}`);
      }
      expect(Object.keys(widths)).toHaveLength(views.length * 2);
      // The nav's four tabs are all inside the window.
      const tabs = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').evaluateAll((links) => links.map((l) => l.getBoundingClientRect().right));
      expect(tabs).toHaveLength(4);
      for (const right of tabs) expect(right).toBeLessThanOrEqual(360);
    } finally {
      await page.emulateMedia({ colorScheme: 'light' });
      await page.setViewportSize(base);
    }
  }, 180_000);

  it('never shows the password in any page, API response or event', async () => {
    await tab('Today');
    await keep('today at the end');
    const responses = await Promise.all(bodies);
    expect(responses.length).toBeGreaterThan(20);
    expect(responses.some((r) => r.url.includes('/api/profiles.list'))).toBe(true);
    const sse = events!.text();
    expect(sse).toContain('attempt-step');
    for (const secret of [ALEX.password, SAM.password]) {
      for (const r of responses) expect(r.text.includes(secret), `response ${r.url}`).toBe(false);
      for (const p of pages) expect(p.html.includes(secret), `page ${p.view}`).toBe(false);
      expect(sse.includes(secret), 'event stream').toBe(false);
    }
    expect(cspErrors).toEqual([]);
  }, 180_000);
});
