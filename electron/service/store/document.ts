// The one JSON document Lanebot keeps, and its migrations from earlier schema versions.
import { z } from 'zod';
import { attemptSchema, escapeUnsafeText, ledgerSchema, profileSchema, rehearsalSchema, settingsSchema, WEEKDAYS, type UnsafeTextIssue } from '../../../shared/schemas';

export const SCHEMA_VERSION = 2;

export const noticeSchema = z.object({
  id: z.string(),
  level: z.enum(['info', 'warning', 'error']),
  message: z.string(),
  at: z.string(),
});

export const documentSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  settings: settingsSchema,
  profiles: z.array(profileSchema),
  ledger: ledgerSchema,
  attempts: z.array(attemptSchema),
  /** profileId → recipe records; their shape belongs to the agent's recipe module. */
  recipes: z.record(z.string(), z.unknown()),
  notices: z.array(noticeSchema),
  /** The evening rehearsals, newest last (a few per profile are kept). */
  rehearsals: z.array(rehearsalSchema).default([]),
});
export type LanebotDocument = z.infer<typeof documentSchema>;

export function emptyDocument(): LanebotDocument {
  return {
    schemaVersion: SCHEMA_VERSION,
    settings: settingsSchema.parse({}),
    profiles: [],
    ledger: {},
    attempts: [],
    recipes: {},
    notices: [],
    rehearsals: [],
  };
}

export class NewerVersionError extends Error {
  constructor(readonly version: number) {
    super(`The data file was written by a newer Lanebot (schema ${version}; this one knows ${SCHEMA_VERSION}).`);
  }
}

// A document of an older schema: untyped JSON by nature, read field by field by its migration.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Raw = Record<string, any>;

/**
 * Version 1 (the first prototype) kept venue fields flat on the profile and the last success per
 * weekday inside each profile. Version 2 groups the venue and moves successes to the ledger.
 */
function v1ToV2(doc: Raw): Raw {
  const ledger: Raw = {};
  const profiles = (doc.profiles ?? []).map((p: Raw) => {
    const { startUrl, timeZone, daysAhead, bookingsUrl, lastSuccess, days, ...rest } = p;
    if (lastSuccess && typeof lastSuccess === 'object') ledger[p.id] = lastSuccess;
    const weekdays = Object.fromEntries(WEEKDAYS.map((d) => [d, { book: Array.isArray(days) ? days.includes(d) : false }]));
    return {
      ...rest,
      venue: {
        startUrl,
        allowedOrigins: [new URL(startUrl).origin],
        timeZone,
        daysAhead: daysAhead ?? 7,
        ...(bookingsUrl ? { bookingsUrl } : {}),
      },
      weekdays,
    };
  });
  return { ...doc, schemaVersion: 2, profiles, ledger, recipes: doc.recipes ?? {}, notices: doc.notices ?? [] };
}

const MIGRATIONS: Record<number, (doc: Raw) => Raw> = { 1: v1ToV2 };

/**
 * Stored files older than today's rules are repaired on read, not refused: the API's schemas are
 * strict (an unknown key in a request is an error) and refuse control and bidi characters in names
 * and free text, but a file written before those rules must still open. An unknown key is dropped (as
 * zod's default objects did); an unsafe character is turned into a visible escape (`\x1b`), so an
 * old name can no longer rewrite a terminal; a name of invisible characters only gets a plain one.
 * Everything else is still checked.
 */
function parseRepairingOldText(doc: Raw) {
  let parsed = documentSchema.safeParse(doc);
  let repaired = false;
  const repairable = (i: z.core.$ZodIssue) =>
    i.code === 'unrecognized_keys' || (i.code === 'custom' && typeof (i.params as { unsafeText?: unknown } | undefined)?.unsafeText === 'string');
  for (let round = 0; round < 20 && !parsed.success && parsed.error.issues.some(repairable); round++) {
    if (round === 0) doc = structuredClone(doc);
    repaired = true;
    for (const issue of parsed.error.issues) {
      if (!repairable(issue)) continue;
      const keys = issue.path.map((k) => k as string);
      let at: Raw | undefined = doc;
      if (issue.code === 'unrecognized_keys') {
        for (const k of keys) at = at?.[k];
        for (const key of issue.keys) if (at && typeof at === 'object') delete at[key];
        continue;
      }
      for (const k of keys.slice(0, -1)) at = at?.[k];
      const last = keys.at(-1);
      if (!at || last === undefined || typeof at[last] !== 'string') continue;
      const kind = (issue as { params?: { unsafeText: UnsafeTextIssue } }).params!.unsafeText;
      at[last] = kind === 'invisible' ? 'Unnamed profile' : escapeUnsafeText(at[last], { multiline: kind === 'multiline' });
    }
    parsed = documentSchema.safeParse(doc);
  }
  return { parsed, repaired };
}

/** Brings a parsed document up to the current version and validates it. Throws on anything it cannot vouch for. */
export function migrate(raw: unknown): { doc: LanebotDocument; from: number; repaired: boolean } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('The data file is not a JSON object.');
  let doc = raw as Raw;
  const from = typeof doc.schemaVersion === 'number' ? doc.schemaVersion : NaN;
  if (!Number.isInteger(from) || from < 1) throw new Error('The data file has no valid schemaVersion.');
  if (from > SCHEMA_VERSION) throw new NewerVersionError(from);
  for (let v = from; v < SCHEMA_VERSION; v++) doc = MIGRATIONS[v]!(doc);
  const { parsed, repaired } = parseRepairingOldText(doc);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new Error(`The data file is invalid at ${i.path.join('.') || '(root)'}: ${i.message}`);
  }
  return { doc: parsed.data, from, repaired };
}
