// Recipe locators: turns a stored LocatorSpec (or the code `locator.normalize()` prints) back into a live Locator.
// The code is parsed against a whitelist of locator methods, never evaluated, so a stored recipe cannot run script.
import { createHash } from 'node:crypto';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { renderTemplate, type LocatorSpec } from './schema';
import { EQUIVALENT_SCRIPT, RESOLVE_SCRIPT } from './page-dom';
import type { BookingWant } from '../types';

type Value = string | number | boolean | RegExp | { [k: string]: Value };
export interface LocatorCall { method: string; args: Value[] }

export class LocatorCodeError extends Error {}

const METHODS = new Set([
  'locator', 'getByRole', 'getByText', 'getByLabel', 'getByPlaceholder', 'getByTestId', 'getByAltText', 'getByTitle',
  'filter', 'nth', 'first', 'last', 'contentFrame', 'frameLocator',
]);
const ROLE_OPTIONS = new Set(['name', 'exact', 'checked', 'disabled', 'expanded', 'includeHidden', 'level', 'pressed', 'selected']);
const FILTER_OPTIONS = new Set(['hasText', 'hasNotText', 'visible']);

/** Parses `getByRole('button', { name: 'Go' }).nth(1)` into calls. Throws LocatorCodeError on anything else. */
export function parseLocatorCode(code: string): LocatorCall[] {
  let i = 0;
  const src = code.trim();
  const ws = () => { while (i < src.length && /\s/.test(src[i]!)) i++; };
  const expect = (ch: string) => {
    ws();
    if (src[i] !== ch) throw new LocatorCodeError(`expected "${ch}" at ${i} in ${src.slice(0, 120)}`);
    i++;
  };
  const ident = (): string => {
    ws();
    const m = /^[A-Za-z_$][\w$]*/.exec(src.slice(i));
    if (!m) throw new LocatorCodeError(`expected a name at ${i}`);
    i += m[0].length;
    return m[0];
  };
  const str = (): string => {
    const q = src[i]!;
    i++;
    let out = '';
    while (i < src.length && src[i] !== q) {
      if (src[i] === '\\') {
        const n = src[i + 1];
        out += n === 'n' ? '\n' : n === 't' ? '\t' : n ?? '';
        i += 2;
      } else out += src[i++];
    }
    if (src[i] !== q) throw new LocatorCodeError('unterminated string');
    i++;
    return out;
  };
  const regex = (): RegExp => {
    i++;
    let body = '';
    let inClass = false;
    while (i < src.length && (src[i] !== '/' || inClass)) {
      if (src[i] === '\\') { body += src[i]! + (src[i + 1] ?? ''); i += 2; continue; }
      if (src[i] === '[') inClass = true;
      if (src[i] === ']') inClass = false;
      body += src[i++];
    }
    if (src[i] !== '/') throw new LocatorCodeError('unterminated regex');
    i++;
    const flags = /^[dgimsuy]*/.exec(src.slice(i))![0];
    i += flags.length;
    return new RegExp(body, flags);
  };
  const value = (): Value => {
    ws();
    const c = src[i];
    if (c === "'" || c === '"' || c === '`') return str();
    if (c === '/') return regex();
    if (c === '{') {
      i++;
      const obj: { [k: string]: Value } = {};
      ws();
      while (src[i] !== '}') {
        ws();
        const key = src[i] === "'" || src[i] === '"' ? str() : ident();
        expect(':');
        obj[key] = value();
        ws();
        if (src[i] === ',') { i++; ws(); }
      }
      i++;
      return obj;
    }
    const m = /^-?\d+(?:\.\d+)?/.exec(src.slice(i));
    if (m) { i += m[0].length; return Number(m[0]); }
    const word = ident();
    if (word === 'true') return true;
    if (word === 'false') return false;
    throw new LocatorCodeError(`unexpected "${word}"`);
  };
  const calls: LocatorCall[] = [];
  while (i < src.length) {
    if (calls.length) expect('.');
    const method = ident();
    if (!METHODS.has(method)) throw new LocatorCodeError(`"${method}" is not a locator method Lanebot replays`);
    expect('(');
    const args: Value[] = [];
    ws();
    while (src[i] !== ')') {
      args.push(value());
      ws();
      if (src[i] === ',') i++;
      ws();
      if (i >= src.length) throw new LocatorCodeError('unterminated call');
    }
    i++;
    calls.push({ method, args });
    ws();
  }
  if (!calls.length) throw new LocatorCodeError('empty locator code');
  return calls;
}

function plainOptions(v: Value | undefined, allowed: Set<string>, method: string): Record<string, Value> | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v instanceof RegExp) throw new LocatorCodeError(`${method}: options must be an object`);
  for (const k of Object.keys(v)) if (!allowed.has(k)) throw new LocatorCodeError(`${method}: option "${k}" is not replayed`);
  return v;
}

const textArg = (v: Value | undefined, method: string): string | RegExp => {
  if (typeof v === 'string' || v instanceof RegExp) return v;
  throw new LocatorCodeError(`${method}: expected text`);
};

/**
 * Only plain CSS: selector-engine prefixes (xpath=, js=, internal:…), chains (>>) and Playwright's
 * auto-detected XPath (// or ..) are refused.
 */
export function isPlainCss(selector: string): boolean {
  const s = selector.trim();
  if (!s || s.includes('>>') || s.startsWith('//') || s.startsWith('..') || s.startsWith('(')) return false;
  if (/^css=/i.test(s)) return true;
  return !/^[a-z_][\w-]*(?::[\w-]+)?=/i.test(s);
}

type Scope = Page | Locator | FrameLocator;

/** Applies parsed calls to a page. */
export function applyLocatorCalls(page: Page, calls: LocatorCall[]): Locator {
  let cur: Scope = page;
  for (const { method, args } of calls) {
    const c = cur as Locator & Page & FrameLocator;
    switch (method) {
      case 'locator': {
        const sel = args[0];
        if (typeof sel !== 'string' || !isPlainCss(sel)) throw new LocatorCodeError('locator(): only plain CSS selectors are replayed');
        const opts = plainOptions(args[1], FILTER_OPTIONS, method) as Parameters<Locator['locator']>[1];
        cur = c.locator(sel, opts);
        break;
      }
      case 'getByRole': {
        const role = args[0];
        if (typeof role !== 'string' || !/^[a-z]+$/.test(role)) throw new LocatorCodeError('getByRole: bad role');
        cur = c.getByRole(role as Parameters<Page['getByRole']>[0], plainOptions(args[1], ROLE_OPTIONS, method) as Parameters<Page['getByRole']>[1]);
        break;
      }
      case 'getByText': case 'getByLabel': case 'getByPlaceholder': case 'getByAltText': case 'getByTitle': {
        const opts = plainOptions(args[1], new Set(['exact']), method) as { exact?: boolean } | undefined;
        cur = (c[method] as (t: string | RegExp, o?: { exact?: boolean }) => Locator).call(c, textArg(args[0], method), opts);
        break;
      }
      case 'getByTestId':
        cur = c.getByTestId(textArg(args[0], method));
        break;
      case 'filter': {
        const opts = plainOptions(args[0], FILTER_OPTIONS, method) as Parameters<Locator['filter']>[0];
        if (!('filter' in c)) throw new LocatorCodeError('filter() needs a locator');
        cur = c.filter(opts);
        break;
      }
      case 'nth': {
        if (typeof args[0] !== 'number' || !('nth' in c)) throw new LocatorCodeError('nth() needs a number');
        cur = c.nth(args[0]);
        break;
      }
      case 'first': case 'last':
        if (!('first' in c)) throw new LocatorCodeError(`${method}() needs a locator`);
        cur = method === 'first' ? c.first() : c.last();
        break;
      case 'contentFrame':
        if (!('contentFrame' in c)) throw new LocatorCodeError('contentFrame() needs a locator');
        cur = c.contentFrame();
        break;
      case 'frameLocator': {
        const sel = args[0];
        if (typeof sel !== 'string' || !isPlainCss(sel)) throw new LocatorCodeError('frameLocator(): only plain CSS');
        cur = c.frameLocator(sel);
        break;
      }
    }
  }
  if (!('click' in cur) || 'goto' in cur) throw new LocatorCodeError('the code does not end in an element locator');
  return cur as Locator;
}

/** Specs found by a look at the page itself (a grid's headers, a container's texts) rather than by one Playwright locator. */
export type PageResolvedSpec = Extract<LocatorSpec, { by: 'cell' | 'scoped' }>;

export function isPageResolved(spec: LocatorSpec): spec is PageResolvedSpec {
  return spec.by === 'cell' || spec.by === 'scoped';
}

// Built from source text at run time, so no bundler helper is serialized into the page.
// eslint-disable-next-line no-new-func -- our own constant source, never input: a real function for evaluate() without bundler helpers
const resolveInPage = new Function('arg', `return (${RESOLVE_SCRIPT})(arg);`) as (arg: unknown) => { count: number; how: string };
// eslint-disable-next-line no-new-func -- our own constant source, never input: a real function for evaluate() without bundler helpers
const equivalentInPage = new Function('els', `return (${EQUIVALENT_SCRIPT})(els);`) as (els: unknown) => boolean;

/**
 * A live locator for a `cell` or `scoped` spec: the page is searched (grid headers by structure or geometry,
 * containers by their texts), what it finds is tagged with a per-spec attribute, and the locator points there.
 * `how` says which way a cell was found ('table' or 'point'); `found` 0 means nothing matched yet.
 */
export async function pickInPage(page: Page, spec: PageResolvedSpec, want: BookingWant): Promise<{ loc: Locator; found: number; how: string }> {
  const r = (t: string) => renderTemplate(t, want);
  const arg = spec.by === 'cell'
    ? { by: 'cell', row: r(spec.row), column: r(spec.column), ...(spec.within !== undefined ? { within: r(spec.within) } : {}) }
    : { by: 'scoped', texts: spec.texts.map(r) };
  const attr = `data-lanebot-pick-${createHash('sha1').update(JSON.stringify(arg)).digest('hex').slice(0, 12)}`;
  const res = await page.evaluate(resolveInPage, { ...arg, attr });
  const tagged = page.locator(`[${attr}]`);
  if (spec.by === 'scoped') return { loc: tagged.getByRole(spec.role as Parameters<Page['getByRole']>[0], spec.name !== undefined ? { name: r(spec.name), exact: true } : {}), found: res.count, how: res.how };
  if (spec.inner && res.how === 'table') {
    return { loc: tagged.getByRole(spec.inner.role as Parameters<Page['getByRole']>[0], spec.inner.name !== undefined ? { name: r(spec.inner.name), exact: true } : {}), found: res.count, how: res.how };
  }
  return { loc: tagged, found: res.count, how: res.how };
}

/** Whether every element of a locator is the same control (same role, name and href, or same form, type and value). */
export async function allEquivalent(loc: Locator): Promise<boolean> {
  return loc.evaluateAll(equivalentInPage).catch(() => false);
}

/** A live locator for any spec (page-resolved kinds look at the page first). */
export async function liveLocator(page: Page, spec: LocatorSpec, want: BookingWant): Promise<Locator> {
  return isPageResolved(spec) ? (await pickInPage(page, spec, want)).loc : resolveLocator(page, spec, want);
}

/** A live locator for a stored spec, its templates rendered for this booking. Page-resolved kinds: see liveLocator. */
export function resolveLocator(page: Page, spec: LocatorSpec, want: BookingWant): Locator {
  const r = (t: string) => renderTemplate(t, want);
  switch (spec.by) {
    case 'role':
      return page.getByRole(spec.role as Parameters<Page['getByRole']>[0], spec.name !== undefined ? { name: r(spec.name), exact: spec.exact } : {});
    case 'label': return page.getByLabel(r(spec.text), { exact: spec.exact });
    case 'text': return page.getByText(r(spec.text), { exact: spec.exact });
    case 'placeholder': return page.getByPlaceholder(r(spec.text), { exact: spec.exact });
    case 'testId': return page.getByTestId(spec.id);
    case 'css': {
      const sel = r(spec.selector);
      if (!isPlainCss(sel)) throw new LocatorCodeError('only plain CSS selectors are replayed');
      return page.locator(sel);
    }
    case 'code': return applyLocatorCalls(page, parseLocatorCode(r(spec.code)));
    case 'cell': case 'scoped': throw new LocatorCodeError(`a ${spec.by} locator is found by looking at the page (liveLocator)`);
  }
}

/** The string literals of locator code (names, texts): used to judge whether a normalized locator is safe to keep. */
export function codeLiterals(code: string): string[] {
  const out: string[] = [];
  const walk = (v: Value) => {
    if (typeof v === 'string') out.push(v);
    else if (v && typeof v === 'object' && !(v instanceof RegExp)) Object.values(v).forEach(walk);
  };
  for (const c of parseLocatorCode(code)) c.args.forEach(walk);
  return out;
}

export function describeSpec(spec: LocatorSpec): string {
  switch (spec.by) {
    case 'role': return `${spec.role}${spec.name !== undefined ? ` "${spec.name}"` : ''}`;
    case 'label': return `label "${spec.text}"`;
    case 'text': return `text "${spec.text}"`;
    case 'placeholder': return `placeholder "${spec.text}"`;
    case 'testId': return `test id "${spec.id}"`;
    case 'css': return `css ${spec.selector}`;
    case 'code': return spec.code;
    case 'cell': return `the cell at row "${spec.row}" and column "${spec.column}"${spec.within !== undefined ? ` of the grid "${spec.within}"` : ''}${spec.inner ? ` (its ${spec.inner.role}${spec.inner.name !== undefined ? ` "${spec.inner.name}"` : ''})` : ''}`;
    case 'scoped': return `${spec.role}${spec.name !== undefined ? ` "${spec.name}"` : ''} in the part showing ${spec.texts.map((t) => `"${t}"`).join(' and ')}`;
  }
}
