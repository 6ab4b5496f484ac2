// The box a refused Save shows at the top of the profile form: each problem, with a button that
// takes the user to its field.
import type { Ref } from 'react';
import { fieldId, type FieldErrors } from '../../lib/profile-form';
import { labelFor } from './section';

function focusField(k: string) {
  (document.getElementById(fieldId(k)) ?? document.querySelector<HTMLElement>(`[data-field="${k}"] input, [data-field="${k}"] textarea, [data-field="${k}"] button`))?.focus();
}

export function ErrorSummary({ errors, summaryRef }: { errors: FieldErrors; summaryRef: Ref<HTMLDivElement> }) {
  const keys = Object.keys(errors);
  return (
    <div className="form__summary" role="alert" tabIndex={-1} ref={summaryRef}>
      <strong>{keys.length === 1 ? 'One thing to fix' : `${keys.length} things to fix`} before saving (nothing was saved):</strong>
      <ul>
        {keys.map((k) => (
          <li key={k}>
            <button type="button" className="button button--quiet button--small" onClick={() => focusField(k)}>
              {labelFor(k)}
            </button>{' '}
            {errors[k]}
          </li>
        ))}
      </ul>
    </div>
  );
}
