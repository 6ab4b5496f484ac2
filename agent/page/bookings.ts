// Reading a "my bookings" page by its structure: which parts of the page are the member's bookings list
// (a region titled so), which are offers of availability, which records carry the marks of a member's booking
// (a cancel or manage control, a reference), and whether the page is a bookings list at all or a schedule of
// slots. A dated line counts only when the structure says it is the member's; everything else is evidence.
import { detectDateOrder, findDates, findLane, findTime, isLaneWord, type DateOrder, type DateParseOptions } from './fields';
import {
  BOOKED_MARK, BOOKINGS_TITLE, CANCELLED_MARK, MANAGE_CONTROL, MORE_CONTROL, NO_BOOKINGS, OFFER_MARK, OFFERS_TITLE,
  REFERENCE_MARK, WINDOW_DAYS, WINDOW_NEXT_WEEK,
  DATE_WORDS,
} from './phrases';
import { isInteractive, parseSnapshot, type SnapNode } from './snapshot';

export type RecordStatus = 'member' | 'offer' | 'unmarked';

export interface PageRecord {
  /** The record's text as shown (cells joined with " | ", table cells prefixed with their column header). */
  text: string;
  /** yyyy-MM-dd; for an ambiguous numeric date, the day-first reading (see `readings`). */
  date: string;
  /** Day-first and month-first readings of a numeric date no order settles. */
  readings?: [string, string];
  time?: string;
  lane?: string;
  cancelled?: boolean;
  /** member: the member's own booking; offer: availability on offer; unmarked: a dated line with no sign of either. */
  status: RecordStatus;
  /** Why it has that status, in words (for the evidence shown to the user). */
  why: string;
}

export type PageKind = 'bookings' | 'schedule' | 'unknown';

export interface BookingsReading {
  kind: PageKind;
  /** Why the page is (or is not) taken for a bookings list. */
  kindWhy: string;
  /**
   * Titles of the regions read as the member's bookings: whether each says it is empty, how many dated
   * records it held, and whether it shows record-like text the rule could not date (what a model may read).
   */
  regions: { title: string; empty: boolean; dated: number; unread: string[] }[];
  records: PageRecord[];
  /** The list states how far ahead it reaches (e.g. "in next 30 days", "this week and next"). */
  window?: { until: string; said: string };
  /** An enabled control that shows more of the member's list ("Next page", "Show more"). */
  more?: { ref: string; name: string };
  /** The order numeric dates are written in, where the page's own dates settle it. */
  dateOrder?: DateOrder;
}

export interface ReadOptions extends DateParseOptions {
  /** yyyy-MM-dd: today at the venue (windows such as "next week" are counted from it). */
  today?: string;
}

const RECORD_ROLES = new Set(['row', 'listitem', 'article']);
/** A list's own status line ("Showing 1 to 2 of 2 entries", "Page 1 of 3", "Today (0)"): not a booking. */
const PAGE_STATUS = /^(?:showing \d+|page \d+|\d+\s*(?:of|von|sur|de|van)\s+\d+|.{0,30}\(\d+\)$)/i;
const TITLE_CHILD_ROLES = new Set(['button', 'generic', 'strong', 'text', 'paragraph', 'link', 'caption', 'term']);
const NAMED_CONTAINERS = new Set(['region', 'table', 'grid', 'list', 'group', 'complementary', 'dialog', 'tabpanel', 'article', 'form', 'section']);
const CONTROL_ROLES = new Set(['button', 'link', 'menuitem']);

/** A node's own visible words (name, or text) without its children. */
function ownText(n: SnapNode): string {
  return [n.name, n.text].filter(Boolean).join(' ').trim();
}

function textOf(n: SnapNode): string {
  const own = ownText(n);
  const kids = n.children.map(textOf).filter(Boolean).join(' | ');
  // A node's name often repeats its children's text; keep it only when it adds something.
  if (own && kids && kids.includes(own)) return kids;
  return [own, kids].filter(Boolean).join(' | ');
}

/** A short title-like text that starts a container (a widget's title button, a bold label). */
function titleChild(n: SnapNode): string | undefined {
  const first = n.children[0];
  // Only a plain container gets its title from a child; a button or link that holds a label and a count is
  // itself the title, not a section.
  if (!first || n.children.length < 2 || !TITLE_CHILD_ROLES.has(first.role) || isInteractive(n) || ownText(n)) return undefined;
  // A title is a short label (at most a count beside it), not a block of content.
  if (first.children.some((c) => c.children.length > 0 || (c.role !== 'text' && c.role !== 'generic'))) return undefined;
  const t = (ownText(first) || textOf(first)).replace(/\s*\|\s*/g, ' ').trim();
  // A widget title often ends in its count ("Upcoming Reservations 2"): the title is the words.
  const words = t.replace(/\s*\(?\d+\)?$/, '');
  return words.length > 0 && words.length <= 80 && (BOOKINGS_TITLE.test(words) || OFFERS_TITLE.test(words)) ? words : undefined;
}

/** The title a container carries itself: its accessible name (a region, a table caption) or a title-like first child. */
function containerTitle(n: SnapNode): string | undefined {
  if (NAMED_CONTAINERS.has(n.role) && n.name && (BOOKINGS_TITLE.test(n.name) || OFFERS_TITLE.test(n.name))) return n.name;
  return titleChild(n);
}

interface Title { text: string; kind: 'bookings' | 'offers' | 'other' }

function titleKind(t: string): Title['kind'] {
  // A title naming both ("Available bookings") is an offer: availability is never the member's own.
  if (OFFERS_TITLE.test(t)) return 'offers';
  if (BOOKINGS_TITLE.test(t)) return 'bookings';
  return 'other';
}

function controlsIn(nodes: SnapNode[], out: SnapNode[] = []): SnapNode[] {
  for (const n of nodes) {
    if (CONTROL_ROLES.has(n.role) || (n.attrs['cursor'] === 'pointer' && n.role !== 'generic')) out.push(n);
    controlsIn(n.children, out);
  }
  return out;
}

interface Block { nodes: SnapNode[]; chain: Title[]; headers?: string[] }

/** Text of a block: table cells prefixed with their column header, so "Bahn" over "3" reads "Bahn 3". */
function blockText(b: Block): string {
  return b.nodes.map((n) => {
    if (n.role === 'row' && b.headers) {
      return n.children.map((c, i) => {
        const h = b.headers![i];
        const t = textOf(c);
        if (!t) return '';
        // A lane column's bare number needs its header to be read as a lane ("Bahn 3"); other headers
        // stay out of the text, so a column named "Date" is not read as anything.
        return h && isLaneWord(h) && /^[0-9A-Za-z]{1,3}$/.test(t) ? `${h} ${t}` : t;
      }).filter(Boolean).join(' | ');
    }
    return textOf(n);
  }).filter(Boolean).join(' | ').replace(/\s+/g, ' ').trim();
}

/** Blocks that are sentences, not records: a dated notice or help text is never a booking. */
const PROSE_ROLES = new Set(['paragraph', 'text', 'status', 'alert', 'note', 'blockquote', 'caption', 'heading', 'strong', 'emphasis']);

function classify(b: Block, text: string): { status: RecordStatus; why: string } {
  const controls = controlsIn(b.nodes).map((c) => ownText(c)).filter(Boolean);
  const manage = controls.find((c) => MANAGE_CONTROL.test(c));
  const offerControl = controls.find((c) => OFFER_MARK.test(c));
  const innermost = [...b.chain].reverse().find((t) => t.kind !== 'other');
  const region = b.chain.find((t) => t.kind === 'bookings');
  if (offerControl) return { status: 'offer', why: `offered with "${offerControl}"` };
  if (!manage && OFFER_MARK.test(text)) return { status: 'offer', why: `says "${OFFER_MARK.exec(text)![0]}"` };
  if (innermost?.kind === 'offers') return { status: 'offer', why: `listed under "${innermost.text}"` };
  if (b.nodes.length === 1 && PROSE_ROLES.has(b.nodes[0]!.role) && !manage) return { status: 'unmarked', why: 'a sentence on the page, not a booking record' };
  if (region) return { status: 'member', why: `listed under "${region.text}"` };
  if (manage) return { status: 'member', why: `has a "${manage}" control` };
  const ref = REFERENCE_MARK.exec(text);
  if (ref) return { status: 'member', why: `carries a booking reference (${ref[0].slice(0, 30)})` };
  const booked = BOOKED_MARK.exec(text);
  if (booked) return { status: 'member', why: `says "${booked[0]}"` };
  return { status: 'unmarked', why: 'no sign that it is the member’s booking (no bookings list around it, no cancel control, no reference)' };
}

/** Header names of a table: the cells of its first row made of column headers. */
function tableHeaders(table: SnapNode): string[] | undefined {
  const rows: SnapNode[] = [];
  const collect = (ns: SnapNode[]) => { for (const n of ns) { if (n.role === 'row') rows.push(n); else if (n.role === 'rowgroup') collect(n.children); } };
  collect(table.children);
  const head = rows.find((r) => r.children.length > 0 && r.children.every((c) => c.role === 'columnheader'));
  return head ? head.children.map((c) => ownText(c) || textOf(c)) : undefined;
}

interface Walk {
  blocks: Block[];
  regionTexts: Map<string, { title: string; texts: string[]; empty: boolean; dated: number }>;
  more?: { ref: string; name: string };
  allTexts: string[];
  grids: number;
  offerControls: number;
  manageControls: number;
}

/**
 * Splits the page into record blocks, each the largest part of the page holding exactly one date (a table
 * row, a list item, a card, or a date heading plus what follows it), remembering the chain of titles
 * (headings, widget titles, captions) it sits under.
 */
function walk(nodes: SnapNode[], o: DateParseOptions): Walk {
  const w: Walk = { blocks: [], regionTexts: new Map(), allTexts: [], grids: 0, offerControls: 0, manageControls: 0 };
  const datesOf = (n: SnapNode) => new Set(findDates(textOf(n), o).map((d) => d.date));
  const noteRegionText = (chain: Title[], t: string) => {
    const region = [...chain].reverse().find((x) => x.kind !== 'other');
    if (!region || region.kind !== 'bookings') return;
    const key = region.text;
    const entry = w.regionTexts.get(key) ?? { title: region.text, texts: [], empty: false, dated: 0 };
    entry.texts.push(t);
    // The empty-list phrase counts only where the nearest title is the member's bookings, not another
    // resource's panel ("Sauna: There are no upcoming reservations").
    const nearest = chain[chain.length - 1];
    if (NO_BOOKINGS.test(t) && nearest && nearest.kind === 'bookings') entry.empty = true;
    w.regionTexts.set(key, entry);
  };
  const visit = (ns: SnapNode[], chain: Title[], headers?: string[]) => {
    let segment: SnapNode[] | undefined;
    let segmentDate: string | undefined;
    let segmentChain = chain;
    const headingStack: { level: number; title: Title }[] = [];
    const current = () => [...chain, ...headingStack.map((h) => h.title)];
    const flush = () => {
      if (segment) w.blocks.push({ nodes: segment, chain: segmentChain, ...(headers ? { headers } : {}) });
      segment = undefined;
      segmentDate = undefined;
    };
    for (const n of ns) {
      const t = ownText(n);
      if (t) { w.allTexts.push(t); noteRegionText(current(), t); }
      if (isInteractive(n) && t) {
        if (OFFER_MARK.test(t) && CONTROL_ROLES.has(n.role)) w.offerControls++;
        if (MANAGE_CONTROL.test(t) && CONTROL_ROLES.has(n.role)) w.manageControls++;
        if (MORE_CONTROL.test(t) && CONTROL_ROLES.has(n.role) && !n.attrs['disabled'] && n.ref && current().some((x) => x.kind === 'bookings')) {
          w.more ??= { ref: n.ref, name: t };
        }
      }
      if (n.role === 'heading') {
        const level = Number(n.attrs['level'] ?? 2) || 2;
        while (headingStack.length && headingStack[headingStack.length - 1]!.level >= level) headingStack.pop();
        const title = textOf(n);
        headingStack.push({ level, title: { text: title, kind: titleKind(title) } });
      }
      const here = current();
      const dates = datesOf(n);
      const own = containerTitle(n);
      const inner = own ? [...here, { text: own, kind: titleKind(own) }] : here;
      if (n.role === 'table' || n.role === 'grid' || n.role === 'treegrid') {
        const hs = tableHeaders(n);
        if (hs && hs.length >= 3 && hs.filter((h) => findTime(h) || findLane(h)).length >= 2) w.grids++;
        flush();
        visit(n.children, inner, hs);
        continue;
      }
      if (dates.size >= 2 || own) {
        flush();
        visit(n.children, inner, n.role === 'rowgroup' ? headers : undefined);
      } else if (dates.size === 1 && !RECORD_ROLES.has(n.role) && n.children.some((c) => datesOf(c).size > 0)) {
        // The date sits in parts of a bigger block (page, list, table, section): the records are further down.
        flush();
        visit(n.children, inner, n.role === 'rowgroup' ? headers : undefined);
      } else if (dates.size === 1) {
        const [d] = [...dates];
        // A heading's details that repeat its date belong to it; a row, list item or card is a record of its
        // own even when the one before it has the same date (a cancelled 06:00 must not hide a live 07:00).
        if (segment && d === segmentDate && !RECORD_ROLES.has(n.role)) {
          segment.push(n);
        } else {
          flush();
          segment = [n];
          segmentDate = d;
          segmentChain = here;
        }
      } else if (segment && n.role !== 'heading') {
        segment.push(n);
      } else {
        flush();
        if (n.children.length) visit(n.children, inner, n.role === 'rowgroup' ? headers : undefined);
      }
    }
    flush();
  };
  visit(nodes, []);
  return w;
}

/** A date heading followed by several undated items (two swims on one day) is one record per item. */
function splitUnderDateHeading(b: Block): Block[] {
  const [head, ...rest] = b.nodes;
  if (!head || head.role !== 'heading' || rest.length !== 1) return [b];
  const items = rest[0]!.children.filter((c) => RECORD_ROLES.has(c.role));
  if (items.length < 2) return [b];
  return items.map((item) => ({ ...b, nodes: [head, item] }));
}

function addDaysIso(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The last day a "this week and next" list can be relied on to show: weeks may start on Sunday or Monday, so the earlier end. */
function endOfNextWeek(today: string): string {
  const dow = new Date(`${today}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  const mondayWeeks = ((7 - dow) % 7) + 7; // to the Sunday that ends next week
  const sundayWeeks = 6 - dow + 7; // to the Saturday that ends next week
  return addDaysIso(today, Math.min(mondayWeeks, sundayWeeks));
}

export function readBookingsPage(raw: string, opts: ReadOptions = {}): BookingsReading {
  const nodes = parseSnapshot(raw);
  const pageTexts: string[] = [];
  const gather = (ns: SnapNode[]) => { for (const n of ns) { const t = ownText(n); if (t) pageTexts.push(t); gather(n.children); } };
  gather(nodes);
  // Numeric dates are read in the page's own order where its unambiguous dates settle it.
  const dateOrder = detectDateOrder(pageTexts, opts.locale, opts.today ? [opts.today] : []);
  const o: DateParseOptions = { ...opts, ...(opts.order ? {} : dateOrder ? { order: dateOrder } : {}) };
  const w = walk(nodes, o);
  const records: PageRecord[] = [];
  for (const block of w.blocks.flatMap(splitUnderDateHeading)) {
    const text = blockText(block);
    const hits = findDates(text, o);
    const first = hits[0];
    if (!first) continue;
    // Remove the dates so "01.12.2026" is not read as a time.
    let rest = text;
    for (const d of [...hits].reverse()) rest = rest.slice(0, d.index) + ' '.repeat(d.length) + rest.slice(d.index + d.length);
    const { status, why } = classify(block, text);
    const r: PageRecord = { text: text.slice(0, 300), date: first.date, status, why };
    if (first.readings) r.readings = first.readings;
    const time = findTime(rest) ?? first.time;
    if (time) r.time = time;
    const lane = findLane(rest);
    if (lane) r.lane = lane;
    if (CANCELLED_MARK.test(text)) r.cancelled = true;
    records.push(r);
  }
  // Every text inside a dated block belongs to a record, whether or not the record's text repeats it.
  const blockTexts = new Set<string>();
  const collect = (ns: SnapNode[]) => { for (const n of ns) { const t = ownText(n); if (t) blockTexts.add(t); collect(n.children); } };
  for (const b of w.blocks) collect(b.nodes);
  const inRecords = (t: string) => blockTexts.has(t) || records.some((x) => x.text.includes(t));
  const regions = [...w.regionTexts.values()].map((r) => ({
    title: r.title,
    empty: r.empty,
    dated: records.filter((x) => x.status === 'member' && x.why.includes(`"${r.title}"`)).length,
    // Text with numbers or date words in it that no record took: a booking written in a way the rule does not read.
    unread: r.texts.filter((t) => t.length >= 8 && (/\d/.test(t) || DATE_WORDS.test(t)) && !inRecords(t) && !NO_BOOKINGS.test(t) && !WINDOW_DAYS.test(t) && !WINDOW_NEXT_WEEK.test(t)
      && !PAGE_STATUS.test(t) && !BOOKINGS_TITLE.test(t.replace(/\s*\(?\d+\)?$/, '')) && !MORE_CONTROL.test(t)).slice(0, 10),
  }));
  let window: BookingsReading['window'];
  const regionText = [...w.regionTexts.values()].flatMap((r) => r.texts);
  for (const t of regionText) {
    const days = WINDOW_DAYS.exec(t);
    if (days && opts.today) { window = { until: addDaysIso(opts.today, Number(days[1])), said: t.slice(0, 120) }; break; }
    if (WINDOW_NEXT_WEEK.test(t) && opts.today) { window = { until: endOfNextWeek(opts.today), said: t.slice(0, 120) }; break; }
  }
  const member = records.filter((r) => r.status === 'member');
  let kind: PageKind;
  let kindWhy: string;
  if (regions.length) { kind = 'bookings'; kindWhy = `a bookings list titled "${regions.map((r) => r.title).join('", "')}"`; }
  else if (member.length) { kind = 'bookings'; kindWhy = `records marked as the member’s (${member[0]!.why})`; }
  else if (w.grids > 0 || w.offerControls >= 5) {
    kind = 'schedule';
    kindWhy = w.grids > 0 ? 'a grid of times and lanes (a schedule of slots), not a list of the member’s bookings' : `${w.offerControls} offers to book and no list of the member’s bookings`;
  } else { kind = 'unknown'; kindWhy = 'no list titled as the member’s bookings and no booking with a cancel control or a reference'; }
  return {
    kind,
    kindWhy,
    regions,
    records,
    ...(window ? { window } : {}),
    ...(w.more && kind === 'bookings' ? { more: w.more } : {}),
    ...(dateOrder ? { dateOrder } : {}),
  };
}
