// The push channels a home server can reach its user through: an ntfy topic (the message as the
// body, Title/Click/Tags/Priority headers, https://docs.ntfy.sh/publish/) and a generic webhook
// (JSON). Each POST has a timeout and answers ok/message; nothing here throws.
import type { NotifyChannel } from '../../../shared/contract';
import type { NotificationKind } from './messages';

export interface ChannelMessage {
  kind: NotificationKind | 'test';
  title: string;
  body: string;
  /** '' for a test message. */
  attemptId: string;
  /** The attempt in the running service's UI (no token in it), when the service has a web address. */
  url?: string;
}

export interface Delivery {
  ok: boolean;
  message: string;
}

export const CHANNEL_TIMEOUT_MS = 10_000;

/** Where a channel posts, for logs and messages: scheme and host only (a topic or webhook path can be a secret). */
export function channelHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'an invalid address';
  }
}

/** HTTP headers are Latin-1: a title with "–" or "’" travels as an RFC 2047 encoded word, which ntfy decodes. */
export function headerText(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  return /^[\x20-\x7e]*$/.test(flat) ? flat : `=?UTF-8?B?${Buffer.from(flat, 'utf8').toString('base64')}?=`;
}

const NTFY_TAGS: Record<ChannelMessage['kind'], string> = { booked: 'white_check_mark', gaveUp: 'warning', permanent: 'rotating_light', needsYou: 'raising_hand', test: 'wave' };
const NTFY_PRIORITY: Record<ChannelMessage['kind'], string> = { booked: '3', gaveUp: '4', permanent: '5', needsYou: '5', test: '3' };

/** A URL may carry user:password@ (ntfy access control); fetch refuses those, so they become a Basic header. */
function splitCredentials(raw: string): { url: string; headers: Record<string, string> } {
  const u = new URL(raw);
  if (!u.username && !u.password) return { url: raw, headers: {} };
  const auth = Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64');
  u.username = '';
  u.password = '';
  return { url: u.toString(), headers: { authorization: `Basic ${auth}` } };
}

async function post(raw: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<Delivery> {
  const where = channelHost(raw);
  try {
    const { url, headers: auth } = splitCredentials(raw);
    const r = await fetch(url, { method: 'POST', headers: { ...headers, ...auth }, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await r.body?.cancel().catch(() => {});
    if (r.status >= 200 && r.status < 300) return { ok: true, message: `Delivered to ${where} (HTTP ${r.status}).` };
    if (r.status >= 300 && r.status < 400) return { ok: false, message: `${where} answered with a redirect (HTTP ${r.status}); enter the address it redirects to.` };
    return { ok: false, message: `${where} refused the message (HTTP ${r.status}).` };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    const within = timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`;
    const why = err.name === 'TimeoutError' ? `no answer within ${within}` : (err.cause?.code ?? err.message);
    return { ok: false, message: `Could not reach ${where}: ${why}.` };
  }
}

export function sendNtfy(topicUrl: string, m: ChannelMessage, timeoutMs = CHANNEL_TIMEOUT_MS): Promise<Delivery> {
  const headers: Record<string, string> = {
    'content-type': 'text/plain; charset=utf-8',
    title: headerText(m.title),
    tags: NTFY_TAGS[m.kind],
    priority: NTFY_PRIORITY[m.kind],
  };
  if (m.url) headers.click = m.url;
  return post(topicUrl, headers, m.body, timeoutMs);
}

export function sendWebhook(url: string, m: ChannelMessage, timeoutMs = CHANNEL_TIMEOUT_MS): Promise<Delivery> {
  const payload = { kind: m.kind, title: m.title, body: m.body, attemptId: m.attemptId, url: m.url ?? null };
  return post(url, { 'content-type': 'application/json' }, JSON.stringify(payload), timeoutMs);
}

export const SENDERS: Record<NotifyChannel, (url: string, m: ChannelMessage, timeoutMs?: number) => Promise<Delivery>> = {
  ntfy: sendNtfy,
  webhook: sendWebhook,
};
