// A recipe as a person reads and fixes it: each step with what it does, how its element is found, the requests it
// sent when it was recorded, which step books and which steps log in; and the edits a person may make (drop a
// step, mark the booking step), export and import — every result validated by the recipe schema, and any edit
// leaving the recipe a draft until a dry run passes again.
import { describeSpec } from './locator';
import { parseRecipe, recipeParams, RecipeSchema, type Recipe, type RecipeStep } from './schema';
import { commitStep } from './replay';
import { commitBoundary } from './dry-run';

export interface RecipeStepView {
  /** 1-based, as shown. */
  number: number;
  action: RecipeStep['action'];
  /** e.g. `click button "Book Lane {{lane}} at {{time:hm}}"`, `fill textbox "Password" with {{password}}`. */
  description: string;
  /** How the element is found, most durable first. */
  locators: string[];
  login: boolean;
  commit: boolean;
  /** Requests it sent when recorded, e.g. `POST /api/reservations`. */
  sends: string[];
}

export interface RecipeView {
  status: 'draft' | 'ready';
  source: Recipe['source'];
  createdAt: string;
  updatedAt: string;
  startUrl: string;
  learnedFor: Recipe['learnedFor'];
  /** Parameters and secret names the steps use (`date`, `time`, `lane`, `password`…). */
  params: string[];
  /** 1-based number of the step that sends the booking. */
  commitStep: number;
  /** How that step was found: the network, the user's answer, or a guess (the last step). */
  commitFrom: NonNullable<Recipe['commitFrom']> | 'unknown';
  /** Where a dry run stops sending (1-based): the commit, or an earlier step whose request was the last recorded. */
  dryRunStopsAt: number;
  heals: number;
  steps: RecipeStepView[];
  lastCheck?: Recipe['lastCheck'];
}

function stepDescription(s: RecipeStep): string {
  const what = s.describe ?? (s.locators[0] ? describeSpec(s.locators[0]) : '');
  switch (s.action) {
    case 'navigate': return `open ${s.url ?? ''}`;
    case 'fill': return `fill ${what} with ${s.value ?? ''}`;
    case 'select': return `choose "${s.value ?? ''}" in ${what}`;
    case 'check': return `${s.checked === false ? 'uncheck' : 'check'} ${what}`;
    case 'press': return `press ${s.key ?? 'Enter'}${what ? ` in ${what}` : ''}`;
    case 'click': return `click ${what}`;
  }
}

/** The recipe as a person reads it. Templates stay templates; a recipe never holds a secret value. */
export function recipeView(recipe: Recipe): RecipeView {
  const c = commitStep(recipe);
  return {
    status: recipe.status ?? 'ready',
    source: recipe.source,
    createdAt: recipe.createdAt,
    updatedAt: recipe.updatedAt,
    startUrl: recipe.startUrl,
    learnedFor: recipe.learnedFor,
    params: recipe.params,
    commitStep: c + 1,
    commitFrom: recipe.commitFrom ?? 'unknown',
    dryRunStopsAt: commitBoundary(recipe) + 1,
    heals: recipe.heals,
    steps: recipe.steps.map((s, i) => ({
      number: i + 1,
      action: s.action,
      description: stepDescription(s),
      locators: s.locators.map(describeSpec),
      login: s.phase === 'login',
      commit: i === c,
      sends: (s.sends ?? []).map((x) => `${x.method} ${x.path}`),
    })),
    ...(recipe.lastCheck ? { lastCheck: recipe.lastCheck } : {}),
  };
}

export interface RecipeEdit {
  /** 1-based numbers of steps to leave out. */
  dropSteps?: number[];
  /** 1-based number (before dropping) of the step that sends the booking. */
  commitStep?: number;
}

export type EditResult = { ok: true; recipe: Recipe } | { ok: false; error: string };

/**
 * Applies a person's edit. The result is checked by the recipe schema and left a draft (never used to book)
 * until a dry run passes: an edit is a claim about the venue that only a dry run can confirm.
 */
export function editRecipe(raw: unknown, edit: RecipeEdit, now = new Date()): EditResult {
  const parsed = parseRecipe(raw);
  if (!parsed.ok) return parsed;
  const recipe = parsed.recipe;
  const n = recipe.steps.length;
  const drop = new Set(edit.dropSteps ?? []);
  for (const d of drop) if (!Number.isInteger(d) || d < 1 || d > n) return { ok: false, error: `dropSteps: there is no step ${d} (the recipe has ${n})` };
  if (drop.size >= n) return { ok: false, error: 'dropSteps: a recipe needs at least one step' };
  let commitAt = commitStep(recipe) + 1;
  if (edit.commitStep !== undefined) {
    const c = edit.commitStep;
    if (!Number.isInteger(c) || c < 1 || c > n) return { ok: false, error: `commitStep: there is no step ${c} (the recipe has ${n})` };
    if (recipe.steps[c - 1]!.phase === 'login') return { ok: false, error: `commitStep: step ${c} is a login step, not the booking` };
    commitAt = c;
  }
  if (drop.has(commitAt)) return { ok: false, error: `commitStep: step ${commitAt} sends the booking and cannot be dropped; mark another step as the booking first` };
  const steps = recipe.steps
    .map((s, i) => ({ ...s, commit: i + 1 === commitAt }))
    .filter((_, i) => !drop.has(i + 1));
  if (!steps.some((s) => s.phase === 'book')) return { ok: false, error: 'dropSteps: the recipe would have no booking steps left' };
  const next: Recipe = {
    ...recipe,
    steps,
    params: recipeParams(steps, recipe.done),
    updatedAt: now.toISOString(),
    status: 'draft',
    ...(edit.commitStep !== undefined ? { commitFrom: 'user' as const } : {}),
    lastCheck: { ok: false, at: now.toISOString(), message: 'Edited: run a dry run to use it for booking again.' },
  };
  const checked = RecipeSchema.safeParse(next);
  if (!checked.success) {
    const i = checked.error.issues[0]!;
    return { ok: false, error: `invalid recipe at ${i.path.join('.') || '(root)'}: ${i.message}` };
  }
  return { ok: true, recipe: checked.data };
}

/** The recipe as JSON a person can keep, share or fix by hand (it never holds a secret value). */
export function exportRecipe(raw: unknown): { ok: true; json: string } | { ok: false; error: string } {
  const parsed = parseRecipe(raw);
  return parsed.ok ? { ok: true, json: JSON.stringify(parsed.recipe, null, 2) } : parsed;
}

/**
 * A recipe from JSON: parsed by the recipe schema (the error names the field), learned on this venue's host, and
 * a draft until a dry run passes here.
 */
export function importRecipe(json: string, venueStartUrl: string, now = new Date()): EditResult {
  let raw: unknown;
  try { raw = JSON.parse(json); } catch (e) { return { ok: false, error: `the text is not JSON: ${(e as Error).message.slice(0, 120)}` }; }
  const parsed = parseRecipe(raw);
  if (!parsed.ok) return parsed;
  let host: string;
  let venueHost: string;
  try { host = new URL(parsed.recipe.origin).hostname; venueHost = new URL(venueStartUrl).hostname; } catch { return { ok: false, error: 'invalid recipe at origin: not a web address' }; }
  if (host !== venueHost) return { ok: false, error: `invalid recipe at origin: it was learned on ${host}, and this profile's venue is ${venueHost}` };
  return {
    ok: true,
    recipe: { ...parsed.recipe, status: 'draft', updatedAt: now.toISOString(), lastCheck: { ok: false, at: now.toISOString(), message: 'Imported: run a dry run to use it for booking.' } },
  };
}
