// The one API contract between the UI and the service. Each method has a zod schema for its
// request (checked at every transport boundary) and a TypeScript type for its response. Electron IPC
// and loopback HTTP both serve this map; adding a method is one entry here and one handler in
// handlers.ts, with no transport code.
import { z } from 'zod';
import {
  attemptSchema,
  calendarDateSchema,
  OUTCOMES,
  profileInputSchema,
  settingsPatchSchema,
  TOTP_SECRET_NAME,
  totpSecretSchema,
  type Attempt,
  type Evidence,
  type LedgerEntry,
  type Profile,
  type Settings,
  type Step,
  type Rehearsal,
  type Weekday,
} from './schemas';

const id = z.string().regex(/^[a-z0-9-]{1,40}$/, { message: 'Unknown id' });
const empty = z.object({}).strict();

/** What the UI shows of a learned recipe (the recipe itself belongs to the agent). */
export interface RecipeSummary {
  /** 'default', or the weekday whose own instructions it serves. */
  key: string;
  source: string;
  steps: number;
  updatedAt?: string;
  heals: number;
  /** 'draft': its dry run failed or it was edited; it does not book until a dry run passes. */
  status?: 'draft' | 'ready';
}

/** One step of a recipe as the UI shows it. Numbers are 1-based. */
export interface RecipeStepView {
  number: number;
  action: 'click' | 'fill' | 'select' | 'check' | 'press' | 'navigate';
  /** e.g. `click button "Book Lane {{lane}} at {{time:hm}}"`; secrets appear only as {{name}}. */
  description: string;
  /** How the element is found, most durable first. */
  locators: string[];
  login: boolean;
  commit: boolean;
  /** Requests it sent when recorded, e.g. `POST /api/reservations`. */
  sends: string[];
}

/** A learned recipe as the UI reads, fixes and checks it (recipes.get). */
export interface RecipeViewModel {
  key: string;
  status: 'draft' | 'ready';
  source: string;
  createdAt: string;
  updatedAt: string;
  startUrl: string;
  learnedFor: { date: string; time?: string; lane?: string };
  /** Parameters and secret names the steps use. */
  params: string[];
  /** The step that sends the booking (1-based). */
  commitStep: number;
  commitFrom: 'network' | 'user' | 'last-step' | 'unknown';
  /** Where a dry run stops letting requests out (1-based). */
  dryRunStopsAt: number;
  heals: number;
  steps: RecipeStepView[];
  lastCheck?: { ok: boolean; at: string; message: string; held?: string[] };
}

/** A profile as the UI sees it: secrets only as "saved" flags, never values. */
export type ProfileView = Profile & { secretsSaved: Record<string, boolean>; recipes: RecipeSummary[]; teaching: boolean };

export type LightState = 'green' | 'red' | 'grey' | 'running';
/**
 * Why a light has its colour, one word per case: booked (green), running, due tonight (red until
 * verified), not booked after its night (red), the weekday is off, the date is skipped, or its night
 * ended before the profile existed (grey).
 */
export type LightKind = 'booked' | 'running' | 'due' | 'not-booked' | 'off' | 'skipped' | 'before-setup';

/** A verified booking for one date, as the lights and the upcoming list show it. */
export interface BookingView {
  date: string;
  /** When it was verified. */
  at: string;
  attemptId: string;
  how: LedgerEntry['how'];
  /** Who made it: the schedule, Book now, the cancellation watch… */
  trigger?: Attempt['trigger'];
  time?: string;
  lane?: string;
}

export interface Light {
  weekday: Weekday;
  state: LightState;
  kind?: LightKind;
  /** The one text for the state ("Booked 07:00, lane 3", "Books tonight", "Day off"), so colour is never the only signal. */
  label: string;
  /** The run date whose booking this light reports (the most recent run for this weekday). */
  runDate?: string;
  /** The date this light stands for: the seven lights are the seven dates the last seven nights book. */
  targetDate?: string;
  /** The verified booking for this light's date, whoever made it. */
  booking?: BookingView;
  /** The coming night's run, when it books this weekday's next date (the light then names both dates). */
  next?: { runDate: string; targetDate: string };
  last?: LedgerEntry;
}

export interface NextAttempt {
  at: string; // ISO instant
  time: string; // venue HH:mm
  runDate: string;
  targetDate: string;
  /** A scheduled attempt, or a cancellation-watch check. */
  kind: 'attempt' | 'watch';
}

/** The profile's cancellation watch, when it is switched on. */
export interface WatchStatus {
  everyMinutes: number;
  until: string; // venue HH:mm
  /** Checks made so far tonight. */
  checks: number;
  /** True once the attempt times are over and the checks have begun (or are next). */
  active: boolean;
}

/** Tonight's last attempt stopped at something only a person can do (a captcha, a code, a payment). */
export interface NeedsYouStatus {
  attemptId: string;
  /** What stood in the way, e.g. "a captcha (reCAPTCHA)". */
  what: string;
  /** What happened and what to do, in the attempt's own words. */
  summary: string;
  /** The venue page it stopped at (redacted), when known. */
  url?: string;
}

export interface ProfileStatus {
  id: string;
  name: string;
  enabled: boolean;
  timeZone: string;
  /** Today's run date at the venue and the date it books. */
  runDate: string;
  targetDate: string;
  tonightDue: boolean;
  lights: Light[];
  attemptTimes: string[];
  nextAttempt?: NextAttempt;
  watch?: WatchStatus;
  runningAttemptId?: string;
  lastSuccess?: LedgerEntry;
  /** Tonight's booking is stopped at something only a person can do, and not booked since. */
  needsYou?: NeedsYouStatus;
  /** Verified bookings from today on (venue calendar), soonest first. */
  upcoming?: BookingView[];
  /** Where the member's bookings are listed at the venue (the bookings page, else the start page). */
  bookingsUrl?: string;
  /** Skipped target dates from today on. */
  skipDates?: string[];
  /** The weekdays this profile books (Book now warns before booking another). */
  weekdays?: Weekday[];
  /** The furthest date Book now may pick: today + days ahead (venue calendar). */
  lastBookableDate?: string;
  /** The latest evening rehearsal of the recipe (a dry run that cannot book) for the coming or the last night. */
  rehearsal?: Rehearsal;
  /** When the next rehearsal is due (ISO), when one is planned. */
  nextRehearsalAt?: string;
  /** One line for tray tooltips and the Today view, e.g. "Alex · Sat 5 Dec · booked 00:00:01 ✓". */
  line: string;
}

export interface Notice {
  id: string;
  level: 'info' | 'warning' | 'error';
  message: string;
  at: string;
}

export interface StatusView {
  now: string;
  paused: boolean;
  running: boolean;
  profiles: ProfileStatus[];
  notices: Notice[];
  /** 'ok' all due verified, 'pending' some due not yet, 'failed' some gave up, 'running', 'paused', 'idle'. */
  overall: 'ok' | 'pending' | 'failed' | 'running' | 'paused' | 'idle';
}

export type AttemptSummary = Omit<Attempt, 'steps'> & { stepCount: number };

export interface HealthItem {
  ok: boolean;
  message: string;
  fix?: string;
}
export interface HealthView {
  ollama: HealthItem & { models: string[]; host: string };
  browser: HealthItem & { path?: string };
  awake: HealthItem;
  secrets: HealthItem & { protection: 'keychain' | 'file-0600' | 'basic-text' };
  /** Whether the service can open a visible browser window (Teach needs one): on Linux, an X11 or Wayland display. */
  display?: { available: boolean; message: string };
  dataDir: string;
  transport: 'ipc' | 'http';
}

export interface PreviewRun {
  runDate: string;
  targetDate: string;
  weekday: Weekday;
  books: boolean;
  text?: string;
  error?: string;
}

const previewInput = z.strictObject({
  instructions: z.string().max(4000),
  timeZone: z.string(),
  daysAhead: z.number().int().min(0).max(60),
  weekdays: profileInputSchema.shape.weekdays.optional(),
  /** Preview from this run date instead of today (tests, and "what about the DST night?"). */
  // The regex alone lets 2026-02-31 through, which date-fns then cannot format.
  from: calendarDateSchema.optional(),
  count: z.number().int().min(1).max(31).default(7),
});

const attemptsListInput = z
  .object({
    profileId: id.optional(),
    outcome: z.enum(OUTCOMES).optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();

/** Book now: tonight's target unless the user picks a date (checked against the venue's calendar by the handler). */
const bookNowInput = z.object({ profileId: id, targetDate: calendarDateSchema.optional() }).strict();

/** Which Ollama to ask: the saved address, or one being typed in Settings. */
const modelsListInput = z.object({ host: z.url({ protocol: /^https?$/, message: 'Enter a full web address starting with http:// or https://' }).max(500).optional() }).strict();

const secretsInput = z.record(z.string().regex(/^[a-z][a-z0-9_]{0,31}$/), z.string().max(500));

export const NOTIFY_CHANNELS = ['ntfy', 'webhook'] as const;
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];
const notifyTestInput = z.object({ channel: z.enum(NOTIFY_CHANNELS) }).strict();
const profilesSaveInput = z
  .strictObject({ profile: profileInputSchema, secrets: secretsInput.optional() })
  .superRefine(({ profile, secrets }, ctx) => {
    // A secret the profile does not use would be stored and never read: refuse it by name.
    for (const name of Object.keys(secrets ?? {}))
      if (!profile.secretNames.includes(name))
        ctx.addIssue({ code: 'custom', path: ['secrets', name], message: `Not one of this profile’s secrets (${profile.secretNames.join(', ')})` });
    const totp = secrets?.[TOTP_SECRET_NAME];
    if (totp) {
      const r = totpSecretSchema.safeParse(totp);
      if (!r.success) ctx.addIssue({ code: 'custom', path: ['secrets', TOTP_SECRET_NAME], message: r.error.issues[0]!.message });
    }
  });
const recipeKey = z.string().regex(/^[a-z0-9-]{1,20}$/, { message: 'Unknown recipe' });
const recipeRef = z.object({ profileId: id, key: recipeKey }).strict();
const stepNumber = z.number().int().min(1).max(200);
const recipeUpdateInput = z
  .object({ profileId: id, key: recipeKey, dropSteps: z.array(stepNumber).max(80).optional(), commitStep: stepNumber.optional() })
  .strict();
const recipeImportInput = z.object({ profileId: id, key: recipeKey, json: z.string().min(2).max(500_000) }).strict();

function method<I extends z.ZodType, O>(input: I) {
  return { input, output: undefined as unknown as O };
}

export const contract = {
  'status.get': method<typeof empty, StatusView>(empty),
  'profiles.list': method<typeof empty, ProfileView[]>(empty),
  'profiles.save': method<typeof profilesSaveInput, ProfileView>(profilesSaveInput),
  'profiles.delete': method<z.ZodObject<{ id: typeof id }>, { deleted: boolean }>(z.object({ id }).strict()),
  'profiles.preview': method<typeof previewInput, PreviewRun[]>(previewInput),
  'attempts.list': method<typeof attemptsListInput, AttemptSummary[]>(attemptsListInput),
  'attempts.get': method<z.ZodObject<{ id: z.ZodString }>, Attempt>(z.object({ id: z.string().max(80) }).strict()),
  'book.now': method<typeof bookNowInput, { attemptId: string; joined: boolean; targetDate?: string }>(bookNowInput),
  'book.testLogin': method<z.ZodObject<{ profileId: typeof id }>, { attemptId: string; joined: boolean }>(z.object({ profileId: id }).strict()),
  'settings.get': method<typeof empty, Settings>(empty),
  'settings.save': method<typeof settingsPatchSchema, Settings>(settingsPatchSchema),
  'pause.set': method<z.ZodObject<{ tonight: z.ZodBoolean }>, StatusView>(z.object({ tonight: z.boolean() }).strict()),
  'health.get': method<typeof empty, HealthView>(empty),
  'models.list': method<typeof modelsListInput, { reachable: boolean; models: string[]; message: string; host?: string }>(modelsListInput),
  'notices.dismiss': method<z.ZodObject<{ id: z.ZodString }>, { ok: true }>(z.object({ id: z.string().max(80) }).strict()),
  /** Opens a visible recording browser: the user books once by hand and Lanebot learns the recipe. */
  'recipes.teach': method<z.ZodObject<{ profileId: typeof id }>, { started: boolean; message: string }>(z.object({ profileId: id }).strict()),
  'recipes.forget': method<z.ZodObject<{ profileId: typeof id }>, { forgotten: number }>(z.object({ profileId: id }).strict()),
  /** Sends a test message to one configured notification channel. */
  'notify.test': method<typeof notifyTestInput, { ok: boolean; message: string }>(notifyTestInput),
  /** Bundles the log, the store without secrets and the last screenshots into one file in the data folder. */
  'diagnostics.export': method<typeof empty, { path: string; bytes: number }>(empty),
  /** The secret address of the iCalendar feed of verified upcoming bookings. */
  'calendar.info': method<typeof empty, { url: string }>(empty),
  /** One recipe, step by step: what each does, how it is found, which books, which log in, its last dry run. */
  'recipes.get': method<typeof recipeRef, RecipeViewModel>(recipeRef),
  /** Drop steps and/or mark the booking step (1-based numbers as shown); the recipe is a draft until recipes.check passes. */
  'recipes.update': method<typeof recipeUpdateInput, { recipe: RecipeViewModel; message: string }>(recipeUpdateInput),
  'recipes.export': method<typeof recipeRef, { json: string }>(recipeRef),
  /** A recipe from exported JSON (validated; errors name the field); a draft until recipes.check passes. */
  'recipes.import': method<typeof recipeImportInput, RecipeViewModel>(recipeImportInput),
  /** A dry run of the recipe (it can never book): ready when it passes, a draft when not. */
  'recipes.check': method<typeof recipeRef, RecipeViewModel>(recipeRef),
} as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type Request<M extends Method> = z.input<Contract[M]['input']>;
export type ParsedRequest<M extends Method> = z.output<Contract[M]['input']>;
export type Response<M extends Method> = Contract[M]['output'];
export const METHODS = Object.keys(contract) as Method[];

export function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/** Events pushed to the UI (IPC send / server-sent events). */
export type ServiceEvent =
  | { type: 'attempt-started'; attempt: AttemptSummary }
  | { type: 'attempt-step'; attemptId: string; profileId: string; step: Step }
  | { type: 'attempt-evidence'; attemptId: string; profileId: string; phase: 'precheck' | 'verify'; evidence: Evidence }
  | { type: 'attempt-finished'; attempt: AttemptSummary }
  /** A person must act now (a captcha, a code, a payment): told at once, before the attempt ends. */
  | { type: 'attempt-needs-you'; attemptId: string; profileId: string; profileName: string; targetDate: string; kind: string; what: string; message: string; takeOver: boolean }
  | { type: 'ledger-changed' }
  | { type: 'profiles-changed' }
  | { type: 'settings-changed' }
  | { type: 'schedule-changed' }
  | { type: 'notice'; notice: Notice }
  | { type: 'rehearsal-finished'; rehearsal: Rehearsal & { profileName: string } };

/** The error every transport answers with. `fields` maps a dotted field path to its message. */
export interface ApiErrorBody {
  code: 'invalid' | 'not-found' | 'conflict' | 'unauthorized' | 'internal';
  message: string;
  fields?: Record<string, string>;
}

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorBody['code'],
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
  toBody(): ApiErrorBody {
    return { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) };
  }
}

/** Turns a zod error into one that names each field, e.g. "venue.startUrl: Enter a full web address…". */
export function invalid(error: z.ZodError, prefix = ''): ApiError {
  // No prototype: an unknown key named "__proto__" must become a field like any other.
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const issue of error.issues) {
    const at = [prefix, ...issue.path.map(String)].filter(Boolean);
    if (issue.code === 'unrecognized_keys') {
      // Name each unknown key where it was found, e.g. "profile.venue.opensat: Unknown field".
      for (const key of issue.keys) fields[[...at, key || '""'].join('.')] ??= `Unknown field "${key}"${at.length ? ` in ${at.join('.')}` : ''}`;
      continue;
    }
    fields[at.join('.') || '(body)'] ??= issue.message;
  }
  const first = Object.entries(fields)[0]!;
  return new ApiError('invalid', `${first[0]}: ${first[1]}`, fields);
}

export function parseRequest<M extends Method>(m: M, body: unknown): ParsedRequest<M> {
  const r = contract[m].input.safeParse(body ?? {});
  if (!r.success) throw invalid(r.error);
  return r.data as ParsedRequest<M>;
}

/** The client side: what `window.lanebot` and the HTTP client both implement. */
export interface LanebotApi {
  call<M extends Method>(method: M, request: Request<M>): Promise<Response<M>>;
  subscribe(listener: (event: ServiceEvent) => void): () => void;
  /** A URL the UI can put in <img src> for a screenshot path from an attempt record (IPC). */
  screenshotUrl(path: string): string;
  /**
   * HTTP: screenshots need the API token, which only travels in a header, so the image is fetched
   * and shown from an object URL (the caller revokes it). Absent where screenshotUrl works as it is.
   */
  loadScreenshot?(path: string): Promise<string>;
  transport: 'ipc' | 'http';
}

export { attemptSchema };
