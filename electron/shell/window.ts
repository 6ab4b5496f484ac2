// The one app window, and the hardening every web contents gets: no navigation away from the app,
// no new windows, no webviews, no permissions; http(s) links open in the user's browser instead.
// The window is created on demand and destroyed on close (the app lives on in the tray), so an
// idle Lanebot does not keep a renderer process around all night.
import type { BrowserWindowConstructorOptions, HandlerDetails, WindowOpenHandlerResponse } from 'electron';
import { isTrustedSenderUrl } from './ipc';

/** Only http(s) leaves the app, and only to the user's own browser. */
export function isExternalWebUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

export function windowOptions(preloadPath: string, iconPath?: string): BrowserWindowConstructorOptions {
  return {
    width: 1120,
    height: 780,
    minWidth: 720,
    minHeight: 520,
    show: false,
    title: 'Lanebot',
    ...(iconPath ? { icon: iconPath } : {}),
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
    },
  };
}

/** The parts of WebContents the hardening touches. */
export interface HardenableContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (details: { url: string; preventDefault(): void }) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void;
}

export function hardenContents(contents: HardenableContents, openExternal: (url: string) => unknown): void {
  const guard = (details: { url: string; preventDefault(): void }) => {
    // Reloading our own page is fine; anything else is denied, and web links go to the browser.
    if (isTrustedSenderUrl(details.url)) return;
    details.preventDefault();
    if (isExternalWebUrl(details.url)) void openExternal(details.url);
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebUrl(url)) void openExternal(url);
    return { action: 'deny' };
  });
}

export interface WindowLike {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
}

export interface WindowDeps<W extends WindowLike> {
  create(options: BrowserWindowConstructorOptions): W;
  preloadPath: string;
  iconPath?: string;
  url: string;
  log?: (message: string, e?: unknown) => void;
}

export interface WindowController<W> {
  /** Opens the window, or brings the existing one to the front; `route` is the UI's hash route, like `#/history/<id>`. */
  show(route?: string): W;
  current(): W | undefined;
}

/** The UI route of one attempt's page; ids are ours, but encoded all the same so no id can leave the hash. */
export function attemptRoute(attemptId: string): string {
  // A notification about no single attempt (an evening rehearsal) opens Today.
  if (!attemptId) return '#/today';
  return `#/history/${encodeURIComponent(attemptId)}`;
}

export function createWindowController<W extends WindowLike>(deps: WindowDeps<W>): WindowController<W> {
  let win: W | undefined;
  return {
    current: () => (win && !win.isDestroyed() ? win : undefined),
    show(route?: string) {
      // Only a hash route is taken: it changes the view within the app and can never point elsewhere.
      const target = route && /^#\/[\w/%.-]*$/.test(route) ? `${deps.url}${route}` : undefined;
      if (win && !win.isDestroyed()) {
        if (win.isMinimized()) win.restore();
        // A fragment change is an in-page navigation: the app keeps its state and follows the hash.
        if (target) win.loadURL(target).catch((e: unknown) => deps.log?.(`Could not open ${target}`, e));
        win.show();
        win.focus();
        return win;
      }
      const created = deps.create(windowOptions(deps.preloadPath, deps.iconPath));
      win = created;
      created.once('ready-to-show', () => {
        created.show();
        created.focus();
      });
      created.on('closed', () => {
        if (win === created) win = undefined;
      });
      created.loadURL(target ?? deps.url).catch((e: unknown) => deps.log?.(`Could not load ${target ?? deps.url}`, e));
      return created;
    },
  };
}
