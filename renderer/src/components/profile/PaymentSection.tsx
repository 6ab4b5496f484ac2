// Paying at the venue: by default Lanebot stops before any payment and tells the user; a profile may let it pay
// from the account's credit (never a card) up to a cap per booking.
import { controlProps, Field } from '../Field';
import type { SectionProps } from './section';

export function PaymentSection({ form, set, errors, check, clearErrors }: SectionProps & { clearErrors: (prefix: string) => void }) {
  return (
    <fieldset>
      <legend>Paying</legend>
      <label className="check">
        <input
          type="checkbox"
          checked={form.payment.allowCredit}
          aria-describedby="payment-hint"
          onChange={(e) => {
            set('payment', { ...form.payment, allowCredit: e.target.checked });
            if (!e.target.checked) clearErrors('payment.');
          }}
        />
        Allow paying from my account credit at the venue
      </label>
      <p className="field__hint" id="payment-hint">
        When a booking asks for payment, Lanebot stops before paying and tells you, unless this is on and the price is within your cap. It never types a card number.
      </p>
      {form.payment.allowCredit && (
        <Field k="payment.capPerBooking" label="Up to (per booking)" hint="The most one booking may cost, in the venue’s currency, like 5 or 4.50." errors={errors}>
          <input
            type="text"
            inputMode="decimal"
            placeholder="5"
            {...controlProps('payment.capPerBooking', errors, true)}
            value={form.payment.cap}
            onChange={(e) => set('payment', { ...form.payment, cap: e.target.value })}
            onBlur={() => check('payment.capPerBooking')}
          />
        </Field>
      )}
    </fieldset>
  );
}
