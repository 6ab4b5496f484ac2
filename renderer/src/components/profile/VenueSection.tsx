// Where to book: the venue's start page, the addresses the browser may visit, the venue's time zone,
// how far ahead it opens bookings (and at what time), and where the member's bookings are listed.
import { controlProps, Field } from '../Field';
import { TimeZonePicker } from '../TimeZonePicker';
import type { SectionProps } from './section';

export function VenueSection({ form, set, errors, check }: SectionProps) {
  return (
    <fieldset>
      <legend>Venue</legend>
      <Field k="venue.startUrl" label="Venue start page" hint="The page where you would start booking by hand, e.g. https://bookings.example.com/login" errors={errors}>
        <input
          type="url"
          inputMode="url"
          autoComplete="url"
          placeholder="https://"
          {...controlProps('venue.startUrl', errors, true)}
          value={form.startUrl}
          onChange={(e) => set('startUrl', e.target.value)}
          onBlur={() => check('venue.startUrl')}
        />
      </Field>
      <Field
        k="venue.allowedOrigins"
        label="Allowed addresses"
        hint={form.originsEdited ? 'One per line. The browser may only visit these.' : 'Taken from the addresses above; edit if the venue sends you to another site (e.g. a login provider). One per line.'}
        errors={errors}
      >
        <textarea
          rows={2}
          {...controlProps('venue.allowedOrigins', errors, true)}
          value={form.origins}
          onChange={(e) => {
            set('origins', e.target.value);
            set('originsEdited', true);
          }}
          onBlur={() => check('venue.allowedOrigins')}
        />
      </Field>
      <div className="row">
        <Field k="venue.timeZone" label="Venue time zone" hint="Type a city or region to search. Attempt times and dates are in this zone." errors={errors}>
          <TimeZonePicker
            value={form.timeZone}
            onChange={(z) => set('timeZone', z)}
            onCommit={(zone) => check('venue.timeZone', { timeZone: zone })}
            inputProps={controlProps('venue.timeZone', errors, true)}
          />
        </Field>
        <Field k="venue.locale" label="Language of the venue’s site" hint="Lanebot’s browser asks for it and reads dates in it. Empty: this computer’s language." errors={errors}>
          <input
            type="text"
            list="venue-locales"
            placeholder="e.g. en-GB, en-US, de-DE, fr-FR"
            {...controlProps('venue.locale', errors, true)}
            value={form.locale}
            onChange={(e) => set('locale', e.target.value)}
            onBlur={() => check('venue.locale')}
          />
          <datalist id="venue-locales">
            {['en-GB', 'en-US', 'de-DE', 'de-AT', 'de-CH', 'fr-FR', 'fr-BE', 'es-ES', 'nl-NL', 'nl-BE'].map((l) => <option key={l} value={l} />)}
          </datalist>
        </Field>
        <Field k="venue.daysAhead" label="Days ahead" hint="How far ahead the venue opens bookings. 7 = one week." errors={errors}>
          <input
            type="number"
            inputMode="numeric"
            min={0}
            max={60}
            step={1}
            {...controlProps('venue.daysAhead', errors, true)}
            value={form.daysAhead}
            onChange={(e) => set('daysAhead', e.target.value)}
            onBlur={() => check('venue.daysAhead')}
          />
        </Field>
        <Field k="venue.opensAt" label="Booking window opens at (optional)" hint="e.g. 00:00. Lanebot gets ready beforehand and fires at that instant by the venue’s clock." errors={errors}>
          <input
            type="text"
            inputMode="numeric"
            placeholder="00:00"
            {...controlProps('venue.opensAt', errors, true)}
            value={form.opensAt}
            onChange={(e) => set('opensAt', e.target.value)}
            onBlur={() => check('venue.opensAt')}
          />
        </Field>
      </div>
      <Field k="venue.bookingsUrl" label="My bookings page (optional)" hint="Where your bookings are listed. Used to verify; Lanebot looks for it when empty." errors={errors}>
        <input
          type="url"
          inputMode="url"
          placeholder="https://"
          {...controlProps('venue.bookingsUrl', errors, true)}
          value={form.bookingsUrl}
          onChange={(e) => set('bookingsUrl', e.target.value)}
          onBlur={() => check('venue.bookingsUrl')}
        />
      </Field>
    </fieldset>
  );
}
