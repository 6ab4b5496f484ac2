// Well-known outcomes a venue announces in page text (wrong password, locked, not open yet, slot taken …).
import { parseSnapshot, type SnapNode } from './snapshot';

export type OutcomeCode = 'login-failed' | 'account-locked' | 'not-allowed' | 'not-yet-open' | 'slot-taken' | 'session-expired' | 'venue-error';

const PATTERNS: { code: OutcomeCode; re: RegExp }[] = [
  { code: 'account-locked', re: /account (?:is |has been )?(?:temporarily )?(?:locked|suspended|disabled|blocked)|too many (?:failed |wrong |incorrect )?(?:login |sign[- ]in |password )?attempts/i },
  { code: 'login-failed', re: /invalid (?:username|user name|password|email|e-mail|credentials|login|member)|incorrect (?:username|user name|password|email|credentials|login)|wrong (?:username|user name|password|email|credentials)|(?:username|email|member (?:number|id)) or password (?:is |was )?(?:incorrect|invalid|wrong|not recogni[sz]ed)|login failed|sign[- ]in failed|could not log you in/i },
  { code: 'not-allowed', re: /no bookings? (?:are |is )?(?:allowed |permitted )?for this (?:member|account)|not (?:allowed|permitted|eligible) to (?:book|make bookings)|membership (?:has )?(?:expired|lapsed)|bookings? (?:are |is )?(?:suspended|blocked) for (?:this|your) (?:member|account)/i },
  { code: 'not-yet-open', re: /(?:bookings?|booking window|this date|reservations?) (?:is |are |do(?:es)? )?not (?:yet )?open|not (?:yet )?open for booking|opens? (?:at|on) \d|not yet (?:available|bookable)|too early to book|can only (?:be )?book(?:ed)? (?:up to )?\d+ days/i },
  { code: 'slot-taken', re: /(?:slot|lane|time|session) (?:is |was |has (?:just )?been )?(?:already )?(?:taken|booked by someone|full|unavailable)|no longer available|fully booked|just been (?:booked|taken)|someone else (?:booked|took)/i },
  { code: 'session-expired', re: /session (?:has )?(?:expired|timed out)|please (?:log|sign) ?in again|you have been (?:logged|signed) out/i },
  { code: 'venue-error', re: /internal server error|service unavailable|bad gateway|something went wrong on our (?:end|side)|\b50[0234]\b.*error|error 50[0234]\b|having problems/i },
];

export function classifyText(text: string): OutcomeCode | undefined {
  for (const p of PATTERNS) if (p.re.test(text)) return p.code;
  return undefined;
}

function collectLines(nodes: SnapNode[], out: string[], inAlert: boolean, alerts: string[]): void {
  for (const n of nodes) {
    const alert = inAlert || n.role === 'alert' || n.role === 'status' || n.role === 'alertdialog';
    const own = [n.name, n.text].filter((t): t is string => !!t && t.trim().length > 0);
    for (const t of own) {
      out.push(t);
      if (alert) alerts.push(t);
    }
    collectLines(n.children, out, alert, alerts);
  }
}

/** Text lines of a raw snapshot, and the ones inside alert/status regions. */
export function snapshotLines(raw: string): { lines: string[]; alerts: string[] } {
  const lines: string[] = [];
  const alerts: string[] = [];
  collectLines(parseSnapshot(raw), lines, false, alerts);
  return { lines, alerts };
}

/**
 * The outcome a page announces, judged on text that appeared since the previous snapshot (or on
 * alert regions): static help text such as "bookings open at midnight" on every page is not news.
 */
export function detectOutcome(raw: string, previousRaw?: string): DetectedOutcome | undefined {
  const now = snapshotLines(raw);
  const alerts = new Set(now.alerts);
  const before = new Set(previousRaw === undefined ? [] : snapshotLines(previousRaw).lines);
  const fresh = previousRaw === undefined ? now.alerts : [...new Set([...now.alerts, ...now.lines.filter((l) => !before.has(l))])];
  for (const t of fresh) {
    const code = classifyText(t);
    if (code) return { code, text: t.slice(0, 200), inAlert: alerts.has(t) };
  }
  return undefined;
}

export interface DetectedOutcome {
  code: OutcomeCode;
  text: string;
  /** Said in an alert/status region: the venue's answer, not help text that happens to match. */
  inAlert: boolean;
}
