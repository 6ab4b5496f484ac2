// Issue 13, item 6: the agent's browser saves no logins or form data. Chromium's profile kept the
// venue username in its "Login Data" (password manager) and "Web Data" (autofill) databases after a
// real login; with a persistent profile (kept cookies) that file stays on disk between nights. Its
// Preferences are now set before every launch (no password manager, no autofill): after a real login
// in a persistent profile, neither SQLite file holds the username or the password, read as raw bytes.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSession } from '../../agent/index';
import { competent } from '../fake-ollama/behaviours';
import { MEMBER, TARGET, removeDir, sessionOptions, tempDir, useAgentFixture } from './helpers';

const f = useAgentFixture('saved-logins', { layout: 'cards', behaviour: competent() });

/** Every file under the profile whose name starts with one of the names (SQLite journals and WAL included). */
async function databases(dir: string, names: string[]): Promise<{ file: string; bytes: string }[]> {
  const out: { file: string; bytes: string }[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || !names.some((n) => e.name.startsWith(n))) continue;
    const file = path.join(e.parentPath, e.name);
    out.push({ file, bytes: (await readFile(file)).toString('latin1') });
  }
  return out;
}

describe('a persistent browser profile after a real login', () => {
  it('has Login Data and Web Data without the username or the password', async () => {
    const profile = await tempDir('saved-logins-profile');
    try {
      const o = sessionOptions(f.venue, f.fake, f.dir, { browser: { executablePath: '/usr/bin/chromium', headless: true, userDataDir: profile } });
      const session = await openSession(o);
      try {
        // verify() logs in with the member's username and password (the deterministic login), then reads the bookings page.
        const r = await session.verify({ date: TARGET, time: '07:00' });
        expect(r.failure, JSON.stringify(r.failure)).toBeUndefined();
      } finally {
        await session.close();
      }
      const dbs = await databases(profile, ['Login Data', 'Web Data']);
      // The databases exist (Chromium creates them whatever the settings), so the search below is not vacuous.
      expect(dbs.map((d) => path.basename(d.file))).toEqual(expect.arrayContaining(['Login Data', 'Web Data']));
      for (const d of dbs) {
        expect(d.bytes.includes(MEMBER.username), `username in ${path.relative(profile, d.file)}`).toBe(false);
        expect(d.bytes.includes(MEMBER.password), `password in ${path.relative(profile, d.file)}`).toBe(false);
      }
    } finally {
      await removeDir(profile);
    }
  }, 90_000);
});
