// Fuzz of the two files Lanebot reads at start-up. lanebot.json: arbitrary bytes, arbitrary JSON,
// valid documents with one field broken, and torn (truncated) writes — Store.open always yields a
// store: the document when it is valid, else a set-aside notice naming a kept file with exactly the
// original bytes, never another exception and never an overwrite. secrets.json: a value is a string
// or absent, and a file that is not a secrets map is reported, never read as "no password".
// (Hand-picked corrupt/newer/v1 files are in tests/service/store.test.ts.)
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Store, DOCUMENT_FILE } from '../../electron/service/store/store';
import { documentSchema, emptyDocument, migrate, type LanebotDocument } from '../../electron/service/store/document';
import { FileSecretStore } from '../../electron/service/store/secrets';
import { attemptSchema } from '../../shared/schemas';
import { storedProfile } from '../service/fixtures/profiles';

const NOW = new Date('2026-06-13T00:01:00.000Z');
const base = mkdtempSync(join(tmpdir(), 'lanebot-fuzz-store-'));
let n = 0;
const freshDir = () => join(base, String(++n));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** A realistic document: a profile, a verified attempt, its ledger entry, a recipe and a notice. */
function sampleDocument(): LanebotDocument {
  const doc = emptyDocument();
  const profile = storedProfile({ id: 'alex-3f2a1c' });
  doc.profiles.push(profile);
  doc.attempts.push(
    attemptSchema.parse({
      id: '20260613-000100-abcd1234',
      profileId: profile.id,
      profileName: profile.name,
      trigger: 'schedule',
      runDate: '2026-06-13',
      targetDate: '2026-06-20',
      slot: '00:01',
      startedAt: '2026-06-12T23:01:00.000Z',
      endedAt: '2026-06-12T23:01:09.000Z',
      outcome: 'verified',
      summary: 'Booked and verified.',
      steps: [{ index: 0, phase: 'book', action: { action: 'click', ref: 'e12' }, ok: true, startedAt: '2026-06-12T23:01:02.000Z', durationMs: 120 }],
      timings: { totalMs: 9000 },
      verification: { found: true, method: 'rule', url: 'https://pool.example.com/my-bookings', match: { date: '2026-06-20', time: '07:00', text: 'Sat 20 Jun 07:00 Lane 3' }, seen: [] },
      screenshots: ['20260613-000100-abcd1234/verify.png'],
    }),
  );
  doc.ledger[profile.id] = { sat: { at: '2026-06-12T23:01:09.000Z', runDate: '2026-06-13', targetDate: '2026-06-20', attemptId: '20260613-000100-abcd1234', how: 'booked', evidence: 'Lane 3' } };
  doc.recipes[profile.id] = { default: { version: 1, steps: [] } };
  doc.notices.push({ id: 'n1', level: 'info', message: 'hello', at: '2026-06-01T00:00:00.000Z' });
  return documentSchema.parse(doc);
}

/** Every path to a value inside a JSON tree. */
function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [at];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...at, i])));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  return out;
}

/** The sample with the value at one path deleted or replaced. */
const brokenDocument = fc.record({ pick: fc.nat(), op: fc.constantFrom('delete', 'replace'), value: fc.jsonValue({ maxDepth: 2 }) }).map(({ pick, op, value }) => {
  const doc = structuredClone(sampleDocument()) as unknown as Record<string, unknown>;
  const all = paths(doc).filter((p) => p.length > 0);
  const p = all[pick % all.length]!;
  let parent: any = doc;
  for (const k of p.slice(0, -1)) parent = parent[k];
  const last = p[p.length - 1]!;
  if (op === 'delete') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else parent[last] = value;
  return Buffer.from(JSON.stringify(doc, null, 1));
});

const validText = JSON.stringify(sampleDocument(), null, 1);
const fileBytes = fc.oneof(
  fc.uint8Array({ maxLength: 600 }).map((a) => Buffer.from(a)),
  fc.jsonValue({ maxDepth: 3 }).map((v) => Buffer.from(JSON.stringify(v))),
  fc.record({ schemaVersion: fc.oneof(fc.integer({ min: -2, max: 5 }), fc.double(), fc.string()), rest: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })) }).map(({ schemaVersion, rest }) =>
    Buffer.from(JSON.stringify({ ...rest, schemaVersion })),
  ),
  brokenDocument,
  fc.nat({ max: validText.length }).map((cut) => Buffer.from(validText.slice(0, cut))), // a torn write
  fc.constant(Buffer.from(validText)),
);

/** What the file should mean: the migrated document, or undefined when it cannot be vouched for. */
function reference(bytes: Buffer): LanebotDocument | 'fresh' | undefined {
  const text = bytes.toString('utf8');
  if (text === '') return 'fresh';
  try {
    return migrate(JSON.parse(text)).doc;
  } catch {
    return undefined;
  }
}

describe('fuzz: Store.open on whatever is in lanebot.json', () => {
  it('yields the document, or a fresh store plus a notice naming a kept file with the original bytes; never throws', async () => {
    await fc.assert(
      fc.asyncProperty(fileBytes, async (bytes) => {
        const dir = freshDir();
        const file = join(dir, DOCUMENT_FILE);
        mkdirSync(dir, { recursive: true });
        writeFileSync(file, bytes);
        const want = reference(bytes);
        const store = await Store.open({ dir, now: () => NOW }); // must not throw, whatever the bytes
        try {
          const setAside = store.data.notices.filter((x) => x.id.startsWith('set-aside'));
          if (want === undefined) {
            expect(setAside).toHaveLength(1);
            const kept = /kept as (.+?) and Lanebot started fresh/.exec(setAside[0]!.message)?.[1];
            expect(kept, setAside[0]!.message).toBeDefined();
            expect(readFileSync(kept!).equals(bytes), 'the kept file has exactly the original bytes').toBe(true);
            expect(store.data.profiles).toEqual([]);
          } else {
            expect(setAside).toHaveLength(0);
            expect(store.data).toEqual(want === 'fresh' ? emptyDocument() : want);
          }
          // Whatever came in, what is on disk now is a valid document.
          expect(documentSchema.safeParse(JSON.parse(readFileSync(file, 'utf8'))).success).toBe(true);
        } finally {
          await store.close();
        }
        // A second start finds a good file: no new notice, same data.
        const again = await Store.open({ dir, now: () => NOW });
        try {
          expect(again.data.notices.filter((x) => x.id.startsWith('set-aside')).length).toBe(want === undefined ? 1 : 0);
          expect(readdirSync(dir).filter((f) => f.includes('.corrupt-') || f.includes('.newer-'))).toHaveLength(want === undefined ? 1 : 0);
        } finally {
          await again.close();
        }
      }),
      { numRuns: 250 },
    );
  }, 120_000);

  it('a read-only open (lanebot status) never throws and never touches the file', async () => {
    await fc.assert(
      fc.asyncProperty(fileBytes, async (bytes) => {
        const dir = freshDir();
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, DOCUMENT_FILE), bytes);
        const store = await Store.open({ dir, readOnly: true, now: () => NOW });
        await store.close();
        expect(readdirSync(dir)).toEqual([DOCUMENT_FILE]);
        expect(readFileSync(join(dir, DOCUMENT_FILE)).equals(bytes)).toBe(true);
      }),
      { numRuns: 150 },
    );
  }, 60_000);
});

describe('fuzz: secrets.json', () => {
  const key = fc.oneof(fc.constantFrom('alex-3f2a1c', 'password', 'username', 'constructor', '__proto__', 'toString', 'hasOwnProperty'), fc.string({ maxLength: 8 }));
  const secretsBytes = fc.oneof(
    fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
    fc.jsonValue({ maxDepth: 3 }).map((v) => Buffer.from(JSON.stringify(v))),
    fc.dictionary(key, fc.oneof(fc.dictionary(key, fc.oneof(fc.string(), fc.jsonValue({ maxDepth: 1 }))), fc.jsonValue({ maxDepth: 1 }))).map((v) => Buffer.from(JSON.stringify(v))),
  );

  it('get() gives the stored string or nothing, or says the file is broken; never a non-string, never a silent "no password"', async () => {
    await fc.assert(
      fc.asyncProperty(secretsBytes, key, key, async (bytes, profileId, name) => {
        const dir = freshDir();
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'secrets.json'), bytes);
        let parsed: unknown;
        try {
          parsed = JSON.parse(bytes.toString('utf8'));
        } catch {
          parsed = undefined;
        }
        // A map of maps of strings; "__proto__" is never a profile id or secret name, so a file using it is broken too.
        const plain = (o: unknown): o is Record<string, unknown> => !!o && typeof o === 'object' && !Array.isArray(o) && !Object.hasOwn(o, '__proto__');
        const isMap = plain(parsed) && Object.values(parsed).every((m) => plain(m) && Object.values(m).every((v) => typeof v === 'string'));
        const store = new FileSecretStore(dir);
        let got: { value: unknown } | { error: string };
        try {
          got = { value: await store.get(profileId, name) };
        } catch (e) {
          got = { error: (e as Error).message };
        }
        if (!isMap) {
          expect(got, 'a file that is not a secrets map must be reported').toEqual({ error: expect.stringMatching(/could not be read/) });
        } else {
          const m = parsed as Record<string, Record<string, string>>;
          const expected = Object.hasOwn(m, profileId) && Object.hasOwn(m[profileId]!, name) ? m[profileId]![name] : undefined;
          expect(got).toEqual({ value: expected });
        }
      }),
      { numRuns: 400 },
    );
  });
});
