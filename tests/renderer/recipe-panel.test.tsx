// @vitest-environment happy-dom
// Fallback choices and the learned-recipe panel: typed lines become the contract's alternatives,
// Teach calls the service and shows its answer (including "no display"), Forget clears the recipe.
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, type ProfileView } from '../../shared/contract';
import { ProfileForm } from '../../renderer/src/views/ProfileForm';
import { formatAlternatives, parseAlternatives } from '../../renderer/src/lib/profile-form';
import { createFakeApi, profileView, SETTINGS } from './fake-api';
import { renderWithApi } from './render';

afterEach(() => cleanup());

const PROFILE = profileView({
  alternatives: [{ time: '07:00', lane: '2' }, { time: '08:00' }],
  recipes: [{ key: 'default', source: 'model', steps: 5, heals: 1 }],
});

describe('fallback choices', () => {
  it('parses lines into times and lanes, and round-trips', () => {
    expect(parseAlternatives('07:00 lane 2\n 8.00 \nCourt B\n\n7:30 3')).toEqual([{ time: '07:00', lane: '2' }, { time: '08:00' }, { lane: 'B' }, { time: '07:30', lane: '3' }]);
    expect(parseAlternatives(formatAlternatives(PROFILE.alternatives))).toEqual(PROFILE.alternatives);
  });
});

describe('learned recipe panel', () => {
  function setup(teach: () => never | { started: boolean; message: string }) {
    let forgotten = false;
    const api = createFakeApi({
      'models.list': () => ({ reachable: true, models: ['qwen2.5:7b'], message: 'ok' }),
      'settings.get': () => SETTINGS,
      'profiles.preview': () => [],
      'profiles.list': () => [forgotten ? { ...PROFILE, recipes: [] } : PROFILE],
      'recipes.teach': teach,
      'recipes.forget': () => ((forgotten = true), { forgotten: 1 }),
      'profiles.save': (r) => ({ ...PROFILE, ...(r.profile as object) }) as ProfileView,
    });
    renderWithApi(<ProfileForm initial={PROFILE} />, api);
    return api;
  }

  it('shows the recipe, and the service’s refusal when Teach cannot open a window', async () => {
    setup(() => {
      throw new ApiError('conflict', 'Teach opens a browser window for you to book in, and this machine has no display (headless service).');
    });
    expect(await screen.findByText(/All days: 5 steps, learned from the model \(repaired 1×\)/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Teach by booking once' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/no display/);
  });

  it('starts teaching, and Forget clears the recipe', async () => {
    const api = setup(() => ({ started: true, message: 'A browser window is opening.' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Teach by booking once' }));
    expect((await screen.findByRole('status')).textContent).toMatch(/window is opening/);
    fireEvent.click(screen.getByRole('button', { name: 'Forget recipe' }));
    await waitFor(() => expect(screen.getByText(/No recipe yet/)).toBeTruthy());
    expect(api.calls.map((c) => c.method)).toContain('recipes.forget');
  });

  it('sends the fallback choices with the profile', async () => {
    const api = setup(() => ({ started: true, message: '' }));
    const box = await screen.findByLabelText(/also accept/);
    fireEvent.change(box, { target: { value: '09:00 lane 1' } });
    fireEvent.submit(box.closest('form')!);
    await waitFor(() => expect(api.calls.some((c) => c.method === 'profiles.save')).toBe(true));
    const save = api.calls.find((c) => c.method === 'profiles.save')!.request as { profile: { alternatives: unknown } };
    expect(save.profile.alternatives).toEqual([{ time: '09:00', lane: '1' }]);
  });
});
