// The tray controller: keeps the tray icon, tooltip and menu in step with the service's status,
// refreshing on the service's events and on a timer (the lights roll over at midnight without any
// event). Electron's Tray and Menu are injected so this runs under test with fakes.
import type { MenuItemConstructorOptions } from 'electron';
import type { ServiceEvent, StatusView } from '../../shared/contract';
import type { ShellService } from './service-port';
import { buildTrayMenu, trayIconFile, trayIconState, trayTooltip, type TrayIconState } from './tray-menu';

/** The slice of Electron's Tray the controller uses. */
export interface TrayLike {
  setImage(image: string): void;
  setToolTip(toolTip: string): void;
  setContextMenu(menu: never): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

export interface AutostartControl {
  isEnabled(): Promise<boolean>;
  setEnabled(on: boolean): Promise<void>;
  supported: boolean;
}

export interface TrayDeps {
  platform: NodeJS.Platform;
  /** Creates the tray with its first icon (an absolute path). */
  createTray(iconPath: string): TrayLike;
  /** Menu.buildFromTemplate. */
  buildMenu(template: MenuItemConstructorOptions[]): unknown;
  iconDir: string;
  service: Pick<ShellService, 'status' | 'subscribe' | 'bookNow' | 'setPausedTonight'>;
  autostart: AutostartControl;
  openWindow(): void;
  quit(): void;
  /** Tells the user about something the tray could not do (a notification, in the app). */
  report(message: string): void;
  refreshMs?: number;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

/** Events after which the tray's picture may be stale; step and evidence events change nothing it shows. */
const REFRESH_ON = new Set<ServiceEvent['type']>([
  'attempt-started',
  'attempt-finished',
  'ledger-changed',
  'profiles-changed',
  'settings-changed',
  'schedule-changed',
  'notice',
]);

export interface TrayController {
  refresh(): Promise<void>;
  /** What the tray shows now (for tests and diagnostics). */
  snapshot(): { icon: TrayIconState; tooltip: string; template: MenuItemConstructorOptions[] };
  dispose(): void;
}

export function setupTray(deps: TrayDeps): TrayController {
  const iconPath = (state: TrayIconState) => `${deps.iconDir}/${trayIconFile(state, deps.platform)}`;
  const tray = deps.createTray(iconPath('idle'));
  let status: StatusView | undefined;
  let statusError: string | undefined;
  let autostart = false;
  let shown = { icon: 'idle' as TrayIconState, tooltip: '', template: [] as MenuItemConstructorOptions[] };
  let disposed = false;

  const actions = {
    bookNow: (profileId: string) => {
      deps.service.bookNow(profileId).then(
        () => void refresh(),
        (e: unknown) => deps.report(`Could not start booking: ${messageOf(e)}`),
      );
    },
    open: () => deps.openWindow(),
    setPaused: (paused: boolean) => {
      deps.service.setPausedTonight(paused).then(
        () => void refresh(),
        (e: unknown) => {
          deps.report(`Could not ${paused ? 'pause' : 'resume'} tonight: ${messageOf(e)}`);
          void refresh(); // put the checkbox back to the truth
        },
      );
    },
    setAutostart: (on: boolean) => {
      deps.autostart.setEnabled(on).then(
        () => void refresh(),
        (e: unknown) => {
          deps.report(`Could not change Start at login: ${messageOf(e)}`);
          void refresh();
        },
      );
    },
    quit: () => deps.quit(),
  };

  function render() {
    if (disposed) return;
    const icon = trayIconState(status);
    const tooltip = trayTooltip(status, statusError);
    const template = buildTrayMenu(status, { autostart, autostartSupported: deps.autostart.supported, statusError }, actions);
    if (icon !== shown.icon) tray.setImage(iconPath(icon));
    tray.setToolTip(tooltip);
    // Linux app indicators show nothing without a context menu, so it is set on every platform.
    tray.setContextMenu(deps.buildMenu(template) as never);
    shown = { icon, tooltip, template };
  }

  // Overlapping refreshes collapse: one in flight, at most one more queued behind it.
  let inFlight: Promise<void> | undefined;
  let again = false;
  async function refreshOnce() {
    try {
      status = await deps.service.status();
      statusError = undefined;
    } catch (e) {
      status = undefined;
      statusError = messageOf(e);
    }
    try {
      autostart = await deps.autostart.isEnabled();
    } catch {
      autostart = false;
    }
    render();
  }
  function refresh(): Promise<void> {
    if (inFlight) {
      again = true;
      return inFlight;
    }
    inFlight = (async () => {
      do {
        again = false;
        await refreshOnce();
      } while (again && !disposed);
    })().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  const unsubscribe = deps.service.subscribe((e) => {
    if (REFRESH_ON.has(e.type)) void refresh();
  });
  // Windows reports a left click; Linux indicators and macOS open the menu themselves.
  tray.on('click', () => {
    if (deps.platform === 'win32') deps.openWindow();
  });
  const setI = deps.setInterval ?? ((fn, ms) => setInterval(fn, ms).unref());
  const clearI = deps.clearInterval ?? ((h) => clearInterval(h as NodeJS.Timeout));
  const timer = setI(() => void refresh(), deps.refreshMs ?? 60_000);
  render();
  void refresh();

  return {
    refresh,
    snapshot: () => shown,
    dispose() {
      disposed = true;
      unsubscribe();
      clearI(timer);
      tray.destroy();
    },
  };
}

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : typeof e === 'object' && e && 'message' in e ? String(e.message) : String(e);
}
