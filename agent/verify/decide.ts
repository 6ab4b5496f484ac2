// The decision of verification, in code: given what the bookings page showed, is the wanted booking there
// (found), surely not there (not-found), unclear (unsure) or out of sight (cannot-verify)? Only the member's own
// records are compared; anything unclear is never a success.
import { normalizeLane, normalizeTime } from '../page/fields';
import type { BookingsReading, PageRecord } from '../page/bookings';
import type { BookingWant, VerifyStatus } from '../types';

export interface Decision {
  status: VerifyStatus;
  reason?: string;
  match?: PageRecord;
  /**
   * The page shows the member's list reaches the date: a booking of theirs on or after it is listed, or the
   * list states a window that includes it. Without this, "not found" may only mean "not shown".
   */
  reaches: boolean;
}

/** Days between two yyyy-MM-dd dates (b − a). */
function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

function wants(w: BookingWant): string {
  return `${w.date}${w.time ? ` at ${w.time}` : ''}${w.lane ? `, lane ${w.lane}` : ''}`;
}

/**
 * `records` are every record read (over all pages looked at); `reading` is the last page's reading (its kind,
 * window and regions). `today` is the venue's today.
 */
export function decide(reading: BookingsReading, records: PageRecord[], want: BookingWant, today: string): Decision {
  if (reading.kind === 'schedule') {
    return { status: 'unsure', reaches: false, reason: `The bookings page looks like a schedule, not your bookings: ${reading.kindWhy}. Set the bookings page to the page that lists your own bookings.` };
  }
  if (reading.kind === 'unknown') {
    return { status: 'unsure', reaches: false, reason: `Lanebot cannot recognise the bookings page as a list of your bookings (${reading.kindWhy}). Set the bookings page to the page that lists your own bookings.` };
  }
  const wantTime = want.time ? normalizeTime(want.time) : undefined;
  const wantLane = want.lane ? normalizeLane(want.lane) : undefined;
  const member = records.filter((r) => r.status === 'member' && !r.cancelled);
  // An "upcoming" booking months in the past, or years ahead, is a misread date (08/12 read the wrong way round).
  const implausible = member.filter((r) => !r.readings && (daysBetween(today, r.date) < -31 || daysBetween(today, r.date) > 400));
  const usable = member.filter((r) => !r.readings && !implausible.includes(r));
  const timeOk = (r: PageRecord) => !wantTime || (r.time !== undefined && r.time === wantTime);
  const laneOk = (r: PageRecord) => !wantLane || (r.lane !== undefined && normalizeLane(r.lane) === wantLane);
  const match = usable.find((r) => r.date === want.date && timeOk(r) && laneOk(r));
  const reaches = usable.some((r) => r.date >= want.date) || (!!reading.window && want.date <= reading.window.until);
  if (match) return { status: 'found', match, reaches: true };

  const onDate = usable.filter((r) => r.date === want.date);
  // The rule asks for something the page never shows: never a success, and said plainly.
  if (wantLane && onDate.some(timeOk) && member.length > 0 && member.every((r) => r.lane === undefined)) {
    return { status: 'unsure', reaches, reason: `The bookings page shows no lane, so lane ${want.lane} cannot be checked there: verify by date and time, or choose another page. (It lists a booking on ${want.date}${wantTime ? ` at ${wantTime}` : ''}.)` };
  }
  if (wantTime && onDate.length > 0 && member.every((r) => r.time === undefined)) {
    return { status: 'unsure', reaches, reason: `The bookings page shows no times, so ${wantTime} cannot be checked there: verify by date only, or choose another page.` };
  }
  const ambiguous = member.find((r) => r.readings && r.readings.includes(want.date));
  if (ambiguous) {
    return { status: 'unsure', reaches, reason: `The page writes dates like "${ambiguous.text.slice(0, 40)}", which can be read day-first or month-first; Lanebot does not know which. Set the date order in the profile.` };
  }
  if (implausible.length) {
    return { status: 'unsure', reaches, reason: `Some dates on the bookings page read as far in the past or future (${implausible[0]!.date} from "${implausible[0]!.text.slice(0, 40)}"): the date order is probably the other way round. Check the date order in the profile.` };
  }
  if (reading.window && want.date > reading.window.until) {
    return { status: 'cannot-verify', reaches: false, reason: `Your bookings page lists bookings only until ${reading.window.until} ("${reading.window.said}"); ${want.date} is beyond it, so Lanebot cannot see whether it is booked.` };
  }
  const latest = usable.map((r) => r.date).sort().at(-1);
  const empty = reading.regions.length > 0 && reading.regions.every((r) => r.empty) && member.length === 0;
  return {
    status: 'not-found',
    reaches,
    reason: empty
      ? `Your bookings list says there are no bookings; nothing for ${wants(want)}.`
      : member.length === 0
        ? `Your bookings list shows no bookings; nothing for ${wants(want)}.`
        : `No booking for ${wants(want)} among your ${member.length} booking${member.length === 1 ? '' : 's'} listed${latest ? ` (up to ${latest})` : ''}.`,
  };
}
