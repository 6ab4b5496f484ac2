// The deterministic rule that reads bookings off a page: dates, times and lanes in the usual human formats.
import { format, parseISO } from 'date-fns';
import type { ObservedBooking } from '../types';
import { parseSnapshot, type SnapNode } from './snapshot';

export type DateOrder = 'dmy' | 'mdy';

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11,
  dec: 12, december: 12,
};
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const WEEKDAY = '(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|rsday|urday)?\\.?,?\\s+)?';
const ORD = '(?:st|nd|rd|th)?';

interface DateHit { date: string; index: number; length: number }

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function validYmd(y: number, m: number, d: number): string | undefined {
  if (m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return undefined;
  return `${y}-${pad(m)}-${pad(d)}`;
}

function fullYear(y: string): number {
  const n = Number(y);
  return y.length === 2 ? 2000 + n : n;
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

export interface DateParseOptions {
  order?: DateOrder;
  /** yyyy-MM-dd used to place dates written without a year. */
  reference?: string;
}

/** All calendar dates in a text, in order of appearance; overlapping matches are dropped. */
export function findDates(text: string, opts: DateParseOptions = {}): DateHit[] {
  const order = opts.order ?? 'dmy';
  const hits: DateHit[] = [];
  const add = (index: number, length: number, date: string | undefined) => {
    if (!date) return;
    if (hits.some((h) => index < h.index + h.length && h.index < index + length)) return;
    hits.push({ date, index, length });
  };
  const run = (re: RegExp, f: (m: RegExpExecArray) => string | undefined) => {
    for (const m of text.matchAll(re)) add(m.index!, m[0].length, f(m as RegExpExecArray));
  };
  // ISO first: unambiguous.
  run(/\b(\d{4})-(\d{2})-(\d{2})\b/g, (m) => validYmd(Number(m[1]), Number(m[2]), Number(m[3])));
  // "Tuesday 1 December 2026", "1st Dec 2026", "1 Dec" (year optional)
  run(new RegExp(`\\b${WEEKDAY}(\\d{1,2})${ORD}\\s+(?:of\\s+)?${MONTH},?(?:\\s+(\\d{4}))?\\b`, 'gi'), (m) => {
    const d = Number(m[1]);
    const mo = MONTHS[m[2]!.toLowerCase().replace('.', '')]!;
    const y = m[3] ? Number(m[3]) : opts.reference ? nearestYear(mo, d, opts.reference) : undefined;
    return y === undefined ? undefined : validYmd(y, mo, d);
  });
  // "December 1, 2026", "Tue, Dec 1 2026", "Dec 1"
  run(new RegExp(`\\b${WEEKDAY}${MONTH}\\s+(\\d{1,2})${ORD}(?:,?\\s+(\\d{4}))?\\b`, 'gi'), (m) => {
    const mo = MONTHS[m[1]!.toLowerCase().replace('.', '')]!;
    const d = Number(m[2]);
    const y = m[3] ? Number(m[3]) : opts.reference ? nearestYear(mo, d, opts.reference) : undefined;
    return y === undefined ? undefined : validYmd(y, mo, d);
  });
  // 01/12/2026, 1.12.26, 01-12-2026: day-first unless configured otherwise.
  run(/\b(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})\b/g, (m) => {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const y = fullYear(m[4]!);
    return order === 'mdy' ? validYmd(y, a, b) : validYmd(y, b, a);
  });
  return hits.sort((x, y) => x.index - y.index);
}

/** First time of day in a text as HH:mm (24 h): "07:00", "7:00 AM", "7am", "19.30". */
export function findTime(text: string): string | undefined {
  const re = /\b([01]?\d|2[0-3])(?:[:.]([0-5]\d))?\s*(a\.?m\.?|p\.?m\.?)?(?=\W|$)/gi;
  for (const m of text.matchAll(re)) {
    const hasMinutes = m[2] !== undefined;
    const mer = m[3]?.toLowerCase().replace(/\./g, '');
    if (!hasMinutes && !mer) continue; // a bare number is not a time
    let h = Number(m[1]);
    if (mer) {
      if (h < 1 || h > 12) continue;
      if (mer === 'pm' && h !== 12) h += 12;
      if (mer === 'am' && h === 12) h = 0;
    }
    return `${pad(h)}:${m[2] ?? '00'}`;
  }
  return undefined;
}

/** "Lane 3", "lane #3", "Court 2", "Bay 04" → '3', '2', '4'. */
export function findLane(text: string): string | undefined {
  const m = /\b(?:lane|court|bay|table|pitch|track|alley|rink)(?:\s*(?:no\.?|number|#)\s*|\s+|(?=\d))([0-9]+|[a-z])\b/i.exec(text);
  if (!m) return undefined;
  return normalizeLane(m[1]!);
}

export function normalizeLane(l: string): string {
  const t = l.trim().replace(/^(?:lane|court|bay|table|pitch|track|alley|rink)\s*(?:no\.?|number|#)?\s*/i, '');
  return /^\d+$/.test(t) ? String(Number(t)) : t.toLowerCase();
}

export function normalizeTime(t: string): string | undefined {
  return findTime(t) ?? (/^\d{1,2}:\d{2}$/.test(t) ? t.padStart(5, '0') : undefined);
}

const CANCELLED = /\bcancell?ed\b|\bwithdrawn\b/i;

/** One booking record from its text: the date, then time and lane found in what is left. */
export function parseBookingText(text: string, opts: DateParseOptions = {}): ObservedBooking | undefined {
  const clean = text.replace(/\s+/g, ' ').trim();
  const dates = findDates(clean, opts);
  const first = dates[0];
  if (!first) return undefined;
  // Remove the dates so "01.12.2026" is not read as a time.
  let rest = clean;
  for (const d of [...dates].reverse()) rest = rest.slice(0, d.index) + ' '.repeat(d.length) + rest.slice(d.index + d.length);
  const b: ObservedBooking = { date: first.date, text: clean.slice(0, 300) };
  const time = findTime(rest);
  if (time) b.time = time;
  const lane = findLane(rest);
  if (lane) b.lane = lane;
  if (CANCELLED.test(clean)) b.cancelled = true;
  return b;
}

function textOf(n: SnapNode): string {
  const own = [n.name, n.text].filter(Boolean).join(' ');
  const kids = n.children.map(textOf).filter(Boolean).join(' | ');
  // A node's name often repeats its children's text; keep it only when it adds something.
  if (own && kids && kids.includes(own)) return kids;
  return [own, kids].filter(Boolean).join(' | ');
}

/**
 * Bookings on a page from its aria snapshot: each record is the largest part of the page that
 * holds exactly one date (a table row, a list item, a card), together with the siblings that
 * follow a date heading up to the next date.
 */
const RECORD_ROLES = new Set(['row', 'listitem', 'article']);
const isRecord = (n: SnapNode) => RECORD_ROLES.has(n.role);

export function extractBookings(raw: string, opts: DateParseOptions = {}): ObservedBooking[] {
  const out: ObservedBooking[] = [];
  // Distinct dates: a row that repeats its date (e.g. in a "Cancel booking on …" button) is still one record.
  const datesOf = (n: SnapNode) => new Set(findDates(textOf(n), opts).map((d) => d.date));
  const visit = (nodes: SnapNode[]) => {
    let segment: string[] | undefined;
    let segmentDate: string | undefined;
    const flush = () => {
      if (segment) {
        const b = parseBookingText(segment.join(' | '), opts);
        if (b) out.push(b);
      }
      segment = undefined;
      segmentDate = undefined;
    };
    for (const n of nodes) {
      const dates = datesOf(n);
      if (dates.size >= 2) {
        flush();
        visit(n.children);
      } else if (dates.size === 1 && !isRecord(n) && n.children.some((c) => datesOf(c).size > 0)) {
        // The date sits in parts of a bigger block (page, list, table, section): the records are further down.
        flush();
        visit(n.children);
      } else if (dates.size === 1) {
        const [d] = [...dates];
        // A heading's details that repeat its date belong to it; a row, list item or card is a record of its
        // own even when the one before it has the same date (a cancelled 06:00 must not hide a live 07:00).
        if (segment && d === segmentDate && !isRecord(n)) {
          segment.push(textOf(n));
        } else {
          flush();
          segment = [textOf(n)];
          segmentDate = d;
        }
      } else if (segment && n.role !== 'heading') {
        segment.push(textOf(n));
      } else {
        flush();
      }
    }
    flush();
  };
  visit(parseSnapshot(raw));
  return out;
}

export interface WantLike { date: string; time?: string; lane?: string }

/** The comparison that decides success, in code: date, then time and lane where the profile gives them. */
export function matchBooking(want: WantLike, seen: ObservedBooking[]): ObservedBooking | undefined {
  const wantTime = want.time ? normalizeTime(want.time) : undefined;
  const wantLane = want.lane ? normalizeLane(want.lane) : undefined;
  return seen.find((b) =>
    !b.cancelled &&
    b.date === want.date &&
    (!wantTime || (b.time !== undefined && b.time === wantTime)) &&
    (!wantLane || (b.lane !== undefined && normalizeLane(b.lane) === wantLane)));
}

/** Ways a venue may print the wanted date/time/lane: the rows worth keeping when a snapshot is trimmed. */
export function wantKeywords(want: WantLike): string[] {
  const day = parseISO(want.date);
  const k = [want.date, ...['d MMMM', 'd MMM', 'MMMM d', 'MMM d', 'dd/MM/yyyy'].map((f) => format(day, f))];
  if (want.time) {
    k.push(want.time);
    k.push(format(parseISO(`2000-01-01T${want.time}`), 'h:mm a'));
  }
  if (want.lane) k.push(`Lane ${want.lane}`);
  return k;
}
