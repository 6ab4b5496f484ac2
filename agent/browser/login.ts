// Deterministic login without the model: find the password field and its username field, fill secrets, submit, judge.
// A login behind a click ("Log in" that opens or leads to the form) is followed, and a form a script writes in late
// is waited for (bounded); whether a page is logged out is judged by its state, never by a recorded path.
import type { Frame, Locator, Page } from 'playwright-core';
import { isPasswordSecret, isTotpSecret } from '../core/secret-names';
import { isAllowedUrl } from './confine';
import { dismissCookieBanner } from './consent';
import { AgentError } from '../core/failure';
import { classifyText, detectOutcome } from '../page/outcome';
import { watchPage } from './settle';
import { scanPage } from './checks';
import { checkStop, enterAuthenticatorCode } from './needs-you';

export interface LoginSecrets {
  username?: { name: string; value: string };
  password?: { name: string; value: string };
}

/** Which configured secret is the username and which the password, judged by name. */
export function pickLoginSecrets(secrets: Map<string, string>): LoginSecrets {
  // The authenticator's seed is neither a username nor a password.
  const names = [...secrets.keys()].filter((n) => !isTotpSecret(n));
  const pw = names.find(isPasswordSecret);
  const user = names.find((n) => n !== pw && /user|email|login|member|card|account|id|name/i.test(n)) ?? names.find((n) => n !== pw);
  return {
    password: pw ? { name: pw, value: secrets.get(pw)! } : undefined,
    username: user ? { name: user, value: secrets.get(user)! } : undefined,
  };
}

async function firstVisible(loc: Locator): Promise<Locator | undefined> {
  const n = await loc.count();
  for (let i = 0; i < n; i++) {
    const l = loc.nth(i);
    if (await l.isVisible().catch(() => false)) return l;
  }
  return undefined;
}

/** The frame (main or child) that shows a visible password field. */
export async function findLoginFrame(page: Page): Promise<{ frame: Frame; password: Locator } | undefined> {
  for (const frame of page.frames()) {
    const password = await firstVisible(frame.locator('input[type="password"]')).catch(() => undefined);
    if (password) return { frame, password };
  }
  return undefined;
}

export type LoginOutcome = 'not-needed' | 'logged-in';

/** Buttons and links that open a login ("Log in", "Anmelden", "Se connecter"…), whole names only. */
export const LOGIN_CONTROL = /^\s*(log ?in|log ?on|sign ?in|login|anmelden|einloggen|se connecter|connexion|inloggen|aanmelden|iniciar sesi[oó]n|accedi)\s*$/i;
/** Buttons and links that end a session. */
export const LOGOUT_CONTROL = /^\s*(log ?out|log ?off|sign ?out|logout|abmelden|ausloggen|se d[ée]connecter|d[ée]connexion|uitloggen|afmelden|cerrar sesi[oó]n|esci)\s*$/i;

/** How long a login form may take to appear after the page (or the click that asks for it). */
export const LATE_FORM_MS = 6_000;

async function visibleControl(page: Page, name: RegExp): Promise<Locator | undefined> {
  const loc = page.getByRole('button', { name }).or(page.getByRole('link', { name })).filter({ visible: true });
  return (await loc.count().catch(() => 0)) > 0 ? loc.first() : undefined;
}

/** The visible login control of a page that shows no logout control (a logged-out page with its form behind a click). */
export async function loginControl(page: Page): Promise<Locator | undefined> {
  const [login, logout] = await Promise.all([visibleControl(page, LOGIN_CONTROL), visibleControl(page, LOGOUT_CONTROL)]);
  return login && !logout ? login : undefined;
}

/** Is the page logged out? A visible password field, or a login control and no logout control. */
export async function pageLoggedOut(page: Page): Promise<boolean> {
  if (await findLoginFrame(page)) return true;
  return !!(await loginControl(page));
}

/** Waits (bounded) for a password field a script writes in late. */
export async function waitForLoginFrame(page: Page, timeoutMs: number): Promise<{ frame: Frame; password: Locator } | undefined> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const found = await findLoginFrame(page);
    if (found || Date.now() >= end || page.isClosed()) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Logs in if the page shows a login form. One try only: a wrong password must never be retried
 * (venues lock accounts). Throws AgentError for login-failed / account-locked / no secrets.
 */
export async function loginIfNeeded(
  page: Page,
  opts: { secrets: Map<string, string>; allowed: Set<string>; timeoutMs: number; lateFormMs?: number },
): Promise<LoginOutcome> {
  await dismissCookieBanner(page, opts.timeoutMs).catch(() => false);
  // A check only a person can pass comes before any password is typed (a refused login would count against the account).
  const gate = (await scanPage(page)).check;
  if (gate) {
    if (gate.kind === 'one-time-code' && !gate.sent && (await enterAuthenticatorCode(page, opts))) return 'logged-in';
    throw checkStop(page, gate);
  }
  let found = await findLoginFrame(page);
  if (!found) {
    // A login behind a click: only on a page that shows a login control and no way to log out.
    const control = await loginControl(page);
    if (!control) return 'not-needed';
    const label = ((await control.textContent().catch(() => '')) || (await control.getAttribute('value').catch(() => '')) || 'Log in').trim().slice(0, 40);
    await control.click({ timeout: opts.timeoutMs });
    found = await waitForLoginFrame(page, opts.lateFormMs ?? LATE_FORM_MS);
    if (!found) {
      // The click may have led to a page that is logged in after all (a remembered session).
      if (!(await pageLoggedOut(page))) return 'not-needed';
      throw new AgentError('login-form-missing', `After clicking "${label}", no password field appeared within ${Math.round((opts.lateFormMs ?? LATE_FORM_MS) / 1000)} s.`, 'transient');
    }
  }
  const { frame, password } = found;
  if (!isAllowedUrl(frame.url(), opts.allowed) || !/^https?:/.test(frame.url())) {
    throw new AgentError('navigation-blocked', 'A login form outside the venue\'s allowed origins was not filled.');
  }
  const s = pickLoginSecrets(opts.secrets);
  if (!s.password) throw new AgentError('secret-missing', 'The venue asks for a password, but no password secret is set for this profile.');
  // The page as it was before submitting, read while the fields are looked up (nothing is typed until both are done).
  const beforeP = page.ariaSnapshot({ mode: 'ai', timeout: opts.timeoutMs }).catch(() => '');
  const form = password.locator('xpath=ancestor::form[1]');
  const scope: Locator | Frame = (await form.count()) > 0 ? form : frame;
  const user = await findUsernameField(scope, frame);
  if (user && !s.username) throw new AgentError('secret-missing', 'The venue asks for a username, but no username secret is set for this profile.');
  const before = await beforeP;
  if (user && s.username) await user.fill(s.username.value, { timeout: opts.timeoutMs });
  await password.fill(s.password.value, { timeout: opts.timeoutMs });
  const submit = await firstVisible(scope.locator('button[type="submit"], input[type="submit"], button:not([type])'))
    ?? await firstVisible(frame.getByRole('button', { name: /log ?in|sign ?in|continue|submit|enter/i }));
  const watch = watchPage(page);
  let quiet: boolean;
  try {
    if (submit) await submit.click({ timeout: opts.timeoutMs });
    else await password.press('Enter', { timeout: opts.timeoutMs });
    // The venue's answer must be in before judging it: a slow answer is not a wrong password.
    quiet = await watch.settle(opts.timeoutMs * 2);
  } finally {
    watch.dispose();
  }
  if (!quiet) throw new AgentError('venue-error', 'The venue did not answer the login in time.');
  await page.waitForLoadState('load', { timeout: opts.timeoutMs }).catch(() => {});
  // A second step after the password: this profile's authenticator code, or a person (a code sent by e-mail, a captcha).
  const second = (await scanPage(page)).check;
  if (second) {
    if (second.kind === 'one-time-code' && !second.sent && (await enterAuthenticatorCode(page, opts))) return 'logged-in';
    throw checkStop(page, second);
  }
  const [after, loginFrame] = await Promise.all([page.ariaSnapshot({ mode: 'ai', timeout: opts.timeoutMs }).catch(() => ''), findLoginFrame(page)]);
  const stillLoginForm = !!loginFrame;
  // Fresh text is the venue's answer; when the form is simply shown again, any error text on it counts too.
  const outcome = detectOutcome(after, before) ?? (stillLoginForm ? classifyLoginText(after) : undefined);
  if (outcome?.code === 'account-locked') throw new AgentError('account-locked', `The venue says the account is locked: "${outcome.text}". Unlock it on the venue's site; Lanebot will not try again tonight.`);
  if (outcome?.code === 'login-failed') throw new AgentError('login-failed', `The venue rejected the login: "${outcome.text}". Check the username and password in the profile; Lanebot will not try again tonight.`);
  if (stillLoginForm) {
    throw new AgentError('login-failed', 'The login form was still shown after submitting the username and password. Check them in the profile; Lanebot will not try again tonight.');
  }
  return 'logged-in';
}

function classifyLoginText(raw: string): { code: 'login-failed' | 'account-locked'; text: string } | undefined {
  for (const line of raw.split('\n')) {
    const c = classifyText(line);
    if (c === 'login-failed' || c === 'account-locked') return { code: c, text: line.replace(/^\s*- /, '').slice(0, 200) };
  }
  return undefined;
}

async function findUsernameField(scope: Locator | Frame, frame: Frame): Promise<Locator | undefined> {
  const byType = await firstVisible(scope.locator('input[type="email"], input[autocomplete="username"], input[autocomplete="email"]'));
  if (byType) return byType;
  const byLabel = await firstVisible(frame.getByRole('textbox', { name: /user|e-?mail|member|login|card|account/i }));
  if (byLabel) return byLabel;
  return firstVisible(scope.locator('input[type="text"], input:not([type])'));
}
