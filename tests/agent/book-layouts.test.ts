// The competent model books on all three venue layouts and verify() confirms it against the venue's ground truth.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openSession } from '../../agent/index';
import { competent } from '../fake-ollama/behaviours';
import type { VenueLayout } from '../venue/index';
import { GOAL, MEMBER, sessionOptions, TARGET, useAgentFixture } from './helpers';

const t = useAgentFixture('layouts', { behaviour: competent() });

describe.each<VenueLayout>(['grid', 'cards', 'wizard'])('competent model on the %s layout', (layout) => {
  it('books Lane 3 at 07:00 and verify() finds exactly what the venue holds', async () => {
    t.venue.setLayout(layout);
    const session = await openSession(sessionOptions(t.venue, t.fake, t.dir));
    try {
      const before = await session.verify({ date: TARGET, time: '07:00', lane: '3' });
      expect(before.failure).toBeUndefined();
      expect(before.found).toBe(false);

      const result = await session.book({ instructions: GOAL, want: { date: TARGET, time: '07:00', lane: '3' } });
      expect(result.failure, JSON.stringify(result.steps.map((s) => [s.action, s.message]))).toBeUndefined();
      expect(result.claimedDone).toBe(true);
      expect(result.usage.calls).toBe(result.steps.length);
      expect(result.usage.snapshotTokens.length).toBe(result.steps.length);
      expect(result.steps.some((s) => s.locator && /getByRole/.test(s.locator))).toBe(true);
      expect(result.screenshot && existsSync(result.screenshot)).toBe(true);

      const truth = t.venue.bookings().filter((b) => !b.cancelledAt);
      expect(truth).toMatchObject([{ member: MEMBER.username, date: TARGET, time: '07:00', lane: 3 }]);

      const after = await session.verify({ date: TARGET, time: '07:00', lane: '3' });
      expect(after.failure).toBeUndefined();
      expect(after.method).toBe('rule');
      expect(after.found).toBe(true);
      expect(after.match).toMatchObject({ date: TARGET, time: '07:00', lane: '3' });
      expect(after.screenshot && existsSync(after.screenshot)).toBe(true);
      // A different lane or day is not the booking we wanted.
      expect((await session.verify({ date: TARGET, time: '07:00', lane: '4' })).found).toBe(false);
      expect((await session.verify({ date: '2026-12-02' })).found).toBe(false);
    } finally {
      await session.close();
    }
  });
});
