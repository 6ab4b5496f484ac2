// The booking algorithm of docs/architecture.md §1: skip if already verified tonight, pre-check, attempt,
// verify independently, and record a success only when verification found the booking.
// One attempt per profile at a time: every trigger (schedule, Book now, catch-up) goes through
// run(), which joins an attempt already in flight instead of starting a second one.
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { randomUUID } from 'node:crypto';
import { format, parseISO } from 'date-fns';
import type { Attempt, Failure, Profile, Step } from '../../../shared/schemas';
import type { Store } from '../store/store';
import type { SecretStore } from '../store/secrets';
import type { EventBus } from '../events';
import type { AttemptSummary } from '../../../shared/contract';
import { ApiError } from '../../../shared/contract';
import { createRedactor, redactDeep } from '../../../agent/redact';
import { renderInstructions } from '../../../shared/placeholders';
import { runDateAt, targetDateFor, venueClock, venueInstant, weekdayOf } from './dates';
import { booksOn, instructionsForDate, isSkipped, plannedBetween, recipeKeyFor } from './plan';
export { recipeKeyFor } from './plan';
import { verifiedFor } from './bookings';
import type { BookingPort, BookingSession, VerifyOutcome } from './booking-port';

export type Trigger = Attempt['trigger'];

export interface RunnerOptions {
  store: Store;
  secrets: SecretStore;
  port: BookingPort;
  events: EventBus;
  now?: () => Date;
  /** Root folder for screenshots; each attempt gets a subfolder. */
  artifactsRoot: string;
  log?: (line: string) => void;
  timeouts?: { verifyMs?: number; bookMs?: number };
  /**
   * A display exists (the desktop app, a headed machine): a check only a person can pass opens the booking
   * browser visibly at that page for them ("Take over"). Headless, the notification says what to do instead.
   */
  handOver?: boolean;
}

export type RunResult =
  /** `recorded` settles once the "running" record is in the store (memory follows the disk), so an answer naming attemptId can be followed by attempts.get. */
  | { attemptId: string; joined: boolean; done: Promise<Attempt>; recorded: Promise<void> }
  | { skipped: string };

interface InFlight {
  attemptId: string;
  targetDate: string;
  done: Promise<Attempt>;
  recorded: Promise<void>;
  controller: AbortController;
}

class PhaseTimeout extends Error {}

/** Recipes per profile: one for the profile's instructions, and one per weekday that overrides them. */
export type RecipeShelf = Record<string, unknown>;


export function summarize(a: Attempt): AttemptSummary {
  const { steps, ...rest } = a;
  return { ...rest, stepCount: steps.length };
}

/** Screenshot paths are stored relative to the artifacts folder, so the UI can ask for them safely. */
export function relativeArtifact(root: string, p: string | undefined): string | undefined {
  if (!p) return undefined;
  if (!isAbsolute(p)) return p;
  const r = relative(root, p);
  return r.startsWith('..') ? undefined : r.split('\\').join('/');
}

const laneKey = (l: string | undefined) => (l ?? '').toLowerCase().replace(/^(lane|court|table|bay)\s*/, '').trim();

/** Whether an observed booking satisfies one of the user's choices (unset parts match anything). */
export function acceptable(b: { time?: string; lane?: string }, c: { time?: string | undefined; lane?: string | undefined }): boolean {
  return (!c.time || b.time === c.time) && (!c.lane || laneKey(b.lane) === laneKey(c.lane));
}

/** Failure codes that are the venue's own refusal of the booking: whatever was sent, nothing was booked. */
const REFUSALS = new Set(['slot-taken', 'not-yet-open', 'venue-refused', 'not-allowed', 'already-booked-elsewhere', 'login-failed', 'account-locked']);

function pretty(date: string): string {
  return format(parseISO(date), 'EEE d MMM');
}

export class Runner {
  private inflight = new Map<string, InFlight>();
  private readonly now: () => Date;
  private readonly log: (line: string) => void;

  constructor(private readonly o: RunnerOptions) {
    this.now = o.now ?? (() => new Date());
    this.log = o.log ?? (() => {});
  }

  runningIds(): Map<string, string> {
    return new Map([...this.inflight].map(([p, f]) => [p, f.attemptId]));
  }

  /** Why a scheduled trigger should not run tonight, or undefined to go ahead. */
  skipReason(profile: Profile, runDate: string, trigger: Trigger): string | undefined {
    if (trigger === 'book-now' || trigger === 'test-login') return undefined;
    const doc = this.o.store.data;
    if (!profile.enabled) return 'profile is switched off';
    if (trigger === 'watch' && !profile.watch.enabled) return 'the cancellation watch is off';
    if (isSkipped(profile, targetDateFor(runDate, profile.venue.daysAhead))) return 'the date is skipped';
    if (!booksOn(profile, runDate)) return 'no booking on this weekday';
    // Keyed by the date it books: a verified booking for it (made by any trigger, on any day) settles tonight.
    const targetDate = targetDateFor(runDate, profile.venue.daysAhead);
    if (verifiedFor(doc, profile.id, targetDate)) return 'already verified tonight';
    // A permanent failure after the profile's last edit stops the night; editing the profile (a new password, say) re-arms it.
    const stopped = doc.attempts.find(
      (a) => a.profileId === profile.id && a.runDate === runDate && a.failure?.kind === 'permanent' && a.startedAt >= profile.updatedAt,
    );
    if (stopped) return `stopped tonight after a permanent failure (${stopped.failure!.code})`;
    const paused = doc.settings.pausedUntil;
    if (paused && this.now() < new Date(paused)) return 'paused tonight';
    return undefined;
  }

  /** `targetDate` (Book now only) books that date instead of the night's own target. */
  run(profileId: string, trigger: Trigger, opts: { slot?: string; runDate?: string; targetDate?: string } = {}): RunResult {
    const profile = this.o.store.data.profiles.find((p) => p.id === profileId);
    if (!profile) throw new ApiError('not-found', `No profile with id ${profileId}`);
    const existing = this.inflight.get(profileId);
    if (existing && opts.targetDate && opts.targetDate !== existing.targetDate)
      throw new ApiError('conflict', `An attempt for ${pretty(existing.targetDate)} is running for ${profile.name}; book ${pretty(opts.targetDate)} when it has finished.`);
    if (existing) return { attemptId: existing.attemptId, joined: true, done: existing.done, recorded: existing.recorded };
    const now = this.now();
    // Release firing prepares before midnight, so it names its night instead of reading the clock.
    const runDate = opts.runDate ?? runDateAt(now, profile.venue.timeZone);
    const skip = this.skipReason(profile, runDate, trigger);
    if (skip) {
      this.log(`${profile.name}: ${trigger} skipped — ${skip}`);
      return { skipped: skip };
    }
    // Registered before the first await, so a second trigger in the same tick joins this one.
    const controller = new AbortController();
    const attemptId = `${format(now, 'yyyyMMdd-HHmmss')}-${randomUUID().slice(0, 8)}`;
    const targetDate = opts.targetDate ?? targetDateFor(runDate, profile.venue.daysAhead);
    let markRecorded!: () => void;
    const recorded = new Promise<void>((r) => (markRecorded = r));
    const done = this.execute(profile, trigger, runDate, targetDate, attemptId, controller, opts.slot, markRecorded).finally(() => {
      markRecorded(); // also when the record could not be written: nobody waits forever
      this.inflight.delete(profileId);
    });
    this.inflight.set(profileId, { attemptId, targetDate, done, recorded, controller });
    return { attemptId, joined: false, done, recorded };
  }

  /** Aborts every running attempt (quit without waiting); their records say "aborted". */
  abortAll(reason: string): string[] {
    const ids = [...this.inflight.values()].map((f) => f.attemptId);
    for (const f of this.inflight.values()) f.controller.abort(new Error(reason));
    return ids;
  }

  async idle(): Promise<void> {
    await Promise.allSettled([...this.inflight.values()].map((f) => f.done));
  }

  private async execute(
    profile: Profile,
    trigger: Trigger,
    runDate: string,
    targetDate: string,
    attemptId: string,
    controller: AbortController,
    slot?: string,
    onRecorded: () => void = () => {},
  ): Promise<Attempt> {
    const { store, events } = this.o;
    const secretValues: Record<string, string | undefined> = {};
    for (const name of profile.secretNames) secretValues[name] = await this.o.secrets.get(profile.id, name).catch(() => undefined);
    const scrub = createRedactor(secretValues);
    const redact = <T>(value: T): T => redactDeep(value, scrub);
    const started = this.now();
    const attempt: Attempt = {
      id: attemptId,
      profileId: profile.id,
      profileName: profile.name,
      trigger,
      runDate,
      targetDate,
      ...(slot ? { slot } : {}),
      startedAt: started.toISOString(),
      outcome: 'running',
      summary: trigger === 'test-login' ? 'Testing the login…' : `Booking ${pretty(targetDate)}…`,
      steps: [],
      timings: {},
      screenshots: [],
    };
    // The in-flight record is on disk before the venue is touched: a crash leaves "running",
    // which the next start turns into "interrupted", and the next attempt's pre-check prevents a double booking.
    await store.update((d) => {
      d.attempts.push(structuredClone(attempt));
    });
    onRecorded();
    events.emit({ type: 'attempt-started', attempt: summarize(attempt) });
    this.log(`${profile.name}: ${trigger} attempt ${attemptId} for ${targetDate}`);

    const artifactsDir = join(this.o.artifactsRoot, attemptId);
    // Private whatever the umask (mkdir's mode is filtered by it; chmod is not).
    mkdirSync(artifactsDir, { recursive: true, mode: 0o700 });
    chmodSync(artifactsDir, 0o700);
    const steps: Step[] = [];
    let phase: Step['phase'] = 'precheck';
    // With fallback choices, the agent is asked for every booking on the date and the runner
    // decides in code whether one of them is an acceptable choice.
    const choices = [{ time: profile.verification.time, lane: profile.verification.lane }, ...profile.alternatives];
    const want = {
      date: targetDate,
      ...(profile.verification.time && !profile.alternatives.length ? { time: profile.verification.time } : {}),
      ...(profile.verification.lane && !profile.alternatives.length ? { lane: profile.verification.lane } : {}),
    };
    const judge = (v: VerifyOutcome): VerifyOutcome => {
      // Unclear evidence stays unclear: the choices only re-judge a list that was read.
      if (!profile.alternatives.length || v.failure || (v.status !== 'found' && v.status !== 'not-found')) return v;
      const match = v.seen.find((b) => b.date === targetDate && !b.cancelled && choices.some((c) => acceptable(b, c)));
      return { ...v, found: !!match, status: match ? 'found' : 'not-found', ...(match ? { match } : { match: undefined }) };
    };
    let session: BookingSession | undefined;
    const t0 = Date.now();
    // While a person has the page in the hand-over browser, the phase's clock does not run out on them.
    let handingOver = false;
    const timed = async <T>(name: string, ms: number, p: () => Promise<T>): Promise<T> => {
      const s = Date.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        return await Promise.race([
          p(),
          new Promise<never>((_, rej) => {
            const arm = () => {
              timer = setTimeout(() => {
                if (handingOver) return arm();
                rej(new PhaseTimeout(`${name} took longer than ${Math.round(ms / 1000)} s`));
              }, ms);
            };
            arm();
          }),
          new Promise<never>((_, rej) => {
            if (controller.signal.aborted) rej(controller.signal.reason);
            controller.signal.addEventListener('abort', () => rej(controller.signal.reason), { once: true });
          }),
        ]);
      } finally {
        clearTimeout(timer);
        attempt.timings[`${name}Ms`] = (attempt.timings[`${name}Ms`] ?? 0) + (Date.now() - s);
      }
    };
    const verifyMs = this.o.timeouts?.verifyMs ?? 120_000;
    const bookMs = this.o.timeouts?.bookMs ?? 10 * 60_000;
    const recipeKey = recipeKeyFor(profile, runDate, targetDate);
    const recipe = (store.data.recipes[profile.id] as RecipeShelf | undefined)?.[recipeKey];
    const fireAt = trigger === 'release' && profile.venue.opensAt ? venueInstant(runDate, profile.venue.opensAt, profile.venue.timeZone) : undefined;
    let learned: unknown;
    const rel = (p: string | undefined) => relativeArtifact(this.o.artifactsRoot, p);
    const record = (e: VerifyOutcome, ms: number) => ({
      found: e.found,
      status: e.status,
      ...(e.reason ? { reason: e.reason } : {}),
      ...(e.reaches !== undefined ? { reaches: e.reaches } : {}),
      ...(e.page ? { page: e.page } : {}),
      ...(e.ignored?.length ? { ignored: e.ignored.slice(0, 20) } : {}),
      method: e.method,
      url: e.url,
      ...(e.match ? { match: e.match } : {}),
      seen: e.seen,
      ...(rel(e.screenshot) ? { screenshot: rel(e.screenshot)! } : {}),
      ...(e.failure ? { failure: e.failure } : {}),
      durationMs: ms,
    });

    try {
      const instructions = renderInstructions(instructionsForDate(profile, targetDate), targetDate);
      session = await this.o.port.open({
        profile,
        settings: store.data.settings,
        runDate,
        targetDate,
        instructions,
        want,
        artifactsDir,
        signal: controller.signal,
        ...(recipe ? { recipe } : {}),
        ...(fireAt ? { fireAt } : {}),
        ...(trigger === 'watch' ? { watch: true } : {}),
        onNeedsYou: async (p) => {
          // Told at once, once a night (a check that is still there at the next attempt time is not news), and
          // handed over at most once a night (a person who did not come at 00:01 is asleep at 00:10 too), except
          // when they pressed Book now themselves.
          const earlier = this.o.store.data.attempts.some((a) => a.profileId === profile.id && a.runDate === runDate && a.id !== attemptId && !!a.needsYou);
          const offer = !!this.o.handOver && (!earlier || trigger === 'book-now') && !attempt.needsYou;
          const firstThisAttempt = !attempt.needsYou;
          attempt.needsYou = { kind: p.kind, what: p.what, url: redact(p.url), takeOver: offer ? 'gave-up' : 'not-offered' };
          if (firstThisAttempt && (!earlier || offer)) {
            events.emit({ type: 'attempt-needs-you', attemptId, profileId: profile.id, profileName: profile.name, targetDate, kind: p.kind, what: p.what, message: redact(p.message), takeOver: offer });
          }
          this.log(`${profile.name}: needs you (${p.kind}) at ${redact(p.url)}${offer ? '; opening it for a person to take over' : ''}`);
          if (!offer) return 'gave-up';
          handingOver = true;
          try {
            const r = await p.takeOver();
            attempt.needsYou.takeOver = r;
            return r;
          } finally {
            handingOver = false;
          }
        },
        onStep: (s) => {
          const shot = relativeArtifact(this.o.artifactsRoot, s.screenshot);
          const step = redact({ ...s, phase, ...(shot ? { screenshot: shot } : {}) });
          steps.push(step);
          events.emit({ type: 'attempt-step', attemptId, profileId: profile.id, step });
        },
      });

      const s1 = Date.now();
      const pre = judge(await timed('precheck', verifyMs, () => session!.verify()));
      attempt.precheck = redact(record(pre, Date.now() - s1));
      events.emit({ type: 'attempt-evidence', attemptId, profileId: profile.id, phase: 'precheck', evidence: attempt.precheck });
      if (rel(pre.screenshot)) attempt.screenshots.push(rel(pre.screenshot)!);

      if (trigger === 'test-login') {
        if (pre.failure) this.fail(attempt, pre.failure);
        else if (pre.page && pre.page.kind !== 'bookings') {
          this.fail(attempt, { kind: 'transient', code: 'bookings-page-unrecognised', message: `Logged in, but ${pre.reason ?? 'the bookings page is not a list of your bookings'}` });
        } else {
          attempt.outcome = 'login-ok';
          attempt.summary = await this.describeBookingsPage(profile, pre, targetDate);
        }
      } else if (pre.failure) {
        // Booking blind could book twice; a transient pre-check failure waits for the next attempt time.
        // A permanent one (the login refused) says so itself: the prefix would only bury it.
        this.fail(attempt, pre.failure, pre.failure.kind === 'permanent' ? '' : 'Could not check the venue’s bookings before booking: ');
      } else if (pre.found) {
        attempt.outcome = 'already-booked';
        attempt.via = 'none';
        attempt.summary = `Already booked for ${pretty(targetDate)} (${pre.match?.text ?? 'found on the bookings page'}), so nothing was booked again.`;
      } else if (pre.status === 'unsure' && pre.page && pre.page.kind !== 'bookings') {
        // A page that is not the member's bookings can never confirm a booking: booking would only be blind.
        this.fail(attempt, { kind: 'permanent', code: 'bookings-page-unrecognised', message: pre.reason ?? 'The bookings page is not a list of your bookings.' });
      } else if (
        ((pre.status === 'unsure' || pre.status === 'cannot-verify') && this.mayHaveBooked(profile.id, targetDate, attemptId) !== 'no')
        || (pre.status === 'not-found' && pre.reaches === false && this.mayHaveBooked(profile.id, targetDate, attemptId) === 'claimed')
      ) {
        // The page cannot show the date, and an earlier attempt may already have booked it: booking again blindly
        // could book twice. A later pre-check that can see the date decides.
        this.fail(attempt, {
          kind: 'transient',
          code: 'cannot-verify',
          message: `Lanebot cannot see whether ${pretty(targetDate)} is booked (${pre.reason ?? 'the bookings page does not show it'}), and an earlier attempt may already have booked it, so it is not booking again. Check on the venue’s site.`,
        });
      } else {
        if (pre.status === 'unsure' || pre.status === 'cannot-verify') {
          steps.push({ index: steps.length, phase: 'note', action: { action: 'precheck' }, ok: false, message: `The pre-check could not tell whether ${pretty(targetDate)} is already booked (${pre.reason ?? 'unclear'}); Lanebot has not booked it before, so it books now.`, startedAt: this.now().toISOString(), durationMs: 0 });
        }
        if (fireAt && session.prepare) {
          const note = (ok: boolean, message: string) =>
            steps.push({ index: steps.length, phase: 'note', action: { action: 'prepare' }, ok, message, startedAt: this.now().toISOString(), durationMs: attempt.timings.prepareMs ?? 0 });
          try {
            const prep = await timed('prepare', verifyMs, () => session!.prepare!());
            note(true, `Ready ${prep.loggedIn ? 'and logged in ' : ''}on ${prep.parkedUrl}; venue clock offset ${prep.offsetMs} ms ± ${prep.errorMs} ms; firing at ${venueClock(fireAt, profile.venue.timeZone)} venue time.`);
          } catch (e) {
            // A permanent answer (wrong password) ends the night; anything else only costs the head start.
            const kind = (e as { kind?: unknown }).kind;
            if (kind === 'permanent' || controller.signal.aborted || e instanceof PhaseTimeout) throw e;
            note(false, `Could not prepare (${(e as Error).message}); booking at the opening anyway.`);
          }
        }
        phase = 'book';
        const booked = await timed('book', bookMs, () => session!.book());
        learned = booked.recipe;
        attempt.booking = { claimed: booked.claimedDone, sent: booked.sent ?? 0 };
        // Evidence that a booking may exist whatever verification can see: the venue accepted a request to change
        // something and the booking step did not end in the venue's own refusal (or it claimed success).
        const refused = !!booked.failure && REFUSALS.has(booked.failure.code);
        const sentAccepted = (booked.sent ?? 0) > 0 && !refused;
        const mayHave = booked.claimedDone || sentAccepted;
        attempt.via = booked.via ?? 'model';
        if (booked.usage) attempt.usage = booked.usage;
        if (rel(booked.screenshot)) attempt.screenshots.push(rel(booked.screenshot)!);
        phase = 'verify';
        const s2 = Date.now();
        const post = judge(await timed('verify', verifyMs, () => session!.verify()));
        attempt.verification = redact(record(post, Date.now() - s2));
        // Stronger evidence: the matching record was not there before this attempt booked.
        if (post.found && post.match) attempt.verification.appeared = !pre.seen.some((b) => b.text === post.match!.text);
        events.emit({ type: 'attempt-evidence', attemptId, profileId: profile.id, phase: 'verify', evidence: attempt.verification });
        if (rel(post.screenshot)) attempt.screenshots.push(rel(post.screenshot)!);
        // "Not found" on a list that shows nothing on or after the date, right after the venue accepted what the
        // booking step says was the booking, may only mean the list does not reach that far.
        const blind = post.status === 'unsure' || post.status === 'cannot-verify' || (post.status === 'not-found' && post.reaches === false && booked.claimedDone && sentAccepted);
        if (post.found) {
          attempt.outcome = 'verified';
          const m = post.match;
          attempt.summary = `Booked and verified: ${pretty(targetDate)}${m?.time ? ` ${m.time}` : ''}${m?.lane ? `, lane ${m.lane}` : ''} is on the venue’s bookings page.`;
        } else if (!post.failure && blind && mayHave) {
          // Possibly booked, not verifiable: never a success, and never booked again blindly tonight.
          const reason = post.status === 'not-found'
            ? `the venue accepted the booking request, but your bookings page shows nothing on or after ${pretty(targetDate)}, so it may not list that far ahead`
            : post.reason ?? 'the bookings page does not show it';
          this.fail(attempt, {
            kind: post.page && post.page.kind !== 'bookings' ? 'permanent' : 'transient',
            code: 'cannot-verify',
            message: `Lanebot may have booked ${pretty(targetDate)}, but cannot verify it: ${reason}. It will not book again tonight; please check on the venue’s site.`,
          });
        } else if (post.failure?.kind === 'permanent' || booked.failure?.kind === 'permanent') {
          this.fail(attempt, (booked.failure?.kind === 'permanent' ? booked.failure : post.failure)!);
        } else if (booked.failure) {
          // The venue's own words first: "Ollama is not running" must not hide "this slot has just been taken".
          const said = booked.venueSaid && !booked.failure.message.includes(booked.venueSaid) ? `The venue said: “${booked.venueSaid}”. ` : '';
          this.fail(attempt, { ...booked.failure, message: said ? `${said}(${booked.failure.message})` : booked.failure.message });
        } else if (post.failure) {
          this.fail(attempt, post.failure, booked.claimedDone ? 'The booking may have been made but could not be checked: ' : '');
        } else {
          this.fail(attempt, {
            kind: 'transient',
            code: booked.claimedDone ? 'unverified' : 'not-booked',
            message: booked.claimedDone
              ? `The agent said it booked, but ${pretty(targetDate)} is not on the venue’s bookings page.`
              : `The attempt ended without a booking for ${pretty(targetDate)}.`,
          });
        }
      }
    } catch (err) {
      if (controller.signal.aborted) {
        attempt.outcome = 'aborted';
        attempt.failure = { kind: 'transient', code: 'aborted', message: 'Lanebot was quitting, so this attempt was stopped.' };
        attempt.summary = 'Stopped because Lanebot was quitting. The next attempt checks the venue before booking again.';
      } else if (err instanceof PhaseTimeout) {
        controller.abort(err);
        this.fail(attempt, { kind: 'transient', code: 'timeout', message: `${err.message}.` });
      } else if ((err as { kind?: unknown }).kind === 'permanent' && typeof (err as { code?: unknown }).code === 'string') {
        this.fail(attempt, { kind: 'permanent', code: (err as { code: string }).code, message: (err as Error).message });
      } else {
        const message = err instanceof Error ? err.message : String(err);
        this.fail(attempt, { kind: 'transient', code: 'internal', message: `Unexpected error: ${message}` });
      }
    } finally {
      await session?.close().catch((e) => this.log(`closing the browser failed: ${String(e)}`));
    }

    attempt.timings.totalMs = Date.now() - t0;
    attempt.endedAt = this.now().toISOString();
    attempt.steps = steps;
    // A night's unsuccessful watch checks share one record: this one replaces the previous.
    const watched = trigger === 'watch' && attempt.outcome === 'failed' && attempt.failure?.kind === 'transient';
    const earlierChecks = watched
      ? store.data.attempts.filter((a) => a.profileId === profile.id && a.runDate === runDate && a.id !== attemptId && a.watch && a.outcome === 'failed')
      : [];
    if (watched) {
      const prev = earlierChecks.at(-1)?.watch;
      attempt.watch = { checks: (prev?.checks ?? 0) + 1, since: prev?.since ?? attempt.startedAt };
      const since = venueClock(new Date(attempt.watch.since), profile.venue.timeZone, 'HH:mm');
      // "Nothing is free" only when the check got as far as looking; a check that could not run says why instead.
      const looked = ['slot-taken', 'recipe-stopped', 'model-gave-up', 'not-booked'].includes(attempt.failure!.code);
      attempt.summary = `Watching for a cancellation: ${attempt.watch.checks} check${attempt.watch.checks === 1 ? '' : 's'} since ${since}${looked ? ', nothing matching is free yet' : ''}. Last check: ${attempt.failure!.message}`;
    }
    if (attempt.outcome === 'failed' && (attempt.failure?.kind === 'transient' || attempt.failure?.kind === 'needs-you')) {
      // Strictly later than this attempt's own time: under a fast clock it can finish in the same millisecond it was due.
      const after = new Date(this.now().getTime() + 1);
      const next = plannedBetween(profile, after, new Date(after.getTime() + 36 * 3_600_000)).find((a) => a.runDate === runDate && !(a.time === slot && a.kind === (trigger === 'watch' ? 'watch' : 'attempt')));
      if (next?.kind === 'watch')
        attempt.summary += trigger === 'watch'
          ? ` Next check at ${next.time}; the watch ends at ${profile.watch.until}.`
          : ` No attempt times are left tonight; Lanebot watches for a cancellation every ${profile.watch.everyMinutes} min until ${profile.watch.until} (first check ${next.time}).`;
      else if (next) attempt.summary += ` Lanebot tries again at ${next.time}.`;
      else if (trigger !== 'watch') attempt.summary += ' No attempt times are left tonight.';
      else if (this.now() >= venueInstant(runDate, profile.watch.until, profile.venue.timeZone)) attempt.summary += ` The watch ended at ${profile.watch.until} without a free slot.`;
      else attempt.summary += ' No more checks are planned tonight.';
    }
    // Identifiers and dates are ours, not page text: redacting them would corrupt the record
    // (a username like "alex" is also part of the profile id "alex-3f2a1c").
    const final: Attempt = {
      ...redact(attempt),
      id: attempt.id,
      profileId: attempt.profileId,
      profileName: attempt.profileName,
      runDate,
      targetDate,
      startedAt: attempt.startedAt,
      screenshots: attempt.screenshots,
      ...(attempt.watch ? { watch: attempt.watch } : {}),
    };
    const verified = final.outcome === 'verified' || final.outcome === 'already-booked';
    await store.update((d) => {
      const i = d.attempts.findIndex((a) => a.id === attemptId);
      if (i >= 0) d.attempts[i] = final;
      else d.attempts.push(final);
      if (earlierChecks.length) {
        const gone = new Set(earlierChecks.map((a) => a.id));
        d.attempts = d.attempts.filter((a) => !gone.has(a.id));
      }
      // Only a verified booking teaches: a recipe from an unverified run could encode the wrong path.
      if (final.outcome === 'verified' && learned) ((d.recipes[profile.id] ??= {}) as RecipeShelf)[recipeKey] = learned;
      if (verified) {
        const evidence = (final.outcome === 'verified' ? final.verification : final.precheck)?.match?.text ?? '';
        (d.ledger[profile.id] ??= {})[weekdayOf(targetDate)] = {
          at: this.now().toISOString(),
          runDate,
          targetDate,
          attemptId,
          how: final.outcome === 'verified' ? 'booked' : 'already-booked',
          evidence,
        };
      }
    });
    // Their screenshots go with them; the newest check keeps its own.
    for (const a of earlierChecks) rmSync(join(this.o.artifactsRoot, a.id), { recursive: true, force: true });
    events.emit({ type: 'attempt-finished', attempt: summarize(final) });
    if (verified) events.emit({ type: 'ledger-changed' });
    this.log(`${profile.name}: ${attemptId} → ${final.outcome}${final.failure ? ` (${final.failure.code})` : ''} at ${venueClock(this.now(), profile.venue.timeZone)} venue time`);
    return final;
  }

  /**
   * What a test found on the bookings page, in words: the list, what it shows, and the date order its dates
   * settle — which becomes the profile's when it was left to Lanebot ("auto"), for the user to see and change.
   */
  private async describeBookingsPage(profile: Profile, pre: VerifyOutcome, targetDate: string): Promise<string> {
    const parts = [`Logged in and read your bookings page: ${pre.page?.why ?? 'a list of your bookings'}, ${pre.seen.length} booking${pre.seen.length === 1 ? '' : 's'} listed${pre.found ? `, including ${pretty(targetDate)}` : ''}${pre.page && pre.page.pages > 1 ? ` over ${pre.page.pages} pages` : ''}.`];
    if (pre.page?.showsLanes === false && profile.verification.lane) parts.push(`It shows no lanes, so the rule’s lane ${profile.verification.lane} cannot be checked there: verify by date and time, or choose another page.`);
    if (pre.page?.showsTimes === false && profile.verification.time) parts.push(`It shows no times, so ${profile.verification.time} cannot be checked there.`);
    if (pre.status === 'unsure' || pre.status === 'cannot-verify') parts.push(pre.reason ?? '');
    const order = pre.page?.dateOrder;
    if (order && profile.verification.dateOrder === 'auto') {
      await this.o.store.update((d) => {
        const p = d.profiles.find((x) => x.id === profile.id);
        if (p && p.verification.dateOrder === 'auto') p.verification.dateOrder = order;
      });
      parts.push(`Its dates are written ${order === 'mdy' ? 'month/day (like 12/08 for 8 December)' : 'day/month (like 08/12 for 8 December)'}; Lanebot set the profile’s date order to that — change it in the profile if it is wrong.`);
    }
    return parts.filter(Boolean).join(' ');
  }

  /**
   * Whether an earlier attempt for this profile and target date may have booked it: 'claimed' when its booking
   * step said it was done and the venue accepted what it sent (and no verification could confirm or refute it),
   * 'interrupted' when it stopped mid-way, 'no' otherwise.
   */
  private mayHaveBooked(profileId: string, targetDate: string, exceptId: string): 'claimed' | 'interrupted' | 'no' {
    const earlier = this.o.store.data.attempts.filter((a) => a.profileId === profileId && a.targetDate === targetDate && a.id !== exceptId);
    // Only a booking step's own evidence counts: an attempt that declined to book ("cannot verify" at its
    // pre-check) made no booking of its own.
    if (earlier.some((a) => a.outcome === 'failed' && !!a.booking && (a.failure?.code === 'cannot-verify' || (a.booking.claimed && a.booking.sent > 0 && !REFUSALS.has(a.failure?.code ?? ''))))) return 'claimed';
    return earlier.some((a) => a.outcome === 'interrupted') ? 'interrupted' : 'no';
  }

  private fail(attempt: Attempt, failure: Failure, prefix = ''): void {
    attempt.outcome = 'failed';
    attempt.failure = { ...failure, message: prefix + failure.message };
    // Said once: a message that already says it stops tonight gets only what to do next.
    const stop = /\btonight\b/i.test(failure.message) ? 'Fix it, then press Book now.' : 'Lanebot stopped trying tonight — fix this, then press Book now.';
    attempt.summary =
      failure.kind === 'permanent'
        ? `${attempt.failure.message} ${stop}`
        : failure.kind === 'needs-you'
          ? `Lanebot needs you: ${attempt.failure.message} ${needsYouAdvice(attempt, this.o.handOver)}`
          : attempt.failure.message;
  }
}

/** What the user can do about a check only a person can pass, in the attempt's own situation. */
export function needsYouAdvice(attempt: Attempt, handOver: boolean | undefined): string {
  const where = attempt.needsYou?.url ? ` (${attempt.needsYou.url})` : '';
  const act = attempt.needsYou?.kind === 'payment'
    ? `Pay on the venue’s site yourself${where}, or allow paying from your account credit in the profile.`
    : attempt.needsYou?.kind === 'one-time-code'
      ? `Log in on the venue’s site once yourself${where} (or save the authenticator secret in the profile if it is an authenticator code), then press Book now.`
      : `Open the venue’s site${where} and pass it, or book by hand; then press Book now.`;
  if (attempt.needsYou?.takeOver === 'gave-up') return `Nobody passed it in the browser Lanebot opened. ${act}`;
  return handOver ? act : `${act} (Lanebot runs without a screen here, so it cannot open the page for you.)`;
}

/** After a crash, attempts left "running" are closed as interrupted (the next pre-check guards against doubles). */
export async function closeInterrupted(store: Store, now: Date): Promise<number> {
  const stale = store.data.attempts.filter((a) => a.outcome === 'running').length;
  if (!stale) return 0;
  await store.update((d) => {
    for (const a of d.attempts) {
      if (a.outcome !== 'running') continue;
      a.outcome = 'interrupted';
      a.endedAt = now.toISOString();
      a.failure = { kind: 'transient', code: 'interrupted', message: 'Lanebot stopped while this attempt was running.' };
      a.summary = 'Lanebot stopped while this attempt was running. The next attempt checks the venue first, so it will not book twice.';
    }
  });
  return stale;
}
