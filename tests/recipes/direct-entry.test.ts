// Replay's shortcut: the pages a recipe only clicks through are opened by their address (as the hand-written
// script does), and when that skips something the venue needed, the whole recipe is walked before any model call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, type Recipe } from '../../agent/index';
import { directEntry } from '../../agent/recipes/direct-entry';
import { down } from '../fake-ollama/behaviours';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/server';
import { learnOnVenue } from '../release/bench-support';
import { startVenue, type Venue } from '../venue/index';
import { removeDir, sessionOptions, tempDir, VENUE_NOW } from '../agent/helpers';

let venue: Venue;
let silent: FakeOllama;
let dir: string;
let grid: Recipe;
const DAY = 24 * 3600_000;
const BASE = 'http://127.0.0.1:1/';

beforeAll(async () => {
  venue = await startVenue({ layout: 'grid', testMode: true, now: VENUE_NOW });
  // Any model call fails the booking: every replay here must get by without one.
  silent = await startFakeOllama({ behaviour: down });
  dir = await tempDir('direct');
  grid = await learnOnVenue(venue, dir);
}, 60_000);
afterAll(async () => {
  await venue?.close();
  await silent?.close();
  await removeDir(dir);
});

async function replay(recipe: Recipe, night: number) {
  venue.setClock({ now: new Date(VENUE_NOW.getTime() + night * DAY) });
  const date = new Date(Date.UTC(2026, 10, 24 + night + venue.options.daysAhead)).toISOString().slice(0, 10);
  const want = { date, time: '07:00', lane: '3' };
  const captured = { logs: [] as string[], steps: [] as unknown[] };
  const firstRequest = venue.requests().length;
  const s = await openSession(sessionOptions(venue, silent, dir, {}, captured));
  try {
    const r = await s.book({ instructions: `Book Lane 3 at 07:00 on ${date}.`, want, recipe });
    const v = await s.verify(want);
    return { r, v, date, logs: captured.logs, requests: venue.requests().slice(firstRequest) };
  } finally {
    await s.close();
  }
}

describe('direct entry', () => {
  it('finds the last address a run of plain clicks leads to, and never skips a commit, a check or a dialog', () => {
    // The grid recipe: "Book a lane" → /book, "Next week" → /book?date=…, then the cell (the commit).
    expect(grid.steps.length).toBe(3);
    const d = directEntry(grid, { date: '2026-12-02', time: '07:00', lane: '3' }, BASE);
    expect(d).toEqual({ at: 2, url: `${BASE}book?date=2026-12-02`, post: grid.steps[1]!.post[0] });

    // A click that opens a dialog changes more than the address: the run ends before it.
    const dialog: Recipe = { ...grid, steps: [grid.steps[0]!, { ...grid.steps[1]!, post: [{ kind: 'visible', locator: { by: 'role', role: 'dialog', name: 'x', exact: true } }] }, grid.steps[2]!] };
    expect(directEntry(dialog, { date: '2026-12-02' }, BASE)?.at).toBe(1);
    // A check step (a wizard's radio) ends the run too.
    const check: Recipe = { ...grid, steps: [{ ...grid.steps[0]!, action: 'check', checked: true }, ...grid.steps.slice(1)] };
    expect(directEntry(check, { date: '2026-12-02' }, BASE)).toBeUndefined();
    // An address not known in full (a wildcard) cannot be opened.
    const wild: Recipe = { ...grid, steps: [{ ...grid.steps[0]!, post: [{ kind: 'url', path: '/book/*', query: {} }] }, ...grid.steps.slice(1)] };
    expect(directEntry(wild, { date: '2026-12-02' }, BASE)).toBeUndefined();
    // A commit step is never skipped, even when it is a plain click to a known address.
    const commitFirst: Recipe = { ...grid, steps: [{ ...grid.steps[0]!, commit: true }, ...grid.steps.slice(1).map((s) => ({ ...s, commit: false }))] };
    expect(directEntry(commitFirst, { date: '2026-12-02' }, BASE)).toBeUndefined();
  });

  it('opens the week page by its address: no home page, no click through the weeks, the same booking', async () => {
    const { r, v, requests, date } = await replay(grid, 1);
    expect(r.failure, JSON.stringify(r.steps.map((s) => s.message))).toBeUndefined();
    expect(r.via).toBe('recipe');
    expect(v.found).toBe(true);
    expect(r.steps.map((s) => s.action.action)).toEqual(['navigate', 'click']);
    expect(r.steps[0]!.message).toMatch(/opened \/book\?date=\d{4}-\d{2}-\d{2} by its address/);
    const gets = requests.filter((q) => q.method === 'GET' && !q.path.startsWith('/api/') && !q.path.startsWith('/static'));
    expect(gets.some((q) => q.path === '/book' && q.query === '')).toBe(false);
    // Once before the login (sent to the login form, which returns there) and once served.
    expect(gets.filter((q) => q.path === '/book' && q.status === 200).map((q) => q.query)).toEqual([`?date=${date}`]);
    expect(gets.some((q) => q.path === '/' && q.status === 200)).toBe(false);
    expect(silent.requests.length).toBe(0);
  }, 60_000);

  it('when the page opened by its address is not the one the clicks lead to, walks the whole recipe, still without the model', async () => {
    // As learned, "Next week" only promises /book: the address opens this week, whose cells do not hold the date.
    const loose: Recipe = { ...grid, steps: grid.steps.map((s, i) => (i === 1 ? { ...s, post: [{ kind: 'url' as const, path: '/book', query: {} }] } : s)) };
    const { r, v, logs } = await replay(loose, 2);
    expect(r.failure, JSON.stringify(r.steps.map((s) => s.message))).toBeUndefined();
    expect(r.via).toBe('recipe');
    expect(r.claimedDone).toBe(true);
    expect(v.found).toBe(true);
    expect(logs.some((l) => /walking the recipe from its start/.test(l))).toBe(true);
    // The walk clicked through the weeks as recorded.
    expect(r.steps.filter((s) => s.ok && s.action.action === 'click').length).toBe(3);
    expect(silent.requests.length).toBe(0);
  }, 60_000);

  it('checks the page the address opened against the page the recording saw (its main heading), and walks the recipe when it differs', async () => {
    const withPage = (heading: string): Recipe => ({ ...grid, steps: grid.steps.map((st, i) => (i === 2 ? { ...st, page: { heading } } : st)) });
    // The week page shows "Book a lane": the shortcut is taken.
    const same = await replay(withPage('Book a lane'), 3);
    expect(same.r.failure).toBeUndefined();
    expect(same.r.steps[0]!.message).toMatch(/by its address/);
    // A member for whom the address opens another page (MRBS's admin.php once logged in): the recipe is walked.
    const other = await replay(withPage('Areas and rooms'), 4);
    expect(other.r.failure, JSON.stringify(other.r.steps.map((x) => x.message))).toBeUndefined();
    expect(other.r.via).toBe('recipe');
    expect(other.logs.some((l) => /is not the page the recording saw/.test(l))).toBe(true);
    expect(other.r.steps.filter((x) => x.ok && x.action.action === 'click').length).toBe(3);
    expect(silent.requests.length).toBe(0);
  }, 90_000);
});
