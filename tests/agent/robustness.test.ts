// A confused model recovers within budget or ends transient; a stubborn one is warned, then stopped as a loop;
// budgets end attempts as transient failures.
import { expect, it } from 'vitest';
import { openSession } from '../../agent/index';
import { confused, stubborn, competent } from '../fake-ollama/behaviours';
import { GOAL, sessionOptions, TARGET, useAgentFixture } from './helpers';

const want = { date: TARGET, time: '07:00', lane: '3' };

const t = useAgentFixture('robust', { layout: 'wizard', behaviour: competent() });

it('a confused model (prose, schema break, hallucinated ref) gets corrected and still books within budget', async () => {
  t.fake.setBehaviour(confused({ recoverAfter: 3 }));
  const session = await openSession(sessionOptions(t.venue, t.fake, t.dir));
  try {
    const r = await session.book({ instructions: GOAL, want });
    expect(r.failure).toBeUndefined();
    expect(r.claimedDone).toBe(true);
    // Call 1 prose → corrective retry → call 2 schema break: one confused step. Call 3: unknown ref, answered as an error.
    expect(r.steps[0]).toMatchObject({ ok: false, message: expect.stringMatching(/invalid model output/) });
    expect(r.steps[1]).toMatchObject({ ok: false, message: expect.stringMatching(/There is no element e9999/) });
    const chats = t.fake.chats();
    expect(chats[1]!.messages.at(-1)!.content).toMatch(/not valid JSON/);
    expect(chats[1]!.messages).toHaveLength(4);
    expect(chats[3]!.messages.at(-1)!.content).toMatch(/click e9999 → ERROR: There is no element e9999/);
    expect((await session.verify(want)).found).toBe(true);
  } finally {
    await session.close();
  }
});

it('a model that never produces a valid action ends as transient model-confused', async () => {
  t.fake.setBehaviour(confused({ recoverAfter: Number.POSITIVE_INFINITY }));
  const session = await openSession(sessionOptions(t.venue, t.fake, t.dir));
  try {
    const r = await session.book({ instructions: GOAL, want });
    expect(r.claimedDone).toBe(false);
    expect(r.failure).toMatchObject({ kind: 'transient', code: 'model-confused' });
    // Three unusable answers (each after one corrective retry) plus the hallucinated-ref steps in between.
    expect(r.steps.filter((s) => /invalid model output/.test(s.message ?? ''))).toHaveLength(3);
    expect(r.usage.calls).toBe(8);
    expect(t.venue.bookings()).toEqual([]);
  } finally {
    await session.close();
  }
});

it('a stubborn model is warned once, then stopped as a transient loop', async () => {
  t.fake.setBehaviour(stubborn());
  const session = await openSession(sessionOptions(t.venue, t.fake, t.dir));
  try {
    const r = await session.book({ instructions: GOAL, want });
    expect(r.failure).toMatchObject({ kind: 'transient', code: 'loop' });
    const warned = r.steps.findIndex((s) => /model warned/.test(s.message ?? ''));
    expect(warned).toBeGreaterThan(0);
    expect(r.steps.length).toBeLessThan(8);
    // The warning reached the model before the loop was ended.
    expect(t.fake.chats().some((c) => /did not change\. Do something different/.test(c.messages.at(-1)!.content))).toBe(true);
  } finally {
    await session.close();
  }
});

it('the step budget ends an unfinished attempt as transient budget-steps', async () => {
  t.fake.setBehaviour(competent());
  const session = await openSession(sessionOptions(t.venue, t.fake, t.dir, { budgets: { maxSteps: 3, maxWallMs: 60_000, maxModelMs: 30_000 } }));
  try {
    const r = await session.book({ instructions: GOAL, want });
    expect(r.failure).toMatchObject({ kind: 'transient', code: 'budget-steps' });
    expect(r.steps).toHaveLength(3);
    expect(r.usage.calls).toBe(3);
  } finally {
    await session.close();
  }
});

it('a session expired mid-attempt is logged back into once and the booking completes', async () => {
  t.fake.setBehaviour(competent());
  const session = await openSession(sessionOptions(t.venue, t.fake, t.dir));
  try {
    t.venue.setFaults({ expireSessionsAfter: 4 });
    const r = await session.book({ instructions: GOAL, want });
    expect(r.failure).toBeUndefined();
    expect(r.claimedDone).toBe(true);
    expect(t.venue.requests().filter((q) => q.method === 'POST' && q.path === '/login').length).toBe(2);
    expect((await session.verify(want)).found).toBe(true);
  } finally {
    await session.close();
  }
});
