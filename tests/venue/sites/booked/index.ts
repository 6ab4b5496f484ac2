// Site "booked": the venue as a LibreBooking / Booked Scheduler install (PHP-style URLs under /Web/), the
// first real application where Lanebot failed. Its routes: the login at index.php, the dashboard whose
// "Upcoming Reservations" widget is the only list of the member's bookings (and stops at the end of next
// week), the week schedule of per-day tables whose slot cells are role-less <td>s behind one delegated
// click handler, and the reservation page that saves by AJAX and answers in a modal.
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { addDays, instantOf, isIsoDate, isTime, localDate, localTime, weekday } from '../../calendar';
import { injectionNotice } from '../../html';
import { readForm, redirect, safeNext, send, sendJson, sessionCookie, SESSION_COOKIE, type Ctx } from '../../http';
import type { SiteKit, VenueSite } from '../../site';
import type { BookResult, Session, VenueState } from '../../state';
import type { VenueBooking } from '../../types';
import { dayHeader, minutesBetween, parseStamp, parseUsDate, RESOURCE_ID_OFFSET, slotEnd, time12, usDate } from './format';
import { bookByHand } from './hand';
import {
  dashboardPage,
  existingReservationPage,
  loginPage,
  messagePage,
  newReservationPage,
  schedulePage,
  type AvailabilityLine,
  type CellKind,
  type DashRow,
  type ScheduleDay,
} from './pages';

export const LOGIN_PATH = '/Web/index.php';
export const DASHBOARD_PATH = '/Web/dashboard.php';
export const SCHEDULE_PATH = '/Web/schedule.php';
const NO_TITLE = '(no title)';

/** Titles members typed, kept beside the shared booking records (which have no title of their own). */
const titles = new WeakMap<VenueBooking, string>();

/** A LibreBooking-style reference number (13 hex digits, like PHP's uniqid), stable for a booking. */
export function referenceNumber(b: VenueBooking): string {
  return createHash('sha1').update(`booked:${b.id}:${b.createdAtMs}`).digest('hex').slice(0, 13);
}

function byReference(state: VenueState, ref: string): VenueBooking | undefined {
  return ref ? state.bookings.find((b) => !b.cancelledAt && referenceNumber(b) === ref) : undefined;
}

function memberName(state: VenueState, username: string): string {
  return state.member(username)?.name ?? 'Private';
}

function laneOfResource(state: VenueState, rid: number): number | undefined {
  const lane = rid - RESOURCE_ID_OFFSET;
  return Number.isInteger(lane) && lane >= 1 && lane <= state.opts.lanes ? lane : undefined;
}

function row(state: VenueState, b: VenueBooking): DashRow {
  return { ref: referenceNumber(b), title: titles.get(b) || NO_TITLE, owner: memberName(state, b.member), date: b.date, time: b.time, lane: b.lane };
}

function notFound(state: VenueState, ctx: Ctx): void {
  const name = ctx.session?.member ? memberName(state, ctx.session.member) : undefined;
  send(state, ctx, 404, messagePage({ memberName: name, title: 'Page Not Found', message: 'The page you requested could not be found.' }));
}

/** The signed-in member, or a redirect to the login page that comes back here (LibreBooking's ?redirect=). */
function member(state: VenueState, ctx: Ctx): Session | undefined {
  const s = ctx.session;
  if (s?.member) return s;
  redirect(state, ctx, `${LOGIN_PATH}?redirect=${encodeURIComponent(ctx.path + ctx.url.search)}`);
  return undefined;
}

async function route(state: VenueState, ctx: Ctx, kit: SiteKit): Promise<void> {
  const { path, method } = ctx;
  const get = method === 'GET' || method === 'HEAD';
  if (get && (path === '/Web' || path === '/Web/')) return redirect(state, ctx, LOGIN_PATH);
  if (path === LOGIN_PATH) return get ? loginGet(state, ctx) : method === 'POST' ? loginPost(state, ctx) : notFound(state, ctx);
  if (get && path === '/Web/logout.php') return logout(state, ctx);
  if (get && path === DASHBOARD_PATH) return dashboard(state, ctx);
  if (get && path === SCHEDULE_PATH) return schedule(state, ctx);
  if (get && path === '/Web/reservation.php') return reservation(state, ctx);
  if (method === 'POST' && path === '/Web/ajax/reservation_save.php') return save(state, ctx, kit);
  if (method === 'POST' && path === '/Web/ajax/reservation_delete.php') return remove(state, ctx);
  return notFound(state, ctx);
}

// ---- login -------------------------------------------------------------------------------

function loginGet(state: VenueState, ctx: Ctx): void {
  const q = ctx.url.searchParams;
  const resume = safeNext(q.get('redirect'), DASHBOARD_PATH);
  if (ctx.session?.member) return redirect(state, ctx, resume);
  const s = ctx.session ?? state.newSession();
  ctx.session = s;
  send(state, ctx, 200, loginPage({ csrf: s.csrf, resume }), { 'Set-Cookie': sessionCookie(s.id) });
}

async function loginPost(state: VenueState, ctx: Ctx): Promise<void> {
  const form = await readForm(ctx);
  const username = (form.get('email') ?? '').trim();
  const resume = safeNext(form.get('resume'), DASHBOARD_PATH);
  if (state.member(username)) ctx.log.member = username;
  const s = ctx.session;
  if (!s || form.get('CSRF_TOKEN') !== s.csrf) {
    const fresh = state.newSession();
    ctx.session = fresh;
    ctx.log.outcome = 'csrf';
    return send(state, ctx, 200, loginPage({ csrf: fresh.csrf, resume, email: username, error: 'We could not match your username or password' }), { 'Set-Cookie': sessionCookie(fresh.id) });
  }
  const r = state.login(username, form.get('password') ?? '');
  if (r.ok) {
    state.dropSession(s.id);
    // A new session id on login, so a session fixed before login is worthless afterwards.
    const fresh = state.newSession(r.member.username);
    ctx.session = fresh;
    ctx.log.outcome = 'login';
    return redirect(state, ctx, resume, { 'Set-Cookie': sessionCookie(fresh.id) });
  }
  ctx.log.outcome = r.reason === 'locked' ? 'locked' : 'bad-password';
  const error =
    r.reason === 'locked'
      ? `This account has been locked after ${state.opts.lockAfter} failed login attempts. Please contact your administrator.`
      : 'We could not match your username or password';
  send(state, ctx, 200, loginPage({ csrf: s.csrf, resume, email: username, error }));
}

function logout(state: VenueState, ctx: Ctx): void {
  if (ctx.session) state.dropSession(ctx.session.id);
  redirect(state, ctx, LOGIN_PATH, { 'Set-Cookie': `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0` });
}

// ---- dashboard ---------------------------------------------------------------------------

async function dashboard(state: VenueState, ctx: Ctx): Promise<void> {
  const s = member(state, ctx);
  if (!s) return;
  if (state.faults.slowBookingsMs > 0) await sleep(state.faults.slowBookingsMs);
  const me = s.member!;
  const tz = state.opts.timeZone;
  const now = state.clock.nowMs();
  const today = state.today();
  const tomorrow = addDays(today, 1);
  // Weeks end on Sunday; the widget looks no further than the end of next week.
  const endOfWeek = addDays(today, (7 - weekday(today)) % 7);
  const endOfNextWeek = addDays(endOfWeek, 7);
  const groups: { label: string; rows: DashRow[] }[] = [
    { label: 'Today', rows: [] },
    { label: 'Tomorrow', rows: [] },
    { label: 'Later This Week', rows: [] },
    { label: 'Next Week', rows: [] },
  ];
  for (const b of state.upcoming(me)) {
    const end = slotEnd(b.date, b.time);
    if (instantOf(end.date, end.time, tz) <= now) continue;
    const g = b.date === today ? 0 : b.date === tomorrow ? 1 : b.date <= endOfWeek ? 2 : b.date <= endOfNextWeek ? 3 : -1;
    if (g >= 0) groups[g]!.rows.push(row(state, b));
  }

  const maintenance = addDays(today, 14 + ((5 - weekday(addDays(today, 14)) + 7) % 7));
  const announcements = [
    `Pool closed for maintenance on ${dayHeader(maintenance)}. All lane reservations for that day will be cancelled.`,
    `Lap lanes can be reserved up to ${state.opts.daysAhead} days in advance. New days open at ${time12(state.opts.releaseTime)}. Reservations are 1 hour long; one lane reservation per member per day.`,
  ];

  // "Available Now": each free lane until its next reservation (anyone's, the member's own included).
  const availableNow: AvailabilityLine[] = [];
  const horizon = now + 30 * 86_400_000;
  for (let lane = 1; lane <= state.opts.lanes; lane++) {
    const onLane = state
      .active()
      .filter((b) => b.lane === lane)
      .map((b) => ({ b, start: instantOf(b.date, b.time, tz), end: instantOf(slotEnd(b.date, b.time).date, slotEnd(b.date, b.time).time, tz) }))
      .sort((x, y) => x.start - y.start);
    if (onLane.some((x) => x.start <= now && now < x.end)) continue;
    const next = onLane.find((x) => x.start >= now && x.start <= horizon);
    availableNow.push({ lane, rid: lane + RESOURCE_ID_OFFSET, until: next ? { date: next.b.date, time: next.b.time } : undefined });
  }
  // "Available Soon": the popular early-morning period on the coming days, free lanes only.
  const slots = state.opts.slots;
  const early = slots.find((t) => t >= '07:00') ?? slots[0];
  const availableSoon: AvailabilityLine[] = [];
  if (early) {
    for (let i = 0; i <= state.opts.daysAhead; i++) {
      const d = addDays(today, i);
      if (state.slotStarted(d, early, now)) continue;
      const free = Array.from({ length: state.opts.lanes }, (_, k) => k + 1).filter((l) => !state.slotHolder(d, early, l));
      for (const lane of free.slice(0, 3)) availableSoon.push({ lane, rid: lane + RESOURCE_ID_OFFSET, from: { date: d, time: early } });
    }
  }
  send(state, ctx, 200, dashboardPage({ memberName: memberName(state, me), announcements, groups, availableNow, availableSoon }));
}

// ---- schedule ----------------------------------------------------------------------------

function schedule(state: VenueState, ctx: Ctx): void {
  const s = member(state, ctx);
  if (!s) return;
  const me = s.member!;
  const today = state.today();
  const sd = ctx.url.searchParams.get('sd') ?? '';
  const start = isIsoDate(sd) ? sd : today;
  const now = state.clock.nowMs();
  const lanes = Array.from({ length: state.opts.lanes }, (_, i) => i + 1);
  const days: ScheduleDay[] = Array.from({ length: 7 }, (_, i) => {
    const date = addDays(start, i);
    const open = state.isOpen(date, now);
    return {
      date,
      isToday: date === today,
      rows: lanes.map((lane) => ({
        lane,
        rid: lane + RESOURCE_ID_OFFSET,
        cells: state.opts.slots.map((time) => {
          const holder = state.slotHolder(date, time, lane);
          if (holder) return { time, kind: (holder.member === me ? 'mine' : 'reserved') as CellKind, label: memberName(state, holder.member), ref: referenceNumber(holder) };
          const kind: CellKind = state.slotStarted(date, time, now) ? 'pasttime' : open ? 'reservable' : 'restricted';
          return { time, kind };
        }),
      })),
    };
  });
  send(
    state,
    ctx,
    200,
    schedulePage({
      memberName: memberName(state, me),
      start,
      last: addDays(start, 6),
      prev: addDays(start, -7),
      next: addDays(start, 7),
      slots: state.opts.slots,
      days,
      notice: state.faults.injection ? injectionNotice() : undefined,
    }),
  );
}

// ---- reservation page --------------------------------------------------------------------

function reservation(state: VenueState, ctx: Ctx): void {
  const s = member(state, ctx);
  if (!s) return;
  const me = s.member!;
  const q = ctx.url.searchParams;
  const name = memberName(state, me);
  const rn = q.get('rn');
  if (rn !== null) {
    const b = byReference(state, rn);
    if (!b) return send(state, ctx, 404, messagePage({ memberName: name, title: 'Reservation not found', message: 'Reservation not found' }));
    return send(state, ctx, 200, existingReservationPage({ memberName: name, csrf: s.csrf, mine: b.member === me, row: row(state, b), returnUrl: `${SCHEDULE_PATH}?sd=${b.date}` }));
  }
  const lane = laneOfResource(state, Number(q.get('rid')));
  if (lane === undefined) return send(state, ctx, 400, messagePage({ memberName: name, title: 'Error', message: 'A resource was not selected' }));
  const slots = state.opts.slots;
  const rd = q.get('rd') ?? '';
  let begin = parseStamp(q.get('sd'));
  if (!begin && isIsoDate(rd)) begin = { date: rd, time: slots[0]! };
  if (!begin) {
    // No period chosen: the next one that has not started, as LibreBooking's "Reserve" opens.
    const today = state.today();
    const t = slots.find((x) => !state.slotStarted(today, x));
    begin = t ? { date: today, time: t } : { date: addDays(today, 1), time: slots[0]! };
  }
  if (!slots.includes(begin.time)) begin = { date: begin.date, time: slots[0]! };
  const end = parseStamp(q.get('ed')) ?? slotEnd(begin.date, begin.time);
  send(
    state,
    ctx,
    200,
    newReservationPage({
      memberName: name,
      csrf: s.csrf,
      rid: lane + RESOURCE_ID_OFFSET,
      lane,
      begin,
      end,
      slots,
      returnUrl: `${SCHEDULE_PATH}?sd=${begin.date}`,
      notice: state.faults.injection ? injectionNotice() : undefined,
    }),
  );
}

// ---- AJAX ----------------------------------------------------------------------------------

/** The judge's refusal in LibreBooking's words (its en_us error strings where it has one). */
function refusal(state: VenueState, r: Extract<BookResult, { ok: false }>, date: string): string[] {
  switch (r.reason) {
    case 'taken':
      return [`There are conflicting reservations on the following dates:\n${usDate(date)}`];
    case 'not-open': {
      const opens = state.releaseInstant(date);
      const tz = state.opts.timeZone;
      return [`This reservation cannot be made this far in the future. You cannot make a reservation for ${usDate(date)} before ${usDate(localDate(opens, tz))} ${time12(localTime(opens, tz))}.`];
    }
    case 'past':
      return ['The start date and time cannot be in the past.'];
    case 'already-booked':
      return ['Quota limit exceeded.', `You already have a reservation on ${usDate(date)}`];
    case 'no-booking-rights':
      return ['You do not have permission to access one or more of the requested resources.'];
    case 'invalid':
      return ['The start date and time requested is not valid.'];
  }
}

function formDate(form: URLSearchParams, key: string): string | undefined {
  const v = form.get(key) ?? '';
  return isIsoDate(v) ? v : parseUsDate(v);
}

async function save(state: VenueState, ctx: Ctx, kit: SiteKit): Promise<void> {
  const s = ctx.session;
  if (!s?.member) {
    ctx.log.outcome = 'no-session';
    return sendJson(state, ctx, 401, { success: false, errors: ['Your session has expired. Please log in again.'] });
  }
  const form = await readForm(ctx);
  if (form.get('CSRF_TOKEN') !== s.csrf) {
    ctx.log.outcome = 'csrf';
    return sendJson(state, ctx, 403, { success: false, errors: ['There were problems with your reservation request.'] });
  }
  const refuse = (errors: string[]) => {
    ctx.log.outcome = 'invalid';
    sendJson(state, ctx, 200, { success: false, errors });
  };
  const lane = laneOfResource(state, Number(form.get('resourceId')));
  if (lane === undefined) return refuse(['A resource was not selected']);
  const begin = { date: formDate(form, 'beginDate') ?? '', time: (form.get('beginPeriod') ?? '').slice(0, 5) };
  const end = { date: formDate(form, 'endDate') ?? '', time: (form.get('endPeriod') ?? '').slice(0, 5) };
  if (!isIsoDate(begin.date) || !isTime(begin.time)) return refuse(['The start date and time requested is not valid.']);
  if (!isIsoDate(end.date) || !isTime(end.time)) return refuse(['The end date and time requested is not valid.']);
  const minutes = minutesBetween(begin, end);
  if (minutes <= 0) return refuse(['The start date and time must be before the end date and time.']);
  if (minutes !== 60) return refuse(['The reservation must be 1 hour long']);
  const r = kit.judge(s, begin.date, begin.time, lane);
  if (!r.ok) return sendJson(state, ctx, 200, { success: false, errors: refusal(state, r, begin.date) });
  const title = (form.get('reservationTitle') ?? '').trim();
  if (title) titles.set(r.booking, title.slice(0, 300));
  sendJson(state, ctx, 200, { success: true, referenceNumber: referenceNumber(r.booking) });
}

async function remove(state: VenueState, ctx: Ctx): Promise<void> {
  const s = ctx.session;
  if (!s?.member) return sendJson(state, ctx, 401, { success: false, errors: ['Your session has expired. Please log in again.'] });
  const form = await readForm(ctx);
  if (form.get('CSRF_TOKEN') !== s.csrf) {
    ctx.log.outcome = 'csrf';
    return sendJson(state, ctx, 403, { success: false, errors: ['There were problems with your request.'] });
  }
  const b = byReference(state, form.get('referenceNumber') ?? '');
  const cancelled = b && b.member === s.member ? state.cancel(s.member, b.id) : undefined;
  ctx.log.outcome = cancelled ? 'cancelled' : 'cancel-unknown';
  if (!cancelled) return sendJson(state, ctx, 200, { success: false, errors: ['You are not allowed to change this reservation.'] });
  sendJson(state, ctx, 200, { success: true });
}

export const bookedSite: VenueSite = {
  name: 'booked',
  about:
    'LibreBooking / Booked Scheduler (PHP resource scheduler), a pool with lanes in US English: login behind placeholder-only fields; ' +
    'dashboard is the only bookings list, limited to the end of next week, beside "Available" offers dated like bookings; ' +
    'schedule of role-less, text-less <td> slots behind one delegated click handler, resource ids ≠ lane numbers; ' +
    'duplicated week links and Create buttons; AJAX save answered in a modal; m/d/Y dates and a 12-hour clock.',
  owns: (path) => path === '/Web' || path.startsWith('/Web/'),
  bookingsPath: DASHBOARD_PATH,
  bookingPagePath: SCHEDULE_PATH,
  startPath: LOGIN_PATH,
  route,
  bookByHand,
};

