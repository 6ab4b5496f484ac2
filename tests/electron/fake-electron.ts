// A stand-in for the 'electron' module, good enough to run the real bundled main process
// (dist/electron/main.cjs) under Node: it records what main wires up and lets a test drive it
// (IPC calls, protocol requests, tray menu clicks, power events, quitting).
import { EventEmitter } from 'node:events';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface FakeElectronOptions {
  appData: string;
  appPath: string;
  platform?: NodeJS.Platform;
}

export function createFakeElectron(o: FakeElectronOptions) {
  const log: string[] = [];
  const paths = new Map<string, string>([['appData', o.appData]]);
  let ready!: () => void;
  const readyPromise = new Promise<void>((r) => (ready = r));

  class App extends EventEmitter {
    isPackaged = false;
    quitted = false;
    exitCode: number | undefined;
    dock = undefined;
    requestSingleInstanceLock() {
      log.push('app.requestSingleInstanceLock');
      return true;
    }
    whenReady() {
      log.push('app.whenReady');
      return readyPromise;
    }
    getPath(name: string) {
      const p = paths.get(name);
      if (!p) throw new Error(`no path ${name}`);
      return p;
    }
    setPath(name: string, value: string) {
      paths.set(name, value);
    }
    getAppPath() {
      return o.appPath;
    }
    getLoginItemSettings() {
      return { openAtLogin: false, wasOpenedAtLogin: false };
    }
    setLoginItemSettings() {}
    setAppUserModelId() {}
    quit() {
      log.push('app.quit');
      let prevented = false;
      this.emit('before-quit', { preventDefault: () => (prevented = true) });
      if (!prevented) this.quitted = true;
    }
    exit(code: number) {
      this.exitCode = code;
    }
  }
  const app = new App();

  const protocols = new Map<string, (r: Request) => Promise<Response>>();
  const privileged: unknown[] = [];
  const protocol = {
    registerSchemesAsPrivileged(list: unknown[]) {
      log.push('protocol.registerSchemesAsPrivileged');
      privileged.push(...list);
    },
    handle(scheme: string, handler: (r: Request) => Promise<Response>) {
      protocols.set(scheme, handler);
    },
  };

  const ipcHandlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
  const ipcMain = {
    handle(channel: string, fn: (event: unknown, ...args: unknown[]) => Promise<unknown>) {
      ipcHandlers.set(channel, fn);
    },
    removeHandler(channel: string) {
      ipcHandlers.delete(channel);
    },
  };

  class WebContents extends EventEmitter {
    url = '';
    sent: { channel: string; payload: unknown }[] = [];
    openHandler: ((d: { url: string }) => { action: string }) | undefined;
    getURL() {
      return this.url;
    }
    send(channel: string, payload: unknown) {
      this.sent.push({ channel, payload });
    }
    setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
      this.openHandler = h;
    }
  }
  const windows: BrowserWindow[] = [];
  class BrowserWindow extends EventEmitter {
    webContents = new WebContents();
    destroyed = false;
    shown = 0;
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    async loadURL(url: string) {
      this.webContents.url = url;
      queueMicrotask(() => this.emit('ready-to-show'));
    }
    isDestroyed() {
      return this.destroyed;
    }
    isMinimized() {
      return false;
    }
    restore() {}
    show() {
      this.shown++;
    }
    focus() {}
    close() {
      this.destroyed = true;
      this.emit('closed');
    }
  }

  const trays: Tray[] = [];
  class Tray extends EventEmitter {
    images: unknown[] = [];
    tooltip = '';
    menu: { template: { id?: string; label?: string; checked?: boolean; click?: (i: unknown) => void }[] } | undefined;
    destroyed = false;
    constructor(image: unknown) {
      super();
      this.images.push(image);
      trays.push(this);
    }
    setImage(i: unknown) {
      this.images.push(i);
    }
    setToolTip(t: string) {
      this.tooltip = t;
    }
    setContextMenu(m: Tray['menu']) {
      this.menu = m;
    }
    destroy() {
      this.destroyed = true;
    }
  }

  const notifications: { title: string; body: string }[] = [];
  class Notification extends EventEmitter {
    static isSupported() {
      return true;
    }
    constructor(readonly options: { title: string; body: string }) {
      super();
    }
    show() {
      notifications.push(this.options);
    }
  }

  const blockers = new Set<number>();
  let nextBlocker = 1;
  const key = randomBytes(32);
  const openedExternally: string[] = [];
  const errors: string[] = [];
  let permissionHandler: ((wc: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;

  const electron = {
    app,
    protocol,
    ipcMain,
    BrowserWindow,
    Tray,
    Notification,
    Menu: { buildFromTemplate: (template: unknown[]) => ({ template }) },
    nativeImage: { createFromPath: (path: string) => ({ path }) },
    powerMonitor: new EventEmitter(),
    powerSaveBlocker: {
      start: () => {
        const id = nextBlocker++;
        blockers.add(id);
        return id;
      },
      stop: (id: number) => blockers.delete(id),
    },
    safeStorage: {
      isAsyncEncryptionAvailable: async () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      async encryptStringAsync(plain: string) {
        const iv = randomBytes(12);
        const c = createCipheriv('aes-256-gcm', key, iv);
        const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
        return Buffer.concat([iv, c.getAuthTag(), body]);
      },
      async decryptStringAsync(buf: Buffer) {
        const d = createDecipheriv('aes-256-gcm', key, buf.subarray(0, 12));
        d.setAuthTag(buf.subarray(12, 28));
        return { result: Buffer.concat([d.update(buf.subarray(28)), d.final()]).toString('utf8'), shouldReEncrypt: false };
      },
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: typeof permissionHandler) => (permissionHandler = h),
      },
    },
    dialog: { showErrorBox: (title: string, content: string) => void errors.push(`${title}: ${content}`) },
    shell: { openExternal: async (url: string) => void openedExternally.push(url) },
  };

  return {
    electron,
    app,
    ready: () => ready(),
    log,
    privileged,
    protocols,
    ipcHandlers,
    windows,
    trays,
    notifications,
    blockers,
    openedExternally,
    errors,
    permission: (p: string) => new Promise<boolean>((r) => permissionHandler!({}, p, r)),
  };
}
