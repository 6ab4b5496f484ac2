// The cancellation watch: after a night's attempts end without a booking, check again every N
// minutes until a cutoff for a slot freed by a cancellation.
import { lastAttemptTime } from '../../lib/profile-form';
import { controlProps, Field } from '../Field';
import type { SectionProps } from './section';

export function WatchSection({ form, set, errors, check, clearErrors }: SectionProps & { clearErrors: (prefix: string) => void }) {
  const lastTime = lastAttemptTime(form.attemptTimes);
  return (
    <fieldset>
      <legend>Cancellation watch</legend>
      <label className="check">
        <input
          type="checkbox"
          checked={form.watch.enabled}
          aria-describedby="watch-hint"
          onChange={(e) => {
            set('watch', { ...form.watch, enabled: e.target.checked });
            // Hidden settings cannot be fixed, so their complaints go with them.
            if (!e.target.checked) clearErrors('watch.');
          }}
        />
        Watch for cancellations after the night’s attempts
      </label>
      <p className="field__hint" id="watch-hint">
        If the attempts end without a booking, Lanebot checks again for a freed slot. Each check is a booking attempt: with a learned recipe it needs no model, and nothing is
        booked twice (every check first looks at your bookings).
      </p>
      {form.watch.enabled && (
        <div className="row">
          <Field k="watch.everyMinutes" label="Check every (minutes)" hint="Between 5 and 240 minutes." errors={errors}>
            <input
              type="number"
              inputMode="numeric"
              min={5}
              max={240}
              step={1}
              placeholder="15"
              {...controlProps('watch.everyMinutes', errors, true)}
              value={form.watch.everyMinutes}
              onChange={(e) => set('watch', { ...form.watch, everyMinutes: e.target.value })}
              onBlur={() => check('watch.everyMinutes')}
            />
          </Field>
          <Field
            k="watch.until"
            label="Until (venue time)"
            hint={`24-hour ${form.timeZone || 'venue'} time, the same night, later than the last attempt time${lastTime ? ` (${lastTime})` : ''}.`}
            errors={errors}
          >
            <input
              type="text"
              inputMode="numeric"
              placeholder="22:00"
              {...controlProps('watch.until', errors, true)}
              value={form.watch.until}
              onChange={(e) => set('watch', { ...form.watch, until: e.target.value })}
              onBlur={() => check('watch.until')}
            />
          </Field>
        </div>
      )}
    </fieldset>
  );
}
