// Self-heal: the venue changed its site between nights (here: the grid layout was replaced by the cards one),
// the recipe breaks at a step, the model finishes from that page, and the healed recipe books the next night alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, type Recipe } from '../../agent/index';
import { competent } from '../fake-ollama/behaviours';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/server';
import { startVenue, type Venue } from '../venue/index';
import { GOAL, MEMBER, removeDir, sessionOptions, TARGET, tempDir, VENUE_NOW } from '../agent/helpers';

let venue: Venue;
let fake: FakeOllama;
let dir: string;
const DAY = 24 * 3600_000;
const night = (n: number) => new Date(VENUE_NOW.getTime() + n * DAY);
const goal = (date: string) => (date === TARGET ? GOAL : `Book Lane 3 at 07:00 on ${date}; otherwise any lane at 07:00.`);

beforeAll(async () => {
  venue = await startVenue({ layout: 'grid', testMode: true, now: VENUE_NOW });
  fake = await startFakeOllama({ behaviour: competent() });
  dir = await tempDir('heal');
});
afterAll(async () => {
  await venue?.close();
  await fake?.close();
  await removeDir(dir);
});

async function book(date: string, recipe?: Recipe) {
  const s = await openSession(sessionOptions(venue, fake, dir));
  try {
    const want = { date, time: '07:00', lane: '3' };
    const before = fake.chats().length;
    const r = await s.book({ instructions: goal(date), want, ...(recipe ? { recipe } : {}) });
    const v = await s.verify(want);
    return { r, v, chats: fake.chats().length - before };
  } finally {
    await s.close();
  }
}

describe('self-heal', () => {
  it('a recipe broken by a site change is finished by the model, and the healed recipe replays alone', async () => {
    const learned = await book(TARGET);
    expect(learned.r.via).toBe('model');
    expect(learned.v.found).toBe(true);
    const gridRecipe = learned.r.recipe!;
    expect(gridRecipe.steps.map((s) => s.describe)).toContain('button "Next week"');

    // Next night the venue has a new booking site.
    venue.setLayout('cards');
    venue.setClock({ now: night(1) });
    const healedRun = await book('2026-12-02', gridRecipe);
    expect(healedRun.r.failure).toBeUndefined();
    expect(healedRun.r.via).toBe('recipe+model');
    expect(healedRun.v.found).toBe(true);
    expect(healedRun.chats).toBeGreaterThan(0);
    // The replay did what still worked, then stopped at the step whose page is gone.
    const replayed = healedRun.r.steps.filter((s) => s.source === 'recipe');
    expect(replayed.at(-1)!.ok).toBe(false);
    expect(replayed.at(-1)!.message).toMatch(/expected the page \/book/);
    expect(healedRun.r.steps.some((s) => s.source !== 'recipe' && s.action.action === 'click')).toBe(true);

    const healed = healedRun.r.recipe!;
    expect(healed).toBeDefined();
    expect(healed.source).toBe('healed');
    expect(healed.heals).toBe(1);
    expect(healed.createdAt).toBe(gridRecipe.createdAt);
    expect(healed.steps.map((s) => s.describe)).not.toContain('button "Next week"');
    expect(healed.steps.map((s) => s.describe)).toEqual(expect.arrayContaining(['button "{{date:short}}"', 'button "Confirm"']));
    // The step that still worked is kept, with what it leads to now.
    expect(healed.steps[0]!.post).toEqual([{ kind: 'url', path: '/timetable', query: {} }]);
    expect(JSON.stringify(healed)).not.toContain(MEMBER.password);

    // The night after, the healed recipe books with no model call at all.
    venue.setClock({ now: night(2) });
    const requestsBefore = fake.requests.length;
    const third = await book('2026-12-03', healed);
    expect(third.r.failure).toBeUndefined();
    expect(third.r.via).toBe('recipe');
    expect(third.v.found).toBe(true);
    expect(fake.requests.length).toBe(requestsBefore);
    const truth = venue.bookings().filter((b) => b.member === MEMBER.username && !b.cancelledAt).map((b) => b.date);
    expect(truth).toEqual([TARGET, '2026-12-02', '2026-12-03']);
  }, 90_000);
});
