// Verified bookings by target date: what the lights, "already done tonight?" and the upcoming list ask.
// A booking counts for its target date whoever made it (the schedule, Book now for any date, the
// cancellation watch). The history holds every verified attempt; the ledger (the last success per
// weekday) backs it up for a date whose record has been trimmed from the history.
import type { Attempt, LedgerEntry } from '../../../shared/schemas';
import type { LanebotDocument } from '../store/document';
import { weekdayOf } from './dates';

export interface VerifiedBooking {
  /** The target date the booking is for. */
  date: string;
  /** When it was verified. */
  at: string;
  runDate: string;
  attemptId: string;
  how: LedgerEntry['how'];
  trigger?: Attempt['trigger'];
  time?: string;
  lane?: string;
}

const isVerified = (a: Attempt) => a.outcome === 'verified' || a.outcome === 'already-booked';

function fromAttempt(a: Attempt): VerifiedBooking {
  const m = (a.outcome === 'verified' ? a.verification : a.precheck)?.match;
  return {
    date: a.targetDate,
    at: a.endedAt ?? a.startedAt,
    runDate: a.runDate,
    attemptId: a.id,
    how: a.outcome === 'verified' ? 'booked' : 'already-booked',
    trigger: a.trigger,
    ...(m?.time ? { time: m.time } : {}),
    ...(m?.lane ? { lane: m.lane } : {}),
  };
}

function fromLedger(e: LedgerEntry): VerifiedBooking {
  return { date: e.targetDate, at: e.at, runDate: e.runDate, attemptId: e.attemptId, how: e.how };
}

/** The newest verified booking for `targetDate`, or undefined. */
export function verifiedFor(doc: LanebotDocument, profileId: string, targetDate: string): VerifiedBooking | undefined {
  for (let i = doc.attempts.length - 1; i >= 0; i--) {
    const a = doc.attempts[i]!;
    if (a.profileId === profileId && a.targetDate === targetDate && isVerified(a)) return fromAttempt(a);
  }
  const e = doc.ledger[profileId]?.[weekdayOf(targetDate)];
  return e && e.targetDate === targetDate ? fromLedger(e) : undefined;
}

/** Every verified booking on or after `from` (a venue date), one per date, soonest first. */
export function verifiedFrom(doc: LanebotDocument, profileId: string, from: string): VerifiedBooking[] {
  const byDate = new Map<string, VerifiedBooking>();
  // Oldest to newest, so the newest record for a date is the one kept.
  for (const e of Object.values(doc.ledger[profileId] ?? {})) if (e && e.targetDate >= from) byDate.set(e.targetDate, fromLedger(e));
  for (const a of doc.attempts) if (a.profileId === profileId && a.targetDate >= from && isVerified(a)) byDate.set(a.targetDate, fromAttempt(a));
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
}
