// @vitest-environment happy-dom
// Settings: the form shows the service's values and the data folder, rejects bad numbers before
// sending, shows the service's field errors by their fields, and saves a complete patch.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/contract';
import { SettingsView } from '../../renderer/src/views/SettingsView';
import { createFakeApi, HEALTH, SETTINGS } from './fake-api';
import { renderWithApi } from './render';

afterEach(() => cleanup());

function setup(save = (r: object) => ({ ...SETTINGS, ...r })) {
  const api = createFakeApi({
    'settings.get': () => SETTINGS,
    'health.get': () => HEALTH,
    'models.list': () => ({ reachable: true, models: ['qwen2.5:7b'], message: '' }),
    'settings.save': save as never,
  });
  renderWithApi(<SettingsView />, api);
  return api;
}

const field = (k: string) => document.querySelector<HTMLElement>(`[data-field="${k}"]`)!;

describe('settings', () => {
  it('shows the current values and where the data lives', async () => {
    setup();
    expect(((await screen.findByLabelText('Ollama address')) as HTMLInputElement).value).toBe('http://127.0.0.1:11434');
    expect((screen.getByLabelText('Catch-up window (minutes)') as HTMLInputElement).value).toBe('60');
    expect(await screen.findByText('/home/alex/.config/lanebot')).toBeTruthy();
    expect(screen.getByText(/only you can read/)).toBeTruthy();
  });

  it('refuses a bad number before sending and saves a good patch', async () => {
    const api = setup();
    fireEvent.change(await screen.findByLabelText('Catch-up window (minutes)'), { target: { value: 'soon' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(within(field('catchUpWindowMinutes')).getByText('Enter whole minutes between 0 and 720')).toBeTruthy();
    expect(api.calls.some((c) => c.method === 'settings.save')).toBe(false);
    fireEvent.change(screen.getByLabelText('Catch-up window (minutes)'), { target: { value: '90' } });
    fireEvent.click(screen.getByLabelText('When a booking is verified'));
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await screen.findByText(/Saved ✓/);
    expect(api.calls.find((c) => c.method === 'settings.save')!.request).toEqual({
      ollamaHost: 'http://127.0.0.1:11434',
      model: 'qwen2.5:7b',
      modelTimeoutMs: 90_000,
      browserPath: '',
      showBrowser: false,
      autostart: true,
      notifications: { booked: false, gaveUp: true, permanent: true },
      catchUpWindowMinutes: 90,
      rehearsalTime: '20:00',
    });
  });

  it('the evening rehearsal: its venue time is sent as typed, and switching it off sends an empty time', async () => {
    const api = setup();
    fireEvent.change(await screen.findByLabelText('Rehearsal time (venue time, the day before)'), { target: { value: '21:15' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await screen.findByText(/Saved ✓/);
    expect(api.calls.filter((c) => c.method === 'settings.save').at(-1)!.request).toMatchObject({ rehearsalTime: '21:15' });
    fireEvent.click(screen.getByLabelText('Rehearse each learned recipe the evening before its night'));
    expect(screen.queryByLabelText('Rehearsal time (venue time, the day before)')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(api.calls.filter((c) => c.method === 'settings.save').at(-1)!.request).toMatchObject({ rehearsalTime: '' }));
  });

  it('puts the service’s field errors next to their fields', async () => {
    setup(() => {
      throw new ApiError('invalid', 'ollamaHost: Enter a full web address starting with https://', { ollamaHost: 'The service says: not a web address' });
    });
    fireEvent.change(await screen.findByLabelText('Ollama address'), { target: { value: 'http://ollama.lan:11434' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(within(field('ollamaHost')).getByText('The service says: not a web address')).toBeTruthy());
  });
});
