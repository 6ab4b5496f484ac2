// Teach mode: the user books once by hand in a visible recording browser and Lanebot writes the recipe from
// their clicks and typing. Passwords never leave the page (the recorder only notes that one was typed). Which
// step made the booking is told by the network (the last state-changing request that is not a login), or by the
// user in the overlay Lanebot shows; the result is checked by a dry run that can never book (dry-run.ts).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { addDays, format, parseISO } from 'date-fns';
import { z } from 'zod';
import { BROWSER_ARGS, findBrowser, hardenContext, prepareProfileDir } from '../browser/launch';
import { allowedOriginSet, confineContext } from '../browser/confine';
import { AgentError } from '../core/failure';
import { isPasswordSecret } from '../core/secret-names';
import { pickLoginSecrets } from '../browser/login';
import { recordRequests, type RequestLog, type SentRequest } from '../browser/state-changes';
import { parseRecipe, type LocatorSpec, type Recipe } from './schema';
import { learnRecipe, type ObservedStep } from './learn';
import { isPlainCss } from './locator';
import { createRedactor } from '../core/redact';
import type { BookingWant, SecretsInput, VenueTarget } from '../types';
import { BookingWantSchema, VenueTargetSchema } from '../core/schemas';
import { BINDING, EFFECT_WINDOW_MS, RECORDER_SCRIPT } from './recorder-script';
import { dryRun, withCheck, type TeachCheck } from './dry-run';

export { dryRun, type TeachCheck } from './dry-run';

export interface TeachOptions {
  venue: VenueTarget;
  secrets: SecretsInput;
  /** What the user is about to book: its date, time and lane become the recipe's parameters. */
  want: BookingWant;
  browser?: { executablePath?: string; headless?: boolean };
  /**
   * Open a DevTools endpoint on 127.0.0.1 for the length of the recording, so a test (or a helper UI) can
   * drive the recording browser. Off by default: a debugging port is an attack surface.
   */
  exposeCdp?: boolean;
  /** Record in this already-running browser (a new context in it) instead of launching one. */
  connectedBrowser?: Browser;
  /**
   * 'confirmation' (default): after a request that could be the booking, once the page is quiet, the recording
   * window asks "Was that the booking?" and a Yes ends the recording. 'close': only stop(), the window closing
   * or the time limit end it. Either way, when no request told which step booked, stop() asks about the last step.
   */
  until?: 'confirmation' | 'close';
  /** How long stop() waits for an answer about the last step (default 60 s; 0: never ask). */
  askTimeoutMs?: number;
  /** The whole recording (default 20 min). */
  timeoutMs?: number;
  /** Dry-run check after recording (default on): for this booking, else the day after the taught one. */
  check?: boolean | BookingWant;
  signal?: AbortSignal;
  log?(line: string): void;
}

export interface TeachResult {
  /** status 'draft' when the dry run failed: kept for the user to fix, never used to book. */
  recipe: Recipe;
  /** Raw events recorded (clicks, typing, choices). */
  events: number;
  check?: TeachCheck;
}

export interface TeachSession {
  /** ws:// DevTools endpoint of the recording browser, when exposeCdp is on. */
  cdpEndpoint?: string;
  page: Page;
  /** Settles when the recording ends (the user's Yes, window closed, stop(), or timeout). */
  done: Promise<TeachResult>;
  /** Ends the recording now and builds the recipe. */
  stop(): Promise<TeachResult>;
  /** Ends the recording without a recipe. */
  cancel(): Promise<void>;
}



const text = (n: number) => z.string().max(n).optional();
const TeachEventSchema = z.object({
  seq: z.number().int().nonnegative(),
  /** The page's own clock when it happened (the machine's, in the page). */
  t: z.number().optional(),
  url: z.string().max(4000),
  kind: z.enum(['click', 'fill', 'check', 'select', 'press', 'load', 'effect', 'answer']),
  referrer: z.string().max(4000).optional(),
  el: z.object({
    tag: z.string().max(40), type: text(40), role: text(40), name: text(400), label: text(400), text: text(400),
    id: text(200), nameAttr: text(200), valueAttr: text(200), placeholder: text(200), testId: text(200), ariaLabel: text(400),
    path: text(300),
  }).optional(),
  value: text(600),
  secret: z.boolean().optional(),
  checked: z.boolean().optional(),
  key: z.literal('Enter').optional(),
  page: z.object({ title: text(400), heading: text(400) }).optional(),
  grid: z.object({
    kind: z.enum(['table', 'point']), row: z.string().max(300), column: z.string().max(300), within: text(400),
    inner: z.object({ role: z.string().max(40), name: text(400) }).optional(), ambiguous: z.boolean().optional(),
  }).optional(),
  distinct: z.object({
    count: z.number().int().nonnegative(), equivalent: z.boolean(),
    scopes: z.array(z.object({ texts: z.array(z.string().max(400)).max(16) })).max(3).optional(),
  }).optional(),
  /** effect: the click (seq) it reports on, and whether the page changed. */
  of: z.number().int().nonnegative().optional(),
  changed: z.boolean().optional(),
  /** answer: the user's answer to the overlay's question. */
  answer: z.enum(['yes', 'no']).optional(),
  ask: z.number().int().nonnegative().optional(),
});
type TeachEvent = z.infer<typeof TeachEventSchema> & { at: number; doc: number };

function cssIdent(s: string): string {
  return /^[A-Za-z_][\w-]*$/.test(s) ? s : '';
}

function cssString(s: string): string {
  return `"${s.replace(/["\\]/g, '\\$&')}"`;
}

/** An observed step and when it happened (the page's clock), for attributing requests to it. */
export interface TimedStep { step: ObservedStep; at: number; event: TeachEvent }

const ACTIONS = new Set(['click', 'fill', 'check', 'select', 'press', 'load']);

/** Recorded events → observed steps with the element's durable ways to be found. Loads after `typedAfter` with no referrer are typed navigations. */
export function observedFromEvents(events: TeachEvent[], finalUrl: string, passwordName: string, typedAfter = 0): TimedStep[] {
  const sorted = [...events].filter((e) => ACTIONS.has(e.kind)).sort((a, b) => a.at - b.at || a.seq - b.seq);
  const acts = sorted.filter((e) => e.kind !== 'load' || (e.at > typedAfter && !e.referrer));
  const out: TimedStep[] = [];
  acts.forEach((ev, i) => {
    const urlAfter = acts[i + 1]?.url ?? finalUrl;
    const at = ev.t ?? ev.at;
    if (ev.kind === 'load') {
      out.push({ at, event: ev, step: { action: 'navigate', url: ev.url, urlBefore: acts[i - 1]?.url ?? ev.url, urlAfter: ev.url } });
      return;
    }
    const el = ev.el;
    if (!el) return;
    const extra: LocatorSpec[] = [];
    if (el.label && el.label !== el.name) extra.push({ by: 'label', text: el.label, exact: true });
    // A role-less element named by aria-label (a date picker's day) is found by that label.
    if (!el.role && el.ariaLabel) extra.push({ by: 'label', text: el.ariaLabel, exact: true });
    if (el.placeholder) extra.push({ by: 'placeholder', text: el.placeholder, exact: true });
    if (el.testId) extra.push({ by: 'testId', id: el.testId });
    if (el.id && cssIdent(el.id)) extra.push({ by: 'css', selector: `#${el.id}` });
    if (el.nameAttr) extra.push({ by: 'css', selector: `${cssIdent(el.tag) || '*'}[name=${cssString(el.nameAttr)}]${el.valueAttr ? `[value=${cssString(el.valueAttr)}]` : ''}` });
    if (!el.role && el.text) extra.push({ by: 'text', text: el.text, exact: true });
    // Nothing else names it (a date picker's read-only field): its place under the nearest ancestor with an id.
    if (el.path && isPlainCss(el.path)) extra.push({ by: 'css', selector: el.path });
    const base: ObservedStep = {
      action: 'click',
      ...(el.role ? { role: el.role } : {}),
      ...(el.name ? { name: el.name } : {}),
      extra,
      urlBefore: ev.url,
      urlAfter,
      ...(ev.page ? { page: ev.page } : {}),
      ...(ev.grid ? { grid: { row: ev.grid.row, column: ev.grid.column, ...(ev.grid.within ? { within: ev.grid.within } : {}), ...(ev.grid.inner ? { inner: { role: ev.grid.inner.role, ...(ev.grid.inner.name ? { name: ev.grid.inner.name } : {}) } } : {}), ...(ev.grid.ambiguous ? { ambiguous: true } : {}) } } : {}),
      ...(ev.distinct ? { distinct: ev.distinct } : {}),
    };
    const push = (step: ObservedStep) => out.push({ at, event: ev, step });
    switch (ev.kind) {
      case 'click': push(base); break;
      case 'check': push({ ...base, action: 'check', checked: ev.checked ?? true }); break;
      case 'select': push({ ...base, action: 'select', value: ev.value ?? '' }); break;
      case 'press': push({ ...base, action: 'press', key: 'Enter' }); break;
      case 'fill': push({ ...base, action: 'fill', value: ev.secret ? `{{${passwordName}}}` : (ev.value ?? '') }); break;
    }
  });
  return out;
}

/**
 * A click that changed nothing: the page reported no change, and no request or navigation followed it before the
 * next action began (the next click's own request is not this one's).
 */
function deadClick(ev: TeachEvent, effects: Map<string, boolean>, activity: number[], events: TeachEvent[]): boolean {
  if (ev.kind !== 'click') return false;
  const changed = effects.get(`${ev.doc}:${ev.seq}`);
  if (changed !== false) return false;
  const t = ev.t ?? ev.at;
  const next = events.map((e) => (ACTIONS.has(e.kind) && e.kind !== 'load' ? e.t ?? e.at : Infinity)).filter((x) => x > t).reduce((a, b) => Math.min(a, b), Infinity);
  const until = Math.min(t + EFFECT_WINDOW_MS + 200, next);
  return !activity.some((a) => a >= t && a < until);
}

/** Each state-changing request goes to the last step before it (a timer's request long after any step goes nowhere). */
function attributeRequests(steps: TimedStep[], sent: SentRequest[]): void {
  for (const r of sent) {
    let owner: TimedStep | undefined;
    for (const s of steps) if (s.at <= r.at) owner = s;
    if (!owner || r.at - owner.at > ATTRIBUTION_MS) continue;
    (owner.step.sends ??= []).push({ method: r.method, url: r.url, auth: r.auth, housekeeping: r.housekeeping, ...(r.status !== undefined ? { status: r.status } : {}) });
  }
}

/** A request that may be the booking: not a login, consent or logout, and answered without an error. */
function bookingCandidate(r: SentRequest): boolean {
  return !r.auth && !r.housekeeping && r.status !== undefined && r.status > 0 && r.status < 400;
}

function requestPath(url: string): string {
  try { return new URL(url).pathname; } catch { return url.slice(0, 80); }
}

async function devToolsEndpoint(userDataDir: string, timeoutMs = 10_000): Promise<string> {
  const file = path.join(userDataDir, 'DevToolsActivePort');
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      const [port, p] = (await readFile(file, 'utf8')).trim().split('\n');
      if (port && p) return `ws://127.0.0.1:${port.trim()}${p.trim()}`;
    } catch { /* not written yet */ }
    if (Date.now() > end) throw new AgentError('browser-crashed', 'The recording browser did not open its DevTools endpoint.');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function resolveSecretsMap(s: SecretsInput): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const name of s.names) {
    const v = await Promise.race([
      s.resolve(name),
      new Promise<undefined>((r) => setTimeout(() => r(undefined), 10_000).unref()),
    ]);
    if (v) out.set(name, v);
  }
  return out;
}

/** How long after the last step a request may still be that step's. */
const ATTRIBUTION_MS = 10_000;
/** How quiet the page must be after a possible booking request before the overlay asks about it. */
const ASK_QUIET_MS = 1_200;

interface RecordingState {
  events: TeachEvent[];
  effects: Map<string, boolean>;
  /** Each document gets a number: the recorder's seq restarts in every new page. */
  docs: WeakMap<object, number>;
  nextDoc: number;
  asked: Map<number, { about?: SentRequest; last?: boolean; answer?: 'yes' | 'no' }>;
  askSeq: number;
  /** The request the user said was the booking, or true: the last step was. */
  confirmed?: SentRequest | true;
}

/** Opens the recording browser on the venue's start page and records until the user says the booking is made (or stop()). */
export async function startTeach(o: TeachOptions): Promise<TeachSession> {
  const venueOk = VenueTargetSchema.safeParse(o.venue);
  if (!venueOk.success) throw new AgentError('bad-config', `Invalid venue: ${venueOk.error.issues[0]?.path.join('.')}: ${venueOk.error.issues[0]?.message}`);
  const wantOk = BookingWantSchema.safeParse(o.want);
  if (!wantOk.success) throw new AgentError('bad-config', `Invalid booking: ${wantOk.error.issues[0]?.path.join('.')}: ${wantOk.error.issues[0]?.message}`);
  const secrets = await resolveSecretsMap(o.secrets);
  const redact = createRedactor([...secrets.values()]);
  const log = (l: string) => { try { o.log?.(redact(l)); } catch { /* logging must not break teaching */ } };
  const allowed = allowedOriginSet(o.venue.startUrl, o.venue.allowedOrigins);
  const passwordName = pickLoginSecrets(secrets).password?.name ?? 'password';
  const passwords = [...secrets].filter(([n]) => isPasswordSecret(n)).map(([, v]) => v);
  const mode = o.until ?? 'confirmation';

  let context: BrowserContext;
  let userDataDir: string | undefined;
  let cdpEndpoint: string | undefined;
  if (o.connectedBrowser) {
    context = await o.connectedBrowser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
    await hardenContext(context);
  } else {
    const found = await findBrowser(o.browser?.executablePath);
    userDataDir = await mkdtemp(path.join(tmpdir(), 'lanebot-teach-'));
    try {
      await prepareProfileDir(userDataDir);
      context = await chromium.launchPersistentContext(userDataDir, {
        executablePath: found.path,
        headless: o.browser?.headless ?? false,
        args: [...BROWSER_ARGS, ...(o.exposeCdp ? ['--remote-debugging-port=0', '--remote-debugging-address=127.0.0.1'] : [])],
        timeout: 30_000,
        viewport: { width: 1280, height: 900 },
        serviceWorkers: 'block',
      });
      await hardenContext(context);
      if (o.exposeCdp) cdpEndpoint = await devToolsEndpoint(userDataDir);
    } catch (e) {
      await rm(userDataDir, { recursive: true, force: true }).catch(() => undefined);
      throw e instanceof AgentError ? e : new AgentError('browser-crashed', `The recording browser could not be started: ${(e as Error).message.split('\n')[0]}`);
    }
  }

  const st: RecordingState = { events: [], effects: new Map(), docs: new WeakMap(), nextDoc: 0, asked: new Map(), askSeq: 0 };
  let finished = false;
  let resolveDone!: (r: TeachResult) => void;
  let rejectDone!: (e: unknown) => void;
  const done = new Promise<TeachResult>((res, rej) => { resolveDone = res; rejectDone = rej; });
  done.catch(() => undefined);
  let page: Page;
  let initialLoadDone = 0;
  let requests: RequestLog | undefined;
  let askTimer: NodeJS.Timeout | undefined;
  const lastAction = () => Math.max(0, ...st.events.filter((e) => ACTIONS.has(e.kind) && e.kind !== 'load').map((e) => e.t ?? e.at));

  const closeBrowser = async () => {
    clearInterval(askTimer);
    requests?.dispose();
    await context.close().catch(() => undefined);
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true }).catch(() => undefined);
  };

  const ask = async (q: { text: string; about?: SentRequest; last?: boolean }): Promise<number | undefined> => {
    if (page.isClosed()) return undefined;
    const id = ++st.askSeq;
    st.asked.set(id, { ...(q.about ? { about: q.about } : {}), ...(q.last ? { last: true } : {}) });
    await page.evaluate(`window.__lanebotAsk && window.__lanebotAsk(${JSON.stringify({ id, text: q.text })})`).catch(() => undefined);
    return id;
  };
  const hideAsk = () => { if (!page.isClosed()) void page.evaluate('window.__lanebotHideAsk && window.__lanebotHideAsk()').catch(() => undefined); };

  /** In 'confirmation' mode: once a possible booking request is answered and the page is quiet, ask whether that was it. */
  const maybeAsk = () => {
    if (finished || mode !== 'confirmation' || !requests || page.isClosed()) return;
    const latest = [...requests.sent].reverse().find(bookingCandidate);
    if (!latest || [...st.asked.values()].some((a) => a.about === latest)) return;
    const quietSince = Math.max(latest.doneAt ?? latest.at, ...requests.activity.slice(-5));
    if (requests.inflight() > 0 || Date.now() - quietSince < ASK_QUIET_MS || lastAction() > latest.at) return;
    void ask({ about: latest, text: `Lanebot saw this page send ${latest.method} ${requestPath(latest.url)}. Was that the booking?` });
  };

  const build = async (why: string): Promise<TeachResult> => {
    // A click made just now may still be reporting whether it changed anything.
    const last = lastAction();
    if (Date.now() - last < EFFECT_WINDOW_MS + 200) await new Promise((r) => setTimeout(r, EFFECT_WINDOW_MS + 200 - (Date.now() - last)));
    const finalUrl = page && !page.isClosed() ? page.url() : st.events.at(-1)?.url ?? o.venue.startUrl;
    const activity = requests?.activity ?? [];
    const dead = (e: TeachEvent) => deadClick(e, st.effects, activity, st.events);
    const timed = observedFromEvents(st.events.filter((e) => !dead(e)), finalUrl, passwordName, initialLoadDone);
    const dropped = st.events.filter(dead);
    if (dropped.length) log(`left out ${dropped.length} click(s) that changed nothing: ${dropped.map((e) => `${e.el?.role ?? e.el?.tag ?? '?'}${e.el?.name ? ` "${e.el.name}"` : ''}`).join(', ')}`);
    if (requests) attributeRequests(timed, requests.sent);
    // Unsure which step booked (no request that could be the booking): ask about the last step while the window is open.
    const candidates = timed.some((t) => (t.step.sends ?? []).some((r) => !r.auth && !r.housekeeping));
    if (!st.confirmed && !candidates && timed.length && page && !page.isClosed() && o.askTimeoutMs !== 0) {
      const lastStep = timed[timed.length - 1]!;
      const id = await ask({ last: true, text: `Lanebot saw no request that could be the booking. Was your last step (${lastStep.step.action}${lastStep.step.name ? ` "${lastStep.step.name}"` : ''}) the booking?` });
      if (id !== undefined) {
        const end = Date.now() + (o.askTimeoutMs ?? 60_000);
        while (Date.now() < end && !st.asked.get(id)?.answer && !page.isClosed()) await new Promise((r) => setTimeout(r, 100));
        if (st.asked.get(id)?.answer === 'yes') st.confirmed = true;
      }
    }
    if (st.confirmed === true && timed.length) timed[timed.length - 1]!.step.userCommit = true;
    else if (st.confirmed) for (const t of timed) if (t.step.sends?.some((r) => r.url === (st.confirmed as SentRequest).url && r.method === (st.confirmed as SentRequest).method)) t.step.userCommit = true;
    log(`recording ended (${why}) after ${st.events.length} events`);
    const recipe = learnRecipe(timed.map((t) => t.step), {
      want: o.want, startUrl: o.venue.startUrl, source: 'teach', secrets, finalUrl,
      ...(o.venue.dateOrder ? { dateOrder: o.venue.dateOrder } : {}),
    });
    const c = recipe.steps.findIndex((x) => x.commit);
    log(`the booking step is step ${c + 1} (${recipe.commitFrom === 'network' ? 'it sent the last request that could be the booking' : recipe.commitFrom === 'user' ? 'you said so' : 'a guess: no request told'})`);
    return { recipe, events: st.events.length };
  };

  const finish = async (why: string): Promise<TeachResult> => {
    if (finished) return done;
    finished = true;
    clearTimeout(timer);
    clearInterval(askTimer);
    try {
      const result = await build(why);
      await closeBrowser();
      if (o.check !== false) {
        result.check = await checkTaught(result.recipe, typeof o.check === 'object' ? [o.check] : checkWants(o.want), { venue: o.venue, secrets, browser: o.browser ?? {}, log, ...(o.signal ? { signal: o.signal } : {}) });
        result.recipe = withCheck(result.recipe, result.check);
      }
      resolveDone(result);
      return result;
    } catch (e) {
      await closeBrowser();
      rejectDone(e);
      throw e;
    }
  };

  const timer = setTimeout(() => { void finish('time limit').catch(() => undefined); }, o.timeoutMs ?? 20 * 60_000);
  timer.unref();

  try {
    await confineContext(context, allowed, redact);
    requests = recordRequests(context, passwords, (r) => {
      try { return !!page && r.frame().page() === page; } catch { return false; /* a worker's request has no frame */ }
    });
    await context.exposeBinding(BINDING, ({ page: p, frame }, raw: unknown) => {
      const ev = TeachEventSchema.safeParse(raw);
      if (!ev.success) return;
      // Once the recording ends only answers count (stop() may still be asking about the last step).
      if (finished && ev.data.kind !== 'answer') return;
      if (p && frame !== p.mainFrame()) { log('an action inside a frame was not recorded (frames are not replayed)'); return; }
      let doc = st.docs.get(frame);
      if (doc === undefined || (ev.data.kind === 'load')) { doc = ++st.nextDoc; st.docs.set(frame, doc); }
      const e: TeachEvent = { ...ev.data, at: Date.now(), doc };
      if (e.kind === 'effect') { st.effects.set(`${doc}:${e.of}`, !!e.changed); return; }
      if (e.kind === 'answer') {
        const q = e.ask !== undefined ? st.asked.get(e.ask) : undefined;
        if (!q || !e.answer) return;
        q.answer = e.answer;
        if (e.answer === 'yes' && q.about) { st.confirmed = q.about; void finish('you said that was the booking').catch(() => undefined); }
        return;
      }
      st.events.push(e);
      // Carrying on answers "not yet".
      if (e.kind !== 'load' && [...st.asked.values()].some((a) => !a.answer && !a.last)) hideAsk();
    });
    await context.addInitScript(RECORDER_SCRIPT);
    page = context.pages()[0] ?? (await context.newPage());
    page.on('close', () => { void finish('the window was closed').catch(() => undefined); });
    context.on('close', () => { void finish('the browser was closed').catch(() => undefined); });
    o.signal?.addEventListener('abort', () => { if (!finished) { finished = true; clearTimeout(timer); void closeBrowser(); rejectDone(new AgentError('aborted', 'Teaching was cancelled.')); } }, { once: true });
    await page.goto(o.venue.startUrl, { timeout: 30_000, waitUntil: 'domcontentloaded' });
    // The start page and its redirects are ours, not the user's.
    initialLoadDone = Date.now();
    askTimer = setInterval(maybeAsk, 200);
    askTimer.unref();
    log(`recording: book ${o.want.date}${o.want.time ? ` ${o.want.time}` : ''}${o.want.lane ? ` lane ${o.want.lane}` : ''} by hand${cdpEndpoint ? `; DevTools endpoint ${cdpEndpoint}` : ''}`);
  } catch (e) {
    finished = true;
    clearTimeout(timer);
    await closeBrowser();
    throw e;
  }

  return {
    ...(cdpEndpoint ? { cdpEndpoint } : {}),
    page,
    done,
    stop: () => finish('stopped'),
    async cancel() {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      await closeBrowser();
      rejectDone(new AgentError('aborted', 'Teaching was cancelled.'));
    },
  };
}

/** Records one booking by hand and returns the checked recipe. */
export async function teach(o: TeachOptions & { onReady?(s: TeachSession): void | Promise<void> }): Promise<TeachResult> {
  const s = await startTeach(o);
  await o.onReady?.(s);
  return s.done;
}

function nextDay(iso: string): string {
  return format(addDays(parseISO(iso), 1), 'yyyy-MM-dd');
}

/**
 * Bookings to dry-run a taught recipe for: the day after (a date the recipe was not taught on), then — for sites
 * that show no bookable slot for a day whose booking window has not opened yet — the taught day in another lane.
 */
export function checkWants(want: BookingWant): BookingWant[] {
  const out: BookingWant[] = [{ ...want, date: nextDay(want.date) }];
  if (want.lane && /^\d+$/.test(want.lane)) out.push({ ...want, lane: String(Number(want.lane) === 1 ? 2 : Number(want.lane) + 1) });
  return out;
}

async function checkTaught(recipe: Recipe, wants: BookingWant[], o: Omit<Parameters<typeof dryRun>[1], 'want'>): Promise<TeachCheck> {
  const failed: string[] = [];
  for (const want of wants) {
    const c = await dryRun(recipe, { ...o, want });
    if (c.ok || c.failure?.code === 'aborted') return failed.length ? { ...c, message: `${c.message} (before that, for ${failed.join('; for ')})` } : c;
    failed.push(`${want.date}${want.lane ? ` lane ${want.lane}` : ''}: ${c.message}`);
    if (want === wants[wants.length - 1]) return { ...c, message: failed.length > 1 ? `For ${failed.join('; for ')}` : c.message };
  }
  return { ok: false, walked: 0, held: [], message: 'No dry run was made.' };
}

/**
 * A dry run of a stored recipe (after an edit or an import): the same checks as teach's, for the bookings
 * `checkWants` derives from `want`. Returns the recipe with its verdict (ready, or a draft) and the check.
 */
export async function checkRecipe(o: {
  recipe: unknown;
  venue: VenueTarget;
  secrets: SecretsInput;
  want: BookingWant;
  /** The bookings to walk toward, first that passes wins (default: the day after `want`, then another lane). */
  wants?: BookingWant[];
  browser?: { executablePath?: string };
  signal?: AbortSignal;
  log?(l: string): void;
}): Promise<{ recipe: Recipe; check: TeachCheck }> {
  const parsed = parseRecipe(o.recipe);
  if (!parsed.ok) throw new AgentError('bad-config', parsed.error);
  const venueOk = VenueTargetSchema.safeParse(o.venue);
  if (!venueOk.success) throw new AgentError('bad-config', `Invalid venue: ${venueOk.error.issues[0]?.path.join('.')}: ${venueOk.error.issues[0]?.message}`);
  const secrets = await resolveSecretsMap(o.secrets);
  const redact = createRedactor([...secrets.values()]);
  for (const w of o.wants ?? []) {
    const ok = BookingWantSchema.safeParse(w);
    if (!ok.success) throw new AgentError('bad-config', `Invalid booking to rehearse: ${ok.error.issues[0]?.path.join('.')}: ${ok.error.issues[0]?.message}`);
  }
  const wants = o.wants?.length ? o.wants : checkWants(o.want);
  const check = await checkTaught(parsed.recipe, wants, {
    venue: o.venue, secrets, browser: o.browser ?? {},
    log: (l) => { try { o.log?.(redact(l)); } catch { /* logging must not break the check */ } },
    ...(o.signal ? { signal: o.signal } : {}),
  });
  return { recipe: withCheck(parsed.recipe, check), check };
}
