// @vitest-environment happy-dom
// The recipe view: a recipe read step by step (what books, what logs in, what it sent, its last dry run), the fixes
// a person makes (drop a step, mark the booking step) sent to the service, the dry run offered after a change, and
// export / import with the service's error shown as it says it. Opened from the learned-recipe panel.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, type ProfileView, type RecipeViewModel } from '../../shared/contract';
import { RecipeView } from '../../renderer/src/components/RecipeView';
import { ProfileForm } from '../../renderer/src/views/ProfileForm';
import { createFakeApi, profileView, SETTINGS } from './fake-api';
import { renderWithApi } from './render';

afterEach(() => cleanup());

const VIEW: RecipeViewModel = {
  key: 'default', status: 'ready', source: 'teach', createdAt: '2026-11-24T10:00:00Z', updatedAt: '2026-11-24T10:00:00Z', startUrl: '/Web/index.php',
  learnedFor: { date: '2026-12-01', time: '07:00', lane: '3' }, params: ['date', 'lane', 'password', 'time', 'username'],
  commitStep: 4, commitFrom: 'network', dryRunStopsAt: 4, heals: 0,
  steps: [
    { number: 1, action: 'fill', description: 'fill textbox "Password" with {{password}}', locators: ['textbox "Password"'], login: true, commit: false, sends: [] },
    { number: 2, action: 'click', description: 'click link "Next week »"', locators: ['link "Next week »"'], login: false, commit: false, sends: [] },
    { number: 3, action: 'click', description: 'click the cell at row "Lane {{lane}}" and column "{{time:h12}}"', locators: ['the cell at row "Lane {{lane}}" and column "{{time:h12}}" of the grid "{{date:weekdayMdy}}"'], login: false, commit: false, sends: [] },
    { number: 4, action: 'click', description: 'click button "Create"', locators: ['button "Create"'], login: false, commit: true, sends: ['POST /Web/ajax/reservation_save.php'] },
  ],
  lastCheck: { ok: true, at: '2026-11-24T10:05:00Z', message: 'The recipe walked 3 step(s).', held: ['POST /Web/ajax/reservation_save.php at step 4'] },
};

function setup(over: Parameters<typeof createFakeApi>[0] = {}) {
  let current = VIEW;
  const api = createFakeApi({
    'recipes.get': () => current,
    'recipes.update': (r) => {
      current = { ...current, status: 'draft', ...(r.commitStep ? { commitStep: r.commitStep } : {}), steps: current.steps.filter((s) => !(r.dropSteps ?? []).includes(s.number)) };
      return { recipe: current, message: 'Saved as a draft: it will not book until a dry run passes. Run the dry run now?' };
    },
    'recipes.check': () => (current = { ...current, status: 'ready', lastCheck: { ok: true, at: '2026-11-24T11:00:00Z', message: 'held POST /Web/ajax/reservation_save.php at step 3: not sent.' } }),
    'recipes.export': () => ({ json: '{"version":1}' }),
    'recipes.import': () => {
      throw new ApiError('invalid', 'invalid recipe at steps: Too small: expected array to have >=1 items', { json: 'invalid recipe at steps: Too small' });
    },
    ...over,
  });
  renderWithApi(<RecipeView profileId="alex-1a2b3c" recipeKey="default" />, api);
  return api;
}

describe('RecipeView', () => {
  it('shows each step, which one books and why, the login step, what the booking step sent and the last dry run', async () => {
    setup();
    expect(await screen.findByText(/Step 4 books \(it sent the last request that could be the booking\)/)).toBeTruthy();
    const steps = screen.getAllByRole('listitem').filter((li) => li.className.includes('recipe-step'));
    expect(steps.map((li) => within(li).getByText(/^(fill|click)/).textContent)).toEqual(VIEW.steps.map((s) => s.description));
    expect(within(steps[0]!).getByText('login')).toBeTruthy();
    expect(within(steps[3]!).getByText('books')).toBeTruthy();
    expect(within(steps[3]!).getByText(/Sent when recorded: POST \/Web\/ajax\/reservation_save\.php/)).toBeTruthy();
    expect(screen.getByText(/Held, not sent: POST \/Web\/ajax\/reservation_save\.php at step 4/)).toBeTruthy();
    // The booking step cannot be dropped; it is the one marked.
    expect((screen.getByRole('button', { name: 'Drop step 4' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.queryByRole('button', { name: 'Step 4 is the booking' })).toBeNull();
  });

  it('drops a step and marks the booking step through the service, then offers the dry run, which makes it ready', async () => {
    const api = setup();
    fireEvent.click(await screen.findByRole('button', { name: 'Drop step 2' }));
    expect((await screen.findByRole('status')).textContent).toMatch(/draft.*dry run/);
    expect(api.calls.find((c) => c.method === 'recipes.update')?.request).toEqual({ profileId: 'alex-1a2b3c', key: 'default', dropSteps: [2] });
    expect(await screen.findByText(/Draft — does not book until a dry run passes/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Step 3 is the booking' }));
    await waitFor(() => expect(api.calls.filter((c) => c.method === 'recipes.update').at(-1)?.request).toEqual({ profileId: 'alex-1a2b3c', key: 'default', commitStep: 3 }));
    fireEvent.click(await screen.findByRole('button', { name: 'Run the dry run now' }));
    expect((await screen.findByRole('status')).textContent).toMatch(/Dry run passed: held POST/);
    expect(api.calls.some((c) => c.method === 'recipes.check')).toBe(true);
    expect(await screen.findByText(/^Ready$/)).toBeTruthy();
  });

  it('exports the recipe as JSON, and shows the service’s error naming the field when an import is invalid', async () => {
    setup();
    fireEvent.click(await screen.findByRole('button', { name: 'Export' }));
    expect(((await screen.findByLabelText(/Exported recipe/)) as HTMLTextAreaElement).value).toBe('{"version":1}');
    fireEvent.change(screen.getByLabelText(/Import a recipe/), { target: { value: '{"version":1,"steps":[]}' } });
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/invalid recipe at steps/);
  });

  it('opens from the learned-recipe panel, which marks a draft', async () => {
    const profile: ProfileView = profileView({ recipes: [{ key: 'default', source: 'teach', steps: 4, heals: 0, status: 'draft' }] });
    const api = createFakeApi({
      'models.list': () => ({ reachable: true, models: ['qwen2.5:7b'], message: 'ok' }),
      'settings.get': () => SETTINGS,
      'profiles.preview': () => [],
      'profiles.list': () => [profile],
      'recipes.get': () => ({ ...VIEW, status: 'draft' }),
    });
    renderWithApi(<ProfileForm initial={profile} />, api);
    expect(await screen.findByText(/draft \(does not book\)/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'View steps' }));
    expect(await screen.findByText(/click button "Create"/)).toBeTruthy();
    expect(api.calls.find((c) => c.method === 'recipes.get')?.request).toEqual({ profileId: profile.id, key: 'default' });
  });
});
