// Issue 13, item 1: a partial settings.save changes only what it names. zod 4 applies `.default()`
// inside `.partial()`, so `{ autostart }` alone (what the tray's toggle sends) used to reset every
// other setting to its default, in memory and on disk.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LanebotService } from '../../electron/service/index';
import { settingsSchema, type Settings } from '../../shared/schemas';
import { ApiError } from '../../shared/contract';
import { tempHome, testService } from './fixtures/service';

/** Every setting away from its default, so a reset to a default shows. */
const ALL_CHANGED: Settings = {
  ollamaHost: 'http://127.0.0.1:11500',
  model: 'llama3.1:8b',
  modelTimeoutMs: 30_000,
  numCtx: 4096,
  browserPath: '/usr/bin/chromium',
  showBrowser: true,
  autostart: false,
  notifications: { booked: false, gaveUp: false, permanent: false },
  catchUpWindowMinutes: 15,
  httpPort: 8123,
  pausedUntil: '2026-11-25T06:00:00.000Z',
  notifyNtfyUrl: 'https://ntfy.example.net/lanebot-alex',
  notifyWebhookUrl: 'https://hooks.example.net/lanebot',
  rehearsalTime: '21:30',
};

/** One patch per setting (nested ones per inner key), each naming that setting alone. */
const ALONE: [string, Record<string, unknown>][] = [
  ['ollamaHost', { ollamaHost: 'http://127.0.0.1:11600' }],
  ['model', { model: 'mistral:7b' }],
  ['modelTimeoutMs', { modelTimeoutMs: 45_000 }],
  ['numCtx', { numCtx: 16_384 }],
  ['browserPath', { browserPath: '' }],
  ['showBrowser', { showBrowser: false }],
  ['autostart', { autostart: true }],
  ['notifications.booked', { notifications: { booked: true } }],
  ['notifications.gaveUp', { notifications: { gaveUp: true } }],
  ['notifications.permanent', { notifications: { permanent: true } }],
  ['catchUpWindowMinutes', { catchUpWindowMinutes: 30 }],
  ['httpPort', { httpPort: 8124 }],
  ['pausedUntil', { pausedUntil: '2026-11-26T06:00:00.000Z' }],
  ['notifyNtfyUrl', { notifyNtfyUrl: 'https://ntfy.example.net/other-topic' }],
  ['notifyWebhookUrl', { notifyWebhookUrl: 'https://hooks.example.net/other' }],
  ['rehearsalTime', { rehearsalTime: '' }],
];

function expected(patch: Record<string, unknown>): Settings {
  const out = structuredClone(ALL_CHANGED) as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) out[k] = v && typeof v === 'object' ? { ...(out[k] as object), ...v } : v;
  return out as Settings;
}

let home: string;
let service: LanebotService;
const onDisk = () => JSON.parse(readFileSync(join(home, 'lanebot.json'), 'utf8')).settings as Settings;

beforeAll(async () => {
  home = tempHome('settings-patch');
  service = await testService(home);
});
afterAll(async () => {
  await service?.shutdown({ abortRunning: true, timeoutMs: 1000 });
});

describe('settings.save with a partial patch', () => {
  it('the fixture really moves every setting away from its default', () => {
    const defaults = settingsSchema.parse({});
    for (const k of Object.keys(ALL_CHANGED) as (keyof Settings)[]) expect(ALL_CHANGED[k], k).not.toEqual(defaults[k]);
    expect(Object.keys(ALL_CHANGED).sort()).toEqual(Object.keys(settingsSchema.shape).sort());
  });

  it.each(ALONE)('saving %s alone changes it and nothing else, in memory and on disk', async (_name, patch) => {
    await service.handle('settings.save', ALL_CHANGED);
    expect(onDisk()).toEqual(ALL_CHANGED);
    const answer = await service.handle('settings.save', patch);
    const want = expected(patch);
    expect(answer).toEqual(want);
    expect(service.core.store.data.settings).toEqual(want);
    expect(await service.handle('settings.get', {})).toEqual(want);
    expect(onDisk()).toEqual(want);
  }, 60_000);

  it('survives a restart: what is on disk is what the store reads back', async () => {
    await service.handle('settings.save', ALL_CHANGED);
    await service.handle('settings.save', { autostart: true });
    await service.shutdown({ abortRunning: true, timeoutMs: 1000 });
    service = await testService(home);
    expect(service.core.store.data.settings).toEqual(expected({ autostart: true }));
  }, 60_000);

  it('an empty patch changes nothing; a patch with a bad value changes nothing either', async () => {
    await service.handle('settings.save', ALL_CHANGED);
    expect(await service.handle('settings.save', {})).toEqual(ALL_CHANGED);
    await expect(service.handle('settings.save', { numCtx: 1, notifications: { booked: 'yes' } })).rejects.toBeInstanceOf(ApiError);
    expect(onDisk()).toEqual(ALL_CHANGED);
    expect(service.core.store.data.settings).toEqual(ALL_CHANGED);
  }, 60_000);
});
