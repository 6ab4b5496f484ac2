// Site "daypicker": Harbour Sports Club, a US club's React single-page app. The server only hands out one
// HTML shell for every /app/* page, the esbuild bundle and react-day-picker's stylesheet; everything a
// member reads is rendered in the browser from the JSON API under /api/v1 (sign-in, the day's sessions,
// bookings, the paged schedule and the "Recommended for you" offers). Bookings go through kit.judge and
// refusals come back in the club's words.
import { setTimeout as sleep } from 'node:timers/promises';
import { dayBoard } from '../../board';
import { addDays, instantOf, isIsoDate, isTime, localDate, localTime } from '../../calendar';
import { readBody, send, sendJson, sessionCookie, SESSION_COOKIE, type Ctx } from '../../http';
import type { SiteKit, VenueSite } from '../../site';
import type { BookResult, Session, VenueState } from '../../state';
import type { VenueBooking } from '../../types';
import { appBundle, dayPickerCss } from './bundle';
import { ACTIVITY, idOfRef, plusHour, refOf, shortDay, time12 } from './format';
import { bookByHand } from './hand';
import { shellPage } from './shell';

export const LOGIN_PATH = '/app/login';
export const BOOK_PATH = '/app/book';
export const SCHEDULE_PATH = '/app/account/schedule';
const MAX_PER_PAGE = 10;

/** A stable, made-up head count for a free session, so cards read "2 spaces left" rather than "free". */
export function spacesLeft(date: string, time: string, lane: number): number {
  let h = lane * 7;
  for (const c of date + time) h = (h * 31 + c.charCodeAt(0)) % 9973;
  return 1 + (h % 3);
}

function member(state: VenueState, username: string) {
  return state.member(username);
}

function me(state: VenueState, s: Session) {
  const m = member(state, s.member!);
  return { name: m?.name ?? s.member!, email: s.member!, csrfToken: s.csrf, today: state.today() };
}

async function readJson(ctx: Ctx): Promise<Record<string, unknown>> {
  try {
    const v: unknown = JSON.parse(await readBody(ctx));
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function bookingJson(b: VenueBooking) {
  return { ref: refOf(b.id), date: b.date, start: b.time, end: plusHour(b.time), activity: ACTIVITY, lane: b.lane };
}

/** The signed-in member's session for an API call, or a 401 already sent. */
function apiMember(state: VenueState, ctx: Ctx): Session | undefined {
  const s = ctx.session;
  if (s?.member) return s;
  if (ctx.method !== 'GET') ctx.log.outcome = 'no-session';
  sendJson(state, ctx, 401, { error: 'unauthenticated', message: 'Please sign in to continue.' });
  return undefined;
}

function csrfOk(state: VenueState, ctx: Ctx, s: Session): boolean {
  if (ctx.req.headers['x-csrf-token'] === s.csrf) return true;
  ctx.log.outcome = 'csrf';
  sendJson(state, ctx, 403, { error: 'csrf', message: 'Your session has expired. Please refresh the page and try again.' });
  return false;
}

/** The judge's refusal as the club words it, with the HTTP status its API answers. */
function refusal(state: VenueState, r: Extract<BookResult, { ok: false }>, date: string, username: string): [number, string] {
  switch (r.reason) {
    case 'taken':
      return [409, 'Sorry, that session just filled up. Please choose another lane or time.'];
    case 'not-open': {
      const opens = state.releaseInstant(date);
      const tz = state.opts.timeZone;
      return [409, `Booking for ${shortDay(date)} opens ${shortDay(localDate(opens, tz))} at ${time12(localTime(opens, tz))}.`];
    }
    case 'past':
      return [409, 'This session has already started.'];
    case 'already-booked': {
      const mine = state.active().find((b) => b.member === username && b.date === date);
      return [409, `You already have a session on ${shortDay(date)}${mine ? ` (Lane ${mine.lane} at ${time12(mine.time)})` : ''}. Members can book one session per day.`];
    }
    case 'no-booking-rights':
      return [403, "Your membership doesn't include online booking. Please call the front desk."];
    case 'invalid':
      return [422, "That session isn't available."];
  }
}

async function route(state: VenueState, ctx: Ctx, kit: SiteKit): Promise<void> {
  const { path, method } = ctx;
  const get = method === 'GET' || method === 'HEAD';
  // Start the one-time build as soon as the app is visited, so the script is ready when the shell asks.
  void appBundle().catch(() => undefined);
  if (get && path === '/app/assets/app.js') {
    const js = await appBundle().catch((err: Error) => err);
    if (js instanceof Error) return send(state, ctx, 500, `/* build failed: ${js.message.replace(/\*\//g, '')} */`, { 'Content-Type': 'text/javascript; charset=utf-8' });
    return send(state, ctx, 200, js, { 'Content-Type': 'text/javascript; charset=utf-8' });
  }
  if (get && path === '/app/assets/day-picker.css') return send(state, ctx, 200, dayPickerCss(), { 'Content-Type': 'text/css; charset=utf-8' });
  if (path.startsWith('/api/v1/')) return api(state, ctx, kit, path.slice('/api/v1'.length));
  if (get) return send(state, ctx, 200, shellPage());
  sendJson(state, ctx, 405, { error: 'method_not_allowed' });
}

async function api(state: VenueState, ctx: Ctx, kit: SiteKit, path: string): Promise<void> {
  const { method } = ctx;
  if (path === '/session' && method === 'POST') return signIn(state, ctx);
  if (path === '/session' && method === 'DELETE') {
    if (ctx.session) state.dropSession(ctx.session.id);
    return send(state, ctx, 204, '', { 'Set-Cookie': `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0` });
  }
  const s = apiMember(state, ctx);
  if (!s) return;
  const username = s.member!;
  if (path === '/me' && method === 'GET') return sendJson(state, ctx, 200, me(state, s));
  if (path === '/sessions' && method === 'GET') return sessions(state, ctx, username);
  if (path === '/bookings' && method === 'POST') return book(state, ctx, kit, s);
  if (path === '/me/bookings' && method === 'GET') return myBookings(state, ctx, username);
  if (path === '/recommendations' && method === 'GET') return recommendations(state, ctx, username);
  if (path.startsWith('/bookings/') && method === 'DELETE') {
    if (!csrfOk(state, ctx, s)) return;
    const id = idOfRef(decodeURIComponent(path.slice('/bookings/'.length)));
    const b = id ? state.cancel(username, id) : undefined;
    ctx.log.outcome = b ? 'cancelled' : 'cancel-unknown';
    return b ? send(state, ctx, 204, '') : sendJson(state, ctx, 404, { error: 'not_found', message: "We couldn't find that booking. It may already have been cancelled." });
  }
  sendJson(state, ctx, 404, { error: 'not_found', message: 'Not found.' });
}

async function signIn(state: VenueState, ctx: Ctx): Promise<void> {
  if (!String(ctx.req.headers['content-type'] ?? '').includes('application/json')) return sendJson(state, ctx, 415, { error: 'unsupported_media_type' });
  const body = await readJson(ctx);
  // Members may type their username or an email address; the club signs them in by the part before "@".
  const username = String(body.email ?? '').trim().replace(/@.*$/, '');
  if (member(state, username)) ctx.log.member = username;
  const r = state.login(username, String(body.password ?? ''));
  if (!r.ok) {
    ctx.log.outcome = r.reason === 'locked' ? 'locked' : 'bad-password';
    return r.reason === 'locked'
      ? sendJson(state, ctx, 423, { error: 'account_locked', message: 'Your account is locked after too many sign-in attempts. Please contact the front desk.' })
      : sendJson(state, ctx, 401, { error: 'invalid_credentials', message: 'Incorrect email or password.' });
  }
  if (ctx.session) state.dropSession(ctx.session.id);
  const fresh = state.newSession(r.member.username);
  ctx.session = fresh;
  ctx.log.outcome = 'login';
  send(state, ctx, 200, JSON.stringify(me(state, fresh)), { 'Content-Type': 'application/json; charset=utf-8', 'Set-Cookie': sessionCookie(fresh.id) });
}

function sessions(state: VenueState, ctx: Ctx, username: string): void {
  const date = ctx.url.searchParams.get('date') ?? '';
  if (!isIsoDate(date)) return sendJson(state, ctx, 400, { error: 'bad_date', message: 'Please choose a valid date.' });
  const board = dayBoard(state, username, date);
  const tz = state.opts.timeZone;
  const opens = state.releaseInstant(date);
  const list = board.slots.flatMap((time) =>
    board.lanes.map((lane) => {
      const cell = board.cell(time, lane);
      const status = cell === 'free' ? 'open' : cell === 'taken' ? 'full' : cell === 'mine' ? 'booked' : 'started';
      return { id: `${date}T${time}-L${lane}`, activity: ACTIVITY, lane, start: time, end: plusHour(time), status, spacesLeft: cell === 'free' ? spacesLeft(date, time, lane) : 0 };
    }),
  );
  sendJson(state, ctx, 200, {
    date,
    notice: board.open ? null : `Booking for ${shortDay(date)} opens ${shortDay(localDate(opens, tz))} at ${time12(localTime(opens, tz))}.`,
    sessions: list,
  });
}

async function book(state: VenueState, ctx: Ctx, kit: SiteKit, s: Session): Promise<void> {
  if (!csrfOk(state, ctx, s)) return;
  const body = await readJson(ctx);
  const date = String(body.date ?? '');
  const start = String(body.start ?? '');
  const lane = Number(body.lane);
  if (!isIsoDate(date) || !isTime(start) || !Number.isInteger(lane)) {
    ctx.log.outcome = 'invalid';
    return sendJson(state, ctx, 422, { error: 'invalid', message: "That session isn't available." });
  }
  const r = kit.judge(s, date, start, lane);
  if (r.ok) return sendJson(state, ctx, 201, bookingJson(r.booking));
  const [status, message] = refusal(state, r, date, s.member!);
  sendJson(state, ctx, status, { error: r.reason, message });
}

async function myBookings(state: VenueState, ctx: Ctx, username: string): Promise<void> {
  if (state.faults.slowBookingsMs > 0) await sleep(state.faults.slowBookingsMs);
  const q = ctx.url.searchParams;
  const perPage = Math.min(MAX_PER_PAGE, Math.max(1, Number(q.get('per_page')) || 3));
  const now = state.clock.nowMs();
  const all = state.upcoming(username).filter((b) => instantOf(b.date, b.time, state.opts.timeZone) + 3_600_000 > now);
  const totalPages = Math.max(1, Math.ceil(all.length / perPage));
  const page = Math.min(totalPages, Math.max(1, Number(q.get('page')) || 1));
  sendJson(state, ctx, 200, { items: all.slice((page - 1) * perPage, page * perPage).map(bookingJson), page, perPage, totalPages, total: all.length });
}

/** Offers at the member's usual time and lane (or the nearest free lane) on the coming days. */
function recommendations(state: VenueState, ctx: Ctx, username: string): void {
  const mine = state.active().filter((b) => b.member === username);
  const slots = state.opts.slots;
  const lastBooked = [...mine].sort((a, b) => b.createdAtMs - a.createdAtMs)[0];
  const time = lastBooked?.time ?? (slots.includes('07:00') ? '07:00' : slots[0]!);
  const counts = new Map<number, number>();
  for (const b of mine) counts.set(b.lane, (counts.get(b.lane) ?? 0) + 1);
  const favourite = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? Math.min(3, state.opts.lanes);
  const order = Array.from({ length: state.opts.lanes }, (_, i) => i + 1).sort((a, b) => Math.abs(a - favourite) - Math.abs(b - favourite) || a - b);
  const offers: { date: string; start: string; lane: number; activity: string; spacesLeft: number }[] = [];
  const today = state.today();
  for (let i = 1; i <= state.opts.daysAhead; i++) {
    const date = addDays(today, i);
    const board = dayBoard(state, username, date);
    const lane = order.find((l) => board.cell(time, l) === 'free');
    if (lane !== undefined) offers.push({ date, start: time, lane, activity: ACTIVITY, spacesLeft: spacesLeft(date, time, lane) });
  }
  sendJson(state, ctx, 200, { offers });
}

export const daypickerSite: VenueSite = {
  name: 'daypicker',
  about:
    'A US sports club React single-page app (Harbour Sports Club) with react-day-picker: sign-in rendered by JS; a calendar whose day ' +
    'buttons carry the library’s names ("Tuesday, December 8th, 2026"); session cards loaded from JSON whose buttons are all "Book"; ' +
    'a review side panel and toast; "My schedule" rendered late and paged 3 at a time beside "Recommended for you" offers.',
  owns: (path) => path === '/app' || path.startsWith('/app/') || path.startsWith('/api/v1/'),
  bookingsPath: SCHEDULE_PATH,
  bookingPagePath: BOOK_PATH,
  startPath: '/app',
  route,
  bookByHand,
};
