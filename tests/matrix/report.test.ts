// The matrix report's verdict: any non-zero must-be-0 column fails the run (run.ts exits non-zero),
// expected misses are told apart from nights that should have booked, and failures are spelled out.
import { describe, expect, it } from 'vitest';
import { markdownReport, mustBeZeroOk, totals } from './report';
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
const md = (rs: NightResult[]) => markdownReport(rs, { machine: 'test box', wallMs: 60_000, concurrency: 2, command: 'npm run matrix', when: 'now' });

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
    expect(mustBeZeroOk([liar, competent])).toBe(true);
    const text = md([liar, competent]);
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
});
