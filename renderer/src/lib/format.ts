// The one place dates and times are worded, so every view says "Tue 1 Dec, 03:27" the same way
// (never a browser-locale "12/1/2026, 3:27:25 AM"). Calendar dates (yyyy-MM-dd) are formatted as
// dates, never converted through instants, so a venue date never shifts with the viewer's zone.
import { TZDate } from '@date-fns/tz';
import { addDays as addCalendarDays, format, parseISO } from 'date-fns';
import { WEEKDAYS, type Weekday } from '../../../shared/schemas';

export const WEEKDAY_NAMES: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};
export const WEEKDAY_SHORT: Record<Weekday, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};
export { WEEKDAYS };

/** "Sat 5 Dec" for a calendar date. */
export function shortDate(date: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? format(parseISO(date), 'EEE d MMM') : date;
}

/** "Sat 5 Dec 2026" for a calendar date. */
export function longDate(date: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? format(parseISO(date), 'EEE d MMM yyyy') : date;
}

function parts(iso: string, timeZone: string | undefined, opts: Intl.DateTimeFormatOptions): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat('en-GB', { ...opts, ...(timeZone ? { timeZone } : {}) }).format(d);
  } catch {
    return new Intl.DateTimeFormat('en-GB', opts).format(d);
  }
}

/** "Tue 1 Dec, 03:27" for an instant, in the given zone (the venue's) or the machine's; with seconds when they matter. */
export function instant(iso: string, timeZone?: string, opts: { seconds?: boolean } = {}): string {
  return parts(iso, timeZone, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    ...(opts.seconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
  });
}

/** "00:01:05" for an instant in a zone. */
export function clock(iso: string, timeZone?: string): string {
  return parts(iso, timeZone, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
}

/** "00:55" for an instant in a zone. */
export function hourMinute(iso: string, timeZone?: string): string {
  return parts(iso, timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

/** "3 h 12 min 05 s", "4 min 09 s", "12 s"; "now" once due. */
export function countdown(ms: number): string {
  if (ms <= 0) return 'now';
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  if (d > 0) return `${d} d ${h} h ${m} min`;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min ${sec} s`;
  if (m > 0) return `${m} min ${sec} s`;
  return `${s} s`;
}

export function duration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** "00:01, 00:10 and 00:20". */
export function listTimes(times: string[]): string {
  if (times.length <= 1) return times.join('');
  return `${times.slice(0, -1).join(', ')} and ${times[times.length - 1]}`;
}

/** "1.2 MB" for a file size. */
export function bytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Calendar arithmetic on yyyy-MM-dd strings (local midnight in and out, so no zone shifts the day). */
export function addDays(date: string, days: number): string {
  return format(addCalendarDays(parseISO(date), days), 'yyyy-MM-dd');
}

/** The weekday of a calendar date. */
export function weekdayOf(date: string): Weekday {
  return WEEKDAYS[(parseISO(date).getDay() + 6) % 7]!;
}

/** Today's calendar date in a zone (the venue's), as yyyy-MM-dd. */
export function todayIn(timeZone: string, now = Date.now()): string {
  try {
    return format(new TZDate(now, timeZone), 'yyyy-MM-dd');
  } catch {
    return format(now, 'yyyy-MM-dd');
  }
}
