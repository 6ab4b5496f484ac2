// The shapes Lanebot keeps and exchanges: profiles, settings, ledger and attempt records.
// Every value that comes from outside (IPC, HTTP, the settings file) is parsed with these,
// so an error names the field and nothing half-valid is ever stored.
import { z } from 'zod';

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

export const venueSchema = z.object({
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

export const dayPlanSchema = z.object({
  book: z.boolean(),
  /** Replaces the profile's instructions for this weekday when set. */
  instructions: z.string().trim().max(4000).optional(),
});

export const verificationRuleSchema = z.object({
  /** Require this start time on the booking (HH:mm). */
  time: timeOfDaySchema.optional(),
  /** Require this lane/court/resource label, e.g. "3" or "Court B". */
  lane: z.string().trim().min(1).max(40).optional(),
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

export const watchSchema = z.object({
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

export const profileInputSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/).optional(),
  name: z.string().trim().min(1, { message: 'Give the profile a name' }).max(60),
  enabled: z.boolean().default(true),
  venue: venueSchema,
  instructions: z.string().trim().min(1, { message: 'Describe what to book' }).max(4000),
  weekdays: z.object(Object.fromEntries(WEEKDAYS.map((d) => [d, dayPlanSchema])) as Record<Weekday, typeof dayPlanSchema>),
  attemptTimes: attemptTimesSchema.default(DEFAULT_ATTEMPT_TIMES),
  verification: verificationRuleSchema.default({ dateOrder: 'auto' }),
  /**
   * Next choices when the first (verification.time / lane) is taken, in order. Release firing falls
   * back to them, and verification accepts any of them.
   */
  alternatives: z
    .array(z.object({ time: timeOfDaySchema.optional(), lane: z.string().trim().min(1).max(40).optional() }).refine((a) => a.time || a.lane, { message: 'Give a time, a lane or both' }))
    .max(6)
    .default([]),
  secretNames: z.array(secretNameSchema).max(8).default(['username', 'password']),
  /** Model override for this profile; empty means the one in Settings. */
  model: z.string().trim().max(100).optional(),
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
export type ProfileInput = z.input<typeof profileInputSchema>;

export const profileSchema = profileInputSchema.extend({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Profile = z.infer<typeof profileSchema>;

export const settingsSchema = z.object({
  ollamaHost: httpUrl.default('http://127.0.0.1:11434'),
  model: z.string().trim().min(1).max(100).default('qwen2.5:7b'),
  modelTimeoutMs: z.number().int().min(1000).max(600_000).default(90_000),
  numCtx: z.number().int().min(2048).max(131_072).default(8192),
  browserPath: z.string().trim().max(500).optional(),
  showBrowser: z.boolean().default(false),
  autostart: z.boolean().default(true),
  notifications: z
    .object({ booked: z.boolean().default(true), gaveUp: z.boolean().default(true), permanent: z.boolean().default(true), needsYou: z.boolean().optional() })
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
});
export type Settings = z.infer<typeof settingsSchema>;
export const settingsPatchSchema = settingsSchema.partial().strict();

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
