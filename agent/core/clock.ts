// The venue server's clock, measured from its HTTP Date headers: whole seconds only, so the instant the
// second ticks over is found by polling and then bisected; the offset comes with an honest error bound.
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { AgentError } from './failure';
import type { Assert, Equal } from './type-equal';
import type { ClockSample, MachineClock, MeasureOptions } from '../types';

export type { ClockSample, MachineClock, MeasureOptions } from '../types';

export interface ClockMeasure {
  /** Server clock − machine clock (machineNow()), ms. */
  offsetMs: number;
  /** Half the width of the interval the offset is known to lie in. */
  errorMs: number;
  samples: number;
  /** Shortest round trip seen. */
  rttMs: number;
}

/** Date.now()-like, but with sub-millisecond resolution and never stepping back within the process. */
export function machineNow(): number {
  return performance.timeOrigin + performance.now();
}

export const realClock: MachineClock = {
  now: machineNow,
  sleep: (ms, signal) => delay(Math.max(0, ms), undefined, signal ? { signal } : undefined),
};

/**
 * The interval the offset must lie in: the Date header was written at some instant between sending and
 * receiving, when the server's clock read between S and S + 1 s. Undefined when samples disagree.
 */
export function offsetBounds(samples: ClockSample[]): { lo: number; hi: number } | undefined {
  let lo = -Infinity;
  let hi = Infinity;
  for (const s of samples) {
    lo = Math.max(lo, s.serverSecondMs - s.receivedMs);
    hi = Math.min(hi, s.serverSecondMs + 1000 - s.sentMs);
  }
  return samples.length && lo <= hi ? { lo, hi } : undefined;
}

export const MeasureOptionsSchema = z.object({
  /** Whole measurement budget. */
  timeoutMs: z.number().int().min(500).max(60_000).default(8_000),
  /** Spacing of the polls that look for the tick. */
  pollMs: z.number().min(0).max(200).default(10),
  /** Extra ticks used to halve the interval. */
  bisections: z.number().int().min(0).max(10).default(3),
  requestTimeoutMs: z.number().int().min(50).max(30_000).default(2_000),
  /** Stop bisecting once the error is this small. */
  targetErrorMs: z.number().min(0).default(2),
});
/** The schema takes exactly the numeric knobs of MeasureOptions (agent/types.ts). */
export type _MeasureOptionsMatch = Assert<Equal<z.input<typeof MeasureOptionsSchema>, Omit<MeasureOptions, 'signal' | 'probe' | 'clock'>>>;

/** A HEAD request (no redirects followed: any answer carries a Date header). */
export function httpProbe(requestTimeoutMs: number, signal?: AbortSignal, clock: MachineClock = realClock): (url: string) => Promise<ClockSample> {
  return async (url) => {
    const sentMs = clock.now();
    const sig = signal ? AbortSignal.any([signal, AbortSignal.timeout(requestTimeoutMs)]) : AbortSignal.timeout(requestTimeoutMs);
    // Node's fetch keeps no HTTP cache, so every probe reaches the server.
    const res = await fetch(url, { method: 'HEAD', redirect: 'manual', signal: sig });
    const receivedMs = clock.now();
    await res.arrayBuffer().catch(() => undefined);
    const date = res.headers.get('date');
    const serverSecondMs = date ? Date.parse(date) : NaN;
    if (!Number.isFinite(serverSecondMs)) throw new AgentError('clock-unavailable', `The venue's server sent no usable Date header (${new URL(url).origin}).`);
    return { sentMs, receivedMs, serverSecondMs };
  };
}

/**
 * Measures the server's clock offset: polls until the Date header ticks to the next second (the tick
 * lies between the last old and first new answer), then on later ticks sends one request timed to
 * land in the middle of the remaining uncertainty, halving it each time.
 */
export async function measureServerClock(url: string, options: MeasureOptions = {}): Promise<ClockMeasure> {
  const o = MeasureOptionsSchema.parse({ ...options, signal: undefined, probe: undefined, clock: undefined });
  const clock = options.clock ?? realClock;
  const probe = options.probe ?? httpProbe(o.requestTimeoutMs, options.signal, clock);
  const deadline = clock.now() + o.timeoutMs;
  const samples: ClockSample[] = [];
  let rtt = Infinity;
  const take = async () => {
    if (options.signal?.aborted) throw new AgentError('aborted', 'Measuring the venue clock was cancelled.');
    let s: ClockSample;
    try {
      s = await probe(url);
    } catch (e) {
      if (e instanceof AgentError) throw e;
      throw new AgentError('venue-error', `Could not read the venue's clock from ${safeOrigin(url)}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    }
    rtt = Math.min(rtt, s.receivedMs - s.sentMs);
    samples.push(s);
    // A server clock that jumped (or a wild sample) empties the interval: start again from this sample.
    if (!offsetBounds(samples)) samples.splice(0, samples.length - 1);
    return s;
  };

  // The first answer warms the connection; its round trip is not typical.
  const first = await take();
  let ticked = false;
  let prev = first;
  while (!ticked && clock.now() < deadline) {
    if (o.pollMs > 0) await clock.sleep(o.pollMs, options.signal);
    const s = await take();
    ticked = s.serverSecondMs !== prev.serverSecondMs;
    prev = s;
  }
  if (!ticked) throw new AgentError('clock-unavailable', `The venue's clock did not tick within ${Math.round(o.timeoutMs / 1000)} s of polling.`);

  for (let b = 0; b < o.bisections; b++) {
    const bounds = offsetBounds(samples)!;
    if ((bounds.hi - bounds.lo) / 2 <= o.targetErrorMs) break;
    const mid = (bounds.lo + bounds.hi) / 2;
    const now = clock.now();
    // The next server second boundary k·1000 whose whole uncertainty window is still ahead of us.
    let k = Math.ceil((now + bounds.hi + rtt + 5) / 1000);
    let sendAt = k * 1000 - mid - rtt / 2;
    while (sendAt < now + 1) { k++; sendAt += 1000; }
    if (sendAt + rtt * 2 > deadline) break;
    await clock.sleep(sendAt - clock.now(), options.signal);
    await take();
  }
  const { lo, hi } = offsetBounds(samples)!;
  return { offsetMs: (lo + hi) / 2, errorMs: (hi - lo) / 2, samples: samples.length, rttMs: rtt };
}

/** Sleeps until machine time `at`: a timer for the bulk, then short yields for the last milliseconds. */
export async function sleepUntil(at: number, signal?: AbortSignal, clock: MachineClock = realClock): Promise<void> {
  for (;;) {
    if (signal?.aborted) throw new AgentError('aborted', 'The attempt was cancelled.');
    const left = at - clock.now();
    if (left <= 0) return;
    if (left > 25) await clock.sleep(left - 15, signal);
    else if (clock === realClock) await new Promise<void>((r) => setImmediate(r));
    else await clock.sleep(left, signal);
  }
}

/** Machine time at which the server's clock reads `serverMs`. */
export function machineTimeFor(serverMs: number, offsetMs: number): number {
  return serverMs - offsetMs;
}

function safeOrigin(url: string): string {
  try { return new URL(url).origin; } catch { return 'the venue'; }
}
