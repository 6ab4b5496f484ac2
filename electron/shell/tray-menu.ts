// What the tray shows for a StatusView: which icon, which tooltip, which menu. Pure functions, so
// the tray's whole look can be tested without Electron; tray.ts only hands the result to Electron.
import type { MenuItemConstructorOptions } from 'electron';
import type { StatusView } from '../../shared/contract';

export type TrayIconState = StatusView['overall'];
export const TRAY_ICON_STATES: readonly TrayIconState[] = ['ok', 'pending', 'failed', 'running', 'paused', 'idle'];

/** Words for the night's state, so the icon's colour is never the only signal. */
export const OVERALL_TEXT: Record<TrayIconState, string> = {
  ok: "All of tonight's bookings are verified",
  pending: 'Bookings still to make tonight',
  failed: 'A booking gave up tonight: open Lanebot',
  running: 'Booking now…',
  paused: 'Paused tonight',
  idle: 'Nothing to book tonight',
};

export interface TrayMenuState {
  autostart: boolean;
  /** False when the platform or build cannot start at login (then the item is greyed, not hidden). */
  autostartSupported: boolean;
  /** Set when the service could not give a status; shown instead of the profiles. */
  statusError?: string;
}

export interface TrayActions {
  bookNow(profileId: string): void;
  open(): void;
  setPaused(paused: boolean): void;
  setAutostart(on: boolean): void;
  quit(): void;
}

export function trayIconState(status: StatusView | undefined): TrayIconState {
  return status?.overall ?? 'idle';
}

/** Tray icon file for a state: macOS menu bars want black-and-alpha template images, others colour. */
export function trayIconFile(state: TrayIconState, platform: NodeJS.Platform): string {
  return platform === 'darwin' ? `tray-${state}Template.png` : `tray-${state}.png`;
}

export function trayTooltip(status: StatusView | undefined, statusError?: string): string {
  if (!status) return `Lanebot: ${statusError ?? 'starting…'}`;
  const lines = [`Lanebot: ${OVERALL_TEXT[status.overall]}`];
  for (const p of status.profiles) lines.push(p.line);
  if (status.profiles.length === 0) lines.push('No profiles yet: open Lanebot to add one');
  return lines.join('\n');
}

export function buildTrayMenu(
  status: StatusView | undefined,
  state: TrayMenuState,
  actions: TrayActions,
): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = [];
  if (!status) {
    items.push({ label: state.statusError ? `Status unavailable: ${state.statusError}` : 'Starting…', enabled: false });
  } else {
    items.push({ label: OVERALL_TEXT[status.overall], enabled: false });
    items.push({ type: 'separator' });
    if (status.profiles.length === 0) items.push({ label: 'No profiles yet', enabled: false });
    for (const p of status.profiles) {
      // The profile's line is information, not an action; greyed keeps it readable on every platform.
      items.push({ id: `line:${p.id}`, label: p.line, enabled: false });
      const running = p.runningAttemptId !== undefined;
      items.push({
        id: `book:${p.id}`,
        label: running ? `Booking ${p.name} now…` : `Book now: ${p.name}`,
        enabled: p.enabled && !running,
        click: () => actions.bookNow(p.id),
      });
    }
  }
  items.push({ type: 'separator' });
  items.push({ id: 'open', label: 'Open Lanebot…', click: () => actions.open() });
  items.push({
    id: 'pause',
    label: 'Pause tonight',
    type: 'checkbox',
    checked: status?.paused ?? false,
    enabled: status !== undefined,
    // Electron flips `checked` before calling click, so the item's new state is the wish.
    click: (item) => actions.setPaused(item.checked),
  });
  items.push({
    id: 'autostart',
    label: 'Start at login',
    type: 'checkbox',
    checked: state.autostart,
    enabled: state.autostartSupported,
    click: (item) => actions.setAutostart(item.checked),
  });
  items.push({ type: 'separator' });
  items.push({ id: 'quit', label: 'Quit Lanebot', click: () => actions.quit() });
  return items;
}
