// `npm run bench`: every benchmark in one report, each figure beside its target, with the machine it
// ran on. Prints a table and writes docs/bench/latest.md. Figures that cannot be measured yet say
// why instead of showing a number.
//
// Usage: npm run bench [-- --idle 60] [--only model|recipe|replay|release|footprint] [--no-write]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { VENUE_LAYOUTS } from '../tests/venue/index';
import { machineInfo, machineLine } from './bench/machine';
import { measureModelPath } from './bench/model-path';
import { measureRecipeNight } from './bench/recipe-night';
import { loadRecipesSupport } from './bench/recipes-support';
import { measureServiceFootprint } from './bench/service-footprint';
import { consoleBench, markdownBench, notMeasured, type BenchRow } from './bench/report';

const ROOT = resolve(import.meta.dirname, '..');
const SECTIONS = ['replay', 'release', 'model', 'recipe', 'footprint'] as const;
type Section = (typeof SECTIONS)[number];

const NOTES = [
  'Replay vs hand: wall time from the trigger to a verified booking by recipe replay (browser start, pre-check, replay, independent verification) against `bookByHand` (tests/venue/baseline.ts) on the same layout and Chromium; target ratio ≤ 1.25.',
  'Release latency: server-observed ms from the opening instant to the booking request (venue `requests()` `msAfterRelease`) over simulated releases with a skewed venue clock; "early" counts requests before the opening.',
  'Model path: the agent on the demo venue with the competent fake model (zero latency), one booking per layout; model calls against the fewest the layout allows (one action per call, after the built-in login, ending with done); tokens are chars/4 of the compact snapshot the model saw, the raw `ariaSnapshot({ mode: "ai" })` and the page HTML, averaged per step; harness time excludes model time (median of 3 runs).',
  'Recipe night: a whole simulated night through the real service (tests/matrix) after a verified model night left a recipe, with Ollama down; the figure is model requests during that night.',
  'Service footprint: `lanebot serve` with 3 profiles scheduled, idle; RSS and CPU from /proc (scripts/bench/service-footprint.ts).',
];

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { idle: { type: 'string', default: '60' }, only: { type: 'string' }, 'no-write': { type: 'boolean', default: false } },
  });
  const idle = Number(values.idle);
  if (!Number.isInteger(idle) || idle < 5 || idle > 600) throw new Error('--idle must be 5 to 600 seconds');
  const only = values.only as Section | undefined;
  if (only && !SECTIONS.includes(only)) throw new Error(`--only must be one of ${SECTIONS.join(', ')}`);
  const run = (s: Section) => !only || only === s;
  const machine = machineLine(machineInfo());
  console.log(`Lanebot bench on ${machine}`);
  const t0 = performance.now();
  const rows: BenchRow[] = [];
  const step = (label: string) => console.log(`… ${label} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);

  const support = await loadRecipesSupport();
  if (run('replay')) {
    step('replay vs hand-written script');
    for (const layout of VENUE_LAYOUTS) {
      const figure = `${layout}: replay ÷ hand-written script`;
      if (!support.replay) {
        rows.push(notMeasured('Recipe replay', figure, support.missing, '≤ 1.25'));
        continue;
      }
      const f = await support.replay(layout);
      const ratio = f.replayMs / f.handMs;
      rows.push({ area: 'Recipe replay', figure, value: `${ratio.toFixed(2)} (${Math.round(f.replayMs)} ms vs ${Math.round(f.handMs)} ms)`, target: '≤ 1.25', ok: ratio <= 1.25 });
    }
  }

  if (run('release')) {
    step('release latency');
    if (!support.release) {
      for (const f of ['median', 'p95', 'worst', 'early requests']) rows.push(notMeasured('Release firing', f, support.missing, f === 'p95' ? '≤ 250 ms' : f === 'early requests' ? '0' : undefined));
    } else {
      const r = await support.release(20);
      rows.push({ area: 'Release firing', figure: `median over ${r.releases} releases`, value: `${Math.round(r.medianMs)} ms` });
      rows.push({ area: 'Release firing', figure: 'p95', value: `${Math.round(r.p95Ms)} ms`, target: '≤ 250 ms', ok: r.p95Ms <= 250 });
      rows.push({ area: 'Release firing', figure: 'worst', value: `${Math.round(r.worstMs)} ms` });
      rows.push({ area: 'Release firing', figure: 'early requests', value: String(r.early), target: '0', ok: r.early === 0 });
    }
  }

  if (run('model')) {
    let systemPromptTokens = 0;
    for (const layout of VENUE_LAYOUTS) {
      step(`model path on ${layout}`);
      const f = await measureModelPath(layout, 3);
      const area = `Model path — ${layout}`;
      systemPromptTokens = f.systemPromptTokens;
      rows.push({ area, figure: 'model calls per booking vs minimum', value: `${f.calls} vs ${f.minCalls} (${f.minPath})`, target: `= ${f.minCalls}`, ok: f.calls <= f.minCalls });
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
    writeFileSync(join(dir, 'latest.md'), markdownBench(rows, { machine, when: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC', command: 'npm run bench', wallMs, notes: NOTES }));
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
