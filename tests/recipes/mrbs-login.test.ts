// MRBS, where teach used to lose the login: "Log in" is a button behind which the form is written in 500–900 ms
// late, and admin.php is another page once logged in. Taught once, the recipe files that click with the login;
// its dry run books nothing; it then books starting logged out and starting logged in — by the login helper, and
// by its own login steps (which run only when the page is logged out) — with no model call, judged by ground truth.
import { chromium } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSession, type Recipe } from '../../agent/index';
import { startTeach } from '../../agent/recipes/teach';
import { competent } from '../fake-ollama/behaviours';
import { MEMBER, sessionOptions, TARGET, useAgentFixture, VENUE_NOW } from '../agent/helpers';
import { answerOverlay, USERS } from './teach-users';

const DAY = 24 * 3600_000;
const t = useAgentFixture('mrbs-login', { layout: 'mrbs', behaviour: competent() });
let recipe: Recipe;
let checkHeld: string[] = [];
let taughtTruth: unknown[] = [];

const mine = () => t.venue.bookings().filter((b) => b.member === MEMBER.username && !b.cancelledAt).map((b) => [b.date, b.time, b.lane]);

beforeAll(async () => {
  const session = await startTeach({
    venue: { startUrl: t.venue.startUrl, allowedOrigins: [t.venue.origin], timeZone: 'Europe/London', dateOrder: 'mdy' },
    secrets: { names: ['username', 'password'], resolve: async (n) => (n === 'username' ? MEMBER.username : MEMBER.password) },
    want: { date: TARGET, time: '07:00', lane: '3' },
    browser: { executablePath: '/usr/bin/chromium', headless: true },
    exposeCdp: true,
  });
  const remote = await chromium.connectOverCDP(session.cdpEndpoint!, { timeout: 10_000 });
  try {
    const page = remote.contexts()[0]!.pages().find((p) => p.url().startsWith(t.venue.url))!;
    await USERS.mrbs(page, t.venue.url, MEMBER, { date: TARGET, time: '07:00', lane: 3 });
    await answerOverlay(page, 'Yes');
  } finally {
    await remote.close().catch(() => undefined);
  }
  const taught = await session.done;
  recipe = taught.recipe;
  checkHeld = taught.check?.held ?? [];
  expect(taught.check?.ok, taught.check?.message).toBe(true);
  // The taught booking is the only one: the teach's dry run sent nothing that books.
  taughtTruth = t.venue.bookings().map((b) => [b.date, b.time, b.lane]);
}, 120_000);

async function book(session: Awaited<ReturnType<typeof openSession>>, want: { date: string; time: string; lane: string }) {
  const before = t.fake.requests.length;
  const r = await session.book({ instructions: `Book lane ${want.lane} at ${want.time} on ${want.date}.`, want, recipe: JSON.parse(JSON.stringify(recipe)) });
  expect(r.failure, JSON.stringify(r.steps.map((x) => [x.target, x.message]))).toBeUndefined();
  expect(r.via).toBe('recipe');
  expect(r.usage.calls).toBe(0);
  expect(t.fake.requests.length - before).toBe(0);
  return r;
}

describe('mrbs: a login behind a click, a form that renders late, a page that differs once logged in', () => {
  it('files the "Log in" click, the fields and the submit as login steps; the dry run held the Save and booked nothing', () => {
    expect(recipe.steps.slice(0, 4).map((s) => `${s.phase}:${s.action} ${s.describe}`)).toEqual([
      'login:click button "Log in"',
      'login:fill textbox "Name"',
      'login:fill textbox "Password"',
      'login:click button "Log in"',
    ]);
    expect(recipe.steps.slice(4).every((s) => s.phase === 'book')).toBe(true);
    expect(checkHeld.some((h) => h.startsWith('POST /mrbs/edit_entry_handler.php'))).toBe(true);
    expect(taughtTruth).toEqual([[TARGET, '07:00', 3]]);
  });

  it('books starting logged out and then, in the same browser, starting logged in (the login helper)', async () => {
    t.venue.setClock({ now: new Date(VENUE_NOW.getTime() + DAY) });
    const s = await openSession(sessionOptions(t.venue, t.fake, t.dir, { venue: { startUrl: t.venue.startUrl, allowedOrigins: [t.venue.origin], timeZone: 'Europe/London', dateOrder: 'mdy' } }));
    try {
      const first = await book(s, { date: '2026-12-02', time: '08:00', lane: '4' });
      expect(first.steps.some((x) => x.message?.includes('login'))).toBe(false);
      t.venue.setClock({ now: new Date(VENUE_NOW.getTime() + 2 * DAY) });
      await book(s, { date: '2026-12-03', time: '09:00', lane: '2' });
    } finally {
      await s.close();
    }
    expect(mine()).toEqual(expect.arrayContaining([['2026-12-02', '08:00', 4], ['2026-12-03', '09:00', 2]]));
  }, 120_000);

  it('with the login helper off, its own login steps run when logged out and are skipped when logged in', async () => {
    t.venue.setClock({ now: new Date(VENUE_NOW.getTime() + DAY) });
    const captured = { logs: [] as string[], steps: [] as unknown[] };
    const s = await openSession(sessionOptions(t.venue, t.fake, t.dir, { loginHelper: false, venue: { startUrl: t.venue.startUrl, allowedOrigins: [t.venue.origin], timeZone: 'Europe/London', dateOrder: 'mdy' } }, captured));
    try {
      const out = await book(s, { date: '2026-12-02', time: '10:00', lane: '5' });
      // Logged out: the click that opens the form, the fields (waited for) and the submit all ran.
      expect(out.steps.filter((x) => x.source === 'recipe').slice(0, 4).map((x) => x.target)).toEqual(['button "Log in"', 'textbox "Name"', 'textbox "Password"', 'button "Log in"']);
      t.venue.setClock({ now: new Date(VENUE_NOW.getTime() + 2 * DAY) });
      const again = await book(s, { date: '2026-12-03', time: '11:00', lane: '6' });
      // Logged in: no login step ran (and "Log in", which no longer exists, was never looked for).
      expect(again.steps.some((x) => x.target === 'textbox "Name"' || x.target === 'button "Log in"')).toBe(false);
    } finally {
      await s.close();
    }
    expect(mine()).toEqual(expect.arrayContaining([['2026-12-02', '10:00', 5], ['2026-12-03', '11:00', 6]]));
  }, 120_000);
});
