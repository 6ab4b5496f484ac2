// A labelled form field with its hint and its error (client or server) right beneath it.
import type { ReactNode } from 'react';
import { errorFor, fieldId, type FieldErrors } from '../lib/profile-form';

export function controlProps(key: string, errors: FieldErrors, hint?: boolean) {
  const id = fieldId(key);
  const error = errorFor(errors, key);
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return {
    id,
    name: key,
    'aria-invalid': error ? (true as const) : undefined,
    ...(describedBy ? { 'aria-describedby': describedBy } : {}),
  };
}

export function Field({
  k,
  label,
  hint,
  errors,
  children,
  after,
}: {
  k: string;
  label: ReactNode;
  hint?: ReactNode;
  errors: FieldErrors;
  children: ReactNode;
  after?: ReactNode;
}) {
  const id = fieldId(k);
  const error = errorFor(errors, k);
  return (
    <div className={`field ${error ? 'field--invalid' : ''}`} data-field={k}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {after}
    </div>
  );
}
