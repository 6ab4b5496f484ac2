// When a person must act: a captcha, a bot check, a waiting room, a one-time code Lanebot cannot know, or a payment
// the profile does not allow. Lanebot stops there (a 'needs-you' failure, never retried at once) and remembers what
// stopped it on the browser context, so the session can offer a hand-over (hand-over.ts). The one code it may type
// by itself is its own authenticator's (TOTP), into a one-time-code field on an allowed origin.
import type { BrowserContext, Frame, Locator, Page } from 'playwright-core';
import { generateSync } from 'otplib';
import { AgentError } from '../core/failure';
import { isTotpSecret } from '../core/secret-names';
import { paymentDecision, type PaymentStep } from '../page/payment';
import type { HumanCheck } from '../page/human-check';
import { isAllowedUrl } from './confine';
import { scanPage } from './checks';
import { watchPage } from './settle';
import type { NeedsYouKind, PaymentPolicy } from '../types';

export interface NeedsYouStop {
  kind: NeedsYouKind;
  what: string;
  /** Where it showed (the caller redacts before it leaves the agent). */
  url: string;
  message: string;
}

const stops = new WeakMap<BrowserContext, NeedsYouStop>();

/** The last stop seen in this browser context, taken (so each is handled once). */
export function takeStop(context: BrowserContext): NeedsYouStop | undefined {
  const s = stops.get(context);
  stops.delete(context);
  return s;
}

export function peekStop(context: BrowserContext): NeedsYouStop | undefined {
  return stops.get(context);
}

function where(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`;
  } catch {
    return 'the venue’s site';
  }
}

function codeOf(kind: NeedsYouKind): string {
  return kind === 'payment' ? 'payment-needed' : kind === 'one-time-code' ? 'one-time-code' : 'human-check';
}

/** Records the stop on the page's context and returns the error that ends the attempt. */
export function stopFor(page: Page, stop: Omit<NeedsYouStop, 'url'> & { url?: string }): AgentError {
  const full: NeedsYouStop = { ...stop, url: stop.url ?? page.url() };
  stops.set(page.context(), full);
  return new AgentError(codeOf(full.kind), full.message, 'needs-you');
}

export function checkStop(page: Page, check: HumanCheck): AgentError {
  const at = where(page.url());
  const message =
    check.kind === 'waiting-room'
      ? `The venue put Lanebot in a waiting room at ${at} ("${check.evidence}").`
      : check.kind === 'one-time-code'
        ? `The venue asks for ${check.what} at ${at} ("${check.evidence}"), which Lanebot cannot know.`
        : `The venue showed ${check.what} at ${at}${check.evidence ? ` (${check.evidence})` : ''}; Lanebot does not solve these.`;
  return stopFor(page, { kind: check.kind, what: check.what, message });
}

export function paymentStop(page: Page, step: PaymentStep, reason: string): AgentError {
  return stopFor(page, { kind: 'payment', what: 'a payment step', message: `${reason} (${step.evidence} at ${where(page.url())}).` });
}

export function totpSeed(secrets: Map<string, string>): string | undefined {
  for (const [name, value] of secrets) if (isTotpSecret(name) && value) return value;
  return undefined;
}

async function firstVisible(loc: Locator): Promise<Locator | undefined> {
  const n = await loc.count().catch(() => 0);
  for (let i = 0; i < n; i++) if (await loc.nth(i).isVisible().catch(() => false)) return loc.nth(i);
  return undefined;
}

async function codeField(page: Page): Promise<{ frame: Frame; input: Locator } | undefined> {
  for (const frame of page.frames()) {
    const input = (await firstVisible(frame.locator('input[autocomplete~="one-time-code"]')))
      ?? (await firstVisible(frame.locator('input[name*="otp" i], input[name*="totp" i], input[id*="otp" i], input[name="code"], input[name*="mfa" i]')))
      ?? (await firstVisible(frame.getByRole('textbox', { name: /code|otp|authenticat|verification|bestätigung|vérification|sicherheit/i })));
    if (input) return { frame, input };
  }
  return undefined;
}

/**
 * Types this profile's authenticator code into the page's one-time-code field and sends it. Only on an allowed
 * origin; the seed and the code go nowhere else (no log line names either). false when there is no seed or no field.
 * Throws 'totp-refused' (permanent) when the venue asks again: a wrong seed or a wrong clock, for a person to fix.
 */
export async function enterAuthenticatorCode(page: Page, o: { secrets: Map<string, string>; allowed: Set<string>; timeoutMs: number }): Promise<boolean> {
  const seed = totpSeed(o.secrets);
  if (!seed) return false;
  const found = await codeField(page);
  if (!found) return false;
  if (!isAllowedUrl(found.frame.url(), o.allowed) || !/^https?:/.test(found.frame.url())) return false;
  let code: string;
  try {
    code = generateSync({ secret: seed });
  } catch {
    throw new AgentError('totp-refused', 'The authenticator secret saved in this profile is not a valid TOTP secret (it should be the Base32 key the venue showed when two-step login was set up). Lanebot will not try again tonight.', 'permanent');
  }
  await found.input.fill(code, { timeout: o.timeoutMs });
  const form = found.input.locator('xpath=ancestor::form[1]');
  const submit = (await form.count()) > 0 ? await firstVisible(form.locator('button[type="submit"], input[type="submit"], button:not([type])')) : undefined;
  const watch = watchPage(page);
  try {
    if (submit) await submit.click({ timeout: o.timeoutMs });
    else await found.input.press('Enter', { timeout: o.timeoutMs });
    await watch.settle(o.timeoutMs * 2);
  } finally {
    watch.dispose();
  }
  await page.waitForLoadState('load', { timeout: o.timeoutMs }).catch(() => {});
  const again = (await scanPage(page)).check;
  if (again?.kind === 'one-time-code') {
    throw new AgentError('totp-refused', 'The venue did not accept the code from the authenticator secret saved in this profile. Check the secret, and that this computer’s clock is right. Lanebot will not try again tonight.', 'permanent');
  }
  return true;
}

/**
 * Before the next step on a page: a check only a person can pass ends the attempt ('needs-you'), Lanebot's own
 * authenticator code is entered, and a payment step is allowed only as the profile's rule says. Returns a notice
 * for the model (or undefined).
 */
export async function guardPage(page: Page, o: { secrets: Map<string, string>; allowed: Set<string>; timeoutMs: number; payment?: PaymentPolicy }): Promise<string | undefined> {
  const held = peekStop(page.context());
  if (held?.kind === 'payment') throw new AgentError('payment-needed', held.message, 'needs-you');
  const { check, payment } = await scanPage(page);
  if (check) {
    if (check.kind === 'one-time-code' && !check.sent && (await enterAuthenticatorCode(page, o))) return 'Lanebot entered the authenticator code by itself; continue from the current page.';
    throw checkStop(page, check);
  }
  if (payment) {
    const d = paymentDecision(payment, o.payment);
    if (!d.allowed) throw paymentStop(page, payment, d.reason);
    return `${d.reason} Pay only with the "${payment.credit!.button}" button; never by card, and never type into card fields.`;
  }
  return undefined;
}
