// The deterministic rule's public face: the member's bookings read off a page (structure in bookings.ts, fields in
// fields.ts), one record's text, and the comparison with what the profile wants.
import type { ObservedBooking } from '../types';
import { readBookingsPage, type ReadOptions } from './bookings';
import { dateRenderings, findDates, findLane, findTime, normalizeLane, normalizeTime, type DateParseOptions } from './fields';
import { CANCELLED_MARK } from './phrases';

export { findDates, findLane, findTime, normalizeLane, normalizeTime, type DateOrder, type DateParseOptions } from './fields';

/** One booking record from its text: the date, then time and lane found in what is left. */
export function parseBookingText(text: string, opts: DateParseOptions = {}): ObservedBooking | undefined {
  const clean = text.replace(/\s+/g, ' ').trim();
  const dates = findDates(clean, opts);
  const first = dates[0];
  if (!first) return undefined;
  // Remove the dates so "01.12.2026" is not read as a time.
  let rest = clean;
  for (const d of [...dates].reverse()) rest = rest.slice(0, d.index) + ' '.repeat(d.length) + rest.slice(d.index + d.length);
  const b: ObservedBooking = { date: first.date, text: clean.slice(0, 300) };
  const time = findTime(rest) ?? first.time;
  if (time) b.time = time;
  const lane = findLane(rest);
  if (lane) b.lane = lane;
  if (CANCELLED_MARK.test(clean)) b.cancelled = true;
  return b;
}

/**
 * The member's own bookings on a page, from its aria snapshot: the records that sit in the member's bookings
 * list or carry a booking's marks (see bookings.ts). Offers of availability and stray dated lines are left out.
 */
export function extractBookings(raw: string, opts: ReadOptions = {}): ObservedBooking[] {
  return readBookingsPage(raw, opts).records
    .filter((r) => r.status === 'member' && !r.readings)
    .map((r) => ({ date: r.date, ...(r.time ? { time: r.time } : {}), ...(r.lane ? { lane: r.lane } : {}), text: r.text, ...(r.cancelled ? { cancelled: true } : {}) }));
}

export interface WantLike { date: string; time?: string; lane?: string }

/** The comparison that decides success, in code: date, then time and lane where the profile gives them. */
export function matchBooking(want: WantLike, seen: ObservedBooking[]): ObservedBooking | undefined {
  const wantTime = want.time ? normalizeTime(want.time) : undefined;
  const wantLane = want.lane ? normalizeLane(want.lane) : undefined;
  return seen.find((b) =>
    !b.cancelled &&
    b.date === want.date &&
    (!wantTime || (b.time !== undefined && b.time === wantTime)) &&
    (!wantLane || (b.lane !== undefined && normalizeLane(b.lane) === wantLane)));
}

/** Ways a venue may print the wanted date/time/lane: the rows worth keeping when a snapshot is trimmed. */
export function wantKeywords(want: WantLike, locale?: string): string[] {
  const k = dateRenderings(want.date, locale);
  if (want.time) {
    const [h, m] = want.time.split(':').map(Number) as [number, number];
    k.push(want.time, `${h % 12 === 0 ? 12 : h % 12}:${String(m).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`);
  }
  if (want.lane) k.push(`Lane ${want.lane}`, `Bahn ${want.lane}`, `Ligne ${want.lane}`);
  return k;
}
