// Benchmark helpers for scripts/bench.ts: recipe replay wall time against the hand-written baseline on the same
// layout and browser, and release-firing latency over simulated releases with a skewed venue clock.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSession, type MeasureOptions, type Recipe, type SessionOptions } from '../../agent/index';
import { competent, down } from '../fake-ollama/behaviours';
import { generic } from '../fake-ollama/generic';
import { startFakeOllama } from '../fake-ollama/server';
import { bookByHand } from '../venue/baseline';
import { launchChromium, CHROMIUM_PATH } from '../venue/browser';
import { DEMO_LAYOUTS, DEMO_MEMBERS, startVenue, type Venue, type VenueLayout } from '../venue/index';
import { addDays, mean, median, percentile } from '../../scripts/bench/stats';

const DAY = 24 * 3600_000;
/** Tuesday 24 Nov 2026, 10:00 London: bookings a week ahead are open. */
const BASE_NOW = new Date('2026-11-24T10:00:00Z');

export interface Stats { n: number; median: number; p95: number; worst: number; best: number; mean: number }

export function stats(xs: number[]): Stats {
  return { n: xs.length, median: median(xs), p95: percentile(xs, 95), worst: xs.length ? Math.max(...xs) : NaN, best: xs.length ? Math.min(...xs) : NaN, mean: mean(xs) };
}

function options(venue: Venue, modelHost: string, artifactsDir: string, member = DEMO_MEMBERS[0]!): SessionOptions {
  const secrets: Record<string, string> = { username: member.username, password: member.password };
  return {
    venue: { startUrl: `${venue.url}/`, allowedOrigins: [venue.origin], timeZone: 'Europe/London' },
    secrets: { names: Object.keys(secrets), resolve: async (n) => secrets[n] },
    model: { host: modelHost, model: 'qwen2.5:7b', timeoutMs: 10_000, numCtx: 8192, keepAlive: '30m' },
    browser: { executablePath: CHROMIUM_PATH, headless: true },
    artifactsDir,
    budgets: { maxSteps: 25, maxWallMs: 120_000, maxModelMs: 60_000 },
  };
}

/** A recipe learned from a competent fake-model run on this venue's current layout (on BASE_NOW's target). */
export async function learnOnVenue(venue: Venue, artifactsDir: string): Promise<Recipe> {
  // The scripted competent model knows the three demo layouts; the sites modelled on real applications are booked
  // by the generic one, which knows no layout.
  const fake = await startFakeOllama({ behaviour: DEMO_LAYOUTS.includes(venue.layout) ? competent() : generic() });
  try {
    venue.setClock({ now: BASE_NOW });
    const date = addDays('2026-11-24', venue.options.daysAhead);
    const s = await openSession(options(venue, fake.host, artifactsDir));
    try {
      const r = await s.book({ instructions: `Book Lane 3 at 07:00 on ${date}; otherwise any lane at 07:00.`, want: { date, time: '07:00', lane: '3' } });
      if (!r.recipe) throw new Error(`no recipe learned on the ${venue.layout} layout: ${r.failure?.message ?? 'the run did not finish'}`);
      return r.recipe;
    } finally {
      await s.close();
    }
  } finally {
    await fake.close();
  }
}

export interface ReplayVsHand {
  layout: VenueLayout;
  /** book() wall time with the recipe (page, login and final screenshot included, browser start excluded), ms. */
  replayMs: Stats;
  /** New tab + bookByHand wall time (login included, browser start excluded), ms. */
  handMs: Stats;
  /** median replay / median hand. */
  ratio: number;
  /** Model calls during replays (must be 0). */
  modelRequests: number;
}

/**
 * Replay vs the hand-written baseline on one layout, same Chromium: each run books a fresh day (the venue
 * clock moves a day per run) for two different members, alternating which goes first. Both sides start
 * from the same state: a just-launched browser with an empty context, launch outside the timing, tab inside.
 */
export async function benchReplayVsHand(o: { layout: VenueLayout; runs?: number }): Promise<ReplayVsHand> {
  const runs = o.runs ?? 5;
  const venue = await startVenue({ layout: o.layout, testMode: true, now: BASE_NOW });
  const dir = await mkdtemp(path.join(tmpdir(), 'lanebot-bench-'));
  // A model that answers nothing: any call it gets shows up as a failed booking.
  const silent = await startFakeOllama({ behaviour: down });
  try {
    const recipe = await learnOnVenue(venue, dir);
    const replay: number[] = [];
    const hand: number[] = [];
    for (let i = 1; i <= runs; i++) {
      venue.setClock({ now: new Date(BASE_NOW.getTime() + i * DAY) });
      const date = addDays('2026-11-24', i + venue.options.daysAhead);
      const doReplay = async () => {
        const s = await openSession(options(venue, silent.host, dir));
        try {
          const t0 = performance.now();
          const r = await s.book({ instructions: `Book Lane 3 at 07:00 on ${date}.`, want: { date, time: '07:00', lane: '3' }, recipe });
          const ms = performance.now() - t0;
          if (r.failure || r.via !== 'recipe') throw new Error(`replay failed on ${o.layout}: ${r.failure?.message ?? r.via}`);
          replay.push(ms);
        } finally {
          await s.close();
        }
      };
      const doHand = async () => {
        // Like each replay (openSession starts its own Chromium): a fresh browser and context, started outside
        // the timing; the tab is opened inside it, as book() opens its page inside its own.
        const browser = await launchChromium();
        try {
          const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
          const t0 = performance.now();
          const page = await ctx.newPage();
          await bookByHand(page, { url: venue.url, layout: o.layout }, DEMO_MEMBERS[1]!, { date, time: '07:00', lane: 4 });
          hand.push(performance.now() - t0);
        } finally {
          await browser.close();
        }
      };
      if (i % 2) { await doReplay(); await doHand(); } else { await doHand(); await doReplay(); }
    }
    const r = stats(replay);
    const h = stats(hand);
    return { layout: o.layout, replayMs: r, handMs: h, ratio: r.median / h.median, modelRequests: silent.requests.length };
  } finally {
    await silent.close();
    await venue.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export interface ReleaseLatency {
  layout: VenueLayout;
  /** Booking request arrival at the venue, ms after the opening by the venue's clock, one per release. */
  msAfterRelease: number[];
  stats: Stats;
  /** Requests that reached the venue before the opening (must be 0). */
  early: number;
  /** Releases that were not booked. */
  failed: number;
  /** Measured clock errors (±ms). */
  clockErrorMs: Stats;
}

/**
 * N simulated releases: each time the venue clock is put a few seconds before a release, skewed from
 * this machine by `skewMs(i)` (default alternating ±5 s plus a random fraction), and a prepared session
 * fires by the venue's clock. Returns when the booking requests arrived relative to the opening.
 */
export async function benchReleaseLatency(o: { n?: number; layout?: VenueLayout; skewMs?: (i: number) => number; leadMs?: number; clock?: MeasureOptions } = {}): Promise<ReleaseLatency> {
  const n = o.n ?? 10;
  const layout = o.layout ?? 'grid';
  const venue = await startVenue({ layout, testMode: true, now: BASE_NOW });
  const dir = await mkdtemp(path.join(tmpdir(), 'lanebot-bench-'));
  const silent = await startFakeOllama({ behaviour: down });
  const skew = o.skewMs ?? ((i: number) => (i % 2 ? 5000 : -5000) + Math.round(Math.random() * 1000));
  const after: number[] = [];
  const errors: number[] = [];
  let early = 0;
  let failed = 0;
  try {
    const recipe = await learnOnVenue(venue, dir);
    for (let i = 0; i < n; i++) {
      venue.reset();
      const date = addDays('2026-12-02', i);
      const release = venue.releaseInstant(date).getTime();
      // This machine believes the opening is a whole second `lead` away; the venue's clock is `skew` ahead of that.
      const s0 = skew(i);
      const machineBelief = Math.ceil((Date.now() + (o.leadMs ?? 8000) + s0) / 1000) * 1000;
      venue.setClock({ offsetMs: release - machineBelief + s0 });
      const s = await openSession(options(venue, silent.host, dir));
      try {
        const prep = await s.prepare({ fireAt: new Date(release), recipe, clock: o.clock ?? { bisections: 2, pollMs: 5 } });
        errors.push(prep.errorMs);
        const r = await s.book({ instructions: `Book Lane 3 at 07:00 on ${date}.`, want: { date, time: '07:00', lane: '3' }, recipe, fireAt: new Date(release), clock: o.clock ?? { bisections: 2, pollMs: 5 } });
        if (r.failure) failed++;
      } finally {
        await s.close();
      }
      const posts = venue.requests().filter((q) => q.method === 'POST' && q.msAfterRelease !== undefined);
      early += posts.filter((q) => q.msAfterRelease! < 0).length;
      const first = posts[0];
      if (first) after.push(first.msAfterRelease!);
    }
    return { layout, msAfterRelease: after, stats: stats(after), early, failed, clockErrorMs: stats(errors) };
  } finally {
    await silent.close();
    await venue.close();
    await rm(dir, { recursive: true, force: true });
  }
}
