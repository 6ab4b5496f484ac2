// Confinement: requests and navigations stay on the venue's allowed origins; secrets are only typed there.
import type { BrowserContext, Frame, Page, Route } from 'playwright-core';
import { isTotpSecret } from '../core/secret-names';

export function normalizeOrigin(o: string): string | undefined {
  try {
    const u = new URL(o.includes('://') ? o : `https://${o}`);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    return u.origin;
  } catch {
    return undefined;
  }
}

/** Allowed origins of a venue: the configured ones plus the start page's own origin. */
export function allowedOriginSet(startUrl: string, allowed: string[]): Set<string> {
  const set = new Set<string>();
  for (const o of [startUrl, ...allowed]) {
    const n = normalizeOrigin(o);
    if (n) set.add(n);
  }
  return set;
}

/** about:blank, data: and blob: documents carry no request to anyone; every other URL must be on an allowed origin. */
export function isAllowedUrl(url: string, allowed: Set<string>): boolean {
  if (url === 'about:blank' || url.startsWith('data:') || url.startsWith('blob:') || url === 'about:srcdoc') return true;
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && allowed.has(u.origin);
  } catch {
    return false;
  }
}

export interface BlockedRequest { url: string; navigation: boolean; at: number }

export interface Confinement {
  allowed: Set<string>;
  /** Every request or navigation we stopped, with the URL already redacted. */
  blocked: BlockedRequest[];
  /** Takes the blocked navigations seen since the last call: the agent reports them to the model. */
  takeBlockedNavigations(): BlockedRequest[];
  watchPage(page: Page): void;
}

/**
 * Aborts every request to a non-allowed origin before it is sent (context-wide, so popups, frames
 * and subresources are covered), including redirect hops, and as a last line sends a page that
 * still ended up elsewhere back to a blank page.
 */
export async function confineContext(context: BrowserContext, allowed: Set<string>, redact: (s: string) => string): Promise<Confinement> {
  const blocked: BlockedRequest[] = [];
  let unseen: BlockedRequest[] = [];
  const note = (url: string, navigation: boolean) => {
    const b = { url: redact(url).slice(0, 300), navigation, at: Date.now() };
    blocked.push(b);
    if (navigation) unseen.push(b);
  };
  // Playwright does not route the hops of a redirect chain, so allowed requests are fetched here
  // hop by hop (maxRedirects: 0) and a redirect off the allowed origins is stopped before it is followed.
  await context.route(
    () => true,
    async (route: Route) => {
      const req = route.request();
      const url = req.url();
      if (!isAllowedUrl(url, allowed)) {
        note(url, req.isNavigationRequest());
        await route.abort('blockedbyclient').catch(() => {});
        return;
      }
      if (!/^https?:/.test(url)) {
        await route.continue().catch(() => {});
        return;
      }
      let response;
      try {
        response = await route.fetch({ maxRedirects: 0, timeout: FETCH_TIMEOUT_MS });
      } catch {
        await route.abort('failed').catch(() => {});
        return;
      }
      const location = response.headers()['location'];
      if (response.status() >= 300 && response.status() < 400 && location) {
        let to: string;
        try { to = new URL(location, url).toString(); } catch { to = location; }
        if (!isAllowedUrl(to, allowed)) {
          note(to, req.isNavigationRequest());
          await route.abort('blockedbyclient').catch(() => {});
          return;
        }
      }
      await route.fulfill({ response }).catch(() => {});
    },
  );
  await context.routeWebSocket(
    (url) => !isAllowedUrl(url.toString().replace(/^ws/, 'http'), allowed),
    async (ws) => { note(ws.url(), false); await ws.close({ code: 1008, reason: 'blocked' }).catch(() => {}); },
  );
  const watched = new WeakSet<Page>();
  const watchPage = (page: Page) => {
    if (watched.has(page)) return;
    watched.add(page);
    page.on('framenavigated', (frame: Frame) => {
      const url = frame.url();
      // Chromium's error page for a navigation our route aborted: already noted, no request was made.
      if (isAllowedUrl(url, allowed) || url.startsWith('chrome-error:')) return;
      note(url, true);
      if (frame === page.mainFrame()) void page.goto('about:blank').catch(() => {});
    });
  };
  for (const p of context.pages()) watchPage(p);
  context.on('page', watchPage);
  return {
    allowed,
    blocked,
    takeBlockedNavigations() {
      const out = unseen;
      unseen = [];
      return out;
    },
    watchPage,
  };
}

const FETCH_TIMEOUT_MS = 30_000;

const PLACEHOLDER = /\{\{\s*([\w.-]+)\s*\}\}/g;

export function placeholdersIn(s: string): string[] {
  return [...s.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/**
 * Replaces `{{name}}` with the secret's value, but only for a frame on an allowed origin; anywhere
 * else the placeholder is refused, so an injected page cannot harvest a secret.
 */
export function substituteSecrets(
  value: string,
  frameUrl: string,
  allowed: Set<string>,
  secrets: Map<string, string>,
): { ok: true; value: string; used: string[] } | { ok: false; error: string } {
  const names = placeholdersIn(value);
  if (names.length === 0) return { ok: true, value, used: [] };
  // The authenticator's seed is never typed: Lanebot types only the codes it makes from it, by itself.
  const seed = names.find(isTotpSecret);
  if (seed) return { ok: false, error: `{{${seed}}} is the authenticator's secret and is never typed; Lanebot enters the one-time code by itself.` };
  if (!isAllowedUrl(frameUrl, allowed) || !/^https?:/.test(frameUrl)) {
    return { ok: false, error: `Secrets may only be typed on the venue's own site; this field is on ${safeOrigin(frameUrl)}.` };
  }
  const missing = names.filter((n) => !secrets.has(n));
  if (missing.length) {
    return { ok: false, error: `Unknown secret ${missing.map((n) => `{{${n}}}`).join(', ')}; available: ${[...secrets.keys()].map((n) => `{{${n}}}`).join(', ') || 'none'}.` };
  }
  return { ok: true, value: value.replace(PLACEHOLDER, (_m, n: string) => secrets.get(n)!), used: names };
}

function safeOrigin(url: string): string {
  try { return new URL(url).origin; } catch { return 'another site'; }
}

/** A page the agent can work on: an http(s) document on an allowed origin (not blank, not an error page). */
export function isVenuePage(url: string, allowed: Set<string>): boolean {
  return /^https?:/.test(url) && isAllowedUrl(url, allowed);
}
