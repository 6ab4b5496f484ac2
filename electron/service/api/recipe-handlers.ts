// The recipe methods of the API: view a stored recipe, drop steps or mark the booking step, export and import
// it, and dry-run it. The recipe itself belongs to the agent (RecipePort validates every result); the service only
// finds it on the shelf, saves the result whole, and says what changed.
import { ApiError, type ParsedRequest, type RecipeViewModel, type Response } from '../../../shared/contract';
import type { Profile } from '../../../shared/schemas';
import { runDateAt, targetDateFor } from '../night/dates';
import type { RecipePort, ServiceCore } from '../core';

type RecipeMethod = 'recipes.get' | 'recipes.update' | 'recipes.export' | 'recipes.import' | 'recipes.check';
type RecipeHandlers = { [M in RecipeMethod]: (req: ParsedRequest<M>, core: ServiceCore) => Promise<Response<M>> };

function profileOf(core: ServiceCore, profileId: string): Profile {
  const profile = core.store.data.profiles.find((p) => p.id === profileId);
  if (!profile) throw new ApiError('not-found', `No profile with id ${profileId}`);
  return profile;
}

function portOf(core: ServiceCore): RecipePort {
  if (!core.recipes) throw new ApiError('conflict', 'Recipes cannot be viewed or changed in this Lanebot.');
  return core.recipes;
}

function storedRecipe(core: ServiceCore, profileId: string, key: string): unknown {
  profileOf(core, profileId);
  const shelf = core.store.data.recipes[profileId] as Record<string, unknown> | undefined;
  const recipe = shelf && Object.prototype.hasOwnProperty.call(shelf, key) ? shelf[key] : undefined;
  if (recipe === undefined) throw new ApiError('not-found', `This profile has no recipe "${key}"`);
  return recipe;
}

async function viewOf(port: RecipePort, key: string, recipe: unknown): Promise<RecipeViewModel> {
  const v = await port.view(recipe);
  if ('error' in v) throw new ApiError('conflict', `The stored recipe "${key}" cannot be read: ${v.error}`);
  return { key, ...v };
}

async function save(core: ServiceCore, profileId: string, key: string, recipe: unknown): Promise<void> {
  await core.store.update((d) => {
    ((d.recipes[profileId] ??= {}) as Record<string, unknown>)[key] = recipe;
  });
  core.events.emit({ type: 'profiles-changed' });
}

export const recipeHandlers: RecipeHandlers = {
  async 'recipes.get'({ profileId, key }, core) {
    return viewOf(portOf(core), key, storedRecipe(core, profileId, key));
  },

  async 'recipes.update'({ profileId, key, dropSteps, commitStep }, core) {
    const port = portOf(core);
    if (!dropSteps?.length && commitStep === undefined) throw new ApiError('invalid', 'dropSteps: nothing to change', { dropSteps: 'Name steps to drop, or a commitStep' });
    const r = await port.edit(storedRecipe(core, profileId, key), { ...(dropSteps ? { dropSteps } : {}), ...(commitStep !== undefined ? { commitStep } : {}) });
    if (!r.ok) {
      const field = r.error.startsWith('commitStep') ? 'commitStep' : 'dropSteps';
      throw new ApiError('invalid', r.error, { [field]: r.error });
    }
    await save(core, profileId, key, r.recipe);
    return { recipe: await viewOf(port, key, r.recipe), message: 'Saved as a draft: it will not book until a dry run passes. Run the dry run now?' };
  },

  async 'recipes.export'({ profileId, key }, core) {
    const r = await portOf(core).export(storedRecipe(core, profileId, key));
    if (!r.ok) throw new ApiError('conflict', `The stored recipe "${key}" cannot be exported: ${r.error}`);
    return { json: r.json };
  },

  async 'recipes.import'({ profileId, key, json }, core) {
    const profile = profileOf(core, profileId);
    const port = portOf(core);
    const r = await port.import(json, profile.venue.startUrl);
    if (!r.ok) throw new ApiError('invalid', r.error, { json: r.error });
    await save(core, profileId, key, r.recipe);
    return viewOf(port, key, r.recipe);
  },

  async 'recipes.check'({ profileId, key }, core) {
    const profile = profileOf(core, profileId);
    const port = portOf(core);
    const recipe = storedRecipe(core, profileId, key);
    const runDate = runDateAt(core.now(), profile.venue.timeZone);
    const want = {
      date: targetDateFor(runDate, profile.venue.daysAhead),
      ...(profile.verification.time ? { time: profile.verification.time } : {}),
      ...(profile.verification.lane ? { lane: profile.verification.lane } : {}),
    };
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error('The dry run timed out')), 5 * 60_000);
    try {
      const r = await port.check({
        profile, recipe, want,
        resolveSecret: (n) => core.secrets.get(profileId, n),
        ...(core.store.data.settings.browserPath ? { browserPath: core.store.data.settings.browserPath } : {}),
        signal: controller.signal,
      });
      await save(core, profileId, key, r.recipe);
      return viewOf(port, key, r.recipe);
    } finally {
      clearTimeout(timer);
    }
  },
};
