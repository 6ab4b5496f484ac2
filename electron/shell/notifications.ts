// Morning news on the desktop: an Electron notification when a lane is booked and verified, when
// Lanebot gives up for the night, and when something needs the user (a wrong password). Each kind
// can be turned off in settings. What to say lives in the service (notify/messages.ts), where the
// headless push channels use it too; this module only sends, and the sending is injected.
import type { AttemptSummary, ServiceEvent } from '../../shared/contract';
import type { Settings } from '../../shared/schemas';
import { isLastChance, needsStatus, needsYouNotification, notificationFor, rehearsalNotification, type NotificationText } from '../service/notify/messages';
import { callService, type ShellService } from './service-port';

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
    // "Needs you" is told the moment it happens, not when the attempt ends.
    if (e.type === 'attempt-needs-you') chain = chain.then(() => show(needsYouNotification(e))).catch((err: unknown) => deps.log?.('notification failed', err));
    if (e.type !== 'attempt-finished') return;
    chain = chain.then(() => notify(e.attempt)).catch((err: unknown) => deps.log?.('notification failed', err));
  });

  async function notify(a: AttemptSummary) {
    if (!deps.isSupported()) return;
    const status = needsStatus(a) ? await deps.service.status().catch(() => undefined) : undefined;
    const text = notificationFor(a, isLastChance(a, status));
    if (text) await show(text);
  }

  async function show(text: NotificationText) {
    if (!deps.isSupported()) return;
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

  // A failed evening rehearsal is told at once, while there is still time to teach again before the night
  // (its text names no attempt, so a click opens Today).
  const unsubscribeRehearsals = deps.service.subscribe((e: ServiceEvent) => {
    if (e.type !== 'rehearsal-finished') return;
    const text = rehearsalNotification(e.rehearsal);
    if (text) chain = chain.then(() => show(text)).catch((err: unknown) => deps.log?.('notification failed', err));
  });

  return {
    dispose: () => {
      unsubscribe();
      unsubscribeRehearsals();
    },
    settled: () => chain,
  };
}
