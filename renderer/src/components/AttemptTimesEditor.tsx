// Edits the night's attempt times. A time is checked the moment it is added, so "25:00" or
// "7pm" never reaches the list.
import { useState } from 'react';
import { DEFAULT_ATTEMPT_TIMES } from '../../../shared/schemas';
import { checkNewTime, errorFor, fieldId, type FieldErrors } from '../lib/profile-form';

export function AttemptTimesEditor({
  times,
  onChange,
  errors,
  timeZone,
}: {
  times: string[];
  onChange: (times: string[]) => void;
  errors: FieldErrors;
  timeZone: string;
}) {
  const [draft, setDraft] = useState('');
  const [localError, setLocalError] = useState<string>();
  const id = fieldId('attemptTimes');
  const error = localError ?? errorFor(errors, 'attemptTimes');

  function add() {
    // Leaving the box adds what was typed, so a time is never silently lost on Save.
    if (draft.trim() === '') return;
    const r = checkNewTime(draft, times);
    if (r.error) {
      setLocalError(`${draft.trim() || '(empty)'}: ${r.error}`);
      return;
    }
    setLocalError(undefined);
    setDraft('');
    onChange([...times, r.time!].sort());
  }

  return (
    <div className={`field ${error ? 'field--invalid' : ''}`} data-field="attemptTimes">
      <span className="field__label" id={`${id}-label`}>
        Attempt times ({timeZone} time)
      </span>
      <ul className="times" aria-labelledby={`${id}-label`}>
        {times.map((t) => (
          <li key={t}>
            {t}
            <button type="button" aria-label={`Remove ${t}`} onClick={() => onChange(times.filter((x) => x !== t))}>
              ✕
            </button>
          </li>
        ))}
        {times.length === 0 && <li className="muted">No times — add at least one</li>}
      </ul>
      <div className="times__add">
        <label htmlFor={id} className="sr-only">
          New attempt time
        </label>
        <input
          id={id}
          name="attemptTimes"
          type="text"
          inputMode="numeric"
          placeholder="00:50"
          autoComplete="off"
          value={draft}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
          onChange={(e) => {
            setDraft(e.target.value);
            setLocalError(undefined);
          }}
          onBlur={add}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
        <button type="button" className="button" onClick={add}>
          Add time
        </button>
        <button type="button" className="button button--quiet" onClick={() => onChange([...DEFAULT_ATTEMPT_TIMES])}>
          Defaults
        </button>
      </div>
      <p className="field__hint" id={`${id}-hint`}>
        24-hour venue time. Lanebot tries at each until the booking is verified; the defaults follow the usual midnight release.
      </p>
      {error && (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
