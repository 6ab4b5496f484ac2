// Requests that change state (POST, PUT, PATCH, DELETE): recorded while a booking is taught or made, so the
// recipe knows which step sent the booking, and held back in the browser during a dry run, so a rehearsal can
// never book. Judged by what the page sent, never by what it says.
import type { BrowserContext, Page, Request, Route } from 'playwright-core';
import type { RequestSignature } from '../types';

export type StateMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const STATE_CHANGING = new Set<string>(['POST', 'PUT', 'PATCH', 'DELETE']);

export function isStateChanging(method: string): method is StateMethod {
  return STATE_CHANGING.has(method.toUpperCase());
}

/** One state-changing request the page sent. */
export interface SentRequest {
  method: StateMethod;
  url: string;
  /** Machine time it left (Date.now()). */
  at: number;
  /** It carried a secret (a login form). */
  auth: boolean;
  /** Consent or logout: never the booking. */
  housekeeping: boolean;
  /** HTTP status once answered; 0 when it failed. */
  status?: number;
  /** Machine time it was answered or failed. */
  doneAt?: number;
}

/** Cookie consent: never the booking, and a dry run may answer a banner. */
const CONSENT = /consent|cookie|gdpr|privacy-?choices/i;
/** Logout and tracking: never the booking. */
const HOUSEKEEPING = /log-?out|sign-?out|abmelden|d[ée]connexion|deconnexion|uitloggen|afmelden|analytics|collect|beacon|telemetry/i;

function pathOf(url: string): string {
  try { return decodeURIComponent(new URL(url).pathname); } catch { return ''; }
}

export function isConsent(url: string): boolean {
  return CONSENT.test(pathOf(url));
}

export function isHousekeeping(url: string): boolean {
  const p = pathOf(url);
  return CONSENT.test(p) || HOUSEKEEPING.test(p);
}

/** Does a request body carry one of the secret values (as typed, URL-encoded or JSON-escaped)? */
export function carriesSecret(body: string | null, secrets: Iterable<string>): boolean {
  if (!body) return false;
  for (const v of secrets) {
    if (!v) continue;
    const forms = [v, encodeURIComponent(v), new URLSearchParams({ x: v }).toString().slice(2), JSON.stringify(v).slice(1, -1)];
    if (forms.some((f) => body.includes(f))) return true;
  }
  return false;
}

/** An id or a date in a path ("B00017", "42", "2026-12-01", a UUID); not a version like "v1". */
function idLike(seg: string): boolean {
  return /^\d+$/.test(seg) || /\d{3,}/.test(seg) || /^[0-9a-f-]{16,}$/i.test(seg);
}

export type { RequestSignature };

/** A request's path with id-like segments as `*` ("/booking/B00017" → "/booking/*"); the query is left out. */
export function pathTemplate(url: string): string {
  try {
    return new URL(url).pathname.split('/').map((seg) => (idLike(seg) ? '*' : seg)).join('/');
  } catch {
    return '/';
  }
}

export function signatureOf(method: string, url: string): RequestSignature {
  return { method: method.toUpperCase() as StateMethod, path: pathTemplate(url) };
}

/** Does a request match a recorded signature (same method, same path with `*` for one segment)? */
export function matchesSignature(sig: RequestSignature, method: string, url: string): boolean {
  if (sig.method !== method.toUpperCase()) return false;
  let have: string[];
  try { have = new URL(url).pathname.split('/'); } catch { return false; }
  const want = sig.path.split('/');
  return want.length === have.length && want.every((w, i) => w === '*' ? !!have[i] : w === have[i]);
}

export interface RequestLog {
  /** State-changing requests, in the order they left. */
  sent: SentRequest[];
  /** Machine times of every document, fetch and XHR request and main-frame navigation (is the page doing something?). */
  activity: number[];
  /** Document, fetch and XHR requests not answered yet. */
  inflight(): number;
  dispose(): void;
}

/**
 * Records the state-changing requests of a context's pages (main frames and their subframes), and when the page
 * was last busy. Requests to other origins never leave (the confinement aborts them), so they are not counted.
 */
export function recordRequests(context: BrowserContext, passwords: Iterable<string>, accept: (r: Request) => boolean = () => true): RequestLog {
  const values = [...passwords];
  const sent: SentRequest[] = [];
  const activity: number[] = [];
  const pending = new Map<Request, SentRequest | undefined>();
  const onRequest = (r: Request) => {
    const type = r.resourceType();
    // Documents, fetches and XHRs: what an action sends (a favicon or a stylesheet is not the page answering a click).
    if (type !== 'document' && type !== 'fetch' && type !== 'xhr') return;
    if (!accept(r)) return;
    activity.push(Date.now());
    let rec: SentRequest | undefined;
    if (isStateChanging(r.method())) {
      rec = { method: r.method().toUpperCase() as StateMethod, url: r.url(), at: Date.now(), auth: carriesSecret(r.postData(), values), housekeeping: isHousekeeping(r.url()) };
      sent.push(rec);
    }
    pending.set(r, rec);
  };
  const onDone = (r: Request, failed: boolean) => {
    if (!pending.has(r)) return;
    const rec = pending.get(r);
    pending.delete(r);
    activity.push(Date.now());
    if (!rec) return;
    rec.doneAt = Date.now();
    if (failed) { rec.status = 0; return; }
    void r.response().then((res) => { rec.status = res?.status() ?? 0; }).catch(() => { rec.status = 0; });
  };
  const onFinished = (r: Request) => onDone(r, false);
  const onFailed = (r: Request) => onDone(r, true);
  const onNav = (p: Page) => (f: import('playwright-core').Frame) => { if (f === p.mainFrame()) activity.push(Date.now()); };
  const navs = new Map<Page, (f: import('playwright-core').Frame) => void>();
  const watch = (p: Page) => { if (navs.has(p)) return; const h = onNav(p); navs.set(p, h); p.on('framenavigated', h); };
  context.pages().forEach(watch);
  context.on('page', watch);
  context.on('request', onRequest);
  context.on('requestfinished', onFinished);
  context.on('requestfailed', onFailed);
  return {
    sent,
    activity,
    inflight: () => pending.size,
    dispose() {
      context.off('request', onRequest);
      context.off('requestfinished', onFinished);
      context.off('requestfailed', onFailed);
      context.off('page', watch);
      for (const [p, h] of navs) p.off('framenavigated', h);
    },
  };
}

/** What a dry run may let through. */
export interface HoldPolicy {
  /** Signatures the steps before the commit sent when they were recorded; undefined: not known, so none. */
  allowed?: RequestSignature[];
  /** Never sent, even when allowed by another step's record (the commit's own requests and everything after it). */
  forbidden: RequestSignature[];
  /** Password values: a request carrying one is a login, which the dry run needs (unless it is forbidden). */
  secrets: Iterable<string>;
}

export interface HeldRequest { method: StateMethod; path: string; at: number; url: string }

/**
 * The dry run's guard, in the browser: a context route that aborts every state-changing request the policy does
 * not allow, before it leaves, and reports it. Registered after the confinement's route, so it runs first.
 * Returns a function that removes it.
 */
export async function holdStateChanges(context: BrowserContext, policy: HoldPolicy, onHeld: (h: HeldRequest) => void): Promise<() => Promise<void>> {
  const secrets = [...policy.secrets];
  const handler = async (route: Route) => {
    const req = route.request();
    const method = req.method();
    if (!isStateChanging(method)) { await route.fallback().catch(() => {}); return; }
    const url = req.url();
    // The login and a cookie banner's answer are needed to get anywhere, and never book.
    const login = carriesSecret(req.postData(), secrets) || isConsent(url);
    const forbidden = policy.forbidden.some((s) => matchesSignature(s, method, url));
    const allowed = !forbidden && (login || (policy.allowed ?? []).some((s) => matchesSignature(s, method, url)));
    if (allowed) { await route.fallback().catch(() => {}); return; }
    onHeld({ method: method.toUpperCase() as StateMethod, path: pathTemplate(url), at: Date.now(), url });
    await route.abort('blockedbyclient').catch(() => {});
  };
  const every = () => true;
  await context.route(every, handler);
  return async () => { await context.unroute(every, handler).catch(() => {}); };
}
