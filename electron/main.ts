// Lanebot's Electron main process: wiring only. Each concern has one setupX() that hands the real
// Electron APIs to a tested module in electron/shell/ (Electron Fiddle style); the service runs
// in-process with the app's data folder. The app lives in the tray: closing the window keeps it
// running, and quitting waits for (or safely aborts) a booking in flight.
import {
  app,
  BrowserWindow,
  Menu,
  dialog,
  Notification,
  Tray,
  ipcMain,
  nativeImage,
  powerMonitor,
  powerSaveBlocker,
  protocol,
  safeStorage,
  session,
  shell,
  type WebContents,
} from 'electron';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createService, type LanebotService } from './service/index';
import { agentBookingPort, agentProbes, agentTeachPort } from './service/night/agent-port';
import { APP_URL, APP_SCHEME, FILE_SCHEME, PRIVILEGED_SCHEMES, createAppHandler, createArtifactsHandler } from './shell/app-protocol';
import { HIDDEN_ARG, createAutostart, syncAutostart } from './shell/autostart';
import { setupIpc as setupIpcHandlers } from './shell/ipc';
import { setupNotifications as setupNotifier } from './shell/notifications';
import { setupAwakeKeeper, setupWakeHandler } from './shell/power';
import { setupQuit } from './shell/quit';
import { SafeStorageSecretStore } from './shell/secrets-safe-storage';
import { callService, type ShellService } from './shell/service-port';
import { setupTray as setupTrayController, type TrayController, messageOf } from './shell/tray';
import { attemptRoute, createWindowController, hardenContents, type WindowController } from './shell/window';

function log(message: string, e?: unknown) {
  const line = `[${new Date().toISOString()}] ${message}${e === undefined ? '' : `: ${messageOf(e)}`}`;
  if (e === undefined) console.log(line);
  else console.error(line);
}

// Custom schemes must be privileged before the app is ready.
protocol.registerSchemesAsPrivileged(PRIVILEGED_SCHEMES);

// One folder for dev and packaged builds and for the headless service: <appData>/lanebot.
app.setPath('userData', process.env.LANEBOT_HOME || join(app.getPath('appData'), 'lanebot'));

const appRoot = () => app.getAppPath();
const resourcesDir = () => (app.isPackaged ? join(process.resourcesPath, 'resources') : join(appRoot(), 'resources'));

if (!app.requestSingleInstanceLock()) {
  // Another Lanebot owns the data folder; it opens its window on our 'second-instance'.
  app.quit();
} else {
  main();
}

function main() {
  const startHidden =
    process.argv.includes(HIDDEN_ARG) || (process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin);
  let windows: WindowController<BrowserWindow> | undefined;
  let showWhenReady = !startHidden;
  const openWindow = () => {
    if (windows) windows.show();
    else showWhenReady = true;
  };
  setupSingleInstance(openWindow);
  setupSecurity();
  // The tray is the app: no window must not mean no Lanebot.
  app.on('window-all-closed', () => {});
  app
    .whenReady()
    .then(async () => {
      const service = await startService();
      windows = setupWindow();
      setupProtocols(service);
      setupIpc(service, windows);
      const autostart = setupAutostart(service);
      const tray = setupTray(service, windows, autostart);
      const keeper = setupPower(service, tray);
      setupNotifications(service, windows);
      setupQuitting(service, () => {
        keeper.dispose();
        tray.dispose();
      });
      app.on('activate', () => windows?.show());
      if (showWhenReady) windows.show();
    })
    .catch((e: unknown) => {
      // A tray app that dies silently looks like it is running; say why (e.g. the headless service owns the data folder).
      log('Lanebot could not start', e);
      dialog.showErrorBox('Lanebot could not start', messageOf(e));
      app.exit(1);
    });
}

function setupSingleInstance(openWindow: () => void) {
  app.on('second-instance', () => openWindow());
}

function setupSecurity() {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    hardenContents(contents, (url) => shell.openExternal(url));
  });
}

async function startService(): Promise<LanebotService> {
  if (process.platform === 'darwin') app.dock?.hide();
  if (process.platform === 'win32') app.setAppUserModelId('app.lanebot');
  const home = app.getPath('userData');
  const secrets = new SafeStorageSecretStore(home, safeStorage);
  const service = await createService({
    home,
    secrets,
    port: agentBookingPort({ secrets, home }),
    probes: agentProbes,
    teach: agentTeachPort(),
    log: (line) => log(line),
    transport: 'ipc',
    // The desktop app has a screen: a captcha or a code opens the booking browser visibly for the user.
    handOver: true,
  });
  service.setSecretsProtection(secrets.protection);
  // The page asks for nothing (camera, notifications, …); every permission request is refused.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  return service;
}

function setupProtocols(service: ShellService) {
  protocol.handle(APP_SCHEME, createAppHandler(join(appRoot(), 'dist', 'renderer')));
  protocol.handle(FILE_SCHEME, createArtifactsHandler(service.dataDir));
}

function setupWindow(): WindowController<BrowserWindow> {
  return createWindowController({
    create: (options) => new BrowserWindow(options),
    preloadPath: join(appRoot(), 'dist', 'electron', 'preload.cjs'),
    iconPath: join(resourcesDir(), 'icon.png'),
    url: APP_URL,
    log,
  });
}

function setupIpc(service: ShellService, windows: WindowController<BrowserWindow>) {
  setupIpcHandlers({
    ipcMain,
    service,
    targets: () => {
      const w = windows.current();
      return w ? [{ isDestroyed: () => w.isDestroyed(), getURL: () => w.webContents.getURL(), send: (c, e) => w.webContents.send(c, e) }] : [];
    },
    log,
  });
}

function setupAutostart(service: ShellService) {
  const autostart = createAutostart({
    platform: process.platform,
    app,
    env: process.env,
    homedir: homedir(),
    execPath: process.execPath,
    isPackaged: app.isPackaged,
    appPath: appRoot(),
  });
  return syncAutostart({
    autostart,
    getSetting: async () => (await callService(service, 'settings.get', {})).autostart,
    saveSetting: async (on) => void (await callService(service, 'settings.save', { autostart: on })),
    subscribe: (l) => service.subscribe(l),
    applyOnStart: app.isPackaged,
    log,
  }).control;
}

function setupTray(service: ShellService, windows: WindowController<BrowserWindow>, autostart: ReturnType<typeof setupAutostart>) {
  return setupTrayController({
    platform: process.platform,
    createTray: (icon) => new Tray(nativeImage.createFromPath(icon)),
    buildMenu: (template) => Menu.buildFromTemplate(template),
    iconDir: join(resourcesDir(), 'tray'),
    service,
    autostart,
    openWindow: () => windows.show(),
    quit: () => app.quit(),
    report: (message) => {
      log(message);
      if (Notification.isSupported()) new Notification({ title: 'Lanebot', body: message }).show();
    },
  });
}

function setupPower(service: ShellService, tray: TrayController) {
  const keeper = setupAwakeKeeper({ blocker: powerSaveBlocker, service });
  setupWakeHandler({
    powerMonitor,
    service,
    afterWake: () => {
      keeper.evaluate();
      void tray.refresh();
    },
    onError: (e) => log('Re-planning after wake failed', e),
  });
  return keeper;
}

function setupNotifications(service: ShellService, windows: WindowController<BrowserWindow>) {
  setupNotifier({
    service,
    isSupported: () => Notification.isSupported(),
    create: (options) => new Notification(options),
    icon: join(resourcesDir(), 'icon.png'),
    open: (attemptId) => windows.show(attemptRoute(attemptId)),
    log,
  });
}

function setupQuitting(service: ShellService, beforeShutdown: () => void) {
  setupQuit({ app, service, beforeShutdown, log });
  // Logging out or shutting the OS down is a quit like any other: give the attempt its chance.
  powerMonitor.on('shutdown', () => app.quit());
}
