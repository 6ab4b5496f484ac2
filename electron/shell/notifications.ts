// Morning news: a desktop notification when a lane is booked and verified, when Lanebot gives up
// for the night, and when something needs the user (a wrong password). Each kind can be turned off
// in settings. What to say is a pure function of the finished attempt; the sending is injected.
import { format, isValid, parseISO } from 'date-fns';
import type { AttemptSummary, ServiceEvent, StatusView } from '../../shared/contract';
import type { Settings } from '../../shared/schemas';
import { callService, type ShellService } from './service-port';

export type NotificationKind = 'booked' | 'gaveUp' | 'permanent';
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

/** No further planned attempt for this profile on the attempt's run date. */
export function isLastChance(a: AttemptSummary, status: StatusView | undefined): boolean {
  const p = status?.profiles.find((x) => x.id === a.profileId);
  if (!p) return true;
  return !p.nextAttempt || p.nextAttempt.runDate !== a.runDate;
}

export interface NotificationLike {
  show(): void;
  on(event: 'click', listener: () => void): unknown;
}

export interface NotificationDeps {
  service: Pick<ShellService, 'subscribe' | 'handle' | 'status'>;
  isSupported(): boolean;
  create(options: { title: string; body: string; icon?: string }): NotificationLike;
  icon?: string;
  /** Clicking a notification opens the app (at the attempt, where the UI supports it). */
  open(attemptId: string): void;
  log?: (message: string, e?: unknown) => void;
}

export function setupNotifications(deps: NotificationDeps): { dispose(): void; settled(): Promise<void> } {
  let chain: Promise<void> = Promise.resolve();
  const live: NotificationLike[] = [];
  const unsubscribe = deps.service.subscribe((e: ServiceEvent) => {
    if (e.type !== 'attempt-finished') return;
    chain = chain.then(() => notify(e.attempt)).catch((err: unknown) => deps.log?.('notification failed', err));
  });

  async function notify(a: AttemptSummary) {
    if (!deps.isSupported()) return;
    const needsStatus = a.outcome === 'failed' && a.failure?.kind !== 'permanent';
    const status = needsStatus ? await deps.service.status().catch(() => undefined) : undefined;
    const text = notificationFor(a, isLastChance(a, status));
    if (!text) return;
    const settings = await callService(deps.service, 'settings.get', {}).catch(() => undefined as Settings | undefined);
    // Unknown preferences mean the defaults, which are all on.
    if (settings && settings.notifications[text.kind] === false) return;
    const n = deps.create({ title: text.title, body: text.body, ...(deps.icon ? { icon: deps.icon } : {}) });
    n.on('click', () => deps.open(text.attemptId));
    // Electron drops a notification's click handler once the object is garbage-collected; hold the recent ones.
    live.push(n);
    if (live.length > 10) live.shift();
    n.show();
  }

  return { dispose: unsubscribe, settled: () => chain };
}
