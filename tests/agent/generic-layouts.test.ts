// The model path as a generic loop: the "generic" fake model, which knows no layout, books Lane 3 at 07:00 on
// every venue site from the site's own start page (real Chromium, the real ollama client, openSession().book()),
// judged by the venue's ground truth; and with the wanted lane taken it books another lane at that time.
import { describe, expect, it } from 'vitest';
import { openSession, type BookResult } from '../../agent/index';
import { generic } from '../fake-ollama/generic';
import { VENUE_LAYOUTS, type VenueLayout } from '../venue/index';
import { GOAL, MEMBER, sessionOptions, TARGET, useAgentFixture } from './helpers';
import { MIN_MODEL_CALLS } from '../../scripts/bench/model-path';

const t = useAgentFixture('generic', { behaviour: generic() });
const BUDGET_TOKENS = 2500;

async function book(layout: VenueLayout): Promise<BookResult> {
  t.venue.setLayout(layout);
  const o = sessionOptions(t.venue, t.fake, t.dir);
  const session = await openSession({ ...o, venue: { ...o.venue, startUrl: t.venue.startUrl, bookingsUrl: t.venue.bookingsUrl } });
  try {
    return await session.book({ instructions: GOAL, want: { date: TARGET, time: '07:00', lane: '3' } });
  } finally {
    await session.close();
  }
}

const live = () => t.venue.bookings().filter((b) => !b.cancelledAt && b.member === MEMBER.username);
const trail = (r: BookResult) => JSON.stringify(r.steps.map((s) => [s.action, s.message]));

describe.each<VenueLayout>([...VENUE_LAYOUTS])('generic model on the %s site', (layout) => {
  it('books Lane 3 at 07:00 on the target date, and the venue holds exactly that booking', { timeout: 90_000 }, async () => {
    const r = await book(layout);
    expect(r.failure, trail(r)).toBeUndefined();
    expect(r.claimedDone).toBe(true);
    expect(live()).toMatchObject([{ date: TARGET, time: '07:00', lane: 3 }]);
    // One action per call, and every snapshot the model read was within the budget.
    expect(r.usage.calls).toBe(r.steps.length);
    expect(Math.max(...r.usage.snapshotTokens)).toBeLessThanOrEqual(BUDGET_TOKENS);
    // Close to the fewest calls the site allows (counted from its pages); one spare for a page still loading.
    expect(r.usage.calls, trail(r)).toBeLessThanOrEqual(MIN_MODEL_CALLS[layout].calls + 1);
  });
});

describe.each<VenueLayout>(['booked', 'mrbs', 'piscine'])('generic model on the %s site, Lane 3 taken', (layout) => {
  it('books another lane at 07:00 (the goal allows any lane), never the taken one', { timeout: 90_000 }, async () => {
    t.venue.addBooking({ member: 'sam', date: TARGET, time: '07:00', lane: 3 });
    const r = await book(layout);
    expect(r.failure, trail(r)).toBeUndefined();
    const mine = live();
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ date: TARGET, time: '07:00' });
    expect(mine[0]!.lane).not.toBe(3);
  });
});
