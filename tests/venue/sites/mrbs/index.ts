// Venue site "mrbs": the pool set up in MRBS (Meeting Room Booking System, PHP), an area "Pool" whose rooms
// are the lanes. Reproduces the second real site Lanebot failed on: a day view anyone can see, a "Log in"
// form button that leads to admin.php (a different page once logged in) where the login form is written
// by script after load, identical "Create a new booking" links told apart only by row and column, a Save
// that silently lands back on the day view, and "my entries" whose rows arrive by script without lanes.
import { setTimeout as sleep } from 'node:timers/promises';
import { isIsoDate, localDate, localTime } from '../../calendar';
import { dayBoard } from '../../board';
import { readForm, redirect, send, sendJson, sessionCookie, SESSION_COOKIE, type Ctx } from '../../http';
import type { Session, VenueState } from '../../state';
import type { SiteKit, VenueSite } from '../../site';
import { FLATPICKR_CSS, FLATPICKR_JS } from './client';
import { bookByHand } from './hand';
import {
  bookingOfEntry,
  entryIdOf,
  entryText,
  hm,
  isoOf,
  laneOfRoom,
  mrbsDate,
  rememberText,
  roomIdOf,
  secondsOf,
  shortName,
} from './model';
import { adminPage, conflictPage, dayPage, dayViewHref, editEntryPage, errorPage, helpPage, loginPage, reportPage, reportRow, viewEntryPage, type Frame } from './pages';

const BASE = '/mrbs/';

export const mrbsSite: VenueSite = {
  name: 'mrbs',
  about:
    'MRBS (Meeting Room Booking System) with an area "Pool" whose rooms are the lanes (room id = lane + 4). Day view public; "Log in" is a form button to admin.php?target_url=… whose login form is written by script 500–900 ms after load (admin.php is the admin page once logged in); free cells are empty links all named "Create a new booking"; Save redirects to the day view with no confirmation; "my entries" (report.php) fills its table from ajax/my_entries.php 300–1500 ms after load, with no lane.',
  owns: (path) => path === '/mrbs' || path.startsWith(BASE),
  bookingsPath: '/mrbs/report.php?phase=2',
  bookingPagePath: '/mrbs/index.php',
  startPath: '/mrbs/index.php',
  route,
  bookByHand,
};

async function route(state: VenueState, ctx: Ctx, kit: SiteKit): Promise<void> {
  const file = ctx.path === '/mrbs' ? '' : ctx.path.slice(BASE.length);
  const get = ctx.method === 'GET' || ctx.method === 'HEAD';
  const post = ctx.method === 'POST';
  if (get && file === '') return redirect(state, ctx, `${BASE}index.php`);
  if (get && file === 'index.php') return dayView(state, ctx);
  if (file === 'admin.php') return get ? adminGet(state, ctx) : post ? adminPost(state, ctx) : kit.notFound();
  if (get && file === 'edit_entry.php') return editEntry(state, ctx);
  if (post && file === 'edit_entry_handler.php') return editEntryHandler(state, ctx, kit);
  if (get && file === 'view_entry.php') return viewEntry(state, ctx);
  if (post && file === 'del_entry.php') return delEntry(state, ctx);
  if (get && file === 'report.php') return report(state, ctx);
  if (get && file === 'ajax/my_entries.php') return myEntries(state, ctx);
  if (get && file === 'help.php') return send(state, ctx, 200, helpPage(frame(state, ctx, 'help')));
  if (get && file === 'js/flatpickr/flatpickr.min.js') return asset(state, ctx, FLATPICKR_JS, 'text/javascript; charset=utf-8');
  if (get && file === 'js/flatpickr/flatpickr.min.css') return asset(state, ctx, FLATPICKR_CSS, 'text/css; charset=utf-8');
  return kit.notFound();
}

function asset(state: VenueState, ctx: Ctx, body: string, type: string): void {
  send(state, ctx, 200, body, { 'Content-Type': type, 'Cache-Control': 'public, max-age=3600' });
}

// ---- shared bits ----------------------------------------------------------------------------

/** This page relative to /mrbs/, as MRBS's this_page(true) gives it ("index.php?view=day&…"). */
function here(ctx: Ctx): string {
  return ctx.path.slice(BASE.length) + ctx.url.search;
}

function frame(state: VenueState, ctx: Ctx, page: string, date = state.today(), hereOverride?: string): Frame {
  const s = ctx.session;
  return { user: s?.member, csrf: s?.csrf, here: hereOverride ?? here(ctx), date, page, injection: state.faults.injection };
}

/** The date a page is about: page_date=yyyy-mm-dd, or year/month/day as the day view's links carry it. */
function pageDate(state: VenueState, ctx: Ctx): string {
  const p = ctx.url.searchParams;
  const pd = p.get('page_date') ?? '';
  if (isIsoDate(pd)) return pd;
  const y = Number(p.get('year')), m = Number(p.get('month')), d = Number(p.get('day'));
  if (Number.isInteger(y) && Number.isInteger(m) && Number.isInteger(d) && y > 0) {
    const iso = isoOf(y, m, d);
    if (isIsoDate(iso)) return iso;
  }
  return state.today();
}

/** Where target_url/returl may send a member: only pages of this site. */
function resolveTarget(t: string | null | undefined): string {
  const v = (t ?? '').trim();
  if (!v || v.startsWith('//') || v.includes('\\') || /^[a-z][a-z0-9+.-]*:/i.test(v)) return `${BASE}index.php`;
  if (v.startsWith('/')) return v.startsWith(BASE) ? v : `${BASE}index.php`;
  return BASE + v;
}

/** The session a login form posts with; a visitor without one gets one (and its CSRF token) now. */
function visitorSession(state: VenueState, ctx: Ctx): Session {
  const s = ctx.session ?? state.newSession();
  ctx.session = s;
  return s;
}

function showLogin(state: VenueState, ctx: Ctx, o: { targetUrl: string; error?: string; username?: string; status?: number; date?: string }): void {
  const s = visitorSession(state, ctx);
  const f = frame(state, ctx, 'admin', o.date);
  // The banner of a login page belongs to a visitor, even if the form just failed for a member's name.
  f.user = s.member;
  send(state, ctx, o.status ?? 200, loginPage(f, { csrf: s.csrf, targetUrl: o.targetUrl, error: o.error, username: o.username }), { 'Set-Cookie': sessionCookie(s.id) });
}

/** The member's session; otherwise this page answers with the login form, coming back here after. */
function member(state: VenueState, ctx: Ctx): Session | undefined {
  const s = ctx.session;
  if (s?.member) return s;
  showLogin(state, ctx, { targetUrl: ctx.method === 'GET' ? here(ctx) : 'index.php' });
  return undefined;
}

// ---- pages ----------------------------------------------------------------------------------

function dayView(state: VenueState, ctx: Ctx): void {
  const date = pageDate(state, ctx);
  const who = ctx.session?.member;
  const board = dayBoard(state, who ?? '', date);
  const highlight = Number(ctx.url.searchParams.get('timetohighlight'));
  const html = dayPage(frame(state, ctx, 'index', date), {
    board,
    highlight: Number.isInteger(highlight) ? highlight : undefined,
    // MRBS knows nothing of release rules or the past: every unbooked slot offers the same link.
    cells: (time, lane) => {
      const holder = state.slotHolder(date, time, lane);
      if (!holder) return { status: 'free' };
      return { status: 'booked', entryId: entryIdOf(holder), text: entryText(state, holder), mine: holder.member === who };
    },
  });
  send(state, ctx, 200, html);
}

function adminGet(state: VenueState, ctx: Ctx): void {
  if (!ctx.session?.member) return showLogin(state, ctx, { targetUrl: ctx.url.searchParams.get('target_url') ?? 'index.php' });
  // Logged in, the very same URL is the areas and rooms page: target_url means nothing here.
  const lanes = Array.from({ length: state.opts.lanes }, (_, i) => i + 1);
  send(state, ctx, 200, adminPage(frame(state, ctx, 'admin'), lanes));
}

async function adminPost(state: VenueState, ctx: Ctx): Promise<void> {
  const form = await readForm(ctx);
  const target = form.get('target_url') ?? 'index.php';
  if (form.get('action') !== 'SetName') {
    if (!ctx.session?.member) return showLogin(state, ctx, { targetUrl: target });
    return adminGet(state, ctx);
  }
  const s = ctx.session;
  if (!s || form.get('csrf_token') !== s.csrf) {
    ctx.log.outcome = 'csrf';
    if (s?.member) return send(state, ctx, 403, errorPage(frame(state, ctx, 'admin'), 'Error', 'This session has expired. Please reload the page and try again.'));
    return showLogin(state, ctx, { targetUrl: target, error: 'This session has expired. Please log in again.', status: 403 });
  }
  const username = (form.get('username') ?? '').trim();
  if (username === '') {
    // "Log out" is the same form with an empty name.
    state.dropSession(s.id);
    return redirect(state, ctx, resolveTarget(target), { 'Set-Cookie': `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0` });
  }
  const r = state.login(username, form.get('password') ?? '');
  if (r.ok) {
    state.dropSession(s.id);
    const fresh = state.newSession(r.member.username);
    ctx.session = fresh;
    ctx.log.outcome = 'login';
    return redirect(state, ctx, resolveTarget(target), { 'Set-Cookie': sessionCookie(fresh.id) });
  }
  ctx.log.outcome = r.reason === 'locked' ? 'locked' : 'bad-password';
  if (r.reason === 'locked') {
    return showLogin(state, ctx, { targetUrl: target, username, status: 423, error: `This account is locked after ${state.opts.lockAfter} unsuccessful login attempts. Please contact the administrator.` });
  }
  showLogin(state, ctx, { targetUrl: target, username, error: 'Unknown user or password' });
}

function editEntry(state: VenueState, ctx: Ctx): void {
  const s = member(state, ctx);
  if (!s) return;
  const p = ctx.url.searchParams;
  const date = pageDate(state, ctx);
  const f = frame(state, ctx, 'edit_entry', date);
  const lane = laneOfRoom(Number(p.get('room') ?? roomIdOf(1)));
  if (!Number.isInteger(lane) || lane < 1 || lane > state.opts.lanes) {
    return send(state, ctx, 200, errorPage(f, 'Error', 'You are trying to create or edit an entry for a room that doesn\'t exist. This might be because you are using a bookmark that is no longer valid. It is not generally recommended to use bookmarks that take you straight to the booking form. Instead it is better to get to the booking form from the calendar view.'));
  }
  const starts = state.opts.slots.map(secondsOf);
  const want = Number(p.get('hour') ?? NaN) * 3600 + Number(p.get('minute') ?? 0) * 60;
  const startSeconds = starts.includes(want) ? want : starts[0]!;
  const lanes = Array.from({ length: state.opts.lanes }, (_, i) => i + 1);
  send(state, ctx, 200, editEntryPage(f, { csrf: s.csrf, date, startSeconds, slots: state.opts.slots, lanes, lane, name: shortName(state, s.member!), returl: dayViewHref(date), member: s.member! }));
}

async function editEntryHandler(state: VenueState, ctx: Ctx, kit: SiteKit): Promise<void> {
  const s = ctx.session;
  if (!s?.member) {
    ctx.log.outcome = 'no-session';
    return showLogin(state, ctx, { targetUrl: 'index.php' });
  }
  const form = await readForm(ctx);
  const f = (date?: string) => frame(state, ctx, 'edit_entry_handler', date, 'index.php');
  if (form.get('csrf_token') !== s.csrf) {
    ctx.log.outcome = 'csrf';
    return send(state, ctx, 403, errorPage(f(), 'Error', 'This session has expired. Please go back, reload the page and try again.'));
  }
  const invalid = (title: string, message: string, status = 200) => {
    ctx.log.outcome = 'invalid';
    send(state, ctx, status, errorPage(f(), title, message));
  };
  const name = (form.get('name') ?? '').trim();
  if (!name) return invalid('Invalid booking', 'You must set a brief description for the booking. Please go back and enter one.');
  const startDate = form.get('start_date') ?? '';
  const endDate = form.get('end_date') ?? startDate;
  if (!isIsoDate(startDate) || !isIsoDate(endDate)) return invalid('Invalid booking', 'Invalid booking', 400);
  const roomField = form.get('rooms[]') ?? form.get('rooms');
  if (!roomField) return invalid('Invalid booking', 'You must select a room.');
  const lane = laneOfRoom(Number(roomField));
  if (!Number.isInteger(lane) || lane < 1 || lane > state.opts.lanes) return invalid('Error', 'You are trying to create or edit an entry for a room that doesn\'t exist.');
  const startSeconds = Number(form.get('start_seconds'));
  const endSeconds = Number(form.get('end_seconds'));
  if (!Number.isInteger(startSeconds) || !Number.isInteger(endSeconds)) return invalid('Invalid booking', 'Invalid booking', 400);
  if (endDate < startDate || (endDate === startDate && endSeconds <= startSeconds)) return invalid('Error', 'Error: the start day cannot be after the end day.');
  if (endDate !== startDate || endSeconds - startSeconds !== 3600) {
    // Lanes are booked by the hour: the area's maximum (and only) duration.
    ctx.log.outcome = 'invalid';
    return send(state, ctx, 200, conflictPage(f(startDate), { policies: ['The maximum duration of a booking is 1 hour'] }));
  }
  const time = hm(startSeconds);
  const r = kit.judge(s, startDate, time, lane);
  if (r.ok) {
    rememberText(state, r.booking, { name: name.slice(0, 80), description: (form.get('description') ?? '').slice(0, 2000) });
    // No confirmation page: MRBS goes back to the calendar, on the day of the new booking.
    return redirect(state, ctx, BASE + dayViewHref(startDate));
  }
  switch (r.reason) {
    case 'taken': {
      const holder = state.slotHolder(startDate, time, lane);
      if (holder) {
        const conflicts = [{ entryId: entryIdOf(holder), name: entryText(state, holder).name, time, date: startDate, lane }];
        return send(state, ctx, 200, conflictPage(f(startDate), { conflicts }));
      }
      return send(state, ctx, 200, conflictPage(f(startDate), { policies: [r.message] }));
    }
    case 'not-open': {
      const opens = state.releaseInstant(startDate);
      const tz = state.opts.timeZone;
      const rule = `Bookings cannot be made before ${localTime(opens, tz)} on ${mrbsDate(localDate(opens, tz))}`;
      return send(state, ctx, 200, conflictPage(f(startDate), { policies: [rule] }));
    }
    case 'past':
      return send(state, ctx, 200, conflictPage(f(startDate), { policies: ['You cannot create a booking which starts in the past'] }));
    case 'already-booked':
      return send(state, ctx, 200, conflictPage(f(startDate), { policies: ['You already have a booking on this day'] }));
    case 'no-booking-rights':
      return send(state, ctx, 403, errorPage(f(startDate), 'Access Denied', 'You do not have access rights to modify this item.'));
    case 'invalid':
      return send(state, ctx, 400, errorPage(f(startDate), 'Invalid booking', r.message));
  }
}

function viewEntry(state: VenueState, ctx: Ctx): void {
  const id = Number(ctx.url.searchParams.get('id'));
  const b = bookingOfEntry(state, id);
  const who = ctx.session?.member;
  if (!b || b.cancelledAt) return send(state, ctx, 404, errorPage(frame(state, ctx, 'view_entry'), 'Error', 'Invalid entry id.'));
  const writable = who !== undefined && who === b.member;
  send(state, ctx, 200, viewEntryPage(frame(state, ctx, 'view_entry', b.date), { b, entryId: id, text: entryText(state, b), writable, csrf: ctx.session?.csrf, createdBy: b.member }));
}

async function delEntry(state: VenueState, ctx: Ctx): Promise<void> {
  const s = member(state, ctx);
  if (!s) return;
  const form = await readForm(ctx);
  if (form.get('csrf_token') !== s.csrf) {
    ctx.log.outcome = 'csrf';
    return send(state, ctx, 403, errorPage(frame(state, ctx, 'del_entry'), 'Error', 'This session has expired. Please go back, reload the page and try again.'));
  }
  const b = bookingOfEntry(state, Number(form.get('id')));
  const cancelled = b ? state.cancel(s.member!, b.id) : undefined;
  ctx.log.outcome = cancelled ? 'cancelled' : 'cancel-unknown';
  if (!cancelled) return send(state, ctx, 404, errorPage(frame(state, ctx, 'del_entry'), 'Access Denied', 'You do not have access rights to modify this item.'));
  redirect(state, ctx, resolveTarget(form.get('returl') ?? dayViewHref(cancelled.date)));
}

async function report(state: VenueState, ctx: Ctx): Promise<void> {
  const s = member(state, ctx);
  if (!s) return;
  if (state.faults.slowBookingsMs > 0) await sleep(state.faults.slowBookingsMs);
  send(state, ctx, 200, reportPage(frame(state, ctx, 'report')));
}

/** The report's rows (DataTables aaData): the member's own live entries from today, without the room. */
async function myEntries(state: VenueState, ctx: Ctx): Promise<void> {
  const who = ctx.session?.member;
  if (!who) return sendJson(state, ctx, 403, { error: 'Access Denied' });
  // The slow part of the real report is the server; the page's script renders the rows as soon as they come.
  const delay = state.faults.listDelayMs ?? 300 + Math.floor(Math.random() * 1201);
  if (delay > 0) await sleep(delay);
  const list = state.upcoming(who);
  sendJson(state, ctx, 200, { aaData: list.map((b) => reportRow(b, entryIdOf(b), entryText(state, b))) });
}

