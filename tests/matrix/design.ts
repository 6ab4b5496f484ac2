// Which nights the matrix runs (the reasoning is at the top of run.ts): every original layout × every model
// behaviour, every fault on every original layout with the competent model, chosen combinations, and each
// site modelled on a real application with the generic model (competent, confused, liar) under a date +
// time + lane verification rule, plus a night under a date + time ("time only") rule.
import { DEMO_LAYOUTS, VENUE_LAYOUTS } from '../venue/index';
import { LAYOUT_FAULTS, type FaultName } from './faults';
import { BEHAVIOURS, type BehaviourName, type NightSpec, type VerificationRule } from './context';
import type { VenueLayout } from '../venue/index';

const RULE_TAG: Record<VerificationRule, string> = { time: ' [time only]', 'time-lane': ' [time+lane]' };

function night(group: NightSpec['group'], layout: VenueLayout, behaviour: BehaviourName, fault: FaultName, transport: 'direct' | 'http' = 'direct', rule?: VerificationRule): NightSpec {
  return {
    id: `${layout}/${behaviour}/${fault}${rule ? RULE_TAG[rule] : ''}${transport === 'http' ? ' (http)' : ''}`,
    group, layout, behaviour, fault, transport, ...(rule ? { rule } : {}),
  };
}

/** The sites modelled on real booking applications (booked, mrbs, hallenbad, piscine, daypicker). */
export const NEW_LAYOUTS: VenueLayout[] = VENUE_LAYOUTS.filter((l) => !DEMO_LAYOUTS.includes(l));

/** Per new site: the generic model books (competent), recovers (confused), lies (liar); and a time-only rule night. */
export function newSiteNights(layout: VenueLayout): NightSpec[] {
  return [
    night('new site', layout, 'competent', 'none', 'http', 'time-lane'),
    night('new site', layout, 'confused', 'none', 'direct', 'time-lane'),
    night('new site', layout, 'liar', 'none', 'direct', 'time-lane'),
    night('new site', layout, 'competent', 'none', 'direct', 'time'),
  ];
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
  ['grid', 'competent', 'dry-run'], // a dry run of the learned recipe after the opening books nothing; the night still books
  ['grid', 'competent', 'captcha'], // a captcha all night: needs you at every attempt, told once, nothing booked
  ['cards', 'competent', 'payment'], // a priced checkout the profile may not pay: needs you, nothing paid or booked
];

export function fullMatrix(): NightSpec[] {
  const out: NightSpec[] = [];
  for (const layout of DEMO_LAYOUTS) {
    for (const b of BEHAVIOURS) out.push(night('layout × behaviour', layout, b, 'none', b === 'competent' || b === 'injected' ? 'http' : 'direct'));
  }
  for (const f of LAYOUT_FAULTS) {
    for (const layout of DEMO_LAYOUTS) out.push(night('fault × layout', layout, 'competent', f, f === 'book-now-during' ? 'http' : 'direct'));
  }
  for (const [layout, b, f, t] of COMBINATIONS) out.push(night('combination', layout, b, f, t));
  for (const layout of NEW_LAYOUTS) out.push(...newSiteNights(layout));
  return out;
}

/**
 * The CI subset run by `npm test`: one night per risk that needs the whole stack — the HTTP
 * transport with Book now joining, a liar, prompt injection, kill -9, sleep, a killed browser, and
 * release firing from a learned recipe with Ollama down, a lane freed after a sold-out night (the
 * cancellation watch) — spread over the three layouts; and two sites modelled on real applications, booked
 * by the generic model: LibreBooking-like (US dates, role-less slot cells, offers beside the bookings)
 * under a date + time rule, and MRBS (late login, identical links, a bookings list without lanes) under a
 * date + time + lane rule, which its list can never confirm: a miss, never a success, and no second booking.
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
    // The new sites: a US LibreBooking-like site booked by the generic model and confirmed by a date + time
    // rule, and MRBS (late login, identical links, a list without lanes) under a date + time + lane rule.
    night('new site', 'booked', 'competent', 'none', 'direct', 'time'),
    night('new site', 'mrbs', 'competent', 'none', 'direct', 'time-lane'),
    // Nights only a person can unblock: a captcha, and a checkout the profile may not pay.
    night('combination', 'grid', 'competent', 'captcha'),
    night('combination', 'cards', 'competent', 'payment', 'http'),
  ];
}
