// The production BookingPort and Probes: the service's profile and settings turned into the
// agent's plain inputs. This is the only place the service knows the agent's API.
import { join } from 'node:path';
import type * as Agent from '../../../agent';
import { paymentOf, type Profile } from '../../../shared/schemas';
import type { RecipeViewModel } from '../../../shared/contract';
import type { BookingPort, BookingSession, BookingWant, BookOutcome, ObservedBooking, VerifyOutcome } from './booking-port';
import type { Probes, RecipePort, TeachPort } from '../core';
import type { SecretStore } from '../store/secrets';

// The agent (playwright-core, ollama) loads on first use: an idle service waiting for midnight
// should not carry a browser driver in memory all day.
let agent: Promise<typeof Agent> | undefined;
const loadAgent = () => (agent ??= import('../../../agent'));

function machineLocale(): string {
  return Intl.DateTimeFormat().resolvedOptions().locale || 'en-GB';
}

/** The profile's venue as the agent wants it. */
function venueTarget(profile: Profile): Agent.VenueTarget {
  return {
    startUrl: profile.venue.startUrl,
    allowedOrigins: profile.venue.allowedOrigins,
    timeZone: profile.venue.timeZone,
    ...(profile.verification.dateOrder !== 'auto' ? { dateOrder: profile.verification.dateOrder } : {}),
    // The venue's language when the profile names it, else this machine's: a user's venue usually speaks theirs.
    locale: profile.venue.locale ?? machineLocale(),
    ...(profile.venue.bookingsUrl ? { bookingsUrl: profile.venue.bookingsUrl } : {}),
  };
}

// The booking port is the service's own view of the agent; these fail to compile the moment the agent's
// results and the port drift apart (a field added on one side only).
export type _WantMatches = Agent.Assert<Agent.Equal<Agent.BookingWant, BookingWant>>;
export type _ObservedMatches = Agent.Assert<Agent.Equal<Agent.ObservedBooking, ObservedBooking>>;
export type _VerifyFits = Agent.Assert<Agent.VerifyResult extends VerifyOutcome ? true : false>;
export type _StepFits = Agent.Assert<Agent.AgentStep extends BookOutcome['steps'][number] ? true : false>;

export interface AgentPortOptions {
  secrets: SecretStore;
  /** Data folder: browser profiles (cookies between nights) live under it. */
  home: string;
  /** Overrides for tests and the demo (e.g. a fake Ollama host). */
  modelHost?: string;
  /** Tests: how the hand-over browser is launched and what the "person" does in it. */
  takeOver?: Agent.TakeOverOptions;
}

export function agentBookingPort(o: AgentPortOptions): BookingPort {
  return {
    async open(ctx): Promise<BookingSession> {
      const { profile, settings } = ctx;
      const { openSession } = await loadAgent();
      const session = await openSession({
        venue: venueTarget(profile),
        secrets: { names: profile.secretNames, resolve: (name) => o.secrets.get(profile.id, name) },
        model: {
          host: o.modelHost ?? settings.ollamaHost,
          model: profile.model || settings.model,
          timeoutMs: settings.modelTimeoutMs,
          numCtx: settings.numCtx,
          // Keep the model loaded through the night's retries.
          keepAlive: '60m',
        },
        browser: {
          ...(settings.browserPath ? { executablePath: settings.browserPath } : {}),
          headless: !settings.showBrowser,
          ...(profile.keepCookies ? { userDataDir: join(o.home, 'browser-profiles', profile.id) } : {}),
        },
        artifactsDir: ctx.artifactsDir,
        signal: ctx.signal,
        onStep: (s) => ctx.onStep({ ...s, action: { ...s.action } }),
        ...(paymentOf(profile).allowCredit ? { payment: paymentOf(profile) } : {}),
        ...(ctx.onNeedsYou ? { onNeedsYou: (info: Agent.NeedsYouInfo) => ctx.onNeedsYou!({ kind: info.kind, what: info.what, message: info.message, url: info.url, phase: info.phase, takeOver: () => info.takeOver(o.takeOver) }) } : {}),
      });
      const alternatives = profile.alternatives.map((a) => ({ ...(a.time ? { time: a.time } : {}), ...(a.lane ? { lane: a.lane } : {}) }));
      return {
        verify: () => session.verify(ctx.want),
        async prepare() {
          const p = await session.prepare!({ want: ctx.want, ...(ctx.fireAt ? { fireAt: ctx.fireAt } : {}), ...(ctx.recipe ? { recipe: ctx.recipe } : {}) });
          return { offsetMs: p.offsetMs, errorMs: p.errorMs, parkedUrl: p.parkedUrl, loggedIn: p.loggedIn };
        },
        async book() {
          const r = await session.book({
            instructions: ctx.instructions,
            want: ctx.want,
            ...(ctx.recipe ? { recipe: ctx.recipe } : {}),
            ...(ctx.fireAt ? { fireAt: ctx.fireAt } : {}),
            ...(alternatives.length ? { alternatives } : {}),
            ...(ctx.watch ? { heal: false } : {}),
          });
          const { snapshotTokens: _ignored, ...usage } = r.usage;
          return {
            claimedDone: r.claimedDone,
            ...(r.failure ? { failure: r.failure } : {}),
            steps: r.steps.map((s) => ({ ...s, action: { ...s.action } })),
            usage,
            ...(r.screenshot ? { screenshot: r.screenshot } : {}),
            via: r.via ?? 'model',
            ...(r.recipe ? { recipe: r.recipe } : {}),
            ...(r.sent !== undefined ? { sent: r.sent } : {}),
            ...(r.venueSaid ? { venueSaid: r.venueSaid } : {}),
          };
        },
        close: () => session.close(),
      };
    },
  };
}

export const agentProbes: Probes = {
  ollama: async (cfg) => (await loadAgent()).probeOllama(cfg),
  checkBrowser: async (path) => (await loadAgent()).checkBrowserExecutable(path),
  async browser(configuredPath) {
    try {
      const b = await (await loadAgent()).findBrowser(configuredPath);
      return { ok: true, path: b.path, message: `Browser: ${b.path}${b.source === 'configured' ? ' (from Settings)' : ''}` };
    } catch (e) {
      return { ok: false, message: (e as Error).message, fix: 'sudo apt-get install chromium (Debian/Ubuntu), or install Chrome, or set the browser path in Settings' };
    }
  },
};

/** Teach mode through the agent: a visible recording browser on the venue's start page. */
export function agentTeachPort(): TeachPort {
  return async (r) => {
    const { teach } = await loadAgent();
    const { profile } = r;
    const res = await teach({
      venue: venueTarget(profile),
      secrets: { names: profile.secretNames, resolve: r.resolveSecret },
      want: r.want,
      browser: { ...(r.browserPath ? { executablePath: r.browserPath } : {}), headless: false },
      signal: r.signal,
    });
    return { recipe: res.recipe, steps: res.recipe.steps.length, check: res.check ?? { ok: false, message: 'the dry run did not run' } };
  };
}

/** Recipes through the agent: its view of a recipe, edits, export/import and dry runs, each validated there. */
export function agentRecipePort(): RecipePort {
  return {
    async view(recipe) {
      const a = await loadAgent();
      const parsed = a.parseRecipe(recipe);
      return parsed.ok ? a.recipeView(parsed.recipe) : { error: parsed.error };
    },
    edit: async (recipe, edit) => (await loadAgent()).editRecipe(recipe, edit),
    export: async (recipe) => (await loadAgent()).exportRecipe(recipe),
    import: async (json, venueStartUrl) => (await loadAgent()).importRecipe(json, venueStartUrl),
    async check(r) {
      const { checkRecipe } = await loadAgent();
      const res = await checkRecipe({
        recipe: r.recipe,
        venue: venueTarget(r.profile),
        secrets: { names: r.profile.secretNames, resolve: r.resolveSecret },
        want: r.want,
        ...(r.wants ? { wants: r.wants } : {}),
        ...(r.browserPath ? { browser: { executablePath: r.browserPath } } : {}),
        signal: r.signal,
      });
      return { recipe: res.recipe, check: { ok: res.check.ok, message: res.check.message, held: res.check.held } };
    },
  };
}
export type _RecipeViewFits = Agent.Assert<Agent.RecipeView extends Omit<RecipeViewModel, 'key'> ? true : false>;
