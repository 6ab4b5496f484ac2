// US date and time formats of the "booked" site, as LibreBooking's en_us language file writes them
// (month before day, 12-hour clock), plus the slot arithmetic its pages and forms share.
import { addDays, weekday } from '../../calendar';

/** LibreBooking numbers resources in the order they were created; the lanes came after other resources,
 * so Lane L is resource 16 + L. */
export const RESOURCE_ID_OFFSET = 16;

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function ymd(date: string): [string, string, string] {
  const [y = '', m = '', d = ''] = date.split('-');
  return [y, m, d];
}

/** "12/08/2026" (general_date m/d/Y). */
export function usDate(date: string): string {
  const [y, m, d] = ymd(date);
  return `${m}/${d}/${y}`;
}

/** "Tuesday, 12/08/2026": the schedule's day header and the availability lines. */
export function dayHeader(date: string): string {
  return `${DAYS[weekday(date)]}, ${usDate(date)}`;
}

/** "7:00 AM" from "07:00" (period_time g:i A). */
export function time12(time: string): string {
  const [hh = '0', mm = '00'] = time.split(':');
  const h = Number(hh) % 24;
  return `${h % 12 === 0 ? 12 : h % 12}:${mm} ${h < 12 ? 'AM' : 'PM'}`;
}

/** "Tue, 12/08 2026 7:00 AM": the dashboard's date key (month without a leading zero, as PHP's n). */
export function dashboardDate(date: string, time: string): string {
  const [y, m, d] = ymd(date);
  return `${DAYS[weekday(date)]!.slice(0, 3)}, ${Number(m)}/${d} ${y} ${time12(time)}`;
}

/** The end of a one-hour slot; 23:00 ends at 00:00 on the next day. */
export function slotEnd(date: string, time: string): { date: string; time: string } {
  const [hh = '0', mm = '00'] = time.split(':');
  const h = Number(hh) + 1;
  return h >= 24 ? { date: addDays(date, 1), time: `${String(h - 24).padStart(2, '0')}:${mm}` } : { date, time: `${String(h).padStart(2, '0')}:${mm}` };
}

/** "2026-12-08 07:00:00", the form the schedule's data attributes and the reservation URL carry. */
export function stamp(date: string, time: string): string {
  return `${date} ${time}:00`;
}

/** Parses "2026-12-08 07:00:00" (or without seconds) into date and HH:mm. */
export function parseStamp(s: string | null): { date: string; time: string } | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(?::\d{2})?$/.exec((s ?? '').trim());
  return m ? { date: m[1]!, time: m[2]! } : undefined;
}

/** Parses the visible "12/08/2026" (m/d/Y, leading zeros optional) into yyyy-MM-dd. */
export function parseUsDate(s: string | null): string | undefined {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec((s ?? '').trim());
  return m ? `${m[3]}-${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}` : undefined;
}

/** Minutes between two local date-times, ignoring the zone (both are wall-clock times of one venue). */
export function minutesBetween(a: { date: string; time: string }, b: { date: string; time: string }): number {
  const ms = (x: { date: string; time: string }) => {
    const [y, m, d] = ymd(x.date).map(Number) as [number, number, number];
    const [hh = 0, mm = 0] = x.time.split(':').map(Number);
    return Date.UTC(y, m - 1, d, hh, mm);
  };
  return (ms(b) - ms(a)) / 60_000;
}
