// Venue site "piscine": Piscine des Tourelles' online booking, modelled on French municipal sites built on
// a FullCalendar resource planning. Its warts: the slots are FullCalendar events ("Libre", "Complet",
// "Ma réservation") drawn by the library after load, with no role; lanes are resources whose ids are not
// the lane numbers; the booking form has two identical "Confirmer la réservation" buttons; "Mes
// réservations" shows only this week and next week, with day-first dates (08/12/2026).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { addDays, isIsoDate, localDate, localTime, mondayOf } from '../../calendar';
import { dayBoard } from '../../board';
import { readForm, safeNext, send, sendJson, sessionCookie, SESSION_COOKIE, type Ctx } from '../../http';
import type { Session, VenueState } from '../../state';
import type { SiteKit, VenueSite } from '../../site';
import type { VenueBooking } from '../../types';
import { endOf, frDate, frLong } from './format';
import { bookByHand } from './hand';
import { laneOf, resourceId } from './lanes';
import { ASSET, lockedPage, loginPage, notFoundPage, reservationPage, reservationsPage, type Offer, type Shell } from './pages';

const PAGES = new Set(['/connexion', '/deconnexion', '/reservation', '/api/creneaux', '/api/reservations', '/mon-compte/reservations', '/mon-compte/annuler']);

const require = createRequire(import.meta.url);
const JS = 'text/javascript; charset=utf-8';
const ASSETS: Record<string, { file: () => string; type: string }> = {
  // The scheduler bundle does not export its browser build, so it is found next to its package.json.
  [`${ASSET}/fullcalendar-scheduler.min.js`]: { file: () => join(dirname(require.resolve('fullcalendar-scheduler/package.json')), 'index.global.min.js'), type: JS },
  [`${ASSET}/fullcalendar-fr.js`]: { file: () => require.resolve('@fullcalendar/core/locales/fr.global.min.js'), type: JS },
  [`${ASSET}/flatpickr.min.js`]: { file: () => require.resolve('flatpickr/dist/flatpickr.min.js'), type: JS },
  [`${ASSET}/flatpickr.min.css`]: { file: () => require.resolve('flatpickr/dist/flatpickr.min.css'), type: 'text/css; charset=utf-8' },
  [`${ASSET}/l10n/fr.js`]: { file: () => require.resolve('flatpickr/dist/l10n/fr.js'), type: JS },
};
const assetCache = new Map<string, string>();

function assetBody(path: string): string | undefined {
  const a = ASSETS[path];
  if (!a) return undefined;
  let body = assetCache.get(path);
  if (body === undefined) {
    body = readFileSync(a.file(), 'utf8');
    assetCache.set(path, body);
  }
  return body;
}

/** Reservation numbers as the site prints them ("Numéro : PT-7012"). */
export function reservationNumber(b: Pick<VenueBooking, 'id'>): string {
  return `PT-${7000 + Number(b.id.replace(/\D/g, ''))}`;
}

/** The first and last day "Mes réservations" shows: Monday of this week to Sunday of next week. */
export function listWindow(today: string): { from: string; to: string } {
  const from = mondayOf(today);
  return { from, to: addDays(from, 13) };
}

function shell(state: VenueState, ctx: Ctx): Shell {
  return { memberName: state.member(ctx.session?.member)?.name, csrf: ctx.session?.csrf, injection: state.faults.injection };
}

function found(state: VenueState, ctx: Ctx, location: string, headers: Record<string, string> = {}): void {
  send(state, ctx, 302, `<!doctype html><p>Redirection vers <a href="${location}">${location}</a></p>`, { Location: location, ...headers });
}

function member(state: VenueState, ctx: Ctx): Session | undefined {
  const s = ctx.session;
  if (s?.member) return s;
  const expired = ctx.cookies[SESSION_COOKIE] && !s ? 'expiree=1&' : '';
  const suivant = ctx.method === 'GET' ? ctx.path + ctx.url.search : '/reservation';
  if (ctx.method !== 'GET') ctx.log.outcome = 'no-session';
  found(state, ctx, `/connexion?${expired}suivant=${encodeURIComponent(suivant)}`);
  return undefined;
}

function opening(state: VenueState, date: string): { day: string; time: string } {
  const r = state.releaseInstant(date);
  return { day: frDate(localDate(r, state.opts.timeZone)), time: localTime(r, state.opts.timeZone) };
}

// ---- pages ---------------------------------------------------------------------------------

function loginGet(state: VenueState, ctx: Ctx): void {
  const q = ctx.url.searchParams;
  const suivant = safeNext(q.get('suivant'), '/reservation');
  if (ctx.session?.member) return found(state, ctx, suivant);
  const s = ctx.session ?? state.newSession();
  ctx.session = s;
  const info = q.get('expiree') ? 'Votre session a expiré. Veuillez vous reconnecter.' : q.get('deconnecte') ? 'Vous êtes déconnecté.' : undefined;
  send(state, ctx, 200, loginPage(shell(state, ctx), { csrf: s.csrf, suivant, info }), { 'Set-Cookie': sessionCookie(s.id) });
}

async function loginPost(state: VenueState, ctx: Ctx): Promise<void> {
  const form = await readForm(ctx);
  const username = (form.get('identifiant') ?? '').trim();
  const suivant = safeNext(form.get('suivant'), '/reservation');
  if (state.member(username)) ctx.log.member = username;
  const s = ctx.session;
  if (!s || form.get('_token') !== s.csrf) {
    const fresh = state.newSession();
    ctx.session = fresh;
    ctx.log.outcome = 'csrf';
    return send(state, ctx, 419, loginPage(shell(state, ctx), { csrf: fresh.csrf, suivant, username, erreur: 'La page a expiré. Veuillez réessayer.' }), { 'Set-Cookie': sessionCookie(fresh.id) });
  }
  const r = state.login(username, form.get('mot_de_passe') ?? '');
  if (r.ok) {
    state.dropSession(s.id);
    const fresh = state.newSession(r.member.username);
    ctx.session = fresh;
    ctx.log.outcome = 'login';
    return found(state, ctx, suivant, { 'Set-Cookie': sessionCookie(fresh.id) });
  }
  ctx.log.outcome = r.reason === 'locked' ? 'locked' : 'bad-password';
  if (r.reason === 'locked') return send(state, ctx, 423, lockedPage(shell(state, ctx), state.opts.lockAfter));
  send(state, ctx, 401, loginPage(shell(state, ctx), { csrf: s.csrf, suivant, username, erreur: 'Identifiant ou mot de passe incorrect.' }));
}

async function logoutPost(state: VenueState, ctx: Ctx): Promise<void> {
  const form = await readForm(ctx);
  const s = ctx.session;
  if (s?.member && form.get('_token') !== s.csrf) {
    ctx.log.outcome = 'csrf';
    return found(state, ctx, '/reservation');
  }
  if (s) state.dropSession(s.id);
  found(state, ctx, '/connexion?deconnecte=1', { 'Set-Cookie': `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0` });
}

function reservationGet(state: VenueState, ctx: Ctx): void {
  const s = member(state, ctx);
  if (!s) return;
  const q = ctx.url.searchParams.get('date') ?? '';
  const date = isIsoDate(q) ? q : state.today();
  const slots = state.opts.slots;
  const nowMs = state.clock.nowMs();
  send(
    state,
    ctx,
    200,
    reservationPage(
      shell(state, ctx),
      {
        date,
        // FullCalendar's "today" and "now" follow the venue's clock, not the visitor's machine.
        maintenant: `${localDate(nowMs, state.opts.timeZone)}T${localTime(nowMs, state.opts.timeZone)}:00`,
        debut: `${slots[0] ?? '06:00'}:00`,
        fin: `${endOf(slots[slots.length - 1] ?? '21:00')}:00`,
        horaires: slots,
        lignes: Array.from({ length: state.opts.lanes }, (_, i) => ({ id: resourceId(i + 1), title: `Ligne ${i + 1}`, position: i + 1 })),
      },
      `Les réservations ouvrent ${state.opts.daysAhead} jours à l’avance à ${state.opts.releaseTime}.`,
    ),
  );
}

/** FullCalendar's event feed: one event per lane and hour of each day asked for (start ≤ day < end). */
function slotsApi(state: VenueState, ctx: Ctx): void {
  const s = ctx.session;
  if (!s?.member) return sendJson(state, ctx, 401, { message: 'Session expirée.' });
  const start = (ctx.url.searchParams.get('start') ?? '').slice(0, 10);
  const end = (ctx.url.searchParams.get('end') ?? '').slice(0, 10);
  if (!isIsoDate(start) || !isIsoDate(end) || end <= start || end > addDays(start, 7)) return sendJson(state, ctx, 400, { message: 'Période invalide.' });
  const creneaux: unknown[] = [];
  let bandeau: string | null = null;
  for (let d = start; d < end; d = addDays(d, 1)) {
    const board = dayBoard(state, s.member, d);
    if (!board.open) {
      const o = opening(state, d);
      bandeau ??= `Les réservations pour le ${frLong(d)} ouvriront le ${o.day} à ${o.time}.`;
    }
    for (const time of board.slots)
      for (const lane of board.lanes) {
        const c = board.cell(time, lane);
        // A day not yet open and the hours gone by show no slot at all, as on the real planning.
        if (c === 'past' || (c === 'free' && !board.open)) continue;
        const [title, etat, cls] = c === 'free' ? ['Libre', 'libre', 'creneau-libre'] : c === 'mine' ? ['Ma réservation', 'mien', 'creneau-mien'] : ['Complet', 'complet', 'creneau-complet'];
        creneaux.push({ id: `${d}-${time}-${resourceId(lane)}`, resourceId: resourceId(lane), start: `${d}T${time}:00`, end: `${d}T${endOf(time)}:00`, title, classNames: [cls], extendedProps: { etat, jour: frLong(d) } });
      }
  }
  sendJson(state, ctx, 200, { bandeau, creneaux });
}

async function bookApi(state: VenueState, ctx: Ctx, kit: SiteKit): Promise<void> {
  const s = ctx.session;
  if (!s?.member) {
    ctx.log.outcome = 'no-session';
    return sendJson(state, ctx, 401, { ok: false, message: 'Votre session a expiré. Veuillez vous reconnecter.' });
  }
  const form = await readForm(ctx);
  if (form.get('_token') !== s.csrf) {
    ctx.log.outcome = 'csrf';
    return sendJson(state, ctx, 419, { ok: false, message: 'La page a expiré. Veuillez recharger la page et réessayer.' });
  }
  const date = form.get('date') ?? '';
  const debut = form.get('debut') ?? '';
  if (form.get('fin') !== endOf(debut)) {
    ctx.log.outcome = 'invalid';
    return sendJson(state, ctx, 422, { ok: false, message: 'Une réservation dure une heure : l’heure de fin doit suivre l’heure de début d’une heure.' });
  }
  const r = kit.judge(s, date, debut, laneOf(form.get('ressource') ?? '', state.opts.lanes));
  if (r.ok) return sendJson(state, ctx, 201, { ok: true, numero: reservationNumber(r.booking) });
  const o = isIsoDate(date) ? opening(state, date) : { day: '', time: '' };
  const words: Record<typeof r.reason, [number, string]> = {
    taken: [409, 'Ce créneau n’est plus disponible.'],
    'not-open': [409, `Les réservations pour le ${isIsoDate(date) ? frDate(date) : date} ne sont pas encore ouvertes (ouverture le ${o.day} à ${o.time}).`],
    'already-booked': [409, 'Vous avez déjà une réservation ce jour-là.'],
    'no-booking-rights': [403, 'Votre abonnement ne permet pas de réserver en ligne.'],
    past: [409, 'Ce créneau a déjà commencé.'],
    invalid: [422, 'Créneau invalide.'],
  };
  const [status, message] = words[r.reason];
  sendJson(state, ctx, status, { ok: false, message });
}

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

async function reservationsGet(state: VenueState, ctx: Ctx): Promise<void> {
  const s = member(state, ctx);
  if (!s) return;
  if (state.faults.slowBookingsMs > 0) await sleep(state.faults.slowBookingsMs);
  const { from, to } = listWindow(state.today());
  const q = ctx.url.searchParams;
  const annulee = q.get('annulee');
  send(
    state,
    ctx,
    200,
    reservationsPage(shell(state, ctx), {
      list: state.upcoming(s.member!).filter((b) => b.date >= from && b.date <= to),
      number: reservationNumber,
      offers: offers(state, s.member!),
      flash: annulee ? `Votre réservation ${annulee} a été annulée.` : undefined,
      erreur: q.get('erreur') ? 'La réservation n’a pas pu être annulée. Veuillez recharger la page.' : undefined,
    }),
  );
}

async function cancelPost(state: VenueState, ctx: Ctx): Promise<void> {
  const s = member(state, ctx);
  if (!s) return;
  const form = await readForm(ctx);
  if (form.get('_token') !== s.csrf) {
    ctx.log.outcome = 'csrf';
    return found(state, ctx, '/mon-compte/reservations?erreur=1');
  }
  const nr = form.get('numero') ?? '';
  const target = state.bookings.find((b) => b.member === s.member && reservationNumber(b) === nr);
  const b = target && state.cancel(s.member!, target.id);
  ctx.log.outcome = b ? 'cancelled' : 'cancel-unknown';
  found(state, ctx, b ? `/mon-compte/reservations?annulee=${encodeURIComponent(nr)}` : '/mon-compte/reservations?erreur=1');
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
  if (path === '/connexion') return get ? loginGet(state, ctx) : method === 'POST' ? loginPost(state, ctx) : notFound();
  if (method === 'POST' && path === '/deconnexion') return logoutPost(state, ctx);
  if (get && path === '/reservation') return reservationGet(state, ctx);
  if (get && path === '/api/creneaux') return slotsApi(state, ctx);
  if (method === 'POST' && path === '/api/reservations') return bookApi(state, ctx, kit);
  if (get && path === '/mon-compte/reservations') return reservationsGet(state, ctx);
  if (method === 'POST' && path === '/mon-compte/annuler') return cancelPost(state, ctx);
  return notFound();
}

export const piscine: VenueSite = {
  name: 'piscine',
  about:
    'French municipal pool ("Piscine des Tourelles – Réservation en ligne") on a FullCalendar resource time grid: role-less "Libre" events drawn after load, lane resources with ids unrelated to lane numbers, a booking form with two identical "Confirmer la réservation" buttons, and "Mes réservations" limited to this week and next with 08/12/2026 dates.',
  owns: (path) => PAGES.has(path) || path.startsWith(`${ASSET}/`),
  bookingsPath: '/mon-compte/reservations',
  bookingPagePath: '/reservation',
  startPath: '/connexion',
  route,
  bookByHand,
};
