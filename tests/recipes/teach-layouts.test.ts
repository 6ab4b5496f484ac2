// Teach on every venue site: a member books once by hand in the recording window (driven over its DevTools
// endpoint); the recipe's booking step is told by the network; the dry run for the next day books nothing (ground
// truth) and reports the request it held; the recipe then books another date, time and lane with no model call.
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openSession } from '../../agent/index';
import { startTeach } from '../../agent/recipes/teach';
import { competent } from '../fake-ollama/behaviours';
import { VENUE_LAYOUTS, type VenueLayout } from '../venue/index';
import { MEMBER, sessionOptions, TARGET, useAgentFixture, VENUE_NOW } from '../agent/helpers';
import { answerOverlay, USERS } from './teach-users';

const DAY = 24 * 3600_000;
const t = useAgentFixture('teach-layouts', { behaviour: competent() });

/** How the member ends the recording: the overlay's Yes once the page is quiet, or (after closing a success dialog) the app's stop. */
const ENDS: Record<VenueLayout, 'yes' | 'stop'> = {
  grid: 'yes', cards: 'yes', wizard: 'yes', booked: 'stop', mrbs: 'yes', hallenbad: 'stop', piscine: 'yes', daypicker: 'yes',
};

/** The request that books on each site (what the dry run must hold). */
const COMMIT_PATH: Record<VenueLayout, string> = {
  grid: 'POST /book', cards: 'POST /timetable/book', wizard: 'POST /wizard/confirm', booked: 'POST /Web/ajax/reservation_save.php',
  mrbs: 'POST /mrbs/edit_entry_handler.php', hallenbad: 'POST /api/buchungen', piscine: 'POST /api/reservations', daypicker: 'POST /api/v1/bookings',
};

export const FIGURES: { layout: string; teach: string; replayMs: number; modelCalls: number }[] = [];

const mine = () => t.venue.bookings().filter((b) => b.member === MEMBER.username && !b.cancelledAt).map((b) => [b.date, b.time, b.lane]);

describe.each(VENUE_LAYOUTS)('teach on the %s site', (layout) => {
  it('records a recipe whose dry run books nothing and whose replay books another day and lane with no model call', async () => {
    t.venue.setLayout(layout);
    const logs: string[] = [];
    const session = await startTeach({
      venue: { startUrl: t.venue.startUrl, allowedOrigins: [t.venue.origin], timeZone: 'Europe/London', ...(['booked', 'mrbs', 'daypicker'].includes(layout) ? { dateOrder: 'mdy' as const } : {}) },
      secrets: { names: ['username', 'password'], resolve: async (n) => (n === 'username' ? MEMBER.username : MEMBER.password) },
      want: { date: TARGET, time: '07:00', lane: '3' },
      browser: { executablePath: '/usr/bin/chromium', headless: true },
      exposeCdp: true,
      until: ENDS[layout] === 'yes' ? 'confirmation' : 'close',
      askTimeoutMs: 0,
      log: (l) => logs.push(l),
    });
    const remote = await chromium.connectOverCDP(session.cdpEndpoint!, { timeout: 10_000 });
    try {
      const page = remote.contexts()[0]!.pages().find((p) => p.url().startsWith(t.venue.url))!;
      await USERS[layout](page, t.venue.url, MEMBER, { date: TARGET, time: '07:00', lane: 3 });
      if (ENDS[layout] === 'yes') await answerOverlay(page, 'Yes');
    } finally {
      await remote.close().catch(() => undefined);
    }
    const taught = ENDS[layout] === 'yes' ? await session.done : await session.stop();
    const { recipe, check } = taught;
    const summary = recipe.steps.map((s, i) => `${i + 1}. ${s.phase}:${s.action} ${s.describe ?? ""} ${JSON.stringify(s.locators[0] ?? s.url)}${s.commit ? ' [commit]' : ''}${s.sends ? ` sends ${JSON.stringify(s.sends)}` : ''}`).join('\n');
    expect(recipe.commitFrom, summary).toBe(ENDS[layout] === 'yes' ? 'user' : 'network');
    expect(recipe.steps.at(-1)!.commit, summary).toBe(true);
    expect(recipe.steps.at(-1)!.sends?.map((x) => `${x.method} ${x.path}`), summary).toContain(COMMIT_PATH[layout]);
    expect(check?.ok, `${check?.message}\n${summary}\n${logs.join('\n')}`).toBe(true);
    expect(recipe.status).toBe('ready');
    // The dry run clicked the booking step for the next day, and the guard held its request: only the taught booking exists.
    expect(check!.held.some((h) => h.startsWith(COMMIT_PATH[layout])), check!.message).toBe(true);
    expect(check!.message).toContain('not sent');
    expect(mine()).toEqual([[TARGET, '07:00', 3]]);
    expect(JSON.stringify(recipe)).not.toContain(MEMBER.password);
    // The grid's user also clicked the page heading, which did nothing: no step for it.
    expect(recipe.steps.some((x) => x.describe?.startsWith('heading')), summary).toBe(false);

    // The next night: another date, time and lane, no model call of any kind.
    t.venue.setClock({ now: new Date(VENUE_NOW.getTime() + DAY) });
    const want = { date: '2026-12-02', time: '08:00', lane: '4' };
    const before = t.fake.requests.length;
    const s = await openSession(sessionOptions(t.venue, t.fake, t.dir, { venue: { startUrl: t.venue.startUrl, allowedOrigins: [t.venue.origin], timeZone: 'Europe/London' } }));
    let ms = 0;
    try {
      const t0 = Date.now();
      const r = await s.book({ instructions: 'Book Lane 4 at 08:00 on 2026-12-02.', want, recipe: JSON.parse(JSON.stringify(recipe)) });
      ms = Date.now() - t0;
      expect(r.failure, `${JSON.stringify(r.steps.map((x) => [x.target, x.message]))}\n${summary}`).toBeUndefined();
      expect(r.via).toBe('recipe');
      expect(r.usage.calls).toBe(0);
    } finally {
      await s.close();
    }
    expect(t.fake.requests.length - before).toBe(0);
    expect(mine()).toEqual([[TARGET, '07:00', 3], ['2026-12-02', '08:00', 4]]);
    FIGURES.push({ layout, teach: 'ok', replayMs: ms, modelCalls: t.fake.requests.length - before });
    console.log(`[teach-layouts] ${layout}: teach ok (${recipe.steps.length} steps, commit step ${recipe.steps.findIndex((x) => x.commit) + 1} by ${recipe.commitFrom}); dry run held ${check!.held.join(', ')}; replay ${ms} ms, ${t.fake.requests.length - before} model calls`);
  }, 150_000);
});
