// The bundled preload (dist/electron/preload.cjs) against a fake contextBridge/ipcRenderer: it
// exposes exactly window.lanebot, speaks the one IPC channel, unwraps envelopes, rejects with a
// plain ApiErrorBody (Errors lose their fields crossing the bridge) and never hands the IPC event
// object to page callbacks.
import Module, { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LanebotApi, ServiceEvent } from '../../shared/contract';
import { buildElectron } from '../../scripts/build-electron.mjs';

const root = resolve(import.meta.dirname, '..', '..');
const exposed = new Map<string, unknown>();
const invoked: unknown[][] = [];
const listeners = new Map<string, Set<(...a: unknown[]) => void>>();
let reply: unknown;

const fakeElectron = {
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: {
    invoke: async (...args: unknown[]) => {
      invoked.push(args);
      return reply;
    },
    on: (channel: string, l: (...a: unknown[]) => void) => void (listeners.get(channel) ?? listeners.set(channel, new Set()).get(channel)!).add(l),
    removeListener: (channel: string, l: (...a: unknown[]) => void) => void listeners.get(channel)?.delete(l),
  },
};

let api: LanebotApi;
beforeAll(async () => {
  const outDir = join(root, 'test-output', 'electron-preload');
  await buildElectron({ outDir });
  const M = Module as unknown as { _load: (req: string, ...rest: unknown[]) => unknown };
  const original = M._load;
  M._load = function (req: string, ...rest: unknown[]) {
    if (req === 'electron') return fakeElectron;
    if (!req.startsWith('.') && !req.startsWith('/')) throw new Error(`the preload required ${req}`);
    return original.call(this, req, ...rest);
  };
  try {
    createRequire(import.meta.url)(join(outDir, 'preload.cjs'));
  } finally {
    M._load = original;
  }
  api = exposed.get('lanebot') as LanebotApi;
}, 60_000);

describe('preload bridge', () => {
  it('exposes only window.lanebot, over IPC', () => {
    expect([...exposed.keys()]).toEqual(['lanebot']);
    expect(api.transport).toBe('ipc');
  });

  it('calls go through lanebot:call and unwrap the envelope', async () => {
    reply = { ok: true, value: { paused: true } };
    await expect(api.call('pause.set', { tonight: true })).resolves.toEqual({ paused: true });
    expect(invoked.at(-1)).toEqual(['lanebot:call', 'pause.set', { tonight: true }]);
  });

  it('errors reject with a plain ApiErrorBody, fields intact', async () => {
    reply = { ok: false, error: { code: 'invalid', message: 'profileId: Unknown id', fields: { profileId: 'Unknown id' } } };
    const err = await api.call('book.now', { profileId: 'X' }).catch((e: unknown) => e);
    expect(err).toEqual({ code: 'invalid', message: 'profileId: Unknown id', fields: { profileId: 'Unknown id' } });
    expect(Object.getPrototypeOf(err)).toBe(Object.prototype);
  });

  it('subscribers get the service event only, and can unsubscribe', () => {
    const got: unknown[][] = [];
    const off = api.subscribe((...args: unknown[]) => got.push(args));
    const ev: ServiceEvent = { type: 'ledger-changed' };
    for (const l of listeners.get('lanebot:event') ?? []) l({ sender: 'ipc-event-object', ports: [] }, ev);
    expect(got).toEqual([[ev]]);
    off();
    expect(listeners.get('lanebot:event')!.size).toBe(0);
  });

  it('screenshot URLs use the artifacts scheme', () => {
    expect(api.screenshotUrl('a1/verify.png')).toBe('lanebot-file://artifacts/a1%2Fverify.png');
  });
});
