// Calendar arithmetic for the venue: plain yyyy-MM-dd dates, venue-local instants and human labels.
// Dates are calendar days in the venue's IANA zone, never 24 h multiples, so DST changes cannot shift them.
import { TZDate } from '@date-fns/tz';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isIsoDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

export function isTime(s: string): boolean {
  return TIME_RE.test(s);
}

function parts(date: string): [number, number, number] {
  const m = DATE_RE.exec(date);
  if (!m) throw new Error(`not a yyyy-MM-dd date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function fromUtcDay(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = parts(date);
  return fromUtcDay(new Date(Date.UTC(y, m - 1, d + days)));
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** The Monday of the week holding `date`. */
export function mondayOf(date: string): string {
  return addDays(date, -((weekday(date) + 6) % 7));
}

/** "Tuesday 1 December 2026" */
export function longDate(date: string): string {
  const [y, m, d] = parts(date);
  return `${WEEKDAYS[weekday(date)]} ${d} ${MONTHS[m - 1]} ${y}`;
}

/** "Tuesday 1 December" */
export function dayMonth(date: string): string {
  const [, m, d] = parts(date);
  return `${WEEKDAYS[weekday(date)]} ${d} ${MONTHS[m - 1]}`;
}

/** "Tue 1 Dec" */
export function shortDate(date: string): string {
  const [, m, d] = parts(date);
  return `${WEEKDAYS[weekday(date)]!.slice(0, 3)} ${d} ${MONTHS[m - 1]!.slice(0, 3)}`;
}

/** The venue-local calendar date at an instant. */
export function localDate(ms: number, timeZone: string): string {
  const t = new TZDate(ms, timeZone);
  return `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}`;
}

/** "HH:mm" venue-local at an instant. */
export function localTime(ms: number, timeZone: string): string {
  const t = new TZDate(ms, timeZone);
  return `${pad(t.getHours())}:${pad(t.getMinutes())}`;
}

/** The instant of venue-local `date` at `time` ('HH:mm'). */
export function instantOf(date: string, time: string, timeZone: string): number {
  const [y, m, d] = parts(date);
  const tm = TIME_RE.exec(time);
  if (!tm) throw new Error(`not an HH:mm time: ${time}`);
  return new TZDate(y, m - 1, d, Number(tm[1]), Number(tm[2]), 0, 0, timeZone).getTime();
}

/** When `date` becomes bookable: `releaseTime` venue-local on date − daysAhead. */
export function releaseInstantOf(date: string, daysAhead: number, releaseTime: string, timeZone: string): number {
  return instantOf(addDays(date, -daysAhead), releaseTime, timeZone);
}

/** Hourly slots from `first` to `last` inclusive, e.g. '06:00'..'21:00'. */
export function hourlySlots(firstHour: number, lastHour: number): string[] {
  const out: string[] = [];
  for (let h = firstHour; h <= lastHour; h++) out.push(`${pad(h)}:00`);
  return out;
}
