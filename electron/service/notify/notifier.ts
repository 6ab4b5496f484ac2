// Delivers the morning news (notify/messages.ts) to the push channels configured in Settings (ntfy,
// webhook), from the service itself, so a headless home server tells its user too. Each message
// links to its attempt in the running service's UI, never with the API token. A channel that fails
// is logged; nothing here can stop a night.
import type { AttemptSummary, NotifyChannel, ServiceEvent, StatusView } from '../../../shared/contract';
import type { Settings } from '../../../shared/schemas';
import type { EventBus } from '../events';
import { channelHost, SENDERS, type ChannelMessage, type Delivery } from './channels';
import { isLastChance, needsStatus, needsYouNotification, notificationFor, rehearsalNotification, type NotificationText } from './messages';

export interface NotifierDeps {
  events: EventBus;
  settings(): Settings;
  status(): StatusView;
  /** The running service's web address (http://127.0.0.1:PORT), when it has one. */
  webOrigin(): string | undefined;
  log(line: string): void;
  /** Replaces secret values (passwords, tokens) before anything leaves the machine. */
  scrub<T>(value: T): T;
  timeoutMs?: number;
}

/** The UI's page for one attempt: a hash route, so it works from the HTTP root without any token. */
export function attemptLink(origin: string, attemptId: string): string {
  return `${origin}/#/history/${encodeURIComponent(attemptId)}`;
}

const CHANNEL_URL: Record<NotifyChannel, (s: Settings) => string | undefined> = {
  ntfy: (s) => s.notifyNtfyUrl || undefined,
  webhook: (s) => s.notifyWebhookUrl || undefined,
};

export function configuredChannels(s: Settings): [NotifyChannel, string][] {
  return (Object.keys(CHANNEL_URL) as NotifyChannel[]).flatMap((c) => {
    const url = CHANNEL_URL[c](s);
    return url ? [[c, url] as [NotifyChannel, string]] : [];
  });
}

export class ChannelNotifier {
  private chain: Promise<void> = Promise.resolve();
  private readonly unsubscribe: () => void;
  private readonly unsubscribeRehearsals: () => void;

  constructor(private readonly d: NotifierDeps) {
    this.unsubscribe = d.events.subscribe((e: ServiceEvent) => {
      if (e.type === 'attempt-needs-you') {
        this.chain = this.chain.then(() => this.send(needsYouNotification(e))).catch((err: unknown) => d.log(`notifications: ${String(err)}`));
        return;
      }
      if (e.type !== 'attempt-finished') return;
      this.chain = this.chain.then(() => this.deliver(e.attempt)).catch((err: unknown) => d.log(`notifications: ${String(err)}`));
    });
    this.unsubscribeRehearsals = d.events.subscribe((e: ServiceEvent) => {
      if (e.type !== 'rehearsal-finished') return;
      const text = rehearsalNotification(e.rehearsal);
      if (!text) return;
      this.chain = this.chain.then(() => this.send(text, '/#/today', `rehearsal ${e.rehearsal.id}`)).catch((err: unknown) => d.log(`notifications: ${String(err)}`));
    });
  }

  /** Resolves when every notification so far has been delivered (or has failed). */
  settled(): Promise<void> {
    return this.chain;
  }

  dispose(): void {
    this.unsubscribe();
    this.unsubscribeRehearsals();
  }

  private async deliver(a: AttemptSummary): Promise<void> {
    if (!configuredChannels(this.d.settings()).length) return;
    const text = notificationFor(a, isLastChance(a, needsStatus(a) ? this.d.status() : undefined));
    if (text) await this.send(text);
  }

  /**
   * Sends one message to every configured channel, linking to its attempt, or to `path` in the UI for news about
   * no single attempt (a rehearsal).
   */
  private async send(text: NotificationText, path?: string, what = text.attemptId): Promise<void> {
    const settings = this.d.settings();
    const channels = configuredChannels(settings);
    if (!channels.length) return;
    if (settings.notifications[text.kind] === false) {
      this.d.log(`notification "${text.kind}" for ${what} not sent: switched off in Settings`);
      return;
    }
    const origin = this.d.webOrigin();
    const link = origin ? (path ? `${origin}${path}` : attemptLink(origin, text.attemptId)) : undefined;
    const message: ChannelMessage = this.d.scrub({ ...text, ...(link ? { url: link } : {}) });
    await Promise.all(
      channels.map(async ([channel, url]) => {
        const r = await SENDERS[channel](url, message, this.d.timeoutMs);
        this.d.log(`notification "${text.kind}" for ${what} via ${channel} (${channelHost(url)}): ${r.ok ? 'sent' : `FAILED — ${r.message}`}`);
      }),
    );
  }

  /** Sends a test message to one channel, now. */
  async test(channel: NotifyChannel): Promise<Delivery> {
    const url = CHANNEL_URL[channel](this.d.settings());
    if (!url) return { ok: false, message: `No ${channel === 'ntfy' ? 'ntfy topic' : 'webhook'} address is set in Settings.` };
    const origin = this.d.webOrigin();
    const message: ChannelMessage = {
      kind: 'test',
      title: 'Lanebot test notification',
      body: 'If you can read this, Lanebot can reach you here: booked lanes, nights it gave up, and problems that need you.',
      attemptId: '',
      ...(origin ? { url: `${origin}/#/today` } : {}),
    };
    const r = await SENDERS[channel](url, message, this.d.timeoutMs);
    this.d.log(`test notification via ${channel} (${channelHost(url)}): ${r.ok ? 'sent' : `FAILED — ${r.message}`}`);
    return r;
  }
}
