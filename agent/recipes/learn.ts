// Learning a recipe from a run: observed steps (the model's or a user's) → durable locators, with the target date,
// time, lane and secrets turned back into parameters, and a postcondition per step for replay to check.
import { codeLiterals, LocatorCodeError } from './locator';
import { LOGIN_CONTROL } from '../browser/login';
import { signatureOf, type SentRequest } from '../browser/state-changes';
import {
  DATE_FORMATS, formatDate, formatTime, RECIPE_VERSION, recipeParams, RecipeSchema, TIME_FORMATS, usesBookingParams,
  type DateFormat, type LocatorSpec, type Postcondition, type Recipe, type RecipeStep, type TimeFormat,
} from './schema';
import { createRedactor } from '../core/redact';
import type { AgentStep, BookingWant } from '../types';

/** One action as it was observed, before parameters are found: the common input of model runs and teach mode. */
export interface ObservedStep {
  action: RecipeStep['action'];
  /** Accessible role and full accessible name of the element acted on. */
  role?: string;
  name?: string;
  /** `locator.normalize()` output. */
  code?: string;
  /** Further ways to find the element, literal (teach mode: label, id, name attribute…). */
  extra?: LocatorSpec[];
  value?: string;
  key?: RecipeStep['key'];
  checked?: boolean;
  /** navigate: where to. */
  url?: string;
  urlBefore?: string;
  urlAfter?: string;
  /** Teach mode: where the element sits in a grid (header texts as the page showed them). */
  grid?: ObservedGrid;
  /** Teach mode: how many visible elements looked the same, whether all were the same control, and the containers it was alone in. */
  distinct?: { count: number; equivalent: boolean; scopes?: { texts: string[] }[] };
  /** The state-changing requests this step sent. */
  sends?: Pick<SentRequest, 'method' | 'url' | 'auth' | 'housekeeping' | 'status'>[];
  /** The page the step began on (title and main heading as shown). */
  page?: { title?: string; heading?: string };
  /** The user said this step made the booking. */
  userCommit?: boolean;
}

export interface ObservedGrid {
  row: string;
  column: string;
  within?: string;
  inner?: { role: string; name?: string };
  /** Several grids alike and nothing told this one apart. */
  ambiguous?: boolean;
}

export interface LearnContext {
  want: BookingWant;
  /** The session's start URL (replay begins there when not parked). */
  startUrl: string;
  source: Recipe['source'];
  /** The page the run ended on (the confirmation). */
  finalUrl?: string;
  /** Secret values by name: any that shows up literally becomes {{name}}; the recipe must never hold one. */
  secrets?: Map<string, string>;
  dateOrder?: 'dmy' | 'mdy';
  now?: Date;
  /** When healing: the recipe being repaired (keeps createdAt and counts heals). */
  previous?: Recipe;
}

export class LearnError extends Error {}

// ---- parameter detection ----------------------------------------------------------------------

interface Candidate { text: string; token: string }

const DATE_PRIORITY: DateFormat[] = [
  'iso', 'weekdayDmy', 'weekdayMdy', 'usLongOrdinal', 'long', 'longComma', 'longOrdinal', 'usLong', 'shortYear', 'usShortYear', 'dMonthYear', 'monthDYear', 'dMonYear', 'monDYear',
  'dayMonth', 'dayMonthComma', 'dayMonthOrdinal', 'usDayMonth', 'short', 'shortComma', 'usShort',
  'dmy', 'mdy', 'dmyShort', 'mdyShort', 'dmyDot', 'dmyDotShort', 'dmyDash', 'mdyDash', 'dmy2', 'mdy2', 'compact',
  'dMonth', 'doMonth', 'monthD', 'dMon', 'monD',
];

/** Renderings of the want's date and time, longest first; where two formats print the same text, the venue's date order decides. */
export function candidates(want: BookingWant, opts: { dateOrder?: 'dmy' | 'mdy'; secrets?: Map<string, string> } = {}): Candidate[] {
  const seen = new Map<string, string>();
  const order = opts.dateOrder === 'mdy'
    ? DATE_PRIORITY.map((f) => (/^(dmy|weekdayDmy)/.test(f) ? (f.replace(/dmy|Dmy/, (m) => (m === 'dmy' ? 'mdy' : 'Mdy')) as DateFormat) : /^(mdy|weekdayMdy)/.test(f) ? (f.replace(/mdy|Mdy/, (m) => (m === 'mdy' ? 'dmy' : 'Dmy')) as DateFormat) : f))
    : DATE_PRIORITY;
  for (const f of order) {
    if (!(f in DATE_FORMATS)) continue;
    const text = formatDate(want.date, f);
    if (!seen.has(text)) seen.set(text, f === 'iso' ? '{{date:iso}}' : `{{date:${f}}}`);
  }
  if (want.time) {
    for (const f of Object.keys(TIME_FORMATS) as TimeFormat[]) {
      const text = formatTime(want.time, f);
      if (!seen.has(text)) seen.set(text, `{{time:${f}}}`);
    }
  }
  const out: Candidate[] = [...seen].map(([text, token]) => ({ text, token }));
  for (const [name, value] of opts.secrets ?? []) if (value) out.push({ text: value, token: `{{${name}}}` });
  return out.sort((a, b) => b.text.length - a.text.length);
}

const WORDISH = /[\p{L}\p{N}]/u;
const LANE_WORD = /\b(lanes?|court|table|track|bay|pitch|rink|room|mat|slot|bahn|ligne|baan|couloir|piste|pista|carril|corsia|no\.?|number|#)(\s*)(\d+)\b/gi;

/**
 * Turns every rendering of the want's date/time (and lane numbers after a lane word) in `text` into
 * template tokens, and any secret value into {{name}}. Renderings must stand alone: "1 Dec" is not
 * found inside "11 Dec" or "1 December".
 */
export function parameterize(text: string, want: BookingWant, opts: { dateOrder?: 'dmy' | 'mdy'; secrets?: Map<string, string>; role?: string } = {}): string {
  if (!text) return text;
  const cands = candidates(want, opts);
  const secretTokens = new Set([...(opts.secrets ?? [])].map(([n]) => `{{${n}}}`));
  const parts: { lit?: string; tok?: string }[] = [];
  let lit = '';
  let i = 0;
  outer: while (i < text.length) {
    // An existing token (e.g. a model's {{password}}) is kept whole.
    const existing = /^\{\{\s*[\w.-]+(?::\w+)?\s*\}\}/.exec(text.slice(i));
    if (existing) {
      if (lit) { parts.push({ lit }); lit = ''; }
      parts.push({ tok: existing[0] });
      i += existing[0].length;
      continue;
    }
    for (const c of cands) {
      if (!text.startsWith(c.text, i)) continue;
      const isSecret = secretTokens.has(c.token);
      const before = text[i - 1];
      const after = text[i + c.text.length];
      if (!isSecret && ((before && WORDISH.test(before)) || (after && WORDISH.test(after)))) continue;
      if (lit) { parts.push({ lit }); lit = ''; }
      parts.push({ tok: c.token });
      i += c.text.length;
      continue outer;
    }
    lit += text[i++];
  }
  if (lit) parts.push({ lit });
  const lane = want.lane;
  // A calendar cell that says only "1": the day of the month, unless the lane is "1" too (then nobody can tell).
  const calendarCell = !!opts.role && ['gridcell', 'cell', 'option', 'button'].includes(opts.role);
  const day = String(Number(want.date.slice(8, 10)));
  return parts
    .map((p) => {
      if (p.tok) return p.tok;
      let s = p.lit!;
      if (parts.length === 1 && calendarCell && s.trim() === day && lane !== day) return s.replace(day, '{{date:dayOfMonth}}');
      if (lane) {
        if (parts.length === 1 && s.trim() === lane) return calendarCell && lane === day ? s : s.replace(lane, '{{lane}}');
        s = s.replace(LANE_WORD, (m, word: string, sp: string, n: string) => (n === lane ? `${word}${sp}{{lane}}` : m));
      }
      return s;
    })
    .join('');
}

// ---- URLs -------------------------------------------------------------------------------------

function parseUrl(u: string | undefined, base?: string): URL | undefined {
  if (!u) return undefined;
  try { return new URL(u, base); } catch { return undefined; }
}

/** Relative URL (path + query) with parameters in path segments and query values. */
export function urlTemplate(url: string, want: BookingWant, opts: { dateOrder?: 'dmy' | 'mdy'; base?: string } = {}): string {
  const u = parseUrl(url, opts.base);
  if (!u) return url;
  const path = u.pathname.split('/').map((seg) => {
    const dec = safeDecode(seg);
    const t = parameterize(dec, want, opts);
    return t === dec ? seg : t;
  }).join('/');
  const q: string[] = [];
  for (const [k, v] of u.searchParams) {
    const t = parameterize(v, want, opts);
    q.push(`${encodeURIComponent(k)}=${t === v ? encodeURIComponent(v) : t}`);
  }
  return path + (q.length ? `?${q.join('&')}` : '');
}

const ID_LIKE = /\d/;
const DERIVED_LITERAL = /\d{1,2}:\d{2}|\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}/;

/** A URL postcondition: the path with id-like segments as `*`, and only the query keys that carry parameters. */
export function urlPost(url: string, want: BookingWant, opts: { dateOrder?: 'dmy' | 'mdy' } = {}): Postcondition | undefined {
  const u = parseUrl(url);
  if (!u || !/^https?:$/.test(u.protocol)) return undefined;
  const path = u.pathname.split('/').map((seg) => {
    const dec = safeDecode(seg);
    const t = parameterize(dec, want, opts);
    if (t !== dec) return t;
    return ID_LIKE.test(dec) ? '*' : seg;
  }).join('/');
  const query: Record<string, string> = {};
  for (const [k, v] of u.searchParams) {
    const t = parameterize(v, want, opts);
    // A value that still holds a clock time or a date besides its parameters (an end time one hour after the
    // wanted start) would not follow another booking: such a key is not checked.
    if (t !== v && !DERIVED_LITERAL.test(t.replace(/\{\{[^}]*\}\}/g, ' '))) query[k] = t;
  }
  return { kind: 'url', path, query };
}

function safeDecode(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}

function sameUrl(a: string | undefined, b: string | undefined): boolean {
  const x = parseUrl(a);
  const y = parseUrl(b);
  if (!x || !y) return a === b;
  x.hash = '';
  y.hash = '';
  return x.toString() === y.toString();
}

// ---- steps --------------------------------------------------------------------------------------

/** `button "Book Lane 3 at 07:00"` → role and name. */
export function parseTarget(target: string | undefined): { role?: string; name?: string } {
  if (!target) return {};
  const m = /^([a-z]+)(?: "([\s\S]*)")?$/.exec(target.trim());
  if (!m) return {};
  return { role: m[1], ...(m[2] !== undefined ? { name: m[2] } : {}) };
}

const LOGIN_PATH = /\/(log-?in|sign-?in|auth|account\/login|anmelden|einloggen|connexion|inloggen|aanmelden)\b/i;

const COOKIE_NAME = /cookie|consent|^(accept|reject|allow|decline)( all)?$|non-essential|essential only|only essential|necessary only/i;
const LOGIN_FIELD = /user|e-?mail|login|member|card|account|password|passcode|\bpin\b|benutzer|passwort|kennwort|identifiant|mot de passe|courriel|gebruiker|wachtwoord|usuario|contrase/i;
const LOGIN_BUTTON = /^(log ?in|sign ?in|continue|submit|enter|anmelden|einloggen|se connecter|connexion|inloggen|aanmelden)$/i;
const VALUE_ROLES = new Set(['textbox', 'searchbox', 'combobox', 'spinbutton', 'checkbox', 'radio', 'switch', 'slider', 'listbox']);
const SKIP_ROLES = new Set(['generic', 'none', 'presentation', 'text', 'paragraph', 'main', 'banner', 'contentinfo']);

/**
 * The model's steps as observed actions: only executed, page-changing ones (no scroll/wait/done/fail, no refused
 * actions). With the run's state-changing requests, each step gets those that left while it ran (until the next step began).
 */
export function observedFromAgentSteps(steps: AgentStep[], startUrl: string, sent: SentRequest[] = []): ObservedStep[] {
  const out: ObservedStep[] = [];
  let url = startUrl;
  steps.forEach((s, k) => {
    const before = url;
    if (s.url) url = s.url;
    if (!s.ok) return;
    const a = s.action;
    const t = parseTarget(s.target);
    const from = Date.parse(s.startedAt);
    const next = steps[k + 1] ? Date.parse(steps[k + 1]!.startedAt) : Infinity;
    const mine = sent.filter((r) => r.at >= from && r.at < next).map((r) => ({ method: r.method, url: r.url, auth: r.auth, housekeeping: r.housekeeping, ...(r.status !== undefined ? { status: r.status } : {}) }));
    const base = { ...t, ...(s.locator ? { code: s.locator } : {}), urlBefore: before, urlAfter: s.url ?? before, ...(mine.length ? { sends: mine } : {}) };
    switch (a.action) {
      case 'click': out.push({ action: 'click', ...base }); break;
      case 'fill': out.push({ action: 'fill', ...base, value: a.value }); break;
      case 'select': out.push({ action: 'select', ...base, value: a.value }); break;
      case 'check': out.push({ action: 'check', ...base, checked: a.checked ?? true }); break;
      case 'press': out.push({ action: 'press', ...(a.ref ? base : { urlBefore: before, urlAfter: s.url ?? before, ...(mine.length ? { sends: mine } : {}) }), key: a.key }); break;
      case 'navigate': out.push({ action: 'navigate', url: new URL(a.url, before).toString(), urlBefore: before, urlAfter: s.url ?? before }); break;
      default: break;
    }
  });
  return out;
}

interface Opts { dateOrder?: 'dmy' | 'mdy'; secrets?: Map<string, string> }

/** The grid cell an element sits in, parameterised; undefined when several grids look alike and none could be told apart. */
function cellSpecFor(o: ObservedStep, want: BookingWant, opts: Opts): LocatorSpec | undefined {
  const g = o.grid;
  if (!g || g.ambiguous) return undefined;
  const p = (t: string) => parameterize(t, want, opts);
  return {
    by: 'cell', row: p(g.row), column: p(g.column),
    ...(g.within !== undefined ? { within: p(g.within) } : {}),
    ...(g.inner ? { inner: { role: g.inner.role, ...(g.inner.name !== undefined ? { name: p(g.inner.name) } : {}) } } : {}),
  };
}

/**
 * Texts that tell a container apart, from the smallest container the element was alone in: those that carry the
 * booking's date, time or lane, each cut after its last parameter (so "7:00 AM – 8:00 AM" keeps only the start,
 * which follows the wanted time). Without such texts, the first two the container showed.
 */
function scopedSpecFor(o: ObservedStep, role: string | undefined, name: string | undefined, want: BookingWant, opts: Opts): LocatorSpec | undefined {
  if (!role) return undefined;
  const scopes = (o.distinct?.scopes ?? []).map((scope) => scope.texts.map((t) => parameterize(t, want, opts)));
  const spec = (texts: string[]): LocatorSpec => ({ by: 'scoped', texts: [...new Set(texts)].slice(0, 4), role, ...(name !== undefined ? { name } : {}) });
  for (const templ of scopes) {
    const withParams = templ.filter(usesBookingParams).map((t) => t.slice(0, t.lastIndexOf('}}') + 2).trim()).filter(Boolean);
    if (withParams.length) return spec(withParams);
  }
  return scopes[0]?.length ? spec(scopes[0].slice(0, 2)) : undefined;
}

function locatorsFor(o: ObservedStep, want: BookingWant, opts: Opts): LocatorSpec[] {
  const specs: LocatorSpec[] = [];
  const p = (s: string, role?: string) => parameterize(s, want, { ...opts, ...(role ? { role } : {}) });
  const role = o.role && !SKIP_ROLES.has(o.role) ? o.role : undefined;
  const name = o.name?.trim() ? o.name : undefined;
  const templName = name !== undefined ? p(name, role) : undefined;
  // Look-alikes that are different controls (63 "Create a new booking" links, 96 "Book" buttons): a locator that
  // names only the control could, on a night when all but one are taken, pick the wrong slot. Only locators that
  // tell it apart are kept: its grid cell, its container, or a name that carries the booking's parameters.
  const alike = !!o.distinct && o.distinct.count > 1 && !o.distinct.equivalent;
  const cell = cellSpecFor(o, want, opts);
  const scoped = alike ? scopedSpecFor(o, role, templName, want, opts) : undefined;
  const keep = (t: string | undefined) => !alike || usesBookingParams(t);
  if (role && templName !== undefined && keep(templName)) specs.push({ by: 'role', role, name: templName, exact: true });
  // Role-less elements (a cell with a delegated handler, a calendar event) and look-alikes are found by where they sit.
  if (cell && (!specs.length || alike)) specs.push(cell);
  if (scoped) specs.push(scoped);
  if (o.code) {
    const code = keepCode(o.code, name, want, opts);
    if (code) specs.push({ by: 'code', code });
  }
  for (const e of o.extra ?? []) {
    switch (e.by) {
      case 'role': if (e.name !== undefined) { const n = p(e.name, e.role); if (keep(n)) specs.push({ ...e, name: n }); } else if (!alike) specs.push(e); break;
      case 'label': case 'text': case 'placeholder': { const t = p(e.text); if (keep(t)) specs.push({ ...e, text: t }); break; }
      case 'code': { const c = keepCode(e.code, name, want, opts); if (c) specs.push({ by: 'code', code: c }); break; }
      // An id is unique by definition; a name/value selector is kept only when it carries a parameter or the element had no look-alikes.
      case 'css': { const sel = parameterize(e.selector, want, opts); if (sel.startsWith('#') || keep(sel)) specs.push({ by: 'css', selector: sel }); break; }
      default: specs.push(e);
    }
  }
  if (role && templName && keep(templName)) {
    if (VALUE_ROLES.has(role)) specs.push({ by: 'label', text: templName, exact: true });
    else if (['button', 'link', 'menuitem', 'tab', 'option', 'gridcell', 'cell'].includes(role)) specs.push({ by: 'text', text: templName, exact: true });
  }
  if (cell && !specs.includes(cell)) specs.push(cell);
  const seen = new Set<string>();
  return specs.filter((s) => { const k = JSON.stringify(s); if (seen.has(k)) return false; seen.add(k); return true; }).slice(0, 8);
}

/**
 * `normalize()` shortens names to a unique prefix ("Book Lane 3 at 07:"): a prefix that cuts
 * through a parameter would pick the old slot on another night, so such code is dropped (the
 * role + full-name locator covers it). Code that cannot be parsed is dropped too.
 */
function keepCode(code: string, fullName: string | undefined, want: BookingWant, opts: Opts): string | undefined {
  let literals: string[];
  try { literals = codeLiterals(code); } catch (e) { if (e instanceof LocatorCodeError) return undefined; throw e; }
  const fullHasParams = fullName !== undefined && usesBookingParams(parameterize(fullName, want, opts));
  if (fullHasParams && literals.some((l) => l !== fullName && fullName!.startsWith(l))) return undefined;
  const templ = parameterize(code, want, opts);
  // A literal that still holds part of a wanted value (e.g. "07:" of 07:00) would not follow the parameter.
  const rest = templ.replace(/\{\{[^}]*\}\}/g, '');
  const fragments = [want.time, want.date].filter((x): x is string => !!x).map((v) => v.slice(0, 3));
  if (fullHasParams && fragments.some((f) => rest.includes(f))) return undefined;
  return templ;
}

function isSecretValue(v: string | undefined, secrets: Map<string, string> | undefined): boolean {
  if (!v) return false;
  if (/\{\{\s*[\w.-]+\s*\}\}/.test(v) && !/\{\{\s*(date|time|lane)\b/.test(v)) return true;
  return [...(secrets ?? [])].some(([, s]) => s && v.includes(s));
}

/**
 * Login steps: the click that opened the login form ("Log in" behind which the form renders), the fields filled
 * with secrets or login-looking names, and the submit right after on the same page.
 */
function markLogin(obs: ObservedStep[], secrets: Map<string, string> | undefined): boolean[] {
  const login = obs.map(() => false);
  for (let i = 0; i < obs.length; i++) {
    const o = obs[i]!;
    const secretFill = o.action === 'fill' && isSecretValue(o.value, secrets);
    const loginPage = LOGIN_PATH.test(parseUrl(o.urlBefore)?.pathname ?? '');
    // The password typed (its placeholder, in any language's field) is a login, whatever the field is called.
    const passwordFill = o.action === 'fill' && /^\{\{\s*[\w.-]*pass[\w.-]*\s*\}\}$/i.test(o.value ?? '');
    // A secret typed into a login-looking field, or any login field on a login page; a secret asked for
    // while booking (a note, a booking PIN on the booking page) stays a booking step.
    if (passwordFill || (secretFill && (LOGIN_FIELD.test(o.name ?? '') || loginPage)) || (o.action === 'fill' && loginPage && LOGIN_FIELD.test(o.name ?? ''))) {
      if (login[i]) continue;
      login[i] = true;
      // Backwards: the form's other secret fields filled just before (a username labelled "Name"), then the click
      // that opened the form.
      let k = i - 1;
      while (k >= 0 && (obs[k]!.action === 'fill' || obs[k]!.action === 'check') && sameUrl(obs[k]!.urlBefore, o.urlBefore) && (isSecretValue(obs[k]!.value, secrets) || LOGIN_FIELD.test(obs[k]!.name ?? ''))) login[k--] = true;
      if (k >= 0 && obs[k]!.action === 'click' && (LOGIN_CONTROL.test(obs[k]!.name ?? '') || LOGIN_BUTTON.test(obs[k]!.name ?? ''))) login[k] = true;
      for (let j = i + 1; j < obs.length; j++) {
        const n = obs[j]!;
        if (!sameUrl(n.urlBefore, o.urlBefore)) break;
        if (n.action === 'fill' || n.action === 'check') { if (LOGIN_FIELD.test(n.name ?? '') || isSecretValue(n.value, secrets)) login[j] = true; continue; }
        if ((n.action === 'click' && (LOGIN_BUTTON.test(n.name ?? '') || n.role === 'button')) || (n.action === 'press' && n.key === 'Enter')) login[j] = true;
        break;
      }
    }
  }
  return login;
}

function postFor(o: ObservedStep, next: RecipeStep | undefined, own: LocatorSpec | undefined, want: BookingWant, opts: Opts, secret: boolean): Postcondition[] {
  const post: Postcondition[] = [];
  if (o.urlAfter && !sameUrl(o.urlAfter, o.urlBefore)) {
    const u = urlPost(o.urlAfter, want, opts);
    if (u) post.push(u);
  } else if (o.action === 'check') {
    post.push({ kind: 'checked', checked: o.checked ?? true });
  } else if (o.action === 'fill' && !secret && o.value !== undefined) {
    post.push({ kind: 'value', value: parameterize(o.value, want, opts) });
  } else if (next?.locators[0]) {
    post.push({ kind: 'visible', locator: next.locators[0] });
  } else if (own) {
    post.push({ kind: 'hidden', locator: own });
  }
  return post;
}

function dropNoise(obs: ObservedStep[]): ObservedStep[] {
  return obs.filter((o) => {
    // Cookie banners come and go with the consent cookie; replay answers them itself.
    if (o.action === 'click' && COOKIE_NAME.test(o.name ?? '') && (o.role === 'button' || o.role === 'link')) return false;
    // Going to the login page is the harness's job (it logs in by itself, and only when asked).
    if (o.action === 'navigate' && LOGIN_PATH.test(parseUrl(o.url)?.pathname ?? '')) return false;
    return true;
  });
}

/** Observed steps → a validated recipe. Throws LearnError when nothing replayable was seen or a secret would be stored. */
/** A request that may have made the booking: not a login, not consent or logout. */
function bookingSend(r: NonNullable<ObservedStep['sends']>[number]): boolean {
  return !r.auth && !r.housekeeping;
}

/**
 * The step that sent the booking: the one the user named, else the one whose state-changing request was the
 * last of the run (a wizard's earlier POSTs are steps on the way), else — nothing was recorded — the last step.
 */
function findCommit(pairs: { o: ObservedStep; step: RecipeStep }[]): { at: number; from: NonNullable<Recipe['commitFrom']> } {
  const book = (k: number) => pairs[k]!.step.phase === 'book';
  const user = pairs.findIndex((p, k) => book(k) && p.o.userCommit);
  if (user >= 0) return { at: user, from: 'user' };
  for (let k = pairs.length - 1; k >= 0; k--) if (book(k) && (pairs[k]!.o.sends ?? []).some(bookingSend)) return { at: k, from: 'network' };
  for (let k = pairs.length - 1; k >= 0; k--) if (book(k)) return { at: k, from: 'last-step' };
  return { at: -1, from: 'last-step' };
}

function sendsOf(o: ObservedStep): RecipeStep['sends'] {
  if (!o.sends?.length) return undefined;
  const seen = new Set<string>();
  const out: NonNullable<RecipeStep['sends']> = [];
  for (const r of o.sends) {
    const sig = signatureOf(r.method, r.url);
    const k = `${sig.method} ${sig.path}`;
    if (!seen.has(k)) { seen.add(k); out.push(sig); }
  }
  return out.slice(0, 10);
}

function pageOf(o: ObservedStep, want: BookingWant, opts: Opts): RecipeStep['page'] {
  if (!o.page || (!o.page.title && !o.page.heading)) return undefined;
  return {
    ...(o.page.title ? { title: parameterize(o.page.title.slice(0, 200), want, opts) } : {}),
    ...(o.page.heading ? { heading: parameterize(o.page.heading.slice(0, 200), want, opts) } : {}),
  };
}

/** Observed steps → a validated recipe. Throws LearnError when nothing replayable was seen or a secret would be stored. */
export function learnRecipe(observed: ObservedStep[], ctx: LearnContext): Recipe {
  const opts: Opts = { ...(ctx.dateOrder ? { dateOrder: ctx.dateOrder } : {}), ...(ctx.secrets ? { secrets: ctx.secrets } : {}) };
  const obs = dropNoise(observed);
  const login = markLogin(obs, ctx.secrets);
  const start = parseUrl(ctx.startUrl);
  if (!start) throw new LearnError(`the start URL ${ctx.startUrl} is not a URL`);
  const pairs: { o: ObservedStep; step: RecipeStep }[] = [];
  // Built back to front: a step's postcondition may point at the next step's element.
  for (let i = obs.length - 1; i >= 0; i--) {
    const o = obs[i]!;
    const secret = o.action === 'fill' && isSecretValue(o.value, ctx.secrets);
    const locators = o.action === 'navigate' ? [] : locatorsFor(o, ctx.want, opts);
    if (o.action !== 'navigate' && o.action !== 'press' && locators.length === 0) continue;
    const describe = o.role ? `${o.role}${o.name !== undefined ? ` "${parameterize(o.name, ctx.want, { ...opts, role: o.role })}"` : ''}` : undefined;
    const sends = sendsOf(o);
    const page = pageOf(o, ctx.want, opts);
    const step: RecipeStep = {
      action: o.action,
      ...(describe ? { describe } : {}),
      locators,
      ...(o.value !== undefined ? { value: parameterize(o.value, ctx.want, opts) } : {}),
      ...(o.key ? { key: o.key } : {}),
      ...(o.action === 'check' ? { checked: o.checked ?? true } : {}),
      ...(o.action === 'navigate' && o.url ? { url: urlTemplate(o.url, ctx.want, { ...opts, base: ctx.startUrl }) } : {}),
      phase: login[i] ? 'login' : 'book',
      commit: false,
      post: postFor(o, pairs[0]?.step, locators[0], ctx.want, opts, secret),
      ...(sends ? { sends } : {}),
      ...(page ? { page } : {}),
    };
    pairs.unshift({ o, step });
  }
  const commit = findCommit(pairs);
  if (commit.at < 0) throw new LearnError('the run has no booking steps Lanebot could replay');
  pairs[commit.at]!.step.commit = true;
  // What came after the booking was sent (closing its success dialog, a look at the dashboard) is not part of
  // booking: replay ends at the commit, whose postcondition already looks at what followed it.
  const kept = pairs.slice(0, commit.at + 1);
  const steps = kept.map((p) => p.step);
  const done: Postcondition[] = [];
  const finalUrl = kept.length < pairs.length ? kept.at(-1)!.o.urlAfter : ctx.finalUrl ?? obs[obs.length - 1]?.urlAfter;
  if (finalUrl) {
    const u = urlPost(finalUrl, ctx.want, opts);
    if (u) done.push(u);
  }
  const now = (ctx.now ?? new Date()).toISOString();
  const recipe: Recipe = {
    version: RECIPE_VERSION,
    origin: start.origin,
    startUrl: urlTemplate(ctx.startUrl, ctx.want, opts),
    source: ctx.source,
    createdAt: ctx.previous?.createdAt ?? now,
    updatedAt: now,
    learnedFor: { date: ctx.want.date, ...(ctx.want.time ? { time: ctx.want.time } : {}), ...(ctx.want.lane ? { lane: ctx.want.lane } : {}) },
    params: recipeParams(steps, done),
    steps,
    done,
    heals: (ctx.previous?.heals ?? 0) + (ctx.source === 'healed' ? 1 : 0),
    commitFrom: commit.from,
  };
  assertNoSecrets(recipe, ctx.secrets);
  const checked = RecipeSchema.safeParse(recipe);
  if (!checked.success) throw new LearnError(`the learned recipe is invalid: ${checked.error.issues[0]?.message}`);
  return checked.data;
}

/** A recipe is stored in clear text: a secret value in any encoding must never be in it. */
export function assertNoSecrets(recipe: unknown, secrets: Map<string, string> | undefined): void {
  const values = [...(secrets?.values() ?? [])].filter((v) => v.length > 0);
  if (!values.length) return;
  const json = JSON.stringify(recipe);
  if (createRedactor(values)(json) !== json) throw new LearnError('a secret value would have been stored in the recipe; it was not saved');
}

/** The recipe a healed run leaves: the steps that still worked, then what the model did from there. */
export function healRecipe(previous: Recipe, keptSteps: number, observedAfter: ObservedStep[], ctx: Omit<LearnContext, 'previous' | 'source'>): Recipe {
  const tail = learnRecipe(observedAfter, { ...ctx, source: 'healed', previous });
  const head = previous.steps.slice(0, keptSteps).map((s) => ({ ...s, commit: false }));
  const steps = [...head, ...tail.steps];
  const merged: Recipe = { ...tail, startUrl: previous.startUrl, steps, params: recipeParams(steps, tail.done) };
  assertNoSecrets(merged, ctx.secrets);
  return RecipeSchema.parse(merged);
}
