// The API contract at the boundary: every method refuses junk with an error that names the field,
// and fuzzing (fast-check) shows that any input gives a value or an ApiError with `fields`, never
// another exception; the same for the time-of-day parser and placeholder rendering.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ApiError, METHODS, parseRequest, type Method } from '../../shared/contract';
import { timeOfDaySchema, WEEKDAYS } from '../../shared/schemas';
import { PLACEHOLDER_NAMES, renderInstructions, secretPlaceholders, unknownPlaceholders } from '../../shared/placeholders';
import type { LanebotService } from '../../electron/service/index';
import { testService } from './fixtures/service';
import { profileInput } from './fixtures/profiles';

/** Runs `f`; returns its value, or the ApiError it threw. Any other exception fails the test. */
function valueOrApiError(f: () => unknown): { ok: true; value: unknown } | { ok: false; error: ApiError } {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    if (!(e instanceof ApiError)) throw new Error(`expected an ApiError, got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    return { ok: false, error: e };
  }
}
async function valueOrApiErrorAsync(f: () => Promise<unknown>) {
  try {
    return { ok: true as const, value: await f() };
  } catch (e) {
    if (!(e instanceof ApiError)) throw new Error(`expected an ApiError, got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    return { ok: false as const, error: e };
  }
}

function expectFieldError(e: ApiError) {
  expect(e.code).toBe('invalid');
  expect(e.fields).toBeDefined();
  const entries = Object.entries(e.fields!);
  expect(entries.length).toBeGreaterThan(0);
  for (const [k, v] of entries) {
    expect(k.length).toBeGreaterThan(0);
    expect(typeof v).toBe('string');
    expect(v.length).toBeGreaterThan(0);
  }
  // The message leads with the first field, so a one-line display still says where.
  expect(e.message.startsWith(`${entries[0]![0]}: `)).toBe(true);
}

const valid = profileInput();
const previewBase = { instructions: 'Book {date}', timeZone: 'Europe/London', daysAhead: 7 };

/** For each method: a junk request and the field its error must name. Every method needs a row. */
const JUNK: Record<Method, [unknown, string][]> = {
  'status.get': [[{ verbose: true }, 'verbose']],
  'profiles.list': [[{ all: 1 }, 'all']],
  'profiles.save': [
    [{}, 'profile'],
    [{ profile: { ...valid, name: '   ' } }, 'profile.name'],
    [{ profile: { ...valid, venue: { ...valid.venue, startUrl: 'javascript:alert(1)' } } }, 'profile.venue.startUrl'],
    [{ profile: { ...valid, venue: { ...valid.venue, allowedOrigins: ['https://pool.example.com/path'] } } }, 'profile.venue.allowedOrigins.0'],
    [{ profile: { ...valid, venue: { ...valid.venue, timeZone: 'Mars/Olympus' } } }, 'profile.venue.timeZone'],
    [{ profile: { ...valid, venue: { ...valid.venue, daysAhead: 7.5 } } }, 'profile.venue.daysAhead'],
    [{ profile: { ...valid, attemptTimes: ['00:10', '7:5'] } }, 'profile.attemptTimes.1'],
    [{ profile: { ...valid, attemptTimes: ['00:10', '00:10'] } }, 'profile.attemptTimes'],
    [{ profile: { ...valid, attemptTimes: [] } }, 'profile.attemptTimes'],
    [{ profile: { ...valid, weekdays: { ...valid.weekdays, sat: { book: 'yes' } } } }, 'profile.weekdays.sat.book'],
    [{ profile: { ...valid, secretNames: ['Password'] } }, 'profile.secretNames.0'],
    [{ profile: valid, secrets: { password: 42 } }, 'secrets.password'],
    [{ profile: valid, extra: 1 }, 'extra'],
  ],
  'profiles.delete': [
    [{ id: '../etc' }, 'id'],
    [{}, 'id'],
  ],
  'profiles.preview': [
    [{ ...previewBase, instructions: 5 }, 'instructions'],
    [{ ...previewBase, daysAhead: 61 }, 'daysAhead'],
    [{ ...previewBase, count: 0 }, 'count'],
    [{ ...previewBase, from: '2026-02-31' }, 'from'],
    [{ ...previewBase, from: '2026-13-01' }, 'from'],
  ],
  'attempts.list': [
    [{ limit: 0 }, 'limit'],
    [{ outcome: 'won' }, 'outcome'],
    [{ profileId: 'Alex Smith' }, 'profileId'],
  ],
  'attempts.get': [[{ id: 5 }, 'id']],
  'book.now': [[{ profileId: '../x' }, 'profileId']],
  'book.testLogin': [[{ profileId: '' }, 'profileId']],
  'settings.get': [[{ secret: 1 }, 'secret']],
  'settings.save': [
    [{ ollamaHost: 'ftp://127.0.0.1' }, 'ollamaHost'],
    [{ modelTimeoutMs: 5 }, 'modelTimeoutMs'],
    [{ pausedUntil: 'tomorrow' }, 'pausedUntil'],
    [{ notifications: { booked: 'yes' } }, 'notifications.booked'],
    [{ modle: 'qwen' }, 'modle'],
    [{ notifyNtfyUrl: 'ntfy.sh/lanes' }, 'notifyNtfyUrl'],
    [{ notifyWebhookUrl: 'file:///etc/passwd' }, 'notifyWebhookUrl'],
  ],
  'pause.set': [[{ tonight: 'yes' }, 'tonight']],
  'health.get': [[{ deep: true }, 'deep']],
  'models.list': [[{ pull: true }, 'pull']],
  'notices.dismiss': [[{ id: 'x'.repeat(81) }, 'id']],
  'recipes.teach': [[{ profileId: 'Bad Id' }, 'profileId']],
  'recipes.forget': [[{}, 'profileId']],
  'notify.test': [
    [{}, 'channel'],
    [{ channel: 'email' }, 'channel'],
  ],
  'diagnostics.export': [[{ includeSecrets: true }, 'includeSecrets']],
  'calendar.info': [[{ token: 'x' }, 'token']],
  'recipes.get': [[{ profileId: 'p1' }, 'key'], [{ profileId: 'p1', key: '../x' }, 'key']],
  'recipes.update': [
    [{ profileId: 'p1', key: 'default', dropSteps: [0] }, 'dropSteps.0'],
    [{ profileId: 'p1', key: 'default', commitStep: 1.5 }, 'commitStep'],
    [{ profileId: 'p1', key: 'default', steps: [] }, 'steps'],
  ],
  'recipes.export': [[{ key: 'default' }, 'profileId']],
  'recipes.import': [[{ profileId: 'p1', key: 'default' }, 'json'], [{ profileId: 'p1', key: 'default', json: 7 }, 'json']],
  'recipes.check': [[{ profileId: 'p1', key: 'default', now: true }, 'now']],
};

describe('every method refuses junk, naming the field', () => {
  it('has junk cases for every method in the contract', () => {
    expect(Object.keys(JUNK).sort()).toEqual([...METHODS].sort());
  });

  for (const m of METHODS) {
    it(m, () => {
      for (const [body, field] of JUNK[m]) {
        const r = valueOrApiError(() => parseRequest(m, body));
        expect(r.ok, `${m} accepted ${JSON.stringify(body)}`).toBe(false);
        if (r.ok) continue;
        expectFieldError(r.error);
        // An unknown key is reported under its parent ('(body)' at the top), its message naming the key.
        const named = Object.keys(r.error.fields!).includes(field) || Object.values(r.error.fields!).some((v) => v.includes(`"${field}"`));
        expect(named, `${m} ${JSON.stringify(body)} → ${JSON.stringify(r.error.fields)}`).toBe(true);
      }
      // A body that is not an object is refused as a whole.
      for (const body of [42, 'text', [], true]) {
        const r = valueOrApiError(() => parseRequest(m, body));
        expect(r.ok).toBe(false);
        if (!r.ok) expectFieldError(r.error);
      }
    });
  }
});

describe('fuzz: any input gives a value or a field-named ApiError', () => {
  let service: LanebotService;
  beforeAll(async () => {
    service = await testService();
  });
  afterAll(async () => {
    await service?.shutdown({ abortRunning: true, timeoutMs: 1000 });
  });

  it('parseRequest, every method, arbitrary values', () => {
    fc.assert(
      fc.property(fc.constantFrom(...METHODS), fc.anything({ withObjectString: true, withNullPrototype: true }), (m, body) => {
        const r = valueOrApiError(() => parseRequest(m, body));
        if (!r.ok) expectFieldError(r.error);
      }),
      { numRuns: 1000 },
    );
  });

  /** A valid profile with one field (at any depth) replaced by something arbitrary. */
  const paths: string[][] = [
    ['name'], ['enabled'], ['instructions'], ['attemptTimes'], ['attemptTimes', '0'], ['secretNames'], ['model'], ['keepCookies'], ['id'],
    ['venue'], ['venue', 'startUrl'], ['venue', 'allowedOrigins'], ['venue', 'allowedOrigins', '0'], ['venue', 'timeZone'], ['venue', 'bookingsUrl'],
    ['venue', 'daysAhead'], ['venue', 'opensAt'], ['verification'], ['verification', 'time'], ['verification', 'lane'], ['verification', 'dateOrder'],
    ['weekdays'], ...WEEKDAYS.map((d) => ['weekdays', d]), ...WEEKDAYS.map((d) => ['weekdays', d, 'instructions']), ...WEEKDAYS.map((d) => ['weekdays', d, 'book']),
  ];
  const junkValue = fc.oneof(
    fc.anything(),
    fc.string(),
    fc.constantFrom('', ' ', '00:10', '24:00', 'https://pool.example.com', 'https://evil.example', 'Europe/London', 'Book {when}', '{{password}}', '__proto__', 'constructor'),
    fc.integer(),
    fc.double(),
  );
  const mutatedProfile = fc.tuple(fc.constantFrom(...paths), junkValue).map(([path, v]) => {
    const p: any = structuredClone(valid);
    let o = p;
    for (const k of path.slice(0, -1)) o = o[k] ??= {};
    o[path[path.length - 1]!] = v;
    return p;
  });
  const secretsValue = fc.option(fc.oneof(fc.anything(), fc.dictionary(fc.constantFrom('username', 'password', 'pin', 'Bad Name'), fc.oneof(fc.string(), fc.integer()))), { nil: undefined });

  it('profiles.save through the real handler (schema and cross-field checks)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutatedProfile, fc.anything()), secretsValue, async (profile, secrets) => {
        const body = secrets === undefined ? { profile } : { profile, secrets };
        const r = await valueOrApiErrorAsync(() => service.handle('profiles.save', body));
        if (!r.ok) expectFieldError(r.error);
        else expect((r.value as { id: string }).id).toMatch(/^[a-z0-9-]{1,40}$/);
      }),
      { numRuns: 150 },
    );
  });

  it('profiles.preview through the real handler', async () => {
    const previewBody = fc.record(
      {
        instructions: fc.oneof(fc.string(), fc.constantFrom('Book {date}', '{iso} {{password}}', 'Book {when}'), fc.anything()),
        timeZone: fc.oneof(fc.constantFrom('Europe/London', 'America/Santiago', 'Mars/Olympus', 'utc', 'EST', ''), fc.string()),
        daysAhead: fc.oneof(fc.integer({ min: -5, max: 70 }), fc.anything()),
        from: fc.oneof(
          fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 19 }), fc.integer({ min: 0, max: 39 })).map(
            ([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
          ),
          fc.string(),
        ),
        count: fc.oneof(fc.integer({ min: -1, max: 40 }), fc.anything()),
      },
      { requiredKeys: ['instructions', 'timeZone', 'daysAhead'] },
    );
    await fc.assert(
      fc.asyncProperty(previewBody, async (body) => {
        const r = await valueOrApiErrorAsync(() => service.handle('profiles.preview', body));
        if (!r.ok) expectFieldError(r.error);
        else for (const run of r.value as { runDate: string; targetDate: string }[]) expect(run.targetDate >= run.runDate).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('the time-of-day parser: accepts exactly HH:mm (0–23, 0–59) after trimming', () => {
    const timeish = fc.oneof(
      fc.tuple(fc.integer({ min: -1, max: 30 }), fc.integer({ min: -1, max: 70 }), fc.constantFrom('', ' ', '\t', '\u00a0'), fc.boolean()).map(
        ([h, m, pad, two]) => `${pad}${two ? String(h).padStart(2, '0') : String(h)}:${String(m).padStart(2, '0')}${pad}`,
      ),
      fc.string(),
      fc.stringMatching(/^[0-9:]{0,6}$/),
    );
    fc.assert(
      fc.property(fc.oneof(timeish, fc.anything()), (t) => {
        const direct = timeOfDaySchema.safeParse(t);
        const reference = typeof t === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(t.trim());
        expect(direct.success).toBe(reference);
        if (direct.success) expect(direct.data).toBe((t as string).trim());

        // The same through the contract: a value, or an error on exactly that attempt time.
        const r = valueOrApiError(() => parseRequest('profiles.save', { profile: { ...valid, attemptTimes: ['00:01', t] } }));
        if (r.ok) {
          expect(reference).toBe(true);
          const times = (r.value as { profile: { attemptTimes: string[] } }).profile.attemptTimes;
          expect(times).toContain((t as string).trim());
          expect([...times].sort()).toEqual(times);
        } else {
          expectFieldError(r.error);
          const fields = Object.keys(r.error.fields!);
          expect(fields.some((f) => f === 'profile.attemptTimes.1' || f === 'profile.attemptTimes'), fields.join()).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('fuzz: placeholder rendering', () => {
  const brace = fc.constantFrom('{', '}', '{{', '}}', ' ', '_', '1', 'x', 'Z', 'password', 'when', '\n', '$&', '$1', ...PLACEHOLDER_NAMES);
  const text = fc.oneof(fc.array(brace, { maxLength: 25 }).map((a) => a.join('')), fc.string({ maxLength: 60 }));
  const date = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

  it('renders or throws only the documented "Unknown placeholder" error, naming each unknown one', () => {
    fc.assert(
      fc.property(text, date, (t, d) => {
        let out: string;
        try {
          out = renderInstructions(t, d);
        } catch (e) {
          expect(e).toBeInstanceOf(Error);
          const msg = (e as Error).message;
          expect(msg.startsWith('Unknown placeholder ')).toBe(true);
          const unknown = unknownPlaceholders(t);
          expect(unknown.length).toBeGreaterThan(0);
          for (const u of unknown) expect(msg).toContain(u);
          return;
        }
        expect(unknownPlaceholders(t)).toEqual([]);
        // Secrets pass through untouched, and no known date placeholder is left unrendered.
        for (const s of secretPlaceholders(t)) expect(out).toContain(`{{${s}}}`);
        if (!t.includes('{')) expect(out).toBe(t);
      }),
      { numRuns: 2000 },
    );
  });

  it('a replacement pattern in the text is not interpreted ($& and friends)', () => {
    expect(renderInstructions('Pay $& then $1 on {iso}', '2026-12-05')).toBe('Pay $& then $1 on 2026-12-05');
  });
});
