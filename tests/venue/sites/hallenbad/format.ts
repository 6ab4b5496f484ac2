// German dates and times for the Stadtbad site, written with date-fns and its `de` locale the way the
// real portals print them: "08.12.2026" in tables and URLs, "Dienstag, 8. Dezember 2026" in headings.
import { format, isValid, parse } from 'date-fns';
import { de } from 'date-fns/locale/de';
import { isIsoDate } from '../../calendar';

/** A yyyy-MM-dd calendar date as a Date at local midnight, so date-fns prints that same calendar day. */
function day(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d);
}

/** "08.12.2026" */
export function deDate(iso: string): string {
  return format(day(iso), 'dd.MM.yyyy', { locale: de });
}

/** "Dienstag, 8. Dezember 2026" */
export function deLong(iso: string): string {
  return format(day(iso), 'EEEE, d. MMMM yyyy', { locale: de });
}

/** "Di., 8. Dez. 2026" */
export function deShort(iso: string): string {
  return format(day(iso), 'EEE, d. MMM yyyy', { locale: de });
}

/** "08.12.2026" → "2026-12-08"; undefined when it is not a real date in that format. */
export function fromDeDate(s: string): string | undefined {
  if (!/^\d{2}\.\d{2}\.\d{4}$/.test(s)) return undefined;
  const d = parse(s, 'dd.MM.yyyy', new Date(2000, 0, 1), { locale: de });
  if (!isValid(d)) return undefined;
  const iso = format(d, 'yyyy-MM-dd');
  return isIsoDate(iso) ? iso : undefined;
}

/** The end of an hour-long session: "07:00" → "08:00". */
export function endOf(time: string): string {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const t = h * 60 + m + 60;
  return `${String(Math.floor(t / 60) % 24).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
}
