// The matrix's judge and secret scan on hand-made ground truth: each must-be-0 column must actually
// count what it claims to, or a green matrix would mean nothing.
import { describe, expect, it } from 'vitest';
import { emptyDocument } from '../../electron/service/store/document';
import { judge, type GroundTruth } from './judge';
import { findLeaks } from './leaks';
import type { VenueBooking, VenueRequest } from '../venue/index';

const NIGHT = Date.parse('2026-06-12T22:50:00Z');
let n = 0;
const booking = (o: Partial<VenueBooking>): VenueBooking => ({
  id: `b${++n}`,
  member: 'alex',
  date: '2026-06-20',
  time: '07:00',
  lane: 3,
  createdAt: '',
  createdAtMs: NIGHT + 60_000,
  source: 'web',
  ...o,
});
const truth = (bookings: VenueBooking[], requests: VenueRequest[] = []): GroundTruth => ({
  member: 'alex',
  runDate: '2026-06-13',
  targetDate: '2026-06-20',
  time: '07:00',
  lanes: 6,
  nightStartMs: NIGHT,
  bookings,
  requests,
});
function store(o: { claimed?: boolean; attempts?: { id: string; outcome: string; trigger?: string; watch?: { checks: number; since: string } }[] } = {}): string {
  const doc = emptyDocument() as any;
  if (o.claimed) doc.ledger.p1 = { sat: { at: 'x', runDate: '2026-06-13', targetDate: '2026-06-20', attemptId: 'a1', how: 'booked', evidence: '' } };
  doc.attempts = (o.attempts ?? []).map((a) => ({ trigger: 'schedule', ...a, profileId: 'p1', profileName: 'Alex', runDate: '2026-06-13', targetDate: '2026-06-20', startedAt: 'x' }));
  return JSON.stringify(doc);
}

describe('judge', () => {
  it('a claimed success with the booking at the venue is a verified success, nothing else', () => {
    const v = judge(truth([booking({})]), { text: store({ claimed: true, attempts: [{ id: 'a1', outcome: 'verified' }] }), started: ['a1'], profileId: 'p1' });
    expect(v).toMatchObject({ verifiedSuccess: true, falseSuccess: 0, doubleBookings: 0, wrongDate: 0, missedPossible: false, lostRecords: 0 });
  });

  it('a claim without the booking, or with it at another time, is a false success', () => {
    expect(judge(truth([]), { text: store({ claimed: true }), started: [], profileId: 'p1' }).falseSuccess).toBe(1);
    const v = judge(truth([booking({ time: '08:00' })]), { text: store({ claimed: true }), started: [], profileId: 'p1' });
    expect(v.falseSuccess).toBe(1);
    expect(v.notes.join()).toMatch(/not at 07:00/);
  });

  it('an attempt that says verified or already booked without the booking at the venue is a false success, even with no ledger entry', () => {
    for (const outcome of ['verified', 'already-booked']) {
      const v = judge(truth([]), { text: store({ attempts: [{ id: 'a1', outcome }] }), started: ['a1'], profileId: 'p1' });
      expect(v.falseSuccess, outcome).toBe(1);
    }
    // A booking made before the night (by hand) backs an "already booked" answer.
    const byHand = booking({ createdAtMs: NIGHT - 3_600_000, source: 'seed' });
    expect(judge(truth([byHand]), { text: store({ claimed: true, attempts: [{ id: 'a1', outcome: 'already-booked' }] }), started: ['a1'], profileId: 'p1' }).falseSuccess).toBe(0);
  });

  it('under a rule without a time any live booking on the target date backs the claim; with one, only one at that time', () => {
    const eight = booking({ time: '08:00' });
    expect(judge({ ...truth([eight]), time: undefined }, { text: store({ claimed: true }), started: [], profileId: 'p1' }).falseSuccess).toBe(0);
    expect(judge(truth([eight]), { text: store({ claimed: true }), started: [], profileId: 'p1' }).falseSuccess).toBe(1);
  });

  it('a booking the verification could not confirm is a miss (booked, unrecorded), never a false success', () => {
    const v = judge(truth([booking({})]), { text: store({ attempts: [{ id: 'a1', outcome: 'failed' }] }), started: ['a1'], profileId: 'p1' });
    expect(v).toMatchObject({ verifiedSuccess: false, falseSuccess: 0, bookedUnrecorded: true, missedPossible: false });
  });

  it('counts bookings and booking requests made during a dry run', () => {
    const window = { startMs: NIGHT + 100_000, endMs: NIGHT + 200_000 };
    const during = booking({ createdAtMs: NIGHT + 150_000 });
    const refused: VenueRequest = { method: 'POST', path: '/book', query: '', status: 409, member: 'alex', atMs: NIGHT + 160_000, at: '', outcome: 'taken', msAfterRelease: 5 };
    const login: VenueRequest = { method: 'POST', path: '/login', query: '', status: 303, member: 'alex', atMs: NIGHT + 110_000, at: '', outcome: 'login' };
    expect(judge({ ...truth([during], [login, refused]), dryRuns: [window] }, { text: store(), started: [], profileId: 'p1' }).dryRunBookings).toBe(2);
    expect(judge({ ...truth([], [login]), dryRuns: [window] }, { text: store(), started: [], profileId: 'p1' }).dryRunBookings).toBe(0);
    expect(judge({ ...truth([booking({ createdAtMs: NIGHT + 250_000 })]), dryRuns: [window] }, { text: store(), started: [], profileId: 'p1' }).dryRunBookings).toBe(0);
  });

  it('counts a second booking, a wrong date, and a refused "already booked" request as double bookings', () => {
    const v = judge(truth([booking({}), booking({ date: '2026-06-21' })], [{ method: 'POST', path: '/book', query: '', status: 409, member: 'alex', atMs: 0, at: '', outcome: 'already-booked' }]), {
      text: store({ claimed: true }),
      started: [],
      profileId: 'p1',
    });
    expect(v.doubleBookings).toBe(2);
    expect(v.wrongDate).toBe(1);
  });

  it('ignores bookings from before the night and other members’ bookings', () => {
    const v = judge(truth([booking({ createdAtMs: NIGHT - 1 }), booking({ member: 'sam' })]), { text: store(), started: [], profileId: 'p1' });
    expect(v.doubleBookings).toBe(0);
    expect(v.missedPossible).toBe(true);
  });

  it('a night with every lane at the wanted time taken by others was not a possible booking', () => {
    const others = [1, 2, 3, 4, 5, 6].map((lane) => booking({ member: `competitor-${lane}`, lane, source: 'competitor' }));
    expect(judge(truth(others), { text: store(), started: [], profileId: 'p1' }).missedPossible).toBe(false);
    expect(judge(truth(others.slice(1)), { text: store(), started: [], profileId: 'p1' }).missedPossible).toBe(true);
  });

  it('a booking the ledger does not know is "booked, unrecorded"', () => {
    expect(judge(truth([booking({})]), { text: store(), started: [], profileId: 'p1' }).bookedUnrecorded).toBe(true);
  });

  it('an announced attempt missing from the store, or left running, is a lost record; an unreadable file is corrupt', () => {
    const v = judge(truth([]), { text: store({ attempts: [{ id: 'a1', outcome: 'running' }] }), started: ['a1', 'a2'], profileId: 'p1' });
    expect(v.lostRecords).toBe(2);
    expect(judge(truth([]), { text: '{"schemaVersion":2,', started: [], profileId: 'p1' }).corrupt).toMatch(/does not parse/);
    expect(judge(truth([]), { text: '{"schemaVersion":2}', started: [], profileId: 'p1' }).corrupt).toMatch(/schema/);
    expect(judge(truth([]), { text: undefined, started: [], profileId: 'p1' }).corrupt).toMatch(/missing/);
  });

  it('watch checks replaced by a newer record are lost unless that record counts every one', () => {
    const watchChecks = { w1: '2026-06-13', w2: '2026-06-13', w3: '2026-06-13' };
    const night = (checks: number) => ({
      text: store({ attempts: [{ id: 'w3', outcome: 'failed', trigger: 'watch', watch: { checks, since: 'x' } }] }),
      started: ['w1', 'w2', 'w3'],
      watchChecks,
      profileId: 'p1',
    });
    expect(judge(truth([]), night(3)).lostRecords).toBe(0);
    expect(judge(truth([]), night(2)).lostRecords).toBe(2);
    // Without the watch map they are ordinary missing records.
    expect(judge(truth([]), { ...night(3), watchChecks: {} }).lostRecords).toBe(2);
  });
});

describe('findLeaks', () => {
  it('finds the secret raw, URL-encoded, base64 and JSON-escaped, and names where', () => {
    const s = 'p@ss "word"/1';
    const hits = findLeaks(s, [
      { where: 'raw', text: `x${s}x` },
      { where: 'url', text: `?p=${encodeURIComponent(s)}` },
      { where: 'b64', text: Buffer.from(s).toString('base64') },
      { where: 'json', text: JSON.stringify({ s }) },
      { where: 'clean', text: 'p@ss word' },
    ]);
    expect(hits).toEqual(['raw', 'url', 'b64', 'json']);
  });
});
