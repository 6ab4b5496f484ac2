// The iCalendar feed of verified upcoming bookings: one event per profile and target date whose
// booking the venue's own bookings page showed (verified, or found already booked). Failed,
// unverified and past nights are not in it. Times are the venue's wall clock, written as UTC
// instants, so every calendar app shows them right in its own zone.
import { createEvent, createEvents, type EventAttributes } from 'ics';
import { addCalendarDays, runDateAt, venueInstant } from '../night/dates';
import type { LanebotDocument } from '../store/document';

export interface UpcomingBooking {
  profileId: string;
  profileName: string;
  /** The booked date at the venue (yyyy-MM-dd). */
  date: string;
  /** Venue HH:mm, when the evidence showed one. */
  time?: string;
  lane?: string;
  timeZone: string;
  /** The venue's bookings page (or its start page). */
  link: string;
  venueHost: string;
  attemptId: string;
  /** What the bookings page said, as read by the verification. */
  evidence: string;
  verifiedAt: string;
}

/** Booking length for calendar events: the venue's pages tell a start time, rarely an end. */
export const EVENT_MINUTES = 60;

export function upcomingBookings(doc: Readonly<LanebotDocument>, now: Date): UpcomingBooking[] {
  const byKey = new Map<string, UpcomingBooking>();
  for (const a of doc.attempts) {
    if (a.outcome !== 'verified' && a.outcome !== 'already-booked') continue;
    // A deleted profile's venue is unknown: its bookings leave the feed with it.
    const p = doc.profiles.find((x) => x.id === a.profileId);
    if (!p) continue;
    if (a.targetDate < runDateAt(now, p.venue.timeZone)) continue;
    const evidence = a.outcome === 'verified' ? a.verification : a.precheck;
    if (!evidence?.found) continue;
    const m = evidence.match;
    const link = p.venue.bookingsUrl ?? p.venue.startUrl;
    byKey.set(`${a.profileId}/${a.targetDate}`, {
      profileId: a.profileId,
      profileName: p.name,
      date: a.targetDate,
      ...(m?.time && /^\d{2}:\d{2}$/.test(m.time) ? { time: m.time } : {}),
      ...(m?.lane ? { lane: m.lane } : {}),
      timeZone: p.venue.timeZone,
      link,
      venueHost: new URL(link).host,
      attemptId: a.id,
      evidence: m?.text ?? '',
      verifiedAt: a.endedAt ?? a.startedAt,
    });
  }
  return [...byKey.values()].sort((x, y) => (x.date + (x.time ?? '') < y.date + (y.time ?? '') ? -1 : 1));
}

const ymd = (d: string) => d.split('-').map(Number) as [number, number, number];

function laneWords(lane: string | undefined): string {
  if (!lane) return '';
  return /^\d+$/.test(lane) ? `lane ${lane}` : lane;
}

export function bookingEvent(b: UpcomingBooking): EventAttributes {
  const lane = laneWords(b.lane);
  const common = {
    uid: `${b.profileId}-${b.date}@lanebot`,
    title: `${b.profileName}${lane ? ` · ${lane}` : ''}`,
    description: [
      `Booked by Lanebot and verified on the venue's bookings page${b.evidence ? `: "${b.evidence}"` : ''}.`,
      b.time ? `Venue time ${b.time} (${b.timeZone}).` : 'The bookings page showed no start time.',
      `Bookings page: ${b.link}`,
    ].join('\n'),
    location: b.venueHost,
    url: b.link,
    status: 'CONFIRMED' as const,
    busyStatus: 'BUSY' as const,
    productId: 'lanebot',
    calName: 'Lanebot bookings',
  };
  if (!b.time) return { ...common, start: ymd(b.date), end: ymd(addCalendarDays(b.date, 1)) };
  return { ...common, start: venueInstant(b.date, b.time, b.timeZone).getTime(), startInputType: 'utc', startOutputType: 'utc', duration: { minutes: EVENT_MINUTES } };
}

/**
 * The event as `ics` accepts it. Its URL check refuses some real addresses (an IP with a one-digit
 * port, say): such an event keeps its link in the description instead of failing the whole feed.
 */
function acceptedEvent(b: UpcomingBooking): EventAttributes | undefined {
  const event = bookingEvent(b);
  if (!createEvent(event).error) return event;
  const { url: _url, ...withoutUrl } = event;
  return createEvent(withoutUrl).error ? undefined : withoutUrl;
}

export function calendarIcs(bookings: UpcomingBooking[]): string {
  const events = bookings.map(acceptedEvent).filter((e): e is EventAttributes => !!e);
  const { error, value } = createEvents(events, { productId: 'lanebot', calName: 'Lanebot bookings', method: 'PUBLISH' });
  if (error || !value) throw new Error(`Could not write the calendar: ${error?.message ?? 'no output'}`);
  return value;
}
