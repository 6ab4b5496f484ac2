// Redaction of an authenticator's codes: the codes around now (previous, current and next 30-second steps) are
// secrets for as long as they are valid, so no log line, step or prompt can carry one that was just typed.
import { generateSync } from 'otplib';
import { REDACTED } from './redact';

const STEP_S = 30;

/** Wraps a redactor so it also replaces the TOTP codes valid around now for this seed (6-digit runs only). */
export function withCodesRedacted(base: (s: string) => string, seed: string, now: () => number = Date.now): (s: string) => string {
  let cachedStep = -1;
  let codes = new Set<string>();
  const codesNow = (): Set<string> => {
    const step = Math.floor(now() / 1000 / STEP_S);
    if (step !== cachedStep) {
      cachedStep = step;
      codes = new Set();
      for (const d of [-2, -1, 0, 1]) {
        try { codes.add(generateSync({ secret: seed, epoch: (step + d) * STEP_S })); } catch { /* an invalid seed makes no codes */ }
      }
    }
    return codes;
  };
  return (s: string) => {
    const out = base(s);
    if (typeof out !== 'string' || !/\d{6}/.test(out)) return out;
    const c = codesNow();
    return out.replace(/(?<!\d)\d{6}(?!\d)/g, (m) => (c.has(m) ? REDACTED : m));
  };
}
