// Classified failures: the error type thrown inside the agent and turned into plain AgentFailure results.
import type { AgentFailure, FailureKind } from '../types';

const PERMANENT = new Set(['login-failed', 'account-locked', 'not-allowed', 'secret-missing', 'bad-config', 'totp-refused']);
/** A person must act: never retried at once (the night's later attempt times try again). */
export const NEEDS_YOU_CODES = new Set(['human-check', 'one-time-code', 'payment-needed']);

export function kindOf(code: string): FailureKind {
  return PERMANENT.has(code) ? 'permanent' : NEEDS_YOU_CODES.has(code) ? 'needs-you' : 'transient';
}

/** An Error that carries a classified failure, so `catch` sites can tell "our" failures from bugs. */
export class AgentError extends Error implements AgentFailure {
  readonly kind: FailureKind;
  readonly code: string;
  constructor(code: string, message: string, kind: FailureKind = kindOf(code)) {
    super(message);
    this.name = 'AgentError';
    this.code = code;
    this.kind = kind;
  }
  toFailure(): AgentFailure {
    return { kind: this.kind, code: this.code, message: this.message };
  }
}

export function failure(code: string, message: string, kind: FailureKind = kindOf(code)): AgentFailure {
  return { kind, code, message };
}

export function isAgentError(e: unknown): e is AgentError {
  return e instanceof AgentError;
}

/** Browser closed under us: Playwright's wording for a dead page/context/browser. */
export function isBrowserGone(e: unknown): boolean {
  const m = e instanceof Error ? e.message : String(e);
  return /Target page, context or browser has been closed|Browser has been closed|browser has disconnected|Target closed|Page crashed|crashed/i.test(m);
}

/** Any thrown value → a classified failure, redacted. Unknown errors are transient: a retry may well succeed. */
export function toFailure(e: unknown, redact: (s: string) => string, signal?: AbortSignal): AgentFailure {
  if (isAgentError(e)) return { kind: e.kind, code: e.code, message: redact(e.message) };
  if (signal?.aborted) return failure('aborted', 'The attempt was cancelled.');
  if (isBrowserGone(e)) return failure('browser-crashed', 'The browser closed or crashed during the attempt.');
  const m = e instanceof Error ? e.message : String(e);
  if (/Timeout \d+ms exceeded|timed out/i.test(m)) {
    return failure('venue-error', redact(`The venue site did not respond in time: ${firstLine(m)}`));
  }
  if (/net::ERR_/.test(m)) return failure('venue-error', redact(`The venue site could not be reached: ${firstLine(m)}`));
  return failure('agent-error', redact(`Unexpected error: ${firstLine(m)}`));
}

export function firstLine(s: string): string {
  return (s.split('\n')[0] ?? '').slice(0, 300);
}
