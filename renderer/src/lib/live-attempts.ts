// Collects the service's attempt events into a per-attempt picture (steps so far, pre-check and
// verification evidence, final summary) so a running booking can be watched step by step from
// any view, and survives switching tabs.
import type { Attempt, Evidence, Step } from '../../../shared/schemas';
import type { AttemptSummary, ServiceEvent } from '../../../shared/contract';

export interface LiveAttempt {
  id: string;
  profileId: string;
  summary?: AttemptSummary;
  steps: Step[];
  evidence: Partial<Record<'precheck' | 'verify', Evidence>>;
  finished: boolean;
}

const KEEP = 20;

export class LiveAttempts {
  private attempts = new Map<string, LiveAttempt>();
  private snapshot: LiveAttempt[] = [];
  private listeners = new Set<() => void>();

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  /** Newest first; a new array whenever anything changed (for useSyncExternalStore). */
  getSnapshot = (): LiveAttempt[] => this.snapshot;

  get(id: string): LiveAttempt | undefined {
    return this.attempts.get(id);
  }

  latestFor(profileId: string): LiveAttempt | undefined {
    return this.snapshot.find((a) => a.profileId === profileId);
  }

  handle(event: ServiceEvent): void {
    switch (event.type) {
      case 'attempt-started':
      case 'attempt-finished': {
        const a = this.upsert(event.attempt.id, event.attempt.profileId);
        a.summary = event.attempt;
        a.finished = event.type === 'attempt-finished' || event.attempt.outcome !== 'running';
        break;
      }
      case 'attempt-step': {
        const a = this.upsert(event.attemptId, event.profileId);
        a.steps = mergeSteps(a.steps, [event.step]);
        break;
      }
      case 'attempt-evidence': {
        const a = this.upsert(event.attemptId, event.profileId);
        a.evidence = { ...a.evidence, [event.phase]: event.evidence };
        break;
      }
      default:
        return;
    }
    this.publish();
  }

  /** Fills in what happened before we were watching (the UI opened mid-attempt). */
  seed(attempt: Attempt): void {
    const a = this.upsert(attempt.id, attempt.profileId);
    const { steps, ...rest } = attempt;
    a.summary = { ...rest, stepCount: steps.length };
    a.steps = mergeSteps(steps, a.steps);
    a.evidence = {
      ...(attempt.precheck ? { precheck: attempt.precheck } : {}),
      ...(attempt.verification ? { verify: attempt.verification } : {}),
      ...a.evidence,
    };
    a.finished = attempt.outcome !== 'running';
    this.publish();
  }

  private upsert(id: string, profileId: string): LiveAttempt {
    const existing = this.attempts.get(id);
    // Replace rather than mutate, so React sees a changed object.
    const next: LiveAttempt = existing ? { ...existing } : { id, profileId, steps: [], evidence: {}, finished: false };
    this.attempts.delete(id);
    this.attempts.set(id, next);
    return next;
  }

  private publish() {
    const all = [...this.attempts.values()].reverse();
    for (const old of all.slice(KEEP)) this.attempts.delete(old.id);
    this.snapshot = all.slice(0, KEEP);
    for (const l of [...this.listeners]) l();
  }
}

function mergeSteps(a: Step[], b: Step[]): Step[] {
  const byIndex = new Map<number, Step>();
  for (const s of [...a, ...b]) byIndex.set(s.index, s);
  return [...byIndex.values()].sort((x, y) => x.index - y.index);
}
