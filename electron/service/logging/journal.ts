// The night's journal in the log file: what was planned (once per change), and for every finished
// attempt what the pre-check and the independent verification saw. The runner logs starts and
// outcomes itself and the notifier logs what it sent; together they tell what happened each night.
import type { Evidence } from '../../../shared/schemas';
import type { ServiceEvent } from '../../../shared/contract';
import type { EventBus } from '../events';
import type { Store } from '../store/store';
import { plannedBetween } from '../night/plan';

export interface JournalDeps {
  events: EventBus;
  store: Store;
  now(): Date;
  log(line: string): void;
}

/** One line for a pre-check or verification: what was found, or why nothing could be said. */
export function evidenceLine(e: Evidence | undefined, targetDate: string): string {
  if (!e) return 'not run';
  const how = e.method ? ` (${e.method})` : '';
  if (e.failure) return `could not check — ${e.failure.code}: ${e.failure.message}`;
  if (e.found) return `found ${targetDate}${e.match?.time ? ` ${e.match.time}` : ''}${e.match?.lane ? ` lane ${e.match.lane}` : ''}${how}${e.screenshot ? `, screenshot ${e.screenshot}` : ''}`;
  return `no booking on ${targetDate} among ${e.seen.length} seen${how}${e.screenshot ? `, screenshot ${e.screenshot}` : ''}`;
}

export function startJournal(d: JournalDeps): () => void {
  const lastPlan = new Map<string, string>();
  const planned = () => {
    const now = d.now();
    const to = new Date(now.getTime() + 36 * 3_600_000);
    for (const p of d.store.data.profiles) {
      const next = plannedBetween(p, now, to).filter((a) => a.kind === 'attempt');
      const night = next[0]?.runDate;
      const times = next.filter((a) => a.runDate === night);
      const line = !p.enabled
        ? `${p.name}: switched off, nothing planned`
        : times.length
          ? `${p.name}: planned ${times.map((a) => a.time).join(', ')} venue time (${p.venue.timeZone}) on ${night} to book ${times[0]!.targetDate}${p.watch.enabled ? `, then cancellation checks every ${p.watch.everyMinutes} min until ${p.watch.until}` : ''}`
          : `${p.name}: no attempt planned in the next 36 h`;
      if (lastPlan.get(p.id) !== line) d.log(line);
      lastPlan.set(p.id, line);
    }
  };
  return d.events.subscribe((e: ServiceEvent) => {
    if (e.type === 'schedule-changed') planned();
    if (e.type === 'attempt-finished') {
      const a = e.attempt;
      d.log(`${a.profileName}: ${a.id} ${a.trigger} ${a.outcome} — pre-check: ${evidenceLine(a.precheck, a.targetDate)}; verification: ${evidenceLine(a.verification, a.targetDate)}; ${a.summary}`);
    }
  });
}
