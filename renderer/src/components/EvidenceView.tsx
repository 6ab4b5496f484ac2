// What the venue's own bookings page showed, before (pre-check) or after (verification) booking.
import type { Evidence } from '../../../shared/schemas';
import { duration, shortDate } from '../lib/format';
import { Screenshot } from './Screenshot';

/** The page text of a booking, cut short: some pages put a whole screen of text in one record. */
function quote(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 140 ? `${t.slice(0, 137)}…` : t;
}

function booking(b: { date: string; time?: string; lane?: string; text: string }) {
  const bits = [shortDate(b.date), b.time, b.lane ? `lane ${b.lane}` : undefined].filter(Boolean).join(' · ');
  return bits || b.text;
}

export function EvidenceView({ title, evidence, targetDate }: { title: string; evidence: Evidence; targetDate: string }) {
  return (
    <section className={`evidence ${evidence.found ? 'evidence--found' : 'evidence--none'}`} aria-label={title}>
      <h4>
        {title}: {evidence.found ? `✓ booking for ${shortDate(targetDate)} found` : `✕ no booking for ${shortDate(targetDate)}`}
      </h4>
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
            <dd>
              {booking(evidence.match)} <span className="muted">“{quote(evidence.match.text)}”</span>
            </dd>
          </>
        )}
        {evidence.durationMs !== undefined && (
          <>
            <dt>Took</dt>
            <dd>{duration(evidence.durationMs)}</dd>
          </>
        )}
        {evidence.failure && (
          <>
            <dt>Problem</dt>
            <dd>{evidence.failure.message}</dd>
          </>
        )}
      </dl>
      <p className="evidence__seen-title">Bookings seen on the page ({evidence.seen.length}):</p>
      {evidence.seen.length === 0 ? (
        <p className="muted">none</p>
      ) : (
        <ul className="evidence__seen">
          {evidence.seen.map((b, i) => (
            <li key={i}>
              {booking(b)} <span className="muted">“{quote(b.text)}”</span>
            </li>
          ))}
        </ul>
      )}
      {evidence.screenshot && <Screenshot path={evidence.screenshot} caption={`${title} page`} />}
    </section>
  );
}
