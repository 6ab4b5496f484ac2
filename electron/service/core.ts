// What the API handlers work with: the service's parts, wired once in index.ts.
import type { Store } from './store/store';
import type { SecretStore } from './store/secrets';
import type { EventBus } from './events';
import type { Runner } from './night/runner';
import type { NightScheduler } from './night/scheduler';
import type { HealthView } from '../../shared/contract';
import type { ServiceLog } from './logging/file-log';
import type { ChannelNotifier } from './notify/notifier';

export interface OllamaProbe {
  reachable: boolean;
  version?: string;
  models: string[];
  modelPulled: boolean;
  message: string;
}

/** Checks of the machine's outside world, supplied by the agent (or by tests). */
export interface Probes {
  ollama(cfg: { host: string; model: string; timeoutMs: number }): Promise<OllamaProbe>;
  browser(configuredPath?: string): Promise<{ ok: boolean; path?: string; message: string; fix?: string }>;
  /**
   * Whether `path` is a Chromium-family browser: asked for `--version` (with a timeout) and started
   * headless. Settings accept a browser path only when this says ok: whoever holds the API token must
   * not be able to make Lanebot run an arbitrary program.
   */
  checkBrowser(path: string): Promise<{ ok: boolean; message: string }>;
}

export interface TeachRequest {
  profile: import('../../shared/schemas').Profile;
  want: { date: string; time?: string; lane?: string };
  resolveSecret(name: string): Promise<string | undefined>;
  browserPath?: string;
  signal: AbortSignal;
}

/** Records a recipe from the user's own booking in a visible browser; supplied by the agent (or tests). */
export type TeachPort = (r: TeachRequest) => Promise<{ recipe: unknown; steps: number; check: { ok: boolean; message: string } }>;

export type RecipeResult = { ok: true; recipe: unknown } | { ok: false; error: string };

/** Reading, fixing, moving and checking a stored recipe; the recipe's shape belongs to the agent, which validates every result. */
export interface RecipePort {
  view(recipe: unknown): Promise<Omit<import('../../shared/contract').RecipeViewModel, 'key'> | { error: string }>;
  edit(recipe: unknown, edit: { dropSteps?: number[]; commitStep?: number }): Promise<RecipeResult>;
  export(recipe: unknown): Promise<{ ok: true; json: string } | { ok: false; error: string }>;
  import(json: string, venueStartUrl: string): Promise<RecipeResult>;
  /** A dry run (never books): the recipe back with its verdict. */
  check(r: { profile: import('../../shared/schemas').Profile; recipe: unknown; want: TeachRequest['want']; wants?: TeachRequest['want'][]; resolveSecret(name: string): Promise<string | undefined>; browserPath?: string; signal: AbortSignal }): Promise<{ recipe: unknown; check: { ok: boolean; message: string; held: string[] } }>;
}

export interface ServiceCore {
  /** The data folder. */
  home: string;
  artifactsDir: string;
  store: Store;
  secrets: SecretStore;
  events: EventBus;
  runner: Runner;
  scheduler: NightScheduler;
  probes: Probes;
  teach?: TeachPort;
  /** Recipe view, edits, export/import and dry runs (the agent's). */
  recipes?: RecipePort;
  /** Profiles with a teaching browser open. */
  teaching: Set<string>;
  now(): Date;
  /** The log file (logs/lanebot.log) and its secret scrubber. */
  fileLog: ServiceLog;
  /** Push notifications (ntfy, webhook) configured in Settings. */
  notifier: ChannelNotifier;
  /** The running service's web address, once the HTTP transport listens (none inside the desktop app). */
  web: { origin?: string };
  /** The calendar feed's per-install token (created on first use). */
  feedToken(): Promise<string>;
  health(): Promise<HealthView>;
  afterProfilesChanged(): void;
  afterSettingsChanged(): void;
}
