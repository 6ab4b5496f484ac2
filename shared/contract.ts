// The one API contract between the UI and the service. Each method has a zod schema for its
// request (checked at every transport boundary) and a TypeScript type for its response. Electron IPC
// and loopback HTTP both serve this map; adding a method is one entry here and one handler in
// handlers.ts, with no transport code.
import { z } from 'zod';
import {
  attemptSchema,
  isoDateSchema,
  OUTCOMES,
  profileInputSchema,
  settingsPatchSchema,
  type Attempt,
  type Evidence,
  type LedgerEntry,
  type Profile,
  type Settings,
  type Step,
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
export interface Light {
  weekday: Weekday;
  state: LightState;
  /** Text form of the state, so colour is never the only signal. */
  label: string;
  /** The run date whose booking this light reports (the most recent run for this weekday). */
  runDate?: string;
  targetDate?: string;
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

const previewInput = z.object({
  instructions: z.string().max(4000),
  timeZone: z.string(),
  daysAhead: z.number().int().min(0).max(60),
  weekdays: profileInputSchema.shape.weekdays.optional(),
  /** Preview from this run date instead of today (tests, and "what about the DST night?"). */
  from: isoDateSchema
    // The regex alone lets 2026-02-31 through, which date-fns then cannot format.
    .refine((d) => {
      const t = Date.parse(`${d}T00:00:00Z`);
      return !Number.isNaN(t) && new Date(t).toISOString().startsWith(d);
    }, { message: 'Not a real calendar date' })
    .optional(),
  count: z.number().int().min(1).max(31).default(7),
});

const attemptsListInput = z
  .object({
    profileId: id.optional(),
    outcome: z.enum(OUTCOMES).optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();

const secretsInput = z.record(z.string().regex(/^[a-z][a-z0-9_]{0,31}$/), z.string().max(500));

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
  'profiles.save': method<z.ZodObject<{ profile: typeof profileInputSchema; secrets: z.ZodOptional<typeof secretsInput> }>, ProfileView>(
    z.object({ profile: profileInputSchema, secrets: secretsInput.optional() }).strict(),
  ),
  'profiles.delete': method<z.ZodObject<{ id: typeof id }>, { deleted: boolean }>(z.object({ id }).strict()),
  'profiles.preview': method<typeof previewInput, PreviewRun[]>(previewInput),
  'attempts.list': method<typeof attemptsListInput, AttemptSummary[]>(attemptsListInput),
  'attempts.get': method<z.ZodObject<{ id: z.ZodString }>, Attempt>(z.object({ id: z.string().max(80) }).strict()),
  'book.now': method<z.ZodObject<{ profileId: typeof id }>, { attemptId: string; joined: boolean }>(z.object({ profileId: id }).strict()),
  'book.testLogin': method<z.ZodObject<{ profileId: typeof id }>, { attemptId: string; joined: boolean }>(z.object({ profileId: id }).strict()),
  'settings.get': method<typeof empty, Settings>(empty),
  'settings.save': method<typeof settingsPatchSchema, Settings>(settingsPatchSchema),
  'pause.set': method<z.ZodObject<{ tonight: z.ZodBoolean }>, StatusView>(z.object({ tonight: z.boolean() }).strict()),
  'health.get': method<typeof empty, HealthView>(empty),
  'models.list': method<typeof empty, { reachable: boolean; models: string[]; message: string }>(empty),
  'notices.dismiss': method<z.ZodObject<{ id: z.ZodString }>, { ok: true }>(z.object({ id: z.string().max(80) }).strict()),
  /** Opens a visible recording browser: the user books once by hand and Lanebot learns the recipe. */
  'recipes.teach': method<z.ZodObject<{ profileId: typeof id }>, { started: boolean; message: string }>(z.object({ profileId: id }).strict()),
  'recipes.forget': method<z.ZodObject<{ profileId: typeof id }>, { forgotten: number }>(z.object({ profileId: id }).strict()),
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
  | { type: 'ledger-changed' }
  | { type: 'profiles-changed' }
  | { type: 'settings-changed' }
  | { type: 'schedule-changed' }
  | { type: 'notice'; notice: Notice };

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
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)';
    fields[path] ??= issue.message;
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
  /** A URL the UI can put in <img src> for a screenshot path from an attempt record. */
  screenshotUrl(path: string): string;
  transport: 'ipc' | 'http';
}

export { attemptSchema };
