// Teach mode: the user books once by hand in a visible recording browser and Lanebot writes the recipe from
// their clicks and typing. Passwords never leave the page (the recorder only notes that one was typed); the
// result is checked by a dry run that walks the recipe up to, not including, the final confirm.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { addDays, format, parseISO } from 'date-fns';
import { z } from 'zod';
import { BROWSER_ARGS, findBrowser, hardenContext, launchBrowser, prepareProfileDir } from '../browser/launch';
import { allowedOriginSet, confineContext } from '../browser/confine';
import { AgentError, isBrowserGone, toFailure } from '../core/failure';
import { pickLoginSecrets } from '../browser/login';
import { type LocatorSpec, type Recipe } from './schema';
import { learnRecipe, type ObservedStep } from './learn';
import { createRedactor } from '../core/redact';
import { commitStep, enterRecipe, newRun, replaySteps, stepTargetPresent } from './replay';
import type { AgentFailure, BookingWant, SecretsInput, VenueTarget } from '../types';
import { BookingWantSchema, VenueTargetSchema } from '../core/schemas';
import { BINDING, RECORDER_SCRIPT } from './recorder-script';

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
  /** End the recording when the page shows a booking confirmation (default), or only on stop()/window close. */
  until?: 'confirmation' | 'close';
  /** The whole recording (default 20 min). */
  timeoutMs?: number;
  /** Dry-run check after recording (default on): for this booking, else the day after the taught one. */
  check?: boolean | BookingWant;
  signal?: AbortSignal;
  log?(line: string): void;
}

export interface TeachCheck {
  ok: boolean;
  /** Steps the dry run walked (the final confirm is never clicked). */
  walked: number;
  message: string;
  failure?: AgentFailure;
}

export interface TeachResult {
  recipe: Recipe;
  /** Raw events recorded (clicks, typing, choices). */
  events: number;
  check?: TeachCheck;
}

export interface TeachSession {
  /** ws:// DevTools endpoint of the recording browser, when exposeCdp is on. */
  cdpEndpoint?: string;
  page: Page;
  /** Settles when the recording ends (confirmation seen, window closed, stop(), or timeout). */
  done: Promise<TeachResult>;
  /** Ends the recording now and builds the recipe. */
  stop(): Promise<TeachResult>;
  /** Ends the recording without a recipe. */
  cancel(): Promise<void>;
}



const text = (n: number) => z.string().max(n).optional();
const TeachEventSchema = z.object({
  seq: z.number().int().nonnegative(),
  url: z.string().max(4000),
  kind: z.enum(['click', 'fill', 'check', 'select', 'press', 'load']),
  referrer: z.string().max(4000).optional(),
  el: z.object({
    tag: z.string().max(40), type: text(40), role: text(40), name: text(400), label: text(400), text: text(400),
    id: text(200), nameAttr: text(200), valueAttr: text(200), placeholder: text(200), testId: text(200),
  }).optional(),
  value: text(600),
  secret: z.boolean().optional(),
  checked: z.boolean().optional(),
  key: z.literal('Enter').optional(),
});
type TeachEvent = z.infer<typeof TeachEventSchema> & { at: number };

const CONFIRMATION_GRACE_MS = 1_500;
const CONFIRMATION = /booking (?:is )?confirmed|you(?:'|’| a)re booked|you are booked|reservation (?:is )?confirmed|booked in for|booking reference|thank you for (?:your )?booking/i;

function cssIdent(s: string): string {
  return /^[A-Za-z_][\w-]*$/.test(s) ? s : '';
}

function cssString(s: string): string {
  return `"${s.replace(/["\\]/g, '\\$&')}"`;
}

/** Recorded events → observed steps with the element's durable ways to be found. Loads after `typedAfter` with no referrer are typed navigations. */
export function observedFromEvents(events: TeachEvent[], finalUrl: string, passwordName: string, typedAfter = 0): ObservedStep[] {
  const sorted = [...events].sort((a, b) => a.at - b.at || a.seq - b.seq);
  const acts = sorted.filter((e) => e.kind !== 'load' || (e.at > typedAfter && !e.referrer));
  const out: ObservedStep[] = [];
  acts.forEach((ev, i) => {
    const urlAfter = acts[i + 1]?.url ?? finalUrl;
    if (ev.kind === 'load') {
      out.push({ action: 'navigate', url: ev.url, urlBefore: acts[i - 1]?.url ?? ev.url, urlAfter: ev.url });
      return;
    }
    const el = ev.el;
    if (!el) return;
    const extra: LocatorSpec[] = [];
    if (el.label && el.label !== el.name) extra.push({ by: 'label', text: el.label, exact: true });
    if (el.placeholder) extra.push({ by: 'placeholder', text: el.placeholder, exact: true });
    if (el.testId) extra.push({ by: 'testId', id: el.testId });
    if (el.id && cssIdent(el.id)) extra.push({ by: 'css', selector: `#${el.id}` });
    if (el.nameAttr) extra.push({ by: 'css', selector: `${cssIdent(el.tag) || '*'}[name=${cssString(el.nameAttr)}]${el.valueAttr ? `[value=${cssString(el.valueAttr)}]` : ''}` });
    if (!el.role && el.text) extra.push({ by: 'text', text: el.text, exact: true });
    const base: ObservedStep = {
      action: 'click',
      ...(el.role ? { role: el.role } : {}),
      ...(el.name ? { name: el.name } : {}),
      extra,
      urlBefore: ev.url,
      urlAfter,
    };
    switch (ev.kind) {
      case 'click': out.push(base); break;
      case 'check': out.push({ ...base, action: 'check', checked: ev.checked ?? true }); break;
      case 'select': out.push({ ...base, action: 'select', value: ev.value ?? '' }); break;
      case 'press': out.push({ ...base, action: 'press', key: 'Enter' }); break;
      case 'fill': out.push({ ...base, action: 'fill', value: ev.secret ? `{{${passwordName}}}` : (ev.value ?? '') }); break;
    }
  });
  return out;
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

/** Opens the recording browser on the venue's start page and records until the booking is confirmed (or stop()). */
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

  const events: TeachEvent[] = [];
  let finished = false;
  let resolveDone!: (r: TeachResult) => void;
  let rejectDone!: (e: unknown) => void;
  const done = new Promise<TeachResult>((res, rej) => { resolveDone = res; rejectDone = rej; });
  done.catch(() => undefined);
  let page: Page;
  let initialLoadDone = 0;

  const closeBrowser = async () => {
    await context.close().catch(() => undefined);
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true }).catch(() => undefined);
  };

  const finish = async (why: string): Promise<TeachResult> => {
    if (finished) return done;
    finished = true;
    clearTimeout(timer);
    log(`recording ended (${why}) after ${events.length} events`);
    const finalUrl = page && !page.isClosed() ? page.url() : events.at(-1)?.url ?? o.venue.startUrl;
    try {
      const observed = observedFromEvents(events, finalUrl, passwordName, initialLoadDone);
      const recipe = learnRecipe(observed, {
        want: o.want, startUrl: o.venue.startUrl, source: 'teach', secrets, finalUrl,
        ...(o.venue.dateOrder ? { dateOrder: o.venue.dateOrder } : {}),
      });
      await closeBrowser();
      const result: TeachResult = { recipe, events: events.length };
      if (o.check !== false) {
        const checkWant = typeof o.check === 'object' ? o.check : { ...o.want, date: nextDay(o.want.date) };
        result.check = await dryRun(recipe, { venue: o.venue, secrets, browser: o.browser ?? {}, want: checkWant, log, ...(o.signal ? { signal: o.signal } : {}) });
      }
      resolveDone(result);
      return result;
    } catch (e) {
      await closeBrowser();
      rejectDone(e);
      throw e;
    }
  };

  let checking = false;
  function scheduleConfirmationCheck() {
    if (checking || finished) return;
    checking = true;
    setTimeout(async () => {
      checking = false;
      if (finished || page.isClosed()) return;
      const heading = page.getByRole('heading', { name: CONFIRMATION }).or(page.getByRole('status').filter({ hasText: CONFIRMATION }));
      const seen = await heading.first().isVisible().catch(() => false);
      // A moment's grace: the user (or a script) is still looking at the confirmation.
      if (seen && events.length > 0) setTimeout(() => { void finish('the venue confirmed the booking').catch(() => undefined); }, CONFIRMATION_GRACE_MS);
    }, 300);
  }

  const timer = setTimeout(() => { void finish('time limit').catch(() => undefined); }, o.timeoutMs ?? 20 * 60_000);
  timer.unref();

  try {
    await confineContext(context, allowed, redact);
    await context.exposeBinding(BINDING, ({ page: p, frame }, raw: unknown) => {
      if (finished) return;
      if (p && frame !== p.mainFrame()) { log('an action inside a frame was not recorded (frames are not replayed)'); return; }
      const ev = TeachEventSchema.safeParse(raw);
      if (!ev.success) return;
      events.push({ ...ev.data, at: Date.now() });
      if ((o.until ?? 'confirmation') === 'confirmation') scheduleConfirmationCheck();
    });
    await context.addInitScript(RECORDER_SCRIPT);
    page = context.pages()[0] ?? (await context.newPage());
    page.on('framenavigated', (f) => {
      if (f !== page.mainFrame()) return;
      if ((o.until ?? 'confirmation') === 'confirmation') scheduleConfirmationCheck();
    });
    page.on('close', () => { void finish('the window was closed').catch(() => undefined); });
    context.on('close', () => { void finish('the browser was closed').catch(() => undefined); });
    o.signal?.addEventListener('abort', () => { if (!finished) { finished = true; clearTimeout(timer); void closeBrowser(); rejectDone(new AgentError('aborted', 'Teaching was cancelled.')); } }, { once: true });
    await page.goto(o.venue.startUrl, { timeout: 30_000, waitUntil: 'domcontentloaded' });
    // The start page and its redirects are ours, not the user's.
    initialLoadDone = Date.now();
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
 * The verify-only dry run: a fresh headless browser logs in and walks the recipe for `want` up to the
 * final confirm, which it only looks for and never clicks.
 */
export async function dryRun(recipe: Recipe, o: { venue: VenueTarget; secrets: Map<string, string>; browser: { executablePath?: string }; want: BookingWant; signal?: AbortSignal; log?(l: string): void }): Promise<TeachCheck> {
  const redact = createRedactor([...o.secrets.values()]);
  const allowed = allowedOriginSet(o.venue.startUrl, o.venue.allowedOrigins);
  const launched = await launchBrowser({ ...o.browser, headless: true });
  try {
    await confineContext(launched.context, allowed, redact);
    const page = await launched.context.newPage();
    const run = newRun(recipe, o.want);
    const ctx = { page, want: o.want, startUrl: o.venue.startUrl, allowed, secrets: o.secrets, redact, ...(o.signal ? { signal: o.signal } : {}), ...(o.log ? { log: o.log } : {}) };
    await enterRecipe(run, ctx);
    const res = await replaySteps(run, ctx, 'before-commit');
    const c = commitStep(recipe);
    if (res.status !== 'stopped') return { ok: false, walked: run.next, message: redact(`The dry run stopped at step ${res.at + 1}: ${res.message ?? res.status}`) };
    const present = await stepTargetPresent(run, ctx, c);
    return present
      ? { ok: true, walked: run.next, message: `The recipe walked ${run.next} step(s) for ${o.want.date} and found the final confirm (not clicked).` }
      : { ok: false, walked: run.next, message: `The recipe walked to the last page for ${o.want.date}, but the final confirm was not found there.` };
  } catch (e) {
    if (isBrowserGone(e)) return { ok: false, walked: 0, message: 'The browser closed during the dry run.', failure: toFailure(e, redact) };
    const f = toFailure(e, redact, o.signal);
    return { ok: false, walked: 0, message: f.message, failure: f };
  } finally {
    await launched.close();
  }
}
