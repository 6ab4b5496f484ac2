// Issue 13, item 12 (first half): the rules that span several profile fields are written once, in
// shared/schemas.ts (profileRules, a superRefine of profileInputSchema). The service and the
// profile form both apply that schema, so for every rule they name the same field with the same words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LanebotService } from '../../electron/service/index';
import { ApiError } from '../../shared/contract';
import { emptyForm, toInput, validate, type ProfileForm } from '../../renderer/src/lib/profile-form';
import { WEEKDAYS } from '../../shared/schemas';
import { testService } from './fixtures/service';

let service: LanebotService;
beforeAll(async () => {
  service = await testService();
});
afterAll(async () => {
  await service?.shutdown({ abortRunning: true, timeoutMs: 1000 });
});

function form(over: (f: ProfileForm) => void): ProfileForm {
  const f = emptyForm('Europe/London');
  f.name = 'Alex';
  f.startUrl = 'https://pool.example.com/login';
  f.origins = 'https://pool.example.com';
  f.instructions = 'Book lane 3 on {date}';
  f.weekdays.tue.book = true; // a new profile books no day until one is picked
  over(f);
  return f;
}

/** Each cross-field rule broken alone: [rule, form edit, the field it names]. */
const RULES: [string, (f: ProfileForm) => void, string][] = [
  ['start page origin not allowed', (f) => (f.origins = 'https://other.example.com'), 'venue.allowedOrigins'],
  ['bookings page on another origin', (f) => (f.bookingsUrl = 'https://elsewhere.example.com/my'), 'venue.bookingsUrl'],
  ['unknown placeholder', (f) => (f.instructions = 'Book {when}'), 'instructions'],
  ['unknown placeholder in a weekday’s own instructions', (f) => (f.weekdays.sat = { book: true, custom: true, instructions: 'Book {datum}' }), 'weekdays.sat.instructions'],
  ['no weekday switched on', (f) => WEEKDAYS.forEach((d) => (f.weekdays[d].book = false)), 'weekdays'],
  ['watch ending before the last attempt', (f) => (f.watch = { enabled: true, everyMinutes: '15', until: '00:30' }), 'watch.until'],
];

describe('one set of cross-field rules for the service and the form', () => {
  it('the base form is valid on both sides', async () => {
    const v = validate(form(() => {}));
    expect(v.errors).toEqual({});
    await expect(service.handle('profiles.save', { profile: v.input })).resolves.toMatchObject({ name: 'Alex' });
  });

  it.each(RULES)('%s: the same field and the same message on both sides', async (_rule, edit, field) => {
    const f = form(edit);
    const shown = validate(f).errors;
    expect(Object.keys(shown)).toEqual([field]);
    // What the form would send if it did not check first: the service must reach the same verdict alone.
    const e = await service.handle('profiles.save', { profile: toInput(f) }).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).fields).toEqual({ [`profile.${field}`]: shown[field] });
  });
});

