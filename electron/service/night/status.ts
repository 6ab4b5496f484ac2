// The lights: for each profile and weekday, whether the most recent booking night for that
// weekday ended verified (green), is due but not verified (red), is not booked (grey), or is running.
import { format, parseISO } from 'date-fns';
import { WEEKDAYS, type Attempt, type Profile } from '../../../shared/schemas';
import type { LanebotDocument } from '../store/document';
import type { Light, ProfileStatus, StatusView, WatchStatus } from '../../../shared/contract';
import { addCalendarDays, runDateAt, targetDateFor, venueClock, weekdayOf } from './dates';
import { booksOn, nextAttempt, nightWindow } from './plan';

const short = (d: string) => format(parseISO(d), 'EEE d MMM');

export function profileStatus(profile: Profile, doc: LanebotDocument, now: Date, runningAttemptId?: string): ProfileStatus {
  const tz = profile.venue.timeZone;
  const today = runDateAt(now, tz);
  const ledger = doc.ledger[profile.id] ?? {};
  const lights: Light[] = WEEKDAYS.map((weekday) => {
    // The most recent run date (today or earlier, within a week) whose target falls on this weekday.
    let runDate: string | undefined;
    for (let i = 0; i < 7; i++) {
      const r = addCalendarDays(today, -i);
      if (weekdayOf(targetDateFor(r, profile.venue.daysAhead)) === weekday) {
        runDate = r;
        break;
      }
    }
    const last = ledger[weekday];
    const base = { weekday, ...(last ? { last } : {}) };
    if (!profile.weekdays[weekday].book || !runDate) return { ...base, state: 'grey', label: 'Not booked on this day' };
    const targetDate = targetDateFor(runDate, profile.venue.daysAhead);
    if (runningAttemptId && runDate === today) return { ...base, state: 'running', label: 'Booking now…', runDate, targetDate };
    if (last && last.runDate === runDate) return { ...base, state: 'green', label: `Booked ✓ ${short(last.targetDate)}`, runDate, targetDate };
    const window = nightWindow(profile, runDate, doc.settings.catchUpWindowMinutes);
    // A night that ended before the profile existed was never due — unless the user booked it by hand (Book now).
    const tried = doc.attempts.some((a) => a.profileId === profile.id && a.runDate === runDate);
    if (window && window.end < new Date(profile.createdAt) && !tried) return { ...base, state: 'grey', label: 'Before this profile was set up', runDate, targetDate };
    const notYet = window && now < window.start;
    return { ...base, state: 'red', label: notYet ? `Due tonight for ${short(targetDate)}` : `Not booked ✗ ${short(targetDate)}`, runDate, targetDate };
  });
  const targetDate = targetDateFor(today, profile.venue.daysAhead);
  const settled = (runDate: string) => ledger[weekdayOf(targetDateFor(runDate, profile.venue.daysAhead))]?.runDate === runDate;
  const next = nextAttempt(profile, now, settled);
  const lastSuccess = Object.values(ledger).sort((a, b) => (a!.at < b!.at ? 1 : -1))[0];
  const todayLight = lights.find((l) => l.runDate === today);
  const tonightDue = booksOn(profile, today) && profile.enabled;
  let line = `${profile.name} · ${short(targetDate)} · `;
  if (!profile.enabled) line += 'off';
  else if (runningAttemptId) line += 'booking now…';
  else if (!tonightDue) line += 'not booked tonight';
  else if (todayLight?.state === 'green') line += `booked ${venueClock(new Date(todayLight.last!.at), tz)} ✓`;
  else {
    const lastTonight = lastAttemptTonight(doc.attempts, profile.id, today);
    line += lastTonight?.failure ? `not booked: ${lastTonight.failure.code} ✗` : 'not booked yet';
  }
  let watch: WatchStatus | undefined;
  if (profile.enabled && profile.watch.enabled) {
    // Tonight's checks so far (none once tonight is booked); "on" for the nights to come either way.
    const settledTonight = !tonightDue || todayLight?.state === 'green';
    const checks = settledTonight ? 0 : (lastAttemptTonight(doc.attempts, profile.id, today, (a) => !!a.watch)?.watch?.checks ?? 0);
    const active = !settledTonight && next?.kind === 'watch' && next.runDate === today;
    watch = { everyMinutes: profile.watch.everyMinutes, until: profile.watch.until, checks, active };
    if (active) line += ` · watching for a cancellation until ${profile.watch.until}`;
  }
  return {
    id: profile.id,
    name: profile.name,
    enabled: profile.enabled,
    timeZone: tz,
    runDate: today,
    targetDate,
    tonightDue,
    lights,
    attemptTimes: profile.attemptTimes,
    ...(next ? { nextAttempt: { at: next.at.toISOString(), time: next.time, runDate: next.runDate, targetDate: next.targetDate, kind: next.kind } } : {}),
    ...(watch ? { watch } : {}),
    ...(runningAttemptId ? { runningAttemptId } : {}),
    ...(lastSuccess ? { lastSuccess } : {}),
    line,
  };
}

function lastAttemptTonight(attempts: Attempt[], profileId: string, runDate: string, where: (a: Attempt) => boolean = () => true): Attempt | undefined {
  for (let i = attempts.length - 1; i >= 0; i--) {
    const a = attempts[i]!;
    if (a.profileId === profileId && a.runDate === runDate && where(a)) return a;
  }
  return undefined;
}

export function statusView(doc: LanebotDocument, now: Date, running: Map<string, string>): StatusView {
  const profiles = doc.profiles.map((p) => profileStatus(p, doc, now, running.get(p.id)));
  const paused = !!doc.settings.pausedUntil && now < new Date(doc.settings.pausedUntil);
  const due = profiles.filter((p) => p.enabled && p.tonightDue);
  const todayLights = due.map((p) => p.lights.find((l) => l.runDate === p.runDate));
  let overall: StatusView['overall'] = 'idle';
  if (running.size) overall = 'running';
  else if (paused) overall = 'paused';
  else if (due.length && todayLights.every((l) => l?.state === 'green')) overall = 'ok';
  else if (due.some((p) => lastAttemptTonight(doc.attempts, p.id, p.runDate)?.outcome === 'failed' && !p.nextAttempt?.runDate.startsWith(p.runDate))) overall = 'failed';
  else if (due.length) overall = 'pending';
  return { now: now.toISOString(), paused, running: running.size > 0, profiles, notices: doc.notices, overall };
}
