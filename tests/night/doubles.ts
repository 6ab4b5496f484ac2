// Scripted booking and verification doubles for runner and schedule tests: a tiny "venue" that
// holds bookings, and behaviours that book, lie, throw, hang or fail permanently.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BookingPort, BookingContext, BookOutcome, VerifyOutcome } from '../../electron/service/night/booking-port';
import type { Failure, ProfileInput } from '../../shared/schemas';
import { vi } from 'vitest';
import { createService, type LanebotService } from '../../electron/service/index';
import type { Probes } from '../../electron/service/core';

export type Behaviour =
  | 'books'
  | 'liar'
  | 'throws'
  | 'hangs'
  | 'permanent'
  | 'transient'
  | { custom: (ctx: BookingContext, venue: FakeVenue) => Promise<BookOutcome> };

export class FakeVenue {
  /** profileId → booked target dates; a booking is what the venue's own bookings page shows. */
  readonly booked = new Map<string, string[]>();
  bookCalls = 0;
  verifyCalls = 0;
  closes = 0;
  opens = 0;
  behaviour = new Map<string, Behaviour>();
  verifyFailure: Failure | undefined;
  bookDelayMs = 0;
  /**
   * What the bookings page lets verification see: everything; a list that does not reach the booked dates
   * (not-found, not reaching); a list that says it ends before them (cannot-verify); dates that read two
   * ways (unsure); or a schedule configured as the bookings page (unsure, not a bookings page).
   */
  view: 'all' | 'hidden' | 'windowed' | 'ambiguous' | 'schedule' = 'all';
  /** Release preparation: absent (no prepare), fine, a transient throw, or a permanent one. */
  prepare: 'none' | 'ok' | 'throws' | 'permanent' = 'none';
  prepares = 0;

  has(profileId: string, date: string) {
    return (this.booked.get(profileId) ?? []).includes(date);
  }
  add(profileId: string, date: string) {
    this.booked.set(profileId, [...(this.booked.get(profileId) ?? []), date]);
  }
  count(profileId: string, date: string) {
    return (this.booked.get(profileId) ?? []).filter((d) => d === date).length;
  }

  port(): BookingPort {
    return {
      open: async (ctx) => {
        this.opens++;
        const pid = ctx.profile.id;
        const prepare = async () => {
          this.prepares++;
          if (this.prepare === 'throws') throw new Error('could not read the venue clock');
          if (this.prepare === 'permanent') throw Object.assign(new Error('The venue rejected the login.'), { kind: 'permanent', code: 'login-failed' });
          return { offsetMs: 4200, errorMs: 3, parkedUrl: 'http://venue/book', loggedIn: true };
        };
        return {
          ...(this.prepare === 'none' ? {} : { prepare }),
          verify: async (): Promise<VerifyOutcome> => {
            this.verifyCalls++;
            if (this.verifyFailure) return { found: false, status: 'unsure', seen: [], method: 'rule', url: 'http://venue/my', failure: this.verifyFailure };
            const seen = (this.booked.get(pid) ?? []).map((d) => ({ date: d, time: '07:00', lane: '3', text: `${d} 07:00 Lane 3` }));
            const base = { method: 'rule' as const, url: 'http://venue/my' };
            const page = (kind: 'bookings' | 'schedule') => ({ kind, why: kind === 'schedule' ? 'a grid of times and lanes' : 'a bookings list titled "My bookings"', pages: 1 });
            switch (this.view) {
              case 'hidden': return { ...base, found: false, status: 'not-found', reaches: false, seen: [], page: page('bookings') };
              case 'windowed': return { ...base, found: false, status: 'cannot-verify', reaches: false, reason: 'Your bookings page lists bookings only until the end of next week.', seen: [], page: page('bookings') };
              case 'ambiguous': return { ...base, found: false, status: 'unsure', reaches: true, reason: 'The page writes dates like "08/12/2026", which can be read day-first or month-first.', seen: [], page: page('bookings') };
              case 'schedule': return { ...base, found: false, status: 'unsure', reaches: false, reason: 'The bookings page looks like a schedule, not your bookings.', seen: [], page: page('schedule') };
            }
            const match = seen.find((s) => s.date === ctx.want.date);
            return { ...base, found: !!match, status: match ? 'found' : 'not-found', reaches: true, ...(match ? { match } : {}), seen, page: page('bookings') };
          },
          book: async (): Promise<BookOutcome> => {
            this.bookCalls++;
            if (this.bookDelayMs) await new Promise((r) => setTimeout(r, this.bookDelayMs));
            const b = this.behaviour.get(pid) ?? 'books';
            ctx.onStep({ index: 0, action: { action: 'click', ref: 'e1' }, target: 'button "Book"', ok: true, startedAt: new Date().toISOString(), durationMs: 1 });
            if (typeof b === 'object') return b.custom(ctx, this);
            switch (b) {
              case 'books':
                this.add(pid, ctx.want.date);
                return { claimedDone: true, steps: [], sent: 1 };
              case 'liar':
                return { claimedDone: true, steps: [] };
              case 'throws':
                throw new Error('browser exploded');
              case 'hangs':
                return new Promise<BookOutcome>((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted'))));
              case 'permanent':
                return { claimedDone: false, steps: [], failure: { kind: 'permanent', code: 'login-failed', message: 'The venue said the password is wrong.' } };
              case 'transient':
                return { claimedDone: false, steps: [], failure: { kind: 'transient', code: 'model-confused', message: 'The model got confused.' } };
            }
          },
          close: async () => {
            this.closes++;
          },
        };
      },
    };
  }
}

export const fakeProbes: Probes = {
  ollama: async () => ({ reachable: false, models: [], modelPulled: false, message: 'fake: no Ollama in this test' }),
  browser: async () => ({ ok: true, path: '/usr/bin/chromium', message: 'fake browser' }),
  checkBrowser: async () => ({ ok: false, message: 'fake: no browser path is accepted in these tests' }),
};

export function tempHome(): string {
  return mkdtempSync(join(tmpdir(), 'lanebot-test-'));
}

export function profileInput(name: string, over: Partial<ProfileInput> = {}): ProfileInput {
  const all = { book: true };
  return {
    name,
    venue: { startUrl: 'http://127.0.0.1:9/', allowedOrigins: ['http://127.0.0.1:9'], timeZone: 'Europe/London', daysAhead: 7 },
    instructions: 'Log in as {{username}}. Book lane 3 at 07:00 on {date}.',
    weekdays: { mon: all, tue: all, wed: all, thu: all, fri: all, sat: all, sun: all },
    ...over,
  };
}

export async function serviceWith(venue: FakeVenue, opts: { now?: () => Date; schedule?: boolean; timeouts?: { verifyMs?: number; bookMs?: number }; home?: string } = {}) {
  const home = opts.home ?? tempHome();
  const service = await createService({
    home,
    port: venue.port(),
    probes: fakeProbes,
    schedule: opts.schedule ?? false,
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.timeouts ? { timeouts: opts.timeouts } : {}),
  });
  return { service, home };
}

/**
 * Lets running attempts finish under fake timers. Their file writes complete on the real thread
 * pool, which fake timers do not drive, so spin the event loop (setImmediate is not faked) until
 * nothing runs.
 */
export async function settle(service: LanebotService): Promise<void> {
  const start = performance.now();
  for (let i = 0; performance.now() - start < 15_000; i++) {
    await new Promise<void>((r) => setImmediate(r));
    if (i > 20 && !service.core.runner.runningIds().size) return;
  }
  throw new Error('attempts did not finish');
}

/** Moves the fake clock forward `step` at a time, letting each fired attempt finish. */
export async function runFor(service: LanebotService, ms: number, step = 60_000): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    await vi.advanceTimersByTimeAsync(Math.min(step, ms - t));
    await settle(service);
  }
}
