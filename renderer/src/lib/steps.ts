// Wording for agent steps and outcomes, shared by the live progress panel and the history.
import type { Outcome, Step } from '../../../shared/schemas';

const OUTCOME_TEXT: Record<Outcome, string> = {
  running: 'Running',
  verified: 'Booked and verified',
  'already-booked': 'Already booked (found by pre-check)',
  failed: 'Failed',
  missed: 'Missed (computer was off or asleep)',
  interrupted: 'Interrupted',
  aborted: 'Stopped',
  'login-ok': 'Login works',
};

export function outcomeText(o: Outcome): string {
  return OUTCOME_TEXT[o] ?? o;
}

/** The tone a badge uses; text always accompanies it. */
export function outcomeTone(o: Outcome): 'good' | 'bad' | 'neutral' | 'busy' {
  if (o === 'verified' || o === 'already-booked' || o === 'login-ok') return 'good';
  if (o === 'failed' || o === 'missed' || o === 'interrupted') return 'bad';
  if (o === 'running') return 'busy';
  return 'neutral';
}

export const OUTCOME_ICON: Record<ReturnType<typeof outcomeTone>, string> = { good: '✓', bad: '✕', neutral: '–', busy: '…' };

function str(v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

/** "click", "fill", "navigate" … whatever key the agent used for the action's kind. */
export function stepVerb(step: Step): string {
  const a = step.action;
  return str(a.type) ?? str(a.action) ?? str(a.kind) ?? str(a.name) ?? (step.phase === 'note' ? 'note' : 'step');
}

/** The action's argument worth showing: a typed value (placeholder names only), a URL, a key, a reason. */
export function stepDetail(step: Step): string | undefined {
  const a = step.action;
  for (const k of ['value', 'url', 'key', 'option', 'text', 'reason', 'summary', 'direction', 'ms']) {
    const v = str(a[k]);
    if (v) return `${k === 'value' || k === 'text' ? '' : `${k}: `}${v}`;
  }
  return undefined;
}
