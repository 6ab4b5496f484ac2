// `npm run matrix`: the night-matrix reliability suite. Prints a table, writes docs/matrix/latest.md,
// and exits non-zero when any must-be-0 column is not 0.
//
// DESIGN
// A night = the real service (runner, scheduler plan, lowdb store, agent, real Chromium) on a
// simulated clock (createService({ now })), the demo venue's clock pinned to the same instant, and the
// fake Ollama speaking the real HTTP API. It starts at 23:50 the evening before (profile saved then,
// faults switched on while the release is still ahead), then passes through each attempt time the
// scheduler planned (00:01 … 00:40, venue time): the clock is set to it and the scheduler's own fire
// is called (what node-schedule would do), or the clock jumps and the wake handler catches up. It is
// judged by the venue's ground truth (its bookings and request log) — never by Lanebot's records,
// which are only checked against it.
//
// The full cross product (3 layouts × 7 behaviours × 15 faults = 315 nights, most of them redundant)
// would not fit in 20 minutes on 2 cores. The matrix is instead:
//   1. layout × behaviour (21 nights, no fault): every model behaviour on every layout — competent,
//      confused (recovers), stubborn (loops), slow (beyond its timeout), down (503), injected (obeys
//      page text: tries the spy origin, evil.example and the password in a plain box), liar (claims done).
//   2. fault × layout (15 × 3 = 45 nights, competent model): venue 500s, latency, session expiry at the
//      2nd model call, slow "my bookings", cookie banner, competitors at the release, Chromium killed
//      mid-attempt, Lanebot kill -9 after the venue took the booking (child process) then restarted,
//      clock jumping across midnight and back, the spring and autumn DST nights, asleep through the
//      first attempts then woken, Book now pressed during a scheduled attempt (and after it), a night
//      booked by a recipe the previous (model) night left while Ollama is down, and release firing
//      (opensAt 00:00, prepared before, fired by the venue's clock) from a recipe against competitors.
//   3. combinations (see design.ts): a confused model on a failing venue, a liar while competitors
//      take lanes, injection behind a cookie banner, Book now with an injected model, a sold-out slot,
//      asleep through the whole window, kill -9 before booking, wrong password, the target on a DST
//      day, a zone (Santiago) whose midnight does not exist that night, release firing by the model,
//      a liar at the release, and a dry run of a learned recipe after the opening (it must book nothing).
//   4. new sites (5 × 4 = 20 nights): each site modelled on a real application (booked, mrbs, hallenbad,
//      piscine, daypicker) with the generic model — it knows no layout — as the capable model, recovering
//      after confusion, and a liar, under a date + time + lane verification rule; and a "time only" night
//      (date + time, no lane). A booking the venue holds that verification cannot confirm is reported as
//      "missed (unconfirmed)", never as a success.
// Some nights of every group run through the HTTP transport (token, JSON API, SSE), so HTTP responses
// and SSE frames join the secret scan.
//
// Per night, must be 0: false successes (ledger or an attempt says verified / already booked, the venue
// holds no live booking of the member on the target date at the rule's time), dry-run bookings, double
// bookings (more than one live booking of ours, or a booking request the venue refused as "already
// booked"), wrong-date bookings, lost/corrupt records (every attempt-started id is in the store and
// not "running"; the file parses against the schema), secret leaks (prompts, logs, events, HTTP/SSE,
// every file and file name under the data folder except secrets.json, venue URLs, the spy), requests
// reaching a non-allowed origin (spy server), browsers left running, the scenario's own checks, and
// nights that could not be run. Missed bookings that were possible are listed with their reasons.
//
// Usage: npm run matrix [-- --concurrency 2] [--only <substring of night id>] [--no-write] [--keep-failed]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { fullMatrix } from './design';
import { runNight, type NightResult, type NightSpec } from './night';
import { consoleTable, markdownReport, mustBeZeroOk, resultWord, totals } from './report';
import { ROOT } from './processes';
import { createSlots, needsWholeMachine } from './slots';
import { machineInfo, machineLine, sourceStamp } from '../../scripts/bench/machine';

/** Runs nights `concurrency` at a time (a release night alone), keeping the matrix's order in the results. */
export async function runPool(specs: NightSpec[], concurrency: number, onDone: (r: NightResult, i: number) => void, opts: { keepFailed?: boolean } = {}): Promise<NightResult[]> {
  const out: NightResult[] = new Array(specs.length);
  const slots = createSlots(Math.max(1, concurrency));
  await Promise.all(
    specs.map((spec, i) =>
      slots.run(async () => {
        out[i] = await runNight(spec, opts);
        onDone(out[i]!, i);
      }, needsWholeMachine(spec) ? concurrency : 1),
    ),
  );
  return out;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      concurrency: { type: 'string', default: '2' },
      only: { type: 'string' },
      'no-write': { type: 'boolean', default: false },
      'keep-failed': { type: 'boolean', default: false },
    },
  });
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 8) throw new Error('--concurrency must be 1 to 8');
  const specs = fullMatrix().filter((s) => !values.only || s.id.includes(values.only));
  if (!specs.length) throw new Error(`no night matches "${values.only}"`);
  const machine = machineLine(machineInfo());
  // Stamped before the run: the figures belong to the code as it was when the nights started.
  const source = sourceStamp(ROOT);
  console.log(`Night matrix: ${specs.length} nights, ${concurrency} at a time. ${machine}`);
  const t0 = performance.now();
  let done = 0;
  const results = await runPool(
    specs,
    concurrency,
    (r) => {
      done++;
      console.log(`[${String(done).padStart(2)}/${specs.length}] ${resultWord(r).padEnd(18)} ${(r.ms / 1000).toFixed(1).padStart(5)}s ${r.spec.id}`);
    },
    { keepFailed: values['keep-failed'] },
  );
  const wallMs = performance.now() - t0;
  console.log(`\n${consoleTable(results)}\n\n${specs.length} nights in ${(wallMs / 60_000).toFixed(1)} min`);
  if (!values['no-write']) {
    const dir = join(ROOT, 'docs', 'matrix');
    mkdirSync(dir, { recursive: true });
    const md = markdownReport(results, {
      machine,
      source,
      wallMs,
      concurrency,
      command: `npm run matrix${values.only ? ` -- --only ${values.only}` : ''}`,
      when: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    });
    writeFileSync(join(dir, 'latest.md'), md);
    console.log(`Written to docs/matrix/latest.md`);
  }
  const unexpected = totals(results).unexpectedMisses;
  if (unexpected) console.error(`${unexpected} night(s) should have booked and did not (see "Missed bookings" in the report).`);
  const ok = mustBeZeroOk(results);
  if (!ok) console.error('FAILED: a must-be-0 column is not 0 (see the table).');
  return ok ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      console.error(`matrix: ${(e as Error).stack ?? e}`);
      process.exit(2);
    },
  );
}
