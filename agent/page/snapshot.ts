// Compact page snapshots for the model: parse Playwright's AI aria snapshot, keep what matters, trim to a token budget.
import type { Page } from 'playwright-core';
import { lanesIn, looksLikeDate, matchWant, mentionsDate, timesIn, type WantParts } from './want-forms';

export const estimateTokens = (s: string): number => Math.ceil(s.length / 4);

export interface SnapNode {
  role: string; // 'text' for bare text
  name?: string;
  attrs: Record<string, string | true>;
  ref?: string;
  text?: string;
  url?: string;
  children: SnapNode[];
  /** Where a table cell (or what is inside it) sits: its row and column headers, e.g. "Lane 3 × 7:00 AM". */
  ctx?: string;
  /** A role-less node the model may act on: a slot cell or a date-picker day that names the wanted booking. */
  actionable?: boolean;
}

const LINE = /^(\s*)- (.*)$/;
const HEAD = /^([a-zA-Z][\w-]*)(?:\s+"((?:[^"\\]|\\.)*)")?((?:\s+\[[^\]]*\])*)\s*(?::\s*(.*))?$/;

function unquote(s: string): string {
  const t = s.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) {
    try { return JSON.parse(t) as string; } catch { return t.slice(1, -1); }
  }
  if (t.length >= 2 && t.startsWith("'") && t.endsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
  return t;
}

/** Parses the YAML-like text of `page.ariaSnapshot({ mode: 'ai' })` into a tree. Unknown lines become text. */
export function parseSnapshot(raw: string): SnapNode[] {
  const root: SnapNode = { role: 'root', attrs: {}, children: [] };
  const stack: { indent: number; node: SnapNode }[] = [{ indent: -1, node: root }];
  for (const line of raw.split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    const indent = m[1]!.length;
    let body = m[2]!;
    while (stack.length > 1 && stack[stack.length - 1]!.indent >= indent) stack.pop();
    const parent = stack[stack.length - 1]!.node;
    if (body.startsWith('/')) {
      // Properties such as `/url: /bookings` belong to the parent element.
      const pm = /^\/([\w-]+):\s*(.*)$/.exec(body);
      if (pm && pm[1] === 'url') parent.url = unquote(pm[2] ?? '');
      continue;
    }
    let node: SnapNode;
    const quoted = /^'((?:[^']|'')*)'(:.*)?$/.exec(body);
    if (quoted) {
      // YAML quotes a key that itself contains ': ', e.g. 'button "Cancel: Lane 3" [ref=e9]': Cancel
      body = quoted[1]!.replace(/''/g, "'") + (quoted[2] ?? '');
    }
    if (body.startsWith('text:')) {
      node = { role: 'text', attrs: {}, text: unquote(body.slice(5)), children: [] };
    } else if (body.startsWith('"')) {
      node = { role: 'text', attrs: {}, text: unquote(body.replace(/:$/, '')), children: [] };
    } else {
      const h = HEAD.exec(body);
      if (!h) {
        node = { role: 'text', attrs: {}, text: body, children: [] };
      } else {
        node = { role: h[1]!, attrs: {}, children: [] };
        if (h[2] !== undefined) node.name = unquote(`"${h[2]}"`);
        for (const a of (h[3] ?? '').matchAll(/\[([^\]=]+)(?:=([^\]]*))?\]/g)) {
          const key = a[1]!.trim();
          if (key === 'ref') node.ref = a[2];
          else node.attrs[key] = a[2] ?? true;
        }
        const rest = (h[4] ?? '').trim();
        if (rest) node.text = unquote(rest);
      }
    }
    parent.children.push(node);
    stack.push({ indent, node });
  }
  return root.children;
}

const INTERACTIVE = new Set([
  'button', 'link', 'textbox', 'searchbox', 'combobox', 'listbox', 'checkbox', 'radio', 'switch', 'slider',
  'spinbutton', 'menuitem', 'menuitemcheckbox', 'menuitemradio', 'tab', 'treeitem', 'option',
]);
const STATE_ATTRS = ['checked', 'selected', 'disabled', 'expanded', 'pressed'];
const LANDMARK = new Set(['dialog', 'alertdialog', 'alert', 'status', 'form', 'iframe', 'table', 'list', 'grid', 'listbox', 'radiogroup', 'tablist', 'menu', 'navigation', 'main', 'article', 'region']);
const UNIT_ROLES = new Set(['row', 'listitem', 'option', 'article', 'group', 'gridcell', 'radio', 'generic', 'menuitem', 'treeitem', 'region', 'link', 'button']);

export function isInteractive(n: SnapNode): boolean {
  return INTERACTIVE.has(n.role) || n.attrs['cursor'] === 'pointer' || !!n.actionable;
}

function hasInteractive(n: SnapNode): boolean {
  return isInteractive(n) || n.children.some(hasInteractive);
}

/** Every ref in the snapshot with the role and name a human would recognise. */
export function indexRefs(nodes: SnapNode[], out = new Map<string, { role: string; name: string }>()): Map<string, { role: string; name: string }> {
  for (const n of nodes) {
    if (n.ref) out.set(n.ref, { role: n.role, name: n.name ?? n.text ?? '' });
    indexRefs(n.children, out);
  }
  return out;
}

const TABLE_ROLES = new Set(['table', 'grid', 'treegrid']);
const CELL_ROLES = new Set(['cell', 'gridcell', 'rowheader', 'columnheader']);
const MAX_HEADER_CHARS = 40;

function cellText(n: SnapNode): string {
  return (n.name || flatText(n)).replace(/\s+/g, ' ').trim();
}

/** The rows of a table, through wrappers and row groups, but not those of a table nested inside it. */
function rowsOf(table: SnapNode, out: SnapNode[] = []): SnapNode[] {
  for (const c of table.children) {
    if (c.role === 'row') out.push(c);
    else if (!TABLE_ROLES.has(c.role) && !CELL_ROLES.has(c.role)) rowsOf(c, out);
  }
  return out;
}

const cellsOf = (row: SnapNode) => row.children.filter((c) => CELL_ROLES.has(c.role));

function hasInteractiveInside(n: SnapNode): boolean {
  return n.children.some((c) => isInteractive(c) || hasInteractiveInside(c));
}

/** A first row of column headers, or of plain named cells above the data ("Tuesday, 12/01/2026 | 6:00 AM | 7:00 AM …"). */
function headerRow(rows: SnapNode[]): SnapNode | undefined {
  const first = rows[0];
  if (!first || rows.length < 2) return undefined;
  const cells = cellsOf(first);
  if (cells.some((c) => c.role === 'columnheader')) return first;
  if (cells.length >= 2 && !hasInteractiveInside(first) && cells.filter((c) => cellText(c)).length >= 2) return first;
  return undefined;
}

const kindOf = (t: string) => (lanesIn(t).length ? 'lane' : timesIn(t).length ? 'time' : looksLikeDate(t) ? 'date' : 'other');

/**
 * A row's first cell as its header: a rowheader, or a short cell naming a lane, time or date ("Lane 3") —
 * unless the header above it is of the same kind as the next column's ("Ligne 1" beside "Ligne 2"): then
 * the first column holds data like the others.
 */
function rowHeaderOf(cells: SnapNode[], heads: string[]): string | undefined {
  const first = cells[0];
  if (!first || cells.length < 2) return undefined;
  const t = cellText(first);
  if (!t || t.length > MAX_HEADER_CHARS) return undefined;
  if (first.role === 'rowheader') return t;
  const offset = heads.length - cells.length;
  const above = heads[offset];
  const beside = heads[offset + 1];
  if (above !== undefined && beside !== undefined && kindOf(above) === kindOf(beside)) return undefined;
  return kindOf(t) !== 'other' ? t : undefined;
}

function setCtx(n: SnapNode, ctx: string): void {
  for (const c of n.children) {
    if (isInteractive(c) && !c.ctx) c.ctx = ctx;
    setCtx(c, ctx);
  }
}

/**
 * Gives each cell of a table or grid (and the controls inside it) its place: "Lane 3 × 7:00 AM" from the
 * row's first cell and the header row's cell above it (aligned from the right, so a header row without a
 * corner cell still lines up), with the corner cell in front when it names a date ("Tuesday, 12/01/2026:").
 * Events in a FullCalendar-like resource grid get their column's header ("Ligne 3").
 */
function annotateTables(nodes: SnapNode[]): void {
  for (const n of nodes) {
    if (TABLE_ROLES.has(n.role) && n.attrs['aria-hidden'] === undefined) {
      const rows = rowsOf(n);
      const head = headerRow(rows);
      const heads = head ? cellsOf(head).map(cellText) : [];
      for (const row of rows) {
        if (row === head) continue;
        const cells = cellsOf(row);
        const rowHead = rowHeaderOf(cells, heads);
        const offset = heads.length - cells.length;
        const corner = rowHead && offset === 0 && heads[0] && looksLikeDate(heads[0]) ? heads[0] : undefined;
        cells.forEach((cell, i) => {
          if (i === 0 && rowHead) return;
          const col = heads[i + offset];
          const parts = [rowHead, col && col.length <= MAX_HEADER_CHARS ? col : undefined].filter((p): p is string => !!p);
          if (!parts.length || (!head && !hasInteractiveInside(cell) && !isInteractive(cell))) return;
          const ctx = `${corner ? `${corner}: ` : ''}${parts.join(' × ')}`;
          cell.ctx = ctx;
          setCtx(cell, ctx);
        });
      }
    }
    annotateTables(n.children);
  }
}

/**
 * With a wanted booking, role-less nodes that name it become actionable: empty slot cells whose place is
 * the wanted time (and lane, and not another date), and date-picker days named with the wanted date.
 */
function markWanted(nodes: SnapNode[], want: WantParts): void {
  for (const n of nodes) {
    if (n.ref && !isInteractive(n)) {
      const empty = !n.name && !n.text && n.children.length === 0;
      if (empty && n.ctx && (n.role === 'cell' || n.role === 'gridcell')) {
        const m = matchWant(n.ctx, want);
        if (!m.otherDate && (want.time ? m.time : m.lane)) n.actionable = true;
      } else if (n.role === 'generic' && n.name && !hasInteractiveInside(n) && mentionsDate(n.name, want.date)) {
        n.actionable = true;
      }
    }
    markWanted(n.children, want);
  }
}

const VALUE_ROLES = new Set(['textbox', 'searchbox', 'combobox', 'spinbutton', 'slider']);
const WRAPPERS = new Set(['generic', 'none', 'presentation', 'rowgroup', 'cell', 'gridcell', 'paragraph', 'group', 'caption']);

function flatText(n: SnapNode): string {
  return [n.name, n.text, ...n.children.map(flatText)].filter(Boolean).join(' ');
}

function interactiveNames(nodes: SnapNode[], out = new Set<string>()): Set<string> {
  for (const n of nodes) {
    if (isInteractive(n) && n.name) out.add(n.name.trim());
    interactiveNames(n.children, out);
  }
  return out;
}

/** Label text that only repeats the name of a control next to it (a radio's <label>) adds nothing. */
function pruneEcho(nodes: SnapNode[], names: Set<string>): SnapNode[] {
  const out: SnapNode[] = [];
  for (const n of nodes) {
    if (n.role === 'text' && n.text && names.has(n.text.trim())) continue;
    if (isInteractive(n)) { out.push(n); continue; }
    const children = pruneEcho(n.children, names);
    if (n.role === 'group' && !n.name && children.length === 0) continue;
    if (n.role === 'group' && !n.name && children.length === 1) { out.push(children[0]!); continue; }
    out.push({ ...n, children });
  }
  return out;
}

/** Drops wrappers, duplicate text and refs nobody can act on, so the tree says the same in fewer tokens. */
function simplify(nodes: SnapNode[]): SnapNode[] {
  const out: SnapNode[] = [];
  for (const n0 of nodes) {
    const n: SnapNode = { ...n0, attrs: { ...n0.attrs }, children: simplify(n0.children) };
    if (n.role === 'text') {
      if (n.text && n.text.trim()) out.push(n);
      continue;
    }
    if (n.role === 'img' && !n.name) continue;
    const interactive = isInteractive(n);
    if (!interactive) delete n.ref;
    if (interactive && n.name) {
      // The accessible name already says what the children and inline text say ("Book" inside "Book Lane 1 …").
      const name = n.name.toLowerCase();
      n.children = n.children.filter((c) => isInteractive(c) || !name.includes(flatText(c).toLowerCase().trim()));
      if (!VALUE_ROLES.has(n.role) && n.text && name.includes(n.text.toLowerCase().trim())) delete n.text;
    }
    if (!interactive && WRAPPERS.has(n.role) && !LANDMARK.has(n.role)) {
      if (n.name && n.children.length === 0 && !n.text) { out.push({ role: 'text', attrs: {}, text: n.name, children: [] }); continue; }
      if (!n.name && n.text && n.children.length === 0) { out.push({ role: 'text', attrs: {}, text: n.text, children: [] }); continue; }
      if (!n.name && !n.text) {
        if (n.children.length === 0) continue;
        if (n.children.length === 1 || n.role !== 'generic' && n.role !== 'group') { out.push(...n.children); continue; }
        out.push({ role: 'group', attrs: {}, children: n.children });
        continue;
      }
    }
    if (n.role === 'columnheader' || n.role === 'rowheader' || n.role === 'listitem' && !n.children.length) {
      if (!interactive && n.children.length === 0 && (n.name || n.text)) {
        out.push({ role: n.role === 'listitem' ? 'listitem' : 'text', attrs: {}, text: n.role === 'listitem' ? (n.text ?? n.name) : (n.name || n.text), children: [] });
        continue;
      }
    }
    // A row or list item's name is computed from its content: the children say it already.
    if ((n.role === 'row' || n.role === 'listitem' || n.role === 'article' || n.role === 'region' || n.role === 'table') && n.children.length) {
      if (n.name) {
        const have = new Set(n.children.map(flatText).join(' ').toLowerCase().split(/\s+/));
        if (n.name.toLowerCase().split(/\s+/).every((w) => have.has(w))) delete n.name;
      }
    }
    // A text child that repeats the element's own name adds nothing.
    n.children = n.children.filter((c) => !(c.role === 'text' && (c.text === n.name)));
    if (!interactive && n.children.length) n.children = pruneEcho(n.children, interactiveNames(n.children));
    out.push(n);
  }
  return out;
}

function q(s: string): string {
  return JSON.stringify(s);
}

function renderHead(n: SnapNode, maxText: number): string {
  if (n.role === 'text') return `- ${clip(n.text ?? '', maxText)}`;
  let s = `- ${n.role === 'generic' ? 'clickable' : n.role === 'caption' ? 'text' : n.role}`;
  if (n.name) s += ` ${q(clip(n.name, maxText))}`;
  for (const k of STATE_ATTRS) {
    const v = n.attrs[k];
    if (v === undefined) continue;
    s += v === true ? ` [${k}]` : ` [${k}=${v}]`;
  }
  if (n.role === 'heading' && n.attrs['level']) s += ` [level=${n.attrs['level']}]`;
  if (n.ref && isInteractive(n)) s += ` [ref=${n.ref}]`;
  if (n.ctx && isInteractive(n) && !saysAlready(n, n.ctx)) s += ` (${clip(n.ctx, maxText)})`;
  if (n.text) s += `: ${clip(n.text, maxText)}`;
  return s;
}

/** Whether a control's own name already says where it is ("Bahn 3 um 07:00 Uhr buchen" needs no "(07:00 Uhr × Bahn 3)"). */
function saysAlready(n: SnapNode, ctx: string): boolean {
  const own = [n.name, n.text].filter(Boolean).join(' ');
  if (!own) return false;
  const parts = ctx.split(/: | × /).map((p) => p.trim()).filter(Boolean);
  const ownTimes = timesIn(own);
  const ownLanes = lanesIn(own);
  return parts.every((p) => {
    if (own.toLowerCase().includes(p.toLowerCase())) return true;
    const t = timesIn(p);
    if (t.length && t.every((x) => ownTimes.includes(x))) return true;
    const l = lanesIn(p);
    return l.length > 0 && l.every((x) => ownLanes.includes(x));
  });
}

function clip(s: string, max: number): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function isLeaf(n: SnapNode): boolean {
  return n.children.length === 0;
}

function render(nodes: SnapNode[], maxText: number, depth = 0, lines: string[] = []): string[] {
  const pad = '  '.repeat(depth);
  for (const n of nodes) {
    if (n.role === 'cut') {
      lines.push(`${pad}- ${n.text}`);
      continue;
    }
    // Rows of leaves read best on one line: "07:00 | button "Book" [ref=e9] | Full".
    if ((n.role === 'row' || n.role === 'listitem') && n.children.length > 0 && n.children.length <= 12 && n.children.every(isLeaf) && !isInteractive(n)) {
      const parts = n.children.map((c) => renderHead(c, maxText).slice(2));
      lines.push(`${pad}- ${n.role}${n.name ? ` ${q(clip(n.name, maxText))}` : ''}: ${parts.join(' | ')}`);
      continue;
    }
    lines.push(pad + renderHead(n, maxText) + (n.children.length && !n.text ? ':' : ''));
    if (n.children.length) render(n.children, maxText, depth + 1, lines);
  }
  return lines;
}

function nodeText(n: SnapNode): string {
  return [n.name, n.text, n.ctx, ...n.children.map(nodeText)].filter(Boolean).join(' ');
}

function hasState(n: SnapNode): boolean {
  return n.attrs['checked'] !== undefined || n.attrs['selected'] !== undefined || n.attrs['expanded'] === 'true' || n.children.some(hasState);
}

export interface TrimOptions {
  /** Budget in tokens (chars/4). */
  maxTokens?: number;
  /** Text that marks the rows worth keeping when a long list has to be cut (wanted date, time, lane). */
  keywords?: string[];
  /**
   * The wanted booking: its slot cells and date-picker days keep their refs, and when a long list has to
   * be cut, the rows that name the wanted time (or as much of the booking as any row names) are kept.
   */
  want?: WantParts;
}

export interface TrimResult {
  text: string;
  tokens: number;
  rawTokens: number;
  /** What was cut, in words, for the bench and the logs. */
  cuts: string[];
}

/**
 * Pure: compact text of an AI aria snapshot within a token budget. Interactive elements, their
 * state, headings and the text next to them survive longest; long lists keep the rows matching
 * `keywords` and say how many rows were cut.
 */
export function trimSnapshot(raw: string, opts: TrimOptions = {}): TrimResult {
  const maxTokens = opts.maxTokens ?? 2500;
  const maxChars = maxTokens * 4;
  const keywords = (opts.keywords ?? []).map((k) => k.toLowerCase()).filter(Boolean);
  const parsed = parseSnapshot(raw);
  annotateTables(parsed);
  if (opts.want) markWanted(parsed, opts.want);
  let tree = simplify(parsed);
  const cuts: string[] = [];
  const done = (text: string): TrimResult => ({ text, tokens: estimateTokens(text), rawTokens: estimateTokens(raw), cuts });

  let maxText = 200;
  let text = render(tree, maxText).join('\n');
  if (text.length <= maxChars) return done(text);

  maxText = 80;
  text = render(tree, maxText).join('\n');
  cuts.push('long texts shortened to 80 characters');
  if (text.length <= maxChars) return done(text);

  const want = opts.want;
  const wantMatch = (n: SnapNode) => (want ? matchWant(nodeText(n), want) : undefined);
  const wantScore = (n: SnapNode) => {
    const m = wantMatch(n);
    return !m || m.otherDate ? 0 : Number(m.date) + Number(m.time) + Number(m.lane);
  };
  const matches = (n: SnapNode, best: number) => {
    const t = nodeText(n).toLowerCase();
    if (keywords.some((k) => t.includes(k))) return true;
    const m = wantMatch(n);
    if (!m || m.otherDate) return false;
    // The wanted time is what a slot must have (any lane may be the fallback); beyond that, the units naming most of the booking.
    return m.time || (best > 0 && wantScore(n) === best);
  };
  for (const keep of [12, 6, 3, 1]) {
    let cutUnits = 0;
    const cutLists = (nodes: SnapNode[]): SnapNode[] => nodes.map((n) => {
      const children = cutLists(n.children);
      const units = children.filter((c) => UNIT_ROLES.has(c.role));
      if (units.length <= keep + 1) return { ...n, children };
      const head = new Set(units.slice(0, keep));
      const best = want ? Math.max(0, ...units.map(wantScore)) : 0;
      const kept: SnapNode[] = [];
      let dropped = 0;
      let droppedRole = '';
      const flush = () => {
        if (dropped) kept.push({ role: 'cut', attrs: {}, children: [], text: `… ${dropped} more ${droppedRole === 'row' ? 'rows' : droppedRole === 'option' ? 'options' : 'items'} cut` });
        cutUnits += dropped;
        dropped = 0;
      };
      for (const c of children) {
        const isUnit = UNIT_ROLES.has(c.role);
        if (!isUnit || head.has(c) || matches(c, best) || hasState(c)) {
          flush();
          kept.push(c);
        } else {
          dropped++;
          droppedRole = c.role;
        }
      }
      flush();
      return { ...n, children: kept };
    });
    const cutTree = cutLists(tree);
    text = render(cutTree, maxText).join('\n');
    if (text.length <= maxChars || keep === 1) {
      tree = cutTree;
      if (cutUnits) cuts.push(`${cutUnits} list rows/items cut (kept ${keep} per list plus matches)`);
      if (text.length <= maxChars) return done(text);
      break;
    }
  }

  // Text far from anything the model can act on is the least useful.
  let droppedText = 0;
  const dropLoneText = (nodes: SnapNode[], nearInteractive: boolean): SnapNode[] => {
    const out: SnapNode[] = [];
    const here = nearInteractive || nodes.some(hasInteractive);
    for (const n of nodes) {
      if ((n.role === 'text' || (!isInteractive(n) && n.role !== 'heading' && n.role !== 'cut' && !hasInteractive(n) && !LANDMARK.has(n.role))) && !here) {
        droppedText++;
        continue;
      }
      out.push({ ...n, children: dropLoneText(n.children, false) });
    }
    return out;
  };
  tree = dropLoneText(tree, false);
  text = render(tree, maxText).join('\n');
  if (droppedText) cuts.push(`${droppedText} text blocks away from controls cut`);
  if (text.length <= maxChars) return done(text);

  // Last resort: lines from the top, but the controls that name the wanted booking stay wherever they are.
  const lines = text.split('\n');
  const priority = new Set<number>();
  if (want) {
    let reserved = 0;
    lines.forEach((l, i) => {
      if (!l.includes('[ref=') || reserved + l.length + 1 > maxChars / 2) return;
      const m = matchWant(l, want);
      if (!m.otherDate && (m.time || (m.date && !want.time))) {
        priority.add(i);
        reserved += l.length + 1;
      }
    });
  }
  const budget = maxChars - 60;
  let used = [...priority].reduce((n, i) => n + lines[i]!.length + 1, 0);
  const keep = new Set(priority);
  for (let i = 0; i < lines.length; i++) {
    if (keep.has(i)) continue;
    if (used + lines[i]!.length + 1 + 24 > budget) break;
    keep.add(i);
    used += lines[i]!.length + 1;
  }
  const out: string[] = [];
  let gap = 0;
  let more = 0;
  for (let i = 0; i < lines.length; i++) {
    if (keep.has(i)) {
      if (gap) out.push(`- … ${gap} lines cut`);
      gap = 0;
      out.push(lines[i]!);
    } else {
      gap++;
      more++;
    }
  }
  if (gap) out.push(`- … ${gap} more lines cut`);
  cuts.push(`${more} lines cut${priority.size ? ` (kept ${priority.size} lines naming the wanted booking)` : ' at the end'}`);
  return done(out.join('\n'));
}

export interface PageSnapshot {
  url: string;
  title: string;
  raw: string;
  text: string;
  tokens: number;
  rawTokens: number;
  refs: Map<string, { role: string; name: string }>;
  cuts: string[];
}

const SNAPSHOT_TIMEOUT_MS = 10_000;

/** Snapshot of the page (frames and dialogs included) for the model, trimmed to the budget. */
export async function takeSnapshot(page: Page, opts: TrimOptions = {}): Promise<PageSnapshot> {
  const raw = await page.ariaSnapshot({ mode: 'ai', timeout: SNAPSHOT_TIMEOUT_MS });
  const trimmed = trimSnapshot(raw, opts);
  return {
    url: page.url(),
    title: await page.title().catch(() => ''),
    raw,
    text: trimmed.text,
    tokens: trimmed.tokens,
    rawTokens: trimmed.rawTokens,
    refs: indexRefs(parseSnapshot(raw)),
    cuts: trimmed.cuts,
  };
}

export interface SnapshotMeasure {
  htmlChars: number;
  htmlTokens: number;
  rawChars: number;
  rawTokens: number;
  compactChars: number;
  compactTokens: number;
}

/** Sizes for the bench: page HTML vs raw aria snapshot vs what the model actually sees. */
export async function measureSnapshot(page: Page, opts: TrimOptions = {}): Promise<SnapshotMeasure> {
  const html = await page.content();
  const raw = await page.ariaSnapshot({ mode: 'ai', timeout: SNAPSHOT_TIMEOUT_MS });
  const t = trimSnapshot(raw, opts);
  return {
    htmlChars: html.length,
    htmlTokens: estimateTokens(html),
    rawChars: raw.length,
    rawTokens: estimateTokens(raw),
    compactChars: t.text.length,
    compactTokens: t.tokens,
  };
}
