// verify(): finds the bookings page (given, or by link / account menu), reads it by rule or by model, and
// decides in code; it needs no model on plain pages and never trusts a model's invented booking.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, type SessionOptions } from '../../agent/index';
import { down, fixed } from '../fake-ollama/behaviours';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/server';
import type { VenueLayout } from '../venue/index';
import { MEMBER, sessionOptions, TARGET, useAgentFixture } from './helpers';
import { startSite, type Site } from './site';

// No model is needed for the venue's plain tables: a down Ollama proves it.
const t = useAgentFixture('verify', { behaviour: down });

describe.each<VenueLayout>(['grid', 'cards', 'wizard'])('on the %s layout', (layout) => {
  it('finds "my bookings" without a configured URL and reads a hand-made booking by rule, with no model', async () => {
    t.venue.setLayout(layout);
    t.venue.addBooking({ member: MEMBER.username, date: TARGET, time: '07:00', lane: 3 });
    t.venue.addBooking({ member: MEMBER.username, date: '2026-12-03', time: '18:00', lane: 1 });
    t.venue.addBooking({ member: 'sam', date: TARGET, time: '08:00', lane: 2 });
    const base = sessionOptions(t.venue, t.fake, t.dir);
    const session = await openSession({ ...base, venue: { ...base.venue, bookingsUrl: undefined } });
    try {
      const v = await session.verify({ date: TARGET, time: '07:00', lane: '3' });
      expect(v.failure).toBeUndefined();
      expect(v.method).toBe('rule');
      expect(v.found).toBe(true);
      expect(v.url).toBe(t.venue.bookingsUrl);
      expect(v.seen.map(({ date, time, lane }) => ({ date, time, lane }))).toEqual([
        { date: TARGET, time: '07:00', lane: '3' },
        { date: '2026-12-03', time: '18:00', lane: '1' },
      ]);
      expect((await session.verify({ date: TARGET, time: '08:00' })).found).toBe(false);
      expect(t.fake.requests.filter((q) => q.path === '/api/chat')).toHaveLength(0);
    } finally {
      await session.close();
    }
  });
});

it('an empty bookings page is "not found" by rule, without a model', async () => {
  t.venue.setLayout('grid');
  const session = await openSession(sessionOptions(t.venue, t.fake, t.dir));
  try {
    const empty = await session.verify({ date: TARGET });
    expect(empty).toMatchObject({ found: false, method: 'rule', seen: [] });
    expect(empty.failure).toBeUndefined();
  } finally {
    await session.close();
  }
});

it('answers the cookie banner and still verifies', async () => {
  t.venue.setLayout('cards');
  t.venue.setFaults({ cookieBanner: true });
  t.venue.addBooking({ member: MEMBER.username, date: TARGET, time: '07:00', lane: 3 });
  const session = await openSession(sessionOptions(t.venue, t.fake, t.dir));
  try {
    const v = await session.verify({ date: TARGET, time: '07:00' });
    expect(v.failure).toBeUndefined();
    expect(v.found).toBe(true);
  } finally {
    await session.close();
  }
});

it('a venue 500 on the bookings page is a transient venue-error, not "not booked"', async () => {
  t.venue.setLayout('grid');
  const session = await openSession(sessionOptions(t.venue, t.fake, t.dir));
  try {
    await session.verify({ date: TARGET }); // logs in
    t.venue.setFaults({ errors: { count: 1, prefix: '/my-bookings' } });
    const v = await session.verify({ date: TARGET });
    expect(v.found).toBe(false);
    expect(v.failure).toMatchObject({ kind: 'transient', code: 'venue-error' });
  } finally {
    await session.close();
  }
});

describe('model extraction for pages the rule cannot read', () => {
  let site: Site;
  let modelFake: FakeOllama;
  beforeAll(async () => {
    site = await startSite({
      '/': '<h1>Account</h1><a href="/reservations">Reservations</a>',
      '/reservations': `<h1>Reservations</h1><ul>
        <li>Swim — next Tuesday, first thing (seven o'clock), pool lane three <button>Cancel</button></li>
        <li>Swim — the Thursday after, evening, lane one</li></ul>`,
    });
    modelFake = await startFakeOllama({ behaviour: down });
  });
  afterAll(async () => {
    await site?.close();
    await modelFake?.close();
  });

  function opts(): SessionOptions {
    return {
      venue: { startUrl: site.url, allowedOrigins: [], timeZone: 'Europe/London' },
      secrets: { names: [], resolve: async () => undefined },
      model: { host: modelFake.host, model: 'qwen2.5:7b', timeoutMs: 5000, numCtx: 8192, keepAlive: '5m' },
      browser: { executablePath: '/usr/bin/chromium' },
      artifactsDir: t.dir,
    };
  }

  it('uses the model, schema-constrained, and compares its structured answer in code', async () => {
    modelFake.setBehaviour(fixed({ bookings: [
      { date: TARGET, time: '07:00', lane: '3', text: "Swim — next Tuesday, first thing (seven o'clock), pool lane three" },
      { date: '2026-12-03', time: '18:00', lane: '1', text: 'Swim — the Thursday after, evening, lane one' },
    ] }));
    const session = await openSession(opts());
    try {
      const v = await session.verify({ date: TARGET, time: '07:00', lane: '3' });
      expect(v.failure).toBeUndefined();
      expect(v).toMatchObject({ found: true, method: 'model', match: { date: TARGET, time: '07:00', lane: '3' } });
      expect(v.url).toBe(`${site.origin}/reservations`);
      const chat = modelFake.chats()[0]!;
      expect(chat.format).toMatchObject({ type: 'object', properties: { bookings: expect.any(Object) } });
      expect((await session.verify({ date: TARGET, time: '08:00' })).found).toBe(false);
    } finally {
      await session.close();
    }
  });

  it('drops a booking the model invented (its text is not on the page)', async () => {
    modelFake.setBehaviour(fixed({ bookings: [{ date: TARGET, time: '07:00', lane: '3', text: 'Lap swimming Tuesday 1 December 2026 07:00 Lane 3 confirmed' }] }));
    const session = await openSession(opts());
    try {
      const v = await session.verify({ date: TARGET });
      expect(v).toMatchObject({ found: false, method: 'model', seen: [] });
    } finally {
      await session.close();
    }
  });

  it('with the model down, verification reports that it could not run', async () => {
    modelFake.setBehaviour(down);
    const session = await openSession(opts());
    try {
      const v = await session.verify({ date: TARGET });
      expect(v.found).toBe(false);
      expect(v.failure).toMatchObject({ kind: 'transient', code: 'ollama-down' });
    } finally {
      await session.close();
    }
  });
});
