// Start at login. macOS and Windows have an OS API (app.setLoginItemSettings); Linux desktops read
// XDG autostart entries, so there we write ~/.config/autostart/lanebot.desktop ourselves, pointing
// at the AppImage when we run from one (its mount path changes every launch; $APPIMAGE does not).
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { LoginItemSettings, LoginItemSettingsOptions, Settings as LoginSettings } from 'electron';

/** The argument a login launch carries, so the app starts in the tray without opening its window. */
export const HIDDEN_ARG = '--hidden';
export const DESKTOP_FILE_NAME = 'lanebot.desktop';

export interface LoginItemApi {
  setLoginItemSettings(settings: LoginSettings): void;
  getLoginItemSettings(options?: LoginItemSettingsOptions): Pick<LoginItemSettings, 'openAtLogin'>;
}

export interface AutostartDeps {
  platform: NodeJS.Platform;
  app: LoginItemApi;
  env: Record<string, string | undefined>;
  homedir: string;
  /** process.execPath: the Electron binary (or the packaged app's binary). */
  execPath: string;
  isPackaged: boolean;
  /** When unpackaged, the app folder Electron is started with (app.getAppPath()). */
  appPath: string;
}

export interface Autostart {
  supported: boolean;
  isEnabled(): Promise<boolean>;
  setEnabled(on: boolean): Promise<void>;
  /** Where the login item lives, for the UI and logs. */
  where(): string;
}

/** $XDG_CONFIG_HOME/autostart, falling back to ~/.config as the XDG spec says (relative values are ignored). */
export function linuxAutostartPath(env: Record<string, string | undefined>, homedir: string): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(homedir, '.config');
  return join(base, 'autostart', DESKTOP_FILE_NAME);
}

/** The command line a login launch runs. */
export function launchCommand(deps: Pick<AutostartDeps, 'env' | 'execPath' | 'isPackaged' | 'appPath'>): string[] {
  if (deps.env.APPIMAGE) return [deps.env.APPIMAGE, HIDDEN_ARG];
  if (deps.isPackaged) return [deps.execPath, HIDDEN_ARG];
  return [deps.execPath, deps.appPath, HIDDEN_ARG];
}

/**
 * Quotes one argument for a desktop entry's Exec key. The spec has two layers: inside double quotes
 * `"`, `` ` ``, `$` and `\` are backslash-escaped, then the whole value is string-escaped (so each
 * backslash doubles again); `%` starts a field code and must be written `%%`.
 */
export function desktopExecArg(arg: string): string {
  const needsQuotes = /[\s"'`$\\><~|&;*?#()]/.test(arg) || arg === '';
  let out = arg.replace(/%/g, '%%');
  if (needsQuotes) out = `"${out.replace(/["`$\\]/g, (c) => `\\${c}`)}"`;
  return out.replace(/\\/g, '\\\\');
}

export function desktopEntry(command: string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    'Name=Lanebot',
    'Comment=Books your recurring lane every night and checks it is really booked',
    `Exec=${command.map(desktopExecArg).join(' ')}`,
    'Icon=lanebot',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

function isDisabledEntry(text: string): boolean {
  return /^\s*Hidden\s*=\s*true\s*$/im.test(text) || /^\s*X-GNOME-Autostart-enabled\s*=\s*false\s*$/im.test(text);
}

export function createAutostart(deps: AutostartDeps): Autostart {
  if (deps.platform === 'linux') {
    const file = linuxAutostartPath(deps.env, deps.homedir);
    return {
      supported: true,
      where: () => file,
      async isEnabled() {
        try {
          return !isDisabledEntry(await readFile(file, 'utf8'));
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
          throw e;
        }
      },
      async setEnabled(on) {
        if (!on) {
          await rm(file, { force: true });
          return;
        }
        await mkdir(join(file, '..'), { recursive: true });
        // Rewritten every time so a moved AppImage or a new Electron path is picked up.
        await writeFile(file, desktopEntry(launchCommand(deps)), { mode: 0o644 });
      },
    };
  }
  if (deps.platform === 'darwin' || deps.platform === 'win32') {
    // Windows matches a login item by path and args, so the query must name the same ones.
    const [path, ...args] = launchCommand(deps);
    const query: LoginItemSettingsOptions = deps.platform === 'win32' ? { path: path!, args } : {};
    return {
      supported: true,
      where: () => (deps.platform === 'darwin' ? 'macOS Login Items' : 'Windows startup apps'),
      async isEnabled() {
        return deps.app.getLoginItemSettings(query).openAtLogin;
      },
      async setEnabled(on) {
        deps.app.setLoginItemSettings(deps.platform === 'win32' ? { openAtLogin: on, path: path!, args } : { openAtLogin: on });
      },
    };
  }
  return {
    supported: false,
    where: () => 'not supported on this system',
    isEnabled: async () => false,
    setEnabled: async () => {
      throw new Error('Start at login is not supported on this system');
    },
  };
}

/**
 * Keeps the OS login item in step with settings.autostart (default on: users start Lanebot once and
 * forget it). Menu toggles go through `set`, which changes the OS item and saves the setting.
 * `applyOnStart` is false for unpackaged dev runs, so a developer's login items are never touched
 * unless they ask.
 */
export function syncAutostart(deps: {
  autostart: Autostart;
  getSetting(): Promise<boolean>;
  saveSetting(on: boolean): Promise<void>;
  subscribe(listener: (e: { type: string }) => void): () => void;
  applyOnStart: boolean;
  log?: (message: string, e?: unknown) => void;
}): { control: { supported: boolean; isEnabled(): Promise<boolean>; setEnabled(on: boolean): Promise<void> }; ready: Promise<void>; dispose(): void } {
  const { autostart } = deps;
  async function apply(initial: boolean) {
    if (!autostart.supported) return;
    const want = await deps.getSetting();
    const have = await autostart.isEnabled();
    // At start a wanted entry is rewritten even if present, so it points at the current binary.
    if (want !== have || (initial && want)) await autostart.setEnabled(want);
  }
  const ready = deps.applyOnStart ? apply(true).catch((e: unknown) => deps.log?.('Could not apply Start at login', e)) : Promise.resolve();
  const unsubscribe = deps.subscribe((e) => {
    if (e.type === 'settings-changed' && deps.applyOnStart) void apply(false).catch((err: unknown) => deps.log?.('Could not apply Start at login', err));
  });
  return {
    ready,
    dispose: unsubscribe,
    control: {
      supported: autostart.supported,
      isEnabled: () => autostart.isEnabled(),
      async setEnabled(on) {
        await autostart.setEnabled(on);
        await deps.saveSetting(on);
      },
    },
  };
}
