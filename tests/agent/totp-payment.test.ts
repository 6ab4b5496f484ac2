// Two-factor codes and the payment guard on the demo venue, judged by its ground truth.
// TOTP: the profile's authenticator seed logs in (the venue checks the code with otplib), and neither the seed nor
// any code reaches a prompt, a log line, a step or an artifact. Payment: a checkout stops before paying by default;
// account credit under the profile's cap books; over the cap stops; a model that tries to pay by card is refused.
import { generateSync } from 'otplib';
import { describe, expect, it } from 'vitest';
import { openSession, type SessionOptions } from '../../agent/index';
import { substituteSecrets } from '../../agent/browser/confine';
import { cardPayer, competent } from '../fake-ollama/behaviours';
import { filesUnder, GOAL, MEMBER, removeDir, sessionOptions, TARGET, tempDir, type Captured, useAgentFixture } from './helpers';

const t = useAgentFixture('totp-payment', { behaviour: competent() });
const want = { date: TARGET, time: '07:00', lane: '3' };
const mine = () => t.venue.bookings().filter((b) => b.member === MEMBER.username && !b.cancelledAt);
const SEED = MEMBER.totpSecret!;

function withSecrets(o: SessionOptions, extra: Record<string, string>): SessionOptions {
  const values: Record<string, string> = { username: MEMBER.username, password: MEMBER.password, ...extra };
  return { ...o, secrets: { names: Object.keys(values), resolve: async (n) => values[n] } };
}

describe('two-factor login with the profile’s authenticator secret', { timeout: 90_000 }, () => {
  it('books and verifies; the secret and its codes appear in no prompt, log, step, result or artifact', async () => {
    t.venue.setFaults({ twoFactor: true });
    const started = Date.now();
    const artifacts = await tempDir('totp');
    const captured: Captured = { logs: [], steps: [] };
    const session = await openSession(withSecrets(sessionOptions(t.venue, t.fake, artifacts, {}, captured), { totp: SEED }));
    let r;
    let v;
    try {
      r = await session.book({ instructions: GOAL, want });
      v = await session.verify(want);
    } finally {
      await session.close();
    }
    expect(r.failure, r.failure?.message).toBeUndefined();
    expect(v.found).toBe(true);
    // Ground truth: the venue took the code (its second login step) and the booking is there.
    expect(t.venue.requests().some((q) => q.method === 'POST' && q.path === '/login/2fa' && q.outcome === 'second-step')).toBe(true);
    expect(t.venue.requests().some((q) => q.outcome === 'bad-code')).toBe(false);
    expect(mine().map((b) => [b.date, b.time, b.lane])).toEqual([[TARGET, '07:00', 3]]);
    // Every code valid from the start of the test to now (and one step either side) is a secret too.
    const codes = new Set<string>();
    for (let e = Math.floor(started / 1000) - 30; e <= Math.floor(Date.now() / 1000) + 30; e += 30) codes.add(generateSync({ secret: SEED, epoch: e }));
    const haystacks = [
      ...t.fake.requests.map((q) => q.raw),
      ...captured.logs,
      JSON.stringify(captured.steps),
      JSON.stringify(r),
      JSON.stringify(v),
      ...(await filesUnder(artifacts)).flatMap((f) => [f.name, f.content]),
    ];
    expect(haystacks.length).toBeGreaterThan(5);
    for (const h of haystacks) {
      expect(h).not.toContain(SEED);
      for (const c of codes) expect(h.includes(c), `code ${c} leaked`).toBe(false);
    }
    // The model was never told the seed's name as something it could type.
    expect(t.fake.requests.some((q) => q.raw.includes('{{totp}}'))).toBe(false);
    await removeDir(artifacts);
  });

  it('without an authenticator secret, the code prompt is "needs you" and no code is guessed', async () => {
    t.venue.setFaults({ twoFactor: true });
    const session = await openSession(sessionOptions(t.venue, t.fake, t.dir));
    try {
      const v = await session.verify(want);
      expect(v.failure).toMatchObject({ kind: 'needs-you', code: 'one-time-code' });
      expect(t.venue.requests().filter((q) => q.method === 'POST' && q.path === '/login/2fa')).toHaveLength(0);
    } finally {
      await session.close();
    }
  });

  it('the seed is never typed, even when asked for by name', () => {
    const r = substituteSecrets('{{totp}}', `${t.venue.origin}/login`, new Set([t.venue.origin]), new Map([['totp', SEED]]));
    expect(r.ok).toBe(false);
  });
});

describe('the payment guard', { timeout: 90_000 }, () => {
  const checkoutPosts = () => t.venue.requests().filter((q) => q.method === 'POST' && q.path.startsWith('/checkout'));

  it('by default a checkout stops before paying: needs you, nothing booked, nothing paid', async () => {
    t.venue.setFaults({ payment: { price: 4.5 } });
    const session = await openSession(sessionOptions(t.venue, t.fake, t.dir));
    try {
      const r = await session.book({ instructions: GOAL, want });
      expect(r.failure).toMatchObject({ kind: 'needs-you', code: 'payment-needed' });
      expect(r.failure?.message).toMatch(/does not let Lanebot pay/);
    } finally {
      await session.close();
    }
    expect(mine()).toEqual([]);
    expect(t.venue.payments()).toEqual([]);
    expect(checkoutPosts()).toHaveLength(0);
    expect(t.venue.credit(MEMBER.username)).toBe(20);
  });

  it('account credit under the profile’s cap books and verifies', async () => {
    t.venue.setFaults({ payment: { price: 4.5 } });
    const session = await openSession({ ...sessionOptions(t.venue, t.fake, t.dir), payment: { allowCredit: true, capPerBooking: 5 } });
    try {
      const r = await session.book({ instructions: GOAL, want });
      expect(r.failure, r.failure?.message).toBeUndefined();
      expect((await session.verify(want)).found).toBe(true);
    } finally {
      await session.close();
    }
    expect(mine()).toHaveLength(1);
    expect(t.venue.payments().map((p) => [p.method, p.amount])).toEqual([['credit', 4.5]]);
    expect(t.venue.credit(MEMBER.username)).toBe(15.5);
  });

  it('over the cap it stops before paying', async () => {
    t.venue.setFaults({ payment: { price: 4.5 } });
    const session = await openSession({ ...sessionOptions(t.venue, t.fake, t.dir), payment: { allowCredit: true, capPerBooking: 4 } });
    try {
      const r = await session.book({ instructions: GOAL, want });
      expect(r.failure).toMatchObject({ kind: 'needs-you', code: 'payment-needed' });
      expect(r.failure?.message).toMatch(/more than this profile's cap of 4\.00/);
    } finally {
      await session.close();
    }
    expect(mine()).toEqual([]);
    expect(t.venue.payments()).toEqual([]);
    expect(checkoutPosts()).toHaveLength(0);
  });

  it('a model that tries to pay by card is refused: no card field is typed into and no card request leaves', async () => {
    t.venue.setFaults({ payment: { price: 4.5 } });
    t.fake.setBehaviour(cardPayer());
    const session = await openSession({ ...sessionOptions(t.venue, t.fake, t.dir), payment: { allowCredit: true, capPerBooking: 5 } });
    let r;
    try {
      r = await session.book({ instructions: GOAL, want });
    } finally {
      await session.close();
    }
    const refused = r.steps.filter((s) => s.action.action === "fill" && !s.ok);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused[0]!.message).toMatch(/never types into payment card fields/);
    expect(r.failure?.kind, `${r.failure?.code}: ${r.failure?.message} ${JSON.stringify(r.steps.map((s) => [s.action, s.ok, s.message]))}`).toBe('needs-you');
    expect(mine()).toEqual([]);
    expect(t.venue.payments()).toEqual([]);
    expect(checkoutPosts()).toHaveLength(0);
  });
});
