// The calendar feed's own secret: calendar apps cannot send headers, so the feed URL carries a
// per-install token in its path. It is not the API token (which changes every launch and opens
// everything): it only reads the feed, survives restarts so a subscription keeps working, and is
// kept in a 0600 file in the data folder. Deleting the file revokes every subscription.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileDurably } from '../store/durable-file';

export const FEED_TOKEN_FILE = 'calendar-feed.token';

export async function feedToken(home: string): Promise<string> {
  const path = join(home, FEED_TOKEN_FILE);
  try {
    const t = (await readFile(path, 'utf8')).trim();
    if (/^[A-Za-z0-9_-]{32,}$/.test(t)) {
      await chmod(path, 0o600);
      return t;
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const t = randomBytes(24).toString('base64url');
  await writeFileDurably(path, `${t}\n`, 0o600);
  return t;
}

export function sameFeedToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export const feedPath = (token: string) => `/calendar/${token}.ics`;
