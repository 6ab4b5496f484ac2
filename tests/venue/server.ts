// The venue's HTTP server (plain node:http): routing, sessions and CSRF, faults, the request log and
// the /__test/* ground-truth endpoints. Every response's Date header comes from the venue clock.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { addDays, isIsoDate, localDate, longDate } from './calendar';
import { dayBoard, pickableDates } from './board';
import {
  bookingsPage,
  confirmationPage,
  homePage,
  lockedPage,
  loginPage,
  messagePage,
  type Chrome,
} from './html';
import { cardsPage, slotsJson } from './layout-cards';
import { gridPage } from './layout-grid';
import { activityStep, dateStep, laneStep, reviewStep, timeStep, type WizardStep } from './layout-wizard';
import { CONSENT_COOKIE, HttpError, parseCookies, readBody, readForm, redirect, safeNext, send, sendJson, sessionCookie, SESSION_COOKIE, type Ctx } from './http';
import { ACTIVITY, type BookingRefusal, type Session, type VenueState } from './state';
import type { SiteKit } from './site';
import { SITES } from './sites/index';
import { HUMAN_CHECK_KINDS, VENUE_LAYOUTS, type HumanCheckKind, type VenueLayout } from './types';
import { afterPassword, gateRoute, holdForCheckout } from './gates';


export const BOOKINGS_PATH = {
  grid: '/my-bookings', cards: '/bookings', wizard: '/account/bookings',
  ...Object.fromEntries(SITES.map((s) => [s.name, s.bookingsPath])),
} as Record<VenueLayout, string>;
export const BOOKING_PAGE_PATH = {
  grid: '/book', cards: '/timetable', wizard: '/wizard',
  ...Object.fromEntries(SITES.map((s) => [s.name, s.bookingPagePath])),
} as Record<VenueLayout, string>;
/** The page a member starts from (the profile's start URL). */
export const START_PATH = {
  grid: '/', cards: '/', wizard: '/',
  ...Object.fromEntries(SITES.map((s) => [s.name, s.startPath])),
} as Record<VenueLayout, string>;

const faultsSchema = z
  .object({
    latency: z.array(z.object({ prefix: z.string(), ms: z.number().nonnegative() })),
    errors: z.object({ count: z.number().int().nonnegative(), prefix: z.string().optional() }).nullable(),
    expireSessionsAfter: z.number().int().nonnegative().nullable(),
    injection: z.boolean(),
    cookieBanner: z.boolean(),
    slowBookingsMs: z.number().nonnegative(),
    listDelayMs: z.number().nonnegative().nullable(),
    humanCheck: z.object({ kind: z.enum(HUMAN_CHECK_KINDS as [HumanCheckKind, ...HumanCheckKind[]]), lang: z.enum(['en', 'de', 'fr']).optional() }).nullable(),
    twoFactor: z.boolean(),
    payment: z.object({ price: z.number().positive() }).nullable(),
  })
  .partial()
  .strict();

const slotSchema = z.object({ time: z.string(), lane: z.number().int().positive() });

export const controlSchema = z
  .object({
    clock: z.object({ offsetMs: z.number().optional(), now: z.union([z.string(), z.number()]).optional() }).optional(),
    layout: z.enum(VENUE_LAYOUTS as [VenueLayout, ...VenueLayout[]]).optional(),
    faults: faultsSchema.optional(),
    clearFaults: z.boolean().optional(),
    competitors: z
      .object({ count: z.number().int().nonnegative(), slots: z.array(slotSchema).optional(), afterMs: z.number().nonnegative().optional(), spacingMs: z.number().nonnegative().optional() })
      .nullable()
      .optional(),
    addBooking: z.object({ member: z.string(), date: z.string(), time: z.string(), lane: z.number().int() }).optional(),
    reset: z.boolean().optional(),
  })
  .strict();

export function createHandler(state: VenueState) {
  return (req: IncomingMessage, res: ServerResponse) => {
    void handle(state, req, res);
  };
}

async function handle(state: VenueState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const arrivedMs = state.clock.nowMs();
  const url = new URL(req.url ?? '/', 'http://venue.invalid');
  const ctx: Ctx = {
    req,
    res,
    url,
    path: url.pathname,
    method: req.method ?? 'GET',
    arrivedMs,
    cookies: parseCookies(req.headers.cookie),
    log: {},
  };
  // Browsers fetch the favicon whenever they like; keeping it out of the log and the fault counters keeps
  // "the next N requests" meaning the requests a test or agent actually made.
  if (ctx.path === '/favicon.ico') return send(state, ctx, 204, '');
  const isTest = ctx.path.startsWith('/__test/');
  if (!isTest) {
    res.on('close', () => {
      state.requests.push({
        method: ctx.method,
        path: ctx.path,
        query: url.search,
        status: res.statusCode,
        member: ctx.log.member ?? ctx.session?.member,
        atMs: arrivedMs,
        at: new Date(arrivedMs).toISOString(),
        ...(ctx.log.outcome !== undefined ? { outcome: ctx.log.outcome } : {}),
        ...(ctx.log.msAfterRelease !== undefined ? { msAfterRelease: ctx.log.msAfterRelease } : {}),
      });
    });
  }
  try {
    if (isTest) {
      if (!state.opts.testMode) return notFound(state, ctx);
      return await testRoute(state, ctx);
    }
    state.tick(arrivedMs);
    if (await applyFaults(state, ctx)) return;
    ctx.session = state.session(ctx.cookies[SESSION_COOKIE]);
    await route(state, ctx);
  } catch (err) {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (err instanceof HttpError) {
      send(state, ctx, err.status, messagePage(chrome(state, ctx), { title: err.status === 413 ? 'Request too large' : 'Bad request', message: err.message }));
      return;
    }
    send(state, ctx, 500, messagePage(chrome(state, ctx), { title: 'Something went wrong', message: 'Sorry, something went wrong on our side. Please try again.' }));
  }
}

/** Returns true when a fault already answered the request. */
async function applyFaults(state: VenueState, ctx: Ctx): Promise<boolean> {
  const f = state.faults;
  if (f.expireSessionsAfter !== null) {
    if (f.expireSessionsAfter <= 0) {
      state.expireAllSessions();
      f.expireSessionsAfter = null;
    } else f.expireSessionsAfter -= 1;
  }
  const delay = f.latency.filter((l) => ctx.path.startsWith(l.prefix)).reduce((n, l) => n + l.ms, 0);
  if (delay > 0) await sleep(delay);
  if (f.errors && f.errors.count > 0 && (!f.errors.prefix || ctx.path.startsWith(f.errors.prefix))) {
    f.errors.count -= 1;
    if (f.errors.count === 0) f.errors = null;
    send(state, ctx, 500, messagePage(chrome(state, ctx), { title: 'Service unavailable', message: 'Sorry, our booking system is having problems (error 500). Please try again in a moment.' }));
    return true;
  }
  return false;
}

export function chrome(state: VenueState, ctx: Ctx): Chrome {
  const m = state.member(ctx.session?.member);
  const layout = state.layout;
  return {
    layout,
    memberName: m?.name,
    csrf: ctx.session?.csrf,
    here: ctx.path + ctx.url.search,
    cookieBanner: state.faults.cookieBanner && !ctx.cookies[CONSENT_COOKIE],
    injection: state.faults.injection,
    bookingsPath: BOOKINGS_PATH[layout],
    bookingPagePath: BOOKING_PAGE_PATH[layout],
    canBook: m ? m.canBook !== false : undefined,
    openingRule: `Bookings open ${state.opts.daysAhead} days ahead at ${state.opts.releaseTime} (${state.opts.timeZone} time).`,
  };
}

export function notFound(state: VenueState, ctx: Ctx): void {
  send(state, ctx, 404, messagePage(chrome(state, ctx), { title: 'Page not found', message: 'We could not find that page.', kind: 'info', back: { href: '/', label: 'Go to the home page' } }));
}

/** The signed-in member's session, or a redirect to the login page (saying the session expired if it had one). */
export function requireMember(state: VenueState, ctx: Ctx, loginPath = '/login'): Session | undefined {
  const s = ctx.session;
  if (s?.member) return s;
  const expired = ctx.cookies[SESSION_COOKIE] ? 'expired=1&' : '';
  const next = ctx.method === 'GET' ? ctx.path + ctx.url.search : BOOKING_PAGE_PATH[state.layout];
  if (ctx.method !== 'GET') ctx.log.outcome = 'no-session';
  redirect(state, ctx, `${loginPath}?${expired}next=${encodeURIComponent(next)}`);
  return undefined;
}

export function checkCsrf(state: VenueState, ctx: Ctx, s: Session, form: URLSearchParams, field = 'csrf'): boolean {
  if (form.get(field) === s.csrf) return true;
  ctx.log.outcome = 'csrf';
  send(state, ctx, 403, messagePage(chrome(state, ctx), { title: 'Form expired', message: 'This form has expired or was not sent from our site. Please reload the page and try again.', back: { href: BOOKING_PAGE_PATH[state.layout], label: 'Back to booking' } }));
  return false;
}

// ---- routes -----------------------------------------------------------------------------

/** The shared rules lent to a site for one request. */
function kitFor(state: VenueState, ctx: Ctx): SiteKit {
  return {
    chrome: () => chrome(state, ctx),
    notFound: () => notFound(state, ctx),
    requireMember: (loginPath) => requireMember(state, ctx, loginPath),
    checkCsrf: (s, form, field) => checkCsrf(state, ctx, s, form, field),
    judge: (s, date, time, lane) => {
      if (isIsoDate(date)) ctx.log.msAfterRelease = ctx.arrivedMs - state.releaseInstant(date);
      const r = state.book(s.member!, date, time, lane);
      ctx.log.outcome = r.ok ? 'booked' : r.reason;
      return r;
    },
  };
}

async function route(state: VenueState, ctx: Ctx): Promise<void> {
  const { path, method } = ctx;
  const get = method === 'GET' || method === 'HEAD';
  // The current layout's site is asked first, and only it may claim '/', the home page every layout has.
  const site = SITES.find((x) => x.name === state.layout && x.owns(path)) ?? (path === '/' ? undefined : SITES.find((x) => x.owns(path)));
  if (site) {
    // Another site's pages send the member to the current one, as the original layouts do.
    if (site.name !== state.layout) return get ? redirect(state, ctx, BOOKING_PAGE_PATH[state.layout]) : notFound(state, ctx);
    return site.route(state, ctx, kitFor(state, ctx));
  }
  // Second login steps, human checks and the checkout (faults) stand in front of the original layouts' pages.
  if (await gateRoute(state, ctx, { chrome: () => chrome(state, ctx), book: (s, date, time, lane, back) => book(state, ctx, s, date, time, lane, back, true) })) return;
  if (get && path === '/') return home(state, ctx);
  if (path === '/login') return get ? loginGet(state, ctx) : method === 'POST' ? loginPost(state, ctx) : notFound(state, ctx);
  if (method === 'POST' && path === '/logout') return logout(state, ctx);
  if (method === 'POST' && path === '/cookies') return cookies(state, ctx);
  if (get && Object.values(BOOKINGS_PATH).includes(path)) return bookingsGet(state, ctx);
  if (method === 'POST' && path === '/cancel-booking') return cancelPost(state, ctx);
  if (get && path.startsWith('/booking/')) return confirmationGet(state, ctx, path.slice('/booking/'.length));
  // Booking pages belong to one layout; the others send the member to the current layout's page.
  if (get && (path === '/book' || path === '/timetable' || path === '/wizard' || path.startsWith('/wizard/'))) {
    const owner: VenueLayout = path === '/book' ? 'grid' : path === '/timetable' ? 'cards' : 'wizard';
    if (owner !== state.layout) return redirect(state, ctx, BOOKING_PAGE_PATH[state.layout]);
  }
  if (get && path === '/book') return gridGet(state, ctx);
  if (method === 'POST' && path === '/book') return gridPost(state, ctx);
  if (get && path === '/timetable') return cardsGet(state, ctx);
  if (get && path === '/api/slots') return slotsApi(state, ctx);
  if (method === 'POST' && path === '/timetable/book') return cardsPost(state, ctx);
  if (get && path === '/wizard') return redirect(state, ctx, '/wizard/activity');
  if (path.startsWith('/wizard/')) return wizardRoute(state, ctx, path.slice('/wizard/'.length));
  return notFound(state, ctx);
}

function home(state: VenueState, ctx: Ctx): void {
  const s = requireMember(state, ctx);
  if (!s) return;
  const next = state.upcoming(s.member!)[0];
  const nextDate = state.nextReleaseDate();
  const r = state.releaseInstant(nextDate);
  const note = `Bookings for ${longDate(nextDate)} open at ${state.opts.releaseTime} on ${longDate(localDate(r, state.opts.timeZone))}.`;
  send(state, ctx, 200, homePage(chrome(state, ctx), next, note));
}

function loginGet(state: VenueState, ctx: Ctx): void {
  if (ctx.session?.member) return redirect(state, ctx, safeNext(ctx.url.searchParams.get('next'), '/'));
  const s = ctx.session ?? state.newSession();
  ctx.session = s;
  const q = ctx.url.searchParams;
  const info = q.get('expired') ? 'Your session has expired. Please log in again.' : q.get('loggedOut') ? 'You have been logged out.' : undefined;
  send(state, ctx, 200, loginPage(chrome(state, ctx), { csrf: s.csrf, next: safeNext(q.get('next'), '/'), info }), { 'Set-Cookie': sessionCookie(s.id) });
}

async function loginPost(state: VenueState, ctx: Ctx): Promise<void> {
  const form = await readForm(ctx);
  const username = (form.get('username') ?? '').trim();
  const next = safeNext(form.get('next'), '/');
  if (state.member(username)) ctx.log.member = username;
  const s = ctx.session;
  if (!s || form.get('csrf') !== s.csrf) {
    const fresh = state.newSession();
    ctx.session = fresh;
    ctx.log.outcome = 'csrf';
    return send(state, ctx, 403, loginPage(chrome(state, ctx), { csrf: fresh.csrf, next, username, error: 'Your login form expired. Please try again.' }), { 'Set-Cookie': sessionCookie(fresh.id) });
  }
  const r = state.login(username, form.get('password') ?? '');
  if (r.ok) {
    state.dropSession(s.id);
    // A new session id on login, so a session fixed before login is worthless afterwards.
    const fresh = state.newSession(r.member.username);
    ctx.session = fresh;
    ctx.log.outcome = 'login';
    return redirect(state, ctx, afterPassword(state, fresh, r.member.username, next) ?? next, { 'Set-Cookie': sessionCookie(fresh.id) });
  }
  ctx.log.outcome = r.reason === 'locked' ? 'locked' : 'bad-password';
  if (r.reason === 'locked') return send(state, ctx, 423, lockedPage(chrome(state, ctx), state.opts.lockAfter));
  send(state, ctx, 401, loginPage(chrome(state, ctx), { csrf: s.csrf, next, username, error: 'Invalid username or password.' }));
}

async function logout(state: VenueState, ctx: Ctx): Promise<void> {
  const form = await readForm(ctx);
  const s = ctx.session;
  if (s && form.get('csrf') === s.csrf) state.dropSession(s.id);
  else if (s?.member) return void checkCsrf(state, ctx, s, form);
  redirect(state, ctx, '/login?loggedOut=1', { 'Set-Cookie': `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0` });
}

async function cookies(state: VenueState, ctx: Ctx): Promise<void> {
  const form = await readForm(ctx);
  const choice = form.get('choice') === 'accept' ? 'accept' : 'reject';
  redirect(state, ctx, safeNext(form.get('next'), '/'), { 'Set-Cookie': `${CONSENT_COOKIE}=${choice}; Path=/; Max-Age=31536000; SameSite=Lax` });
}

async function bookingsGet(state: VenueState, ctx: Ctx): Promise<void> {
  const s = requireMember(state, ctx);
  if (!s) return;
  if (ctx.path !== BOOKINGS_PATH[state.layout]) return redirect(state, ctx, BOOKINGS_PATH[state.layout] + ctx.url.search);
  if (state.faults.slowBookingsMs > 0) await sleep(state.faults.slowBookingsMs);
  const flash = ctx.url.searchParams.get('cancelled') ? 'Your booking has been cancelled.' : undefined;
  send(state, ctx, 200, bookingsPage(chrome(state, ctx), state.upcoming(s.member!), flash));
}

async function cancelPost(state: VenueState, ctx: Ctx): Promise<void> {
  const s = requireMember(state, ctx);
  if (!s) return;
  const form = await readForm(ctx);
  if (!checkCsrf(state, ctx, s, form)) return;
  const b = state.cancel(s.member!, form.get('id') ?? '');
  ctx.log.outcome = b ? 'cancelled' : 'cancel-unknown';
  if (!b) return send(state, ctx, 404, messagePage(chrome(state, ctx), { title: 'Booking not found', message: 'We could not find that booking. It may already have been cancelled.', back: { href: BOOKINGS_PATH[state.layout], label: 'Back to my bookings' } }));
  redirect(state, ctx, `${BOOKINGS_PATH[state.layout]}?cancelled=1`);
}

function confirmationGet(state: VenueState, ctx: Ctx, id: string): void {
  const s = requireMember(state, ctx);
  if (!s) return;
  const b = state.bookings.find((x) => x.id === id && x.member === s.member && !x.cancelledAt);
  if (!b) return notFound(state, ctx);
  send(state, ctx, 200, confirmationPage(chrome(state, ctx), b));
}

/** The one place a web booking request is judged; every layout's final POST ends here. */
export function book(state: VenueState, ctx: Ctx, s: Session, date: string, time: string, lane: number, back: string, paid = false): void {
  // With a price (the payment fault) the request only reaches the checkout; the booking is made when it is paid.
  if (!paid && holdForCheckout(state, ctx, s, date, time, lane)) return;
  if (isIsoDate(date)) ctx.log.msAfterRelease = ctx.arrivedMs - state.releaseInstant(date);
  const r = state.book(s.member!, date, time, lane);
  ctx.log.outcome = r.ok ? 'booked' : r.reason;
  if (r.ok) return redirect(state, ctx, `/booking/${r.booking.id}`);
  const titles: Record<BookingRefusal, [number, string]> = {
    'not-open': [409, 'Not open yet'],
    past: [409, 'Session already started'],
    taken: [409, 'Slot no longer available'],
    'already-booked': [409, 'Already booked'],
    'no-booking-rights': [403, 'Booking not allowed'],
    invalid: [400, 'Booking not possible'],
  };
  const [status, title] = titles[r.reason];
  send(state, ctx, status, messagePage(chrome(state, ctx), { title, message: r.message, back: { href: back, label: 'Back to booking' } }));
}

export function requestedDate(state: VenueState, ctx: Ctx): string {
  const d = ctx.url.searchParams.get('date') ?? '';
  return isIsoDate(d) ? d : state.today();
}

function gridGet(state: VenueState, ctx: Ctx): void {
  const s = requireMember(state, ctx);
  if (!s) return;
  const date = requestedDate(state, ctx);
  const board = dayBoard(state, s.member!, date);
  const freeByDay = new Map<string, number>();
  const week = addDays(date, -((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7));
  for (let i = 0; i < 7; i++) {
    const d = addDays(week, i);
    freeByDay.set(d, d < state.today() ? 0 : dayBoard(state, s.member!, d).freeCount());
  }
  send(state, ctx, 200, gridPage(chrome(state, ctx), board, { freeByDay }));
}

async function gridPost(state: VenueState, ctx: Ctx): Promise<void> {
  const s = requireMember(state, ctx);
  if (!s) return;
  const form = await readForm(ctx);
  if (!checkCsrf(state, ctx, s, form)) return;
  const [date = '', time = '', lane = ''] = (form.get('slot') ?? '').split('|');
  book(state, ctx, s, date, time, Number(lane), `/book?date=${encodeURIComponent(date)}`);
}

function cardsGet(state: VenueState, ctx: Ctx): void {
  const s = requireMember(state, ctx);
  if (!s) return;
  const dates = pickableDates(state);
  send(state, ctx, 200, cardsPage(chrome(state, ctx), { date: requestedDate(state, ctx), dates, min: state.today(), max: addDays(state.today(), state.opts.daysAhead + 7) }));
}

function slotsApi(state: VenueState, ctx: Ctx): void {
  const s = ctx.session;
  if (!s?.member) return sendJson(state, ctx, 401, { error: 'not-signed-in', login: '/login' });
  const date = ctx.url.searchParams.get('date') ?? '';
  if (!isIsoDate(date)) return sendJson(state, ctx, 400, { error: 'bad-date' });
  sendJson(state, ctx, 200, slotsJson(dayBoard(state, s.member, date)));
}

async function cardsPost(state: VenueState, ctx: Ctx): Promise<void> {
  const s = requireMember(state, ctx);
  if (!s) return;
  const form = await readForm(ctx);
  if (!checkCsrf(state, ctx, s, form)) return;
  const date = form.get('date') ?? '';
  book(state, ctx, s, date, form.get('time') ?? '', Number(form.get('lane')), `/timetable?date=${encodeURIComponent(date)}`);
}

async function wizardRoute(state: VenueState, ctx: Ctx, step: string): Promise<void> {
  const s = requireMember(state, ctx);
  if (!s) return;
  const c = chrome(state, ctx);
  const draft = s.wizard;
  const member = s.member!;
  const dates = () =>
    pickableDates(state).map((d) => ({ date: d, hint: state.isOpen(d) ? `${dayBoard(state, member, d).freeCount()} sessions free` : `Opens ${state.opts.releaseTime} ${longDate(localDate(state.releaseInstant(d), state.opts.timeZone))}` }));
  // Each step needs the ones before it; a missing one sends the member back to it.
  const missing = (upTo: WizardStep): string | undefined => {
    if (upTo === 'activity') return undefined;
    if (!draft.activity) return '/wizard/activity';
    if (upTo === 'date') return undefined;
    if (!draft.date) return '/wizard/date';
    if (upTo === 'time') return undefined;
    if (!draft.time) return '/wizard/time';
    if (upTo === 'lane') return undefined;
    if (draft.lane === undefined) return '/wizard/lane';
    return undefined;
  };
  const render = (st: WizardStep, error?: string, status = 200) => {
    const gap = missing(st);
    if (gap) return redirect(state, ctx, gap);
    const html =
      st === 'activity' ? activityStep(c, draft, error)
      : st === 'date' ? dateStep(c, draft, dates(), error)
      : st === 'time' ? timeStep(c, draft, dayBoard(state, member, draft.date!), error)
      : st === 'lane' ? laneStep(c, draft, dayBoard(state, member, draft.date!), error)
      : reviewStep(c, draft, error);
    send(state, ctx, status, html);
  };
  const steps: WizardStep[] = ['activity', 'date', 'time', 'lane', 'review'];
  if (ctx.method === 'GET' || ctx.method === 'HEAD') {
    if (!(steps as string[]).includes(step)) return notFound(state, ctx);
    return render(step as WizardStep);
  }
  if (ctx.method !== 'POST') return notFound(state, ctx);
  const form = await readForm(ctx);
  if (!checkCsrf(state, ctx, s, form)) return;
  switch (step) {
    case 'activity': {
      if (form.get('activity') !== ACTIVITY) return render('activity', 'Please choose an activity that can be booked online.', 400);
      s.wizard = { activity: ACTIVITY };
      return redirect(state, ctx, '/wizard/date');
    }
    case 'date': {
      const d = form.get('date') ?? '';
      if (!isIsoDate(d)) return render('date', 'Please choose a date.', 400);
      s.wizard = { activity: draft.activity, date: d };
      return redirect(state, ctx, '/wizard/time');
    }
    case 'time': {
      const t = form.get('time') ?? '';
      if (!state.opts.slots.includes(t)) return render('time', 'Please choose a time.', 400);
      s.wizard = { ...draft, time: t, lane: undefined };
      return redirect(state, ctx, '/wizard/lane');
    }
    case 'lane': {
      const l = Number(form.get('lane'));
      if (!Number.isInteger(l) || l < 1 || l > state.opts.lanes) return render('lane', 'Please choose a lane.', 400);
      s.wizard = { ...draft, lane: l };
      return redirect(state, ctx, '/wizard/review');
    }
    case 'confirm': {
      const gap = missing('review');
      if (gap) return redirect(state, ctx, gap);
      const { date, time, lane } = draft as Required<typeof draft>;
      const before = state.bookings.length;
      book(state, ctx, s, date, time, lane, '/wizard/time');
      if (state.bookings.length > before) s.wizard = {};
      return;
    }
    default:
      return notFound(state, ctx);
  }
}

// ---- ground truth for tests ---------------------------------------------------------------

async function testRoute(state: VenueState, ctx: Ctx): Promise<void> {
  const { path, method } = ctx;
  if (method === 'GET' && path === '/__test/bookings') {
    state.tick();
    return sendJson(state, ctx, 200, state.bookings);
  }
  if (method === 'GET' && path === '/__test/requests') return sendJson(state, ctx, 200, state.requests);
  if (method === 'GET' && path === '/__test/state') return sendJson(state, ctx, 200, snapshot(state));
  if (method === 'POST' && path === '/__test/control') {
    let body: unknown;
    try {
      body = JSON.parse(await readBody(ctx));
    } catch {
      return sendJson(state, ctx, 400, { error: 'body must be JSON' });
    }
    const parsed = controlSchema.safeParse(body);
    if (!parsed.success) return sendJson(state, ctx, 400, { error: z.prettifyError(parsed.error) });
    const c = parsed.data;
    try {
      if (c.reset) state.reset();
      if (c.clock) state.setClock({ offsetMs: c.clock.offsetMs, now: c.clock.now === undefined ? undefined : new Date(c.clock.now) });
      if (c.layout) state.layout = c.layout;
      if (c.clearFaults) state.clearFaults();
      if (c.faults) state.setFaults(c.faults);
      if (c.competitors !== undefined) state.setCompetitors(c.competitors);
      const added = c.addBooking ? state.seed(c.addBooking) : undefined;
      return sendJson(state, ctx, 200, { ...snapshot(state), ...(added ? { added } : {}) });
    } catch (err) {
      return sendJson(state, ctx, 400, { error: (err as Error).message });
    }
  }
  notFound(state, ctx);
}

function snapshot(state: VenueState) {
  return {
    now: state.clock.now().toISOString(),
    nowMs: state.clock.nowMs(),
    offsetMs: state.clock.offset(),
    layout: state.layout,
    layouts: VENUE_LAYOUTS,
    bookingsPath: BOOKINGS_PATH[state.layout],
    bookingPagePath: BOOKING_PAGE_PATH[state.layout],
    nextReleaseDate: state.nextReleaseDate(),
    faults: state.faults,
  };
}
