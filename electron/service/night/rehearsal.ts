// The evening rehearsal: the day before a booking night, the recipe that night will replay is walked as a dry
// run (the agent's guard holds back every committing request, so it cannot book) toward the date the night
// books. A failure is news while there is still time to act: it is recorded, pushed to the user and shown on
// Today. The recipe itself is left as it is: at night its replay stops where it breaks and the model takes over
// from there (self-heal), and a rehearsal that failed for a passing reason (the venue down at 20:00) must not
// cost a user without a model their recipe.
import { randomUUID } from 'node:crypto';
import type { Profile, Rehearsal } from '../../../shared/schemas';
import type { ServiceEvent } from '../../../shared/contract';
import type { RecipePort } from '../core';
import type { SecretStore } from '../store/secrets';
import type { Store } from '../store/store';
import type { EventBus } from '../events';
import { addCalendarDays, targetDateFor } from './dates';
import { recipeKeyFor, rehearsalsBetween } from './plan';

/** Rehearsals kept per profile (the newest). */
const KEEP = 10;
const TIMEOUT_MS = 5 * 60_000;

export interface RehearsalDeps {
  store: Store;
  secrets: SecretStore;
  events: EventBus;
  recipes?: RecipePort;
  now(): Date;
  log(line: string): void;
  timeoutMs?: number;
}

interface RecipeLike {
  status?: string;
}

/**
 * The bookings the dry run walks toward, first that passes wins: the night's own target date; then the latest
 * date already open (the day before it) in the same slot and in another lane, for sites that show a date's
 * slots only once it opens.
 */
export function rehearsalWants(profile: Profile, targetDate: string): { date: string; time?: string; lane?: string }[] {
  const base = { ...(profile.verification.time ? { time: profile.verification.time } : {}), ...(profile.verification.lane ? { lane: profile.verification.lane } : {}) };
  const open = addCalendarDays(targetDate, -1);
  const out = [{ date: targetDate, ...base }, { date: open, ...base }];
  const lane = profile.verification.lane;
  if (lane && /^\d+$/.test(lane)) out.push({ date: open, ...base, lane: String(Number(lane) === 1 ? 2 : Number(lane) + 1) });
  return out;
}

/**
 * Rehearses the night of `runDate` for one profile. Undefined when there is nothing to rehearse (the profile is
 * gone or off, the night does not book, there is no recipe or only a draft); otherwise the record it stored.
 */
export async function rehearse(d: RehearsalDeps, profileId: string, runDate: string, skipReason?: (p: Profile) => string | undefined): Promise<Rehearsal | undefined> {
  const profile = d.store.data.profiles.find((p) => p.id === profileId);
  if (!profile || !profile.enabled || !d.recipes) return undefined;
  const why = skipReason?.(profile);
  if (why) {
    d.log(`${profile.name}: no rehearsal for the night of ${runDate}: ${why}`);
    return undefined;
  }
  const targetDate = targetDateFor(runDate, profile.venue.daysAhead);
  const recipeKey = recipeKeyFor(profile, runDate, targetDate);
  const recipe = (d.store.data.recipes[profile.id] as Record<string, RecipeLike> | undefined)?.[recipeKey];
  if (!recipe || recipe.status === 'draft') return undefined; // the night uses the model: nothing to rehearse
  const startedAt = d.now().toISOString();
  d.log(`${profile.name}: rehearsing the recipe "${recipeKey}" for ${targetDate} (a dry run: it cannot book)`);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error('The rehearsal timed out')), d.timeoutMs ?? TIMEOUT_MS);
  let ok = false;
  let message: string;
  let held: string[] = [];
  let checked: unknown;
  const wants = rehearsalWants(profile, targetDate);
  try {
    const r = await d.recipes.check({
      profile,
      recipe,
      want: wants[0]!,
      wants,
      resolveSecret: (n) => d.secrets.get(profile.id, n),
      ...(d.store.data.settings.browserPath ? { browserPath: d.store.data.settings.browserPath } : {}),
      signal: controller.signal,
    });
    ok = r.check.ok;
    message = r.check.message;
    held = r.check.held;
    checked = r.recipe;
  } catch (e) {
    message = `The rehearsal could not run: ${(e as Error).message}`;
  } finally {
    clearTimeout(timer);
  }
  const record: Rehearsal = { id: randomUUID(), profileId, runDate, targetDate, recipeKey, startedAt, finishedAt: d.now().toISOString(), ok, message, held };
  await d.store.update((doc) => {
    // A passing rehearsal is the recipe's latest dry run (shown in the recipe view); a failing one is kept out
    // of the recipe, which would otherwise become a draft that never books.
    if (ok && checked !== undefined) ((doc.recipes[profileId] ??= {}) as Record<string, unknown>)[recipeKey] = checked;
    const mine = doc.rehearsals.filter((x) => x.profileId === profileId);
    const drop = new Set(mine.slice(0, Math.max(0, mine.length + 1 - KEEP)).map((x) => x.id));
    doc.rehearsals = [...doc.rehearsals.filter((x) => !drop.has(x.id)), record];
  });
  d.log(`${profile.name}: rehearsal for ${targetDate} ${ok ? 'passed' : 'FAILED'}: ${message}`);
  const event: ServiceEvent = { type: 'rehearsal-finished', rehearsal: { ...record, profileName: profile.name } };
  d.events.emit(event);
  if (ok && checked !== undefined) d.events.emit({ type: 'profiles-changed' });
  return record;
}

/** The newest rehearsal of a profile for a night, if any. */
export function lastRehearsal(rehearsals: Rehearsal[], profileId: string, runDate?: string): Rehearsal | undefined {
  for (let i = rehearsals.length - 1; i >= 0; i--) {
    const r = rehearsals[i]!;
    if (r.profileId === profileId && (!runDate || r.runDate === runDate)) return r;
  }
  return undefined;
}

/** When the next rehearsal of a profile is due: the next planned evening whose night replays a ready recipe. */
export function nextRehearsalAt(profile: Profile, recipes: Record<string, unknown>, rehearsalTime: string, now: Date): Date | undefined {
  const shelf = recipes[profile.id] as Record<string, RecipeLike> | undefined;
  if (!shelf) return undefined;
  const soon = rehearsalsBetween(profile, now, new Date(now.getTime() + 8 * 86_400_000), rehearsalTime);
  return soon.find((r) => {
    const recipe = shelf[recipeKeyFor(profile, r.runDate, r.targetDate)];
    return recipe && recipe.status !== 'draft';
  })?.at;
}
