// Book now: which date (the next one the profile books by default, any date the venue has opened),
// with a warning before booking a weekday the profile has switched off, a skipped date, or a date
// that is booked already.
import { useMemo, useState } from 'react';
import type { ProfileStatus } from '../../../../shared/contract';
import { bookDateChoices, defaultBookDate, type DateChoice } from '../../lib/book-dates';
import { shortDate, WEEKDAY_SHORT } from '../../lib/format';

function optionText(c: DateChoice, p: ProfileStatus): string {
  const notes = [
    c.date === p.runDate ? 'today' : undefined,
    c.date === p.targetDate ? 'today’s run books it' : undefined,
    c.booked ? 'booked ✓' : undefined,
    c.skipped ? 'skipped' : undefined,
    !c.on ? 'day off' : undefined,
  ].filter(Boolean);
  return `${shortDate(c.date)}${notes.length ? ` — ${notes.join(', ')}` : ''}`;
}

/** Why this date needs a second thought, or undefined when it is an ordinary booking day. */
export function bookWarning(c: DateChoice | undefined): string | undefined {
  if (!c) return undefined;
  if (c.booked) return `${shortDate(c.date)} is already booked and verified. Lanebot checks the venue first, so it will not book it twice; book anyway?`;
  if (!c.on) return `${WEEKDAY_SHORT[c.weekday]} is switched off for this profile; book ${shortDate(c.date)} anyway?`;
  if (c.skipped) return `You chose to skip ${shortDate(c.date)}; book it anyway?`;
  return undefined;
}

export function BookNowPanel({
  profile: p,
  busy,
  onBook,
  onCancel,
}: {
  profile: ProfileStatus;
  busy: boolean;
  onBook: (targetDate: string) => void;
  onCancel: () => void;
}) {
  const choices = useMemo(() => bookDateChoices(p), [p]);
  const [date, setDate] = useState(() => defaultBookDate(choices, p.targetDate));
  const choice = choices.find((c) => c.date === date);
  const warning = bookWarning(choice);
  const selectId = `book-date-${p.id}`;
  return (
    <div className="book-now" role="group" aria-label={`Book ${p.name} now`}>
      <div className="field">
        <label htmlFor={selectId}>
          Book which date?
        </label>
        <select id={selectId} value={date} onChange={(e) => setDate(e.target.value)} aria-describedby={warning ? `${selectId}-warning` : undefined}>
          {choices.map((c) => (
            <option key={c.date} value={c.date}>
              {optionText(c, p)}
            </option>
          ))}
        </select>
        <p className="field__hint">The venue opens bookings {choices.length - 1} days ahead, so these are the dates it can book now.</p>
      </div>
      {warning && (
        <p className="warning" id={`${selectId}-warning`} role="status">
          ⚠ {warning}
        </p>
      )}
      <div className="button-row">
        <button type="button" className="button button--primary" disabled={busy} onClick={() => onBook(date)}>
          {busy ? 'Starting…' : `Book ${shortDate(date)}${warning ? ' anyway' : ''}`}
        </button>
        <button type="button" className="button button--quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
