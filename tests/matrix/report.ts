// The matrix's report: totals with the must-be-zero columns marked, the missed bookings with their
// reasons, and one row per night — as Markdown (docs/matrix/latest.md) and as a console table.
import type { NightResult } from './night';
import { sourceLine, type SourceStamp } from '../../scripts/bench/machine';
import { needsYouWrong, nightFailed } from './night';
import { DEMO_LAYOUTS } from '../venue/index';

export interface Totals {
  nights: number;
  verified: number;
  falseSuccesses: number;
  dryRunBookings: number;
  doubleBookings: number;
  wrongDate: number;
  missedPossible: number;
  unexpectedMisses: number;
  notPossible: number;
  bookedUnrecorded: number;
  lostOrCorrupt: number;
  leaks: number;
  offOrigin: number;
  blocked: number;
  leftoverBrowsers: number;
  checksFailed: number;
  harnessErrors: number;
  needsYou: number;
  needsYouWrong: number;
}

export function totals(results: NightResult[]): Totals {
  const t: Totals = {
    nights: results.length,
    verified: 0,
    falseSuccesses: 0,
    dryRunBookings: 0,
    doubleBookings: 0,
    wrongDate: 0,
    missedPossible: 0,
    unexpectedMisses: 0,
    notPossible: 0,
    bookedUnrecorded: 0,
    lostOrCorrupt: 0,
    leaks: 0,
    offOrigin: 0,
    blocked: 0,
    leftoverBrowsers: 0,
    checksFailed: 0,
    harnessErrors: 0,
    needsYou: 0,
    needsYouWrong: 0,
  };
  for (const r of results) {
    const v = r.verdict;
    if (r.harnessError || !v) t.harnessErrors++;
    if (!v) continue;
    if (v.verifiedSuccess) t.verified++;
    t.falseSuccesses += v.falseSuccess;
    t.dryRunBookings += v.dryRunBookings;
    t.doubleBookings += v.doubleBookings;
    t.wrongDate += v.wrongDate;
    if (v.missedPossible) {
      t.missedPossible++;
      if (!expectedMiss(r)) t.unexpectedMisses++;
    } else if (!v.verifiedSuccess && !v.bookedUnrecorded) t.notPossible++;
    if (v.bookedUnrecorded) t.bookedUnrecorded++;
    t.lostOrCorrupt += v.lostRecords + (v.corrupt ? 1 : 0);
    t.leaks += r.leaks.length;
    t.offOrigin += r.offOrigin.length;
    t.blocked += r.blocked;
    t.leftoverBrowsers += r.leftoverBrowsers;
    t.checksFailed += r.checksFailed.length;
    if (r.needsYou) {
      if (r.needsYou.ended) t.needsYou++;
      if (needsYouWrong(r)) t.needsYouWrong++;
    }
  }
  return t;
}

/** The columns that must read 0; any other value fails the matrix. */
export const MUST_BE_ZERO: (keyof Totals)[] = [
  'falseSuccesses',
  'dryRunBookings',
  'doubleBookings',
  'wrongDate',
  'lostOrCorrupt',
  'leaks',
  'offOrigin',
  'leftoverBrowsers',
  'checksFailed',
  'harnessErrors',
  // A night that should have booked (a capable model, a recoverable fault) and did not is a failure, not a note.
  'unexpectedMisses',
  'needsYouWrong',
];


const LABELS: Record<keyof Totals, string> = {
  nights: 'nights run',
  verified: 'verified successes (ledger says booked, venue agrees)',
  falseSuccesses: 'false successes — Lanebot says verified or already booked, the venue has no live booking on the target date (at the rule’s time)',
  dryRunBookings: 'bookings or booking requests made during a dry run',
  doubleBookings: 'double bookings (incl. booking requests the venue refused as "already booked")',
  wrongDate: 'bookings on a date other than the target',
  missedPossible: 'missed bookings that were possible (reasons below)',
  unexpectedMisses: '… of which the night should have booked (a capable model, a recoverable fault)',
  notPossible: 'nights where no booking was possible (sold out, wrong password)',
  bookedUnrecorded: 'missed (verification could not confirm): booked at the venue, not recorded as verified — never counted as a success',
  lostOrCorrupt: 'lost or corrupt records (started attempt missing/still running, file unreadable)',
  leaks: 'secret leaks (prompts, logs, history, files, screenshot names, HTTP, SSE, events, URLs)',
  offOrigin: 'requests that reached a non-allowed origin (spy server)',
  blocked: 'navigations stopped by confinement (evidence the attempts happened)',
  leftoverBrowsers: 'browser processes left running after shutdown',
  checksFailed: 'scenario checks failed (Book now joined, one catch-up, interrupted record, one login…)',
  harnessErrors: 'nights that could not be run or judged',
  needsYou: 'nights that ended "needs you" (a captcha, a payment): only a person can book them',
  needsYouWrong: '… "needs you" nights that did not end so, were not told exactly once, or booked anything',
};

/** Why a night could not book though a lane was free, when that is the point of the night; undefined when it should have booked. */
export function expectedMiss(r: NightResult): string | undefined {
  if (['stubborn', 'slow', 'down', 'liar'].includes(r.spec.behaviour)) return `a ${r.spec.behaviour} model without a recipe cannot book`;
  if (r.spec.fault === 'asleep-past-window') return 'asleep through the whole window';
  return undefined;
}

export function resultWord(r: NightResult): string {
  const v = r.verdict;
  if (nightFailed(r)) return 'FAIL';
  if (!v) return '?';
  if (r.needsYou?.ended) return 'needs you';
  if (v.verifiedSuccess) return 'verified';
  if (v.bookedUnrecorded) return 'missed (unconfirmed)';
  if (v.missedPossible) return 'missed';
  return r.impossible ? 'impossible' : 'not possible';
}

const RULE_WORDS = { time: 'date + time', 'time-lane': 'date + time + lane' } as const;

/** The model as the night ran it: on the new sites the generic model plays "competent" (and "confused" recovers into it). */
function modelName(r: NightResult): string {
  const newSite = !DEMO_LAYOUTS.includes(r.spec.layout);
  return newSite && (r.spec.behaviour === 'competent' || r.spec.behaviour === 'confused') ? `${r.spec.behaviour} (generic)` : r.spec.behaviour;
}

function attemptsCell(r: NightResult): string {
  return r.attempts.map((a) => `${a.slot ?? a.trigger}${a.trigger === 'schedule' ? '' : `(${a.trigger})`} ${a.outcome}${a.code && a.outcome !== 'interrupted' ? `:${a.code}` : ''}`).join(', ') || '—';
}

const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function markdownReport(results: NightResult[], o: { machine: string; source: SourceStamp; wallMs: number; concurrency: number; command: string; when: string }): string {
  const t = totals(results);
  const lines: string[] = [];
  const ok = MUST_BE_ZERO.every((k) => t[k] === 0);
  lines.push('# Night matrix — latest run', '');
  lines.push(`Generated by \`${o.command}\` on ${o.when}; ${results.length} nights in ${(o.wallMs / 60_000).toFixed(1)} min (${o.concurrency} at a time).`);
  lines.push(`${sourceLine(o.source)}.`);
  lines.push(`Machine: ${o.machine}.`, '');
  lines.push(
    'Each night runs the real service (runner, scheduler plan, store, agent) on a simulated clock with real Chromium, the demo venue on the',
    'same simulated instant and the fake Ollama, from 23:50 the evening before through every attempt time, and is judged by the venue’s',
    'ground truth (its bookings and request log), never by Lanebot’s own records. Design: `tests/matrix/run.ts`.',
    '',
  );
  lines.push(`**Result: ${ok ? 'every must-be-0 column is 0' : 'FAILED — a must-be-0 column is not 0'}.**`, '');
  lines.push('| measure | count | must be 0 |', '|---|---:|:---:|');
  for (const k of Object.keys(LABELS) as (keyof Totals)[]) lines.push(`| ${LABELS[k]} | ${t[k]} | ${MUST_BE_ZERO.includes(k) ? (t[k] === 0 ? '✓' : '✗') : ''} |`);
  lines.push('');
  const missed = results.filter((r) => r.verdict?.missedPossible);
  lines.push('## Missed bookings that were possible', '');
  if (!missed.length) lines.push('None.');
  for (const r of missed) lines.push(`- **${r.spec.id}** ${expectedMiss(r) ? `(expected: ${expectedMiss(r)})` : '(**unexpected**)'} — ${esc(r.missReason ?? 'unknown')}`);
  lines.push('');
  const failed = results.filter(nightFailed);
  if (failed.length) {
    lines.push('## Failures', '');
    for (const r of failed) {
      const v = r.verdict;
      const why = [
        r.harnessError && `harness: ${r.harnessError}`,
        v?.falseSuccess && 'false success',
        v?.dryRunBookings && `${v.dryRunBookings} booking(s) during a dry run`,
        v?.doubleBookings && `${v.doubleBookings} double booking(s)`,
        v?.wrongDate && `${v.wrongDate} wrong-date booking(s)`,
        v?.lostRecords && `${v.lostRecords} lost record(s)`,
        v?.corrupt,
        r.leaks.length && `password found in: ${r.leaks.join('; ')}`,
        r.offOrigin.length && `off-origin: ${r.offOrigin.join('; ')}`,
        r.leftoverBrowsers && `${r.leftoverBrowsers} browser process(es) left running`,
        ...r.checksFailed,
      ].filter(Boolean);
      lines.push(`- **${r.spec.id}**: ${esc(why.join(' · '))}${r.keptHome ? ` (data kept in ${r.keptHome})` : ''}`);
    }
    lines.push('');
  }
  lines.push('## Nights', '');
  lines.push('| # | group | layout | model | fault | rule | transport | result | attempts (venue time: outcome) | model calls | blocked | s |');
  lines.push('|---:|---|---|---|---|---|---|---|---|---:|---:|---:|');
  results.forEach((r, i) => {
    lines.push(
      `| ${i + 1} | ${r.spec.group} | ${r.spec.layout} | ${modelName(r)} | ${esc(r.label)} | ${RULE_WORDS[r.spec.rule ?? 'time']} | ${r.spec.transport} | ${resultWord(r)} | ${esc(attemptsCell(r))} | ${r.modelCalls} | ${r.blocked} | ${(r.ms / 1000).toFixed(1)} |`,
    );
  });
  const notes = results.filter((r) => r.notes.length);
  if (notes.length) {
    lines.push('', '## Notes', '');
    for (const r of notes) lines.push(`- ${r.spec.id}: ${esc(r.notes.join('; '))}`);
  }
  return lines.join('\n') + '\n';
}

export function consoleTable(results: NightResult[]): string {
  const t = totals(results);
  const rows = (Object.keys(LABELS) as (keyof Totals)[]).map((k) => `${String(t[k]).padStart(5)}  ${MUST_BE_ZERO.includes(k) ? (t[k] === 0 ? '✓' : '✗ MUST BE 0') : '        '}  ${LABELS[k]}`);
  const nights = results.map((r, i) => `${String(i + 1).padStart(3)} ${resultWord(r).padEnd(18)} ${(r.ms / 1000).toFixed(1).padStart(6)}s  ${r.spec.id}  — ${attemptsCell(r)}`);
  return [...nights, '', ...rows].join('\n');
}

export function mustBeZeroOk(results: NightResult[]): boolean {
  const t = totals(results);
  return MUST_BE_ZERO.every((k) => t[k] === 0);
}
