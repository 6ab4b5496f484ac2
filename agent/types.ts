// Public types of the booking agent: the plain inputs and results the service codes against.
import type { AgentAction } from './model/actions';
import type { Recipe } from './recipes/schema';
import type { BookGoal, ReleaseReport } from './recipes/book-by-recipe';
import type { PrepareParams, PrepareResult } from './release/release';

export type { AgentAction } from './model/actions';
export type { Recipe } from './recipes/schema';
export type { Alternative, BookGoal, ReleaseReport } from './recipes/book-by-recipe';
export type { PrepareParams, PrepareResult } from './release/release';

export type FailureKind = 'transient' | 'permanent';
/** `message` is user-readable and already redacted. */
export interface AgentFailure { kind: FailureKind; code: string; message: string }

export interface VenueTarget {
  startUrl: string;
  allowedOrigins: string[];
  bookingsUrl?: string;
  timeZone: string;
  /** How to read ambiguous numeric dates like 01/02/2026; default day-first. */
  dateOrder?: 'dmy' | 'mdy';
}

export interface BookingWant {
  /** yyyy-MM-dd, venue-local. */
  date: string;
  /** HH:mm, 24 h. */
  time?: string;
  /** e.g. '3'. */
  lane?: string;
}

export interface ModelConfig { host: string; model: string; timeoutMs: number; numCtx: number; keepAlive: string }

export interface BrowserConfig {
  executablePath?: string;
  headless?: boolean;
  /** When set, a persistent profile: cookies survive between nights. */
  userDataDir?: string;
}

export interface Budgets { maxSteps: number; maxWallMs: number; maxModelMs: number }

export interface SecretsInput { names: string[]; resolve(name: string): Promise<string | undefined> }

export interface AgentStep {
  index: number;
  action: AgentAction;
  /** Human text of the element, e.g. `button "Book 07:00"`. */
  target?: string;
  ok: boolean;
  message?: string;
  startedAt: string;
  durationMs: number;
  modelMs?: number;
  url?: string;
  /** Durable locator from `locator.normalize()`, for recipes. */
  locator?: string;
  screenshot?: string;
  /** Size of the compact snapshot the model saw for this step (chars/4). */
  snapshotTokens?: number;
  /** Bench figures for this step's page, in tokens (chars/4): raw aria snapshot vs compact; HTML when `measure` is on. */
  sizes?: { rawTokens: number; compactTokens: number; htmlTokens?: number };
  /** 'recipe' for a step replayed from a learned recipe (no model call). */
  source?: 'model' | 'recipe';
}

export interface ModelUsage {
  calls: number;
  promptTokens: number;
  evalTokens: number;
  modelMs: number;
  snapshotTokens: number[];
}

export interface BookResult {
  claimedDone: boolean;
  failure?: AgentFailure;
  steps: AgentStep[];
  usage: ModelUsage;
  screenshot?: string;
  finalUrl?: string;
  /** Wall time spent in the harness (browser + snapshot + bookkeeping), excluding model calls. */
  harnessMs?: number;
  /** How the booking was made: replayed recipe, model, or a recipe the model repaired. */
  via?: 'recipe' | 'model' | 'recipe+model';
  /** A new or healed recipe: keep it only once independent verification finds the booking. */
  recipe?: Recipe;
  /** The choice actually booked (differs from the want when a fallback lane/time was taken): verify this. */
  booked?: BookingWant;
  /** Set when the booking was fired at a release instant. */
  release?: ReleaseReport;
}

export interface ObservedBooking { date: string; time?: string; lane?: string; text: string; cancelled?: boolean }

export interface VerifyResult {
  found: boolean;
  match?: ObservedBooking;
  seen: ObservedBooking[];
  method: 'rule' | 'model';
  url: string;
  screenshot?: string;
  /** Set when verification itself could not run. */
  failure?: AgentFailure;
}

export interface SessionOptions {
  venue: VenueTarget;
  secrets: SecretsInput;
  model: ModelConfig;
  browser: BrowserConfig;
  /** Screenshots go here; names never contain secrets. */
  artifactsDir: string;
  budgets?: Partial<Budgets>;
  signal?: AbortSignal;
  /** Also record the page's HTML size per step (one page.content() per step; for the bench). */
  measure?: boolean;
  /** book() logs in with the built-in form filler before handing over to the model (default true). */
  loginHelper?: boolean;
  onStep?(step: AgentStep): void;
  log?(line: string): void;
}

export interface BookingSession {
  /** Fresh page in the same context; logs in if needed. */
  verify(want: BookingWant): Promise<VerifyResult>;
  /**
   * `instructions` are already rendered (placeholders like {date} filled in). With `recipe` it replays
   * without the model; with `fireAt` it waits for that venue-clock instant and fires then.
   */
  book(goal: BookGoal): Promise<BookResult>;
  /** Before a release: browser, login, model, server clock, page parked; see PrepareResult. */
  prepare?(p: PrepareParams): Promise<PrepareResult>;
  /** Closes the browser; idempotent. */
  close(): Promise<void>;
}

export const DEFAULT_BUDGETS: Budgets = { maxSteps: 30, maxWallMs: 5 * 60_000, maxModelMs: 4 * 60_000 };
