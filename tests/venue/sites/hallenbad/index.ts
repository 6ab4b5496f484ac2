// Venue site "hallenbad": Stadtbad Lindenau's online lane booking, modelled on German municipal
// "Bahnbuchung"/Sportstätten portals. Its warts: a first visit without the `sprache` cookie detours through
// /sprache and lands on the start page (not the page asked for); dates are dd.MM.yyyy everywhere; the
// booking commits by fetch from a confirm dialog and the outcome appears in a second dialog; the account
// page puts "Freie Plätze" offers (date, time, lane) right next to the member's own bookings.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { addDays, localDate, localTime } from '../../calendar';
import { dayBoard } from '../../board';
import { HttpError, readBody, readForm, safeNext, send, sendJson, sessionCookie, SESSION_COOKIE, type Ctx } from '../../http';
import type { Session, VenueState } from '../../state';
import type { SiteKit, VenueSite } from '../../site';
import type { VenueBooking } from '../../types';
import { bookByHand } from './hand';
import { deDate, fromDeDate } from './format';
import { accountPage, ASSET, bookingPage, lockedPage, loginPage, notFoundPage, type Cell, type Offer, type Shell } from './pages';

const LANG_COOKIE = 'sprache';
const PAGES = new Set(['/', '/sprache', '/anmelden', '/abmelden', '/buchen', '/konto', '/konto/stornieren', '/api/buchungen']);

const require = createRequire(import.meta.url);
const ASSETS: Record<string, { file: string; type: string }> = {
  [`${ASSET}/flatpickr.min.js`]: { file: 'flatpickr/dist/flatpickr.min.js', type: 'text/javascript; charset=utf-8' },
  [`${ASSET}/flatpickr.min.css`]: { file: 'flatpickr/dist/flatpickr.min.css', type: 'text/css; charset=utf-8' },
  [`${ASSET}/l10n/de.js`]: { file: 'flatpickr/dist/l10n/de.js', type: 'text/javascript; charset=utf-8' },
};
const assetCache = new Map<string, string>();

function assetBody(path: string): string | undefined {
  const a = ASSETS[path];
  if (!a) return undefined;
  let body = assetCache.get(path);
  if (body === undefined) {
    body = readFileSync(require.resolve(a.file), 'utf8');
    assetCache.set(path, body);
  }
  return body;
}

/** Booking numbers as the portal prints them ("SB-30412"); the venue's own ids stay internal. */
export function bookingNumber(b: Pick<VenueBooking, 'id'>): string {
  return `SB-${30400 + Number(b.id.replace(/\D/g, ''))}`;
}

function shell(state: VenueState, ctx: Ctx): Shell {
  return { memberName: state.member(ctx.session?.member)?.name, csrf: ctx.session?.csrf, injection: state.faults.injection };
}

/** The real portal answers its redirects with 302, not 303. */
function found(state: VenueState, ctx: Ctx, location: string, headers: Record<string, string> = {}): void {
  send(state, ctx, 302, `<!doctype html><p>Weiterleitung nach <a href="${location}">${location}</a></p>`, { Location: location, ...headers });
}

function member(state: VenueState, ctx: Ctx): Session | undefined {
  const s = ctx.session;
  if (s?.member) return s;
  const expired = ctx.cookies[SESSION_COOKIE] && !s ? 'abgelaufen=1&' : '';
  const weiter = ctx.method === 'GET' ? ctx.path + ctx.url.search : '/buchen';
  if (ctx.method !== 'GET') ctx.log.outcome = 'no-session';
  found(state, ctx, `/anmelden?${expired}weiter=${encodeURIComponent(weiter)}`);
  return undefined;
}

function releaseWords(state: VenueState, date: string): { day: string; time: string } {
  const r = state.releaseInstant(date);
  return { day: deDate(localDate(r, state.opts.timeZone)), time: localTime(r, state.opts.timeZone) };
}

// ---- pages ---------------------------------------------------------------------------------

function loginGet(state: VenueState, ctx: Ctx): void {
  const q = ctx.url.searchParams;
  const weiter = safeNext(q.get('weiter'), '/buchen');
  if (ctx.session?.member) return found(state, ctx, weiter);
  const s = ctx.session ?? state.newSession();
  ctx.session = s;
  const info = q.get('abgelaufen') ? 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.' : q.get('abgemeldet') ? 'Sie wurden erfolgreich abgemeldet.' : undefined;
  send(state, ctx, 200, loginPage(shell(state, ctx), { csrf: s.csrf, weiter, info }), { 'Set-Cookie': sessionCookie(s.id) });
}

async function loginPost(state: VenueState, ctx: Ctx): Promise<void> {
  const form = await readForm(ctx);
  const username = (form.get('benutzername') ?? '').trim();
  const weiter = safeNext(form.get('weiter'), '/buchen');
  if (state.member(username)) ctx.log.member = username;
  const s = ctx.session;
  if (!s || form.get('csrf_token') !== s.csrf) {
    const fresh = state.newSession();
    ctx.session = fresh;
    ctx.log.outcome = 'csrf';
    return send(state, ctx, 403, loginPage(shell(state, ctx), { csrf: fresh.csrf, weiter, username, fehler: 'Das Anmeldeformular ist abgelaufen. Bitte versuchen Sie es erneut.' }), { 'Set-Cookie': sessionCookie(fresh.id) });
  }
  const r = state.login(username, form.get('passwort') ?? '');
  if (r.ok) {
    state.dropSession(s.id);
    const fresh = state.newSession(r.member.username);
    ctx.session = fresh;
    ctx.log.outcome = 'login';
    return found(state, ctx, weiter, { 'Set-Cookie': sessionCookie(fresh.id) });
  }
  ctx.log.outcome = r.reason === 'locked' ? 'locked' : 'bad-password';
  if (r.reason === 'locked') return send(state, ctx, 423, lockedPage(shell(state, ctx), state.opts.lockAfter));
  send(state, ctx, 401, loginPage(shell(state, ctx), { csrf: s.csrf, weiter, username, fehler: 'Benutzername oder Passwort ist falsch.' }));
}

async function logoutPost(state: VenueState, ctx: Ctx): Promise<void> {
  const form = await readForm(ctx);
  const s = ctx.session;
  if (s?.member && form.get('csrf_token') !== s.csrf) {
    ctx.log.outcome = 'csrf';
    return found(state, ctx, '/konto');
  }
  if (s) state.dropSession(s.id);
  found(state, ctx, '/anmelden?abgemeldet=1', { 'Set-Cookie': `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0` });
}

function bookingGet(state: VenueState, ctx: Ctx): void {
  const s = member(state, ctx);
  if (!s) return;
  const date = fromDeDate(ctx.url.searchParams.get('datum') ?? '') ?? state.today();
  const board = dayBoard(state, s.member!, date);
  const release = releaseWords(state, date);
  const cell = (time: string, lane: number): Cell => {
    const c = board.cell(time, lane);
    if (c === 'taken') return { kind: 'belegt' };
    if (c === 'mine') return { kind: 'eigene' };
    if (c === 'past') return { kind: 'vorbei' };
    return board.open ? { kind: 'frei' } : { kind: 'gesperrt', ab: release.day };
  };
  const today = state.today();
  send(
    state,
    ctx,
    200,
    bookingPage(shell(state, ctx), {
      date,
      prev: addDays(date, -1),
      next: addDays(date, 1),
      min: today,
      max: addDays(today, state.opts.daysAhead + 14),
      slots: board.slots,
      lanes: board.lanes,
      cell,
      rule: `Buchungen sind ${state.opts.daysAhead} Tage im Voraus ab ${state.opts.releaseTime} Uhr möglich.`,
      opens: board.open ? undefined : `Buchungen für diesen Tag sind ab ${release.day}, ${release.time} Uhr möglich.`,
    }),
  );
}

/** The fetch POST behind "Verbindlich buchen": JSON in, JSON out, judged by the venue's one rule book. */
async function bookApi(state: VenueState, ctx: Ctx, kit: SiteKit): Promise<void> {
  const s = ctx.session;
  if (!s?.member) {
    ctx.log.outcome = 'no-session';
    return sendJson(state, ctx, 401, { erfolg: false, meldung: 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.' });
  }
  const raw = await readBody(ctx);
  let body: Record<string, unknown>;
  if ((ctx.req.headers['content-type'] ?? '').includes('application/json')) {
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      throw new HttpError(400, 'Ungültige Anfrage.');
    }
  } else body = Object.fromEntries(new URLSearchParams(raw));
  const token = ctx.req.headers['x-csrf-token'] ?? body.csrf_token;
  if (token !== s.csrf) {
    ctx.log.outcome = 'csrf';
    return sendJson(state, ctx, 403, { erfolg: false, meldung: 'Die Seite ist abgelaufen. Bitte laden Sie die Seite neu und versuchen Sie es erneut.' });
  }
  const datum = String(body.datum ?? '');
  const date = fromDeDate(datum) ?? datum;
  const r = kit.judge(s, date, String(body.beginn ?? ''), Number(body.bahn));
  if (r.ok) return sendJson(state, ctx, 201, { erfolg: true, buchungsnummer: bookingNumber(r.booking) });
  const words: Record<typeof r.reason, [number, string]> = {
    taken: [409, 'Dieser Platz ist leider bereits vergeben.'],
    'not-open': [409, `Buchungen für den ${datum} sind erst ab ${releaseWords(state, date).day}, ${releaseWords(state, date).time} Uhr möglich.`],
    'already-booked': [409, 'Sie haben für diesen Tag bereits eine Buchung.'],
    'no-booking-rights': [403, 'Für dieses Konto sind keine Buchungen möglich.'],
    past: [409, 'Dieser Termin hat bereits begonnen und kann nicht mehr gebucht werden.'],
    invalid: [400, 'Ungültige Auswahl. Bitte wählen Sie Datum, Uhrzeit und Bahn erneut.'],
  };
  const [status, meldung] = words[r.reason];
  sendJson(state, ctx, status, { erfolg: false, meldung });
}

/** Free lanes at the popular times of the newest bookable days: offers, worded much like bookings. */
function offers(state: VenueState, username: string): Offer[] {
  const today = state.today();
  const newest = addDays(state.nextReleaseDate(), -1);
  const out: Offer[] = [];
  const times = ['07:00', '18:00'].filter((t) => state.opts.slots.includes(t));
  const laneOrder = [2, 3, 4, 1, 5, 6].filter((l) => l <= state.opts.lanes);
  for (let d = addDays(newest, -3); d <= newest; d = addDays(d, 1)) {
    if (d <= today) continue;
    const board = dayBoard(state, username, d);
    for (const time of times) {
      const lane = laneOrder.find((l) => board.cell(time, l) === 'free');
      if (lane !== undefined) out.push({ lane, date: d, time });
    }
  }
  return out;
}

async function accountGet(state: VenueState, ctx: Ctx): Promise<void> {
  const s = member(state, ctx);
  if (!s) return;
  if (state.faults.slowBookingsMs > 0) await sleep(state.faults.slowBookingsMs);
  const q = ctx.url.searchParams;
  const storniert = q.get('storniert');
  send(
    state,
    ctx,
    200,
    accountPage(shell(state, ctx), {
      list: state.upcoming(s.member!),
      number: bookingNumber,
      offers: offers(state, s.member!),
      flash: storniert ? `Ihre Buchung ${storniert} wurde storniert.` : undefined,
      fehler: q.get('fehler') ? 'Die Buchung konnte nicht storniert werden. Bitte laden Sie die Seite neu.' : undefined,
    }),
  );
}

async function cancelPost(state: VenueState, ctx: Ctx): Promise<void> {
  const s = member(state, ctx);
  if (!s) return;
  const form = await readForm(ctx);
  if (form.get('csrf_token') !== s.csrf) {
    ctx.log.outcome = 'csrf';
    return found(state, ctx, '/konto?fehler=1');
  }
  const nr = form.get('buchungsnr') ?? '';
  const target = state.bookings.find((b) => b.member === s.member && bookingNumber(b) === nr);
  const b = target && state.cancel(s.member!, target.id);
  ctx.log.outcome = b ? 'cancelled' : 'cancel-unknown';
  found(state, ctx, b ? `/konto?storniert=${encodeURIComponent(nr)}` : '/konto?fehler=1');
}

// ---- the site --------------------------------------------------------------------------------

async function route(state: VenueState, ctx: Ctx, kit: SiteKit): Promise<void> {
  const { path, method } = ctx;
  const get = method === 'GET' || method === 'HEAD';
  const notFound = () => send(state, ctx, 404, notFoundPage(shell(state, ctx)));
  if (path.startsWith(`${ASSET}/`)) {
    const body = get ? assetBody(path) : undefined;
    if (body === undefined) return notFound();
    return send(state, ctx, 200, body, { 'Content-Type': ASSETS[path]!.type, 'Cache-Control': 'public, max-age=86400' });
  }
  if (get && path === '/sprache') {
    // Whatever page the visitor asked for, the language choice always ends on the start page.
    return found(state, ctx, '/', { 'Set-Cookie': `${LANG_COOKIE}=de; Path=/; Max-Age=31536000; SameSite=Lax` });
  }
  if (get && !ctx.cookies[LANG_COOKIE]) return found(state, ctx, '/sprache?auswahl=de');
  if (get && path === '/') return found(state, ctx, ctx.session?.member ? '/buchen' : '/anmelden');
  if (path === '/anmelden') return get ? loginGet(state, ctx) : method === 'POST' ? loginPost(state, ctx) : notFound();
  if (method === 'POST' && path === '/abmelden') return logoutPost(state, ctx);
  if (get && path === '/buchen') return bookingGet(state, ctx);
  if (method === 'POST' && path === '/api/buchungen') return bookApi(state, ctx, kit);
  if (get && path === '/konto') return accountGet(state, ctx);
  if (method === 'POST' && path === '/konto/stornieren') return cancelPost(state, ctx);
  return notFound();
}

export const hallenbad: VenueSite = {
  name: 'hallenbad',
  about:
    'German municipal indoor pool ("Stadtbad Lindenau – Online-Buchung", Bahnbuchung/Sportstätten portals): a first visit detours through a language cookie and lands on the start page; dd.MM.yyyy dates and a flatpickr (de) picker; confirm dialog → fetch → result dialog; account page mixes "Freie Plätze" offers with the bookings.',
  owns: (path) => PAGES.has(path) || path.startsWith(`${ASSET}/`),
  bookingsPath: '/konto',
  bookingPagePath: '/buchen',
  startPath: '/',
  route,
  bookByHand,
};
