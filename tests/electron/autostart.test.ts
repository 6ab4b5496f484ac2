// Start at login: the XDG autostart file on Linux (XDG_CONFIG_HOME, $APPIMAGE, Exec quoting) and
// the login-item API on macOS and Windows; settings.autostart and the OS item stay in step.
import { mkdtemp, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createAutostart,
  desktopExecArg,
  linuxAutostartPath,
  syncAutostart,
  type LoginItemApi,
} from '../../electron/shell/autostart';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lanebot-autostart-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const noLoginApi: LoginItemApi = {
  setLoginItemSettings: () => {
    throw new Error('not on Linux');
  },
  getLoginItemSettings: () => ({ openAtLogin: false }),
};

/** Parses the Exec line back the way a desktop launcher does (string unescape, then argument unquote). */
function parseExec(value: string): string[] {
  const unescaped = value.replace(/\\(.)/g, (_, c: string) => (c === 's' ? ' ' : c === 'n' ? '\n' : c === 't' ? '\t' : c));
  const args: string[] = [];
  let cur = '';
  let inQ = false;
  let had = false;
  for (let i = 0; i < unescaped.length; i++) {
    const c = unescaped[i]!;
    if (inQ) {
      if (c === '\\') cur += unescaped[++i];
      else if (c === '"') inQ = false;
      else cur += c;
    } else if (c === '"') {
      inQ = had = true;
    } else if (c === ' ') {
      if (had || cur) args.push(cur);
      cur = '';
      had = false;
    } else cur += c;
  }
  if (had || cur) args.push(cur);
  return args.map((a) => a.replace(/%%/g, '%'));
}

describe('Linux XDG autostart', () => {
  it('writes to $XDG_CONFIG_HOME/autostart and removes it again', async () => {
    const xdg = join(dir, 'xdg');
    const a = createAutostart({
      platform: 'linux',
      app: noLoginApi,
      env: { XDG_CONFIG_HOME: xdg },
      homedir: join(dir, 'home'),
      execPath: '/opt/Lanebot/lanebot',
      isPackaged: true,
      appPath: '/opt/Lanebot/resources/app.asar',
    });
    const file = join(xdg, 'autostart', 'lanebot.desktop');
    expect(a.where()).toBe(file);
    expect(await a.isEnabled()).toBe(false);
    await a.setEnabled(true);
    expect(await a.isEnabled()).toBe(true);
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(/^\[Desktop Entry\]\nType=Application\n/);
    expect(text).toContain('Exec=/opt/Lanebot/lanebot --hidden\n');
    expect((await stat(file)).mode & 0o777).toBe(0o644);
    await a.setEnabled(false);
    expect(await a.isEnabled()).toBe(false);
    await expect(stat(file)).rejects.toThrow(/ENOENT/);
    // Turning off twice is not an error.
    await a.setEnabled(false);
  });

  it('falls back to ~/.config when XDG_CONFIG_HOME is unset or relative', () => {
    expect(linuxAutostartPath({}, '/home/al')).toBe('/home/al/.config/autostart/lanebot.desktop');
    expect(linuxAutostartPath({ XDG_CONFIG_HOME: 'rel/conf' }, '/home/al')).toBe('/home/al/.config/autostart/lanebot.desktop');
  });

  it('uses $APPIMAGE (not the temporary mount) and quotes paths with spaces so launchers read them back', async () => {
    const appimage = '/home/al/My Apps/Lanebot-1.0 "beta" $x 100%.AppImage';
    const a = createAutostart({
      platform: 'linux',
      app: noLoginApi,
      env: { APPIMAGE: appimage },
      homedir: join(dir, 'home'),
      execPath: '/tmp/.mount_LanebotXyZ/lanebot',
      isPackaged: true,
      appPath: '/tmp/.mount_LanebotXyZ/resources/app.asar',
    });
    await a.setEnabled(true);
    const text = await readFile(join(dir, 'home', '.config', 'autostart', 'lanebot.desktop'), 'utf8');
    expect(text).not.toContain('.mount_');
    const exec = /^Exec=(.*)$/m.exec(text)![1]!;
    expect(parseExec(exec)).toEqual([appimage, '--hidden']);
  });

  it('an unpackaged dev run starts electron with the app folder', async () => {
    const a = createAutostart({
      platform: 'linux',
      app: noLoginApi,
      env: { XDG_CONFIG_HOME: dir },
      homedir: '/nowhere',
      execPath: '/repo/node_modules/electron/dist/electron',
      isPackaged: false,
      appPath: '/repo',
    });
    await a.setEnabled(true);
    const exec = /^Exec=(.*)$/m.exec(await readFile(a.where(), 'utf8'))![1]!;
    expect(parseExec(exec)).toEqual(['/repo/node_modules/electron/dist/electron', '/repo', '--hidden']);
  });

  it('an entry the user disabled in their session settings counts as off', async () => {
    const file = join(dir, 'autostart', 'lanebot.desktop');
    await mkdir(join(dir, 'autostart'), { recursive: true });
    await writeFile(file, '[Desktop Entry]\nType=Application\nExec=lanebot\nHidden=true\n');
    const a = createAutostart({ platform: 'linux', app: noLoginApi, env: { XDG_CONFIG_HOME: dir }, homedir: '/x', execPath: '/x/l', isPackaged: true, appPath: '/x' });
    expect(await a.isEnabled()).toBe(false);
  });

  it('Exec quoting follows the desktop entry spec', () => {
    expect(desktopExecArg('/usr/bin/lanebot')).toBe('/usr/bin/lanebot');
    expect(desktopExecArg('/a b')).toBe('"/a b"');
    expect(desktopExecArg('/a$b')).toBe('"/a\\\\$b"');
    expect(desktopExecArg('50%')).toBe('50%%');
  });
});

function fakeLoginApi() {
  const items = new Map<string, boolean>();
  const key = (path?: string, args?: string[]) => `${path ?? 'self'}|${(args ?? []).join(' ')}`;
  const set = vi.fn<(s: Parameters<LoginItemApi['setLoginItemSettings']>[0]) => void>();
  const api: LoginItemApi & { set: typeof set } = {
    set,
    setLoginItemSettings(s) {
      api.set(s);
      items.set(key(s.path, s.args), Boolean(s.openAtLogin));
    },
    getLoginItemSettings(o) {
      return { openAtLogin: items.get(key(o?.path, o?.args)) ?? false };
    },
  };
  return api;
}

describe('macOS and Windows login items', () => {
  it('Windows registers the binary with --hidden and queries with the same path and args', async () => {
    const api = fakeLoginApi();
    const a = createAutostart({ platform: 'win32', app: api, env: {}, homedir: 'C:\\Users\\al', execPath: 'C:\\Lanebot\\Lanebot.exe', isPackaged: true, appPath: '' });
    expect(await a.isEnabled()).toBe(false);
    await a.setEnabled(true);
    expect(api.set).toHaveBeenCalledWith({ openAtLogin: true, path: 'C:\\Lanebot\\Lanebot.exe', args: ['--hidden'] });
    expect(await a.isEnabled()).toBe(true);
    await a.setEnabled(false);
    expect(await a.isEnabled()).toBe(false);
  });

  it('macOS uses openAtLogin', async () => {
    const api = fakeLoginApi();
    const a = createAutostart({ platform: 'darwin', app: api, env: {}, homedir: '/Users/al', execPath: '/Applications/Lanebot.app/Contents/MacOS/Lanebot', isPackaged: true, appPath: '' });
    await a.setEnabled(true);
    expect(api.set).toHaveBeenCalledWith({ openAtLogin: true });
    expect(await a.isEnabled()).toBe(true);
  });

  it('other platforms report unsupported', async () => {
    const a = createAutostart({ platform: 'freebsd', app: noLoginApi, env: {}, homedir: '/', execPath: '/x', isPackaged: true, appPath: '' });
    expect(a.supported).toBe(false);
    await expect(a.setEnabled(true)).rejects.toThrow(/not supported/);
  });
});

describe('syncAutostart', () => {
  function rig(setting: boolean, applyOnStart = true) {
    const api = fakeLoginApi();
    const autostart = createAutostart({ platform: 'darwin', app: api, env: {}, homedir: '/', execPath: '/x', isPackaged: true, appPath: '' });
    let stored = setting;
    const listeners: ((e: { type: string }) => void)[] = [];
    const s = syncAutostart({
      autostart,
      getSetting: async () => stored,
      saveSetting: async (on) => {
        stored = on;
        for (const l of listeners) l({ type: 'settings-changed' });
      },
      subscribe: (l) => {
        listeners.push(l);
        return () => {};
      },
      applyOnStart,
    });
    return { s, autostart, api, setStored: (v: boolean) => (stored = v), stored: () => stored, emit: () => listeners.forEach((l) => l({ type: 'settings-changed' })) };
  }

  it('applies settings.autostart at start (default on) and follows later settings changes', async () => {
    const r = rig(true);
    await r.s.ready;
    expect(await r.autostart.isEnabled()).toBe(true);
    r.setStored(false);
    r.emit();
    await vi.waitFor(async () => expect(await r.autostart.isEnabled()).toBe(false));
  });

  it('the menu toggle changes the OS item and saves the setting', async () => {
    const r = rig(true);
    await r.s.ready;
    await r.s.control.setEnabled(false);
    expect(r.stored()).toBe(false);
    expect(await r.s.control.isEnabled()).toBe(false);
  });

  it('a dev run never touches login items on its own', async () => {
    const r = rig(true, false);
    await r.s.ready;
    expect(r.api.set).not.toHaveBeenCalled();
  });
});
