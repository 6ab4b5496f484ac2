// The tray follows the night: icon and menu track StatusView and attempt events, Book now and
// Pause tonight reach the service, Start at login reflects and changes the login item.
import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { buildTrayMenu, trayIconFile, trayTooltip, type TrayActions } from '../../electron/shell/tray-menu';
import { setupTray, type TrayLike } from '../../electron/shell/tray';
import { FakeService, attemptSummary, profileStatus, statusView } from './fakes';

const noActions = (): TrayActions => ({ bookNow: vi.fn(), open: vi.fn(), setPaused: vi.fn(), setAutostart: vi.fn(), quit: vi.fn() });
const byId = (t: MenuItemConstructorOptions[], id: string) => t.find((i) => i.id === id)!;
const click = (item: MenuItemConstructorOptions, checked?: boolean) =>
  (item.click as unknown as (i: { checked: boolean }) => void)({ checked: checked ?? !item.checked });

const alex = profileStatus({ id: 'alex', name: 'Alex', line: 'Alex · Sat 5 Dec · booked 00:00:01 ✓' });
const sam = profileStatus({ id: 'sam', name: 'Sam', line: 'Sam · Sun 6 Dec · not yet booked', runningAttemptId: 'a9' });

describe('buildTrayMenu', () => {
  it('lists each profile with its line and a Book now that calls the action', () => {
    const actions = noActions();
    const t = buildTrayMenu(statusView({ overall: 'running', running: true, profiles: [alex, sam] }), { autostart: true, autostartSupported: true }, actions);
    expect(t[0]!.label).toBe('Booking now…');
    expect(byId(t, 'line:alex').label).toBe('Alex · Sat 5 Dec · booked 00:00:01 ✓');
    expect(byId(t, 'line:alex').enabled).toBe(false);
    const bookAlex = byId(t, 'book:alex');
    expect(bookAlex.label).toBe('Book now: Alex');
    expect(bookAlex.enabled).toBe(true);
    click(bookAlex);
    expect(actions.bookNow).toHaveBeenCalledWith('alex');
    // A profile with an attempt in flight cannot be booked twice from the menu.
    expect(byId(t, 'book:sam')).toMatchObject({ label: 'Booking Sam now…', enabled: false });
  });

  it('disabled profiles cannot be booked; no profiles says so', () => {
    const off = profileStatus({ id: 'kim', name: 'Kim', enabled: false });
    const t = buildTrayMenu(statusView({ profiles: [off] }), { autostart: false, autostartSupported: true }, noActions());
    expect(byId(t, 'book:kim').enabled).toBe(false);
    const empty = buildTrayMenu(statusView(), { autostart: false, autostartSupported: true }, noActions());
    expect(empty.map((i) => i.label)).toContain('No profiles yet');
  });

  it('Pause tonight and Start at login are checkboxes showing the current state', () => {
    const actions = noActions();
    const t = buildTrayMenu(statusView({ paused: true, overall: 'paused' }), { autostart: false, autostartSupported: true }, actions);
    expect(byId(t, 'pause')).toMatchObject({ type: 'checkbox', checked: true });
    expect(byId(t, 'autostart')).toMatchObject({ type: 'checkbox', checked: false, enabled: true });
    click(byId(t, 'pause'), false);
    expect(actions.setPaused).toHaveBeenCalledWith(false);
    click(byId(t, 'autostart'), true);
    expect(actions.setAutostart).toHaveBeenCalledWith(true);
    click(byId(t, 'open'));
    click(byId(t, 'quit'));
    expect(actions.open).toHaveBeenCalledOnce();
    expect(actions.quit).toHaveBeenCalledOnce();
  });

  it('without a status it says why and keeps Open and Quit usable', () => {
    const t = buildTrayMenu(undefined, { autostart: false, autostartSupported: false, statusError: 'store is corrupt' }, noActions());
    expect(t[0]!.label).toBe('Status unavailable: store is corrupt');
    expect(byId(t, 'pause').enabled).toBe(false);
    expect(byId(t, 'autostart').enabled).toBe(false);
    expect(byId(t, 'open').click).toBeTypeOf('function');
  });

  it('tooltips carry every profile line; macOS gets template icons', () => {
    expect(trayTooltip(statusView({ overall: 'ok', profiles: [alex, sam] }))).toBe(
      "Lanebot: All of tonight's bookings are verified\nAlex · Sat 5 Dec · booked 00:00:01 ✓\nSam · Sun 6 Dec · not yet booked",
    );
    expect(trayIconFile('failed', 'darwin')).toBe('tray-failedTemplate.png');
    expect(trayIconFile('failed', 'linux')).toBe('tray-failed.png');
    expect(trayIconFile('ok', 'win32')).toBe('tray-ok.png');
  });
});

class FakeTray implements TrayLike {
  images: string[] = [];
  tooltip = '';
  menus: MenuItemConstructorOptions[][] = [];
  clickListener: (() => void) | undefined;
  destroyed = false;
  constructor(first: string) {
    this.images.push(first);
  }
  setImage(p: string) {
    this.images.push(p);
  }
  setToolTip(t: string) {
    this.tooltip = t;
  }
  setContextMenu(menu: never) {
    this.menus.push((menu as unknown as { template: MenuItemConstructorOptions[] }).template);
  }
  on(_e: 'click', l: () => void) {
    this.clickListener = l;
  }
  destroy() {
    this.destroyed = true;
  }
}

function trayRig(platform: NodeJS.Platform = 'linux') {
  const service = new FakeService();
  let tray!: FakeTray;
  let autostartOn = false;
  const autostart = {
    supported: true,
    isEnabled: vi.fn(async () => autostartOn),
    setEnabled: vi.fn(async (on: boolean) => {
      autostartOn = on;
    }),
  };
  const openWindow = vi.fn();
  const quit = vi.fn();
  const report = vi.fn();
  const intervals: (() => void)[] = [];
  const controller = setupTray({
    platform,
    createTray: (icon) => (tray = new FakeTray(icon)),
    buildMenu: (template) => ({ template }),
    iconDir: '/res/tray',
    service,
    autostart,
    openWindow,
    quit,
    report,
    setInterval: (fn) => intervals.push(fn),
    clearInterval: () => {},
  });
  const menu = () => tray.menus.at(-1)!;
  const settle = async () => {
    for (let i = 0; i < 5; i++) await controller.refresh();
  };
  return { service, tray: () => tray, controller, menu, settle, autostart, openWindow, quit, report, intervals };
}

describe('setupTray', () => {
  it('shows the night state as icon, tooltip and menu, and follows attempt events', async () => {
    const r = trayRig();
    r.service.current = statusView({ overall: 'pending', profiles: [alex] });
    await r.settle();
    expect(r.tray().images.at(-1)).toBe('/res/tray/tray-pending.png');
    expect(r.tray().tooltip).toContain('Alex · Sat 5 Dec');
    expect(r.menu()[0]!.label).toBe('Bookings still to make tonight');

    // An attempt starts: the service's status says running, and the tray follows on the event alone.
    r.service.current = statusView({ overall: 'running', running: true, profiles: [{ ...alex, runningAttemptId: 'a1' }] });
    r.service.emit({ type: 'attempt-started', attempt: attemptSummary({ outcome: 'running' }) });
    await r.settle();
    expect(r.tray().images.at(-1)).toBe('/res/tray/tray-running.png');
    expect(byId(r.menu(), 'book:alex').enabled).toBe(false);

    r.service.current = statusView({ overall: 'ok', profiles: [alex] });
    r.service.emit({ type: 'attempt-finished', attempt: attemptSummary() });
    await r.settle();
    expect(r.tray().images.at(-1)).toBe('/res/tray/tray-ok.png');
    expect(byId(r.menu(), 'book:alex').enabled).toBe(true);
    // Linux: the context menu is what the indicator shows, so it was set every time.
    expect(r.tray().menus.length).toBeGreaterThanOrEqual(3);
  });

  it('step events do not trigger status reloads, the timer does', async () => {
    const r = trayRig();
    await r.settle();
    const before = r.service.statusCalls;
    r.service.emit({ type: 'attempt-step', attemptId: 'a1', profileId: 'alex', step: { index: 0, phase: 'book', action: {}, ok: true, startedAt: '', durationMs: 1 } });
    await r.settle();
    expect(r.service.statusCalls - before).toBe(5); // only the settle() refreshes
    r.service.current = statusView({ overall: 'failed' });
    r.intervals[0]!();
    await r.settle();
    expect(r.tray().images.at(-1)).toBe('/res/tray/tray-failed.png');
  });

  it('Book now calls the service; Pause tonight calls setPausedTonight and shows the paused icon', async () => {
    const r = trayRig();
    r.service.current = statusView({ overall: 'pending', profiles: [alex] });
    await r.settle();
    click(byId(r.menu(), 'book:alex'));
    await r.settle();
    expect(r.service.callsTo('bookNow')).toEqual([{ method: 'bookNow', args: ['alex'] }]);

    click(byId(r.menu(), 'pause'), true);
    await r.settle();
    expect(r.service.callsTo('setPausedTonight')).toEqual([{ method: 'setPausedTonight', args: [true] }]);
    expect(byId(r.menu(), 'pause').checked).toBe(true);
    expect(r.tray().images.at(-1)).toBe('/res/tray/tray-paused.png');
  });

  it('Start at login toggles the login item and the checkbox follows', async () => {
    const r = trayRig();
    await r.settle();
    expect(byId(r.menu(), 'autostart').checked).toBe(false);
    click(byId(r.menu(), 'autostart'), true);
    await r.settle();
    expect(r.autostart.setEnabled).toHaveBeenCalledWith(true);
    expect(byId(r.menu(), 'autostart').checked).toBe(true);
  });

  it('reports failures instead of failing silently, and shows a service error', async () => {
    const r = trayRig();
    r.service.bookNow = async () => {
      throw new Error('profile is busy');
    };
    r.service.current = statusView({ overall: 'pending', profiles: [alex] });
    await r.settle();
    click(byId(r.menu(), 'book:alex'));
    await r.settle();
    expect(r.report).toHaveBeenCalledWith('Could not start booking: profile is busy');
    r.service.failStatus = new Error('store locked');
    await r.settle();
    expect(r.menu()[0]!.label).toBe('Status unavailable: store locked');
    expect(r.tray().tooltip).toBe('Lanebot: store locked');
  });

  it('a left click opens the window on Windows only; dispose removes the tray and the subscription', async () => {
    const win = trayRig('win32');
    win.tray().clickListener!();
    expect(win.openWindow).toHaveBeenCalledOnce();
    const lin = trayRig('linux');
    lin.tray().clickListener!();
    expect(lin.openWindow).not.toHaveBeenCalled();
    lin.controller.dispose();
    expect(lin.tray().destroyed).toBe(true);
    expect(lin.service.listeners.size).toBe(0);
  });

  it('macOS uses template images', async () => {
    const r = trayRig('darwin');
    r.service.current = statusView({ overall: 'ok' });
    await r.settle();
    expect(r.tray().images).toEqual(['/res/tray/tray-idleTemplate.png', '/res/tray/tray-okTemplate.png']);
  });
});
