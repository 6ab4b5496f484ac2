// The ways a venue may write the wanted date, time and lane (English, German and French sites, ISO, US and
// European numeric dates, 12 h and 24 h clocks), and a matcher that says which of them a piece of page text
// names. The compact snapshot uses it to keep the cells that matter; it is pure and knows no site.
import { format, parseISO } from 'date-fns';
import { de, enGB, enUS, fr, type Locale } from 'date-fns/locale';

export interface WantParts { date: string; time?: string; lane?: string }

const LOCALES: Locale[] = [enGB, enUS, de, fr];
/** Day-and-month patterns, written with and without ordinals, day first and month first. */
const WORD_PATTERNS = ['d MMMM', 'dd MMMM', 'do MMMM', 'd. MMMM', 'MMMM d', 'MMMM do', 'MMMM dd', 'd MMM', 'dd MMM', 'MMM d'];
/** Numeric patterns: ISO, day-first and month-first, with and without the year or leading zeros. */
const NUMBER_PATTERNS = ['yyyy-MM-dd', 'dd/MM/yyyy', 'd/M/yyyy', 'MM/dd/yyyy', 'M/d/yyyy', 'dd.MM.yyyy', 'd.M.yyyy', 'dd-MM-yyyy', 'MM/dd', 'dd.MM.'];

const cache = new Map<string, string[]>();

/** Lower-case ways of writing `date` (yyyy-MM-dd) in the sites' languages, longest first. */
export function dateForms(date: string): string[] {
  const hit = cache.get(date);
  if (hit) return hit;
  const day = parseISO(date);
  if (Number.isNaN(day.getTime())) return [];
  const out = new Set<string>();
  for (const p of NUMBER_PATTERNS) out.add(format(day, p));
  for (const locale of LOCALES) for (const p of WORD_PATTERNS) out.add(format(day, p, { locale }).toLowerCase());
  const forms = [...out].map((f) => f.toLowerCase()).sort((a, b) => b.length - a.length);
  cache.set(date, forms);
  return forms;
}

const isDigit = (c: string | undefined) => !!c && c >= '0' && c <= '9';
const isLetter = (c: string | undefined) => !!c && /\p{L}/u.test(c);

/** Whether `text` holds `form` as a whole word: "1. dezember" is not inside "11. dezember", "1 dec" not inside "1 december". */
export function holdsForm(text: string, form: string): boolean {
  const t = text.toLowerCase();
  for (let i = t.indexOf(form); i >= 0; i = t.indexOf(form, i + 1)) {
    const before = t[i - 1];
    const after = t[i + form.length];
    if (isDigit(before) || isLetter(before)) continue;
    if (isDigit(after)) continue;
    if (isLetter(form[form.length - 1]) && isLetter(after)) continue;
    if (/[/.-]$/.test(form) === false && (after === '/' || (after === '.' && isDigit(t[i + form.length + 1])))) continue;
    return true;
  }
  return false;
}

export function mentionsDate(text: string, date: string): boolean {
  return dateForms(date).some((f) => holdsForm(text, f));
}

const MONTH_WORDS = new Set(
  LOCALES.flatMap((l) => Array.from({ length: 12 }, (_, m) => [l.localize.month(m as 0, { width: 'wide' }), l.localize.month(m as 0, { width: 'abbreviated' })]).flat())
    .map((w) => w.toLowerCase().replace(/\.$/, ''))
    .filter((w) => w.length >= 3),
);

/** Whether a text names some calendar date at all ("12/08/2026", "2026-12-08", "8. Dezember", "December 8th"). */
export function looksLikeDate(text: string): boolean {
  if (/\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b/.test(text)) return true;
  const words = text.toLowerCase().match(/\p{L}+\.?/gu) ?? [];
  return words.some((w) => MONTH_WORDS.has(w.replace(/\.$/, ''))) && /\d/.test(text);
}

const TIME_RE = /(?<![\d:/.])([01]?\d|2[0-3])(?:[:h]([0-5]\d))(?!\d)(?:\s*(a\.?m\.?|p\.?m\.?)(?![a-z]))?|(?<![\d:/.])(1[0-2]|0?[1-9])\s*(a\.?m\.?|p\.?m\.?)(?![a-z])/gi;

/** Every time of day in a text as HH:mm (24 h): "07:00", "7:00 AM", "7 am", "07h00", "19:00 Uhr". */
export function timesIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(TIME_RE)) {
    let h = Number(m[1] ?? m[4]);
    const min = m[2] ?? '00';
    const mer = (m[3] ?? m[5])?.toLowerCase().replace(/\./g, '');
    if (mer) {
      if (h < 1 || h > 12) continue;
      if (mer === 'pm' && h !== 12) h += 12;
      if (mer === 'am' && h === 12) h = 0;
    }
    out.push(`${String(h).padStart(2, '0')}:${min}`);
  }
  return out;
}

const LANE_RE = /\b(?:lane|bahn|ligne|couloir|court|bay|track|piste|pitch|rink|alley|table)\s*(?:no\.?|nr\.?|n°|#)?\s*0*(\d{1,3})(?!\d)/giu;

/** Lane numbers a text names: "Lane 3", "Bahn 3", "Ligne 3", "court #3". */
export function lanesIn(text: string): string[] {
  return [...text.matchAll(LANE_RE)].map((m) => String(Number(m[1])));
}

export interface WantMatch {
  /** The text names the wanted date. */
  date: boolean;
  /** The text names a date, but not the wanted one. */
  otherDate: boolean;
  /** The first time the text names is the wanted time. */
  time: boolean;
  /** The text names the wanted lane. */
  lane: boolean;
}

/** Which parts of the wanted booking a text names. */
export function matchWant(text: string, want: WantParts): WantMatch {
  const date = mentionsDate(text, want.date);
  const times = want.time ? timesIn(text) : [];
  return {
    date,
    otherDate: !date && looksLikeDate(text),
    time: !!want.time && times[0] === want.time,
    lane: !!want.lane && lanesIn(text).includes(String(Number(want.lane))),
  };
}

/** How much of the wanted booking a text names (date, time, lane: one point each; another date: nothing). */
export function wantScore(text: string, want: WantParts): number {
  const m = matchWant(text, want);
  if (m.otherDate) return 0;
  return Number(m.date) + Number(m.time) + Number(m.lane);
}

/** Plain strings for simple look-ups (the wanted date's forms, the time as 24 h and 12 h, the lane). */
export function wantStrings(want: WantParts): string[] {
  const k = [...dateForms(want.date)];
  if (want.time) {
    k.push(want.time, format(parseISO(`2000-01-01T${want.time}`), 'h:mm a').toLowerCase());
  }
  if (want.lane) k.push(`lane ${want.lane}`);
  return k;
}
