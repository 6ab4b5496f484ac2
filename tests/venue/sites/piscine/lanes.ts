// The pool's lanes as the calendar knows them: FullCalendar resources whose ids are the booking system's
// own codes, unrelated to the lane numbers members see ("Ligne 3" is `r-mx1`).
const CODES = ['r-ba7', 'r-kc4', 'r-mx1', 'r-pd9', 'r-tq3', 'r-wz8'];

/** The resource id of lane `n` (1-based). Lanes past the sixth get codes from a scrambled sequence. */
export function resourceId(n: number): string {
  return CODES[n - 1] ?? `r-q${(n * 37) % 97}`;
}

/** The lane number behind a resource id, or NaN for an unknown id (the venue then refuses the slot). */
export function laneOf(id: string, lanes: number): number {
  for (let n = 1; n <= lanes; n++) if (resourceId(n) === id) return n;
  return NaN;
}
