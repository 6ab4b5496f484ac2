// The profile's name and whether it books at all.
import { controlProps, Field } from '../Field';
import type { SectionProps } from './section';

export function NameSection({ form, set, errors, check }: SectionProps) {
  return (
    <fieldset>
      <legend>Profile</legend>
      <div className="row">
        <Field k="name" label="Name" hint="Whose booking this is, e.g. “Alex – Saturday swim”." errors={errors}>
          <input type="text" {...controlProps('name', errors, true)} value={form.name} onChange={(e) => set('name', e.target.value)} onBlur={() => check('name')} />
        </Field>
        <div className="field">
          <span className="field__label">Active</span>
          <label className="check">
            <input type="checkbox" checked={form.enabled} onChange={(e) => set('enabled', e.target.checked)} />
            Book this profile every night
          </label>
        </div>
      </div>
    </fieldset>
  );
}
