// Judging a simulated night by the venue's ground truth, never by Lanebot's own word: the venue's
// bookings and request log say what happened; Lanebot's store is only checked against them.
import { documentSchema, type LanebotDocument } from '../../electron/service/store/document';
import { weekdayOf } from '../../electron/service/night/dates';
import type { VenueBooking, VenueRequest } from '../venue/index';

export interface GroundTruth {
  member: string;
  runDate: string;
  targetDate: string;
  /** The start time the profile insists on (its verification rule); undefined when the rule has none. */
  time?: string;
  lanes: number;
  /** Venue-clock ms when the night began: bookings made before it are not the night's doing. */
  nightStartMs: number;
  bookings: VenueBooking[];
  requests: VenueRequest[];
  /** Venue-clock windows in which a dry run walked the booking: nothing may be booked or sent in them. */
  dryRuns?: { startMs: number; endMs: number }[];
}

export interface StoreCheck {
  /** The data file as text after the night, or undefined when it is missing. */
  text: string | undefined;
  /** Attempt ids the service announced (attempt-started events, from every process of the night). */
  started: string[];
  /** Of those, the cancellation-watch checks (id → run date): a newer check's record replaces an unsuccessful one. */
  watchChecks?: Record<string, string>;
  profileId: string;
}

export interface Verdict {
  /** Lanebot's ledger says tonight is verified and the venue holds that booking. */
  verifiedSuccess: boolean;
  /**
   * Lanebot says verified or already booked (its ledger, or any attempt of the night), but the venue holds
   * no live booking of the member on the target date — or none at the rule's time when the rule has one.
   */
  falseSuccess: number;
  /** Bookings made (or booking requests sent) by the member while a dry run walked the recipe. */
  dryRunBookings: number;
  /** More than one live booking of ours from this night, plus booking requests the venue refused as "already booked". */
  doubleBookings: number;
  /** Live bookings of ours this night on a date other than the target. */
  wrongDate: number;
  /** No booking, though a lane at the wanted time was still free at the end of the night. */
  missedPossible: boolean;
  /**
   * The venue holds the booking but Lanebot's ledger does not say so: a miss because verification could
   * not confirm it (a red light over a real booking) — never a false success.
   */
  bookedUnrecorded: boolean;
  /** Announced attempts missing from the store or left "running", and a file that does not parse. */
  lostRecords: number;
  corrupt: string | undefined;
  notes: string[];
}

function parseStore(text: string | undefined): { doc?: LanebotDocument; error?: string } {
  if (text === undefined) return { error: 'lanebot.json is missing' };
  try {
    const r = documentSchema.safeParse(JSON.parse(text));
    if (!r.success) return { error: `lanebot.json breaks the schema at ${r.error.issues[0]!.path.join('.')}` };
    return { doc: r.data };
  } catch (e) {
    return { error: `lanebot.json does not parse: ${(e as Error).message}` };
  }
}

export function judge(t: GroundTruth, s: StoreCheck): Verdict {
  const notes: string[] = [];
  const ours = t.bookings.filter((b) => b.member === t.member && !b.cancelledAt && b.createdAtMs >= t.nightStartMs);
  const onTarget = ours.filter((b) => b.date === t.targetDate);
  const atTime = (b: VenueBooking) => t.time === undefined || b.time === t.time;
  const matching = onTarget.filter(atTime);
  // What Lanebot may claim is judged against every live booking of the member on the target date, whenever made.
  const liveMatching = t.bookings.filter((b) => b.member === t.member && !b.cancelledAt && b.date === t.targetDate && atTime(b));
  const refusedAsDouble = t.requests.filter((r) => r.member === t.member && r.outcome === 'already-booked').length;
  const cancelled = t.bookings.filter((b) => b.member === t.member && b.cancelledAt).length;
  if (cancelled) notes.push(`${cancelled} booking(s) of ours were cancelled`);
  if (onTarget.length > matching.length) notes.push(`booked ${t.targetDate} at ${onTarget.map((b) => b.time).join(', ')}, not at ${t.time ?? 'any time'}`);

  const { doc, error } = parseStore(s.text);
  const entry = doc?.ledger[s.profileId]?.[weekdayOf(t.targetDate)];
  const claimed = !!entry && entry.runDate === t.runDate;
  if (claimed && entry!.targetDate !== t.targetDate) notes.push(`ledger names target ${entry!.targetDate}, expected ${t.targetDate}`);
  const said = (doc?.attempts ?? []).filter((a) => a.profileId === s.profileId && a.runDate === t.runDate && (a.outcome === 'verified' || a.outcome === 'already-booked'));
  const claimedWrong = claimed && (liveMatching.length === 0 || entry!.targetDate !== t.targetDate);
  const saidWrong = said.length > 0 && liveMatching.length === 0;
  if (saidWrong) notes.push(`attempt(s) ${said.map((a) => `${a.id} ${a.outcome}`).join(', ')} but the venue holds no such booking`);
  const falseSuccess = claimedWrong || saidWrong ? 1 : 0;
  const inDryRun = (ms: number) => (t.dryRuns ?? []).some((w) => ms >= w.startMs && ms <= w.endMs);
  const dryRunBookings =
    t.bookings.filter((b) => b.member === t.member && inDryRun(b.createdAtMs)).length +
    // Booking requests carry their time after the release; a refused one was still a booking attempt (a login is not).
    t.requests.filter((r) => r.member === t.member && r.msAfterRelease !== undefined && r.outcome !== 'booked' && inDryRun(r.atMs)).length;
  if (dryRunBookings) notes.push(`${dryRunBookings} booking(s) or booking request(s) during a dry run`);

  // Others' live bookings at the wanted time on the target date: if every lane is taken, the night could not have booked.
  const takenByOthers = new Set(
    t.bookings.filter((b) => b.member !== t.member && !b.cancelledAt && b.date === t.targetDate && b.time === t.time).map((b) => b.lane),
  ).size;
  const possible = takenByOthers < t.lanes;

  let lostRecords = 0;
  if (doc) {
    const byId = new Map(doc.attempts.map((a) => [a.id, a]));
    const replaced = new Map<string, number>();
    for (const id of new Set(s.started)) {
      const a = byId.get(id);
      const watchNight = s.watchChecks?.[id];
      if (!a && watchNight) {
        replaced.set(watchNight, (replaced.get(watchNight) ?? 0) + 1);
      } else if (!a) {
        lostRecords++;
        notes.push(`attempt ${id} was started but is not in the store`);
      } else if (a.outcome === 'running') {
        lostRecords++;
        notes.push(`attempt ${id} is still "running" after the night`);
      }
    }
    // Replaced watch checks are accounted for only if the night's surviving watch record counts every one of them.
    for (const [runDate, n] of replaced) {
      const survivor = doc.attempts.filter((a) => a.runDate === runDate && a.trigger === 'watch' && a.outcome === 'failed');
      const counted = survivor.length === 1 ? (survivor[0]!.watch?.checks ?? 0) - 1 : -1;
      if (counted !== n) {
        lostRecords += n;
        notes.push(`${n} watch check(s) on ${runDate} were replaced but the surviving record counts ${counted < 0 ? 'none' : counted} of them`);
      }
    }
  }

  return {
    verifiedSuccess: claimed && falseSuccess === 0,
    falseSuccess,
    dryRunBookings,
    doubleBookings: Math.max(0, ours.length - 1) + refusedAsDouble,
    wrongDate: ours.filter((b) => b.date !== t.targetDate).length,
    missedPossible: matching.length === 0 && possible,
    bookedUnrecorded: matching.length > 0 && !claimed,
    lostRecords,
    corrupt: error,
    notes,
  };
}
