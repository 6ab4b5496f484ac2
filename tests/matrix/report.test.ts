// The matrix report's verdict: any non-zero must-be-0 column fails the run (run.ts exits non-zero),
// expected misses are told apart from nights that should have booked, and failures are spelled out.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { markdownReport, mustBeZeroOk, totals } from './report';
import { markdownBench } from '../../scripts/bench/report';
import { sourceStamp, type SourceStamp } from '../../scripts/bench/machine';
import type { NightResult } from './night';
import type { Verdict } from './judge';

const verdict = (o: Partial<Verdict> = {}): Verdict => ({
  verifiedSuccess: true,
  falseSuccess: 0,
  dryRunBookings: 0,
  doubleBookings: 0,
  wrongDate: 0,
  missedPossible: false,
  bookedUnrecorded: false,
  lostRecords: 0,
  corrupt: undefined,
  notes: [],
  ...o,
});
const night = (o: Partial<NightResult> & { behaviour?: NightResult['spec']['behaviour'] } = {}): NightResult => ({
  spec: { id: `grid/${o.behaviour ?? 'competent'}/none`, group: 'layout × behaviour', layout: 'grid', behaviour: o.behaviour ?? 'competent', fault: 'none', transport: 'direct' },
  label: 'no fault',
  ms: 1000,
  verdict: verdict(),
  leaks: [],
  offOrigin: [],
  blocked: 0,
  leftoverBrowsers: 0,
  checksFailed: [],
  attempts: [{ slot: '00:01', trigger: 'schedule', outcome: 'verified' }],
  modelCalls: 4,
  notes: [],
  ...o,
});
const SOURCE: SourceStamp = { commit: '0123456789abcdef0123456789abcdef01234567', clean: true, changed: 0 };
const md = (rs: NightResult[], source = SOURCE) => markdownReport(rs, { machine: 'test box', source, wallMs: 60_000, concurrency: 2, command: 'npm run matrix', when: 'now' });

describe('matrix report', () => {
  it('passes only when every must-be-0 column is 0', () => {
    expect(mustBeZeroOk([night()])).toBe(true);
    for (const bad of [
      night({ verdict: verdict({ verifiedSuccess: false, falseSuccess: 1 }) }),
      night({ verdict: verdict({ dryRunBookings: 1 }) }),
      night({ verdict: verdict({ doubleBookings: 1 }) }),
      night({ verdict: verdict({ wrongDate: 1 }) }),
      night({ verdict: verdict({ lostRecords: 1 }) }),
      night({ verdict: verdict({ corrupt: 'lanebot.json does not parse' }) }),
      night({ leaks: ['service log'] }),
      night({ offOrigin: ['GET /steal?…'] }),
      night({ leftoverBrowsers: 2 }),
      night({ checksFailed: ['Book now started a second attempt'] }),
      night({ harnessError: 'boom' }),
      night({ verdict: undefined }),
    ]) {
      expect(mustBeZeroOk([night(), bad])).toBe(false);
      expect(md([bad])).toMatch(/FAILED/);
      expect(md([bad])).toMatch(/## Failures/);
    }
  });

  it('tells an expected miss (a model that cannot book) from one that should have booked', () => {
    const liar = night({ behaviour: 'liar', verdict: verdict({ verifiedSuccess: false, missedPossible: true }), missReason: 'unverified: …' });
    const competent = night({ verdict: verdict({ verifiedSuccess: false, missedPossible: true }), missReason: 'timeout: …' });
    const t = totals([liar, competent]);
    expect(t.missedPossible).toBe(2);
    expect(t.unexpectedMisses).toBe(1);
    expect(t.notPossible).toBe(0);
    expect(totals([night({ verdict: verdict({ verifiedSuccess: false }), impossible: 'wrong password' })]).notPossible).toBe(1);
    // Only the expected miss passes; the competent model's miss fails the matrix (issue 13, item 13).
    expect(mustBeZeroOk([liar])).toBe(true);
    expect(mustBeZeroOk([liar, competent])).toBe(false);
    const text = md([liar, competent]);
    expect(text).toMatch(/FAILED/);
    expect(text).toMatch(/grid\/liar\/none\*\* \(expected: a liar model/);
    expect(text).toMatch(/grid\/competent\/none\*\* \(\*\*unexpected\*\*\) — timeout/);
  });

  it('reports a booking verification could not confirm as a miss, never as a success, and passes', () => {
    const unconfirmed = night({
      spec: { id: 'mrbs/competent/none [time+lane]', group: 'new site', layout: 'mrbs', behaviour: 'competent', fault: 'none', transport: 'direct', rule: 'time-lane' },
      verdict: verdict({ verifiedSuccess: false, bookedUnrecorded: true }),
      attempts: [{ slot: '00:01', trigger: 'schedule', outcome: 'failed', code: 'unverified' }],
    });
    const t = totals([unconfirmed]);
    expect(t).toMatchObject({ verified: 0, falseSuccesses: 0, bookedUnrecorded: 1 });
    expect(mustBeZeroOk([unconfirmed])).toBe(true);
    const text = md([unconfirmed]);
    expect(text).toMatch(/\| mrbs \| competent \(generic\) \| no fault \| date \+ time \+ lane \| direct \| missed \(unconfirmed\) \|/);
    expect(text).toMatch(/missed \(verification could not confirm\).*\| 1 \|/);
  });

  it('fails `npm run matrix` on a night that should have booked and did not (unexpected miss)', () => {
    const missed = night({ verdict: verdict({ verifiedSuccess: false, missedPossible: true }), missReason: 'timeout' });
    expect(totals([missed]).unexpectedMisses).toBe(1);
    expect(mustBeZeroOk([missed])).toBe(false);
    expect(md([missed])).toMatch(/FAILED/);
  });
});

describe('both reports stamp the commit and whether the tree was clean (issue 13, item 13)', () => {
  const dirty: SourceStamp = { commit: SOURCE.commit, clean: false, changed: 3 };
  const bench = (source: SourceStamp) => markdownBench([{ area: 'a', figure: 'f', value: '1 ms', target: '< 2 ms', ok: true }], { machine: 'test box', source, when: 'now', command: 'npm run bench', wallMs: 1000, notes: [] });

  it('the matrix report and the bench report carry the commit, and say when the tree was not clean', () => {
    for (const render of [(s: SourceStamp) => md([night()], s), bench]) {
      expect(render(SOURCE)).toContain(`Commit: \`${SOURCE.commit}\` (clean tree)`);
      expect(render(dirty)).toContain(`Commit: \`${SOURCE.commit}\` (tree NOT clean: 3 uncommitted path(s)`);
    }
  });

  it('sourceStamp reads git: HEAD, and clean only while nothing differs from it', () => {
    const repo = mkdtempSync(join(tmpdir(), 'lanebot-stamp-'));
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: repo, encoding: 'utf8' }).trim();
    git('init', '-q');
    writeFileSync(join(repo, 'a.txt'), 'a');
    git('add', 'a.txt');
    git('commit', '-qm', 'one');
    const head = git('rev-parse', 'HEAD');
    expect(sourceStamp(repo)).toEqual({ commit: head, clean: true, changed: 0 });
    writeFileSync(join(repo, 'a.txt'), 'b');
    writeFileSync(join(repo, 'new.txt'), 'n');
    expect(sourceStamp(repo)).toEqual({ commit: head, clean: false, changed: 2 });
  });
});
