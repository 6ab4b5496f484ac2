// @vitest-environment happy-dom
// Settings that help: the Ollama check follows the address being typed (and never sends the user to
// Settings while they are in it), http:// is fine for a local address, the ntfy and webhook channels
// each have a Test button, and "Export diagnostics" says where the file went.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/contract';
import type { Settings } from '../../shared/schemas';
import { isLocalHost, plainHttpWarning } from '../../renderer/src/lib/local-address';
import { SettingsView } from '../../renderer/src/views/SettingsView';
import { createFakeApi, HEALTH, SETTINGS, type Handlers } from './fake-api';
import { renderWithApi } from './render';

afterEach(() => cleanup());

function setup(settings: Settings = SETTINGS, over: Handlers = {}) {
  let current = settings;
  const api = createFakeApi({
    'settings.get': () => current,
    'health.get': () => HEALTH,
    'models.list': (r) =>
      r.host === undefined || r.host === 'http://127.0.0.1:11434'
        ? { reachable: true, models: ['qwen2.5:7b'], message: 'ok', host: r.host ?? 'http://127.0.0.1:11434' }
        : { reachable: false, models: [], message: `Ollama is not running at ${r.host} — start it with \`ollama serve\` (or fix the model host in Settings).`, host: r.host },
    'settings.save': (r) => (current = { ...current, ...(r as object) }),
    ...over,
  });
  renderWithApi(<SettingsView />, api);
  return api;
}

const status = () => document.querySelector('.ollama-status')!;

describe('the Ollama check', () => {
  it('follows the address as it is typed, and never says “go to Settings”', async () => {
    const api = setup();
    await waitFor(() => expect(status().textContent).toBe('✓ Ollama answers at http://127.0.0.1:11434 and has qwen2.5:7b.'), { timeout: 10_000 });
    fireEvent.change(screen.getByLabelText('Ollama address'), { target: { value: 'http://192.168.1.20:11434' } });
    await waitFor(() => expect(status().textContent).toContain('Nothing answers at http://192.168.1.20:11434.'), { timeout: 10_000 });
    expect(api.calls).toContainEqual({ method: 'models.list', request: { host: 'http://192.168.1.20:11434' } });
    expect(status().textContent).toBe('⚠ Nothing answers at http://192.168.1.20:11434. Start Ollama there (ollama serve) or correct the address. Learned recipes book without it.');
    expect(status().textContent).not.toMatch(/Settings/);
    // A local network address over http:// is fine: no warning about it.
    expect(status().textContent).not.toMatch(/unencrypted/);
    fireEvent.change(screen.getByLabelText('Ollama address'), { target: { value: 'http://127.0.0.1:11434' } });
    await waitFor(() => expect(status().textContent).toContain('✓ Ollama answers at http://127.0.0.1:11434'), { timeout: 10_000 });
  });

  it('warns about http:// only for an address outside this machine and the local network', async () => {
    setup();
    fireEvent.change(await screen.findByLabelText('Ollama address'), { target: { value: 'http://gpu.example.com:11434' } });
    expect(within(status() as HTMLElement).getByText(/gpu\.example\.com:11434 is not on this machine or your local network/)).toBeTruthy();
    for (const local of ['127.0.0.1', 'localhost', '[::1]', 'nas.local', '10.0.0.7', '172.20.1.1', '192.168.1.20', '[fd12:3456::1]', 'ollama.localhost'])
      expect(plainHttpWarning(`http://${local}:11434`), local).toBeUndefined();
    expect(plainHttpWarning('https://gpu.example.com')).toBeUndefined();
    for (const remote of ['8.8.8.8', '172.32.0.1', 'gpu.example.com']) expect(isLocalHost(remote), remote).toBe(false);
  });
});

describe('notification channels', () => {
  it('each has a Test button that sends through the saved address', async () => {
    const api = setup({ ...SETTINGS, notifyNtfyUrl: 'https://ntfy.sh/alex-lanes' }, { 'notify.test': (r) => ({ ok: true, message: `Sent a test message to ${r.channel === 'ntfy' ? 'ntfy.sh/alex-lanes' : 'the webhook'}.` }) });
    const ntfy = await screen.findByLabelText('ntfy topic address (optional)');
    expect((ntfy as HTMLInputElement).value).toBe('https://ntfy.sh/alex-lanes');
    const [ntfyTest, hookTest] = screen.getAllByRole('button', { name: 'Send a test' }) as HTMLButtonElement[];
    expect(hookTest!.disabled).toBe(true);
    fireEvent.click(ntfyTest!);
    expect(await screen.findByText('✓ Sent a test message to ntfy.sh/alex-lanes.')).toBeTruthy();
    expect(api.calls).toContainEqual({ method: 'notify.test', request: { channel: 'ntfy' } });

    fireEvent.change(screen.getByLabelText('Webhook address (optional)'), { target: { value: 'https://hooks.example.com/lanes' } });
    expect(hookTest!.disabled).toBe(true);
    expect(screen.getByText(/Save the settings first: the test uses the saved address/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await screen.findByText(/Saved ✓/);
    expect(api.calls.find((c) => c.method === 'settings.save')!.request).toMatchObject({ notifyNtfyUrl: 'https://ntfy.sh/alex-lanes', notifyWebhookUrl: 'https://hooks.example.com/lanes' });
    await waitFor(() => expect((screen.getAllByRole('button', { name: 'Send a test' })[1] as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getAllByRole('button', { name: 'Send a test' })[1]!);
    await waitFor(() => expect(api.calls).toContainEqual({ method: 'notify.test', request: { channel: 'webhook' } }));
  });

  it('an address that is not a web address is refused next to its field; clearing a saved one switches it off', async () => {
    const api = setup({ ...SETTINGS, notifyWebhookUrl: 'https://hooks.example.com/lanes' });
    fireEvent.change(await screen.findByLabelText('ntfy topic address (optional)'), { target: { value: 'ntfy.sh/lanes' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await within(document.querySelector<HTMLElement>('[data-field="notifyNtfyUrl"]')!).findByText(/full web address/)).toBeTruthy();
    expect(api.calls.some((c) => c.method === 'settings.save')).toBe(false);
    fireEvent.change(screen.getByLabelText('ntfy topic address (optional)'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Webhook address (optional)'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await screen.findByText(/Saved ✓/);
    const patch = api.calls.find((c) => c.method === 'settings.save')!.request as Record<string, unknown>;
    expect(patch.notifyWebhookUrl).toBe('');
    expect('notifyNtfyUrl' in patch).toBe(false);
  });
});

describe('diagnostics', () => {
  it('exports a file and says where it is and how big', async () => {
    const api = setup(SETTINGS, { 'diagnostics.export': () => ({ path: '/home/alex/.config/lanebot/diagnostics-20261206-1130.zip', bytes: 1_258_291 }) });
    fireEvent.click(await screen.findByRole('button', { name: 'Export diagnostics' }));
    const done = await screen.findByText(/^Saved \(1\.2 MB\)/);
    expect(done.textContent).toBe('Saved (1.2 MB): /home/alex/.config/lanebot/diagnostics-20261206-1130.zip');
    expect(api.calls).toContainEqual({ method: 'diagnostics.export', request: {} });
  });

  it('says so plainly when this Lanebot cannot export', async () => {
    setup(SETTINGS, { 'diagnostics.export': () => Promise.reject(new ApiError('not-found', 'This Lanebot cannot export diagnostics yet.')) });
    fireEvent.click(await screen.findByRole('button', { name: 'Export diagnostics' }));
    expect((await screen.findByRole('alert')).textContent).toBe('This Lanebot cannot export diagnostics yet.');
  });
});
