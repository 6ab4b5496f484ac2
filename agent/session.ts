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
import { guardPayments } from './browser/payment-guard';
import { takeStop, totpSeed, type NeedsYouStop } from './browser/needs-you';
import { takeOver } from './browser/hand-over';
import { withCodesRedacted } from './core/totp-redact';
import type { NeedsYouKind, TakeOverResult } from './types';

/** At most this many hand-overs per book() or verify() call: a check that keeps coming back is not looped on. */
const MAX_HAND_OVERS = 2;

const KIND_OF_CODE: Record<string, NeedsYouKind> = { 'payment-needed': 'payment', 'one-time-code': 'one-time-code', 'human-check': 'captcha' };

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

function addUsage(a: BookResult['usage'], b: BookResult['usage']): BookResult['usage'] {
  return { calls: a.calls + b.calls, promptTokens: a.promptTokens + b.promptTokens, evalTokens: a.evalTokens + b.evalTokens, modelMs: a.modelMs + b.modelMs, snapshotTokens: [...a.snapshotTokens, ...b.snapshotTokens] };
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
  // The authenticator's codes are redacted as well as its seed: a code typed a moment ago is a secret for its 30 s.
  const seed = totpSeed(secrets);
  const redact = seed ? withCodesRedacted(createRedactor([...secrets.values()]), seed) : createRedactor([...secrets.values()]);
  const log = (line: string) => { try { opts.log?.(redact(line)); } catch { /* logging must not break an attempt */ } };
  const allowed = allowedOriginSet(opts.venue.startUrl, opts.venue.allowedOrigins);
  const launched = await launchBrowser({ ...opts.browser, ...(opts.venue.locale ? { locale: opts.venue.locale } : {}), timezoneId: opts.venue.timeZone });
  let closed = false;
  let state: SessionState;
  try {
    const confinement = await confineContext(launched.context, allowed, redact);
    // Registered after confinement, so it is asked first about every state-changing request.
    await guardPayments(launched.context, { ...(opts.payment ? { payment: opts.payment } : {}), log });
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

  /** Tells the caller a person is needed and, when it asks, hands the page over; 'gave-up' without a caller. */
  let resumedAt: string | undefined;
  const askPerson = async (failure: { code: string; message: string }, phase: 'verify' | 'book', fallbackUrl: string): Promise<TakeOverResult> => {
    resumedAt = undefined;
    const stop: NeedsYouStop = takeStop(launched.context) ?? { kind: KIND_OF_CODE[failure.code] ?? 'captcha', what: 'a check only a person can pass', url: fallbackUrl, message: failure.message };
    if (!opts.onNeedsYou || closed) return 'gave-up';
    try {
      return await opts.onNeedsYou({
        kind: stop.kind,
        what: stop.what,
        message: redact(stop.message),
        url: redact(stop.url),
        phase,
        takeOver: async (o) => {
          const t = await takeOver(state, stop, o);
          if (t.result === 'resumed') resumedAt = t.url;
          return t.result;
        },
      });
    } catch (e) {
      log(`needs you: the hand-over failed: ${e instanceof Error ? e.message : String(e)}`);
      return 'gave-up';
    }
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  const session: PreparedSession = {
    async verify(want: BookingWant): Promise<VerifyResult> {
      if (closed) return { found: false, status: 'unsure', reason: 'The session is closed.', seen: [], method: 'rule', url: '', failure: { kind: 'transient', code: 'aborted', message: 'The session is closed.' } };
      let v = await runVerify(state, want);
      for (let i = 0; i < MAX_HAND_OVERS && v.failure?.kind === 'needs-you' && !closed; i++) {
        if ((await askPerson(v.failure, 'verify', v.url || opts.venue.startUrl)) !== 'resumed') break;
        v = await runVerify(state, want);
      }
      return v;
    },
    async book(goal): Promise<BookResult> {
      if (closed) return { claimedDone: false, failure: { kind: 'transient', code: 'aborted', message: 'The session is closed.' }, steps: [], usage: { calls: 0, promptTokens: 0, evalTokens: 0, modelMs: 0, snapshotTokens: [] } };
      // Counted however the booking ends: a request the venue accepted is evidence even when book() failed.
      const sends = countSends(state.launched.context, [...state.secrets.values()]);
      try {
        let r = await bookGoal(state, goal, runBook);
        for (let i = 0; i < MAX_HAND_OVERS && r.failure?.kind === 'needs-you' && !closed; i++) {
          if ((await askPerson(r.failure, 'book', state.mainPage?.url() ?? opts.venue.startUrl)) !== 'resumed') break;
          // The person may have finished the booking (or paid) in the visible browser: look before booking again.
          const seen = await runVerify(state, goal.want);
          if (seen.found) {
            log('needs you: the booking is on the venue’s bookings page after the hand-over; not booking again');
            r = { ...r, failure: undefined, claimedDone: true, booked: goal.want };
            delete r.failure;
            break;
          }
          // The booking page shows the check's old document: open it again, with the state the person's browser had.
          const page = state.mainPage;
          if (page && !page.isClosed()) {
            const to = resumedAt && isAllowedUrl(resumedAt, allowed) ? resumedAt : page.url();
            await page.goto(to, { timeout: state.navTimeoutMs, waitUntil: 'domcontentloaded' }).catch((e: unknown) => log(`needs you: reopening ${to} failed: ${e instanceof Error ? e.message : String(e)}`));
          }
          const again = await bookGoal(state, goal, runBook);
          r = { ...again, steps: [...r.steps, ...again.steps], usage: addUsage(r.usage, again.usage) };
        }
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
