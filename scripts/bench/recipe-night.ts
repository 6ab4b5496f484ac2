// Bench: model calls in a night booked from a recipe — a whole simulated night through the real
// service (tests/matrix): a verified model night first leaves the recipe, then Ollama goes down and
// the next night must book by replay alone. The figure is the model requests of that second night.
import { runNight } from '../../tests/matrix/night';

export interface RecipeNightFigure {
  /** Model requests during the night with a recipe; undefined when the night could not use one. */
  modelCalls?: number;
  verified: boolean;
  via?: string;
  /** Why the figure is missing (e.g. the service does not keep or pass recipes). */
  reason?: string;
  ms: number;
}

export async function measureRecipeNight(): Promise<RecipeNightFigure> {
  const r = await runNight({ id: 'bench/recipe-night', group: 'combination', layout: 'grid', behaviour: 'competent', fault: 'recipe-night', transport: 'direct' });
  const verified = !!r.verdict?.verifiedSuccess;
  const booked = r.attempts.find((a) => a.outcome === 'verified');
  if (r.harnessError) return { verified, reason: r.harnessError, ms: r.ms };
  const noRecipe = r.checksFailed.find((c) => c.startsWith('no recipe was stored'));
  if (noRecipe) return { verified, reason: 'the service stored no recipe after a verified model night — electron/service/night/agent-port.ts does not pass recipes yet', ms: r.ms };
  return { modelCalls: r.modelCalls, verified, ...(booked?.via ? { via: booked.via } : {}), ms: r.ms };
}
