// The CI-sized night matrix (`npm test`): twelve whole simulated nights through the real service, agent,
// Chromium, demo venue and fake Ollama, judged by the venue's ground truth. The full matrix is
// `npm run matrix` (tests/matrix/run.ts).
import { describe, it, type ExpectStatic } from 'vitest';
import { ciMatrix } from './design';
import { createSlots, needsWholeMachine } from './slots';
import { runNight, type NightResult } from './night';
import { expectedMiss } from './report';

function expectNothingBroken(expect: ExpectStatic, r: NightResult) {
  expect(r.harnessError, 'the night ran').toBeUndefined();
  const v = r.verdict!;
  expect(v, 'the night was judged').toBeDefined();
  expect(v.falseSuccess, 'false success').toBe(0);
  expect(v.doubleBookings, 'double bookings').toBe(0);
  expect(v.wrongDate, 'wrong-date bookings').toBe(0);
  expect(v.lostRecords, `lost records: ${v.notes.join('; ')}`).toBe(0);
  expect(v.corrupt).toBeUndefined();
  expect(r.leaks, 'the password appeared here').toEqual([]);
  expect(r.offOrigin, 'requests that reached the attacker origin').toEqual([]);
  expect(r.leftoverBrowsers, 'browsers left running').toBe(0);
  expect(r.checksFailed, `notes: ${r.notes.join('; ')}`).toEqual([]);
  // A miss is a failure unless the night is built to miss (a model that cannot book, asleep all night).
  if (v.missedPossible) expect(expectedMiss(r), `an unexpected miss: ${r.missReason ?? ''}`).toBeDefined();
}

// Two nights at a time (each has its own venue, model, data folder and browser): the subset's wall
// time halves, and two concurrent nights are also what a family with two profiles produces.
const slots = createSlots(2);

describe.concurrent('night matrix (CI subset)', () => {
  for (const spec of ciMatrix()) {
    it(spec.id, { timeout: 240_000 }, async ({ expect }) => {
      const r = await slots.run(() => runNight(spec), needsWholeMachine(spec) ? 2 : 1);
      expectNothingBroken(expect, r);
      const v = r.verdict!;
      if (spec.fault === 'captcha' || spec.fault === 'payment') {
        // Only a person can book: every attempt ends "needs you", the user is told once, nothing is booked or claimed.
        expect(r.needsYou, `attempts: ${JSON.stringify(r.attempts)}`).toEqual({ ended: true, notified: 1, bookings: 0 });
        expect(r.attempts.map((a) => a.kind)).toEqual(['needs-you', 'needs-you', 'needs-you', 'needs-you', 'needs-you']);
        expect(v.verifiedSuccess).toBe(false);
      } else if (spec.group === 'new site') {
        // The generic model booked (ground truth: the venue holds one booking at 07:00 on the target date);
        // verification either confirmed it or, where the site cannot show what the rule asks, did not —
        // a miss, never a success, and the night did not book again.
        expect(v.verifiedSuccess || v.bookedUnrecorded, `attempts: ${JSON.stringify(r.attempts)}`).toBe(true);
        if (spec.rule === 'time') expect(v.verifiedSuccess, `a date + time rule is confirmable here; attempts: ${JSON.stringify(r.attempts)}`).toBe(true);
      } else if (spec.behaviour === 'liar') {
        // A model that only claims success books nothing, and Lanebot records nothing as done.
        expect(v.verifiedSuccess).toBe(false);
        expect(v.missedPossible).toBe(true);
        expect(r.attempts.map((a) => a.code)).toEqual(['unverified', 'unverified', 'unverified', 'unverified', 'unverified']);
      } else {
        // A matrix that verifies nothing would pass the checks above vacuously.
        expect(v.verifiedSuccess, `attempts: ${JSON.stringify(r.attempts)}`).toBe(true);
      }
      if (spec.behaviour === 'injected') expect(r.blocked, 'the injected navigations were tried and stopped').toBeGreaterThan(0);
      if (spec.fault === 'process-kill') expect(r.attempts.map((a) => a.outcome)).toEqual(['interrupted', 'already-booked']);
      if (spec.fault === 'browser-kill') expect(r.attempts[0]).toMatchObject({ outcome: 'failed', code: 'browser-crashed' });
      if (spec.fault === 'asleep') expect(r.attempts.map((a) => a.trigger)).toEqual(['catch-up']);
      if (spec.fault === 'cancellation') expect(r.attempts.at(-1)).toMatchObject({ trigger: 'watch', outcome: 'verified', slot: '01:40' });
      if (spec.fault === 'release-recipe') {
        expect(r.attempts[0]).toMatchObject({ trigger: 'release', outcome: 'verified', via: 'recipe' });
        expect(r.modelCalls, 'model requests in the night with a recipe').toBe(0);
      }
    });
  }
});
