// The Lanebot service: store, night schedule, runner and API in one object. It runs inside
// Electron's main process or on its own (`lanebot serve`); it never imports 'electron'.
import { join } from 'node:path';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { Store } from './store/store';
import { FileSecretStore, type SecretStore } from './store/secrets';
import { EventBus } from './events';
import { Runner, closeInterrupted } from './night/runner';
import { NightScheduler } from './night/scheduler';
import { rehearse } from './night/rehearsal';
import { addCalendarDays, runDateAt } from './night/dates';
import { nightWindow } from './night/plan';
import { statusView } from './night/status';
import { handle, hasDisplay } from './api/handlers';
import type { BookingPort } from './night/booking-port';
import type { HealthItem, HealthView, ServiceEvent, StatusView } from '../../shared/contract';

import { openFileLog, type FileLogOptions } from './logging/file-log';
import { startJournal } from './logging/journal';
import { ChannelNotifier } from './notify/notifier';
import { CHANNEL_TIMEOUT_MS } from './notify/channels';
import { feedToken } from './calendar/token';
import type { Probes, RecipePort, ServiceCore, TeachPort } from './core';
import { agentRecipePort } from './night/agent-port';

export type { SecretStore } from './store/secrets';

export interface ServiceOptions {
  /** The data folder (Electron userData, or ~/.config/lanebot / LANEBOT_HOME headless). */
  home: string;
  secrets?: SecretStore;
  port: BookingPort;
  probes: Probes;
  teach?: TeachPort;
  /** Recipe view, edits, export/import and dry runs (default: the agent's, loaded on first use). */
  recipes?: RecipePort;
  now?: () => Date;
  log?: (line: string) => void;
  transport?: 'ipc' | 'http';
  /** Start the night schedule (tests that drive the runner directly turn it off). */
  schedule?: boolean;
  timeouts?: { verifyMs?: number; bookMs?: number };
  /** Size and count of the rotated log files in logs/. */
  logFile?: FileLogOptions;
  /** Timeout of each push-notification POST (default 10 s). */
  notifyTimeoutMs?: number;
  /** File operations for the store's writes (tests inject a crashing disk). */
  fileOps?: import('./store/durable-file').FileOps;
  /**
   * Whether a check only a person can pass may open the booking browser visibly for them ("Take over"). The
   * desktop app says yes; headless, it is yes only when this machine has a display.
   */
  handOver?: boolean;
}

/** Minutes before a night's window that the machine must already be awake (browser start, login, model load). */
export const PREPARE_MINUTES = 10;

export interface LanebotService {
  readonly dataDir: string;
  readonly artifactsDir: string;
  readonly core: ServiceCore;
  handle(method: string, body: unknown): Promise<unknown>;
  subscribe(listener: (e: ServiceEvent) => void): () => void;
  status(): Promise<StatusView>;
  bookNow(profileId: string): Promise<{ attemptId: string; joined: boolean }>;
  setPausedTonight(paused: boolean): Promise<void>;
  onWake(reason: 'resume' | 'unlock' | 'start' | 'clock jump'): Promise<void>;
  awakeWindows(now: Date): { start: Date; end: Date }[];
  setAwakeState(state: { held: boolean; message: string }): void;
  setSecretsProtection(p: 'keychain' | 'basic-text' | 'file-0600'): void;
  /**
   * The HTTP transport's address, for links in notifications and the calendar feed's URL. The
   * token is given only so that it is never written to the log.
   */
  setWeb(web: { origin: string; token?: string } | undefined): void;
  shutdown(opts: { abortRunning: boolean; timeoutMs: number }): Promise<{ waited: string[]; aborted: string[] }>;
}

export async function createService(o: ServiceOptions): Promise<LanebotService> {
  const now = o.now ?? (() => new Date());
  mkdirSync(o.home, { recursive: true, mode: 0o700 });
  const store = await Store.open({ dir: o.home, now, ...(o.fileOps ? { fileOps: o.fileOps } : {}) });
  // After the store: its owner lock makes this process the only writer of the log files too.
  const fileLog = openFileLog(o.home, o.logFile);
  const log = (line: string) => {
    const safe = fileLog.scrub(line);
    fileLog.info(safe);
    o.log?.(safe);
  };
  const secrets = o.secrets ?? new FileSecretStore(o.home);
  // Secrets nothing refers to any more (a crash between a profile's removal and its secrets'): gone.
  try {
    const swept = await secrets.sweep((id, name) => !!store.data.profiles.find((p) => p.id === id)?.secretNames.includes(name));
    if (swept) log(`removed ${swept} saved secret(s) that no profile uses any more`);
  } catch (err) {
    // An unreadable secrets file is reported where it is used (health, the attempt); it must not stop the service.
    log(`could not check the secrets file for unused entries: ${(err as Error).message}`);
  }
  const events = new EventBus();
  // Every venue secret is known to the scrubber, so no log line or push message can carry one.
  const protectSecrets = async () => {
    for (const p of store.data.profiles) {
      for (const name of p.secretNames) fileLog.protect(`secret/${p.id}/${name}`, await secrets.get(p.id, name).catch(() => undefined), name);
    }
  };
  await protectSecrets();
  events.subscribe((e) => {
    if (e.type === 'profiles-changed') void protectSecrets().catch(() => {});
  });
  const artifactsDir = join(o.home, 'artifacts');
  mkdirSync(artifactsDir, { recursive: true, mode: 0o700 });
  chmodSync(artifactsDir, 0o700); // an older Lanebot (or a umask) may have left it open
  const profilesDir = join(o.home, 'browser-profiles');
  if (existsSync(profilesDir)) chmodSync(profilesDir, 0o700);
  const runner = new Runner({ store, secrets, port: o.port, events, now, artifactsRoot: artifactsDir, log, handOver: o.handOver ?? hasDisplay(), ...(o.timeouts ? { timeouts: o.timeouts } : {}) });
  const recipes = o.recipes ?? agentRecipePort();
  const scheduler = new NightScheduler({
    store, runner, events, now, log,
    rehearse: (profileId, runDate) =>
      rehearse({ store, secrets, events, recipes, now, log }, profileId, runDate, (p) => runner.skipReason(p, runDate, 'schedule')),
  });
  const interrupted = await closeInterrupted(store, now());
  if (interrupted) log(`${interrupted} attempt(s) were interrupted by the last shutdown and are marked so`);

  let awake: { held: boolean; message: string } | undefined;
  let protection = secrets.protection;
  const web: { origin?: string } = {};
  let token: Promise<string> | undefined;
  const notifier = new ChannelNotifier({
    events,
    settings: () => store.data.settings,
    status: () => statusView(store.data, now(), runner.runningIds()),
    webOrigin: () => web.origin,
    log,
    scrub: (v) => fileLog.scrub(v),
    ...(o.notifyTimeoutMs ? { timeoutMs: o.notifyTimeoutMs } : {}),
  });
  const stopJournal = startJournal({ events, store, now, log });
  log(`Lanebot service started (pid ${process.pid}, ${o.transport ?? 'http'} transport), data folder ${o.home}`);

  const core: ServiceCore = {
    home: o.home,
    artifactsDir,
    store,
    secrets,
    events,
    runner,
    scheduler,
    probes: o.probes,
    ...(o.teach ? { teach: o.teach } : {}),
    recipes,
    teaching: new Set(),
    now,
    fileLog,
    notifier,
    web,
    feedToken() {
      // One promise, so two first requests cannot create two different tokens.
      token ??= feedToken(o.home).then((t) => {
        fileLog.protect('calendar-feed-token', t);
        return t;
      });
      token.catch(() => (token = undefined));
      return token;
    },
    async health(): Promise<HealthView> {
      const s = store.data.settings;
      const [ollama, browser] = await Promise.all([
        o.probes.ollama({ host: s.ollamaHost, model: s.model, timeoutMs: 4000 }),
        o.probes.browser(s.browserPath),
      ]);
      const ollamaItem: HealthItem = ollama.reachable
        ? ollama.modelPulled
          ? { ok: true, message: `Ollama ${ollama.version ?? ''} is running with ${s.model}`.replace('  ', ' ') }
          : { ok: false, message: `Ollama is running, but the model ${s.model} is not pulled.`, fix: `ollama pull ${s.model}` }
        : // The probe's own sentence already says how to start Ollama; the fix adds only what it does not.
          { ok: false, message: ollama.message, fix: 'Learned recipes still book without Ollama; only a night without a recipe needs it.' };
      const awakeItem: HealthItem = awake
        ? { ok: awake.held || !awake.message.startsWith('!'), message: awake.message.replace(/^!/, '') }
        : {
            ok: false,
            message: 'The headless service cannot keep this machine awake: a machine asleep at midnight cannot book.',
            fix: 'Set the machine not to sleep at night (e.g. systemd-inhibit, or power settings).',
          };
      const secretsItem = {
        protection,
        ...(protection === 'keychain'
          ? { ok: true, message: 'Passwords are encrypted with the system keychain.' }
          : protection === 'file-0600'
            ? { ok: true, message: 'Passwords are in a file only your user can read (no keychain in headless mode).' }
            : {
                ok: false,
                message: 'No keychain is available: passwords are stored without keychain protection.',
                fix: 'Install and unlock a Secret Service keyring (GNOME Keyring or KWallet), then restart Lanebot.',
              }),
      };
      return {
        ollama: { ...ollamaItem, models: ollama.models, host: s.ollamaHost },
        browser: { ok: browser.ok, message: browser.message, ...(browser.fix ? { fix: browser.fix } : {}), ...(browser.path ? { path: browser.path } : {}) },
        awake: awakeItem,
        secrets: secretsItem,
        display: hasDisplay()
          ? { available: true, message: 'A display is available: Teach can open a browser window.' }
          : { available: false, message: 'This Lanebot runs without a display (a headless service), so it cannot open a browser window for you to book in.' },
        dataDir: o.home,
        transport: o.transport ?? 'http',
      };
    },
    afterProfilesChanged() {
      scheduler.replan();
      events.emit({ type: 'profiles-changed' });
    },
    afterSettingsChanged() {
      scheduler.replan();
      events.emit({ type: 'settings-changed' });
    },
  };

  if (o.schedule !== false) {
    scheduler.start();
    await scheduler.catchUp();
  }

  return {
    dataDir: o.home,
    artifactsDir,
    core,
    handle: (method, body) => handle(core, method, body),
    subscribe: (l) => events.subscribe(l),
    status: async () => statusView(store.data, now(), runner.runningIds()),
    async bookNow(profileId) {
      return (await handle(core, 'book.now', { profileId })) as { attemptId: string; joined: boolean };
    },
    async setPausedTonight(paused) {
      await handle(core, 'pause.set', { tonight: paused });
    },
    async onWake(reason) {
      await scheduler.wake(reason);
    },
    awakeWindows(at) {
      const windows: { start: Date; end: Date }[] = [];
      for (const p of store.data.profiles) {
        if (!p.enabled) continue;
        const today = runDateAt(at, p.venue.timeZone);
        for (const r of [addCalendarDays(today, -1), today, addCalendarDays(today, 1)]) {
          const w = nightWindow(p, r, store.data.settings.catchUpWindowMinutes);
          if (w && w.end > at) windows.push({ start: new Date(w.start.getTime() - PREPARE_MINUTES * 60_000), end: w.end });
        }
      }
      return windows.sort((a, b) => a.start.getTime() - b.start.getTime());
    },
    setAwakeState(state) {
      awake = state.held ? state : { held: false, message: state.message };
    },
    setSecretsProtection(p) {
      protection = p;
    },
    setWeb(w) {
      if (w) web.origin = w.origin;
      else delete web.origin;
      fileLog.protect('api-token', w?.token, 'API token');
    },
    async shutdown({ abortRunning, timeoutMs }) {
      // Let an attempt in flight finish for up to timeoutMs; then abort it (its record says "aborted") or keep waiting.
      scheduler.stop();
      const running = [...runner.runningIds().values()];
      let aborted: string[] = [];
      let timer: NodeJS.Timeout | undefined;
      const settled = await Promise.race([
        runner.idle().then(() => true),
        new Promise<boolean>((r) => {
          timer = setTimeout(() => r(false), timeoutMs);
        }),
      ]);
      clearTimeout(timer);
      if (!settled && abortRunning) aborted = runner.abortAll('Lanebot is quitting');
      await runner.idle();
      // The last attempt's push message is on its way: let it arrive (each POST has its own timeout).
      let notifyTimer: NodeJS.Timeout | undefined;
      await Promise.race([notifier.settled(), new Promise<void>((r) => (notifyTimer = setTimeout(r, CHANNEL_TIMEOUT_MS + 1000)))]);
      clearTimeout(notifyTimer);
      notifier.dispose();
      stopJournal();
      log(`Lanebot service stopped${aborted.length ? ` (aborted ${aborted.join(', ')})` : ''}`);
      await fileLog.close();
      await store.close();
      return { waited: running.filter((id) => !aborted.includes(id)), aborted };
    },
  };
}
