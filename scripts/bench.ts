// `npm run bench`: every benchmark in one report, each figure beside its target, with the machine it
// ran on. Prints a table and writes docs/bench/latest.md. Figures that cannot be measured yet say
// why instead of showing a number.
//
// Usage: npm run bench [-- --idle 60] [--only model|recipe|replay|release|accept|footprint] [--layouts grid,wizard] [--no-write]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { DEMO_LAYOUTS, VENUE_LAYOUTS } from '../tests/venue/index';
import { machineInfo, machineLine, sourceStamp } from './bench/machine';
import { measureModelPath } from './bench/model-path';
import { measureRecipeNight } from './bench/recipe-night';
import { releaseLatency, replayBookVsHand } from './bench/recipes-support';
import { benchReleaseAccept } from './bench/release-accept';
import { measureReplayVerified } from './bench/replay-verified';
import { measureServiceFootprint } from './bench/service-footprint';
import { consoleBench, markdownBench, notMeasured, type BenchRow } from './bench/report';

const ROOT = resolve(import.meta.dirname, '..');
const SECTIONS = ['replay', 'release', 'accept', 'model', 'recipe', 'footprint'] as const;
type Section = (typeof SECTIONS)[number];

const NOTES = [
  'Recipe replay, first row (tests/release/bench-support.ts `benchReplayVsHand`): `book()` with a learned recipe vs `bookByHand` (tests/venue/baseline.ts), both including the login, neither including browser start or verification; same Chromium, alternating order, median of 5 per layout.',
  'Recipe replay, second row (scripts/bench/replay-verified.ts): what a night does, from the trigger to a verified booking — session/browser start, pre-check on the bookings page (with login), replay, independent verification, close — vs the hand script from a cold browser (launch, log in, book, "Booking confirmed", close).',
  'Release latency (tests/release/bench-support.ts `benchReleaseLatency`): a prepared session with a recipe fires by the venue server clock (measured from HTTP Date headers) at 20 simulated releases, the venue clock skewed about ±5 s from the machine; ms from the opening to the booking request as the venue logged it (`msAfterRelease`); "early" counts requests before the opening.',
  'Release → accepted (scripts/bench/release-accept.ts): per layout, ms from the opening of the target date to the booking existing in the venue’s records (all committing requests done: the wizard’s several POSTs count), by the venue’s clock. Lanebot: a session prepared before the opening (login, server clock, page parked) fires the learned recipe by the server clock. Hand script: the site’s `bookByHand` (it logs in, then books) started at the same opening by the same clock, in a browser launched beforehand. Median of 2 releases each, alternating (a Lanebot release whose preparation ended after the opening — the bench arms the opening 12 s ahead, production 3 min — is run once more with a longer lead); the ratio is Lanebot ÷ hand; the first POST shows whether the time goes to firing or to the site. Two profiles: two members’ prepared sessions firing at the same opening on this machine.',
  'Model path: the agent on the demo venue with the competent fake model (zero latency), one booking per layout; model calls against the fewest the layout allows (one action per call, after the built-in login, ending with done); tokens are chars/4 of the compact snapshot the model saw, the raw `ariaSnapshot({ mode: "ai" })` and the page HTML, averaged per step; harness time excludes model time (median of 3 runs).',
  'Recipe night: a whole simulated night through the real service (tests/matrix) after a verified model night left a recipe, with Ollama down; the figure is model requests during that night.',
  'Service footprint: `lanebot serve` (the bundled service `npm start` runs, rebuilt first) with 3 profiles scheduled, idle; RSS and CPU from /proc (scripts/bench/service-footprint.ts).',
];

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { idle: { type: 'string', default: '60' }, only: { type: 'string' }, layouts: { type: 'string' }, 'no-write': { type: 'boolean', default: false } },
  });
  const idle = Number(values.idle);
  if (!Number.isInteger(idle) || idle < 5 || idle > 600) throw new Error('--idle must be 5 to 600 seconds');
  const only = values.only as Section | undefined;
  if (only && !SECTIONS.includes(only)) throw new Error(`--only must be one of ${SECTIONS.join(', ')}`);
  const run = (s: Section) => !only || only === s;
  const layouts = values.layouts ? VENUE_LAYOUTS.filter((l) => values.layouts!.split(',').includes(l)) : VENUE_LAYOUTS;
  const machine = machineLine(machineInfo());
  // Stamped before measuring: the figures belong to the code as it was when the run started.
  const source = sourceStamp(ROOT);
  console.log(`Lanebot bench on ${machine}`);
  const t0 = performance.now();
  const rows: BenchRow[] = [];
  const step = (label: string) => console.log(`… ${label} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);

  if (run('replay')) {
    // A recipe the model learned is replayed without it on the three demo layouts; on the real-site layouts a
    // model-learned recipe still needs the model here and then (taught recipes do not: tests/recipes/teach-layouts),
    // so this figure is measured where it means "no model".
    for (const layout of layouts.filter((l) => DEMO_LAYOUTS.includes(l))) {
      step(`replay vs hand-written script on ${layout}`);
      const b = await replayBookVsHand(layout, 5);
      rows.push({
        area: 'Recipe replay',
        figure: `${layout}: book() by recipe ÷ bookByHand (login in both; no browser start, no verification)`,
        value: `${b.ratio.toFixed(2)} (${Math.round(b.replayMs.median)} ms vs ${Math.round(b.handMs.median)} ms, median of ${b.replayMs.n}; ${b.modelRequests} model requests)`,
        target: '≤ 1.25',
        ok: b.ratio <= 1.25 && b.modelRequests === 0,
      });
      const v = await measureReplayVerified(layout, 5);
      rows.push({
        area: 'Recipe replay',
        figure: `${layout}: trigger → verified booking (browser, pre-check, replay, verify) ÷ hand script from a cold browser`,
        value: `${v.ratio.toFixed(2)} (${Math.round(v.lanebotMs)} ms vs ${Math.round(v.handMs)} ms, median of ${v.runs}; ${v.modelRequests} model requests)`,
        target: '≤ 1.25',
        ok: v.ratio <= 1.25 && v.modelRequests === 0,
      });
    }
  }

  if (run('release')) {
    step('release latency over 20 simulated releases');
    const r = await releaseLatency(20);
    const area = 'Release firing';
    rows.push({ area, figure: `releases fired (venue clock skewed ≈ ±5 s), not booked`, value: `${r.msAfterRelease.length}, ${r.failed} not booked`, target: '0 not booked', ok: r.failed === 0 });
    rows.push({ area, figure: 'opening → booking request, median (server-observed)', value: `${Math.round(r.stats.median)} ms` });
    rows.push({ area, figure: 'p95', value: `${Math.round(r.stats.p95)} ms`, target: '≤ 250 ms', ok: r.stats.p95 <= 250 });
    rows.push({ area, figure: 'worst', value: `${Math.round(r.stats.worst)} ms` });
    rows.push({ area, figure: 'early requests (before the opening)', value: String(r.early), target: '0', ok: r.early === 0 });
    rows.push({ area, figure: 'server clock error bound, median', value: `± ${Math.round(r.clockErrorMs.median)} ms` });
  }

  if (run('accept')) {
    const area = 'Release → accepted';
    for (const layout of layouts) {
      step(`release → accepted on ${layout} (Lanebot vs hand script${layout === 'grid' ? ', then two profiles at once' : ''})`);
      const got = await benchReleaseAccept({ layout, runs: 2, twoAtOnce: layout === 'grid' }).catch((e: unknown) => (e as Error).message);
      if (typeof got === 'string') {
        rows.push(notMeasured(area, `${layout}: opening → venue accepted, Lanebot ÷ hand script`, got, '≤ 1.0'));
        continue;
      }
      const { one, two } = got;
      if (!one.lanebotMs.length || !one.handMs.length) {
        rows.push(notMeasured(area, `${layout}: opening → venue accepted, Lanebot ÷ hand script`, one.failures.join('; ') || 'nothing booked', '≤ 1.0'));
        continue;
      }
      const each = (xs: number[]) => xs.map((x) => Math.round(x)).join('/');
      rows.push({
        area,
        figure: `${layout}: opening → venue accepted the booking, Lanebot (recipe, prepared) ÷ hand script (logs in at the opening), medians`,
        value: `${one.ratio.toFixed(2)} (Lanebot ${each(one.lanebotMs)} ms, first POST at ${each(one.lanebotFirstPostMs)} ms; hand ${each(one.handMs)} ms; ${one.lanebotPosts} vs ${one.handPosts} committing POSTs${one.failures.length ? `; ${one.failures.length} not booked: ${one.failures[0]}` : ''})`,
        target: '≤ 1.0',
        ok: one.ratio <= 1 && one.failures.length === 0,
      });
      if (two) {
        rows.push({
          area,
          figure: `${layout}: two profiles firing at the same instant (2-core machine), each opening → accepted`,
          value: `${two.acceptedMs.map((x) => `${Math.round(x)} ms`).join(' and ')} (alone: ${Math.round(two.aloneMs)} ms)${two.failures.length ? `; not booked: ${two.failures.join('; ')}` : ''}`,
          target: 'both booked, each ≤ 2 × alone',
          ok: two.acceptedMs.length === 2 && two.acceptedMs.every((x) => x <= 2 * two.aloneMs),
        });
      }
    }
  }

  if (run('model')) {
    let systemPromptTokens = 0;
    for (const layout of VENUE_LAYOUTS) {
      step(`model path on ${layout}`);
      const f = await measureModelPath(layout, 3);
      const area = `Model path — ${layout}`;
      systemPromptTokens = f.systemPromptTokens;
      // Fewer calls than the minimum means the minimum is out of date, which is as wrong as more.
      rows.push({ area, figure: `model calls per booking vs minimum (${f.model} model)`, value: `${f.calls} vs ${f.minCalls} (${f.minPath})`, target: `= ${f.minCalls}`, ok: f.calls === f.minCalls });
      rows.push({ area, figure: 'time per booking (zero-latency model, browser start to done)', value: `${(f.bookingMs / 1000).toFixed(1)} s` });
      rows.push({ area, figure: 'snapshot tokens per step: compact (max)', value: `${f.compactTokens} (${f.maxCompactTokens})`, target: '≤ 2500 (budget)', ok: f.maxCompactTokens <= 2500 });
      rows.push({ area, figure: 'vs raw ariaSnapshot({mode:"ai"}) / page HTML', value: `${f.rawTokens} / ${f.htmlTokens} (compact = ${Math.round((100 * f.compactTokens) / f.rawTokens)}% of raw, ${Math.round((100 * f.compactTokens) / f.htmlTokens)}% of HTML)`, target: '< raw', ok: f.compactTokens < f.rawTokens });
      rows.push({ area, figure: 'prompt tokens per model call (all messages)', value: String(f.promptTokensPerCall) });
      rows.push({ area, figure: 'harness overhead per step (zero-latency model)', value: `${f.harnessMsPerStep} ms` });
    }
    rows.push({ area: 'Model path — all layouts', figure: 'system prompt tokens (chars/4)', value: String(systemPromptTokens), target: '≤ 800', ok: systemPromptTokens <= 800 });
  }

  if (run('recipe')) {
    step('a night with a recipe');
    const f = await measureRecipeNight();
    if (f.modelCalls === undefined) rows.push(notMeasured('Recipe night', 'model calls per night with a recipe', f.reason ?? 'unknown', '0'));
    else rows.push({ area: 'Recipe night', figure: 'model calls per night with a recipe', value: `${f.modelCalls} (${f.verified ? `verified, via ${f.via}` : 'not verified'})`, target: '0', ok: f.modelCalls === 0 && f.verified });
  }

  if (run('footprint')) {
    step(`service footprint (${idle} s idle)`);
    const f = await measureServiceFootprint(idle);
    rows.push({ area: 'Headless service', figure: 'time to ready (`lanebot serve`)', value: `${Math.round(f.readyMs)} ms` });
    rows.push({ area: 'Headless service', figure: `RSS idle, 3 profiles (after ${f.idleSeconds} s)`, value: `${f.rssMb.toFixed(1)} MB (peak ${f.peakRssMb.toFixed(1)} MB)`, target: '< 120 MB', ok: f.peakRssMb < 120 });
    rows.push({ area: 'Headless service', figure: 'CPU idle', value: `${f.cpuPercent.toFixed(2)} %`, target: '< 1 %', ok: f.cpuPercent < 1 });
  }

  const wallMs = performance.now() - t0;
  console.log(`\n${consoleBench(rows)}\n`);
  if (!values['no-write'] && !only) {
    const dir = join(ROOT, 'docs', 'bench');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'latest.md'), markdownBench(rows, { machine, source, when: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC', command: 'npm run bench', wallMs, notes: NOTES }));
    console.log('Written to docs/bench/latest.md');
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      console.error(`bench: ${(e as Error).stack ?? e}`);
      process.exit(2);
    },
  );
}
