// Compact page snapshots for the model: parse Playwright's AI aria snapshot, keep what matters, trim to a token budget.
import type { Page } from 'playwright-core';

export const estimateTokens = (s: string): number => Math.ceil(s.length / 4);

export interface SnapNode {
  role: string; // 'text' for bare text
  name?: string;
  attrs: Record<string, string | true>;
  ref?: string;
  text?: string;
  url?: string;
  children: SnapNode[];
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
  return INTERACTIVE.has(n.role) || n.attrs['cursor'] === 'pointer';
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
  if (n.text) s += `: ${clip(n.text, maxText)}`;
  return s;
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
  return [n.name, n.text, ...n.children.map(nodeText)].filter(Boolean).join(' ');
}

function hasState(n: SnapNode): boolean {
  return n.attrs['checked'] !== undefined || n.attrs['selected'] !== undefined || n.attrs['expanded'] === 'true' || n.children.some(hasState);
}

export interface TrimOptions {
  /** Budget in tokens (chars/4). */
  maxTokens?: number;
  /** Text that marks the rows worth keeping when a long list has to be cut (wanted date, time, lane). */
  keywords?: string[];
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
  let tree = simplify(parseSnapshot(raw));
  const cuts: string[] = [];
  const done = (text: string): TrimResult => ({ text, tokens: estimateTokens(text), rawTokens: estimateTokens(raw), cuts });

  let maxText = 200;
  let text = render(tree, maxText).join('\n');
  if (text.length <= maxChars) return done(text);

  maxText = 80;
  text = render(tree, maxText).join('\n');
  cuts.push('long texts shortened to 80 characters');
  if (text.length <= maxChars) return done(text);

  const matches = (n: SnapNode) => {
    const t = nodeText(n).toLowerCase();
    return keywords.some((k) => t.includes(k));
  };
  for (const keep of [12, 6, 3, 1]) {
    let cutUnits = 0;
    const cutLists = (nodes: SnapNode[]): SnapNode[] => nodes.map((n) => {
      const children = cutLists(n.children);
      const units = children.filter((c) => UNIT_ROLES.has(c.role));
      if (units.length <= keep + 1) return { ...n, children };
      const head = new Set(units.slice(0, keep));
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
        if (!isUnit || head.has(c) || matches(c) || hasState(c)) {
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

  const lines = text.split('\n');
  const keptLines: string[] = [];
  let used = 0;
  for (const l of lines) {
    if (used + l.length + 1 > maxChars - 40) break;
    keptLines.push(l);
    used += l.length + 1;
  }
  const more = lines.length - keptLines.length;
  keptLines.push(`- … ${more} more lines cut`);
  cuts.push(`${more} lines cut at the end`);
  return done(keptLines.join('\n'));
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
