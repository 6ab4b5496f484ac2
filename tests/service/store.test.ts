// The store's promises: a write that resolved survives kill -9, a file it cannot read is moved aside
// (never overwritten), old schemas migrate with a backup, one process owns the folder, a throwing
// change saves nothing, files are private, and secrets live only in the secrets file.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Store, MAX_ATTEMPTS, DOCUMENT_FILE } from '../../electron/service/store/store';
import { OwnerLockError } from '../../electron/service/store/owner-lock';
import { FileSecretStore } from '../../electron/service/store/secrets';
import { emptyDocument, SCHEMA_VERSION } from '../../electron/service/store/document';
import { writeFileDurably } from '../../electron/service/store/durable-file';
import { testService } from './fixtures/service';
import { profileInput } from './fixtures/profiles';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = resolve(HERE, '../..');
const WRITER = join(HERE, 'fixtures', 'store-writer.ts');
const NOW = new Date('2026-11-24T12:00:00.000Z');
const STAMP = '2026-11-24T12-00-00-000Z';

const open: Store[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

function tempDir(label: string): string {
  return join(mkdtempSync(join(tmpdir(), `lanebot-store-${label}-`)), 'data');
}

async function openStore(dir: string, extra: { readOnly?: boolean } = {}): Promise<Store> {
  const s = await Store.open({ dir, now: () => NOW, ...extra });
  if (!extra.readOnly) open.push(s);
  return s;
}

/** Runs the writer child until a SIGKILL `delayMs` after it has opened the store; returns what it acknowledged. */
function runWriterThenKill(dir: string, prefix: string, delayMs: number): Promise<{ acked: string[]; pid: number; signal: string | null }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir, prefix], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: string[] = [];
    let buf = '';
    let stderr = '';
    const guard = setTimeout(() => child.kill('SIGKILL'), 20_000); // never leave a writer running
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        // The kill clock starts at the first acknowledged write, so a slow, loaded machine still
        // kills mid-stream rather than before anything was written.
        if (line.startsWith('ack ')) {
          acked.push(line.slice(4));
          if (acked.length === 1) setTimeout(() => child.kill('SIGKILL'), delayMs);
        }
      }
    });
    child.stderr.on('data', (c) => (stderr += String(c)));
    child.on('error', fail);
    // 'close' comes after the pipes drained, so every ack the child wrote has been read.
    child.on('close', (_code, signal) => {
      clearTimeout(guard);
      if (signal !== 'SIGKILL') return fail(new Error(`writer ended without being killed: ${stderr}`));
      done({ acked, pid: child.pid!, signal });
    });
  });
}

describe('durability under kill -9', () => {
  it('keeps every acknowledged write and always leaves a readable file, taking over the stale lock', async () => {
    const dir = tempDir('kill');
    const ROUNDS = 5;
    const allAcked: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const delay = 100 + Math.floor(Math.random() * 500);
      const { acked, pid } = await runWriterThenKill(dir, `r${round}`, delay);
      expect(acked.length, `round ${round} wrote something before the kill`).toBeGreaterThan(0);
      allAcked.push(...acked);

      // The killed owner left its lock behind; a new owner must take it over, not refuse forever.
      const lock = join(dir, 'lanebot.lock');
      expect(readFileSync(lock, 'utf8')).toBe(String(pid));

      const store = await Store.open({ dir, now: () => NOW });
      try {
        expect(readFileSync(lock, 'utf8')).toBe(String(process.pid));
        expect(store.data.notices.filter((n) => n.id.startsWith('set-aside')), `round ${round}: file was unreadable`).toEqual([]);
        expect(readdirSync(dir).filter((f) => f.includes('.corrupt-') || f.includes('.newer-'))).toEqual([]);
        // Each round may add one write that landed but was never acknowledged, so allow for those when trimming.
        const mustHave = allAcked.slice(-(MAX_ATTEMPTS - ROUNDS));
        const ids = new Set(store.data.attempts.map((a) => a.id));
        expect(mustHave.filter((id) => !ids.has(id)), `round ${round}: acknowledged but lost`).toEqual([]);
      } finally {
        await store.close();
      }
      expect(existsSync(lock)).toBe(false);
    }
  }, 60_000);
});

describe('writeFileDurably', () => {
  it('replaces a file atomically: a reader polling during many large writes only ever sees a whole old or new version', async () => {
    const dir = tempDir('atomic');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 'doc.json');
    // Several MiB, so Node writes in chunks with event-loop turns between them, where the poller runs.
    const versions = ['a', 'b'].map((c) => JSON.stringify({ v: c, pad: c.repeat(3 * 1024 * 1024) }));
    await writeFileDurably(path, versions[0]!);
    let reads = 0;
    const seen = new Set<string>();
    let polling = true;
    const poll = () => {
      if (!polling) return;
      const t = readFileSync(path, 'utf8');
      reads++;
      seen.add(versions.includes(t) ? t.slice(6, 7) : `torn(${t.length})`);
      setImmediate(poll);
    };
    setImmediate(poll);
    for (let i = 1; i <= 8; i++) await writeFileDurably(path, versions[i % 2]!);
    polling = false;
    expect(reads).toBeGreaterThan(8);
    expect([...seen].sort()).toEqual(['a', 'b']);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['doc.json']); // no temp files left behind
  });
});

describe('files it cannot use are set aside, never overwritten', () => {
  it('moves corrupt JSON aside with its bytes intact and starts fresh with a notice naming the kept file', async () => {
    const dir = tempDir('corrupt');
    mkdirSync(dir, { recursive: true });
    const bytes = '{"schemaVersion": 2, "profiles": [ {"name": "Al';
    writeFileSync(join(dir, DOCUMENT_FILE), bytes);

    const store = await openStore(dir);
    const kept = join(dir, `${DOCUMENT_FILE}.corrupt-${STAMP}`);
    expect(readFileSync(kept, 'utf8')).toBe(bytes);
    expect(store.data.profiles).toEqual([]);
    expect(store.data.notices).toHaveLength(1);
    expect(store.data.notices[0]!.level).toBe('error');
    expect(store.data.notices[0]!.message).toContain(kept);
    expect(store.data.notices[0]!.message).toContain('not valid JSON');
    // The fresh document is on disk, so the next start does not warn again.
    const fresh = JSON.parse(readFileSync(join(dir, DOCUMENT_FILE), 'utf8'));
    expect(fresh.schemaVersion).toBe(SCHEMA_VERSION);
    expect(fresh.notices).toHaveLength(1);
  });

  it('sets aside valid JSON that breaks the schema, naming the bad field', async () => {
    const dir = tempDir('invalid');
    mkdirSync(dir, { recursive: true });
    const bad = { ...emptyDocument(), profiles: [{ id: 'x', name: 42 }] };
    const bytes = JSON.stringify(bad);
    writeFileSync(join(dir, DOCUMENT_FILE), bytes);
    const store = await openStore(dir);
    const kept = join(dir, `${DOCUMENT_FILE}.corrupt-${STAMP}`);
    expect(readFileSync(kept, 'utf8')).toBe(bytes);
    expect(store.data.notices[0]!.message).toMatch(/invalid at profiles\.0\./);
    expect(store.data.notices[0]!.message).toContain(kept);
  });

  it('sets aside a file from a newer Lanebot as *.newer-* rather than guessing at it', async () => {
    const dir = tempDir('newer');
    mkdirSync(dir, { recursive: true });
    const bytes = JSON.stringify({ ...emptyDocument(), schemaVersion: SCHEMA_VERSION + 1, futureField: [1, 2, 3] });
    writeFileSync(join(dir, DOCUMENT_FILE), bytes);
    const store = await openStore(dir);
    const kept = join(dir, `${DOCUMENT_FILE}.newer-${STAMP}`);
    expect(readFileSync(kept, 'utf8')).toBe(bytes);
    expect(store.data.schemaVersion).toBe(SCHEMA_VERSION);
    expect(store.data.notices[0]!.message).toContain(kept);
    expect(store.data.notices[0]!.message).toContain(`schema ${SCHEMA_VERSION + 1}`);
  });

  it('a read-only open of a corrupt file leaves it where it is', async () => {
    const dir = tempDir('ro-corrupt');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, DOCUMENT_FILE), 'not json');
    const store = await openStore(dir, { readOnly: true });
    expect(store.data.profiles).toEqual([]);
    expect(readdirSync(dir)).toEqual([DOCUMENT_FILE]);
    expect(readFileSync(join(dir, DOCUMENT_FILE), 'utf8')).toBe('not json');
  });
});

describe('migration', () => {
  const v1 = {
    schemaVersion: 1,
    settings: { model: 'llama3.2:3b' },
    profiles: [
      {
        id: 'alex',
        name: 'Alex swim',
        enabled: true,
        startUrl: 'https://pool.example.com/login?x=1',
        bookingsUrl: 'https://pool.example.com/my',
        timeZone: 'Europe/London',
        daysAhead: 7,
        days: ['sat', 'sun'],
        instructions: 'Book lane 3 on {date}',
        lastSuccess: {
          sat: { at: '2026-11-21T00:01:07.000Z', runDate: '2026-11-21', targetDate: '2026-11-28', attemptId: 'a1', how: 'booked', evidence: 'Sat 28 Nov Lane 3' },
        },
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
      },
    ],
    attempts: [],
  };

  it('brings a v1 file to v2: venue grouped, successes moved to the ledger, the original kept as .v1.bak', async () => {
    const dir = tempDir('v1');
    mkdirSync(dir, { recursive: true });
    const bytes = JSON.stringify(v1, null, 2);
    writeFileSync(join(dir, DOCUMENT_FILE), bytes);

    const store = await openStore(dir);
    const p = store.data.profiles[0]!;
    expect(p.venue).toEqual({
      startUrl: 'https://pool.example.com/login?x=1',
      allowedOrigins: ['https://pool.example.com'],
      timeZone: 'Europe/London',
      daysAhead: 7,
      bookingsUrl: 'https://pool.example.com/my',
    });
    expect(p).not.toHaveProperty('startUrl');
    expect(p).not.toHaveProperty('lastSuccess');
    expect(p.weekdays.sat.book).toBe(true);
    expect(p.weekdays.sun.book).toBe(true);
    expect(p.weekdays.mon.book).toBe(false);
    expect(store.data.ledger.alex?.sat?.attemptId).toBe('a1');
    expect(store.data.settings.model).toBe('llama3.2:3b');
    expect(store.data.notices.filter((n) => n.id.startsWith('set-aside'))).toEqual([]);

    expect(readFileSync(join(dir, `${DOCUMENT_FILE}.v1.bak`), 'utf8')).toBe(bytes);
    const onDisk = JSON.parse(readFileSync(join(dir, DOCUMENT_FILE), 'utf8'));
    expect(onDisk.schemaVersion).toBe(2);
    expect(onDisk.ledger.alex.sat.targetDate).toBe('2026-11-28');

    // Reopening reads v2 as is: no second migration, the backup untouched.
    await store.close();
    open.length = 0;
    const again = await openStore(dir);
    expect(again.data.profiles[0]!.venue.timeZone).toBe('Europe/London');
    expect(readFileSync(join(dir, `${DOCUMENT_FILE}.v1.bak`), 'utf8')).toBe(bytes);
  });
});

describe('ownership', () => {
  it('refuses a second owner while the first is open, allows a read-only reader, and frees the folder on close', async () => {
    const dir = tempDir('lock');
    const first = await openStore(dir);
    await first.update((d) => {
      d.settings.model = 'first:1b';
    });

    const err = await Store.open({ dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OwnerLockError);
    expect((err as OwnerLockError).pid).toBe(process.pid);

    const reader = await Store.open({ dir, readOnly: true });
    expect(reader.data.settings.model).toBe('first:1b');
    await expect(reader.update(() => {})).rejects.toThrow(/read-only/);
    await reader.close();
    // Closing a reader must not free the owner's lock.
    await expect(Store.open({ dir })).rejects.toBeInstanceOf(OwnerLockError);

    await first.close();
    open.length = 0;
    const second = await openStore(dir);
    expect(second.data.settings.model).toBe('first:1b');
  });

  it('refuses a folder whose lock is held by another live process', async () => {
    const dir = tempDir('lock-live');
    mkdirSync(dir, { recursive: true });
    // Our parent process is alive and not us: exactly what a running service looks like.
    writeFileSync(join(dir, 'lanebot.lock'), String(process.ppid));
    const err = await Store.open({ dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OwnerLockError);
    expect((err as OwnerLockError).pid).toBe(process.ppid);
    expect((err as Error).message).toContain(String(process.ppid));
  });
});

describe('updates', () => {
  it('a throwing updater leaves the document and the file exactly as they were', async () => {
    const dir = tempDir('throw');
    const store = await openStore(dir);
    await store.update((d) => {
      d.settings.model = 'before:1b';
    });
    const fileBefore = readFileSync(join(dir, DOCUMENT_FILE), 'utf8');
    const docBefore = structuredClone(store.data);

    await expect(
      store.update((d) => {
        d.settings.model = 'half:1b';
        d.profiles.push({} as never);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');

    expect(store.data).toEqual(docBefore);
    expect(readFileSync(join(dir, DOCUMENT_FILE), 'utf8')).toBe(fileBefore);
    // The queue is not wedged by the failure.
    await store.update((d) => {
      d.settings.model = 'after:1b';
    });
    expect(JSON.parse(readFileSync(join(dir, DOCUMENT_FILE), 'utf8')).settings.model).toBe('after:1b');
  });

  it('applies concurrent updates in order without losing any', async () => {
    const dir = tempDir('order');
    const store = await openStore(dir);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.update((d) => {
          d.notices.push({ id: `n${i}`, level: 'info', message: String(i), at: NOW.toISOString() });
        }),
      ),
    );
    const onDisk = JSON.parse(readFileSync(join(dir, DOCUMENT_FILE), 'utf8'));
    expect(onDisk.notices.map((n: { id: string }) => n.id)).toEqual(Array.from({ length: 20 }, (_, i) => `n${i}`));
  });

  it('keeps only the newest MAX_ATTEMPTS attempts', async () => {
    const dir = tempDir('cap');
    const store = await openStore(dir);
    await store.update((d) => {
      for (let i = 0; i < MAX_ATTEMPTS + 5; i++) {
        d.attempts.push({
          id: `a${i}`,
          profileId: 'p',
          profileName: 'P',
          trigger: 'schedule',
          runDate: '2026-11-24',
          targetDate: '2026-12-01',
          startedAt: NOW.toISOString(),
          outcome: 'failed',
          summary: '',
          steps: [],
          timings: {},
          screenshots: [],
        });
      }
    });
    expect(store.data.attempts).toHaveLength(MAX_ATTEMPTS);
    expect(store.data.attempts[0]!.id).toBe('a5');
  });
});

describe('file permissions', () => {
  it('creates the folder 0700 and lanebot.json and secrets.json 0600', async () => {
    const dir = tempDir('modes');
    const store = await openStore(dir);
    // A new folder gets its document at once, not at the first change.
    expect(JSON.parse(readFileSync(join(dir, DOCUMENT_FILE), 'utf8')).schemaVersion).toBe(SCHEMA_VERSION);
    await store.update((d) => {
      d.settings.model = 'x:1b';
    });
    const secrets = new FileSecretStore(dir);
    await secrets.set('alex', 'password', 'hunter2-secret');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, DOCUMENT_FILE)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
  });

  it('tightens a data file someone loosened', async () => {
    const dir = tempDir('loose');
    const s = await openStore(dir);
    await s.close();
    open.length = 0;
    chmodSync(join(dir, DOCUMENT_FILE), 0o644);
    await openStore(dir);
    expect(statSync(join(dir, DOCUMENT_FILE)).mode & 0o777).toBe(0o600);

    const secrets = new FileSecretStore(dir);
    await secrets.set('alex', 'password', 'pw-123');
    chmodSync(join(dir, 'secrets.json'), 0o644);
    expect(await new FileSecretStore(dir).get('alex', 'password')).toBe('pw-123');
    expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
  });
});

describe('FileSecretStore', () => {
  it('round-trips, deletes one or all, and survives a new instance', async () => {
    const dir = tempDir('secrets');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const s = new FileSecretStore(dir);
    expect(await s.get('alex', 'password')).toBeUndefined();
    expect(await s.has('alex', 'password')).toBe(false);
    await Promise.all([s.set('alex', 'username', 'alex@example.com'), s.set('alex', 'password', 'p@ss w0rd/"é'), s.set('sam', 'password', 'sam-pw')]);

    const again = new FileSecretStore(dir);
    expect(await again.get('alex', 'username')).toBe('alex@example.com');
    expect(await again.get('alex', 'password')).toBe('p@ss w0rd/"é');
    expect(await again.has('sam', 'password')).toBe(true);

    await again.delete('alex', 'password');
    expect(await again.has('alex', 'password')).toBe(false);
    expect(await again.get('alex', 'username')).toBe('alex@example.com');
    await again.delete('alex');
    expect(await again.has('alex', 'username')).toBe(false);
    expect(await new FileSecretStore(dir).get('sam', 'password')).toBe('sam-pw');
    expect(JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8'))).toEqual({ sam: { password: 'sam-pw' } });
  });

  it('says which file is broken instead of treating an unreadable secrets file as "no password"', async () => {
    const dir = tempDir('secrets-bad');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'secrets.json'), '{oops');
    await expect(new FileSecretStore(dir).get('alex', 'password')).rejects.toThrow(join(dir, 'secrets.json'));
  });

  it('a password saved with a profile is in secrets.json and never in lanebot.json', async () => {
    const service = await testService();
    try {
      const password = 'Sup3r-Secret-Pa55';
      const saved = (await service.handle('profiles.save', { profile: profileInput(), secrets: { username: 'alex', password } })) as { id: string };
      const doc = readFileSync(join(service.dataDir, DOCUMENT_FILE), 'utf8');
      expect(doc).toContain(saved.id);
      expect(doc).not.toContain(password);
      expect(JSON.parse(readFileSync(join(service.dataDir, 'secrets.json'), 'utf8'))[saved.id].password).toBe(password);
      expect(await service.core.secrets.get(saved.id, 'password')).toBe(password);
    } finally {
      await service.shutdown({ abortRunning: true, timeoutMs: 1000 });
    }
  });
});
