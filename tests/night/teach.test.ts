// Teach through the API: it needs a screen, it saves the recipe (a draft when the dry run failed), and the
// user hears how it went. The recording browser itself is the agent's (tests/recipes covers it).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createService, type LanebotService } from '../../electron/service/index';
import type { TeachPort } from '../../electron/service/core';
import type { ProfileView } from '../../shared/contract';
import { FakeVenue, fakeProbes, profileInput, tempHome } from './doubles';

let service: LanebotService | undefined;
afterEach(async () => {
  vi.unstubAllEnvs();
  await service?.shutdown({ abortRunning: true, timeoutMs: 0 });
  service = undefined;
});

async function withTeach(teach: TeachPort) {
  service = await createService({ home: tempHome(), port: new FakeVenue().port(), probes: fakeProbes, teach, schedule: false });
  const p = (await service.handle('profiles.save', { profile: profileInput('Alex'), secrets: { password: 'pw-123456' } })) as ProfileView;
  return { service, p };
}

const until = async (f: () => boolean) => {
  for (let i = 0; i < 200 && !f(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('recipes.teach', () => {
  it('the health view says whether a display exists, so the UI can disable Teach with its reason', async () => {
    vi.stubEnv('DISPLAY', '');
    vi.stubEnv('WAYLAND_DISPLAY', '');
    const { service } = await withTeach(vi.fn<TeachPort>());
    const without = (await service.core.health()).display;
    expect(without).toMatchObject({ available: process.platform !== 'linux' });
    if (process.platform === 'linux') expect(without?.message).toMatch(/without a display/);
    vi.stubEnv('WAYLAND_DISPLAY', 'wayland-0');
    expect((await service.core.health()).display?.available).toBe(true);
  });

  it('refuses plainly on a machine without a display', async () => {
    vi.stubEnv('DISPLAY', '');
    vi.stubEnv('WAYLAND_DISPLAY', '');
    const teach = vi.fn<TeachPort>();
    const { service, p } = await withTeach(teach);
    await expect(service.handle('recipes.teach', { profileId: p.id })).rejects.toThrow(/no display/);
    expect(teach).not.toHaveBeenCalled();
  });

  it('saves the recipe after a passing dry run, with the target booking and the secrets resolver', async () => {
    vi.stubEnv('DISPLAY', ':99');
    let seen: Parameters<TeachPort>[0] | undefined;
    const { service, p } = await withTeach(async (r) => {
      seen = r;
      return { recipe: { version: 1, steps: [1, 2, 3], source: 'teach', updatedAt: 'x', heals: 0 }, steps: 3, check: { ok: true, message: 'walked 3 steps' } };
    });
    const r = (await service.handle('recipes.teach', { profileId: p.id })) as { started: boolean };
    expect(r.started).toBe(true);
    await until(() => !service.core.teaching.size);
    expect(seen?.want.date).toBe((await service.status()).profiles[0]!.targetDate);
    expect(await seen?.resolveSecret('password')).toBe('pw-123456');
    const view = ((await service.handle('profiles.list', {})) as ProfileView[])[0]!;
    expect(view.recipes).toEqual([{ key: 'default', source: 'teach', steps: 3, updatedAt: 'x', heals: 0 }]);
    expect(service.core.store.data.notices.at(-1)?.message).toMatch(/learned a 3-step recipe/);
    expect(await service.handle('recipes.forget', { profileId: p.id })).toEqual({ forgotten: 1 });
    expect(service.core.store.data.recipes[p.id]).toBeUndefined();
  });

  it('keeps the recipe as a draft when the dry run fails (the agent marks it; drafts never book), and says why', async () => {
    vi.stubEnv('DISPLAY', ':99');
    const draft = { version: 1, steps: [1], source: 'teach', updatedAt: 'x', heals: 0, status: 'draft' };
    const { service, p } = await withTeach(async () => ({ recipe: draft, steps: 1, check: { ok: false, message: 'the Confirm button was not found' } }));
    await service.handle('recipes.teach', { profileId: p.id });
    await until(() => !service.core.teaching.size);
    expect(service.core.store.data.recipes[p.id]).toEqual({ default: draft });
    const view = ((await service.handle('profiles.list', {})) as ProfileView[])[0]!;
    expect(view.recipes).toEqual([{ key: 'default', source: 'teach', steps: 1, updatedAt: 'x', heals: 0, status: 'draft' }]);
    expect(service.core.store.data.notices.at(-1)).toMatchObject({ level: 'error', message: expect.stringMatching(/did not pass its dry run.*Confirm button.*kept as a draft/) });
  });
});
