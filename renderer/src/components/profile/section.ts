// What every section of the profile form is given: the form's state, a setter, the field errors and
// a per-field check for when the user leaves a field.
import type { FieldErrors, ProfileForm } from '../../lib/profile-form';

export type SetField = <K extends keyof ProfileForm>(k: K, v: ProfileForm[K]) => void;

export interface SectionProps {
  form: ProfileForm;
  set: SetField;
  errors: FieldErrors;
  /** Re-checks one field; `override` holds a value just chosen that the form state does not show yet. */
  check: (key: string, override?: Partial<ProfileForm>) => void;
}

/** The label each field key is shown with in the error summary. */
export const LABELS: Record<string, string> = {
  name: 'Name',
  'venue.startUrl': 'Venue start page',
  'venue.allowedOrigins': 'Allowed addresses',
  'venue.timeZone': 'Venue time zone',
  'venue.daysAhead': 'Days ahead',
  'venue.opensAt': 'Booking window opens at',
  'venue.bookingsUrl': 'My bookings page',
  instructions: 'What to book',
  weekdays: 'Days',
  attemptTimes: 'Attempt times',
  model: 'Model',
  'verification.time': 'Verification: time',
  'verification.lane': 'Verification: lane',
  alternatives: 'Fallback choices',
  'watch.everyMinutes': 'Cancellation watch: check every',
  'watch.until': 'Cancellation watch: until',
  skipDates: 'Dates to skip',
  'payment.capPerBooking': 'Pay from credit: up to',
  'secrets.totp': 'Authenticator setup key',
};

export function labelFor(key: string): string {
  if (LABELS[key]) return LABELS[key];
  const day = /^weekdays\.(\w+)\.instructions$/.exec(key);
  if (day) return `${day[1]} instructions`;
  if (key.startsWith('secrets.')) return key.slice(8);
  const parent = Object.keys(LABELS).find((k) => key.startsWith(`${k}.`));
  return parent ? LABELS[parent]! : key;
}
