// A calendar date typed as yyyy-MM-dd (the same in every locale, unlike a browser date input that
// shows 12/01/2026 to some users and 01/12/2026 to others), with the date read back in the app's
// own words ("Tue 1 Dec 2026") or what is wrong with it.
import { isCalendarDate } from '../../../shared/schemas';
import { longDate } from '../lib/format';

/** undefined when empty or valid; otherwise what to fix. */
export function dateError(value: string): string | undefined {
  const v = value.trim();
  if (!v) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return 'Use a date like 2026-12-05 (year-month-day)';
  return isCalendarDate(v) ? undefined : `${v} is not a real date`;
}

export function DateField({ id, label, value, onChange, hint }: { id: string; label: string; value: string; onChange: (v: string) => void; hint?: string }) {
  const error = dateError(value);
  const v = value.trim();
  return (
    <div className={`field date-field ${error ? 'field--invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        placeholder="yyyy-mm-dd"
        autoComplete="off"
        spellCheck={false}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-read`}
        onChange={(e) => onChange(e.target.value)}
      />
      <p className={error ? 'field__error' : 'field__hint'} id={`${id}-read`} aria-live="polite">
        {error ?? (v ? longDate(v) : hint ?? '')}
      </p>
    </div>
  );
}
