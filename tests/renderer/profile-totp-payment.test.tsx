// @vitest-environment happy-dom
// The profile form's authenticator setup key (write-only like the password, checked before sending) and the
// "pay from account credit up to N" rule (off by default; a bad or missing cap is named next to its field).
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProfileView } from '../../shared/contract';
import { ProfileForm } from '../../renderer/src/views/ProfileForm';
import { createFakeApi, SETTINGS, type FakeApi } from './fake-api';
import { renderWithApi } from './render';

afterEach(() => cleanup());

const KEY = 'JBSW Y3DP EHPK 3PXP JBSW Y3DP';

function savedView(req: { profile: Record<string, unknown> }, secrets: Record<string, string> | undefined): ProfileView {
  const p = req.profile as never as ProfileView;
  return {
    ...p,
    id: 'alex-1a2b3c',
    enabled: true,
    attemptTimes: [...(p.attemptTimes ?? [])].sort(),
    verification: { ...(p.verification ?? {}), dateOrder: 'dmy' },
    secretNames: p.secretNames ?? ['username', 'password'],
    keepCookies: true,
    createdAt: '2026-11-28T10:00:00Z',
    updatedAt: '2026-11-28T10:00:00Z',
    secretsSaved: Object.fromEntries((p.secretNames ?? []).map((n) => [n, !!secrets?.[n]])),
  };
}

function setup(): FakeApi {
  const api = createFakeApi({
    'models.list': () => ({ reachable: true, models: ['qwen2.5:7b'], message: 'ok' }),
    'settings.get': () => SETTINGS,
    'profiles.preview': () => [],
    'profiles.save': (r) => savedView(r as never, r.secrets),
  });
  renderWithApi(<ProfileForm />, api);
  return api;
}

const field = (key: string) => document.querySelector<HTMLElement>(`[data-field="${key}"]`)!;
const type = (label: RegExp | string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
const saves = (api: FakeApi) => api.calls.filter((c) => c.method === 'profiles.save').map((c) => c.request as { profile: Record<string, unknown>; secrets?: Record<string, string> });

function fillValid() {
  type('Name', 'Alex');
  type('Venue start page', 'https://pool.example.com/login');
  type('Instructions', 'Log in with {{username}} / {{password}}. Book lane 3 at 07:00 on {date}.');
  fireEvent.click(screen.getByRole('button', { name: /^Saturday/ }));
}

describe('authenticator setup key', () => {
  it('is asked for only when the venue uses an authenticator, sent once, then cleared and shown as saved', async () => {
    const api = setup();
    fillValid();
    expect(screen.queryByLabelText(/Authenticator setup key/)).toBeNull();
    fireEvent.click(screen.getByLabelText(/authenticator app when I log in/));
    const box = screen.getByLabelText(/Authenticator setup key/) as HTMLInputElement;
    expect(box.type).toBe('password');
    fireEvent.change(box, { target: { value: KEY } });
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    await screen.findByText(/Saved ✓ at/);
    const [save] = saves(api);
    expect(save!.secrets).toEqual({ totp: KEY });
    expect(save!.profile.secretNames).toEqual(['username', 'password', 'totp']);
    expect((screen.getByLabelText(/Authenticator setup key/) as HTMLInputElement).value).toBe('');
    expect(within(field('secrets.totp')).getByText('saved ✓')).toBeTruthy();
    expect(document.documentElement.outerHTML).not.toContain('JBSW');
  });

  it('a key that is not base32 is refused next to its field and nothing is sent', async () => {
    const api = setup();
    fillValid();
    fireEvent.click(screen.getByLabelText(/authenticator app when I log in/));
    type(/Authenticator setup key/, 'not-a-key-0189!');
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    expect(await within(field('secrets.totp')).findByText(/setup key the venue showed/)).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toMatch(/Authenticator setup key/);
    expect(saves(api)).toHaveLength(0);
  });
});

describe('paying from account credit', () => {
  it('is off by default: the profile sends no payment rule (the service stops before paying)', async () => {
    const api = setup();
    fillValid();
    expect((screen.getByLabelText(/Allow paying from my account credit/) as HTMLInputElement).checked).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    await screen.findByText(/Saved ✓ at/);
    expect(saves(api)[0]!.profile.payment).toBeUndefined();
  });

  it('sends the cap when allowed, and names the cap field when it is missing or not an amount', async () => {
    const api = setup();
    fillValid();
    fireEvent.click(screen.getByLabelText(/Allow paying from my account credit/));
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    expect(await within(field('payment.capPerBooking')).findByText(/Set a cap above 0/)).toBeTruthy();
    type(/Up to \(per booking\)/, '4,5');
    fireEvent.blur(screen.getByLabelText(/Up to \(per booking\)/));
    expect(await within(field('payment.capPerBooking')).findByText('Enter an amount like 5 or 4.50')).toBeTruthy();
    expect(saves(api)).toHaveLength(0);
    type(/Up to \(per booking\)/, '4.50');
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    await screen.findByText(/Saved ✓ at/);
    expect(saves(api)[0]!.profile.payment).toEqual({ allowCredit: true, capPerBooking: 4.5 });
  });
});
