// Where the time of a verified recipe night goes: the same night as scripts/bench/replay-verified.ts,
// split into phases (session start, pre-check, replay, verify, close) from the session's own log lines,
// against the hand script from a cold browser split the same way. For finding waste, not for the report.
//
// Usage: npx tsx scripts/bench/replay-phases.ts [grid|cards|wizard ...] [--runs 5]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openSession, type SessionOptions } from '../../agent/index';
import { learnOnVenue } from '../../tests/release/bench-support';
import { startFakeOllama } from '../../tests/fake-ollama/server';
import { down } from '../../tests/fake-ollama/behaviours';
import { bookByHand } from '../../tests/venue/baseline';
import { launchChromium } from '../../tests/venue/browser';
import { DEMO_MEMBERS, startVenue, VENUE_LAYOUTS, type VenueLayout } from '../../tests/venue/index';
import { addDays, median } from './stats';

const DAY = 24 * 3600_000;
const BASE_NOW = new Date('2026-11-24T10:00:00Z');

type Phases = Record<string, number>;

async function measure(layout: VenueLayout, runs: number, verbose: boolean): Promise<{ lanebot: Phases[]; hand: Phases[] }> {
  const venue = await startVenue({ layout, testMode: true, now: BASE_NOW });
  const dir = await mkdtemp(join(tmpdir(), 'lanebot-bench-phases-'));
  const silent = await startFakeOllama({ behaviour: down });
  const lanebot: Phases[] = [];
  const hand: Phases[] = [];
  try {
    const recipe = await learnOnVenue(venue, dir);
    for (let i = 1; i <= runs; i++) {
      venue.setClock({ now: new Date(BASE_NOW.getTime() + i * DAY) });
      const date = addDays('2026-11-24', i + venue.options.daysAhead);
      const night = async () => {
        const member = DEMO_MEMBERS[0]!;
        const lines: string[] = [];
        let t0 = 0;
        const opts: SessionOptions = {
          venue: { startUrl: `${venue.url}/`, allowedOrigins: [venue.origin], bookingsUrl: venue.bookingsUrl, timeZone: 'Europe/London' },
          secrets: { names: ['username', 'password'], resolve: async (n) => (n === 'username' ? member.username : member.password) },
          model: { host: silent.host, model: 'qwen2.5:7b', timeoutMs: 10_000, numCtx: 8192, keepAlive: '30m' },
          browser: { executablePath: '/usr/bin/chromium', headless: true },
          artifactsDir: dir,
          log: (l) => lines.push(`${(performance.now() - t0).toFixed(0).padStart(5)} ${l}`),
        };
        const want = { date, time: '07:00', lane: '3' };
        const p: Phases = {};
        t0 = performance.now();
        let t = t0;
        const lap = (k: string) => { const n = performance.now(); p[k] = n - t; t = n; };
        const s = await openSession(opts);
        lap('open');
        try {
          const pre = await s.verify(want);
          lap('pre-check');
          if (pre.found || pre.failure) throw new Error(`pre-check: ${pre.failure?.message ?? 'already booked'}`);
          const r = await s.book({ instructions: `Book Lane 3 at 07:00 on ${date}.`, want, recipe });
          lap('book');
          if (r.failure || r.via !== 'recipe') throw new Error(`replay: ${r.failure?.message ?? r.via}`);
          const post = await s.verify(want);
          lap('verify');
          if (!post.found) throw new Error('verification did not find the booking');
        } finally {
          await s.close();
          lap('close');
        }
        p.total = performance.now() - t0;
        lanebot.push(p);
        if (verbose) console.log(lines.join('\n'));
      };
      const byHand = async () => {
        const p: Phases = {};
        const t0 = performance.now();
        let t = t0;
        const lap = (k: string) => { const n = performance.now(); p[k] = n - t; t = n; };
        const browser = await launchChromium();
        lap('open');
        try {
          const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
          lap('newPage');
          await bookByHand(page, { url: venue.url, layout }, DEMO_MEMBERS[1]!, { date, time: '07:00', lane: 4 });
          lap('book');
        } finally {
          await browser.close();
          lap('close');
        }
        p.total = performance.now() - t0;
        hand.push(p);
      };
      if (i % 2) { await night(); await byHand(); } else { await byHand(); await night(); }
    }
    return { lanebot, hand };
  } finally {
    await silent.close();
    await venue.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function summary(rows: Phases[]): string {
  const keys = Object.keys(rows[0] ?? {});
  return keys.map((k) => `${k} ${Math.round(median(rows.map((r) => r[k]!)))}`).join(' | ');
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string', default: '5' }, verbose: { type: 'boolean', default: false } } });
const layouts = (positionals.length ? positionals : VENUE_LAYOUTS) as VenueLayout[];
for (const layout of layouts) {
  const r = await measure(layout, Number(values.runs), values.verbose);
  const l = median(r.lanebot.map((x) => x.total!));
  const h = median(r.hand.map((x) => x.total!));
  console.log(`${layout}: ratio ${(l / h).toFixed(2)}\n  lanebot: ${summary(r.lanebot)}\n  hand:    ${summary(r.hand)}`);
}
