// On each venue layout: a verified model run (fake Ollama, competent) leaves a recipe; the next night its replay
// books another date, time and lane with zero model calls, and verification confirms it against the venue.
import { describe, expect, it } from 'vitest';
import { openSession, parseRecipe, type Recipe } from '../../agent/index';
import { competent } from '../fake-ollama/behaviours';
import type { VenueLayout } from '../venue/index';
import { GOAL, MEMBER, sessionOptions, TARGET, VENUE_NOW, useAgentFixture } from '../agent/helpers';

const DAY = 24 * 3600_000;

const t = useAgentFixture('recipes', { behaviour: competent() });

describe.each<VenueLayout>(['grid', 'cards', 'wizard'])('learned recipe on the %s layout', (layout) => {
  it('a verified model run leaves a recipe that books the next night without the model', async () => {
    t.venue.setLayout(layout);
    let recipe: Recipe;
    const first = await openSession(sessionOptions(t.venue, t.fake, t.dir));
    try {
      const r = await first.book({ instructions: GOAL, want: { date: TARGET, time: '07:00', lane: '3' } });
      expect(r.failure, JSON.stringify(r.steps.map((s) => [s.action, s.message]))).toBeUndefined();
      expect(r.via).toBe('model');
      expect(r.usage.calls).toBeGreaterThan(0);
      expect(r.recipe).toBeDefined();
      recipe = r.recipe!;
      expect((await first.verify({ date: TARGET, time: '07:00', lane: '3' })).found).toBe(true);
    } finally {
      await first.close();
    }
    // What the service stores is plain JSON; it comes back through the schema.
    const stored = JSON.parse(JSON.stringify(recipe));
    expect(parseRecipe(stored).ok).toBe(true);
    expect(JSON.stringify(stored)).not.toContain(MEMBER.password);
    expect(recipe.params).toEqual(expect.arrayContaining(['date', 'lane', 'time']));

    // The next night: the venue's day moved on, the target is a week from then, and this time 08:00 in lane 4.
    t.venue.setClock({ now: new Date(VENUE_NOW.getTime() + DAY) });
    const nextDate = '2026-12-02';
    const want = { date: nextDate, time: '08:00', lane: '4' };
    const before = t.fake.requests.length;
    const second = await openSession(sessionOptions(t.venue, t.fake, t.dir));
    try {
      const t0 = Date.now();
      const r = await second.book({ instructions: GOAL.replace(TARGET, nextDate), want, recipe: stored });
      const ms = Date.now() - t0;
      expect(r.failure, JSON.stringify(r.steps.map((s) => [s.target, s.message]))).toBeUndefined();
      expect(r.via).toBe('recipe');
      expect(r.claimedDone).toBe(true);
      expect(r.usage.calls).toBe(0);
      expect(r.recipe).toBeUndefined();
      expect(r.steps.every((s) => s.source === 'recipe' && s.ok)).toBe(true);
      expect(r.booked).toEqual(want);
      const v = await second.verify(want);
      expect(v.failure).toBeUndefined();
      expect(v.method).toBe('rule');
      expect(v.found).toBe(true);
      expect(ms).toBeLessThan(30_000);
    } finally {
      await second.close();
    }
    // Zero model traffic of any kind during replay and verification.
    expect(t.fake.requests.slice(before)).toEqual([]);
    const truth = t.venue.bookings().filter((b) => !b.cancelledAt && b.member === MEMBER.username);
    expect(truth.map((b) => [b.date, b.time, b.lane])).toEqual([[TARGET, '07:00', 3], [nextDate, '08:00', 4]]);
  }, 60_000);
});
