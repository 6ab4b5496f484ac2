// Which weekdays to book (by target date's weekday), each with optional instructions of its own.
import type { Weekday } from '../../../shared/schemas';
import { WEEKDAY_NAMES, WEEKDAYS } from '../lib/format';
import { errorFor, fieldId, type DayForm, type FieldErrors } from '../lib/profile-form';

export function WeekdayPlan({
  days,
  onChange,
  errors,
  daysAhead,
}: {
  daysAhead: number;
  days: Record<Weekday, DayForm>;
  onChange: (d: Weekday, next: DayForm) => void;
  errors: FieldErrors;
}) {
  const general = errors.weekdays;
  return (
    <div className="days" role="group" aria-labelledby="days-title" aria-describedby="days-hint">
      <p id="days-hint" className="field__hint">
        The day you want the lane on (the target date’s weekday). {Number.isInteger(daysAhead) ? `Lanebot books it ${daysAhead} ${daysAhead === 1 ? 'day' : 'days'} earlier.` : 'Lanebot books it “days ahead” earlier.'}
      </p>
      {general && (
        <p className="field__error" id={fieldId('weekdays')}>
          {general}
        </p>
      )}
      {WEEKDAYS.map((d) => {
        const day = days[d];
        const key = `weekdays.${d}.instructions`;
        const err = errorFor(errors, key);
        return (
          <div key={d} className="day" data-day={d}>
            <button
              type="button"
              className="button day__toggle"
              aria-pressed={day.book}
              onClick={() => onChange(d, { ...day, book: !day.book })}
            >
              <span aria-hidden="true">{day.book ? '✓' : '–'}</span> {WEEKDAY_NAMES[d]}
              <span className="sr-only">{day.book ? ', booked' : ', not booked'}</span>
            </button>
            <span className="muted">{day.book ? 'Books' : 'Off'}</span>
            {day.book ? (
              <label className="check">
                <input type="checkbox" checked={day.custom} onChange={(e) => onChange(d, { ...day, custom: e.target.checked })} />
                Different instructions on {WEEKDAY_NAMES[d]}
              </label>
            ) : (
              <span />
            )}
            {day.book && day.custom && (
              <div className={`field day__override ${err ? 'field--invalid' : ''}`}>
                <label htmlFor={fieldId(key)}>{WEEKDAY_NAMES[d]} instructions (replace the general ones)</label>
                <textarea
                  id={fieldId(key)}
                  value={day.instructions}
                  aria-invalid={err ? true : undefined}
                  aria-describedby={err ? `${fieldId(key)}-error` : undefined}
                  onChange={(e) => onChange(d, { ...day, instructions: e.target.value })}
                />
                {err && (
                  <p className="field__error" id={`${fieldId(key)}-error`}>
                    {err}
                  </p>
                )}
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
}
