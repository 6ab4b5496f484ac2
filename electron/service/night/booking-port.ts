// What the runner needs from whoever drives the venue's website. The agent (agent/) fills it in
// production; tests use scripted doubles. Plain data in, plain data out.
import type { Failure, Profile, Settings, Step } from '../../../shared/schemas';

export interface BookingWant {
  date: string; // yyyy-MM-dd, venue-local
  time?: string;
  lane?: string;
}

export interface ObservedBooking {
  date: string;
  time?: string;
  lane?: string;
  text: string;
  /** The venue lists it as cancelled: it never counts. */
  cancelled?: boolean;
}

export interface VerifyOutcome {
  /** True only when status is 'found'. */
  found: boolean;
  /** found · not-found · unsure (unclear evidence) · cannot-verify (the list does not reach the date). */
  status: 'found' | 'not-found' | 'unsure' | 'cannot-verify';
  reason?: string;
  /** The member's list visibly reaches the date. */
  reaches?: boolean;
  page?: { kind: 'bookings' | 'schedule' | 'unknown'; why: string; pages: number; dateOrder?: 'dmy' | 'mdy'; showsTimes?: boolean; showsLanes?: boolean };
  ignored?: { text: string; why: string }[];
  match?: ObservedBooking;
  seen: ObservedBooking[];
  method: 'rule' | 'model';
  url: string;
  screenshot?: string;
  /** Set when verification itself could not run (login failed, page timed out…). */
  failure?: Failure;
}

export interface BookOutcome {
  claimedDone: boolean;
  failure?: Failure;
  steps: Omit<Step, 'phase'>[];
  usage?: { calls: number; promptTokens: number; evalTokens: number; modelMs: number };
  screenshot?: string;
  /** 'model' | 'recipe' | 'recipe+model' (self-healed) — how the booking was attempted. */
  via?: string;
  /** A new or healed recipe. The runner keeps it only if verification then finds the booking. */
  recipe?: unknown;
  /** State-changing requests the venue accepted during the booking (logins excluded). */
  sent?: number;
  /** When the booking failed: what the venue was saying on the page, in its own words. */
  venueSaid?: string;
}

export interface PrepareOutcome {
  /** Venue server clock minus machine clock, and the measurement's error bound. */
  offsetMs: number;
  errorMs: number;
  parkedUrl: string;
  loggedIn: boolean;
}

/** A person is needed (a captcha, a code, a payment): what, where, and the hand-over the agent offers. */
export interface NeedsYouPrompt {
  kind: string;
  what: string;
  message: string;
  url: string;
  phase: 'verify' | 'book';
  /** Opens the page in a visible browser with the session's state and waits (bounded) for a person to pass it. */
  takeOver(): Promise<'resumed' | 'gave-up'>;
}

export interface BookingContext {
  profile: Profile;
  settings: Settings;
  runDate: string;
  targetDate: string;
  /** The profile's instructions with date placeholders rendered; secret placeholders remain. */
  instructions: string;
  want: BookingWant;
  /** Where this attempt's screenshots go (absolute). */
  artifactsDir: string;
  signal: AbortSignal;
  onStep(step: Omit<Step, 'phase'>): void;
  /** The learned recipe for this profile (and weekday, where its instructions differ); opaque to the service. */
  recipe?: unknown;
  /** Release firing: the instant, by the venue's clock, when the target date opens. */
  fireAt?: Date;
  /** A cancellation-watch check: with a recipe, a broken step ends the check rather than waking the model. */
  watch?: boolean;
  /** A person is needed now: the runner tells the user at once and decides whether to hand over. */
  onNeedsYou?(p: NeedsYouPrompt): Promise<'resumed' | 'gave-up'>;
}

export interface BookingSession {
  verify(): Promise<VerifyOutcome>;
  /** Release firing only: get ready before the window opens (logged in, parked, clock offset measured). */
  prepare?(): Promise<PrepareOutcome>;
  book(): Promise<BookOutcome>;
  close(): Promise<void>;
}

export interface BookingPort {
  open(ctx: BookingContext): Promise<BookingSession>;
}
