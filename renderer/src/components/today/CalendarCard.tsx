// The calendar feed of verified bookings: its address, to subscribe to from a calendar app.
import { useState } from 'react';
import { useCall } from '../../api/context';

export function CalendarCard() {
  const info = useCall('calendar.info', {});
  const [copied, setCopied] = useState(false);
  // A Lanebot without the feed answers not-found: then there is simply nothing to show.
  if (info.error?.code === 'not-found' || (!info.data && !info.error)) return null;
  return (
    <section className="card" aria-labelledby="calendar-title">
      <h2 id="calendar-title">Your calendar</h2>
      {info.error ? (
        <p className="error-text">Could not get the calendar address: {info.error.message}</p>
      ) : (
        <>
          <p>Verified bookings as a calendar: subscribe to this address in your calendar app.</p>
          <p className="wrap">
            <a href={info.data!.url} className="calendar-link">
              {info.data!.url}
            </a>
          </p>
          <button
            type="button"
            className="button button--small"
            onClick={() =>
              navigator.clipboard?.writeText(info.data!.url).then(
                () => setCopied(true),
                () => setCopied(false),
              )
            }
          >
            {copied ? 'Copied ✓' : 'Copy address'}
          </button>
        </>
      )}
    </section>
  );
}
