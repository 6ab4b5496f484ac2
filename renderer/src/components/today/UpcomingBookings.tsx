// The verified bookings ahead for one profile, each as the venue's own bookings page showed it, with
// a link to that page so the user can see (or cancel) them at the venue.
import type { BookingView, ProfileStatus } from '../../../../shared/contract';
import { shortDate } from '../../lib/format';

const BY: Record<string, string> = {
  schedule: 'booked at night',
  'catch-up': 'booked on waking',
  'book-now': 'booked with Book now',
  release: 'booked at the window opening',
  watch: 'booked from a cancellation',
};

function what(b: BookingView): string {
  return [b.time, b.lane ? `lane ${b.lane.replace(/^lane\s*/i, '')}` : undefined].filter(Boolean).join(', ');
}

export function UpcomingBookings({ profile: p, compact = false }: { profile: ProfileStatus; compact?: boolean }) {
  const list = p.upcoming ?? [];
  const shown = compact ? list.slice(0, 3) : list;
  return (
    <section className="upcoming" aria-labelledby={`up-${p.id}`}>
      <h3 id={`up-${p.id}`}>Upcoming bookings</h3>
      {list.length === 0 ? (
        <p className="muted">None verified yet.</p>
      ) : (
        <ul className="upcoming__list">
          {shown.map((b) => (
            <li key={b.date} data-date={b.date}>
              <span aria-hidden="true" className="upcoming__mark">
                ✓
              </span>{' '}
              <strong>{shortDate(b.date)}</strong>
              {what(b) && <> · {what(b)}</>}
              {!compact && (
                <span className="muted">
                  {' '}
                  · {b.how === 'already-booked' ? 'found already booked' : (b.trigger && BY[b.trigger]) || 'booked'}, verified at the venue
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {p.bookingsUrl && (
        <p>
          <a href={p.bookingsUrl} target="_blank" rel="noreferrer">
            Your bookings at the venue ↗
          </a>
        </p>
      )}
    </section>
  );
}
