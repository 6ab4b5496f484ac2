// Dates not to book (a holiday, a week away): pick from the dates this profile would book; the
// night that would book a skipped date does not run. Today shows what is skipped.
import { useMemo, useState } from 'react';
import { isValidTimeZone, WEEKDAYS } from '../../../../shared/schemas';
import { addDays, shortDate, todayIn, weekdayOf } from '../../lib/format';
import { fieldId } from '../../lib/profile-form';
import type { SectionProps } from './section';

const HORIZON_DAYS = 120;

export function SkipDatesSection({ form, set, errors }: Omit<SectionProps, 'check'>) {
  const zone = isValidTimeZone(form.timeZone.trim()) ? form.timeZone.trim() : 'UTC';
  const today = todayIn(zone);
  const on = WEEKDAYS.filter((d) => form.weekdays[d].book);
  const choices = useMemo(() => {
    const out: string[] = [];
    for (let i = 1; i <= HORIZON_DAYS; i++) {
      const d = addDays(today, i);
      if (on.includes(weekdayOf(d)) && !form.skipDates.includes(d)) out.push(d);
    }
    return out;
  }, [today, on.join(), form.skipDates]); // eslint-disable-line react-hooks/exhaustive-deps
  const [pick, setPick] = useState('');
  const chosen = choices.includes(pick) ? pick : (choices[0] ?? '');
  const id = fieldId('skipDates');
  const error = errors.skipDates ?? Object.entries(errors).find(([k]) => k.startsWith('skipDates.'))?.[1];

  return (
    <fieldset data-field="skipDates">
      <legend>Dates to skip</legend>
      <p className="field__hint">A holiday or a week away: Lanebot does not book a skipped date. You can still book it yourself with Book now.</p>
      {form.skipDates.length > 0 ? (
        <ul className="skip-list" aria-label="Skipped dates">
          {form.skipDates.map((d) => (
            <li key={d}>
              {shortDate(d)}
              {d < today ? <span className="muted"> (past)</span> : null}
              <button type="button" className="button button--quiet button--small" aria-label={`Book ${shortDate(d)} again`} onClick={() => set('skipDates', form.skipDates.filter((x) => x !== d))}>
                Undo
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No dates skipped.</p>
      )}
      {choices.length > 0 ? (
        <div className="skip-add">
          <label htmlFor={id}>Skip a date</label>
          <select id={id} value={chosen} onChange={(e) => setPick(e.target.value)}>
            {choices.map((d) => (
              <option key={d} value={d}>
                {shortDate(d)}
              </option>
            ))}
          </select>
          <button type="button" className="button" onClick={() => chosen && set('skipDates', [...form.skipDates, chosen].sort())}>
            Skip this date
          </button>
        </div>
      ) : (
        <p className="muted">Switch on a weekday above to pick dates to skip.</p>
      )}
      {error && <p className="field__error">{error}</p>}
    </fieldset>
  );
}
