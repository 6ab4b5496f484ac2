// The IPC boundary: one generic handler for every contract method that refuses callers other than
// our own app page, refuses bad payloads with field-level errors before the service sees them,
// and forwards service events only to windows showing the app.
import { describe, expect, it } from 'vitest';
import { ApiError, METHODS, type ServiceEvent } from '../../shared/contract';
import { CALL_CHANNEL, EVENT_CHANNEL, createCallHandler, isTrustedSender, isTrustedSenderUrl, setupIpc, type SenderEvent } from '../../electron/shell/ipc';
import { FakeService } from './fakes';

const fromApp = (url = 'lanebot://app/index.html'): SenderEvent => ({ senderFrame: { url, parent: null } });

describe('sender check', () => {
  it('trusts only the top frame of lanebot://app', () => {
    expect(isTrustedSender(fromApp())).toBe(true);
    expect(isTrustedSender(fromApp('lanebot://app/#/history'))).toBe(true);
    expect(isTrustedSender({ senderFrame: { url: 'lanebot://app/index.html', parent: {} } })).toBe(false); // an iframe
    expect(isTrustedSender({ senderFrame: null })).toBe(false);
    for (const url of [
      'https://evil.example/',
      'http://127.0.0.1:5173/',
      'file:///work/main/dist/renderer/index.html',
      'lanebot://evil/index.html',
      'lanebot-file://artifacts/x.png',
      'lanebot://app.evil.example/',
      'about:blank',
      'not a url',
      '',
    ]) {
      expect(isTrustedSenderUrl(url), url).toBe(false);
    }
  });
});

describe('call handler', () => {
  it('serves any contract method through the one generic path', async () => {
    const service = new FakeService();
    const handler = createCallHandler(service);
    expect(await handler(fromApp(), 'settings.get', {})).toEqual({ ok: true, value: service.settings });
    expect(await handler(fromApp(), 'book.now', { profileId: 'alex' })).toEqual({
      ok: true,
      value: { echoed: 'book.now', body: { profileId: 'alex' } },
    });
    // Every contract method with an empty-bodied request passes the boundary with no per-method code.
    for (const m of METHODS) {
      const r = await handler(fromApp(), m, {});
      if (!r.ok) expect(r.error.code).toBe('invalid');
    }
  });

  it('refuses a foreign frame without calling the service', async () => {
    const service = new FakeService();
    const handler = createCallHandler(service);
    const r = await handler({ senderFrame: { url: 'https://bookings.example.com/', parent: null } }, 'profiles.delete', { id: 'alex' });
    expect(r).toEqual({ ok: false, error: { code: 'unauthorized', message: 'This page may not talk to Lanebot.' } });
    expect(service.callsTo('handle')).toHaveLength(0);
  });

  it('refuses a bad payload as invalid with the fields named, without calling the service', async () => {
    const service = new FakeService();
    const handler = createCallHandler(service);
    const r = await handler(fromApp(), 'book.now', { profileId: 'NOT VALID!', extra: 1 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid');
    expect(r.error.fields).toMatchObject({ profileId: 'Unknown id' });
    expect(r.error.fields).toMatchObject({ extra: 'Unknown field "extra"' }); // the unknown key, refused and named
    const save = await handler(fromApp(), 'settings.save', { model: '', httpPort: 70000 });
    expect(save.ok === false && Object.keys(save.error.fields ?? {}).sort()).toEqual(['httpPort', 'model']);
    expect(service.callsTo('handle')).toHaveLength(0);
  });

  it('refuses unknown methods and non-string method names', async () => {
    const service = new FakeService();
    const handler = createCallHandler(service);
    expect(await handler(fromApp(), 'constructor', {})).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await handler(fromApp(), { toString: () => 'status.get' }, {})).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(service.callsTo('handle')).toHaveLength(0);
  });

  it("passes the service's ApiError through and wraps anything else as internal", async () => {
    const service = new FakeService();
    service.handle = async () => {
      throw new ApiError('not-found', 'No profile alex', { id: 'No such profile' });
    };
    const handler = createCallHandler(service);
    expect(await handler(fromApp(), 'profiles.delete', { id: 'alex' })).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'No profile alex', fields: { id: 'No such profile' } },
    });
    service.handle = async () => {
      throw new TypeError('boom');
    };
    expect(await handler(fromApp(), 'status.get', {})).toEqual({ ok: false, error: { code: 'internal', message: 'Lanebot hit an internal error: boom' } });
  });
});

describe('setupIpc', () => {
  it('registers one handler on lanebot:call and sends events only to app windows', async () => {
    const service = new FakeService();
    const handlers = new Map<string, (event: SenderEvent, ...args: unknown[]) => Promise<unknown>>();
    const sent: { to: string; channel: string; event: ServiceEvent }[] = [];
    const target = (name: string, url: string, destroyed = false) => ({
      isDestroyed: () => destroyed,
      getURL: () => url,
      send: (channel: string, event: ServiceEvent) => sent.push({ to: name, channel, event }),
    });
    const ipc = setupIpc({
      ipcMain: { handle: (c, l) => handlers.set(c, l), removeHandler: (c) => handlers.delete(c) },
      service,
      targets: () => [target('app', 'lanebot://app/index.html'), target('navigated-away', 'https://x.example/'), target('gone', 'lanebot://app/', true)],
    });
    expect([...handlers.keys()]).toEqual([CALL_CHANNEL]);
    expect(await handlers.get(CALL_CHANNEL)!(fromApp(), 'settings.get', {})).toMatchObject({ ok: true });
    service.emit({ type: 'ledger-changed' });
    expect(sent).toEqual([{ to: 'app', channel: EVENT_CHANNEL, event: { type: 'ledger-changed' } }]);
    ipc.dispose();
    expect(handlers.size).toBe(0);
    expect(service.listeners.size).toBe(0);
  });
});
