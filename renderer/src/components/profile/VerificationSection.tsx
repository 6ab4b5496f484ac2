// How Lanebot recognises the booking on the venue's bookings page: the start time and lane (suggested
// from the instructions until the user types their own), how the site writes dates, and fallbacks.
import { controlProps, Field } from '../Field';
import type { SectionProps } from './section';

export function VerificationSection({ form, set, errors, check }: SectionProps) {
  const suggested = !form.verifyEdited && (form.verifyTime || form.verifyLane) ? 'Suggested from your instructions; change it if it is not right.' : undefined;
  return (
    <fieldset>
      <legend>Verification</legend>
      <p className="field__hint">
        After booking, Lanebot opens your bookings page and checks for a booking on the target date. Add a time or lane to require an exact match.
      </p>
      <div className="row">
        <Field k="verification.time" label="Start time (optional)" hint={form.verifyTime ? suggested : undefined} errors={errors}>
          <input
            type="text"
            inputMode="numeric"
            placeholder="07:00"
            {...controlProps('verification.time', errors, !!(form.verifyTime && suggested))}
            value={form.verifyTime}
            onChange={(e) => {
              set('verifyTime', e.target.value);
              set('verifyEdited', true);
            }}
            onBlur={() => check('verification.time')}
          />
        </Field>
        <Field k="verification.lane" label="Lane, court or resource (optional)" hint={form.verifyLane ? suggested : undefined} errors={errors}>
          <input
            type="text"
            placeholder="3"
            {...controlProps('verification.lane', errors, !!(form.verifyLane && suggested))}
            value={form.verifyLane}
            onChange={(e) => {
              set('verifyLane', e.target.value);
              set('verifyEdited', true);
            }}
          />
        </Field>
        <Field k="verification.dateOrder" label="Dates like 01/02 on the site mean" errors={errors}>
          <select {...controlProps('verification.dateOrder', errors)} value={form.dateOrder} onChange={(e) => set('dateOrder', e.target.value as 'auto' | 'dmy' | 'mdy')}>
            <option value="auto">as the site’s own dates show (Test login sets it)</option>
            <option value="dmy">day/month (1 February)</option>
            <option value="mdy">month/day (January 2)</option>
          </select>
        </Field>
      </div>
      <Field
        k="alternatives"
        label="If that is taken, also accept (in order, optional)"
        errors={errors}
        hint="One per line, e.g. “07:00 lane 2” or “08:00”. At the window opening Lanebot falls back to these, and verification accepts them."
      >
        <textarea rows={3} placeholder={'07:00 lane 2\n08:00'} {...controlProps('alternatives', errors)} value={form.alternatives} onChange={(e) => set('alternatives', e.target.value)} />
      </Field>
    </fieldset>
  );
}
