// Plain words for failure codes, so neither the UI nor the tray ever shows "login-failed" to a person.
// The code stays in the record (History shows it as a detail for support); this is what a line says.

const TEXT: Record<string, string> = {
  'login-failed': 'the venue rejected the login',
  'account-locked': 'the venue account is locked',
  'not-allowed': 'the account is not allowed to book this',
  'secret-missing': 'the login details are not saved',
  'bad-config': 'the profile’s settings need fixing',
  'slot-taken': 'the lane was already taken',
  'not-yet-open': 'the date was not open for booking yet',
  'session-expired': 'the venue ended the session',
  'venue-error': 'the venue’s site did not respond properly',
  'browser-crashed': 'the browser closed unexpectedly',
  'browser-missing': 'no browser was found',
  'navigation-blocked': 'the site tried to leave the allowed addresses',
  'bookings-page-missing': 'the bookings page could not be found',
  'clock-unavailable': 'the venue’s clock could not be read',
  'ollama-down': 'Ollama was not running',
  'model-missing': 'the model is not installed',
  'model-timeout': 'the model took too long to answer',
  'model-error': 'the model could not finish the booking',
  'model-confused': 'the model could not finish the booking',
  'model-gave-up': 'the model could not finish the booking',
  loop: 'the model could not finish the booking',
  'budget-steps': 'the booking took too many steps',
  'budget-time': 'the booking took too long',
  'recipe-broken': 'the learned recipe no longer fits the site',
  'recipe-stopped': 'no matching free slot was found',
  timeout: 'it took too long',
  unverified: 'the booking did not appear on the venue’s bookings page',
  'not-booked': 'no booking was made',
  missed: 'the computer was asleep or Lanebot was not running',
  interrupted: 'Lanebot stopped during the attempt',
  aborted: 'Lanebot was quitting',
  internal: 'an unexpected error',
  'agent-error': 'an unexpected error',
  'human-check': 'the venue asked to prove a person is there (needs you)',
  'one-time-code': 'the venue asked for a one-time code (needs you)',
  'payment-needed': 'the booking asked for payment (needs you)',
};

/** "the venue rejected the login" for 'login-failed'; a generic phrase for a code it does not know. */
export function failureText(code: string): string {
  return TEXT[code] ?? 'something went wrong (History has the details)';
}
