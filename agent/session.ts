// openSession: one browser + isolated context per attempt, shared by verify() and book(); closed on every path.
import { launchBrowser } from './browser/launch';
import { countSends } from './browser/sends';
import { runBook } from './model/loop';
import { allowedOriginSet, confineContext, isAllowedUrl } from './browser/confine';
import { AgentError } from './core/failure';
import { createRedactor } from './core/redact';
import { bookGoal } from './booking/book-goal';
import { prepareForRelease } from './release/release';
import type { SessionState } from './browser/session-state';
import { DEFAULT_BUDGETS, type PrepareParams, type PrepareResult, type BookingSession, type BookingWant, type BookResult, type SessionOptions, type VerifyResult } from './types';
import { runVerify } from './verify/verify';
import { SessionOptionsSchema } from './core/schemas';

const SECRET_RESOLVE_TIMEOUT_MS = 10_000;

export interface PreparedSession extends BookingSession {
  /**
   * Gets ready before a booking window opens: loads the model, logs in, measures the venue server's
   * clock and parks the page along the recipe, so book() at the opening instant starts from there.
   */
  prepare(p?: PrepareParams): Promise<PrepareResult>;
  /** Redacts with this session's secrets (for callers that log around the session). */
  redact(s: string): string;
  /** Requests and navigations the confinement stopped before they left (URLs redacted): evidence for the attempt record. */
  blockedRequests(): { url: string; navigation: boolean; at: number }[];
}

async function resolveSecrets(opts: SessionOptions): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const name of opts.secrets.names) {
    const v = await Promise.race([
      opts.secrets.resolve(name),
      new Promise<never>((_r, reject) => setTimeout(() => reject(new AgentError('secret-missing', `Reading the secret "${name}" timed out.`, 'transient')), SECRET_RESOLVE_TIMEOUT_MS).unref()),
    ]);
    if (v !== undefined && v !== '') out.set(name, v);
  }
  return out;
}

export async function openSession(opts: SessionOptions): Promise<PreparedSession> {
  const checked = SessionOptionsSchema.safeParse(opts);
  if (!checked.success) {
    const i = checked.error.issues[0]!;
    throw new AgentError('bad-config', `Invalid session option ${i.path.join('.')}: ${i.message}`);
  }
  if (!isAllowedUrl(opts.venue.startUrl, allowedOriginSet(opts.venue.startUrl, opts.venue.allowedOrigins))) {
    throw new AgentError('bad-config', 'The venue start URL must be an http(s) address.');
  }
  if (opts.signal?.aborted) throw new AgentError('aborted', 'The attempt was cancelled.');
  const secrets = await resolveSecrets(opts);
  const redact = createRedactor([...secrets.values()]);
  const log = (line: string) => { try { opts.log?.(redact(line)); } catch { /* logging must not break an attempt */ } };
  const allowed = allowedOriginSet(opts.venue.startUrl, opts.venue.allowedOrigins);
  const launched = await launchBrowser({ ...opts.browser, ...(opts.venue.locale ? { locale: opts.venue.locale } : {}), timezoneId: opts.venue.timeZone });
  let closed = false;
  let state: SessionState;
  try {
    const confinement = await confineContext(launched.context, allowed, redact);
    state = {
      opts,
      venue: opts.venue,
      model: opts.model,
      budgets: { ...DEFAULT_BUDGETS, ...(opts.budgets ?? {}) },
      launched,
      confinement,
      allowed,
      secrets,
      redact,
      log,
      actionTimeoutMs: 10_000,
      navTimeoutMs: 20_000,
      snapshotTokens: 2500,
    };
  } catch (e) {
    await launched.close();
    throw e;
  }
  log(`browser started: ${launched.executablePath}; allowed origins: ${[...allowed].join(', ')}`);
  const onAbort = () => { void session.close(); };
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  const session: PreparedSession = {
    async verify(want: BookingWant): Promise<VerifyResult> {
      if (closed) return { found: false, status: 'unsure', reason: 'The session is closed.', seen: [], method: 'rule', url: '', failure: { kind: 'transient', code: 'aborted', message: 'The session is closed.' } };
      return runVerify(state, want);
    },
    async book(goal): Promise<BookResult> {
      if (closed) return { claimedDone: false, failure: { kind: 'transient', code: 'aborted', message: 'The session is closed.' }, steps: [], usage: { calls: 0, promptTokens: 0, evalTokens: 0, modelMs: 0, snapshotTokens: [] } };
      // Counted however the booking ends: a request the venue accepted is evidence even when book() failed.
      const sends = countSends(state.launched.context, [...state.secrets.values()]);
      try {
        const r = await bookGoal(state, goal, runBook);
        return { ...r, sent: await sends.dispose() };
      } catch (e) {
        await sends.dispose();
        throw e;
      }
    },
    async prepare(p) {
      if (closed) throw new AgentError('aborted', 'The session is closed.');
      return prepareForRelease(state, p ?? {});
    },
    redact,
    blockedRequests: () => state.confinement.blocked.map((b) => ({ ...b })),
    async close() {
      if (closed) return;
      closed = true;
      opts.signal?.removeEventListener('abort', onAbort);
      await launched.close();
      log('browser closed');
    },
  };
  return session;
}
