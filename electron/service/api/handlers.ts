// One function per contract method, grouped in one map. Transports call `handle()`, which
// validates the request against the contract first; handlers only ever see parsed input.
import { randomUUID } from 'node:crypto';
import { applyPatch, profileSchema, settingsSchema, TOTP_SECRET_NAME, totpSecretSchema, type Profile } from '../../../shared/schemas';
import { ApiError, parseRequest, type Method, type ParsedRequest, type ProfileView, type RecipeSummary, type Response } from '../../../shared/contract';
import { renderInstructions } from '../../../shared/placeholders';
import { addCalendarDays, runDateAt, targetDateFor, weekdayOf } from '../night/dates';
import { nightWindow } from '../night/plan';
import { recipeKeyFor } from '../night/runner';
import { statusView } from '../night/status';
import { summarize } from '../night/runner';
import type { ServiceCore } from '../core';
import { appVersion, exportDiagnostics } from '../diagnostics';
import { feedPath } from '../calendar/token';
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

/**
 * When the coming night's run is over: the first night window (of any enabled profile) that has not
 * ended, and every other profile's window that starts the same night (within 12 h of it).
 */
export function comingNightEnd(profiles: Profile[], now: Date, catchUpMinutes: number): Date | undefined {
  const windows = profiles.filter((p) => p.enabled).flatMap((p) => {
    const today = runDateAt(now, p.venue.timeZone);
    for (let i = -1; i <= 8; i++) {
      const w = nightWindow(p, addCalendarDays(today, i), catchUpMinutes);
      if (w && w.end > now) return [w];
    }
    return [];
  });
  if (!windows.length) return undefined;
  const first = Math.min(...windows.map((w) => w.start.getTime()));
  return new Date(Math.max(...windows.filter((w) => w.start.getTime() < first + 12 * 3_600_000).map((w) => w.end.getTime())));
}

function slug(name: string): string {
  const base = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 24) || 'profile';
  return `${base}-${randomUUID().slice(0, 6)}`;
}

export const handlers: Handlers = {
  async 'status.get'(_, core) {
    return statusView(core.store.data, core.now(), core.runner.runningIds());
  },

  async 'profiles.list'(_, core) {
    return Promise.all(core.store.data.profiles.map((p) => view(core, p)));
  },

  async 'profiles.save'({ profile: input, secrets }, core) {
    // The field rules, cross-field ones included, were applied by the contract's schema.
    const existing = input.id ? core.store.data.profiles.find((p) => p.id === input.id) : undefined;
    if (input.id && !existing) throw new ApiError('invalid', 'profile.id: This profile no longer exists', { 'profile.id': 'This profile no longer exists' });
    const now = core.now().toISOString();
    const profile = profileSchema.parse({ ...input, id: existing?.id ?? slug(input.name), createdAt: existing?.createdAt ?? now, updatedAt: now });
    // The profile first, then its secrets: a crash between the two writes leaves a profile whose
    // password shows as not saved (the UI asks for it), never a password that no profile refers to.
    // Secrets the profile stopped using go too (and the sweep at start catches any a crash left).
    await core.store.update((d) => {
      const i = d.profiles.findIndex((p) => p.id === profile.id);
      if (i >= 0) d.profiles[i] = profile;
      else d.profiles.push(profile);
    });
    // An authenticator key is kept normalised (upper case, no spaces), as the contract checked it.
    for (const [name, value] of Object.entries(secrets ?? {})) if (value !== '') await core.secrets.set(profile.id, name, name === TOTP_SECRET_NAME ? totpSecretSchema.parse(value) : value);
    for (const name of existing?.secretNames ?? []) if (!profile.secretNames.includes(name)) await core.secrets.delete(profile.id, name);
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

  async 'book.now'({ profileId, targetDate }, core) {
    const profile = core.store.data.profiles.find((p) => p.id === profileId);
    if (!profile) throw new ApiError('not-found', `No profile with id ${profileId}`);
    const today = runDateAt(core.now(), profile.venue.timeZone);
    if (targetDate) {
      // The venue's calendar decides: from today (venue time) to the furthest date it opens.
      const last = addCalendarDays(today, profile.venue.daysAhead);
      const bad =
        targetDate < today
          ? `${targetDate} is in the past at the venue (today there is ${today})`
          : targetDate > last
            ? `${targetDate} is further ahead than the venue opens bookings (${profile.venue.daysAhead} days, up to ${last})`
            : undefined;
      if (bad) throw new ApiError('invalid', `targetDate: ${bad}`, { targetDate: bad });
    }
    const r = core.runner.run(profileId, 'book-now', targetDate ? { targetDate } : {});
    if ('skipped' in r) throw new ApiError('conflict', r.skipped);
    await r.recorded; // the id we answer with can be looked up at once
    return { attemptId: r.attemptId, joined: r.joined, ...(r.joined ? {} : { targetDate: targetDate ?? targetDateFor(today, profile.venue.daysAhead) }) };
  },

  async 'book.testLogin'({ profileId }, core) {
    const r = core.runner.run(profileId, 'test-login');
    if ('skipped' in r) throw new ApiError('conflict', r.skipped);
    await r.recorded;
    return { attemptId: r.attemptId, joined: r.joined };
  },

  async 'settings.get'(_, core) {
    return core.store.data.settings;
  },

  async 'settings.save'(patch, core) {
    // Only what the patch names changes (the tray's autostart toggle sends `{ autostart }` alone).
    const merged = settingsSchema.safeParse(applyPatch(core.store.data.settings, patch));
    if (!merged.success) {
      const i = merged.error.issues[0]!;
      const path = i.path.join('.');
      throw new ApiError('invalid', `${path}: ${i.message}`, { [path]: i.message });
    }
    const browserPath = merged.data.browserPath;
    if (browserPath && browserPath !== core.store.data.settings.browserPath) {
      // Book now runs this program: only a real Chromium-family browser is accepted.
      const check = await core.probes.checkBrowser(browserPath);
      if (!check.ok) throw new ApiError('invalid', `browserPath: ${check.message}`, { browserPath: check.message });
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
      // Until the coming night's run is over (every profile's window that night); with no run planned, for a day.
      const end = comingNightEnd(core.store.data.profiles, now, core.store.data.settings.catchUpWindowMinutes);
      until = (end ?? new Date(now.getTime() + 86_400_000)).toISOString();
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

  async 'models.list'({ host }, core) {
    const s = core.store.data.settings;
    const r = await core.probes.ollama({ host: host ?? s.ollamaHost, model: s.model, timeoutMs: 5000 });
    return { reachable: r.reachable, models: r.models, message: r.message, host: host ?? s.ollamaHost };
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

  async 'notify.test'({ channel }, core) {
    return core.notifier.test(channel);
  },

  async 'diagnostics.export'(_, core) {
    await core.fileLog.flush();
    const r = await exportDiagnostics({
      home: core.home,
      artifactsDir: core.artifactsDir,
      doc: core.store.data,
      log: core.fileLog,
      now: core.now(),
      about: {
        lanebot: appVersion(),
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        status: statusView(core.store.data, core.now(), core.runner.runningIds()),
      },
    });
    core.fileLog.info(`diagnostics exported to ${r.path} (${r.bytes} bytes)`);
    return r;
  },

  async 'calendar.info'(_, core) {
    if (!core.web.origin)
      throw new ApiError(
        'conflict',
        'The calendar feed is served by the headless service (`npx lanebot serve`); this Lanebot has no web address. `npx lanebot calendar > lanebot.ics` writes the same calendar to a file you can import.',
      );
    return { url: `${core.web.origin}${feedPath(await core.feedToken())}` };
  },
};

export async function handle(core: ServiceCore, method: string, body: unknown): Promise<unknown> {
  if (!Object.prototype.hasOwnProperty.call(handlers, method)) throw new ApiError('not-found', `Unknown method ${method}`);
  const m = method as Method;
  const req = parseRequest(m, body);
  return (handlers[m] as (r: unknown, c: ServiceCore) => Promise<unknown>)(req, core);
}
