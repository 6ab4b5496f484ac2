// The lights: one per weekday, each standing for one date — the date the most recent run for that
// weekday books (the seven lights are the seven dates the last seven nights book). A light is green
// when a verified booking exists for its date, whoever made it (the schedule, Book now, the watch);
// running while an attempt for its date runs; red when its date was due and is not verified; grey
// when nothing was due (day off, skipped date, or a night before the profile existed).
import { format, parseISO } from 'date-fns';
import { WEEKDAYS, type Attempt, type Profile } from '../../../shared/schemas';
import { failureText } from '../../../shared/failure-text';
import type { LanebotDocument } from '../store/document';
import type { BookingView, Light, ProfileStatus, StatusView, WatchStatus } from '../../../shared/contract';
import { addCalendarDays, runDateAt, targetDateFor, venueClock, weekdayOf } from './dates';
import { booksOn, isSkipped, nextAttempt, nightWindow } from './plan';
import { verifiedFor, verifiedFrom, type VerifiedBooking } from './bookings';
import { lastRehearsal, nextRehearsalAt } from './rehearsal';

const short = (d: string) => format(parseISO(d), 'EEE d MMM');

function bookingView(b: VerifiedBooking): BookingView {
  return {
    date: b.date,
    at: b.at,
    attemptId: b.attemptId,
    how: b.how,
    ...(b.trigger ? { trigger: b.trigger } : {}),
    ...(b.time ? { time: b.time } : {}),
    ...(b.lane ? { lane: b.lane } : {}),
  };
}

/** "Booked 07:00, lane 3" — what was verified, in one line. */
function bookedLabel(b: VerifiedBooking): string {
  const what = [b.time, b.lane ? `lane ${b.lane.replace(/^lane\s*/i, '')}` : undefined].filter(Boolean).join(', ');
  return what ? `Booked ${what}` : 'Booked';
}

export function profileStatus(profile: Profile, doc: LanebotDocument, now: Date, runningAttemptId?: string): ProfileStatus {
  const tz = profile.venue.timeZone;
  const daysAhead = profile.venue.daysAhead;
  const today = runDateAt(now, tz);
  const ledger = doc.ledger[profile.id] ?? {};
  const settled = (runDate: string) => !!verifiedFor(doc, profile.id, targetDateFor(runDate, daysAhead));
  const next = nextAttempt(profile, now, settled);
  const running = runningAttemptId ? doc.attempts.find((a) => a.id === runningAttemptId) : undefined;
  const lights: Light[] = WEEKDAYS.map((weekday) => {
    // The most recent run date (today or earlier, within a week) whose target falls on this weekday.
    let runDate = today;
    for (let i = 0; i < 7; i++) {
      const r = addCalendarDays(today, -i);
      if (weekdayOf(targetDateFor(r, daysAhead)) === weekday) {
        runDate = r;
        break;
      }
    }
    const targetDate = targetDateFor(runDate, daysAhead);
    const booking = verifiedFor(doc, profile.id, targetDate);
    const last = ledger[weekday];
    const base = {
      weekday,
      runDate,
      targetDate,
      ...(booking ? { booking: bookingView(booking) } : {}),
      ...(last ? { last } : {}),
      // The next run that books this weekday, when it is the coming night's and books a later date.
      ...(next && weekdayOf(next.targetDate) === weekday && next.targetDate !== targetDate ? { next: { runDate: next.runDate, targetDate: next.targetDate } } : {}),
    };
    const runningHere = runningAttemptId && (running ? running.targetDate === targetDate : runDate === today);
    if (runningHere) return { ...base, state: 'running', kind: 'running', label: 'Booking now…' };
    if (booking) return { ...base, state: 'green', kind: 'booked', label: bookedLabel(booking) };
    if (isSkipped(profile, targetDate)) return { ...base, state: 'grey', kind: 'skipped', label: 'Skipped' };
    if (!profile.weekdays[weekday].book) return { ...base, state: 'grey', kind: 'off', label: 'Day off' };
    if (!profile.enabled) return { ...base, state: 'grey', kind: 'off', label: 'Profile off' };
    const window = nightWindow(profile, runDate, doc.settings.catchUpWindowMinutes);
    // A night that ended before the profile existed was never due — unless the user booked it by hand (Book now).
    const tried = doc.attempts.filter((a) => a.profileId === profile.id && a.targetDate === targetDate && a.trigger !== 'test-login');
    if (window && window.end < new Date(profile.createdAt) && !tried.length) return { ...base, state: 'grey', kind: 'before-setup', label: 'Before set-up' };
    // Its night is still to come or under way: due, not failed.
    if (next?.runDate === runDate) {
      const label = !tried.length ? 'Books tonight' : next.kind === 'watch' ? `Not booked yet · watching until ${profile.watch.until}` : `Not booked yet · next try ${next.time}`;
      return { ...base, state: 'red', kind: 'due', label };
    }
    const missed = tried.at(-1)?.outcome === 'missed';
    return { ...base, state: 'red', kind: 'not-booked', label: missed ? 'Missed: computer asleep' : 'Not booked' };
  });
  const targetDate = targetDateFor(today, daysAhead);
  const lastSuccess = Object.values(ledger).sort((a, b) => (a!.at < b!.at ? 1 : -1))[0];
  const todayLight = lights.find((l) => l.runDate === today);
  const tonightDue = booksOn(profile, today) && profile.enabled;
  let line = `${profile.name} · ${short(targetDate)} · `;
  if (!profile.enabled) line += 'off';
  else if (runningAttemptId) line += 'booking now…';
  else if (todayLight?.state === 'green') line += `booked ${venueClock(new Date(todayLight.booking!.at), tz)} ✓`;
  else if (isSkipped(profile, targetDate)) line += 'skipped';
  else if (!tonightDue) line += 'not booked tonight';
  else if (todayLight?.kind === 'before-setup') line += 'its run was before this profile was set up';
  else {
    const lastTonight = lastAttemptTonight(doc.attempts, profile.id, today);
    line += lastTonight?.failure ? `not booked: ${failureText(lastTonight.failure.code)} ✗` : 'not booked yet';
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
  const upcoming = verifiedFrom(doc, profile.id, today).map(bookingView);
  const stuck = todayLight?.state === 'green' || runningAttemptId ? undefined : lastAttemptTonight(doc.attempts, profile.id, today, (a) => a.trigger !== 'test-login');
  const needsYou = stuck?.outcome === 'failed' && stuck.failure?.kind === 'needs-you'
    ? { attemptId: stuck.id, what: stuck.needsYou?.what ?? failureText(stuck.failure.code), summary: stuck.summary, ...(stuck.needsYou?.url ? { url: stuck.needsYou.url } : {}) }
    : undefined;
  const skipDates = (profile.skipDates ?? []).filter((d) => d >= today);
  // The last rehearsal is news until the night it prepared is over.
  const rehearsal = lastRehearsal(doc.rehearsals, profile.id);
  const rehearsalNews = rehearsal && rehearsal.runDate >= today ? rehearsal : undefined;
  const nextRehearsal = profile.enabled ? nextRehearsalAt(profile, doc.recipes, doc.settings.rehearsalTime, now) : undefined;
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
    ...(needsYou ? { needsYou } : {}),
    upcoming,
    bookingsUrl: profile.venue.bookingsUrl ?? profile.venue.startUrl,
    skipDates,
    weekdays: WEEKDAYS.filter((d) => profile.weekdays[d].book),
    lastBookableDate: addCalendarDays(today, daysAhead),
    ...(rehearsalNews ? { rehearsal: rehearsalNews } : {}),
    ...(nextRehearsal ? { nextRehearsalAt: nextRehearsal.toISOString() } : {}),
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
  // A night that ran before the profile existed was never due.
  const due = profiles.filter((p) => p.enabled && p.tonightDue && p.lights.find((l) => l.runDate === p.runDate)?.kind !== 'before-setup');
  const todayLights = due.map((p) => p.lights.find((l) => l.runDate === p.runDate));
  let overall: StatusView['overall'] = 'idle';
  if (running.size) overall = 'running';
  else if (paused) overall = 'paused';
  else if (due.length && todayLights.every((l) => l?.state === 'green')) overall = 'ok';
  else if (due.some((p) => lastAttemptTonight(doc.attempts, p.id, p.runDate)?.outcome === 'failed' && !p.nextAttempt?.runDate.startsWith(p.runDate))) overall = 'failed';
  else if (due.length) overall = 'pending';
  return { now: now.toISOString(), paused, running: running.size > 0, profiles, notices: doc.notices, overall };
}
