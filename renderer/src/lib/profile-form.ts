// The profile form's state and its translation to the service's ProfileInput. Validation is the
// service's own zod schema, cross-field rules included, so the form and the server never disagree
// about what is valid; errors are keyed by the same dotted paths the server uses in `fields`.
import type { ProfileView } from '../../../shared/contract';
import { secretPlaceholders } from '../../../shared/placeholders';
import { DEFAULT_ATTEMPT_TIMES, DEFAULT_WATCH, paymentOf, profileInputSchema, TOTP_SECRET_NAME, totpSecretSchema, timeOfDaySchema, watchSchema, WEEKDAYS, type ProfileInput, type Weekday } from '../../../shared/schemas';

export interface DayForm {
  book: boolean;
  custom: boolean;
  instructions: string;
}

export interface ProfileForm {
  id?: string;
  name: string;
  enabled: boolean;
  startUrl: string;
  /** One origin per line. */
  origins: string;
  /** Once the user edits the origins we stop deriving them from the URLs. */
  originsEdited: boolean;
  timeZone: string;
  /** The language of the venue's site (BCP 47), empty: this machine's. */
  locale: string;
  daysAhead: string;
  opensAt: string;
  bookingsUrl: string;
  instructions: string;
  weekdays: Record<Weekday, DayForm>;
  attemptTimes: string[];
  model: string;
  verifyTime: string;
  verifyLane: string;
  /** The user typed in the verification time or lane: stop suggesting them from the instructions. */
  verifyEdited: boolean;
  /** Fallback choices, one per line ("07:00 lane 2"). */
  alternatives: string;
  dateOrder: 'auto' | 'dmy' | 'mdy';
  keepCookies: boolean;
  watch: WatchForm;
  /** Target dates not to book (yyyy-MM-dd). */
  skipDates: string[];
  /** The venue asks for an authenticator app's code at login: the profile keeps its setup key (write-only). */
  twoFactor: boolean;
  /** Paying from the account's credit, up to a cap per booking (typed as text so "4,5" is reported). */
  payment: { allowCredit: boolean; cap: string };
}

/** The cancellation watch as typed: minutes stay text so "1O" is reported, not silently dropped. */
export interface WatchForm {
  enabled: boolean;
  everyMinutes: string;
  until: string;
}

export type FieldErrors = Record<string, string>;

export const EXAMPLE_INSTRUCTIONS =
  'Log in with {{username}} / {{password}}. Book Lane 3 at 07:00 on {date}. If Lane 3 is taken, any lane at 07:00; otherwise 08:00.';

export const BASE_SECRETS = ['username', 'password'] as const;

export function machineTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export function emptyForm(timeZone = machineTimeZone()): ProfileForm {
  return {
    name: '',
    enabled: true,
    startUrl: '',
    origins: '',
    originsEdited: false,
    timeZone,
    locale: '',
    daysAhead: '7',
    opensAt: '',
    bookingsUrl: '',
    instructions: '',
    // No day is on until the user picks one: a profile that books every day by default books days nobody wanted.
    weekdays: Object.fromEntries(WEEKDAYS.map((d) => [d, { book: false, custom: false, instructions: '' }])) as Record<Weekday, DayForm>,
    attemptTimes: [...DEFAULT_ATTEMPT_TIMES],
    model: '',
    verifyTime: '',
    verifyLane: '',
    verifyEdited: false,
    alternatives: '',
    dateOrder: 'auto',
    keepCookies: true,
    watch: watchForm(DEFAULT_WATCH),
    skipDates: [],
    twoFactor: false,
    payment: { allowCredit: false, cap: '' },
  };
}

function watchForm(w: { enabled: boolean; everyMinutes: number; until: string }): WatchForm {
  return { enabled: w.enabled, everyMinutes: String(w.everyMinutes), until: w.until };
}

/**
 * Fallback choices, one per line: "07:00 lane 2", "08:00", "lane 4". A token shaped like a time is
 * the time (the service validates it); the rest is the lane, without a leading "lane".
 */
export function parseAlternatives(text: string): { time?: string; lane?: string }[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const tokens = line.split(/\s+/);
      const t = tokens.findIndex((x) => /^\d{1,2}[:.]\d{2}$/.test(x));
      const time = t >= 0 ? tokens[t]!.replace('.', ':').padStart(5, '0') : undefined;
      const lane = tokens
        .filter((_, i) => i !== t)
        .join(' ')
        .replace(/^(lane|court)\s*/i, '')
        .trim();
      return { ...(time ? { time } : {}), ...(lane ? { lane } : {}) };
    });
}

export function formatAlternatives(list: { time?: string; lane?: string }[]): string {
  return list.map((a) => [a.time, a.lane ? `lane ${a.lane}` : ''].filter(Boolean).join(' ')).join('\n');
}

export function formFromProfile(p: ProfileView): ProfileForm {
  return {
    id: p.id,
    name: p.name,
    enabled: p.enabled,
    startUrl: p.venue.startUrl,
    origins: p.venue.allowedOrigins.join('\n'),
    originsEdited: true,
    timeZone: p.venue.timeZone,
    locale: p.venue.locale ?? '',
    daysAhead: String(p.venue.daysAhead),
    opensAt: p.venue.opensAt ?? '',
    bookingsUrl: p.venue.bookingsUrl ?? '',
    instructions: p.instructions,
    weekdays: Object.fromEntries(
      WEEKDAYS.map((d) => {
        const plan = p.weekdays[d];
        return [d, { book: plan?.book ?? false, custom: !!plan?.instructions, instructions: plan?.instructions ?? '' }];
      }),
    ) as Record<Weekday, DayForm>,
    attemptTimes: [...p.attemptTimes],
    model: p.model ?? '',
    verifyTime: p.verification.time ?? '',
    verifyLane: p.verification.lane ?? '',
    verifyEdited: true,
    alternatives: formatAlternatives(p.alternatives ?? []),
    dateOrder: p.verification.dateOrder,
    keepCookies: p.keepCookies,
    // Profiles saved before the watch existed have none: they get the service's default.
    watch: watchForm(p.watch ?? DEFAULT_WATCH),
    skipDates: [...(p.skipDates ?? [])],
    twoFactor: p.secretNames.includes(TOTP_SECRET_NAME),
    payment: { allowCredit: paymentOf(p).allowCredit, cap: paymentOf(p).capPerBooking ? String(paymentOf(p).capPerBooking) : '' },
  };
}

export function originOf(url: string): string | undefined {
  try {
    const u = new URL(url.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

/** The origins the URLs imply: the start page's, and the bookings page's when it lives elsewhere. */
export function derivedOrigins(f: Pick<ProfileForm, 'startUrl' | 'bookingsUrl'>): string {
  return [...new Set([originOf(f.startUrl), originOf(f.bookingsUrl)].filter((o): o is string => !!o))].join('\n');
}

function lines(text: string): string[] {
  return text
    .split(/[\n,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function allInstructions(f: ProfileForm): string[] {
  return [f.instructions, ...WEEKDAYS.filter((d) => f.weekdays[d].book && f.weekdays[d].custom).map((d) => f.weekdays[d].instructions)];
}

/** username and password always; plus any other {{secret}} the instructions mention, and the authenticator's key. */
export function secretNamesFor(f: ProfileForm): string[] {
  return [...new Set([...BASE_SECRETS, ...allInstructions(f).flatMap(secretPlaceholders), ...(f.twoFactor ? [TOTP_SECRET_NAME] : [])])];
}

/** The typed secrets the form can judge before sending (the authenticator's setup key), keyed like the server's errors. */
export function secretErrors(typed: Record<string, string>): FieldErrors {
  const errors: FieldErrors = {};
  const totp = typed[TOTP_SECRET_NAME];
  if (totp) {
    const r = totpSecretSchema.safeParse(totp);
    if (!r.success) errors[`secrets.${TOTP_SECRET_NAME}`] = r.error.issues[0]!.message;
  }
  return errors;
}

/** The payment rule to send: off and blank sends nothing (the service's default: stop before paying). */
export function paymentInput(f: ProfileForm): ProfileInput['payment'] {
  const cap = f.payment.cap.trim();
  if (!f.payment.allowCredit && !cap) return undefined;
  const n = /^\d+(\.\d{1,2})?$/.test(cap) ? Number(cap) : cap === '' ? 0 : Number.NaN;
  return { allowCredit: f.payment.allowCredit, capPerBooking: n };
}

export function weekdaysInput(f: ProfileForm): ProfileInput['weekdays'] {
  return Object.fromEntries(
    WEEKDAYS.map((d) => {
      const w = f.weekdays[d];
      const text = w.custom && w.book ? w.instructions.trim() : '';
      return [d, text ? { book: w.book, instructions: text } : { book: w.book }];
    }),
  ) as ProfileInput['weekdays'];
}

const wholeNumber = (s: string) => (/^\s*\d+\s*$/.test(s) ? Number(s) : Number.NaN);

/** The last of the night's attempt times: the watch begins after it. */
export function lastAttemptTime(times: string[]): string | undefined {
  return [...times].sort().at(-1);
}

/**
 * The watch settings to send. Switched on, exactly what was typed (so mistakes are reported);
 * switched off, the hidden values are kept when valid but never block a save.
 */
export function watchInput(f: ProfileForm): NonNullable<ProfileInput['watch']> {
  const every = wholeNumber(f.watch.everyMinutes);
  if (f.watch.enabled) return { enabled: true, everyMinutes: every, until: f.watch.until };
  return {
    enabled: false,
    everyMinutes: watchSchema.shape.everyMinutes.safeParse(every).success ? every : DEFAULT_WATCH.everyMinutes,
    until: timeOfDaySchema.safeParse(f.watch.until).success ? f.watch.until.trim() : DEFAULT_WATCH.until,
  };
}

/** The request body's `profile`, exactly as the user typed it (the server trims and sorts). */
export function toInput(f: ProfileForm): ProfileInput {
  const blank = (s: string) => s.trim() === '';
  return {
    ...(f.id ? { id: f.id } : {}),
    name: f.name,
    enabled: f.enabled,
    venue: {
      startUrl: f.startUrl,
      allowedOrigins: lines(f.origins),
      timeZone: f.timeZone,
      ...(blank(f.locale) ? {} : { locale: f.locale.trim() }),
      ...(blank(f.bookingsUrl) ? {} : { bookingsUrl: f.bookingsUrl }),
      daysAhead: wholeNumber(f.daysAhead),
      ...(blank(f.opensAt) ? {} : { opensAt: f.opensAt }),
    },
    instructions: f.instructions,
    weekdays: weekdaysInput(f),
    attemptTimes: f.attemptTimes,
    verification: {
      ...(blank(f.verifyTime) ? {} : { time: f.verifyTime }),
      ...(blank(f.verifyLane) ? {} : { lane: f.verifyLane }),
      dateOrder: f.dateOrder,
    },
    alternatives: parseAlternatives(f.alternatives),
    secretNames: secretNamesFor(f),
    ...(blank(f.model) ? {} : { model: f.model }),
    keepCookies: f.keepCookies,
    watch: watchInput(f),
    skipDates: f.skipDates,
    ...(paymentInput(f) ? { payment: paymentInput(f) } : {}),
  };
}

/** Where an error path is shown: secret-name problems come from the instructions text. */
function fieldKey(path: string): string {
  if (path.startsWith('secretNames')) return 'instructions';
  if (/^venue\.allowedOrigins\.\d+$/.test(path)) return 'venue.allowedOrigins';
  if (path.startsWith('alternatives')) return 'alternatives';
  return path;
}

export function validate(f: ProfileForm): { input?: ProfileInput; errors: FieldErrors } {
  const input = toInput(f);
  const errors: FieldErrors = {};
  const r = profileInputSchema.safeParse(input);
  if (!r.success) {
    for (const issue of r.error.issues) {
      const path = issue.path.map(String).join('.');
      let msg = issue.message;
      if (path === 'venue.daysAhead') msg = 'Enter a whole number of days between 0 and 60, like 7';
      if (path === 'watch.everyMinutes' && Number.isNaN(wholeNumber(f.watch.everyMinutes))) msg = 'Enter a whole number of minutes between 5 and 240, like 15';
      if (path === 'payment.capPerBooking' && f.payment.cap.trim() && !/^\d+(\.\d{1,2})?$/.test(f.payment.cap.trim())) msg = 'Enter an amount like 5 or 4.50';
      const m = /^venue\.allowedOrigins\.(\d+)$/.exec(path);
      if (m) msg = `${lines(f.origins)[Number(m[1])]}: ${msg}`;
      errors[fieldKey(path)] ??= msg;
    }
  }
  // The cross-field rules (origins, placeholders, weekdays, watch) came with the schema above, the
  // very one the service applies. What remains is about the form itself: a ticked "different
  // instructions" box with nothing typed would silently fall back to the profile's instructions.
  for (const d of WEEKDAYS) {
    const w = f.weekdays[d];
    if (w.book && w.custom && !w.instructions.trim()) errors[`weekdays.${d}.instructions`] ??= 'Write this day’s instructions, or untick “different instructions”';
  }
  return Object.keys(errors).length ? { errors } : { input, errors };
}

/** Checks one time for the attempt-times editor: format, then duplicates. */
export function checkNewTime(value: string, existing: string[]): { time?: string; error?: string } {
  const r = timeOfDaySchema.safeParse(value);
  if (!r.success) return { error: r.error.issues[0]?.message ?? 'Use a 24-hour time like 00:10' };
  if (existing.includes(r.data)) return { error: `${r.data} is already in the list` };
  return { time: r.data };
}

/** The message for a field: an exact match, else the first error inside it (e.g. attemptTimes.2). */
export function errorFor(errors: FieldErrors, key: string): string | undefined {
  if (errors[key]) return errors[key];
  const inner = Object.keys(errors).find((k) => k.startsWith(`${key}.`));
  return inner ? errors[inner] : undefined;
}

export function fieldId(key: string): string {
  return `f-${key.replace(/[^a-zA-Z0-9]+/g, '-')}`;
}
