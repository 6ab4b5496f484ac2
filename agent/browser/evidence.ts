// Evidence files: screenshots under artifactsDir with names built only from a timestamp and a fixed kind.
import { chmod, mkdir } from 'node:fs/promises';
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
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const file = path.join(dir, screenshotName(kind));
    await page.screenshot({ path: file, timeout: 10_000, animations: 'disabled' });
    // Playwright writes with the process umask: a screenshot of the member's bookings is theirs alone.
    await chmod(file, 0o600);
    return file;
  } catch {
    return undefined;
  }
}

/**
 * What the venue is saying on the page right now: the text of a visible alert, dialog or status message
 * (whatever language), so a failure can carry the venue's own words instead of only Lanebot's.
 */
export async function venueWords(page: Page | undefined, redact: (s: string) => string): Promise<string | undefined> {
  if (!page || page.isClosed()) return undefined;
  for (const role of ['alertdialog', 'alert', 'dialog', 'status'] as const) {
    const texts = await page.getByRole(role).filter({ visible: true }).allInnerTexts().catch(() => [] as string[]);
    const t = texts.map((x) => x.replace(/\s+/g, ' ').trim()).find((x) => x.length > 3);
    if (t) return redact(t.slice(0, 240));
  }
  return undefined;
}
