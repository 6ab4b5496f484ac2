// Formats shared by the "daypicker" site's server and its browser bundle (so both write dates alike):
// US short dates "Tue 12/08/2026", 12-hour times "7:00 AM", booking references "HSC-1042".
// No Node imports here: esbuild bundles this file into the browser code.

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export const ACTIVITY = 'Lap Swim';

/** "Tue 12/08/2026" from "2026-12-08". */
export function shortDay(iso: string): string {
  const [y = 0, m = 1, d = 1] = iso.split('-').map(Number);
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return `${DAYS[wd]} ${String(m).padStart(2, '0')}/${String(d).padStart(2, '0')}/${y}`;
}

/** "7:00 AM" from "07:00". */
export function time12(hhmm: string): string {
  const [hh = '0', mm = '00'] = hhmm.split(':');
  const h = Number(hh) % 24;
  return `${h % 12 === 0 ? 12 : h % 12}:${mm} ${h < 12 ? 'AM' : 'PM'}`;
}

/** "08:00" from "07:00" (sessions last an hour; 23:00 ends at 00:00). */
export function plusHour(hhmm: string): string {
  const [hh = '0', mm = '00'] = hhmm.split(':');
  return `${String((Number(hh) + 1) % 24).padStart(2, '0')}:${mm}`;
}

/** "1 space left" / "3 spaces left". */
export function spacesLabel(n: number): string {
  return n === 1 ? '1 space left' : `${n} spaces left`;
}

/** The club's booking reference for a venue booking id ("B00003" → "HSC-1003"). */
export function refOf(bookingId: string): string {
  return `HSC-${1000 + Number(bookingId.slice(1))}`;
}

/** The venue booking id for a club reference, or undefined for anything else. */
export function idOfRef(ref: string): string | undefined {
  const m = /^HSC-(\d+)$/.exec(ref);
  const n = m ? Number(m[1]) - 1000 : NaN;
  return Number.isInteger(n) && n > 0 ? `B${String(n).padStart(5, '0')}` : undefined;
}
