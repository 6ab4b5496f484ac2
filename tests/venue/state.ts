// The venue's in-memory world: members, sessions, bookings, booking rules, competitors and faults.
// Nothing here knows about HTTP; the server turns these results into pages.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { addDays, instantOf, isIsoDate, localDate, longDate, localTime, releaseInstantOf } from './calendar';
import { VenueClock } from './clock';
import type {
  ResolvedVenueOptions,
  VenueBooking,
  VenueCompetitors,
  VenueFaults,
  VenueLayout,
  VenueMember,
  VenuePayment,
  VenueRequest,
} from './types';

export interface WizardDraft {
  activity?: string;
  date?: string;
  time?: string;
  lane?: number;
}

export interface Session {
  id: string;
  csrf: string;
  member?: string;
  /** performance.now() of the last request; idle expiry uses the machine's monotonic clock so that
   * moving the venue clock (as tests do) never logs anyone out by accident. */
  lastSeen: number;
  wizard: WizardDraft;
  /** Logged in with the password, but a second step (authenticator or e-mailed code) is still due. */
  pending?: { kind: 'totp' | 'email'; next: string };
  /** A booking waiting at the checkout (the `payment` fault). */
  checkout?: { id: string; date: string; time: string; lane: number };
}

export type BookingRefusal =
  | 'not-open'
  | 'past'
  | 'taken'
  | 'already-booked'
  | 'no-booking-rights'
  | 'invalid';

export type BookResult =
  | { ok: true; booking: VenueBooking }
  | { ok: false; reason: BookingRefusal; message: string };

export type LoginResult =
  | { ok: true; member: VenueMember }
  | { ok: false; reason: 'invalid' | 'locked' };

export const ACTIVITY = 'Lap swimming';

export function defaultFaults(): VenueFaults {
  return { latency: [], errors: null, expireSessionsAfter: null, injection: false, cookieBanner: false, slowBookingsMs: 0, listDelayMs: null, humanCheck: null, twoFactor: false, payment: null };
}

/** Popular slots first: early-morning and after-work swims in the middle lanes. */
function defaultCompetitorSlots(slots: string[], lanes: number): { time: string; lane: number }[] {
  const popularTimes = ['07:00', '06:00', '08:00', '18:00', '19:00', '12:00', '17:00', '20:00'];
  const times = [...popularTimes.filter((t) => slots.includes(t)), ...slots.filter((t) => !popularTimes.includes(t))];
  const laneOrder = [3, 2, 4, 1, 5, 6, ...Array.from({ length: Math.max(0, lanes - 6) }, (_, i) => i + 7)].filter((l) => l <= lanes);
  return times.flatMap((time) => laneOrder.map((lane) => ({ time, lane })));
}

export class VenueState {
  readonly clock: VenueClock;
  layout: VenueLayout;
  faults: VenueFaults = defaultFaults();
  bookings: VenueBooking[] = [];
  requests: VenueRequest[] = [];
  payments: VenuePayment[] = [];
  /** Account credit per member (the `payment` fault), from each member's `credit` (default 20). */
  credits = new Map<string, number>();
  /** Clearance cookies handed out by a passed human check (tests/venue/gates.ts). */
  clearances = new Set<string>();
  /** The last code "e-mailed" per member (the `email-code` check). */
  sentCodes = new Map<string, string>();
  private sessions = new Map<string, Session>();
  private failures = new Map<string, number>();
  private nextId = 1;
  private competitors: VenueCompetitors | null = null;
  private armed = new Set<string>();
  private fired = new Set<string>();
  private pending: { atMs: number; member: string; date: string }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(readonly opts: ResolvedVenueOptions) {
    this.clock = new VenueClock({ offsetMs: opts.clockOffsetMs, now: opts.now });
    this.layout = opts.layout;
  }

  // ---- members and sessions -------------------------------------------------------------

  member(username: string | undefined): VenueMember | undefined {
    return username === undefined ? undefined : this.opts.members.find((m) => m.username === username);
  }

  isLocked(username: string): boolean {
    return (this.failures.get(username) ?? 0) >= this.opts.lockAfter;
  }

  login(username: string, password: string): LoginResult {
    const m = this.member(username);
    if (!m) return { ok: false, reason: 'invalid' };
    // Once locked, even the right password is refused: that is what makes the lock a lock.
    if (this.isLocked(username)) return { ok: false, reason: 'locked' };
    if (m.password !== password) {
      const n = (this.failures.get(username) ?? 0) + 1;
      this.failures.set(username, n);
      return { ok: false, reason: n >= this.opts.lockAfter ? 'locked' : 'invalid' };
    }
    this.failures.set(username, 0);
    return { ok: true, member: m };
  }

  newSession(member?: string): Session {
    const s: Session = { id: token(), csrf: token(), member, lastSeen: performance.now(), wizard: {} };
    this.sessions.set(s.id, s);
    return s;
  }

  /** The live session for a cookie value, refreshing its idle timer; undefined when unknown or expired. */
  session(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const s = this.sessions.get(id);
    if (!s) return undefined;
    const now = performance.now();
    if (now - s.lastSeen > this.opts.sessionTtlMs) {
      this.sessions.delete(id);
      return undefined;
    }
    s.lastSeen = now;
    return s;
  }

  dropSession(id: string): void {
    this.sessions.delete(id);
  }

  expireAllSessions(): void {
    this.sessions.clear();
  }

  creditOf(member: string): number {
    return this.credits.get(member) ?? this.member(member)?.credit ?? 20;
  }

  // ---- booking rules ---------------------------------------------------------------------

  today(): string {
    return localDate(this.clock.nowMs(), this.opts.timeZone);
  }

  releaseInstant(date: string): number {
    return releaseInstantOf(date, this.opts.daysAhead, this.opts.releaseTime, this.opts.timeZone);
  }

  /** The date whose bookings open at the next release instant strictly after `nowMs`. */
  nextReleaseDate(nowMs = this.clock.nowMs()): string {
    const d = addDays(localDate(nowMs, this.opts.timeZone), this.opts.daysAhead);
    return this.releaseInstant(d) > nowMs ? d : addDays(d, 1);
  }

  isOpen(date: string, nowMs = this.clock.nowMs()): boolean {
    return nowMs >= this.releaseInstant(date);
  }

  /** "Bookings for Tuesday 1 December 2026 open at 00:00 on Tuesday 24 November 2026." */
  notOpenMessage(date: string): string {
    const r = this.releaseInstant(date);
    return `Bookings for ${longDate(date)} open at ${localTime(r, this.opts.timeZone)} on ${longDate(localDate(r, this.opts.timeZone))}.`;
  }

  slotStarted(date: string, time: string, nowMs = this.clock.nowMs()): boolean {
    return instantOf(date, time, this.opts.timeZone) <= nowMs;
  }

  active(): VenueBooking[] {
    return this.bookings.filter((b) => !b.cancelledAt);
  }

  slotHolder(date: string, time: string, lane: number): VenueBooking | undefined {
    return this.active().find((b) => b.date === date && b.time === time && b.lane === lane);
  }

  validSlot(date: string, time: string, lane: number): boolean {
    return isIsoDate(date) && this.opts.slots.includes(time) && Number.isInteger(lane) && lane >= 1 && lane <= this.opts.lanes;
  }

  /** A web booking request from `member`, judged at venue-clock `atMs` (its arrival). */
  book(member: string, date: string, time: string, lane: number, atMs = this.clock.nowMs()): BookResult {
    // Competitors whose requests landed before this one get their turn first.
    this.tick(atMs);
    const m = this.member(member);
    if (!m) return { ok: false, reason: 'invalid', message: 'Unknown member.' };
    if (m.canBook === false) return { ok: false, reason: 'no-booking-rights', message: 'There are no bookings for this member. Your membership does not include online booking; please contact reception.' };
    if (!this.validSlot(date, time, lane)) return { ok: false, reason: 'invalid', message: 'That is not a valid date, time and lane.' };
    if (!this.isOpen(date, atMs)) return { ok: false, reason: 'not-open', message: this.notOpenMessage(date) };
    if (this.slotStarted(date, time, atMs)) return { ok: false, reason: 'past', message: `The ${time} session on ${longDate(date)} has already started.` };
    return this.insert(member, date, time, lane, 'web', atMs);
  }

  private insert(member: string, date: string, time: string, lane: number, source: VenueBooking['source'], atMs: number): BookResult {
    const mine = this.active().find((b) => b.member === member && b.date === date);
    if (mine) return { ok: false, reason: 'already-booked', message: `You already have a booking on ${longDate(date)} (Lane ${mine.lane} at ${mine.time}). Only one booking per member per day is allowed.` };
    if (this.slotHolder(date, time, lane)) return { ok: false, reason: 'taken', message: `This slot has just been taken: Lane ${lane} at ${time} on ${longDate(date)} is no longer available.` };
    const booking: VenueBooking = {
      id: `B${String(this.nextId++).padStart(5, '0')}`,
      member,
      date,
      time,
      lane,
      createdAt: new Date(atMs).toISOString(),
      createdAtMs: atMs,
      source,
    };
    this.bookings.push(booking);
    return { ok: true, booking };
  }

  /** A booking made "by hand" (seed): no release or past checks, but still one per member per day and slot. */
  seed(b: { member: string; date: string; time: string; lane: number }): VenueBooking {
    if (!this.validSlot(b.date, b.time, b.lane)) throw new Error(`addBooking: invalid slot ${b.date} ${b.time} lane ${b.lane}`);
    const r = this.insert(b.member, b.date, b.time, b.lane, 'seed', this.clock.nowMs());
    if (!r.ok) throw new Error(`addBooking: ${r.message}`);
    return r.booking;
  }

  cancel(member: string, id: string): VenueBooking | undefined {
    const b = this.bookings.find((x) => x.id === id && x.member === member && !x.cancelledAt);
    if (!b) return undefined;
    b.cancelledAt = this.clock.now().toISOString();
    return b;
  }

  /** A member's bookings from today on (venue-local), soonest first. */
  upcoming(member: string): VenueBooking[] {
    const today = this.today();
    return this.active()
      .filter((b) => b.member === member && b.date >= today)
      .sort((a, b) => (a.date + a.time).localeCompare(b.date + b.time));
  }

  // ---- competitors ----------------------------------------------------------------------

  setCompetitors(c: VenueCompetitors | null): void {
    this.competitors = c && c.count > 0 ? c : null;
    this.armed.clear();
    this.fired.clear();
    this.pending = [];
    this.tick();
  }

  /**
   * Arms the next release, fires competitors for releases that have passed while armed, books the
   * competitor requests whose arrival time has come, and re-plans the timer. Called on every request,
   * on clock changes and by its own timer, so tests that jump the clock still see the race.
   */
  tick(nowMs = this.clock.nowMs()): void {
    if (this.closed) return;
    const c = this.competitors;
    if (c) {
      this.armed.add(this.nextReleaseDate(nowMs));
      for (const date of this.armed) {
        const r = this.releaseInstant(date);
        if (r > nowMs || this.fired.has(date)) continue;
        this.fired.add(date);
        const after = c.afterMs ?? 150;
        const spacing = c.spacingMs ?? 20;
        for (let i = 0; i < c.count; i++) this.pending.push({ atMs: r + after + i * spacing, member: `competitor-${i + 1}`, date });
      }
      this.pending.sort((a, b) => a.atMs - b.atMs);
      while (this.pending[0] && this.pending[0].atMs <= nowMs) {
        const p = this.pending.shift()!;
        const wanted = c.slots ?? defaultCompetitorSlots(this.opts.slots, this.opts.lanes);
        for (const s of wanted) {
          if (!this.validSlot(p.date, s.time, s.lane) || this.slotHolder(p.date, s.time, s.lane)) continue;
          if (this.insert(p.member, p.date, s.time, s.lane, 'competitor', p.atMs).ok) break;
        }
      }
    }
    this.plan(nowMs);
  }

  private plan(nowMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.competitors) return;
    const next = Math.min(this.releaseInstant(this.nextReleaseDate(nowMs)), this.pending[0]?.atMs ?? Infinity);
    // Timers can fire a little early; tick() re-plans, so clamp to at least 1 ms and cap long waits.
    const wait = Math.min(Math.max(1, next - nowMs), 2 ** 30);
    this.timer = setTimeout(() => this.tick(), wait);
    this.timer.unref();
  }

  setClock(c: { offsetMs?: number; now?: Date }): void {
    this.clock.set(c);
    // A jump backwards re-opens the race for the release now ahead of the clock.
    const next = this.nextReleaseDate();
    this.fired.delete(next);
    this.pending = this.pending.filter((p) => p.date !== next);
    this.tick();
  }

  // ---- faults ----------------------------------------------------------------------------

  setFaults(f: Partial<VenueFaults>): void {
    // Copies, because the server counts errors down in place and callers may reuse their objects.
    this.faults = { ...this.faults, ...f };
    if (f.errors !== undefined) this.faults.errors = f.errors && f.errors.count > 0 ? { ...f.errors } : null;
    if (f.latency !== undefined) this.faults.latency = f.latency.map((l) => ({ ...l }));
    if (this.faults.expireSessionsAfter === 0) {
      this.expireAllSessions();
      this.faults.expireSessionsAfter = null;
    }
  }

  clearFaults(): void {
    this.faults = defaultFaults();
  }

  // ---- lifecycle -------------------------------------------------------------------------

  reset(): void {
    this.clock.set({ offsetMs: this.opts.clockOffsetMs, now: this.opts.now });
    this.layout = this.opts.layout;
    this.faults = defaultFaults();
    this.bookings = [];
    this.requests = [];
    this.payments = [];
    this.credits.clear();
    this.clearances.clear();
    this.sentCodes.clear();
    this.sessions.clear();
    this.failures.clear();
    this.nextId = 1;
    this.setCompetitors(null);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

function token(): string {
  return randomBytes(18).toString('base64url');
}
