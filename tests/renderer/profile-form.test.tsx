// @vitest-environment happy-dom
// The profile form: client-side validation with the service's schema (bad URL, bad time),
// server field errors shown next to their fields, nothing sent when invalid, and write-only
// secrets that leave the page once saved.
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, type ProfileView } from '../../shared/contract';
import { ProfileForm } from '../../renderer/src/views/ProfileForm';
import { createFakeApi, SETTINGS, type FakeApi } from './fake-api';
import { renderWithApi } from './render';

afterEach(() => cleanup());

const PASSWORD = 'hunter2-Secret!';

function savedView(req: { profile: Record<string, unknown> }, secrets: Record<string, string> | undefined): ProfileView {
  const p = req.profile as never as ProfileView;
  return {
    ...p,
    id: 'alex-1a2b3c',
    enabled: true,
    attemptTimes: [...(p.attemptTimes ?? [])].sort(),
    verification: { ...(p.verification ?? {}), dateOrder: p.verification?.dateOrder ?? 'dmy' },
    secretNames: p.secretNames ?? ['username', 'password'],
    keepCookies: true,
    createdAt: '2026-11-28T10:00:00Z',
    updatedAt: '2026-11-28T10:00:00Z',
    secretsSaved: { username: !!secrets?.username, password: !!secrets?.password },
  };
}

function setup(over: Partial<FakeApi['handlers']> = {}) {
  const api = createFakeApi({
    'models.list': () => ({ reachable: true, models: ['qwen2.5:7b'], message: 'ok' }),
    'settings.get': () => SETTINGS,
    'profiles.preview': () => [],
    'profiles.save': (r) => savedView(r as never, r.secrets),
    ...over,
  });
  renderWithApi(<ProfileForm />, api);
  return api;
}

const field = (key: string) => document.querySelector<HTMLElement>(`[data-field="${key}"]`)!;
const type = (label: RegExp | string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

function fillValid() {
  type('Name', 'Alex');
  type('Venue start page', 'https://pool.example.com/login');
  type('Instructions', 'Log in with {{username}} / {{password}}. Book lane 3 at 07:00 on {date}.');
  // A new profile books no day until one is picked.
  fireEvent.click(screen.getByRole('button', { name: /^Saturday/ }));
}

describe('profile form', () => {
  it('starts with the machine’s time zone, 7 days ahead and the seed’s attempt times', () => {
    setup();
    expect((screen.getByLabelText('Venue time zone') as HTMLInputElement).value).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect((screen.getByLabelText('Days ahead') as HTMLInputElement).value).toBe('7');
    const times = within(field('attemptTimes')).getAllByRole('listitem').map((li) => li.firstChild?.textContent);
    expect(times).toEqual(['00:01', '00:10', '00:20', '00:30', '00:40']);
  });

  it('derives the allowed origin from the start page until the user edits it', () => {
    setup();
    type('Venue start page', 'https://pool.example.com/members/login?x=1');
    expect((screen.getByLabelText('Allowed addresses') as HTMLTextAreaElement).value).toBe('https://pool.example.com');
    type('My bookings page (optional)', 'https://accounts.example.org/bookings');
    expect((screen.getByLabelText('Allowed addresses') as HTMLTextAreaElement).value).toBe('https://pool.example.com\nhttps://accounts.example.org');
    type('Allowed addresses', 'https://pool.example.com');
    type('Venue start page', 'https://other.example.net/');
    expect((screen.getByLabelText('Allowed addresses') as HTMLTextAreaElement).value).toBe('https://pool.example.com');
  });

  it('flags a bad URL next to its field on blur, and refuses to send the form', async () => {
    const api = setup();
    fillValid();
    type('Venue start page', 'pool.example.com');
    fireEvent.blur(screen.getByLabelText('Venue start page'));
    expect(within(field('venue.startUrl')).getByText('Enter a full web address starting with https://')).toBeTruthy();
    expect(screen.getByLabelText('Venue start page').getAttribute('aria-invalid')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    const summary = await screen.findByRole('alert');
    expect(summary.textContent).toContain('nothing was saved');
    expect(summary.textContent).toContain('Venue start page');
    expect(api.calls.filter((c) => c.method === 'profiles.save')).toHaveLength(0);
  });

  it('rejects a bad attempt time and a duplicate, and adds a good one in order', () => {
    setup();
    const input = within(field('attemptTimes')).getByLabelText('New attempt time');
    fireEvent.change(input, { target: { value: '25:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add time' }));
    expect(within(field('attemptTimes')).getByText('25:00: Use a 24-hour time like 00:10')).toBeTruthy();
    fireEvent.change(input, { target: { value: '7pm' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(within(field('attemptTimes')).getByText('7pm: Use a 24-hour time like 00:10')).toBeTruthy();
    fireEvent.change(input, { target: { value: '00:10' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add time' }));
    expect(within(field('attemptTimes')).getByText('00:10: 00:10 is already in the list')).toBeTruthy();
    fireEvent.change(input, { target: { value: '00:05' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add time' }));
    const times = within(field('attemptTimes')).getAllByRole('listitem').map((li) => li.firstChild?.textContent);
    expect(times).toEqual(['00:01', '00:05', '00:10', '00:20', '00:30', '00:40']);
    expect(field('attemptTimes').querySelector('.field__error')).toBeNull();
  });

  it('flags a bad "window opens at" time and an unknown placeholder before sending', async () => {
    const api = setup();
    fillValid();
    type('Booking window opens at (optional)', '24:00');
    type('Instructions', 'Book lane 3 on {datum}');
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    await screen.findByRole('alert');
    expect(within(field('venue.opensAt')).getByText('Use a 24-hour time like 00:10')).toBeTruthy();
    expect(within(field('instructions')).getByText(/Unknown placeholder \{datum\}/)).toBeTruthy();
    expect(api.calls.some((c) => c.method === 'profiles.save')).toBe(false);
  });

  it('shows the server’s field errors next to the fields they name', async () => {
    setup({
      'profiles.save': () => {
        throw new ApiError('invalid', 'venue.allowedOrigins: Must include the start page’s origin', {
          'profile.venue.allowedOrigins': 'Must include the start page’s origin https://pool.example.com',
          'profile.attemptTimes.1': 'Each attempt time may appear only once',
          'secrets.pin': 'Not one of this profile’s secrets',
        });
      },
    });
    fillValid();
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    expect(await within(field('venue.allowedOrigins')).findByText('Must include the start page’s origin https://pool.example.com')).toBeTruthy();
    expect(within(field('attemptTimes')).getByText('Each attempt time may appear only once')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('Not one of this profile’s secrets');
    // Still a new profile: nothing was taken as saved.
    expect(screen.getByRole('button', { name: 'Save profile' })).toBeTruthy();
  });

  it('sends the password once, then clears it and shows only “saved ✓”', async () => {
    const api = setup();
    fillValid();
    fireEvent.change(screen.getByLabelText(/Username or member number/), { target: { value: 'M1234' } });
    fireEvent.change(screen.getByLabelText(/^Password/), { target: { value: PASSWORD } });
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    await screen.findByText(/Saved ✓ at/);
    const save = api.calls.find((c) => c.method === 'profiles.save')!.request as { profile: Record<string, unknown>; secrets: Record<string, string> };
    expect(save.secrets).toEqual({ username: 'M1234', password: PASSWORD });
    expect(save.profile).toMatchObject({ name: 'Alex', venue: { startUrl: 'https://pool.example.com/login', allowedOrigins: ['https://pool.example.com'], daysAhead: 7 } });
    expect((screen.getByLabelText(/^Password/) as HTMLInputElement).value).toBe('');
    expect(within(field('secrets.password')).getByText('saved ✓')).toBeTruthy();
    expect(document.documentElement.outerHTML).not.toContain(PASSWORD);
    expect(screen.getByRole('button', { name: 'Save changes' })).toBeTruthy();
  });

  it('warns when Ollama is unreachable or the chosen model is not pulled', async () => {
    setup({ 'models.list': () => ({ reachable: false, models: [], message: 'connection refused at 127.0.0.1:11434' }) });
    expect(await screen.findByText(/Ollama is not reachable \(connection refused/)).toBeTruthy();
    cleanup();
    setup();
    await act(async () => {});
    type('Model for this profile (optional)', 'llama3.1:70b');
    const warning = await screen.findByText(/llama3.1:70b is not pulled on this machine/);
    expect(warning.textContent).toBe('⚠ llama3.1:70b is not pulled on this machine. Run: ollama pull llama3.1:70b');
    expect(warning.querySelector('code')?.textContent).toBe('ollama pull llama3.1:70b');
  });

  it('keeps per-day instructions only for booked days and validates them', async () => {
    const api = setup();
    fillValid();
    fireEvent.click(screen.getByLabelText('Different instructions on Saturday'));
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    expect(await within(document.querySelector<HTMLElement>('[data-day="sat"]')!).findByText(/Write this day’s instructions/)).toBeTruthy();
    type('Saturday instructions (replace the general ones)', 'Book lane 1 at 09:00 on {date}');
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    await waitFor(() => expect(api.calls.some((c) => c.method === 'profiles.save')).toBe(true));
    const req = api.calls.find((c) => c.method === 'profiles.save')!.request as { profile: { weekdays: Record<string, unknown> } };
    expect(req.profile.weekdays.mon).toEqual({ book: false });
    expect(req.profile.weekdays.sat).toEqual({ book: true, instructions: 'Book lane 1 at 09:00 on {date}' });
  });
});

describe('profile form cross-field rules', () => {
  it('requires the start page’s origin among the allowed addresses, as the service does', async () => {
    const api = setup();
    fillValid();
    type('Allowed addresses', 'https://elsewhere.example.org');
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    expect(await within(field('venue.allowedOrigins')).findByText('Must include the start page’s origin https://pool.example.com')).toBeTruthy();
    expect(api.calls.some((c) => c.method === 'profiles.save')).toBe(false);
  });
});

describe('profile form error summary', () => {
  it('appears only when Save is refused, not when a field is left with a bad value', async () => {
    setup();
    type('Venue start page', 'nope');
    fireEvent.blur(screen.getByLabelText('Venue start page'));
    expect(within(field('venue.startUrl')).getByText('Enter a full web address starting with https://')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    expect((await screen.findByRole('alert')).textContent).toContain('nothing was saved');
  });
});

describe('attempt times editor', () => {
  it('adds a typed time when the box is left, so Save never drops it', async () => {
    const api = setup();
    fillValid();
    const input = within(field('attemptTimes')).getByLabelText('New attempt time');
    fireEvent.change(input, { target: { value: '00:50' } });
    fireEvent.blur(input);
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    await waitFor(() => expect(api.calls.some((c) => c.method === 'profiles.save')).toBe(true));
    const req = api.calls.find((c) => c.method === 'profiles.save')!.request as { profile: { attemptTimes: string[] } };
    expect(req.profile.attemptTimes).toEqual(['00:01', '00:10', '00:20', '00:30', '00:40', '00:50']);
  });
});
