// Which nights a profile books and when its attempts happen, in venue time.
// A "night" is identified by its run date; its target is runDate + daysAhead, and a profile books
// that night when the target's weekday is switched on.
import type { Profile, Weekday } from '../../../shared/schemas';
import { addCalendarDays, runDateAt, targetDateFor, venueClock, venueInstant, weekdayOf } from './dates';

export interface PlannedAttempt {
  profileId: string;
  runDate: string;
  targetDate: string;
  time: string; // venue HH:mm
  at: Date;
  /** A scheduled attempt time, or a cancellation-watch check after the last one. */
  kind: 'attempt' | 'watch';
}

export function targetWeekday(profile: Profile, runDate: string): Weekday {
  return weekdayOf(targetDateFor(runDate, profile.venue.daysAhead));
}

/** Whether the user skipped this target date (a holiday, say). */
export function isSkipped(profile: Profile, targetDate: string): boolean {
  return (profile.skipDates ?? []).includes(targetDate);
}

/** Whether the night of `runDate` books: its target's weekday is on and the target date is not skipped. */
export function booksOn(profile: Profile, runDate: string): boolean {
  return profile.weekdays[targetWeekday(profile, runDate)].book && !isSkipped(profile, targetDateFor(runDate, profile.venue.daysAhead));
}

/** The instructions for a night: the weekday's override when it has one. */
export function instructionsFor(profile: Profile, runDate: string): string {
  return instructionsForDate(profile, targetDateFor(runDate, profile.venue.daysAhead));
}

/** The instructions for booking a given target date (Book now may pick one other than tonight's). */
export function instructionsForDate(profile: Profile, targetDate: string): string {
  return profile.weekdays[weekdayOf(targetDate)].instructions?.trim() || profile.instructions;
}

export function attemptsOn(profile: Profile, runDate: string): PlannedAttempt[] {
  if (!booksOn(profile, runDate)) return [];
  const targetDate = targetDateFor(runDate, profile.venue.daysAhead);
  return profile.attemptTimes.map((time) => ({
    profileId: profile.id,
    runDate,
    targetDate,
    time,
    at: venueInstant(runDate, time, profile.venue.timeZone),
    kind: 'attempt' as const,
  }));
}

/** A night's watch: from its last attempt time to the cutoff, or undefined when there is none. */
function watchSpan(profile: Profile, runDate: string): { last: PlannedAttempt; end: number; step: number } | undefined {
  const { watch } = profile;
  const attempts = attemptsOn(profile, runDate);
  if (!watch.enabled || !attempts.length) return undefined;
  const last = attempts[attempts.length - 1]!;
  // A night whose attempts ended before the profile existed never failed; like catch-up, the watch leaves it alone.
  if (last.at < new Date(profile.createdAt)) return undefined;
  return { last, end: venueInstant(runDate, watch.until, profile.venue.timeZone).getTime(), step: watch.everyMinutes * 60_000 };
}

function watchCheck(profile: Profile, last: PlannedAttempt, t: number): PlannedAttempt {
  const at = new Date(t);
  return { profileId: profile.id, runDate: last.runDate, targetDate: last.targetDate, time: venueClock(at, profile.venue.timeZone, 'HH:mm'), at, kind: 'watch' };
}

/**
 * The cancellation watch's checks for a night: every `everyMinutes` after the last attempt time, up to
 * and including `until` (venue time on the run date). Counted in real minutes, so a DST change in
 * between neither doubles nor skips a check.
 */
export function watchChecksOn(profile: Profile, runDate: string): PlannedAttempt[] {
  const w = watchSpan(profile, runDate);
  const out: PlannedAttempt[] = [];
  if (w) for (let t = w.last.at.getTime() + w.step; t <= w.end; t += w.step) out.push(watchCheck(profile, w.last, t));
  return out;
}

/** Every planned attempt with `from <= at < to`, in time order. */
export function plannedBetween(profile: Profile, from: Date, to: Date): PlannedAttempt[] {
  if (!profile.enabled) return [];
  const out: PlannedAttempt[] = [];
  let d = addCalendarDays(runDateAt(from, profile.venue.timeZone), -1);
  const last = addCalendarDays(runDateAt(to, profile.venue.timeZone), 1);
  for (; d <= last; d = addCalendarDays(d, 1)) {
    for (const a of [...attemptsOn(profile, d), ...watchChecksOn(profile, d)]) if (a.at >= from && a.at < to) out.push(a);
  }
  return out.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The next attempt or watch check; `settled` run dates (booked already) have no watch checks left. */
export function nextAttempt(profile: Profile, now: Date, settled: (runDate: string) => boolean = () => false): PlannedAttempt | undefined {
  if (!profile.enabled) return undefined;
  // Night by night: everything a night plans (attempts, then its watch up to a cutoff on the same run
  // date) comes before the next night's first attempt. A week ahead always holds a booking night if any
  // weekday is on. Status asks this often, so a night's checks are not all listed just to take one.
  const first = addCalendarDays(runDateAt(now, profile.venue.timeZone), -1);
  for (let i = 0; i <= 8; i++) {
    const d = addCalendarDays(first, i);
    const attempt = attemptsOn(profile, d).find((a) => a.at >= now);
    if (attempt) return attempt;
    if (settled(d)) continue;
    const check = firstWatchCheck(profile, d, now);
    if (check) return check;
  }
  return undefined;
}

/** The night's first watch check at or after `from`, without listing the others. */
function firstWatchCheck(profile: Profile, runDate: string, from: Date): PlannedAttempt | undefined {
  const w = watchSpan(profile, runDate);
  if (!w) return undefined;
  const t = w.last.at.getTime() + Math.max(1, Math.ceil((from.getTime() - w.last.at.getTime()) / w.step)) * w.step;
  return t <= w.end ? watchCheck(profile, w.last, t) : undefined;
}

export interface NightWindow {
  runDate: string;
  start: Date;
  end: Date;
}

/** From the first attempt (or the window opening) to the last attempt plus the catch-up allowance. */
export function nightWindow(profile: Profile, runDate: string, catchUpMinutes: number): NightWindow | undefined {
  const attempts = attemptsOn(profile, runDate);
  if (!attempts.length) return undefined;
  const opens = profile.venue.opensAt ? venueInstant(runDate, profile.venue.opensAt, profile.venue.timeZone) : undefined;
  const first = attempts[0]!.at;
  const start = opens && opens < first ? opens : first;
  return { runDate, start, end: new Date(attempts[attempts.length - 1]!.at.getTime() + catchUpMinutes * 60_000) };
}

/** How long before the window opens the release attempt starts preparing (browser, login, clock offset). */
export const RELEASE_PREPARE_MS = 3 * 60_000;

export interface PlannedRelease {
  profileId: string;
  runDate: string;
  targetDate: string;
  opensAt: string;
  /** When the venue opens the target date (venue clock). */
  opens: Date;
  /** When preparation starts (machine clock; the agent corrects for the venue clock's offset). */
  at: Date;
}

/** Release-firing attempts (profiles with `opensAt`) whose preparation starts in [from, to). */
export function releasesBetween(profile: Profile, from: Date, to: Date): PlannedRelease[] {
  const opensAt = profile.venue.opensAt;
  if (!profile.enabled || !opensAt) return [];
  const out: PlannedRelease[] = [];
  let d = addCalendarDays(runDateAt(from, profile.venue.timeZone), -1);
  const last = addCalendarDays(runDateAt(to, profile.venue.timeZone), 2);
  for (; d <= last; d = addCalendarDays(d, 1)) {
    if (!booksOn(profile, d)) continue;
    const opens = venueInstant(d, opensAt, profile.venue.timeZone);
    const at = new Date(opens.getTime() - RELEASE_PREPARE_MS);
    if (at >= from && at < to) out.push({ profileId: profile.id, runDate: d, targetDate: targetDateFor(d, profile.venue.daysAhead), opensAt, opens, at });
  }
  return out;
}

export interface PlannedRehearsal {
  profileId: string;
  /** The booking night it prepares, and the date that night books. */
  runDate: string;
  targetDate: string;
  /** `time` (venue clock) on the day before the run date. */
  at: Date;
}

/** Evening rehearsals with `from <= at < to`: one before each night that books, at `time` venue time the day before. */
export function rehearsalsBetween(profile: Profile, from: Date, to: Date, time: string): PlannedRehearsal[] {
  if (!profile.enabled || !time) return [];
  const out: PlannedRehearsal[] = [];
  let d = runDateAt(from, profile.venue.timeZone);
  const last = addCalendarDays(runDateAt(to, profile.venue.timeZone), 2);
  for (; d <= last; d = addCalendarDays(d, 1)) {
    const night = attemptsOn(profile, d);
    if (!night.length) continue;
    const at = venueInstant(addCalendarDays(d, -1), time, profile.venue.timeZone);
    // An evening after the night's first attempt (a late time like 23:59 with attempts at 23:30) is no rehearsal.
    if (at >= from && at < to && at < night[0]!.at) out.push({ profileId: profile.id, runDate: d, targetDate: night[0]!.targetDate, at });
  }
  return out;
}

/** The recipe a night replays: the target weekday's own, when that weekday has its own instructions, else the default. */
export function recipeKeyFor(profile: Profile, runDate: string, targetDate = targetDateFor(runDate, profile.venue.daysAhead)): string {
  const weekday = weekdayOf(targetDate);
  return profile.weekdays[weekday].instructions?.trim() ? weekday : 'default';
}
