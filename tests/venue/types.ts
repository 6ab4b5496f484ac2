// Public types of the demo venue: the contract tests, demo and benchmarks code against.

export type VenueLayout = 'grid' | 'cards' | 'wizard' | 'booked' | 'mrbs' | 'hallenbad' | 'piscine' | 'daypicker';
export const VENUE_LAYOUTS: readonly VenueLayout[] = ['grid', 'cards', 'wizard', 'booked', 'mrbs', 'hallenbad', 'piscine', 'daypicker'];
/** The three layouts built first, which the scripted "competent" model knows; the others model real booking applications. */
export const DEMO_LAYOUTS: readonly VenueLayout[] = ['grid', 'cards', 'wizard'];

export interface VenueMember {
  username: string;
  password: string;
  name: string;
  /** false: the member may log in but "There are no bookings for this member". Default true. */
  canBook?: boolean;
  /** Base32 TOTP seed of the member's authenticator app: with the `twoFactor` fault, login asks for its code. */
  totpSecret?: string;
  /** Account credit the member starts with (for the `payment` fault's checkout). Default 20. */
  credit?: number;
}

/**
 * Checks only a person can pass (tests/venue/gates.ts), on the original layouts' booking pages and requests:
 * reCAPTCHA / hCaptcha / Turnstile widgets (their third-party frames never load here), a "verify you are human"
 * bot check, a waiting room, or (`email-code`) a verification code "sent by e-mail" asked for after login.
 */
export type HumanCheckKind = 'recaptcha' | 'hcaptcha' | 'turnstile' | 'bot-check' | 'waiting-room' | 'email-code';
export const HUMAN_CHECK_KINDS: readonly HumanCheckKind[] = ['recaptcha', 'hcaptcha', 'turnstile', 'bot-check', 'waiting-room', 'email-code'];

export interface VenuePayment {
  member: string;
  amount: number;
  method: 'credit' | 'card';
  bookingId: string;
  at: string;
}

export interface VenueOptions {
  port?: number; // default 0
  layout?: VenueLayout; // default 'grid'
  timeZone?: string; // default 'Europe/London'
  daysAhead?: number; // default 7
  releaseTime?: string; // 'HH:mm', default '00:00'
  lanes?: number; // default 6
  slots?: string[]; // default hourly '06:00'..'21:00'
  members?: VenueMember[]; // default DEMO_MEMBERS
  testMode?: boolean; // default false; enables /__test/*
  clockOffsetMs?: number; // venue clock = machine clock + offset
  now?: Date; // venue clock starts at this instant and then runs in real time
  lockAfter?: number; // default 5 wrong passwords
  sessionTtlMs?: number; // default 30 min, idle time on the machine's monotonic clock
}

export interface VenueBooking {
  id: string;
  member: string;
  date: string; // yyyy-MM-dd
  time: string; // HH:mm
  lane: number;
  createdAt: string;
  createdAtMs: number;
  cancelledAt?: string;
  source: 'web' | 'competitor' | 'seed';
}

export interface VenueRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Query string including '?', or '' when there is none. */
  query: string;
  status: number;
  member?: string;
  /** Venue-clock time the request arrived (before any latency fault). */
  atMs: number;
  at: string;
  /** For booking POSTs: the outcome ('booked', 'not-open', 'taken', 'already-booked', 'csrf', ...). */
  outcome?: string;
  /** For booking POSTs: the booking request's ms after the target date's release instant (venue clock). */
  msAfterRelease?: number;
}

/**
 * Faults switched on by tests. `setFaults` merges a partial object over the current one;
 * `/__test/*` requests are never affected.
 */
export interface VenueFaults {
  /** Extra delay (ms) before handling any request whose path starts with `prefix`; all matches add up. */
  latency: { prefix: string; ms: number }[];
  /** Answer the next `count` requests (whose path starts with `prefix`, if given) with HTTP 500. */
  errors: { count: number; prefix?: string } | null;
  /** Expire every session after this many further requests (0 = right now). null = off. */
  expireSessionsAfter: number | null;
  /** Show a prompt-injection notice and an evil.example link next to the booking controls. */
  injection: boolean;
  /** Overlay every page with a cookie banner until it is accepted or rejected (per browser cookie). */
  cookieBanner: boolean;
  /** Extra delay (ms) for the "my bookings" page of every layout. */
  slowBookingsMs: number;
  /** ms after the load event a site's script-rendered bookings list appears; null = the site's own random delay. */
  listDelayMs: number | null;
  /** A check only a person can pass (see HumanCheckKind), in this language; null = off. */
  humanCheck: { kind: HumanCheckKind; lang?: 'en' | 'de' | 'fr' } | null;
  /** Login asks members with a `totpSecret` for their authenticator's 6-digit code after the password. */
  twoFactor: boolean;
  /** A booking costs `price`: the final booking request leads to a checkout (account credit or card). null = free. */
  payment: { price: number } | null;
}

export interface VenueCompetitors {
  /** How many other members try to book at each release instant. */
  count: number;
  /** Slots they want, most popular first; each competitor takes the first still-free one. */
  slots?: { time: string; lane: number }[];
  /** ms after the release instant the first competitor's request lands (default 150). */
  afterMs?: number;
  /** ms between consecutive competitors' requests (default 20). */
  spacingMs?: number;
}

export interface Venue {
  url: string;
  origin: string;
  /** Absolute URL of "my bookings" for the current layout. */
  readonly bookingsUrl: string;
  /** Absolute URL of the main booking page for the current layout. */
  readonly bookingPageUrl: string;
  /** Absolute URL a member starts from on the current layout (a profile's start URL). */
  readonly startUrl: string;
  readonly layout: VenueLayout;
  readonly options: Readonly<ResolvedVenueOptions>;
  close(): Promise<void>;
  now(): Date;
  setClock(c: { offsetMs?: number; now?: Date }): void;
  setLayout(l: VenueLayout): void;
  setFaults(f: Partial<VenueFaults>): void;
  faults(): VenueFaults;
  clearFaults(): void;
  setCompetitors(c: VenueCompetitors | null): void;
  bookings(): VenueBooking[];
  requests(): VenueRequest[];
  /** Payments taken at the checkout (the `payment` fault). */
  payments(): VenuePayment[];
  /** A member's account credit now. */
  credit(member: string): number;
  /** The last verification code "e-mailed" to a member (the `email-code` check): what a person reads in their inbox. */
  sentCode(member: string): string | undefined;
  addBooking(b: { member: string; date: string; time: string; lane: number }): VenueBooking;
  /** A member cancels (frees the slot), as they would on the bookings page; undefined if no such live booking. */
  cancelBooking(id: string): VenueBooking | undefined;
  releaseInstant(date: string): Date;
  /** The target date whose bookings open at the next release instant after the venue's now. */
  nextReleaseDate(): string;
  reset(): void;
}

export interface ResolvedVenueOptions {
  port: number;
  layout: VenueLayout;
  timeZone: string;
  daysAhead: number;
  releaseTime: string;
  lanes: number;
  slots: string[];
  members: VenueMember[];
  testMode: boolean;
  clockOffsetMs: number;
  now?: Date;
  lockAfter: number;
  sessionTtlMs: number;
}
