// What to tell the user about a finished attempt: booked and verified, gave up for the night, or
// needs you (a wrong password). Pure functions of the attempt, shared by the desktop notifications
// (electron/shell/notifications.ts) and the headless push channels (notify/notifier.ts).
import { format, isValid, parseISO } from 'date-fns';
import type { AttemptSummary, ServiceEvent, StatusView } from '../../../shared/contract';
import type { Rehearsal } from '../../../shared/schemas';

export type NeedsYouEvent = Extract<ServiceEvent, { type: 'attempt-needs-you' }>;

/** The kinds match the switches in Settings → notifications. */
export type NotificationKind = 'booked' | 'gaveUp' | 'permanent' | 'needsYou';
export interface NotificationText {
  kind: NotificationKind;
  title: string;
  body: string;
  attemptId: string;
}

/** "2026-12-05" → "Sat 5 Dec", computed on the calendar date (no time zone can shift it). */
export function shortDate(iso: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const d = parseISO(iso);
  return isValid(d) ? format(d, 'EEE d MMM') : iso;
}

function bookingWords(a: AttemptSummary): string {
  const match = a.verification?.match ?? a.precheck?.match;
  const parts = [shortDate(a.targetDate)];
  if (match?.time) parts.push(`at ${match.time}`);
  if (match?.lane) parts.push(/^\d+$/.test(match.lane) ? `lane ${match.lane}` : match.lane);
  return parts.join(', ').replace(', at', ' at');
}

/**
 * What to tell the user about a finished attempt, or undefined for nothing. `lastChanceTonight` says
 * whether no further attempt is planned for this run date (so a transient failure means giving up).
 */
export function notificationFor(a: AttemptSummary, lastChanceTonight: boolean): NotificationText | undefined {
  const who = a.profileName;
  if (a.trigger === 'test-login') return undefined;
  // "Needs you" was told the moment it happened (needsYouNotification); its end is not news a second time.
  if (a.outcome === 'failed' && a.failure?.kind === 'needs-you') return undefined;
  if (a.outcome === 'verified') {
    return {
      kind: 'booked',
      title: `Booked for ${who}: ${bookingWords(a)}`,
      body: a.trigger === 'watch' ? "A cancellation freed it. Checked on the venue's own bookings page." : "Checked on the venue's own bookings page.",
      attemptId: a.id,
    };
  }
  if (a.outcome === 'already-booked') {
    return {
      kind: 'booked',
      title: `Already booked for ${who}: ${bookingWords(a)}`,
      body: "The venue's bookings page already shows it, so Lanebot did not book again.",
      attemptId: a.id,
    };
  }
  if (a.outcome === 'failed' && a.failure?.kind === 'permanent') {
    return {
      kind: 'permanent',
      title: `Lanebot needs you: ${who}`,
      body: `${a.failure.message} No more tries tonight. Open Lanebot to fix it, then press Book now.`,
      attemptId: a.id,
    };
  }
  if (a.outcome === 'missed') {
    return {
      kind: 'gaveUp',
      title: `Missed tonight's booking for ${who}`,
      body: `${a.summary || 'The computer was asleep or off during the booking window.'} Book ${shortDate(a.targetDate)} on the venue's site by hand.`,
      attemptId: a.id,
    };
  }
  // A failed Book now is watched by the user; a scheduled failure with tries left is not news yet.
  if (a.outcome === 'failed' && lastChanceTonight && a.trigger !== 'book-now') {
    const reason = a.summary || a.failure?.message || 'The booking could not be made or confirmed.';
    return {
      kind: 'gaveUp',
      title: `Gave up for tonight: ${who}, ${shortDate(a.targetDate)}`,
      body: `${reason} Try Book now, or book on the venue's site by hand.`,
      attemptId: a.id,
    };
  }
  return undefined;
}

/** Told at once when a person is needed (a captcha, a code, a payment), with what to do now. */
export function needsYouNotification(e: NeedsYouEvent): NotificationText {
  const act = e.takeOver
    ? 'A browser window is open at that page on this computer: pass the check there and Lanebot carries on booking.'
    : e.kind === 'payment'
      ? "Pay on the venue's site yourself, or allow paying from your account credit in the profile. Lanebot tries again at the next attempt time."
      : "Open the venue's site and pass it (or book by hand). Lanebot tries again at the next attempt time, without a screen.";
  return { kind: 'needsYou', title: `Lanebot needs you: ${e.profileName}, ${shortDate(e.targetDate)}`, body: `${e.message} ${act}`, attemptId: e.attemptId };
}

/** Whether telling the user needs the schedule (only a transient failure depends on what is still planned). */
export function needsStatus(a: AttemptSummary): boolean {
  return a.outcome === 'failed' && a.failure?.kind !== 'permanent';
}

/** No further planned attempt for this profile on the attempt's run date. */
export function isLastChance(a: AttemptSummary, status: StatusView | undefined): boolean {
  const p = status?.profiles.find((x) => x.id === a.profileId);
  if (!p) return true;
  return !p.nextAttempt || p.nextAttempt.runDate !== a.runDate;
}

/**
 * What to tell the user after an evening rehearsal: only a failure is news (under the "needs me" switch), while
 * there is time to teach again before the night; a passing rehearsal is shown on Today, not pushed.
 */
export function rehearsalNotification(r: Rehearsal & { profileName: string }): NotificationText | undefined {
  if (r.ok) return undefined;
  return {
    kind: 'permanent',
    title: `${r.profileName}: tonight's recipe failed its rehearsal`,
    body: `The venue's site may have changed: ${r.message.replace(/\s+$/, '')} Lanebot will still try tonight (the model takes over where the recipe breaks); to be sure, teach it again before the booking for ${shortDate(r.targetDate)}.`,
    attemptId: '',
  };
}
