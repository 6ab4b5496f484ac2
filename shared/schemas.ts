// The shapes Lanebot keeps and exchanges: profiles, settings, ledger and attempt records.
// Every value that comes from outside (IPC, HTTP, the settings file) is parsed with these,
// so an error names the field and nothing half-valid is ever stored.
import { z } from 'zod';
import { PLACEHOLDER_NAMES, unknownPlaceholders } from './placeholders';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The seed's cron schedule, in venue time. */
export const DEFAULT_ATTEMPT_TIMES = ['00:01', '00:10', '00:20', '00:30', '00:40'];

export const timeOfDaySchema = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'Use a 24-hour time like 00:10' });

export const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Use a date like 2026-12-05' });

/** Whether a yyyy-MM-dd string is a day that exists (the pattern alone lets 2026-02-31 through). */
export function isCalendarDate(d: string): boolean {
  const t = Date.parse(`${d}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(t) && new Date(t).toISOString().startsWith(d);
}

export const calendarDateSchema = isoDateSchema.refine(isCalendarDate, { message: 'Not a real calendar date' });
/**
 * Characters free text must not hold: C0/C1 controls (a name with ESC or OSC sequences would rewrite
 * a terminal that prints it) and the bidi marks/overrides/isolates that make text read differently
 * from what it is. Multi-line text may keep tab and newlines.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
/** What does not show when printed: spaces, zero-width characters, the soft hyphen, fillers. */
const INVISIBLE = /[\s\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]/gu;

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** The problem with a free-text value, in words the user can act on, or undefined when it is fine. */
export function textProblem(v: string, o: { multiline?: boolean } = {}): string | undefined {
  const control = (o.multiline ? CONTROL_BUT_LINES : CONTROL).exec(v);
  if (control) return `Remove the control character ${codePoint(control[0])}${o.multiline ? '' : ' (this is a one-line field)'}`;
  const bidi = BIDI.exec(v);
  if (bidi) return `Remove the text-direction character ${codePoint(bidi[0])}: it makes the text read differently from what it is`;
  return undefined;
}

/** True when the text shows something once printed (not only spaces or zero-width characters). */
export function isVisibleText(v: string): boolean {
  return v.replace(INVISIBLE, '').length > 0;
}

const UNSAFE_ALL = new RegExp(`${CONTROL.source}|${BIDI.source}`, 'gu');
const UNSAFE_BUT_LINES = new RegExp(`${CONTROL_BUT_LINES.source}|${BIDI.source}`, 'gu');

/** The text with every control or bidi character shown as a visible escape (`\x1b`, `\u202e`). */
export function escapeUnsafeText(v: string, o: { multiline?: boolean } = {}): string {
  return v.replace(o.multiline ? UNSAFE_BUT_LINES : UNSAFE_ALL, (c) => {
    const n = c.codePointAt(0)!;
    return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
  });
}

/** Marks the issues of the text rules, so a stored file written before them can be repaired on read. */
export type UnsafeTextIssue = 'line' | 'multiline' | 'invisible';

/** A trimmed string of at most `max` characters that holds no control or bidi character. */
export function plainText(max: number, o: { multiline?: boolean } = {}) {
  return z
    .string()
    .trim()
    .max(max)
    .superRefine((v, ctx) => {
      const problem = textProblem(v, o);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, params: { unsafeText: (o.multiline ? 'multiline' : 'line') satisfies UnsafeTextIssue } });
    });
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    // Intl accepts some odd aliases; requiring a slash or UTC keeps us to IANA names users recognise.
    return tz === 'UTC' || tz.includes('/');
  } catch {
    return false;
  }
}

export const timeZoneSchema = z.string().trim().refine(isValidTimeZone, {
  message: 'Use an IANA time zone such as Europe/London',
});

const httpUrl = z
  .string()
  .trim()
  .refine(
    (v) => {
      try {
        const u = new URL(v);
        return u.protocol === 'http:' || u.protocol === 'https:';
      } catch {
        return false;
      }
    },
    { message: 'Enter a full web address starting with https://' },
  );

/** An http(s) address, or '' for "not set" (so a settings patch can clear it). */
const optionalHttpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => v === '' || httpUrl.safeParse(v).success, { message: 'Enter a full web address starting with https://, or leave it empty' });

export const originSchema = z
  .string()
  .trim()
  .refine(
    (v) => {
      try {
        const u = new URL(v);
        return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === v.replace(/\/$/, '');
      } catch {
        return false;
      }
    },
    { message: 'An origin is a scheme and host only, like https://bookings.example.com' },
  )
  .transform((v) => v.replace(/\/$/, ''));

export const secretNameSchema = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, {
  message: 'Secret names are lower-case letters, digits and _',
});

// Objects that come from outside are strict at every level: an unknown key is an error naming it
// (a misspelt `opensAt` silently dropped would leave the user believing it was saved).
export const venueSchema = z.strictObject({
  startUrl: httpUrl,
  allowedOrigins: z.array(originSchema).min(1, { message: 'Allow at least the venue’s own origin' }).max(10),
  timeZone: timeZoneSchema,
  bookingsUrl: httpUrl.optional(),
  daysAhead: z.number().int().min(0).max(60).default(7),
  /** When the venue releases the target date, venue time. Enables release-time firing. */
  opensAt: timeOfDaySchema.optional(),
  /** The language of the venue's site (BCP 47, e.g. de-DE): the browser asks for it and reads dates in it. */
  locale: z.string().trim().regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, { message: 'Use a language tag like en-GB, de-DE or fr-FR' }).optional(),
});

export const dayPlanSchema = z.strictObject({
  book: z.boolean(),
  /** Replaces the profile's instructions for this weekday when set. */
  instructions: plainText(4000, { multiline: true }).optional(),
});

const laneSchema = plainText(40).min(1);

export const verificationRuleSchema = z.strictObject({
  /** Require this start time on the booking (HH:mm). */
  time: timeOfDaySchema.optional(),
  /** Require this lane/court/resource label, e.g. "3" or "Court B". */
  lane: laneSchema.optional(),
  /**
   * How to read ambiguous numeric dates like 08/12/2026 on the bookings page. 'auto': the page's own
   * unambiguous dates decide (or the order Lanebot detected when the profile was tested); a date nothing
   * settles is never taken as a success.
   */
  dateOrder: z.enum(['auto', 'dmy', 'mdy']).default('auto'),
});

/**
 * An authenticator app's setup key (TOTP seed, RFC 4648 base32) as venues show it: spaces and lower case are
 * forgiven, anything else is refused before it is stored.
 */
export const TOTP_SECRET_NAME = 'totp';
export const totpSecretSchema = z
  .string()
  .transform((s) => s.replace(/[\s-]/g, '').toUpperCase())
  .pipe(z.string().regex(/^[A-Z2-7]{16,128}=*$/, { message: 'Enter the setup key the venue showed for authenticator apps: letters A–Z and digits 2–7, at least 16 of them' }));

/** Paying at the venue: never by card; from the account's credit only when allowed, up to a cap per booking. */
export const DEFAULT_PAYMENT = { allowCredit: false, capPerBooking: 0 };
export const paymentSchema = z
  .object({
    allowCredit: z.boolean().default(false),
    capPerBooking: z.number({ message: 'Enter an amount like 5 or 4.50' }).min(0, { message: 'The cap cannot be negative' }).max(1000, { message: 'Keep the cap at 1000 or less' }).default(0),
  })
  .refine((p) => !p.allowCredit || p.capPerBooking > 0, { message: 'Set a cap above 0 to let Lanebot pay from your credit', path: ['capPerBooking'] });
export type Payment = z.infer<typeof paymentSchema>;

/** A profile's payment rule, its default when unset (profiles saved before it existed). */
export function paymentOf(p: { payment?: Payment | undefined }): Payment {
  return p.payment ?? DEFAULT_PAYMENT;
}

export const DEFAULT_WATCH = { enabled: false, everyMinutes: 15, until: '22:00' };

export const watchSchema = z.strictObject({
  enabled: z.boolean().default(false),
  everyMinutes: z.number().int().min(5, { message: 'Check at most every 5 minutes' }).max(240, { message: 'Check at least every 4 hours' }).default(15),
  /** Venue time on the run date; the watch never runs past it. */
  until: timeOfDaySchema.default('22:00'),
});
export type Watch = z.infer<typeof watchSchema>;

const attemptTimesSchema = z
  .array(timeOfDaySchema)
  .min(1, { message: 'Add at least one attempt time' })
  .max(24)
  .refine((a) => new Set(a).size === a.length, { message: 'Each attempt time may appear only once' })
  .transform((a) => [...a].sort());

/** The profile's fields, without the rules that span several of them (see profileRules). */
const profileFields = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/).optional(),
  name: plainText(60)
    .min(1, { message: 'Give the profile a name' })
    .refine(isVisibleText, { message: 'Give the profile a name made of visible characters', params: { unsafeText: 'invisible' satisfies UnsafeTextIssue } }),
  enabled: z.boolean().default(true),
  venue: venueSchema,
  instructions: plainText(4000, { multiline: true }).min(1, { message: 'Describe what to book' }),
  weekdays: z.strictObject(Object.fromEntries(WEEKDAYS.map((d) => [d, dayPlanSchema])) as Record<Weekday, typeof dayPlanSchema>),
  attemptTimes: attemptTimesSchema.default(DEFAULT_ATTEMPT_TIMES),
  verification: verificationRuleSchema.default({ dateOrder: 'auto' }),
  /**
   * Next choices when the first (verification.time / lane) is taken, in order. Release firing falls
   * back to them, and verification accepts any of them.
   */
  alternatives: z
    .array(z.strictObject({ time: timeOfDaySchema.optional(), lane: laneSchema.optional() }).refine((a) => a.time || a.lane, { message: 'Give a time, a lane or both' }))
    .max(6)
    .default([]),
  secretNames: z.array(secretNameSchema).max(8).default(['username', 'password']),
  /** Model override for this profile; empty means the one in Settings. */
  model: plainText(100).optional(),
  /** Keep the venue's cookies between nights (fewer logins). */
  keepCookies: z.boolean().default(true),
  /** After a night's attempts end without a booking, look for a freed (cancelled) slot until a cutoff. */
  watch: watchSchema.default(DEFAULT_WATCH),
  /** Target dates (venue calendar) not to book, e.g. a holiday: the night that would book one does not run. */
  skipDates: z
    .array(calendarDateSchema)
    .max(100, { message: 'Skip at most 100 dates' })
    .default([])
    .transform((a) => [...new Set(a)].sort()),
  /** Whether Lanebot may pay at the venue (account credit only, up to a cap); by default it stops before paying. */
  payment: paymentSchema.optional(),
});

const originOfUrl = (v: unknown): string | undefined => {
  if (typeof v !== 'string') return undefined;
  try {
    const u = new URL(v.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
};

const unknownPlaceholderMessage = (names: string[]) => `Unknown placeholder ${names.join(', ')} — use one of ${PLACEHOLDER_NAMES.map((n) => `{${n}}`).join(' ')}`;

/**
 * The rules that span several fields, written once: the service enforces them through
 * profileInputSchema, and the profile form shows them before Save from the same schema. They run
 * even when another field is invalid (so the form shows every problem at once), hence the defensive
 * reads of a value that may be only partly parsed.
 */
export function profileRules(value: unknown, ctx: z.RefinementCtx): void {
  if (!value || typeof value !== 'object') return;
  const p = value as Record<string, unknown>;
  const venue = (p.venue && typeof p.venue === 'object' ? p.venue : {}) as Record<string, unknown>;
  const origins = Array.isArray(venue.allowedOrigins) ? venue.allowedOrigins.filter((o): o is string => typeof o === 'string').map((o) => o.trim().replace(/\/$/, '')) : [];
  const start = originOfUrl(venue.startUrl);
  if (start && origins.length && !origins.includes(start))
    ctx.addIssue({ code: 'custom', path: ['venue', 'allowedOrigins'], message: `Must include the start page’s origin ${start}` });
  const bookings = originOfUrl(venue.bookingsUrl);
  if (bookings && origins.length && !origins.includes(bookings))
    ctx.addIssue({ code: 'custom', path: ['venue', 'bookingsUrl'], message: 'The bookings page must be on an allowed origin (add its origin to the allowed ones)' });
  if (typeof p.instructions === 'string') {
    const bad = unknownPlaceholders(p.instructions);
    if (bad.length) ctx.addIssue({ code: 'custom', path: ['instructions'], message: unknownPlaceholderMessage(bad) });
  }
  const weekdays = (p.weekdays && typeof p.weekdays === 'object' ? p.weekdays : {}) as Record<string, { book?: unknown; instructions?: unknown } | undefined>;
  for (const day of WEEKDAYS) {
    const text = weekdays[day]?.instructions;
    const bad = typeof text === 'string' ? unknownPlaceholders(text) : [];
    if (bad.length) ctx.addIssue({ code: 'custom', path: ['weekdays', day, 'instructions'], message: unknownPlaceholderMessage(bad) });
  }
  if (WEEKDAYS.every((d) => weekdays[d]?.book === false)) ctx.addIssue({ code: 'custom', path: ['weekdays'], message: 'Pick at least one day to book' });
  const watch = p.watch as { enabled?: unknown; until?: unknown } | undefined;
  const times = Array.isArray(p.attemptTimes) ? p.attemptTimes.filter((t): t is string => typeof t === 'string').map((t) => t.trim()) : DEFAULT_ATTEMPT_TIMES;
  const last = [...times].sort().at(-1);
  if (watch?.enabled === true && typeof watch.until === 'string' && last && watch.until.trim() <= last)
    ctx.addIssue({ code: 'custom', path: ['watch', 'until'], message: `The watch starts after the last attempt time (${last}), so it must end later than that` });
}

export const profileInputSchema = profileFields.superRefine(profileRules, { when: () => true });
export type ProfileInput = z.input<typeof profileInputSchema>;

/** A stored profile. The cross-field rules are not re-checked on read: a stored file never becomes unreadable because a rule was added. */
export const profileSchema = profileFields.extend({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Profile = z.infer<typeof profileSchema>;

export const settingsSchema = z.strictObject({
  ollamaHost: httpUrl.default('http://127.0.0.1:11434'),
  model: plainText(100).min(1).default('qwen2.5:7b'),
  modelTimeoutMs: z.number().int().min(1000).max(600_000).default(90_000),
  numCtx: z.number().int().min(2048).max(131_072).default(8192),
  /** A Chromium-family browser; the service also asks it for `--version` before accepting it. */
  browserPath: plainText(500).optional(),
  showBrowser: z.boolean().default(false),
  autostart: z.boolean().default(true),
  notifications: z
    .strictObject({ booked: z.boolean().default(true), gaveUp: z.boolean().default(true), permanent: z.boolean().default(true), needsYou: z.boolean().optional() })
    .default({ booked: true, gaveUp: true, permanent: true }),
  /** Minutes after the last attempt time during which a missed attempt still runs. */
  catchUpWindowMinutes: z.number().int().min(0).max(720).default(60),
  httpPort: z.number().int().min(0).max(65535).default(0),
  /** "Pause tonight": scheduled and catch-up attempts before this instant are suppressed (Book now still works). */
  pausedUntil: z.iso.datetime().optional(),
  /** Push notifications for a home server: an ntfy topic URL (e.g. https://ntfy.sh/my-lanes); '' turns it off. */
  notifyNtfyUrl: optionalHttpUrl.optional(),
  /** A generic webhook that receives each notification as JSON; '' turns it off. */
  notifyWebhookUrl: optionalHttpUrl.optional(),
  /**
   * The evening rehearsal: at this venue time the day before each booking night, the profile's recipe is walked as a
   * dry run (it cannot book) so a changed site is noticed before midnight. '' turns it off.
   */
  rehearsalTime: z.union([z.literal(''), timeOfDaySchema]).default('20:00'),
});
export type Settings = z.infer<typeof settingsSchema>;

/** Every field optional at every depth, and nothing filled in: what a patch names, and only that. */
export type DeepPatch<T> = { [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? DeepPatch<T[K]> : T[K] };

/**
 * A patch schema for an object schema: every field optional, at every depth, with its `.default()`
 * removed. zod 4 keeps defaults inside `.partial()`, so `settingsSchema.partial()` turned `{autostart}`
 * into a full settings object with every other field back at its default.
 */
export function patchSchema<T extends z.ZodObject>(schema: T): z.ZodType<DeepPatch<z.output<T>>, DeepPatch<z.input<T>>> {
  const strip = (s: z.ZodType): z.ZodType => {
    let inner: z.ZodType = s;
    for (;;) {
      if (inner instanceof z.ZodDefault || inner instanceof z.ZodPrefault) inner = inner.unwrap() as z.ZodType;
      else if (inner instanceof z.ZodOptional) inner = inner.unwrap() as z.ZodType;
      else break;
    }
    if (inner instanceof z.ZodObject) inner = patchSchema(inner);
    return inner.optional();
  };
  const shape = Object.fromEntries(Object.entries(schema.shape).map(([k, v]) => [k, strip(v as z.ZodType)]));
  return z.strictObject(shape) as unknown as z.ZodType<DeepPatch<z.output<T>>, DeepPatch<z.input<T>>>;
}

/** Applies a patch: only the keys it names change, nested objects included. */
export function applyPatch<T extends object>(base: T, patch: DeepPatch<T>): T {
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === undefined) continue;
    const cur = out[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && cur && typeof cur === 'object' && !Array.isArray(cur) ? applyPatch(cur as object, v as DeepPatch<object>) : v;
  }
  return out as T;
}

export const settingsPatchSchema = patchSchema(settingsSchema);
export type SettingsPatch = z.input<typeof settingsPatchSchema>;

/**
 * transient: a later attempt may succeed. permanent: stopped for the night. needs-you: a person must act (a captcha,
 * a code, a payment): told at once, never retried at once; the night's later attempt times try again.
 */
export const FAILURE_KINDS = ['transient', 'permanent', 'needs-you'] as const;

export const failureSchema = z.object({
  kind: z.enum(FAILURE_KINDS),
  code: z.string(),
  message: z.string(),
});
export type Failure = z.infer<typeof failureSchema>;

export const observedBookingSchema = z.object({
  date: z.string(),
  time: z.string().optional(),
  lane: z.string().optional(),
  text: z.string(),
  cancelled: z.boolean().optional(),
});

/** What verification concluded (see the agent's VerifyStatus): only 'found' is a success. */
export const VERIFY_STATUSES = ['found', 'not-found', 'unsure', 'cannot-verify'] as const;

export const evidenceSchema = z.object({
  found: z.boolean(),
  status: z.enum(VERIFY_STATUSES).optional(),
  /** Why it is not found, or unsure, in the user's words. */
  reason: z.string().optional(),
  /** The member's list visibly reaches the date. */
  reaches: z.boolean().optional(),
  /** The matching record was not on the page at the pre-check: it appeared after the booking attempt. */
  appeared: z.boolean().optional(),
  /** What the page was taken for, and how many pages of the list were read. */
  page: z.object({
    kind: z.enum(['bookings', 'schedule', 'unknown']),
    why: z.string(),
    pages: z.number().int(),
    dateOrder: z.enum(['dmy', 'mdy']).optional(),
    showsTimes: z.boolean().optional(),
    showsLanes: z.boolean().optional(),
  }).optional(),
  /** Dated lines deliberately not taken for the member's bookings (offers, notices), with why. */
  ignored: z.array(z.object({ text: z.string(), why: z.string() })).max(20).optional(),
  method: z.enum(['rule', 'model']).optional(),
  url: z.string().optional(),
  match: observedBookingSchema.optional(),
  seen: z.array(observedBookingSchema).default([]),
  screenshot: z.string().optional(),
  failure: failureSchema.optional(),
  durationMs: z.number().optional(),
});
export type Evidence = z.infer<typeof evidenceSchema>;

export const stepSchema = z.object({
  index: z.number(),
  phase: z.enum(['precheck', 'book', 'verify', 'note']).default('book'),
  action: z.record(z.string(), z.unknown()),
  target: z.string().optional(),
  ok: z.boolean(),
  message: z.string().optional(),
  startedAt: z.string(),
  durationMs: z.number(),
  modelMs: z.number().optional(),
  url: z.string().optional(),
  locator: z.string().optional(),
  screenshot: z.string().optional(),
});
export type Step = z.infer<typeof stepSchema>;

export const TRIGGERS = ['schedule', 'catch-up', 'book-now', 'test-login', 'release', 'watch'] as const;
export const OUTCOMES = ['running', 'verified', 'already-booked', 'failed', 'missed', 'interrupted', 'aborted', 'login-ok'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const attemptSchema = z.object({
  id: z.string(),
  profileId: z.string(),
  profileName: z.string(),
  trigger: z.enum(TRIGGERS),
  runDate: isoDateSchema,
  targetDate: isoDateSchema,
  /** The planned attempt time this run belongs to (venue time), if scheduled. */
  slot: z.string().optional(),
  startedAt: z.string(),
  endedAt: z.string().optional(),
  outcome: z.enum(OUTCOMES),
  failure: failureSchema.optional(),
  /** The user-facing sentence: what happened and what to do. */
  summary: z.string().default(''),
  steps: z.array(stepSchema).default([]),
  timings: z.record(z.string(), z.number()).default({}),
  usage: z
    .object({ calls: z.number(), promptTokens: z.number(), evalTokens: z.number(), modelMs: z.number() })
    .optional(),
  precheck: evidenceSchema.optional(),
  verification: evidenceSchema.optional(),
  screenshots: z.array(z.string()).default([]),
  /** How the booking was made: 'model', 'recipe', 'none' (pre-check found it). */
  via: z.string().optional(),
  /**
   * What the booking step did, as evidence that a booking may exist even when it cannot be verified: the
   * agent claimed it was done, and how many state-changing requests the venue accepted.
   */
  booking: z.object({ claimed: z.boolean(), sent: z.number().int().min(0) }).optional(),
  /**
   * Cancellation watch: one record stands for the night's unsuccessful checks so far (it is replaced
   * by each newer one), so a day of checks every 15 minutes does not bury the history.
   */
  watch: z.object({ checks: z.number().int().min(1), since: z.string() }).optional(),
  /** A person was needed (a captcha, a code, a payment): what, and whether they took over in a visible browser. */
  needsYou: z.object({ kind: z.string(), what: z.string(), url: z.string().optional(), takeOver: z.enum(['resumed', 'gave-up', 'not-offered']) }).optional(),
});
export type Attempt = z.infer<typeof attemptSchema>;

export const ledgerEntrySchema = z.object({
  at: z.string(),
  runDate: isoDateSchema,
  targetDate: isoDateSchema,
  attemptId: z.string(),
  how: z.enum(['booked', 'already-booked']),
  evidence: z.string(),
});
export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;
/** profileId → weekday of the target date → last verified success. */
export const ledgerSchema = z.record(z.string(), z.partialRecord(z.enum(WEEKDAYS), ledgerEntrySchema));
export type Ledger = z.infer<typeof ledgerSchema>;

/** One evening rehearsal: the recipe walked as a dry run (it cannot book) before the night it prepares. */
export const rehearsalSchema = z.object({
  id: z.string(),
  profileId: z.string(),
  /** The night it prepares and the date that night books. */
  runDate: isoDateSchema,
  targetDate: isoDateSchema,
  recipeKey: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  ok: z.boolean(),
  /** What the dry run found, in words (which step failed and what it looked for). */
  message: z.string(),
  /** Requests the dry-run guard held back (the booking it would have sent). */
  held: z.array(z.string()).default([]),
});
export type Rehearsal = z.infer<typeof rehearsalSchema>;
