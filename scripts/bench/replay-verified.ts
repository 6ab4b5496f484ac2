// Bench: recipe replay measured the way a night runs it — from the trigger to a verified booking
// (browser start, pre-check, replay, independent verification, browser closed) — against the
// hand-written playwright-core script doing its booking from a cold browser (start, log in, book,
// see "Booking confirmed", close), on the same layout and Chromium. Alternating order, median of runs.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSession, type SessionOptions } from '../../agent/index';
import { learnOnVenue } from '../../tests/release/bench-support';
import { startFakeOllama } from '../../tests/fake-ollama/server';
import { down } from '../../tests/fake-ollama/behaviours';
import { bookByHand } from '../../tests/venue/baseline';
import { launchChromium } from '../../tests/venue/browser';
import { DEMO_MEMBERS, startVenue, type VenueLayout } from '../../tests/venue/index';
import { addDays, median } from './stats';

const DAY = 24 * 3600_000;
const BASE_NOW = new Date('2026-11-24T10:00:00Z');

export interface ReplayVerified {
  layout: VenueLayout;
  lanebotMs: number;
  handMs: number;
  ratio: number;
  runs: number;
  /** Model requests during the measured nights (a recipe night needs none). */
  modelRequests: number;
}


export async function measureReplayVerified(layout: VenueLayout, runs = 5): Promise<ReplayVerified> {
  const venue = await startVenue({ layout, testMode: true, now: BASE_NOW });
  const dir = await mkdtemp(join(tmpdir(), 'lanebot-bench-replay-'));
  const silent = await startFakeOllama({ behaviour: down });
  try {
    const recipe = await learnOnVenue(venue, dir);
    const lanebot: number[] = [];
    const hand: number[] = [];
    for (let i = 1; i <= runs; i++) {
      venue.setClock({ now: new Date(BASE_NOW.getTime() + i * DAY) });
      const date = addDays('2026-11-24', i + venue.options.daysAhead);
      const night = async () => {
        const member = DEMO_MEMBERS[0]!;
        const opts: SessionOptions = {
          venue: { startUrl: `${venue.url}/`, allowedOrigins: [venue.origin], bookingsUrl: venue.bookingsUrl, timeZone: 'Europe/London' },
          secrets: { names: ['username', 'password'], resolve: async (n) => (n === 'username' ? member.username : member.password) },
          model: { host: silent.host, model: 'qwen2.5:7b', timeoutMs: 10_000, numCtx: 8192, keepAlive: '30m' },
          browser: { executablePath: '/usr/bin/chromium', headless: true },
          artifactsDir: dir,
        };
        const want = { date, time: '07:00', lane: '3' };
        const t0 = performance.now();
        const s = await openSession(opts);
        try {
          const pre = await s.verify(want);
          if (pre.found || pre.failure) throw new Error(`pre-check on ${layout}: ${pre.failure?.message ?? 'already booked'}`);
          const r = await s.book({ instructions: `Book Lane 3 at 07:00 on ${date}.`, want, recipe });
          if (r.failure || r.via !== 'recipe') throw new Error(`replay on ${layout}: ${r.failure?.message ?? r.via}`);
          const post = await s.verify(want);
          if (!post.found) throw new Error(`verification on ${layout} did not find the booking`);
        } finally {
          await s.close();
        }
        lanebot.push(performance.now() - t0);
      };
      const byHand = async () => {
        const t0 = performance.now();
        const browser = await launchChromium();
        try {
          const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
          await bookByHand(page, { url: venue.url, layout }, DEMO_MEMBERS[1]!, { date, time: '07:00', lane: 4 });
        } finally {
          await browser.close();
        }
        hand.push(performance.now() - t0);
      };
      if (i % 2) {
        await night();
        await byHand();
      } else {
        await byHand();
        await night();
      }
    }
    const l = median(lanebot);
    const h = median(hand);
    return { layout, lanebotMs: l, handMs: h, ratio: l / h, runs, modelRequests: silent.requests.filter((r) => r.path === '/api/chat').length };
  } finally {
    await silent.close();
    await venue.close();
    await rm(dir, { recursive: true, force: true });
  }
}
