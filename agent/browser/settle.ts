// Waiting for a page to settle after an action: pending navigations and fetches, with a hard cap.
import type { Page, Request, Response } from 'playwright-core';

export interface PageWatch {
  /** Waits until navigations and fetch/XHR started since the action have finished; false when the cap passed first. */
  settle(capMs: number): Promise<boolean>;
  /**
   * Marks the moment an action starts: the next settle() counts only requests from here on as the action's
   * (the page's own background fetches while the model thought must not pass for them).
   */
  arm(): void;
  /** HTTP status of the last main-frame document response. */
  readonly lastDocumentStatus: number | undefined;
  dispose(): void;
}

export function watchPage(page: Page): PageWatch {
  const inflight = new Set<Request>();
  let lastDocumentStatus: number | undefined;
  // Requests started so far, and how many had started when the action began (arm(), or the last settle() ending):
  // what came since is the action's.
  let started = 0;
  let armedAt = 0;
  const onRequest = (r: Request) => {
    const t = r.resourceType();
    if (t === 'document' || t === 'fetch' || t === 'xhr') { inflight.add(r); started++; }
  };
  const onDone = (r: Request) => { inflight.delete(r); };
  const onResponse = (r: import('playwright-core').Response) => {
    if (r.request().isNavigationRequest() && r.frame() === page.mainFrame()) lastDocumentStatus = r.status();
  };
  page.on('request', onRequest);
  page.on('requestfinished', onDone);
  page.on('requestfailed', onDone);
  page.on('response', onResponse);
  return {
    async settle(capMs: number) {
      const deadline = Date.now() + capMs;
      // Give a click's navigation or fetch a moment to start; once one has, there is nothing left to give time to.
      const graceEnd = Date.now() + 60;
      while (started === armedAt && Date.now() < graceEnd && !page.isClosed()) {
        await new Promise((r) => setTimeout(r, 5));
      }
      while (inflight.size > 0 && Date.now() < deadline && !page.isClosed()) {
        await new Promise((r) => setTimeout(r, 25));
      }
      const quiet = inflight.size === 0;
      armedAt = started;
      if (!page.isClosed()) {
        await page.waitForLoadState('domcontentloaded', { timeout: Math.max(1, deadline - Date.now()) }).catch(() => {});
      }
      return quiet;
    },
    arm() { armedAt = started; },
    get lastDocumentStatus() { return lastDocumentStatus; },
    dispose() {
      page.off('request', onRequest);
      page.off('requestfinished', onDone);
      page.off('requestfailed', onDone);
      page.off('response', onResponse);
    },
  };
}

export interface SettleOptions {
  /** Give up waiting after this long (the page is read as it is then). */
  maxMs: number;
  /** The page must look the same, with no request in flight, for this long. */
  quietMs: number;
  /** Poll interval. */
  pollMs?: number;
}

/**
 * Waits until a loaded page has settled: no document/fetch/XHR request in flight and its accessibility tree
 * unchanged for `quietMs`, within `maxMs`. Lists that a script builds after the load event (a fetch, then a
 * render) are read once they are there, not at the load event. Returns the last snapshot and whether it settled.
 */
export async function waitForSettled(page: Page, o: SettleOptions): Promise<{ raw: string; settled: boolean; waitedMs: number }> {
  const t0 = Date.now();
  const inflight = new Set<Request>();
  const onRequest = (r: Request) => {
    const t = r.resourceType();
    if (t === 'document' || t === 'fetch' || t === 'xhr') inflight.add(r);
  };
  const onDone = (r: Request) => { inflight.delete(r); };
  page.on('request', onRequest);
  page.on('requestfinished', onDone);
  page.on('requestfailed', onDone);
  try {
    await page.waitForLoadState('load', { timeout: o.maxMs }).catch(() => {});
    let last = '';
    let sameSince = Date.now();
    for (;;) {
      const raw = await page.ariaSnapshot({ mode: 'ai', timeout: Math.max(500, o.maxMs) }).catch(() => last);
      const now = Date.now();
      if (raw !== last || inflight.size > 0) { last = raw; sameSince = now; }
      if (now - sameSince >= o.quietMs) return { raw, settled: true, waitedMs: now - t0 };
      if (now - t0 >= o.maxMs || page.isClosed()) return { raw, settled: false, waitedMs: now - t0 };
      await new Promise((r) => setTimeout(r, o.pollMs ?? 150));
    }
  } finally {
    page.off('request', onRequest);
    page.off('requestfinished', onDone);
    page.off('requestfailed', onDone);
  }
}

/** How long an opened page may take to draw itself, and how long it must then look the same. */
export const OPENED_SETTLE = { maxMs: 5_000, quietMs: 300 };

/**
 * Opens `url` and waits until the page has drawn itself. An app shell shows nothing but "Loading…" until the
 * server has said who is signed in, then draws the login form or the page: judged at DOMContentLoaded, its
 * login form is missed (and the model is left to type the login). The wait is capped, so a page that keeps a
 * request open is read as it is after OPENED_SETTLE.maxMs.
 */
export async function gotoSettled(page: Page, url: string, timeoutMs: number): Promise<Response | null> {
  const watch = watchPage(page);
  try {
    const res = await page.goto(url, { timeout: timeoutMs, waitUntil: 'domcontentloaded' });
    await watch.settle(OPENED_SETTLE.maxMs);
    await waitForSettled(page, OPENED_SETTLE);
    return res;
  } finally {
    watch.dispose();
  }
}
