// Release-time firing against the demo venue: prepare before the opening, fire by the venue server's clock
// (skewed ±5 s from what this machine believes), never before the opening; "not open yet" answers are retried;
// with competitors, on time gets the first choice and a late start gets the fallback.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openSession, type Recipe } from '../../agent/index';
import { competent } from '../fake-ollama/behaviours';
import { startFakeOllama, type FakeOllama } from '../fake-ollama/server';
import { startVenue, type Venue } from '../venue/index';
import { GOAL, MEMBER, removeDir, sessionOptions, TARGET, tempDir, VENUE_NOW } from '../agent/helpers';

let venue: Venue;
let fake: FakeOllama;
let dir: string;
let recipe: Recipe;
const DATE = '2026-12-02';
const WANT = { date: DATE, time: '07:00', lane: '3' };
const INSTRUCTIONS = `Book Lane 3 at 07:00 on ${DATE}; otherwise any lane at 07:00.`;
/** Precise measurement (a few ticks bisected) where timing is asserted; one tick where it is not. */
const PRECISE = { bisections: 3, pollMs: 5 };
const QUICK = { bisections: 0, pollMs: 5 };

beforeAll(async () => {
  venue = await startVenue({ layout: 'grid', testMode: true, now: VENUE_NOW });
  fake = await startFakeOllama({ behaviour: competent() });
  dir = await tempDir('release');
  const s = await openSession(sessionOptions(venue, fake, dir));
  try {
    const r = await s.book({ instructions: GOAL, want: { date: TARGET, time: '07:00', lane: '3' } });
    expect(r.recipe).toBeDefined();
    recipe = r.recipe!;
  } finally {
    await s.close();
  }
}, 60_000);
afterAll(async () => {
  await venue?.close();
  await fake?.close();
  await removeDir(dir);
});
beforeEach(() => {
  venue.reset();
});

/**
 * Puts the venue `leadMs` before the release of DATE. This machine's idea of the opening is a whole
 * second; the venue's clock runs `skewMs` ahead of it, so an agent trusting its own clock fires `skewMs` off.
 */
function skewVenue(skewMs: number, leadMs: number): { release: number; machineBelief: number } {
  const release = venue.releaseInstant(DATE).getTime();
  const machineBelief = Math.ceil((Date.now() + leadMs + skewMs) / 1000) * 1000;
  venue.setClock({ offsetMs: release - machineBelief + skewMs });
  return { release, machineBelief };
}

function bookingPosts() {
  return venue.requests().filter((r) => r.method === 'POST' && r.path === '/book');
}

async function fire(opts: { fireAt: Date; clock: typeof PRECISE; release?: Record<string, number>; alternatives?: { lane?: string; time?: string }[] }) {
  const s = await openSession(sessionOptions(venue, fake, dir));
  try {
    const prep = await s.prepare({ fireAt: opts.fireAt, recipe, clock: opts.clock });
    const r = await s.book({ instructions: INSTRUCTIONS, want: WANT, recipe, fireAt: opts.fireAt, clock: opts.clock, ...(opts.release ? { release: opts.release } : {}), ...(opts.alternatives ? { alternatives: opts.alternatives } : {}) });
    const v = await s.verify(r.booked ?? WANT);
    return { prep, r, v };
  } finally {
    await s.close();
  }
}

describe('firing at the release instant', () => {
  it.each([5000, -5000])('with the venue clock %d ms off this machine, the request lands just after the opening, never before', async (skew) => {
    const { release } = skewVenue(skew, 9000);
    // The competitor lands 400 ms after the opening: on a loaded test machine a browser click alone can take 100 ms.
    venue.setCompetitors({ count: 1, afterMs: 400 });
    const before = fake.requests.length;
    const { prep, r, v } = await fire({ fireAt: new Date(release), clock: PRECISE });
    // The measured offset is the venue's, not this machine's: hours of date jump plus the 5 s skew.
    expect(Math.abs(prep.offsetMs - (venue.now().getTime() - Date.now()))).toBeLessThan(prep.errorMs + 5);
    expect(prep.loggedIn).toBe(true);
    // Without the booking, prepare parks on the last page before the date matters.
    expect(prep.parkedUrl).toMatch(/\/book$/);
    const posts = bookingPosts();
    const why = JSON.stringify({ prep, release: r.release, posts, steps: r.steps.map((s) => [s.target, s.message, s.durationMs]) });
    expect(r.failure, why).toBeUndefined();
    expect(r.via, why).toBe('recipe');
    expect(r.release!.notOpenRetries, why).toBe(0);
    expect(posts.length, why).toBe(1);
    expect(posts[0]!.outcome, why).toBe('booked');
    expect(posts[0]!.msAfterRelease!, why).toBeGreaterThanOrEqual(0);
    // On time: before the competitor, so the first choice is ours (an agent on this machine's clock would be 5 s off).
    expect(posts[0]!.msAfterRelease!, why).toBeLessThan(400);
    expect(v.found).toBe(true);
    const mine = venue.bookings().filter((b) => b.member === MEMBER.username);
    expect(mine.map((b) => [b.date, b.time, b.lane])).toEqual([[DATE, '07:00', 3]]);
    // No model call was needed (the warm-up load is not a chat).
    expect(fake.requests.slice(before).filter((q) => q.path === '/api/chat')).toEqual([]);
  }, 40_000);

  it('answers "not open yet" by sending again until the venue opens', async () => {
    const { release } = skewVenue(0, 8000);
    // The service believes the window opens 600 ms before it really does.
    const { r, v } = await fire({ fireAt: new Date(release - 600), clock: QUICK, release: { retrySpacingMs: 20 } });
    expect(r.failure, JSON.stringify(r.steps.map((s) => [s.target, s.message]))).toBeUndefined();
    const posts = bookingPosts();
    const early = posts.filter((p) => p.outcome === 'not-open');
    expect(early.length).toBeGreaterThan(0);
    expect(early.every((p) => p.msAfterRelease! < 0)).toBe(true);
    expect(r.release!.notOpenRetries).toBe(early.length);
    const booked = posts.filter((p) => p.outcome === 'booked');
    expect(booked).toHaveLength(1);
    expect(booked[0]!.msAfterRelease!).toBeGreaterThanOrEqual(0);
    expect(booked[0]!.msAfterRelease!).toBeLessThan(1000);
    expect(v.found).toBe(true);
  }, 40_000);

  it('deliberately late behind a competitor, it books the fallback lane', async () => {
    const { release } = skewVenue(0, 6000);
    venue.setCompetitors({ count: 1 });
    const { r, v } = await fire({ fireAt: new Date(release), clock: QUICK, release: { lateByMs: 600 }, alternatives: [{ lane: '2' }, { lane: '4' }] });
    expect(r.failure, JSON.stringify(r.steps.map((s) => [s.target, s.message]))).toBeUndefined();
    expect(r.booked).toEqual({ ...WANT, lane: '2' });
    expect(r.release!.lostRaces).toBe(1);
    const posts = bookingPosts();
    expect(posts.map((p) => p.outcome)).toEqual(['taken', 'booked']);
    expect(posts[0]!.msAfterRelease!).toBeGreaterThanOrEqual(600);
    expect(v.found).toBe(true);
    const byLane = Object.fromEntries(venue.bookings().filter((b) => b.date === DATE).map((b) => [b.lane, b.member]));
    expect(byLane).toEqual({ 3: 'competitor-1', 2: MEMBER.username });
  }, 40_000);

  it('without fallbacks a lost race is reported as slot-taken, with the venue words', async () => {
    const { release } = skewVenue(0, 6000);
    venue.setCompetitors({ count: 1 });
    const { r } = await fire({ fireAt: new Date(release), clock: QUICK, release: { lateByMs: 600 } });
    expect(r.failure).toMatchObject({ kind: 'transient', code: 'slot-taken' });
    expect(r.failure!.message).toMatch(/just been taken/);
    expect(r.via).toBe('recipe');
  }, 40_000);

  it('re-checks the login shortly before the opening and logs in again if the venue dropped the session', async () => {
    const { release } = skewVenue(0, 12_000);
    const s = await openSession(sessionOptions(venue, fake, dir));
    try {
      await s.prepare({ fireAt: new Date(release), recipe, want: WANT, clock: QUICK });
      const logins = () => venue.requests().filter((q) => q.method === 'POST' && q.path === '/login' && q.outcome === 'login').length;
      expect(logins()).toBe(1);
      // The venue forgets every session while Lanebot waits.
      venue.setFaults({ expireSessionsAfter: 0 });
      const r = await s.book({ instructions: INSTRUCTIONS, want: WANT, recipe, fireAt: new Date(release), clock: QUICK, release: { recheckBeforeMs: 3000 } });
      expect(r.failure, JSON.stringify(r.steps.map((x) => [x.target, x.message]))).toBeUndefined();
      expect(logins()).toBe(2);
      // Logged in again before the opening, not after a failed booking request.
      const relogin = venue.requests().filter((q) => q.method === 'POST' && q.path === '/login').at(-1)!;
      expect(relogin.atMs).toBeLessThan(release);
      expect(r.via).toBe('recipe');
      const posts = bookingPosts();
      expect(posts.map((p) => p.outcome)).toEqual(['booked']);
      expect(posts[0]!.msAfterRelease!).toBeGreaterThanOrEqual(0);
      expect((await s.verify(WANT)).found).toBe(true);
    } finally {
      await s.close();
    }
  }, 40_000);
});
