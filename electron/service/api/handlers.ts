// One function per contract method, grouped in one map. Transports call `handle()`, which
// validates the request against the contract first; handlers only ever see parsed input.
import { randomUUID } from 'node:crypto';
import { profileSchema, settingsSchema, type Profile } from '../../../shared/schemas';
import { ApiError, parseRequest, type Method, type ParsedRequest, type ProfileView, type RecipeSummary, type Response } from '../../../shared/contract';
import { PLACEHOLDER_NAMES, renderInstructions, unknownPlaceholders } from '../../../shared/placeholders';
import { addCalendarDays, runDateAt, targetDateFor, weekdayOf } from '../night/dates';
import { nightWindow } from '../night/plan';
import { recipeKeyFor } from '../night/runner';
import { statusView } from '../night/status';
import { summarize } from '../night/runner';
import type { ServiceCore } from '../core';
import { recipeHandlers } from './recipe-handlers';

type Handlers = { [M in Method]: (req: ParsedRequest<M>, core: ServiceCore) => Promise<Response<M>> };

function recipeSummaries(shelf: unknown): RecipeSummary[] {
  if (!shelf || typeof shelf !== 'object') return [];
  // Recipes are opaque to the service (the agent validates them): read only what a summary needs, defensively.
  return Object.entries(shelf as Record<string, { source?: unknown; steps?: unknown; updatedAt?: unknown; heals?: unknown; status?: unknown } | null>).map(([key, r]) => ({
    key,
    source: typeof r?.source === 'string' ? r.source : 'unknown',
    steps: Array.isArray(r?.steps) ? r.steps.length : 0,
    ...(typeof r?.updatedAt === 'string' ? { updatedAt: r.updatedAt } : {}),
    heals: typeof r?.heals === 'number' ? r.heals : 0,
    ...(r?.status === 'draft' || r?.status === 'ready' ? { status: r.status } : {}),
  }));
}

async function view(core: ServiceCore, p: Profile): Promise<ProfileView> {
  const secretsSaved: Record<string, boolean> = {};
  for (const n of p.secretNames) secretsSaved[n] = await core.secrets.has(p.id, n);
  return { ...p, secretsSaved, recipes: recipeSummaries(core.store.data.recipes[p.id]), teaching: core.teaching.has(p.id) };
}

/** A visible browser needs a screen: on Linux that means an X11 or Wayland display. */
export function hasDisplay(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): boolean {
  return platform !== 'linux' || !!(env.DISPLAY || env.WAYLAND_DISPLAY);
}

function slug(name: string): string {
  const base = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 24) || 'profile';
  return `${base}-${randomUUID().slice(0, 6)}`;
}

/** Checks that need more than one field; each names the field it is about. */
function crossCheck(p: ParsedRequest<'profiles.save'>['profile'], secrets: Record<string, string> | undefined): Record<string, string> {
  const fields: Record<string, string> = {};
  const origin = new URL(p.venue.startUrl).origin;
  if (!p.venue.allowedOrigins.includes(origin)) fields['venue.allowedOrigins'] = `Must include the start page’s origin ${origin}`;
  if (p.venue.bookingsUrl && !p.venue.allowedOrigins.includes(new URL(p.venue.bookingsUrl).origin))
    fields['venue.bookingsUrl'] = 'The bookings page must be on an allowed origin';
  const bad = unknownPlaceholders(p.instructions);
  if (bad.length) fields.instructions = `Unknown placeholder ${bad.join(', ')}; use ${PLACEHOLDER_NAMES.map((n) => `{${n}}`).join(' ')}`;
  for (const [day, plan] of Object.entries(p.weekdays)) {
    const b = plan.instructions ? unknownPlaceholders(plan.instructions) : [];
    if (b.length) fields[`weekdays.${day}.instructions`] = `Unknown placeholder ${b.join(', ')}`;
  }
  if (!Object.values(p.weekdays).some((d) => d.book)) fields.weekdays = 'Switch on at least one weekday to book';
  const lastTime = [...p.attemptTimes].sort().at(-1);
  if (p.watch.enabled && lastTime && p.watch.until <= lastTime)
    fields['watch.until'] = `The watch starts after the last attempt time (${lastTime}), so it must end later than that`;
  for (const name of Object.keys(secrets ?? {})) {
    if (!p.secretNames.includes(name)) fields[`secrets.${name}`] = `Not one of this profile’s secrets (${p.secretNames.join(', ')})`;
  }
  return fields;
}

export const handlers: Handlers = {
  async 'status.get'(_, core) {
    return statusView(core.store.data, core.now(), core.runner.runningIds());
  },

  async 'profiles.list'(_, core) {
    return Promise.all(core.store.data.profiles.map((p) => view(core, p)));
  },

  async 'profiles.save'({ profile: input, secrets }, core) {
    const fields = crossCheck(input, secrets);
    const existing = input.id ? core.store.data.profiles.find((p) => p.id === input.id) : undefined;
    if (input.id && !existing) fields.id = 'This profile no longer exists';
    if (Object.keys(fields).length) {
      const [k, v] = Object.entries(fields)[0]!;
      throw new ApiError('invalid', `${k}: ${v}`, fields);
    }
    const now = core.now().toISOString();
    const profile = profileSchema.parse({ ...input, id: existing?.id ?? slug(input.name), createdAt: existing?.createdAt ?? now, updatedAt: now });
    // Secrets first: if the store write then failed, the old profile still points at valid secrets.
    for (const [name, value] of Object.entries(secrets ?? {})) if (value !== '') await core.secrets.set(profile.id, name, value);
    await core.store.update((d) => {
      const i = d.profiles.findIndex((p) => p.id === profile.id);
      if (i >= 0) d.profiles[i] = profile;
      else d.profiles.push(profile);
    });
    core.afterProfilesChanged();
    return view(core, profile);
  },

  async 'profiles.delete'({ id }, core) {
    if (!core.store.data.profiles.some((p) => p.id === id)) return { deleted: false };
    await core.store.update((d) => {
      d.profiles = d.profiles.filter((p) => p.id !== id);
      delete d.ledger[id];
      delete d.recipes[id];
    });
    await core.secrets.delete(id);
    core.afterProfilesChanged();
    return { deleted: true };
  },

  async 'profiles.preview'({ instructions, timeZone, daysAhead, weekdays, from, count }, core) {
    const tz = timeZone;
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
    } catch {
      throw new ApiError('invalid', 'timeZone: Use an IANA time zone such as Europe/London', { timeZone: 'Use an IANA time zone such as Europe/London' });
    }
    const start = from ?? runDateAt(core.now(), tz);
    return Array.from({ length: count }, (_, i) => {
      const runDate = addCalendarDays(start, i);
      const targetDate = targetDateFor(runDate, daysAhead);
      const weekday = weekdayOf(targetDate);
      const plan = weekdays?.[weekday];
      const books = plan ? plan.book : true;
      const text = plan?.instructions?.trim() || instructions;
      try {
        return { runDate, targetDate, weekday, books, text: renderInstructions(text, targetDate) };
      } catch (e) {
        return { runDate, targetDate, weekday, books, error: (e as Error).message };
      }
    });
  },

  async 'attempts.list'({ profileId, outcome, limit }, core) {
    const out = [];
    const all = core.store.data.attempts;
    for (let i = all.length - 1; i >= 0 && out.length < limit; i--) {
      const a = all[i]!;
      if (profileId && a.profileId !== profileId) continue;
      if (outcome && a.outcome !== outcome) continue;
      out.push(summarize(a));
    }
    return out;
  },

  async 'attempts.get'({ id }, core) {
    const a = core.store.data.attempts.find((x) => x.id === id);
    if (!a) throw new ApiError('not-found', `No attempt ${id} in the history`);
    return a;
  },

  async 'book.now'({ profileId }, core) {
    const r = core.runner.run(profileId, 'book-now');
    if ('skipped' in r) throw new ApiError('conflict', r.skipped);
    return { attemptId: r.attemptId, joined: r.joined };
  },

  async 'book.testLogin'({ profileId }, core) {
    const r = core.runner.run(profileId, 'test-login');
    if ('skipped' in r) throw new ApiError('conflict', r.skipped);
    return { attemptId: r.attemptId, joined: r.joined };
  },

  async 'settings.get'(_, core) {
    return core.store.data.settings;
  },

  async 'settings.save'(patch, core) {
    const merged = settingsSchema.safeParse({ ...core.store.data.settings, ...patch });
    if (!merged.success) {
      const i = merged.error.issues[0]!;
      const path = i.path.join('.');
      throw new ApiError('invalid', `${path}: ${i.message}`, { [path]: i.message });
    }
    await core.store.update((d) => {
      d.settings = merged.data;
    });
    core.afterSettingsChanged();
    return merged.data;
  },

  async 'pause.set'({ tonight }, core) {
    const now = core.now();
    let until: string | undefined;
    if (tonight) {
      // Until the end of the next night window of any profile (at least the next 24 h are covered).
      const ends = core.store.data.profiles.flatMap((p) => {
        const today = runDateAt(now, p.venue.timeZone);
        return [today, addCalendarDays(today, 1)]
          .map((r) => nightWindow(p, r, core.store.data.settings.catchUpWindowMinutes))
          .filter((w) => w && w.end > now)
          .slice(0, 1)
          .map((w) => w!.end.getTime());
      });
      until = new Date(ends.length ? Math.max(...ends) : now.getTime() + 86_400_000).toISOString();
    }
    await core.store.update((d) => {
      if (until) d.settings.pausedUntil = until;
      else delete d.settings.pausedUntil;
    });
    core.afterSettingsChanged();
    return statusView(core.store.data, core.now(), core.runner.runningIds());
  },

  async 'health.get'(_, core) {
    return core.health();
  },

  async 'models.list'(_, core) {
    const s = core.store.data.settings;
    const r = await core.probes.ollama({ host: s.ollamaHost, model: s.model, timeoutMs: 5000 });
    return { reachable: r.reachable, models: r.models, message: r.message };
  },

  async 'recipes.teach'({ profileId }, core) {
    const profile = core.store.data.profiles.find((p) => p.id === profileId);
    if (!profile) throw new ApiError('not-found', `No profile with id ${profileId}`);
    if (!core.teach) throw new ApiError('conflict', 'Teaching is not available in this Lanebot.');
    if (!hasDisplay()) {
      throw new ApiError(
        'conflict',
        'Teach opens a browser window for you to book in, and this machine has no display (headless service). Run Lanebot on a desktop to teach, or let the model learn the recipe from its first verified booking.',
      );
    }
    if (core.teaching.has(profileId)) return { started: false, message: 'A teaching browser is already open for this profile.' };
    const runDate = runDateAt(core.now(), profile.venue.timeZone);
    const want = {
      date: targetDateFor(runDate, profile.venue.daysAhead),
      ...(profile.verification.time ? { time: profile.verification.time } : {}),
      ...(profile.verification.lane ? { lane: profile.verification.lane } : {}),
    };
    const key = recipeKeyFor(profile, runDate);
    const notice = (level: 'info' | 'error', message: string) =>
      core.store.update((d) => {
        const n = { id: `teach-${core.now().getTime()}`, level, message, at: core.now().toISOString() };
        d.notices.push(n);
        core.events.emit({ type: 'notice', notice: n });
      });
    core.teaching.add(profileId);
    core.events.emit({ type: 'profiles-changed' });
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error('Teaching timed out')), 30 * 60_000);
    void core
      .teach({
        profile,
        want,
        resolveSecret: (n) => core.secrets.get(profileId, n),
        ...(core.store.data.settings.browserPath ? { browserPath: core.store.data.settings.browserPath } : {}),
        signal: controller.signal,
      })
      .then(async (r) => {
        // A recipe whose dry run failed is kept as a draft (the agent marks it; drafts never book) for the user to fix.
        await core.store.update((d) => {
          ((d.recipes[profileId] ??= {}) as Record<string, unknown>)[key] = r.recipe;
        });
        if (!r.check.ok) return notice('error', `${profile.name}: the recorded recipe did not pass its dry run (${r.check.message}); it is kept as a draft, which does not book. Open it to fix it, then run the dry run again.`);
        await notice('info', `${profile.name}: learned a ${r.steps}-step recipe from your booking; it passed a dry run (${r.check.message}).`);
      })
      .catch((e) => notice('error', `${profile.name}: teaching stopped — ${(e as Error).message}`))
      .finally(() => {
        clearTimeout(timer);
        core.teaching.delete(profileId);
        core.events.emit({ type: 'profiles-changed' });
      });
    return { started: true, message: 'A browser window is opening: log in and book as you normally would. Lanebot records the steps (never your password).' };
  },

  ...recipeHandlers,

  async 'recipes.forget'({ profileId }, core) {
    const n = Object.keys((core.store.data.recipes[profileId] as object | undefined) ?? {}).length;
    await core.store.update((d) => {
      delete d.recipes[profileId];
    });
    core.events.emit({ type: 'profiles-changed' });
    return { forgotten: n };
  },

  async 'notices.dismiss'({ id }, core) {
    await core.store.update((d) => {
      d.notices = d.notices.filter((n) => n.id !== id);
    });
    return { ok: true as const };
  },
};

export async function handle(core: ServiceCore, method: string, body: unknown): Promise<unknown> {
  if (!Object.prototype.hasOwnProperty.call(handlers, method)) throw new ApiError('not-found', `Unknown method ${method}`);
  const m = method as Method;
  const req = parseRequest(m, body);
  return (handlers[m] as (r: unknown, c: ServiceCore) => Promise<unknown>)(req, core);
}
