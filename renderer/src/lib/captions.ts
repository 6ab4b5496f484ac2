// What each screenshot of an attempt shows, in words ("Booking page after Book now", "My bookings at
// verification"), instead of its file name.
import type { Attempt, Evidence, Step } from '../../../shared/schemas';
import { stepVerb } from './steps';

type Shots = Pick<Attempt, 'trigger' | 'slot'> & { precheck?: Evidence | undefined; verification?: Evidence | undefined; steps: Step[] };

function after(a: Pick<Attempt, 'trigger' | 'slot'>): string {
  switch (a.trigger) {
    case 'book-now':
      return 'after Book now';
    case 'test-login':
      return 'during the login test';
    case 'release':
      return 'at the window opening';
    case 'watch':
      return 'after the cancellation check';
    case 'catch-up':
      return 'after the catch-up attempt';
    default:
      return a.slot ? `after the ${a.slot} attempt` : 'after the night’s attempt';
  }
}

const LOGIN_CODES = ['login-failed', 'account-locked', 'secret-missing', 'not-allowed'];

/** What the pre-check's or verification's screenshot shows: the bookings page, or where it stopped. */
export function evidenceCaption(phase: 'precheck' | 'verify', e: Pick<Evidence, 'failure'>, trigger?: Attempt['trigger']): string {
  const when = phase === 'precheck' ? 'the pre-check' : 'verification';
  if (e.failure) return LOGIN_CODES.includes(e.failure.code) ? `Login page where ${when} stopped` : `Where ${when} stopped`;
  if (phase === 'precheck' && trigger === 'test-login') return 'My bookings after logging in';
  return `My bookings at ${when}`;
}

/** A caption for one screenshot path of an attempt. */
export function screenshotCaption(path: string, a: Shots): string {
  if (a.precheck?.screenshot === path) return evidenceCaption('precheck', a.precheck, a.trigger);
  if (a.verification?.screenshot === path) return evidenceCaption('verify', a.verification, a.trigger);
  const step = a.steps.find((s) => s.screenshot === path);
  if (step) return `After step ${step.index + 1}: ${stepVerb(step)}${step.target ? ` ${step.target}` : ''}`;
  return `Booking page ${after(a)}`;
}
