// Model evaluation for a real user: `npm run eval -- --ollama URL --model NAME` runs the model path (no recipe)
// on every layout of the demo venue — the three original layouts and the sites modelled on real applications —
// against the Ollama at URL, and prints per layout whether the venue holds the booking and Lanebot's verification
// found it (ground truth: the venue's own bookings), the model calls, the tokens per step as Ollama counted them
// (prompt_eval_count / eval_count) and the time. It never pretends: without a reachable Ollama, or with the model
// not pulled, it says so in one line and exits non-zero.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { openSession, probeOllama } from '../agent/index';
import { DEMO_LAYOUTS, DEMO_MEMBERS, startVenue, VENUE_LAYOUTS, type VenueLayout } from '../tests/venue/index';

const MEMBER = DEMO_MEMBERS[0]!;
/** Tuesday 24 Nov 2026 10:00 London on the venue's clock; Tuesday 1 December is open and one week ahead. */
const VENUE_NOW = new Date('2026-11-24T10:00:00Z');
const TARGET = '2026-12-01';
const GOAL = `Log in with {{username}} / {{password}}. Book Lane 3 at 07:00 on Tuesday 1 December 2026 (${TARGET}); otherwise any lane at 07:00.`;
/** Sites whose pages write numeric dates month first (the profile's date order). */
const MONTH_FIRST: readonly VenueLayout[] = ['booked', 'mrbs', 'daypicker'];

export interface LayoutFigures {
  layout: VenueLayout;
  /** The venue holds exactly one booking of the member on the target date at 07:00. */
  booked: boolean;
  /** Lanebot's own verification on the venue's bookings page found it (counts only together with `booked`). */
  verified: boolean;
  calls: number;
  steps: number;
  promptTokensPerStep: number;
  evalTokensPerStep: number;
  ms: number;
  /** The agent's failure, or why the run could not be judged. */
  problem?: string;
}

export async function evalLayout(layout: VenueLayout, o: { host: string; model: string; timeoutMs: number; browserPath?: string }): Promise<LayoutFigures> {
  const venue = await startVenue({ layout, testMode: true, now: VENUE_NOW });
  const dir = await mkdtemp(join(tmpdir(), 'lanebot-eval-'));
  const t0 = performance.now();
  const want = { date: TARGET, time: '07:00', lane: '3' };
  try {
    const session = await openSession({
      venue: {
        startUrl: DEMO_LAYOUTS.includes(layout) ? `${venue.url}/` : venue.startUrl,
        allowedOrigins: [venue.origin],
        bookingsUrl: venue.bookingsUrl,
        timeZone: 'Europe/London',
        ...(MONTH_FIRST.includes(layout) ? { dateOrder: 'mdy' as const } : {}),
      },
      secrets: { names: ['username', 'password'], resolve: async (n) => (n === 'username' ? MEMBER.username : MEMBER.password) },
      model: { host: o.host, model: o.model, timeoutMs: o.timeoutMs, numCtx: 8192, keepAlive: '30m' },
      browser: { headless: true, ...(o.browserPath ? { executablePath: o.browserPath } : {}) },
      artifactsDir: dir,
    });
    try {
      const r = await session.book({ instructions: GOAL, want });
      // Verified by date and time, the rule a profile with "otherwise any lane" uses (some sites list no lanes).
      const v = await session.verify({ date: TARGET, time: '07:00' }).catch(() => ({ found: false }));
      const held = venue.bookings().filter((b) => !b.cancelledAt && b.member === MEMBER.username && b.date === TARGET && b.time === '07:00');
      const steps = Math.max(1, r.usage.calls);
      return {
        layout,
        booked: held.length === 1,
        verified: held.length === 1 && v.found,
        calls: r.usage.calls,
        steps: r.steps.length,
        promptTokensPerStep: Math.round(r.usage.promptTokens / steps),
        evalTokensPerStep: Math.round(r.usage.evalTokens / steps),
        ms: Math.round(performance.now() - t0),
        ...(r.failure
          ? { problem: r.failure.message }
          : held.length > 1
            ? { problem: `${held.length} bookings at the venue` }
            : held.length === 0
              ? { problem: r.claimedDone ? 'the model said it was done, but the venue holds no such booking' : 'no booking was made' }
              : !v.found
                ? { problem: 'booked, but Lanebot’s verification did not find it on the bookings page' }
                : {}),
      };
    } finally {
      await session.close();
    }
  } catch (e) {
    return { layout, booked: false, verified: false, calls: 0, steps: 0, promptTokensPerStep: 0, evalTokensPerStep: 0, ms: Math.round(performance.now() - t0), problem: (e as Error).message };
  } finally {
    await venue.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export function formatLine(f: LayoutFigures): string {
  const yes = (b: boolean) => (b ? 'yes' : 'no ');
  return [
    f.layout.padEnd(10),
    `booked ${yes(f.booked)}`,
    `verified ${yes(f.verified)}`,
    `calls ${String(f.calls).padStart(3)}`,
    `tokens/step ${String(f.promptTokensPerStep).padStart(5)} in + ${String(f.evalTokensPerStep).padStart(3)} out`,
    `${(f.ms / 1000).toFixed(1).padStart(6)} s`,
    ...(f.problem && !(f.booked && f.verified) ? [`— ${f.problem.replace(/\s+/g, ' ').slice(0, 160)}`] : []),
  ].join('  ');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      ollama: { type: 'string' },
      model: { type: 'string' },
      layouts: { type: 'string' },
      'timeout-ms': { type: 'string', default: '120000' },
      browser: { type: 'string', default: process.env.LANEBOT_BROWSER ?? '' },
    },
  });
  if (!values.ollama || !values.model) {
    console.log('Usage: npm run eval -- --ollama http://127.0.0.1:11434 --model qwen2.5:7b [--layouts grid,mrbs] [--timeout-ms 120000]');
    return 2;
  }
  const layouts = values.layouts ? (values.layouts.split(',').map((s) => s.trim()) as VenueLayout[]) : [...VENUE_LAYOUTS];
  const unknown = layouts.filter((l) => !VENUE_LAYOUTS.includes(l));
  if (unknown.length) {
    console.log(`Unknown layout(s) ${unknown.join(', ')}; the layouts are ${VENUE_LAYOUTS.join(', ')}.`);
    return 2;
  }
  const timeoutMs = Number(values['timeout-ms']);
  const probe = await probeOllama({ host: values.ollama, model: values.model, timeoutMs: 5000 });
  if (!probe.reachable || !probe.modelPulled) {
    console.log(`eval: no model to evaluate — ${probe.message}`);
    return 1;
  }
  console.log(`Evaluating ${values.model} at ${values.ollama} on ${layouts.length} layout(s), no recipe, judged by the venue's bookings.`);
  const all: LayoutFigures[] = [];
  for (const layout of layouts) {
    const f = await evalLayout(layout, { host: values.ollama, model: values.model, timeoutMs, ...(values.browser ? { browserPath: values.browser } : {}) });
    all.push(f);
    console.log(formatLine(f));
  }
  const good = all.filter((f) => f.booked && f.verified).length;
  const calls = all.reduce((n, f) => n + f.calls, 0);
  const ms = all.reduce((n, f) => n + f.ms, 0);
  console.log(`${values.model}: booked and verified on ${good} of ${all.length} layout(s); ${calls} model calls; ${(ms / 1000).toFixed(1)} s in all.`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.log(`eval: ${(e as Error).message}`);
      process.exit(1);
    },
  );
}
