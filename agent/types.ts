// Public types of the booking agent: the plain inputs and results the service codes against.
// A leaf: it imports nothing. Where a zod schema validates one of these shapes (actions, recipes, clock
// options), the schema's module proves at compile time that it describes exactly the type declared here.

/**
 * transient: a later attempt may well succeed. permanent: stop tonight (wrong password …). needs-you: a person must
 * act (a captcha, a code, a payment): never retried at once; a later attempt time tries again.
 */
export type FailureKind = 'transient' | 'permanent' | 'needs-you';
/** `message` is user-readable and already redacted. */
export interface AgentFailure { kind: FailureKind; code: string; message: string }

export interface VenueTarget {
  startUrl: string;
  allowedOrigins: string[];
  bookingsUrl?: string;
  timeZone: string;
  /**
   * How to read ambiguous numeric dates like 08/12/2026. Unset: the page's own unambiguous dates decide, and
   * a date they do not settle is ambiguous (never a success).
   */
  dateOrder?: 'dmy' | 'mdy';
  /** BCP 47 language of the venue's site ('de-DE', 'fr-FR', 'en-US'): the browser asks for it and dates are read in it. */
  locale?: string;
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
  /** The venue's language (BCP 47): the browser's locale and its Accept-Language, so the site answers in it. */
  locale?: string;
  /** The venue's IANA time zone: what the site's scripts see as local time. */
  timezoneId?: string;
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
  /** When the booking failed: what the venue was saying on the page (an alert or dialog), in its own words. */
  venueSaid?: string;
  /**
   * State-changing requests (POST, PUT, PATCH, DELETE) the venue accepted (status below 400) during this
   * booking, logins excluded: the network's own evidence that something was sent, whatever anyone claims.
   */
  sent?: number;
}

export interface ObservedBooking { date: string; time?: string; lane?: string; text: string; cancelled?: boolean }

/**
 * found: a record of the member's own booking matches. not-found: the member's list covers the date and has no
 * such booking. unsure: the evidence is unclear (the page is not a bookings list, a date reads two ways, the page
 * never shows what the rule asks for). cannot-verify: the member's list does not reach the date and no other
 * way to see it worked. Only `found` is ever a success.
 */
export type VerifyStatus = 'found' | 'not-found' | 'unsure' | 'cannot-verify';

export interface VerifyResult {
  /** True only when status is 'found'. */
  found: boolean;
  status: VerifyStatus;
  /** Why, in words a user can act on (set for every status but found). */
  reason?: string;
  /**
   * The member's list visibly reaches the date (a booking of theirs on or after it is listed, or the list states
   * a window that includes it). "not-found" without it may only mean "not shown".
   */
  reaches?: boolean;
  match?: ObservedBooking;
  /** The member's own bookings read off the page. */
  seen: ObservedBooking[];
  /** Dated lines that were deliberately not taken for the member's bookings (offers, notices), with why. */
  ignored?: { text: string; why: string }[];
  method: 'rule' | 'model';
  /**
   * What the page was taken for, how many pages of the list were read, the date order its own dates settle,
   * and whether the member's bookings on it show times and lanes at all.
   */
  page?: { kind: 'bookings' | 'schedule' | 'unknown'; why: string; pages: number; dateOrder?: 'dmy' | 'mdy'; showsTimes?: boolean; showsLanes?: boolean };
  url: string;
  screenshot?: string;
  /** Set when verification itself could not run. */
  failure?: AgentFailure;
}

// ---- what needs a person (browser/needs-you.ts, browser/hand-over.ts) ------------------------------

/** A captcha, a bot check, a waiting room, an unexpected one-time-code prompt, or a payment the profile does not allow. */
export type NeedsYouKind = 'captcha' | 'bot-check' | 'waiting-room' | 'one-time-code' | 'payment';

export type TakeOverResult = 'resumed' | 'gave-up';

export interface TakeOverOptions {
  /** How long the person has (default 15 min). */
  timeoutMs?: number;
  /** Tests: the "visible" browser is launched headless. */
  headless?: boolean;
  /** Tests: what the person does in the visible page (a playwright-core Page; typed unknown: this file imports nothing). */
  person?(page: unknown): Promise<void>;
}

export interface NeedsYouInfo {
  kind: NeedsYouKind;
  /** "a reCAPTCHA", "a waiting room", "a payment step". */
  what: string;
  /** What happened, in words a user reads (redacted). */
  message: string;
  /** Where it showed (redacted). */
  url: string;
  /** While logging in or checking the bookings (verify), or while booking. */
  phase: 'verify' | 'book';
  /**
   * Opens this page in a visible browser with the session's cookies and local storage, waits (bounded) until the
   * check is gone, then carries the browser's state back into the session: 'resumed', else 'gave-up'.
   */
  takeOver(o?: TakeOverOptions): Promise<TakeOverResult>;
}

/** May Lanebot pay? Only from the account's credit (never by card), up to a cap per booking. */
export interface PaymentPolicy { allowCredit: boolean; capPerBooking: number }

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
  /**
   * A check only a person can pass stopped the session (or a payment the profile does not allow). Called at once;
   * 'resumed' (after info.takeOver() let a person pass it) continues the booking or verification, 'gave-up'
   * ends it with a 'needs-you' failure. Unset: it ends at once.
   */
  onNeedsYou?(info: NeedsYouInfo): Promise<TakeOverResult>;
  /** Paying: unset or allowCredit false means Lanebot stops before any payment. */
  payment?: PaymentPolicy;
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

// ---- the model's actions (schema: model/actions.ts) ---------------------------------------------

export type ActionKey = 'Enter' | 'Tab' | 'Escape' | 'ArrowDown' | 'ArrowUp' | 'Space';

/** One action of the model, addressed by a snapshot ref (`e12`, or `f1e3` inside a frame). */
export type AgentAction =
  | { action: 'click'; ref: string; note?: string }
  | { action: 'fill'; ref: string; value: string; note?: string }
  | { action: 'select'; ref: string; value: string; note?: string }
  | { action: 'press'; ref?: string; key: ActionKey; note?: string }
  | { action: 'check'; ref: string; checked?: boolean; note?: string }
  | { action: 'navigate'; url: string; note?: string }
  | { action: 'scroll'; direction: 'down' | 'up'; ref?: string; note?: string }
  | { action: 'wait'; seconds?: number; note?: string }
  | { action: 'done'; summary: string; note?: string }
  | { action: 'fail'; reason: string; note?: string };

// ---- learned recipes (schema: recipes/schema.ts) ------------------------------------------------

/** Ways to find an element again, most durable first; names and texts are templates. */
export type LocatorSpec =
  | { by: 'role'; role: string; name?: string; exact: boolean }
  | { by: 'label'; text: string; exact: boolean }
  | { by: 'text'; text: string; exact: boolean }
  | { by: 'placeholder'; text: string; exact: boolean }
  | { by: 'testId'; id: string }
  | { by: 'css'; selector: string }
  /** Playwright locator code as `locator.normalize()` prints it; parsed (never evaluated) at replay. */
  | { by: 'code'; code: string }
  /**
   * The cell of a grid at the row headed `row` and the column headed `column` (templates, e.g. `{{time:hm}}`
   * and `Lane {{lane}}`); `within` is the heading or caption of the grid when the page holds several (a
   * day's table); `inner` is the control inside the cell, when the cell is not itself what is clicked.
   * Tables are read by their structure; other grids (FullCalendar's time grid) by geometry.
   */
  | { by: 'cell'; row: string; column: string; within?: string; inner?: { role: string; name?: string } }
  /**
   * An element told apart from its look-alikes (96 "Book" buttons) by the smallest container that shows
   * every one of `texts` (templates, each the start of a text in the container).
   */
  | { by: 'scoped'; texts: string[]; role: string; name?: string };

/** What must hold after a step, so replay notices a step that "worked" but led somewhere else. */
export type Postcondition =
  /** Path with `*` for one id-like segment; query keys listed must equal their rendered templates. */
  | { kind: 'url'; path: string; query: Record<string, string> }
  | { kind: 'visible'; locator: LocatorSpec }
  /** The page no longer shows this element (a dialog closed, a form was sent). */
  | { kind: 'hidden'; locator: LocatorSpec }
  | { kind: 'checked'; checked: boolean }
  | { kind: 'value'; value: string };

export type RecipeAction = 'click' | 'fill' | 'select' | 'check' | 'press' | 'navigate';

/** A state-changing request (POST/PUT/PATCH/DELETE) a step sent when it was recorded; `path` has `*` for id-like segments. */
export interface RequestSignature { method: 'POST' | 'PUT' | 'PATCH' | 'DELETE'; path: string }

/** What a page looked like (title and main heading, templates): a shortcut checks it landed on the recorded page. */
export interface PageSignature { title?: string; heading?: string }

/** The last dry run of a recipe. */
export interface RecipeCheck {
  ok: boolean;
  at: string;
  message: string;
  /** Requests the dry run held back (never sent), e.g. `POST /Web/ajax/reservation_save.php at step 6`. */
  held?: string[];
}

export interface RecipeStep {
  action: RecipeAction;
  /** Human description with templates, e.g. `button "Book Lane {{lane}} at {{time:hm}}"`. */
  describe?: string;
  locators: LocatorSpec[];
  value?: string;
  key?: ActionKey;
  checked?: boolean;
  url?: string;
  /** 'login' steps run only when the page asks for a login; the harness logs in by itself first. */
  phase: 'login' | 'book';
  /** The step that sends the booking: never run before the window opens, nor in a dry run. */
  commit: boolean;
  post: Postcondition[];
  /** State-changing requests the step sent when it was recorded: they tell the commit, and what a dry run may send. */
  sends?: RequestSignature[];
  /** The page the step began on, as recorded. */
  page?: PageSignature;
}

/** The way to book at one venue, written down so it can be replayed without the model. */
export interface Recipe {
  version: 1;
  /** The venue origin the recipe was learned on; replay refuses another. */
  origin: string;
  /** Where replay begins when the browser is not already parked; a template. */
  startUrl: string;
  source: 'model' | 'teach' | 'healed';
  createdAt: string;
  updatedAt: string;
  /** The booking it was learned from (no secrets): what the parameters stood for. */
  learnedFor: { date: string; time?: string; lane?: string };
  /** Parameters and secret names the steps use. */
  params: string[];
  steps: RecipeStep[];
  /** What the page shows once the booking is made. */
  done: Postcondition[];
  /** How many times the model repaired it. */
  heals: number;
  /** 'draft': its dry run failed (or could not run); kept for the user to fix, never used to book. Absent: ready. */
  status?: 'draft' | 'ready';
  /** How the commit step was found: the network (the last booking request), the user's answer, or the last step (a guess). */
  commitFrom?: 'network' | 'user' | 'last-step';
  lastCheck?: RecipeCheck;
}

// ---- booking goals and release firing (book-by-recipe.ts, release/) -----------------------------

/** A choice to fall back to when the wanted slot is taken. */
export interface Alternative { time?: string; lane?: string }

/** Release timing knobs (tests and benchmarks); defaults in release/release.ts. */
export interface ReleaseOptions {
  /** Re-check the login this long before firing (if the wait is longer). */
  recheckBeforeMs?: number;
  /** Keep retrying "not open yet" for this long after the planned instant. */
  retryForMs?: number;
  /** Pause between "not open yet" retries. */
  retrySpacingMs?: number;
  /** Extra margin after the latest instant the window can have opened. */
  safetyMs?: number;
  /** Deliberate delay after the opening (tests and benchmarks of a late start). */
  lateByMs?: number;
  /** A measured clock older than this is measured again before firing. */
  maxClockAgeMs?: number;
}

/** One HEAD request: when it left, when the answer came back (machine clock), and the server's Date (ms of a whole second). */
export interface ClockSample { sentMs: number; receivedMs: number; serverSecondMs: number }

export interface MachineClock { now(): number; sleep(ms: number, signal?: AbortSignal): Promise<void> }

/** Knobs of the venue-clock measurement (defaults in core/clock.ts). */
export interface MeasureOptions {
  /** Whole measurement budget. */
  timeoutMs?: number;
  /** Spacing of the polls that look for the tick. */
  pollMs?: number;
  /** Extra ticks used to halve the interval. */
  bisections?: number;
  requestTimeoutMs?: number;
  /** Stop bisecting once the error is this small. */
  targetErrorMs?: number;
  signal?: AbortSignal;
  /** Tests: a simulated server and clock. */
  probe?: (url: string) => Promise<ClockSample>;
  clock?: MachineClock;
}

export interface BookGoal {
  /** Already rendered (placeholders like {date} filled in). */
  instructions: string;
  want: BookingWant;
  /** The stored recipe for this profile (and weekday); opaque to the service, validated here. */
  recipe?: unknown;
  /** Venue-clock instant the booking window opens: fire then, by the server's clock. */
  fireAt?: Date;
  /** The user's next choices when the first is taken, in order (lane, then time). */
  alternatives?: Alternative[];
  /** Release timing knobs (tests, benchmarks). */
  release?: ReleaseOptions;
  /** Clock measurement knobs (tests). */
  clock?: MeasureOptions;
  /**
   * false: a recipe step that breaks ends the booking instead of handing over to the model. The
   * cancellation watch uses it: there a missing slot button is the usual answer ("still taken"),
   * and asking the model every few minutes all day would only say so slowly.
   */
  heal?: boolean;
}

export interface ReleaseReport {
  /** The planned venue-clock instant. */
  fireAt: string;
  offsetMs: number;
  errorMs: number;
  /** Machine time the first booking request was started (ms since epoch, sub-ms). */
  firedAtMs: number;
  /** Requests answered "not open yet" before one got through. */
  notOpenRetries: number;
  /** Choices that were taken by others before ours landed. */
  lostRaces: number;
}

export interface PrepareParams {
  /** Venue-clock instant the booking window opens. */
  fireAt?: Date;
  /** The stored recipe (opaque to the service; validated here). */
  recipe?: unknown;
  /** The booking, when known: lets the page be walked further (up to the final confirm). */
  want?: BookingWant;
  /** Clock measurement knobs (tests use fewer bisections). */
  clock?: MeasureOptions;
}

export interface PrepareResult {
  /** Venue server clock − machine clock. */
  offsetMs: number;
  /** The offset is known to ± this. */
  errorMs: number;
  /** Where the browser waits (redacted). */
  parkedUrl: string;
  loggedIn: boolean;
  /** The model answered the warm-up (false: only a recipe can book tonight). */
  modelReady: boolean;
  /** Why the model is not ready, if it is not. */
  modelMessage?: string;
  /** How far the recipe was walked (steps done), when there is one. */
  parkedAtStep?: number;
}

export const DEFAULT_BUDGETS: Budgets = { maxSteps: 30, maxWallMs: 5 * 60_000, maxModelMs: 4 * 60_000 };
