// Date and time wording used across the views. Calendar dates (yyyy-MM-dd) are formatted as
// dates, never converted through instants, so a venue date never shifts with the viewer's zone.
import { format, parseISO } from 'date-fns';
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

/** "Sat 28 Nov, 00:01:05" for an instant, in the given zone (the venue's) or the machine's. */
export function instant(iso: string, timeZone?: string): string {
  return parts(iso, timeZone, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
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
