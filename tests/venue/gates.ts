// What can stand between a member and a booking on the original layouts (grid, cards, wizard), switched on by
// faults: a check only a person can pass (captcha widgets whose third-party frames never load here, a "verify you
// are human" interstitial, a waiting room, a code "sent by e-mail" after login), an authenticator (TOTP) step
// after the password, and a checkout where the booking is paid from the account's credit or by card.
// A passed check hands out a clearance cookie (like a real bot wall), so the browser that passed it carries it.
import { randomBytes, randomInt } from 'node:crypto';
import { verifySync } from 'otplib';
import { longDate } from './calendar';
import { esc, page, type Chrome } from './html';
import { readForm, redirect, safeNext, send, type Ctx } from './http';
import type { Session, VenueState } from './state';
import type { HumanCheckKind } from './types';

export const CLEARANCE_COOKIE = 'rlc_clearance';

type Lang = 'en' | 'de' | 'fr';

/** The original layouts' booking pages and booking requests: where a bot wall stands. */
function guarded(ctx: Ctx): boolean {
  const p = ctx.path;
  return p === '/book' || p === '/timetable' || p === '/timetable/book' || p.startsWith('/wizard') || p === '/api/slots';
}

type Words = Record<'title' | 'lede' | 'robot' | 'go' | 'botTitle' | 'bot' | 'human' | 'waitTitle' | 'wait' | 'waitMore' | 'enter' | 'codeTitle' | 'code' | 'codeLabel' | 'codeGo' | 'codeBad', string>;

const WORDS: Record<Lang, Words> = {
  en: {
    title: 'One more step', lede: 'Before you continue to the booking pages, please complete the check below.', robot: "I'm not a robot", go: 'Continue',
    botTitle: 'Just a moment…', bot: 'Checking your browser before accessing the booking site.', human: 'Verify you are human',
    waitTitle: 'Waiting room', wait: 'You are now in line.', waitMore: 'Your estimated wait time is 3 minutes. Please keep this page open.', enter: 'Enter the booking site when it is your turn',
    codeTitle: 'Check your e-mail', code: 'We sent a verification code to a•••@example.com. Enter the verification code to continue.', codeLabel: 'Verification code', codeGo: 'Verify',
    codeBad: 'That code is not right. Check the e-mail and try again.',
  },
  de: {
    title: 'Noch ein Schritt', lede: 'Bevor Sie zur Buchung weitergehen, schließen Sie bitte die Prüfung unten ab.', robot: 'Ich bin kein Roboter', go: 'Weiter',
    botTitle: 'Einen Moment…', bot: 'Ihr Browser wird überprüft, bevor Sie auf die Buchungsseite zugreifen.', human: 'Bestätigen Sie, dass Sie ein Mensch sind',
    waitTitle: 'Warteschlange', wait: 'Sie befinden sich jetzt in der Warteschlange.', waitMore: 'Geschätzte Wartezeit: 3 Minuten. Bitte lassen Sie diese Seite geöffnet.', enter: 'Zur Buchungsseite, wenn Sie an der Reihe sind',
    codeTitle: 'Prüfen Sie Ihre E-Mails', code: 'Wir haben Ihnen einen Bestätigungscode an a•••@example.com gesendet. Geben Sie den Bestätigungscode ein.', codeLabel: 'Bestätigungscode', codeGo: 'Bestätigen',
    codeBad: 'Der Code ist nicht richtig.',
  },
  fr: {
    title: 'Encore une étape', lede: 'Avant de continuer vers la réservation, veuillez compléter la vérification ci-dessous.', robot: 'Je ne suis pas un robot', go: 'Continuer',
    botTitle: 'Un instant…', bot: 'Vérification de votre navigateur avant d’accéder au site de réservation.', human: 'Vérifiez que vous êtes humain',
    waitTitle: 'File d’attente', wait: 'Vous êtes maintenant dans la file d’attente.', waitMore: 'Temps d’attente estimé : 3 minutes. Gardez cette page ouverte.', enter: 'Accéder au site quand c’est votre tour',
    codeTitle: 'Consultez vos e-mails', code: 'Nous vous avons envoyé un code de vérification à a•••@example.com. Saisissez le code de vérification pour continuer.', codeLabel: 'Code de vérification', codeGo: 'Vérifier',
    codeBad: 'Ce code n’est pas correct.',
  },
};

/** The widget of a captcha kind: its container class, site key and third-party frame (which confinement blocks). */
function widget(kind: HumanCheckKind): string {
  switch (kind) {
    case 'recaptcha':
      return `<div class="g-recaptcha" data-sitekey="6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI"><iframe title="reCAPTCHA" width="304" height="78" src="https://www.google.com/recaptcha/api2/anchor?ar=1&amp;k=6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI&amp;hl=en&amp;size=normal"></iframe></div>`;
    case 'hcaptcha':
      return `<div class="h-captcha" data-sitekey="10000000-ffff-ffff-ffff-000000000001"><iframe title="Widget containing checkbox for hCaptcha security challenge" width="303" height="78" src="https://newassets.hcaptcha.com/captcha/v1/static/hcaptcha.html#frame=checkbox&amp;sitekey=10000000-ffff-ffff-ffff-000000000001"></iframe></div>`;
    case 'turnstile':
      return `<div class="cf-turnstile" data-sitekey="1x00000000000000000000AA"><iframe title="Widget containing a Cloudflare security challenge" width="300" height="65" src="https://challenges.cloudflare.com/cdn-cgi/challenge-platform/h/b/turnstile/if/ov2/av0/rcv0/0/x/1x00000000000000000000AA/light/normal"></iframe></div>`;
    default:
      return '';
  }
}

/**
 * The check page. A person passes it by ticking the box and pressing the button (here the box stands for the
 * widget's own challenge, which cannot load without the provider); that hands out a clearance cookie.
 */
function checkPage(c: Chrome, kind: HumanCheckKind, lang: Lang, next: string): string {
  const w = WORDS[lang];
  const body =
    kind === 'bot-check'
      ? `<h1>${esc(w.botTitle)}</h1><p>${esc(w.bot)}</p>`
      : kind === 'waiting-room'
        ? `<h1>${esc(w.waitTitle)}</h1><p>${esc(w.wait)}</p><p>${esc(w.waitMore)}</p>`
        : `<h1>${esc(w.title)}</h1><p class="lede">${esc(w.lede)}</p>${widget(kind)}`;
  const tick = kind === 'waiting-room' ? w.enter : kind === 'bot-check' ? w.human : w.robot;
  return page(
    c,
    kind === 'bot-check' ? w.botTitle : kind === 'waiting-room' ? w.waitTitle : w.title,
    `<div class="panel" style="max-width:520px;margin:20px auto" lang="${lang}">${body}
<form method="post" action="/gate/pass"><input type="hidden" name="next" value="${esc(next)}">
<p><label><input type="checkbox" name="human" value="yes" required> ${esc(tick)}</label></p>
<button type="submit">${esc(w.go)}</button></form></div>`,
  );
}

function codePage(c: Chrome, lang: Lang, next: string, error?: string): string {
  const w = WORDS[lang];
  return page(
    c,
    w.codeTitle,
    `<div class="panel" style="max-width:440px;margin:20px auto" lang="${lang}"><h1>${esc(w.codeTitle)}</h1><p>${esc(w.code)}</p>
${error ? `<p class="alert error" role="alert">${esc(error)}</p>` : ''}
<form method="post" action="/login/code"><input type="hidden" name="next" value="${esc(next)}">
<div class="field"><label for="code">${esc(w.codeLabel)}</label><input id="code" name="code" autocomplete="one-time-code" inputmode="numeric" required></div>
<button type="submit">${esc(w.codeGo)}</button></form></div>`,
  );
}

function totpPage(c: Chrome, next: string, error?: string): string {
  return page(
    c,
    'Two-step verification',
    `<div class="panel" style="max-width:440px;margin:20px auto"><h1>Two-step verification</h1>
<p>Enter the 6-digit code from your authenticator app.</p>
${error ? `<p class="alert error" role="alert">${esc(error)}</p>` : ''}
<form method="post" action="/login/2fa"><input type="hidden" name="next" value="${esc(next)}">
<div class="field"><label for="otp">Authentication code</label><input id="otp" name="code" autocomplete="one-time-code" inputmode="numeric" maxlength="6" pattern="[0-9]{6}" required></div>
<button type="submit">Verify</button></form></div>`,
  );
}

function checkoutPage(c: Chrome, s: Session, price: number, credit: number, error?: string): string {
  const h = s.checkout!;
  const p = price.toFixed(2);
  return page(
    c,
    'Checkout',
    `<div class="panel" style="max-width:560px;margin:20px auto"><h1>Checkout</h1>
<p>Lap swimming, Lane ${h.lane} at ${esc(h.time)} on ${esc(longDate(h.date))}.</p>
<p><strong>Price: ${p}</strong></p>
${error ? `<p class="alert error" role="alert">${esc(error)}</p>` : ''}
<form method="post" action="/checkout/credit"><input type="hidden" name="csrf" value="${esc(s.csrf)}"><input type="hidden" name="hold" value="${esc(h.id)}">
<button type="submit">Pay ${p} from your account credit (balance ${credit.toFixed(2)})</button></form>
<h2 style="margin-top:20px">Pay by card</h2>
<form method="post" action="/checkout/card"><input type="hidden" name="csrf" value="${esc(s.csrf)}"><input type="hidden" name="hold" value="${esc(h.id)}">
<div class="field"><label for="cardnumber">Card number</label><input id="cardnumber" name="cardnumber" autocomplete="cc-number" inputmode="numeric"></div>
<div class="field"><label for="exp">Expiry date</label><input id="exp" name="exp" autocomplete="cc-exp" placeholder="MM/YY"></div>
<div class="field"><label for="cvc">Security code</label><input id="cvc" name="cvc" autocomplete="cc-csc" inputmode="numeric"></div>
<button type="submit">Pay ${p} by card</button></form></div>`,
  );
}

function luhn(digits: string): boolean {
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return sum % 10 === 0;
}

function langOf(state: VenueState): Lang {
  return state.faults.humanCheck?.lang ?? 'en';
}

export interface GateDeps {
  chrome(): Chrome;
  /** Books for the member as the layouts' final request does (the one place a booking is judged). */
  book(s: Session, date: string, time: string, lane: number, back: string): void;
}

/**
 * After a right password: the second step that is due, if any (the session stays "pending" until it is passed).
 * Returns where to send the member instead of `next`.
 */
export function afterPassword(state: VenueState, s: Session, member: string, next: string): string | undefined {
  const m = state.member(member);
  if (state.faults.twoFactor && m?.totpSecret) {
    s.pending = { kind: 'totp', next };
    return `/login/2fa?next=${encodeURIComponent(next)}`;
  }
  if (state.faults.humanCheck?.kind === 'email-code') {
    state.sentCodes.set(member, String(randomInt(0, 1_000_000)).padStart(6, '0'));
    s.pending = { kind: 'email', next };
    return `/login/code?next=${encodeURIComponent(next)}`;
  }
  return undefined;
}

/**
 * The gates' own routes and the walls in front of booking pages. Returns true when it answered the request.
 * Runs before the layouts' routes, on the original layouts only.
 */
export async function gateRoute(state: VenueState, ctx: Ctx, d: GateDeps): Promise<boolean> {
  const s = ctx.session;
  const { path, method } = ctx;
  const get = method === 'GET' || method === 'HEAD';
  // A half-logged-in session may only finish its second step.
  if (s?.pending && path !== '/login/code' && path !== '/login/2fa' && path !== '/logout' && path !== '/cookies') {
    redirect(state, ctx, s.pending.kind === 'totp' ? `/login/2fa?next=${encodeURIComponent(s.pending.next)}` : `/login/code?next=${encodeURIComponent(s.pending.next)}`);
    return true;
  }
  if (path === '/login/2fa' || path === '/login/code') {
    if (!s?.pending) { redirect(state, ctx, '/login'); return true; }
    const next = safeNext(ctx.url.searchParams.get('next') ?? s.pending.next, '/');
    if (get) {
      send(state, ctx, 200, s.pending.kind === 'totp' ? totpPage(d.chrome(), next) : codePage(d.chrome(), langOf(state), next));
      return true;
    }
    const form = await readForm(ctx);
    const code = (form.get('code') ?? '').replace(/\s+/g, '');
    const member = s.member!;
    const ok = s.pending.kind === 'totp'
      ? /^\d{6}$/.test(code) && verifySync({ secret: state.member(member)!.totpSecret!, token: code, epochTolerance: 30 }).valid
      : code !== '' && code === state.sentCodes.get(member);
    ctx.log.member = member;
    if (!ok) {
      ctx.log.outcome = 'bad-code';
      send(state, ctx, 401, s.pending.kind === 'totp' ? totpPage(d.chrome(), next, 'That code is not right. Try again.') : codePage(d.chrome(), langOf(state), next, WORDS[langOf(state)].codeBad));
      return true;
    }
    const to = safeNext(form.get('next'), s.pending.next);
    s.pending = undefined;
    ctx.log.outcome = 'second-step';
    redirect(state, ctx, to);
    return true;
  }
  if (method === 'POST' && path === '/gate/pass') {
    const form = await readForm(ctx);
    const next = safeNext(form.get('next'), '/');
    if (form.get('human') !== 'yes') { redirect(state, ctx, next); return true; }
    const token = randomBytes(16).toString('base64url');
    state.clearances.add(token);
    ctx.log.outcome = 'passed-check';
    redirect(state, ctx, next, { 'Set-Cookie': `${CLEARANCE_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax` });
    return true;
  }
  const check = state.faults.humanCheck;
  if (check && check.kind !== 'email-code' && guarded(ctx) && !state.clearances.has(ctx.cookies[CLEARANCE_COOKIE] ?? '')) {
    // A booking request without clearance is answered with the wall too: nothing is booked behind it.
    if (!get) ctx.log.outcome = 'human-check';
    const next = get ? ctx.path + ctx.url.search : '/';
    send(state, ctx, 403, checkPage(d.chrome(), check.kind, check.lang ?? 'en', next));
    return true;
  }
  if (path === '/checkout' && get) {
    if (!s?.member || !s.checkout || !state.faults.payment) { redirect(state, ctx, '/'); return true; }
    send(state, ctx, 200, checkoutPage(d.chrome(), s, state.faults.payment.price, state.creditOf(s.member)));
    return true;
  }
  if ((path === '/checkout/credit' || path === '/checkout/card') && method === 'POST') {
    const form = await readForm(ctx);
    if (!s?.member || !s.checkout || !state.faults.payment || form.get('hold') !== s.checkout.id || form.get('csrf') !== s.csrf) {
      ctx.log.outcome = 'checkout-expired';
      redirect(state, ctx, '/');
      return true;
    }
    const price = state.faults.payment.price;
    const member = s.member;
    if (path === '/checkout/credit') {
      if (state.creditOf(member) < price) {
        ctx.log.outcome = 'no-credit';
        send(state, ctx, 402, checkoutPage(d.chrome(), s, price, state.creditOf(member), 'Your account credit is too low for this booking.'));
        return true;
      }
    } else if (!luhn((form.get('cardnumber') ?? '').replace(/[\s-]/g, '')) || !(form.get('exp') ?? '').trim() || !/^\d{3,4}$/.test(form.get('cvc') ?? '')) {
      ctx.log.outcome = 'card-declined';
      send(state, ctx, 402, checkoutPage(d.chrome(), s, price, state.creditOf(member), 'Your card was declined.'));
      return true;
    }
    const h = s.checkout;
    const before = state.bookings.length;
    s.checkout = undefined;
    d.book(s, h.date, h.time, h.lane, '/');
    const made = state.bookings.length > before ? state.bookings[state.bookings.length - 1] : undefined;
    if (made && made.member === member) {
      if (path === '/checkout/credit') state.credits.set(member, state.creditOf(member) - price);
      state.payments.push({ member, amount: price, method: path === '/checkout/credit' ? 'credit' : 'card', bookingId: made.id, at: new Date(ctx.arrivedMs).toISOString() });
    }
    return true;
  }
  return false;
}

/**
 * With the `payment` fault, a booking request does not book: it holds the choice and sends the member to the
 * checkout. Returns true when it did.
 */
export function holdForCheckout(state: VenueState, ctx: Ctx, s: Session, date: string, time: string, lane: number): boolean {
  if (!state.faults.payment) return false;
  s.checkout = { id: randomBytes(6).toString('hex'), date, time, lane };
  ctx.log.outcome = 'checkout';
  redirect(state, ctx, '/checkout');
  return true;
}
