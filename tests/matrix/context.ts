// The shapes a simulated night is described by and works with: behaviours, faults, the night spec, a fault's
// plan and the context a plan acts on. Its own module so the night runner and the fault plans, which use each
// other's shapes, do not import each other.
import type { LanebotService } from '../../electron/service/index';
import type { FakeOllama } from '../fake-ollama/server';
import type { Venue, VenueLayout } from '../venue/index';
import type { NightClock } from './clock';
import type { Spy } from './spy';
import type { Transport } from './transport';

export const BEHAVIOURS = ['competent', 'confused', 'stubborn', 'slow', 'down', 'injected', 'liar'] as const;
export type BehaviourName = (typeof BEHAVIOURS)[number];

export type Group = 'layout × behaviour' | 'fault × layout' | 'combination' | 'new site';


/**
 * The profile's verification rule: 'time' (date and start time, any lane: the goal allows any lane), or
 * 'time-lane' (date, time and lane 3). A site whose bookings list shows no lanes can only confirm 'time'.
 */
export type VerificationRule = 'time' | 'time-lane';

export interface NightSpec {
  id: string;
  group: Group;
  layout: VenueLayout;
  behaviour: BehaviourName;
  fault: FaultName;
  transport: 'direct' | 'http';
  /** Default 'time'. */
  rule?: VerificationRule;
}

export const FAULTS = [
  'none',
  'errors',
  'latency',
  'session-expiry',
  'slow-bookings',
  'cookie-banner',
  'competitors',
  'browser-kill',
  'process-kill',
  'clock-jump',
  'dst-spring',
  'dst-autumn',
  'asleep',
  'book-now-during',
  'recipe-night',
  'release-recipe',
  // Combinations and edges, run on one layout each.
  'sold-out',
  'asleep-past-window',
  'process-kill-early',
  'dst-target',
  'dst-midnight',
  'wrong-password',
  'release',
  'cancellation',
  'dry-run',
  // Nights only a person can unblock: the judged outcome is "needs you", with nothing booked.
  'captcha',
  'payment',
] as const;
export type FaultName = (typeof FAULTS)[number];

/** The faults every layout suffers with the competent model. */
export const LAYOUT_FAULTS: FaultName[] = FAULTS.slice(1, FAULTS.indexOf('sold-out'));

export interface FaultPlan {
  label: string;
  /** The night (run date) when it is not the default one, and the venue's zone. */
  runDate?: string;
  timeZone?: string;
  password?: string;
  /** The profile knows when the window opens: release firing (prepare, then fire at the opening by the venue's clock). */
  opensAt?: string;
  /** Start a day earlier: the night before the judged one runs first (history such as a learned recipe). */
  priorNight?: boolean;
  /** The profile's cancellation watch. */
  watch?: { enabled: boolean; everyMinutes: number; until: string };
  /** Why no booking can be made whatever Lanebot does (the user's input, not the venue's capacity). */
  impossible?: string;
  /** Only a person can get past this (a captcha, a payment): every attempt must end "needs you", told once, nothing booked. */
  needsYou?: boolean;
  /** Switched on at 23:50 the evening before, while the clock is still ahead of the release. */
  atStart?(ctx: NightContext): void | Promise<void>;
  /** Runs when the fake model receives its n-th chat request (n from 1), before it answers. */
  onChat?(ctx: NightContext, n: number): void | Promise<void>;
  /** How the night passes; the default fires each planned attempt at its time. */
  drive?(ctx: NightContext): Promise<void>;
  /** Run after the window: extra checks of the scenario's own promise. */
  after?(ctx: NightContext): void | Promise<void>;
}

export interface NightContext {
  spec: NightSpec;
  plan: FaultPlan;
  venue: Venue;
  fake: FakeOllama;
  spy: Spy;
  clock: NightClock;
  home: string;
  member: string;
  profileId: string;
  runDate: string;
  targetDate: string;
  timeZone: string;
  attemptTimes: readonly string[];
  service: LanebotService;
  transport: Transport;
  orphanBrowsers: number;
  childLogs: string[];
  /** The instant a venue-local time happens on the night's run date. */
  at(time: string): Date;
  /** The night before the judged one (for faults that need a night of history first). */
  priorRunDate: string;
  /** Fires each planned attempt of a night (default: the judged one) still ahead of the clock, moving the clock to it first. */
  fireRemaining(runDate?: string): Promise<void>;
  /** The same, for attempts and checks due before `until` only; the clock is left at the last one fired. */
  fireRemainingUntil(until: Date): Promise<void>;
  /** Swaps the model's behaviour from now on (e.g. Ollama going away between nights). */
  setModel(name: BehaviourName): void;
  /** Marks the start of the judged night: model calls are counted from here. */
  beginNight(): void;
  openService(): Promise<void>;
  closeService(): Promise<void>;
  recordEvent(e: unknown): void;
  chatCount(): number;
  check(ok: boolean, message: string): void;
  note(message: string): void;
  /** Records a dry run's window on the venue clock: the judge counts any booking made in it. */
  dryRunWindow(startMs: number, endMs: number): void;
  /** The profile's secrets and the venue target, for a plan that calls the agent directly (a dry run). */
  secrets: Map<string, string>;
}

