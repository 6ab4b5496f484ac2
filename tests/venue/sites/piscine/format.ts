// French dates for the Piscine des Tourelles site, written with date-fns and its `fr` locale as French
// municipal sites print them: "mardi 8 décembre 2026" in headings, "08/12/2026" (day first) in tables.
import { format } from 'date-fns';
import { fr } from 'date-fns/locale/fr';

function day(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d);
}

/** "08/12/2026" */
export function frDate(iso: string): string {
  return format(day(iso), 'dd/MM/yyyy', { locale: fr });
}

/** "mardi 8 décembre 2026" */
export function frLong(iso: string): string {
  return format(day(iso), 'EEEE d MMMM yyyy', { locale: fr });
}

/** The end of an hour-long session: "07:00" → "08:00". */
export function endOf(time: string): string {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const t = h * 60 + m + 60;
  return `${String(Math.floor(t / 60) % 24).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
}
