// Evidence files: screenshots under artifactsDir with names built only from a timestamp and a fixed kind.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';

let counter = 0;

/** `<timestamp>-<kind>.png`; the kind is one of ours, so no page or secret text can reach a file name. */
export function screenshotName(kind: 'book' | 'verify' | 'step', at = new Date()): string {
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  counter = (counter + 1) % 1000;
  return `${stamp}-${String(counter).padStart(3, '0')}-${kind}.png`;
}

/** Saves a viewport screenshot; evidence is best effort and never fails the attempt. Returns the absolute path. */
export async function saveScreenshot(page: Page, dir: string, kind: 'book' | 'verify' | 'step'): Promise<string | undefined> {
  if (page.isClosed()) return undefined;
  try {
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, screenshotName(kind));
    await page.screenshot({ path: file, timeout: 10_000, animations: 'disabled' });
    return file;
  } catch {
    return undefined;
  }
}

export interface PendingScreenshot {
  /** Where the file will be. */
  file: string;
  /** The path once written, undefined when the capture failed. */
  done: Promise<string | undefined>;
}

/**
 * Starts a screenshot of the page as it is now and returns its path at once, for evidence that need not hold
 * up the next step (the booking's screenshot, taken while the fresh verification page loads). The capture
 * itself starts before this returns, so it shows this moment's page as long as nobody navigates it until
 * `done` settles: callers keep it in the session's pendingEvidence, which every later use of the page awaits.
 */
export function startScreenshot(page: Page, dir: string, kind: 'book' | 'verify' | 'step'): PendingScreenshot | undefined {
  if (page.isClosed()) return undefined;
  const file = path.join(dir, screenshotName(kind));
  // Playwright sends the capture command synchronously here; the folder is made meanwhile, before the bytes arrive.
  const shot = page.screenshot({ timeout: 10_000, animations: 'disabled' });
  const done = Promise.all([shot, mkdir(dir, { recursive: true })]).then(
    async ([buf]) => { await writeFile(file, buf); return file; },
    () => undefined,
  );
  return { file, done };
}

/** Keeps a pending write in `pending` until it settles. */
export function trackEvidence(pending: Set<Promise<unknown>>, p: Promise<unknown>): void {
  const tracked = p.catch(() => undefined).finally(() => pending.delete(tracked));
  pending.add(tracked);
}

/** Waits for the evidence still being written (at most `capMs`: a wedged browser must not hold up the night). */
export async function settleEvidence(pending: Set<Promise<unknown>>, capMs = 15_000): Promise<void> {
  if (pending.size === 0) return;
  const deadline = Date.now() + capMs;
  while (pending.size > 0 && Date.now() < deadline) {
    await Promise.race([Promise.allSettled([...pending]), new Promise((r) => setTimeout(r, Math.max(1, deadline - Date.now())).unref())]);
  }
}
