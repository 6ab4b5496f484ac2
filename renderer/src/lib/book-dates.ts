// Which dates Book now offers for a profile, and which it picks by default: from today to the furthest
// date the venue opens (today + days ahead, venue calendar), each marked booked, skipped or a day off.
import type { ProfileStatus } from '../../../shared/contract';
import type { Weekday } from '../../../shared/schemas';
import { addDays, weekdayOf } from './format';

export interface DateChoice {
  date: string;
  weekday: Weekday;
  /** The profile books this weekday. */
  on: boolean;
  skipped: boolean;
  /** A verified booking exists for it already. */
  booked: boolean;
}

export function bookDateChoices(p: Pick<ProfileStatus, 'runDate' | 'targetDate' | 'lastBookableDate' | 'weekdays' | 'skipDates' | 'upcoming'>): DateChoice[] {
  const last = p.lastBookableDate ?? p.targetDate;
  const booked = new Set((p.upcoming ?? []).map((b) => b.date));
  const skipped = new Set(p.skipDates ?? []);
  const out: DateChoice[] = [];
  for (let d = p.runDate; d <= last && out.length < 62; d = addDays(d, 1)) {
    const weekday = weekdayOf(d);
    out.push({ date: d, weekday, on: p.weekdays ? p.weekdays.includes(weekday) : true, skipped: skipped.has(d), booked: booked.has(d) });
  }
  return out;
}

/**
 * The next date the profile books that is not booked yet: the soonest from tomorrow on (today's
 * session has usually begun), else the date today's run books.
 */
export function defaultBookDate(choices: DateChoice[], fallback: string): string {
  const ahead = choices.length > 1 ? choices.slice(1) : choices;
  return ahead.find((c) => c.on && !c.skipped && !c.booked)?.date ?? fallback;
}
