// Reading a booking's fields off page text: calendar dates (numeric ones by the venue's date order, spelled-out
// ones with chrono-node in the venue's language), start times (24 h and 12 h) and lanes ("Lane 3", "Bahn 3").
import * as chrono from 'chrono-node';
import { format, isValid, parseISO } from 'date-fns';
import { de as deLocale, enUS, es as esLocale, fr as frLocale, nl as nlLocale, type Locale } from 'date-fns/locale';
import { LANE_WORDS } from './phrases';

export type DateOrder = 'dmy' | 'mdy';

export interface DateParseOptions {
  /** How to read an ambiguous numeric date like 08/12/2026; undefined: such a date is ambiguous. */
  order?: DateOrder;
  /** yyyy-MM-dd used to place dates written without a year. */
  reference?: string;
  /** BCP 47 tag of the venue's language ('de-DE', 'fr', 'en-US'); spelled-out dates are read in it and in English. */
  locale?: string;
}

export interface DateHit {
  /** yyyy-MM-dd. For an ambiguous hit, the day-first reading (see `readings`). */
  date: string;
  index: number;
  length: number;
  /** A numeric date both ways valid and no order known: the two readings, day-first then month-first. */
  readings?: [string, string];
  /** HH:mm when the date was written together with its time ("07:00 - Tuesday 08 December 2026"). */
  time?: string;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function validYmd(y: number, m: number, d: number): string | undefined {
  if (m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return undefined;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** A year-less date belongs to the year that puts it nearest the reference date (bookings sit days away). */
function nearestYear(m: number, d: number, reference: string): number {
  const ref = new Date(`${reference}T00:00:00Z`);
  const y = ref.getUTCFullYear();
  let best = y;
  let bestDiff = Infinity;
  for (const cand of [y - 1, y, y + 1]) {
    const diff = Math.abs(Date.UTC(cand, m - 1, d) - ref.getTime());
    if (diff < bestDiff) { best = cand; bestDiff = diff; }
  }
  return best;
}

const LANGS = ['en', 'de', 'fr', 'es', 'nl'] as const;
type Lang = (typeof LANGS)[number];

export function languageOf(locale: string | undefined): Lang {
  const l = (locale ?? 'en').slice(0, 2).toLowerCase();
  return (LANGS as readonly string[]).includes(l) ? (l as Lang) : 'en';
}

const PARSERS: Record<Lang, chrono.Chrono> = { en: chrono.en.strict, de: chrono.de.strict, fr: chrono.fr.strict, es: chrono.es.strict, nl: chrono.nl.strict };
const DATE_FNS_LOCALES: Record<Lang, Locale> = { en: enUS, de: deLocale, fr: frLocale, es: esLocale, nl: nlLocale };

/** Weekday names (long and short, lower case, without dots) of a language, by JS day number. */
function weekdayNames(lang: Lang): string[][] {
  const locale = DATE_FNS_LOCALES[lang];
  // 2026-11-29 is a Sunday: day i of that week has JS day number i.
  return Array.from({ length: 7 }, (_, i) => {
    const d = new Date(2026, 10, 29 + i);
    return [format(d, 'EEEE', { locale }), format(d, 'EEE', { locale }), format(d, 'EEEEEE', { locale })].map((s) => s.toLowerCase().replace(/\.$/, ''));
  });
}
const WEEKDAYS = new Map(LANGS.map((l) => [l, weekdayNames(l)]));

/** The JS day number a weekday word names, in the venue's language or English. */
function weekdayOfWord(word: string, lang: Lang): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  for (const l of new Set<Lang>([lang, 'en'])) {
    const i = WEEKDAYS.get(l)!.findIndex((names) => names.some((n) => n.length >= 2 && (n === w || (w.length >= 3 && n.startsWith(w)))));
    if (i >= 0) return i;
  }
  return undefined;
}

/** Month names (long and short) in every language Lanebot reads: a spelled-out date must name its month. */
const MONTH_NAME = new RegExp(
  `(?:^|[^\\p{L}])(?:${[...new Set(LANGS.flatMap((l) => Array.from({ length: 12 }, (_, m) => {
    const d = new Date(2026, m, 15);
    const loc = DATE_FNS_LOCALES[l];
    return [format(d, 'MMMM', { locale: loc }), format(d, 'MMM', { locale: loc })].map((s) => s.toLowerCase().replace(/\.$/, ''));
  }).flat()))].filter((n) => n.length >= 3).sort((a, b) => b.length - a.length).map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`,
  'iu',
);

const dayNumber = (iso: string): number => new Date(`${iso}T00:00:00Z`).getUTCDay();

/**
 * Numeric dates: 08/12/2026, 8.12.26, 12/08 2026 (a space before the year), "08.12." and, after a weekday
 * name, a year-less "12/08". A date written with dots is day-first everywhere; with slashes or dashes the
 * order is the venue's, or the weekday written beside it, or else the date is ambiguous.
 */
function numericDates(text: string, o: DateParseOptions, lang: Lang, out: DateHit[]): void {
  const re = /(?:\b([A-Za-zÀ-ÿ]{2,10})\.?,?\s+)?\b(\d{1,2})([/.-])(\d{1,2})(?:\3(\d{4}|\d{2})|,?\s+(\d{4})|(\.))?(?![\d/.-]*\d)/g;
  for (const m of text.matchAll(re)) {
    const [, word, aS, sep, bS, y1, y2, trailingDot] = m;
    const year = y1 ?? y2;
    const a = Number(aS);
    const b = Number(bS);
    const weekday = word ? weekdayOfWord(word, lang) : undefined;
    // A bare "12/08" is a fraction, a score or a page count unless a weekday or a German "8.12." says otherwise.
    if (!year && weekday === undefined && !(sep === '.' && trailingDot)) continue;
    const start = m.index! + (word && weekday !== undefined ? 0 : m[0].length - m[0].replace(/^[^\d]*/, '').length);
    const length = m.index! + m[0].length - start;
    const yearOf = (mo: number, d: number) => (year ? (year.length === 2 ? 2000 + Number(year) : Number(year)) : o.reference ? nearestYear(mo, d, o.reference) : undefined);
    const read = (mo: number, d: number) => { const y = yearOf(mo, d); return y === undefined ? undefined : validYmd(y, mo, d); };
    const dmy = read(b, a);
    const mdy = read(a, b);
    let date: string | undefined;
    let readings: [string, string] | undefined;
    if (sep === '.') date = dmy;
    else if (dmy && mdy && dmy !== mdy) {
      const byWeekday = weekday === undefined ? undefined : [dmy, mdy].filter((d) => dayNumber(d) === weekday);
      if (byWeekday && byWeekday.length === 1) date = byWeekday[0];
      else if (o.order) date = o.order === 'mdy' ? mdy : dmy;
      else { date = dmy; readings = [dmy, mdy]; }
    } else date = o.order === 'mdy' ? mdy ?? (weekday !== undefined ? dmy : undefined) : dmy ?? (weekday !== undefined || !o.order ? mdy : undefined);
    if (!date) continue;
    // A weekday written beside a date must be that date's weekday; if not, the reading is wrong.
    if (weekday !== undefined && !readings && dayNumber(date) !== weekday) continue;
    out.push({ date, index: start, length, ...(readings ? { readings } : {}) });
  }
}

/** Spelled-out dates ("Tuesday 8 December 2026", "8. Dez.", "mardi 8 décembre") in the venue's language and English. */
function spelledDates(text: string, o: DateParseOptions, lang: Lang, taken: DateHit[], out: DateHit[]): void {
  // The numeric dates are already read: blank them so chrono does not read them again its own way.
  let masked = text;
  for (const h of taken) masked = masked.slice(0, h.index) + ' '.repeat(h.length) + masked.slice(h.index + h.length);
  const ref = o.reference ? new Date(`${o.reference}T12:00:00Z`) : new Date();
  for (const l of new Set<Lang>([lang, 'en'])) {
    for (const r of PARSERS[l].parse(masked, ref)) {
      const c = r.start;
      if (!c.isCertain('day') || !c.isCertain('month')) continue;
      // Only spelled-out dates are taken from chrono: a month named and a day number written. Bare numbers
      // ("12/08") are read above by the venue's order, and relative phrases ("an hour before", "tomorrow")
      // are not dates of a booking.
      if (!/\d/.test(r.text) || !MONTH_NAME.test(r.text)) continue;
      const mo = c.get('month')!;
      const d = c.get('day')!;
      const y = c.isCertain('year') ? c.get('year')! : o.reference ? nearestYear(mo, d, o.reference) : undefined;
      if (y === undefined) continue;
      const date = validYmd(y, mo, d);
      if (!date) continue;
      // Keep only the date part of chrono's match (it may run on into a time).
      const index = r.index;
      if ([...taken, ...out].some((h) => index < h.index + h.length && h.index < index + r.text.length)) continue;
      const time = c.isCertain('hour') ? `${pad(c.get('hour')!)}:${pad(c.get('minute') ?? 0)}` : undefined;
      out.push({ date, index, length: r.text.length, ...(time ? { time } : {}) });
    }
  }
}

/** All calendar dates in a text, in order of appearance; overlapping matches are dropped. */
export function findDates(text: string, opts: DateParseOptions = {}): DateHit[] {
  const lang = languageOf(opts.locale);
  const hits: DateHit[] = [];
  for (const m of text.matchAll(/\b(\d{4})-(\d{2})-(\d{2})\b/g)) {
    const date = validYmd(Number(m[1]), Number(m[2]), Number(m[3]));
    if (date) hits.push({ date, index: m.index!, length: m[0].length });
  }
  const numeric: DateHit[] = [];
  numericDates(text, opts, lang, numeric);
  for (const n of numeric) if (!hits.some((h) => n.index < h.index + h.length && h.index < n.index + n.length)) hits.push(n);
  const spelled: DateHit[] = [];
  spelledDates(text, opts, lang, hits, spelled);
  hits.push(...spelled);
  return hits.sort((x, y) => x.index - y.index);
}

/**
 * The order a site writes numeric dates in, judged from dates whose reading is not in doubt: one with a part
 * above 12 (20/12 vs 12/20), or one beside a weekday that only one reading fits. Undefined when the dates
 * say nothing or contradict each other.
 */
export function detectDateOrder(texts: string[], locale?: string, known: string[] = []): DateOrder | undefined {
  const lang = languageOf(locale);
  const votes = { dmy: 0, mdy: 0 };
  const re = /(?:\b([A-Za-zÀ-ÿ]{2,10})\.?,?\s+)?\b(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2})|,?\s+(\d{4}))?/g;
  for (const t of texts) {
    for (const m of t.matchAll(re)) {
      const a = Number(m[2]);
      const b = Number(m[3]);
      if (a > 12 && b <= 12) votes.dmy++;
      else if (b > 12 && a <= 12) votes.mdy++;
      else if (known.length && (m[4] || m[5])) {
        // A date Lanebot knows (today, the date it books) written one way only: "12/1/2026" on 1 December.
        const y = Number(m[4] ?? m[5]);
        const year = y < 100 ? 2000 + y : y;
        const dmyKnown = known.includes(validYmd(year, b, a) ?? '');
        const mdyKnown = known.includes(validYmd(year, a, b) ?? '');
        if (dmyKnown !== mdyKnown) votes[dmyKnown ? 'dmy' : 'mdy']++;
      }
      else if (m[1] && (m[4] || m[5])) {
        const wd = weekdayOfWord(m[1], lang);
        const y = Number(m[4] ?? m[5]);
        const year = y < 100 ? 2000 + y : y;
        if (wd === undefined) continue;
        const dmy = validYmd(year, b, a);
        const mdy = validYmd(year, a, b);
        if (dmy && dayNumber(dmy) === wd && !(mdy && dayNumber(mdy) === wd)) votes.dmy++;
        if (mdy && dayNumber(mdy) === wd && !(dmy && dayNumber(dmy) === wd)) votes.mdy++;
      }
    }
  }
  if (votes.dmy && !votes.mdy) return 'dmy';
  if (votes.mdy && !votes.dmy) return 'mdy';
  return undefined;
}

/** First time of day in a text as HH:mm (24 h): "07:00", "7:00 AM", "7am", "19.30", "07:00 Uhr", "7h00". */
export function findTime(text: string): string | undefined {
  const re = /\b([01]?\d|2[0-3])(?:([:.h])([0-5]\d)|(h))?\s*(a\.?m\.?|p\.?m\.?)?(?=\W|$)/gi;
  for (const m of text.matchAll(re)) {
    const hasMinutes = m[3] !== undefined || m[4] !== undefined;
    const mer = m[5]?.toLowerCase().replace(/\./g, '');
    if (!hasMinutes && !mer) continue; // a bare number is not a time
    let h = Number(m[1]);
    if (mer) {
      if (h < 1 || h > 12) continue;
      if (mer === 'pm' && h !== 12) h += 12;
      if (mer === 'am' && h === 12) h = 0;
    }
    return `${pad(h)}:${m[3] ?? '00'}`;
  }
  return undefined;
}

const LANE = new RegExp(`\\b(?:${LANE_WORDS})(?:\\s*(?:no\\.?|nr\\.?|n°|number|#)\\s*|\\s+|(?=\\d))([0-9]+|[a-z])\\b`, 'i');
const LANE_PREFIX = new RegExp(`^(?:${LANE_WORDS})\\s*(?:no\\.?|nr\\.?|n°|number|#)?\\s*`, 'i');

/** "Lane 3", "lane #3", "Court 2", "Bahn 04", "Ligne 3" → '3', '2', '4', '3'. */
export function findLane(text: string): string | undefined {
  const m = LANE.exec(text);
  return m ? normalizeLane(m[1]!) : undefined;
}

/** Is this a column or field name for lanes ("Lane", "Bahn", "Ligne", "Court")? */
export function isLaneWord(text: string): boolean {
  return new RegExp(`^(?:${LANE_WORDS})s?$`, 'i').test(text.trim());
}

export function normalizeLane(l: string): string {
  const t = l.trim().replace(LANE_PREFIX, '');
  return /^\d+$/.test(t) ? String(Number(t)) : t.toLowerCase();
}

export function normalizeTime(t: string): string | undefined {
  return findTime(t) ?? (/^\d{1,2}:\d{2}$/.test(t) ? t.padStart(5, '0') : undefined);
}

/** The wanted date as the venue may print it (its language and English): rows worth keeping in a trimmed snapshot. */
export function dateRenderings(iso: string, locale?: string): string[] {
  const day = parseISO(iso);
  if (!isValid(day)) return [iso];
  const out = new Set<string>([iso]);
  for (const l of new Set<Lang>([languageOf(locale), 'en'])) {
    const loc = DATE_FNS_LOCALES[l];
    for (const f of ['d MMMM', 'd MMM', 'MMMM d', 'MMM d', 'd. MMMM', 'd. MMM']) out.add(format(day, f, { locale: loc }));
  }
  for (const f of ['dd/MM/yyyy', 'MM/dd/yyyy', 'dd.MM.yyyy', 'M/d/yyyy', 'd/M/yyyy', 'MM/dd']) out.add(format(day, f));
  return [...out];
}
