// Calendar arithmetic in the venue's time zone. Run and target dates are calendar dates
// (yyyy-MM-dd), never instants plus 7 × 24 h, so a DST change between them cannot shift the day.
import { TZDate } from '@date-fns/tz';
import { addDays, format, parseISO } from 'date-fns';
import { WEEKDAYS, type Weekday } from '../../../shared/schemas';

/** Today's calendar date at the venue. */
export function runDateAt(now: Date, timeZone: string): string {
  return format(new TZDate(now.getTime(), timeZone), 'yyyy-MM-dd');
}

/** The date a run on `runDate` books: `daysAhead` calendar days later. */
export function targetDateFor(runDate: string, daysAhead: number): string {
  return format(addDays(parseISO(runDate), daysAhead), 'yyyy-MM-dd');
}

export function addCalendarDays(date: string, days: number): string {
  return format(addDays(parseISO(date), days), 'yyyy-MM-dd');
}

export function weekdayOf(date: string): Weekday {
  // parseISO of a bare date is local midnight; getDay() of the same local date is stable.
  const js = parseISO(date).getDay(); // 0 = Sunday
  return WEEKDAYS[(js + 6) % 7]!;
}

/**
 * The instant a venue-local wall-clock time happens on a date. A time inside a DST gap
 * (e.g. 00:30 on a night that jumps 00:00 → 01:00) moves forward, as the venue's own clock would.
 */
export function venueInstant(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, hh, mm, 0, 0, timeZone).getTime());
}

/** Venue-local wall-clock time "HH:mm:ss" of an instant. */
export function venueClock(at: Date, timeZone: string, pattern = 'HH:mm:ss'): string {
  return format(new TZDate(at.getTime(), timeZone), pattern);
}

export function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
