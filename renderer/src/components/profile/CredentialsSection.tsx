// The venue login: write-only boxes (a saved value is never sent back to the page, only "saved ✓"),
// one per secret the instructions name, and whether to keep the venue's cookies between nights.
import type { MutableRefObject } from 'react';
import { controlProps, Field } from '../Field';
import { TOTP_SECRET_NAME } from '../../../../shared/schemas';
import type { SectionProps } from './section';

export function CredentialsSection({
  form,
  set,
  errors,
  secretNames,
  secretsSaved,
  secretRefs,
  onTyped,
}: Omit<SectionProps, 'check'> & {
  secretNames: string[];
  secretsSaved: Record<string, boolean>;
  secretRefs: MutableRefObject<Record<string, HTMLInputElement | null>>;
  onTyped: () => void;
}) {
  return (
    <fieldset>
      <legend>Login</legend>
      <p className="field__hint">Stored on this computer only, never shown again and never sent to the model. Leave a box empty to keep what is saved.</p>
      <div className="row">
        {secretNames.map((name) => {
          const key = `secrets.${name}`;
          const isUser = name === 'username';
          return (
            <Field
              key={name}
              k={key}
              label={
                <>
                  {name === 'username' ? 'Username or member number' : name === 'password' ? 'Password' : name === TOTP_SECRET_NAME ? 'Authenticator setup key' : <code>{`{{${name}}}`}</code>}{' '}
                  {secretsSaved[name] && <span className="saved">saved ✓</span>}
                </>
              }
              errors={errors}
              {...(name === TOTP_SECRET_NAME ? { hint: 'The key the venue showed when you set up an authenticator app. Lanebot types only the 6-digit codes it makes, into the venue’s code box.' } : {})}
            >
              <input
                type={isUser ? 'text' : 'password'}
                autoComplete={isUser ? 'off' : 'new-password'}
                spellCheck={false}
                placeholder={secretsSaved[name] ? 'saved — type to replace' : ''}
                {...controlProps(key, errors)}
                ref={(el) => {
                  secretRefs.current[name] = el;
                }}
                defaultValue=""
                onChange={onTyped}
              />
            </Field>
          );
        })}
      </div>
      <label className="check">
        <input type="checkbox" checked={form.twoFactor} onChange={(e) => set('twoFactor', e.target.checked)} />
        The venue asks for a code from an authenticator app when I log in
      </label>
      <label className="check">
        <input type="checkbox" checked={form.keepCookies} onChange={(e) => set('keepCookies', e.target.checked)} />
        Stay logged in between nights (keeps the venue’s cookies on this computer)
      </label>
    </fieldset>
  );
}
