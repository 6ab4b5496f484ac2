// Which nights the matrix runs (the reasoning is at the top of run.ts): every layout × every model
// behaviour, every fault on every layout with the competent model, and chosen combinations.
import { VENUE_LAYOUTS } from '../venue/index';
import { LAYOUT_FAULTS, type FaultName } from './faults';
import { BEHAVIOURS, type BehaviourName, type NightSpec } from './night';
import type { VenueLayout } from '../venue/index';

function night(group: NightSpec['group'], layout: VenueLayout, behaviour: BehaviourName, fault: FaultName, transport: 'direct' | 'http' = 'direct'): NightSpec {
  return { id: `${layout}/${behaviour}/${fault}${transport === 'http' ? ' (http)' : ''}`, group, layout, behaviour, fault, transport };
}

/** Combinations worth a night of their own, each on one layout (rotating so every layout gets some). */
const COMBINATIONS: [VenueLayout, BehaviourName, FaultName, ('direct' | 'http')?][] = [
  ['grid', 'confused', 'errors'], // a model that recovers, on a venue that errors
  ['wizard', 'confused', 'session-expiry'], // a confused model must not mistake the login page for progress
  ['cards', 'liar', 'competitors'], // a lie is most plausible when lanes are being taken
  ['wizard', 'injected', 'cookie-banner', 'http'], // the injection behind a consent overlay
  ['grid', 'injected', 'book-now-during', 'http'], // Book now while the model misbehaves
  ['grid', 'competent', 'sold-out'], // nothing left at 07:00: fail honestly, never claim
  ['cards', 'competent', 'asleep-past-window'], // asleep through the whole window: recorded as missed
  ['grid', 'competent', 'process-kill-early'], // killed before anything was booked
  ['wizard', 'competent', 'wrong-password'], // permanent: one login, no lock-out, no retries
  ['grid', 'competent', 'dst-target'], // the target date is a DST day
  ['cards', 'competent', 'dst-midnight'], // a zone whose midnight does not exist that night
  ['wizard', 'competent', 'release'], // release firing by the model (no recipe yet), competitors at +150 ms
  ['cards', 'liar', 'release', 'http'], // a lying model at the release: nothing may be claimed
  ['grid', 'competent', 'cancellation'], // sold out at night, a lane freed later: the watch books it
];

export function fullMatrix(): NightSpec[] {
  const out: NightSpec[] = [];
  for (const layout of VENUE_LAYOUTS) {
    for (const b of BEHAVIOURS) out.push(night('layout × behaviour', layout, b, 'none', b === 'competent' || b === 'injected' ? 'http' : 'direct'));
  }
  for (const f of LAYOUT_FAULTS) {
    for (const layout of VENUE_LAYOUTS) out.push(night('fault × layout', layout, 'competent', f, f === 'book-now-during' ? 'http' : 'direct'));
  }
  for (const [layout, b, f, t] of COMBINATIONS) out.push(night('combination', layout, b, f, t));
  return out;
}

/**
 * The CI subset run by `npm test`: one night per risk that needs the whole stack — the HTTP
 * transport with Book now joining, a liar, prompt injection, kill -9, sleep, a killed browser, and
 * release firing from a learned recipe with Ollama down, a lane freed after a sold-out night (the
 * cancellation watch) — spread over the three layouts.
 */
export function ciMatrix(): NightSpec[] {
  return [
    night('fault × layout', 'grid', 'competent', 'book-now-during', 'http'),
    night('layout × behaviour', 'cards', 'liar', 'none'),
    night('layout × behaviour', 'wizard', 'injected', 'none', 'http'),
    night('fault × layout', 'grid', 'competent', 'process-kill'),
    night('fault × layout', 'cards', 'competent', 'asleep'),
    night('fault × layout', 'wizard', 'competent', 'browser-kill'),
    night('fault × layout', 'grid', 'competent', 'release-recipe'),
    night('combination', 'grid', 'competent', 'cancellation'),
  ];
}
