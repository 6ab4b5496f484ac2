// Replay's element lookup on live pages: controls that appear twice and are the same control are taken (the
// first visible one), look-alikes that differ are refused unless a container tells them apart, and the grid-cell
// locator finds the cell at a time and a lane on the sites that draw them differently — LibreBooking's seven day
// tables of role-less cells, MRBS's 63 identical links, FullCalendar's positioned events.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRun, replaySteps, type ReplayContext } from '../../agent/recipes/replay';
import { pickInPage, type PageResolvedSpec } from '../../agent/recipes/locator';
import { loginIfNeeded } from '../../agent/browser/login';
import type { LocatorSpec, Recipe } from '../../agent/recipes/schema';
import { launchChromium } from '../venue/browser';
import { startVenue, type Venue } from '../venue/index';
import { resourceId } from '../venue/sites/piscine/lanes';
import { MEMBER, VENUE_NOW } from '../agent/helpers';

let browser: Browser;
beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });

const ORIGIN = 'http://venue.test';

/** A page served for ORIGIN from a string (no network): clicks are written into window.clicked. */
async function offlinePage(html: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  await context.route(`${ORIGIN}/**`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: `<!doctype html><html><body>${html}<script>window.clicked=[];document.addEventListener('click',function(e){var b=e.target.closest('[data-id]');if(b)window.clicked.push(b.getAttribute('data-id'));});</script></body></html>` }));
  const page = await context.newPage();
  await page.goto(`${ORIGIN}/`);
  return { context, page };
}

function recipeOf(locators: LocatorSpec[]): Recipe {
  return {
    version: 1, origin: ORIGIN, startUrl: '/', source: 'teach', createdAt: '2026-11-24T10:00:00Z', updatedAt: '2026-11-24T10:00:00Z',
    learnedFor: { date: '2026-12-01', time: '07:00', lane: '3' }, params: [], done: [], heals: 0,
    steps: [{ action: 'click', locators, phase: 'book', commit: true, post: [] }],
  };
}

async function replayOn(page: Page, locators: LocatorSpec[], want = { date: '2026-12-01', time: '07:00', lane: '3' }) {
  const logs: string[] = [];
  const ctx: ReplayContext = { page, want, startUrl: `${ORIGIN}/`, allowed: new Set([ORIGIN]), secrets: new Map(), redact: (s) => s, stepTimeoutMs: 1500, log: (l) => logs.push(l) };
  const run = newRun(recipeOf(locators), want);
  const out = await replaySteps(run, ctx, 'end');
  return { out, logs, messages: run.steps.map((s) => s.message ?? ''), clicked: (await page.evaluate('window.clicked')) as string[] };
}

describe('controls that appear twice', () => {
  it('takes the first visible of two equivalent buttons (same form, type and value) and of two links to the same address', async () => {
    const { context, page } = await offlinePage(`
      <form id="f"><div style="display:none"><button type="button" class="save create" data-id="hidden">Create</button></div>
      <button type="button" class="save create" data-id="top">Create</button><p>…</p>
      <button type="button" class="save create" data-id="bottom">Create</button></form>
      <a href="/week?sd=2026-12-08" data-id="next-top">Next week »</a> <a href="/week?sd=2026-12-08" data-id="next-bottom">Next week »</a>`);
    try {
      const create = await replayOn(page, [{ by: 'role', role: 'button', name: 'Create', exact: true }]);
      expect(create.out.status).toBe('done');
      expect(create.clicked).toEqual(['top']);
      expect(create.messages.join('\n')).toContain('the first of 2 identical controls');
      await page.evaluate('window.clicked = []; document.querySelectorAll("a").forEach(a => a.addEventListener("click", e => e.preventDefault()))');
      const next = await replayOn(page, [{ by: 'role', role: 'link', name: 'Next week »', exact: true }]);
      expect(next.out.status).toBe('done');
      expect(next.clicked).toEqual(['next-top']);
    } finally {
      await context.close();
    }
  });

  it('refuses look-alikes that are different controls, saying so, unless a container tells them apart', async () => {
    const card = (lane: number, time: string, id: string) => `<div class="card"><div class="title">Lap Swim · Lane ${lane}</div><div class="time">${time} – later</div><span>2 spaces left</span><button type="button" data-id="${id}">Book</button></div>`;
    const { context, page } = await offlinePage(`<main>${card(3, '7:00 AM', 'l3-7')}${card(4, '7:00 AM', 'l4-7')}${card(3, '8:00 AM', 'l3-8')}${card(4, '8:00 AM', 'l4-8')}</main>`);
    try {
      const plain = await replayOn(page, [{ by: 'role', role: 'button', name: 'Book', exact: true }]);
      expect(plain.out.status).toBe('broken');
      expect(plain.out.message).toMatch(/4 different elements match button "Book", and the recipe has nothing to tell them apart by/);
      expect(plain.clicked).toEqual([]);
      const scoped: LocatorSpec = { by: 'scoped', texts: ['Lap Swim · Lane {{lane}}', '{{time:h12}}'], role: 'button', name: 'Book' };
      const lane4at8 = await replayOn(page, [scoped], { date: '2026-12-01', time: '08:00', lane: '4' });
      expect(lane4at8.out.status, lane4at8.out.message).toBe('done');
      expect(lane4at8.clicked).toEqual(['l4-8']);
      // A slot that is not on the page: the container search finds only the whole list, whose four buttons differ.
      await page.evaluate('window.clicked = []');
      const absent = await replayOn(page, [scoped], { date: '2026-12-01', time: '09:00', lane: '4' });
      expect(absent.out.status).toBe('broken');
      expect(absent.clicked).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('login steps', () => {
  it('never skips a secret step silently: a password field that does not appear is an error naming the step', async () => {
    // Logged out (a "Log in" control, no way to log out), and the click opens nothing.
    const { context, page } = await offlinePage('<button type="button" data-id="login">Log in</button><a href="/book" data-id="book">Book</a>');
    try {
      const want = { date: '2026-12-01', time: '07:00', lane: '3' };
      const recipe: Recipe = {
        ...recipeOf([]),
        steps: [
          { action: 'click', describe: 'button "Log in"', locators: [{ by: 'role', role: 'button', name: 'Log in', exact: true }], phase: 'login', commit: false, post: [] },
          { action: 'fill', describe: 'textbox "Password"', value: '{{password}}', locators: [{ by: 'role', role: 'textbox', name: 'Password', exact: true }], phase: 'login', commit: false, post: [] },
          { action: 'click', describe: 'link "Book"', locators: [{ by: 'role', role: 'link', name: 'Book', exact: true }], phase: 'book', commit: true, post: [] },
        ],
      };
      const ctx: ReplayContext = { page, want, startUrl: `${ORIGIN}/`, allowed: new Set([ORIGIN]), secrets: new Map([['password', 'pw-1']]), redact: (s) => s, stepTimeoutMs: 500 };
      const run = newRun(recipe, want);
      const t0 = Date.now();
      const out = await replaySteps(run, ctx, 'end');
      expect(out).toMatchObject({ status: 'broken', at: 1 });
      expect(out.message).toMatch(/login step 2 \(fill textbox "Password"\): not found .* within 6 s, and the page is not logged in/);
      // It waited for a form that renders late before saying so.
      expect(Date.now() - t0).toBeGreaterThanOrEqual(5500);
      expect(await page.evaluate('window.clicked')).toEqual(['login']);
    } finally {
      await context.close();
    }
  }, 30_000);
});

describe('the login helper', () => {
  it('follows a "Log in" behind which the form renders late, and says so when no password field ever comes', async () => {
    const late = `<button type="button" id="open" data-id="open">Sign in</button><div id="box"></div>
      <script>document.getElementById('open').addEventListener('click', function () { setTimeout(function () {
        var f = document.createElement('form');
        f.innerHTML = '<label>Email <input type="text" autocomplete="username"></label><label>Password <input type="password"></label><button type="submit">Sign in</button>';
        f.addEventListener('submit', function (e) { e.preventDefault(); document.body.innerHTML = '<button type="button">Log out</button>'; });
        document.getElementById('box').appendChild(f);
      }, 900); });</script>`;
    const { context, page } = await offlinePage(late);
    try {
      const secrets = new Map([['username', 'alex'], ['password', 'pw-1']]);
      expect(await loginIfNeeded(page, { secrets, allowed: new Set([ORIGIN]), timeoutMs: 2000 })).toBe('logged-in');
      await page.getByRole('button', { name: 'Log out' }).waitFor();
      // Logged in now: nothing to do.
      expect(await loginIfNeeded(page, { secrets, allowed: new Set([ORIGIN]), timeoutMs: 2000 })).toBe('not-needed');
    } finally {
      await context.close();
    }
    const empty = await offlinePage('<button type="button">Anmelden</button>');
    try {
      const e = await loginIfNeeded(empty.page, { secrets: new Map([['password', 'pw-1']]), allowed: new Set([ORIGIN]), timeoutMs: 1000, lateFormMs: 1500 }).catch((x: unknown) => x);
      expect(e).toMatchObject({ code: 'login-form-missing', message: 'After clicking "Anmelden", no password field appeared within 2 s.' });
    } finally {
      await empty.context.close();
    }
  }, 30_000);
});

describe('the grid-cell locator', () => {
  let venue: Venue;
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => { venue = await startVenue({ layout: 'booked', testMode: true, now: VENUE_NOW }); });
  afterAll(async () => { await venue?.close(); });

  async function fresh(): Promise<Page> {
    await context?.close().catch(() => undefined);
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    return page;
  }
  afterAll(async () => { await context?.close().catch(() => undefined); });

  const attrs = async (spec: PageResolvedSpec, want: { date: string; time: string; lane: string }, names: string[]) => {
    const r = await pickInPage(page, spec, want);
    const values = r.found === 1 ? await r.loc.evaluate((el, n) => n.map((x) => (x === 'text' ? (el.textContent ?? '').trim() : el.getAttribute(x) ?? (el.closest(`[${x}]`)?.getAttribute(x) ?? ''))), names) : [];
    return { found: r.found, how: r.how, values };
  };

  it('on booked: the day table named by its heading, the lane row and the time column, among seven tables of empty cells', async () => {
    venue.setLayout('booked');
    const p = await fresh();
    await p.goto(`${venue.url}/Web/index.php`);
    await p.getByPlaceholder('Username or Email').fill(MEMBER.username);
    await p.getByPlaceholder('Password').fill(MEMBER.password);
    await p.getByRole('button', { name: 'Log In' }).click();
    await p.waitForURL((u) => u.pathname === '/Web/dashboard.php');
    await p.goto(`${venue.url}/Web/schedule.php?sd=2026-12-01`);
    expect(await p.locator('table.reservations').count()).toBe(7);
    const spec: PageResolvedSpec = { by: 'cell', row: 'Lane {{lane}}', column: '{{time:h12}}', within: '{{date:weekdayMdy}}' };
    for (const want of [{ date: '2026-12-03', time: '09:00', lane: '2' }, { date: '2026-12-07', time: '18:00', lane: '6' }]) {
      const r = await attrs(spec, want, ['data-start', 'data-resourceid']);
      expect(r).toEqual({ found: 1, how: 'table', values: [`${want.date} ${want.time}:00`, String(16 + Number(want.lane))] });
    }
    // Without the table's heading the same row and column are in all seven tables.
    expect((await pickInPage(p, { by: 'cell', row: 'Lane {{lane}}', column: '{{time:h12}}' }, { date: '2026-12-03', time: '09:00', lane: '2' })).found).toBe(7);
  });

  it('on mrbs: the "Create a new booking" link in the time row and the lane column, among 96 identical links', async () => {
    venue.setLayout('mrbs');
    const p = await fresh();
    await p.goto(`${venue.url}/mrbs/index.php?view=day&area=1&page_date=2026-12-01`);
    expect(await p.getByRole('link', { name: 'Create a new booking' }).count()).toBeGreaterThan(60);
    const spec: PageResolvedSpec = { by: 'cell', row: '{{time:hm}}', column: 'Lane {{lane}}', inner: { role: 'link', name: 'Create a new booking' } };
    for (const want of [{ date: '2026-12-01', time: '07:00', lane: '3' }, { date: '2026-12-01', time: '19:00', lane: '5' }]) {
      const r = await attrs(spec, want, ['href']);
      expect(r.found).toBe(1);
      expect(r.values[0]).toMatch(new RegExp(`room=${Number(want.lane) + 4}&hour=${Number(want.time.slice(0, 2))}&minute=0`));
    }
  });

  it('on piscine: the FullCalendar event under the lane column header and the time row label, found by geometry', async () => {
    venue.setLayout('piscine');
    const p = await fresh();
    await p.goto(`${venue.url}/connexion`);
    await p.getByLabel('Identifiant').fill(MEMBER.username);
    await p.getByLabel('Mot de passe').fill(MEMBER.password);
    await p.getByRole('button', { name: 'Se connecter' }).click();
    await p.waitForURL((u) => u.pathname === '/reservation');
    await p.goto(`${venue.url}/reservation?date=2026-12-01`);
    await p.locator('.fc-event').first().waitFor();
    const spec: PageResolvedSpec = { by: 'cell', row: '{{time:hm}}', column: 'Ligne {{lane}}' };
    for (const want of [{ date: '2026-12-01', time: '07:00', lane: '3' }, { date: '2026-12-01', time: '10:00', lane: '5' }, { date: '2026-12-01', time: '18:00', lane: '1' }]) {
      const r = await attrs(spec, want, ['data-resource-id', 'text']);
      expect(r.found).toBe(1);
      expect(r.how).toBe('point');
      expect(r.values[0]).toBe(resourceId(Number(want.lane)));
      expect(r.values[1]).toMatch(new RegExp(`^${want.time} - `));
    }
  });
});
