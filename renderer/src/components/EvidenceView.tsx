// What the venue's own bookings page showed, before (pre-check) or after (verification) booking:
// the bookings read off it as dates, times and lanes (not the page's raw row text), and — when the
// page could not be read at all, e.g. the login was refused — that, instead of "no booking".
import type { Evidence } from '../../../shared/schemas';
import { failureText } from '../../../shared/failure-text';
import { evidenceCaption } from '../lib/captions';
import { duration, shortDate } from '../lib/format';
import { tidy, Words } from '../lib/text';
import { Screenshot } from './Screenshot';

function booking(b: { date: string; time?: string; lane?: string }) {
  return [shortDate(b.date), b.time, b.lane ? `lane ${b.lane.replace(/^lane\s*/i, '')}` : undefined].filter(Boolean).join(' · ');
}

type Phase = 'precheck' | 'verify';

/** The heading: what this look at the bookings page found, in one sentence. */
export function evidenceHeading(phase: Phase, e: Evidence, targetDate: string): { text: string; tone: 'good' | 'bad' | 'neutral' } {
  const title = phase === 'precheck' ? 'Pre-check' : 'Verification';
  const date = shortDate(targetDate);
  if (e.failure) {
    const login = evidenceCaption(phase, e).startsWith('Login');
    return { text: `${title}: ${login ? 'stopped at the login' : 'could not read your bookings'} (${failureText(e.failure.code)})`, tone: 'bad' };
  }
  if (e.found) return { text: `${title}: ✓ booking for ${date} found`, tone: 'good' };
  return phase === 'precheck'
    ? { text: `${title}: no booking for ${date} yet, so Lanebot went on to book it`, tone: 'neutral' }
    : { text: `${title}: ✕ no booking for ${date} on the page`, tone: 'bad' };
}

export function EvidenceView({ phase, evidence, targetDate, summary = '' }: { phase: Phase; evidence: Evidence; targetDate: string; summary?: string }) {
  const title = phase === 'precheck' ? 'Pre-check' : 'Verification';
  const head = evidenceHeading(phase, evidence, targetDate);
  // The attempt's summary often quotes the same problem: say it once.
  const problem = evidence.failure && !tidy(summary).includes(tidy(evidence.failure.message)) ? evidence.failure.message : undefined;
  return (
    <section className={`evidence evidence--${head.tone}`} aria-label={title}>
      <h4>{head.text}</h4>
      <dl className="kv">
        {evidence.method && (
          <>
            <dt>Checked by</dt>
            <dd>{evidence.method === 'rule' ? 'your verification rule' : 'the model reading the page'}</dd>
          </>
        )}
        {evidence.url && (
          <>
            <dt>Page</dt>
            <dd className="wrap">{evidence.url}</dd>
          </>
        )}
        {evidence.match && (
          <>
            <dt>Matching booking</dt>
            <dd>{booking(evidence.match)}</dd>
          </>
        )}
        {evidence.durationMs !== undefined && (
          <>
            <dt>Took</dt>
            <dd>{duration(evidence.durationMs)}</dd>
          </>
        )}
        {problem && (
          <>
            <dt>Problem</dt>
            <dd>
              <Words text={problem} />
            </dd>
          </>
        )}
      </dl>
      {!evidence.failure && (
        <>
          <p className="evidence__seen-title">Bookings seen on the page ({evidence.seen.length}):</p>
          {evidence.seen.length === 0 ? (
            <p className="muted">none</p>
          ) : (
            <ul className="evidence__seen">
              {evidence.seen.map((b, i) => (
                <li key={i}>{booking(b)}</li>
              ))}
            </ul>
          )}
        </>
      )}
      {evidence.screenshot && <Screenshot path={evidence.screenshot} caption={evidenceCaption(phase, evidence)} />}
    </section>
  );
}
