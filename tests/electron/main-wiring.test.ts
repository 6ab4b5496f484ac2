// The real bundled main process (dist/electron/main.cjs, built here with scripts/build-electron.mjs)
// run under Node against a fake 'electron' module and the REAL in-process service: checks the
// wiring end to end — schemes, window, IPC through the contract, secrets via safeStorage, tray,
// events to the window, and quitting through service.shutdown.
import Module, { createRequire } from 'node:module';
import { mkdtemp, readFile, readdir, rm, mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildElectron } from '../../scripts/build-electron.mjs';
import { createFakeElectron } from './fake-electron';

const root = resolve(import.meta.dirname, '..', '..');
let tmp: string;
let fake: ReturnType<typeof createFakeElectron>;
const savedEnv = process.env.LANEBOT_HOME;
let restoreLoad: () => void;

const trusted = { senderFrame: { url: 'lanebot://app/index.html', parent: null } };
const call = (method: string, body: unknown, event: unknown = trusted) => fake.ipcHandlers.get('lanebot:call')!(event, method, body) as Promise<any>;

const profile = {
  name: 'Alex',
  venue: { startUrl: 'http://127.0.0.1:9/book', allowedOrigins: ['http://127.0.0.1:9'], timeZone: 'Europe/London' },
  instructions: 'Log in with {{username}} / {{password}}. Book lane 3 at 07:00 on {date}.',
  weekdays: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, { book: d === 'sat' }])),
};

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'lanebot-main-'));
  // Inside the repo so the bundle's unbundled externals (playwright-core) resolve from node_modules, as in the app.
  const outDir = join(root, 'test-output', 'electron-bundle');
  await buildElectron({ outDir });
  const home = join(tmp, 'home');
  process.env.LANEBOT_HOME = home;
  fake = createFakeElectron({ appData: join(tmp, 'appData'), appPath: root });
  const M = Module as unknown as { _load: (req: string, ...rest: unknown[]) => unknown };
  const original = M._load;
  M._load = function (req: string, ...rest: unknown[]) {
    if (req === 'electron') return fake.electron;
    return original.call(this, req, ...rest);
  };
  restoreLoad = () => (M._load = original);
  createRequire(import.meta.url)(join(outDir, 'main.cjs'));
  fake.ready();
  await vi.waitFor(() => expect(fake.trays.length).toBe(1), { timeout: 10_000, interval: 20 });
}, 60_000);

afterAll(async () => {
  restoreLoad?.();
  if (fake && !fake.app.quitted) fake.app.quit();
  if (savedEnv === undefined) delete process.env.LANEBOT_HOME;
  else process.env.LANEBOT_HOME = savedEnv;
  await rm(tmp, { recursive: true, force: true });
});

describe('main process wiring (real service, fake Electron)', () => {
  it('registers the privileged schemes before ready and handles both', () => {
    expect(fake.log.indexOf('protocol.registerSchemesAsPrivileged')).toBeLessThan(fake.log.indexOf('app.whenReady'));
    expect(fake.privileged.map((s) => (s as { scheme: string }).scheme)).toEqual(['lanebot', 'lanebot-file']);
    expect([...fake.protocols.keys()].sort()).toEqual(['lanebot', 'lanebot-file']);
    expect(fake.errors).toEqual([]);
    expect(fake.app.exitCode).toBeUndefined();
  });

  it('opens a hardened window on the app URL with the bundled preload', () => {
    expect(fake.windows).toHaveLength(1);
    const w = fake.windows[0]!;
    expect(w.webContents.url).toBe('lanebot://app/index.html');
    expect(w.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      preload: join(root, 'dist', 'electron', 'preload.cjs'),
    });
    // The hardening from web-contents-created is in place.
    expect(w.webContents.openHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(fake.openedExternally).toEqual(['https://example.com/']);
  });

  it('answers contract calls over IPC from the app, and refuses others', async () => {
    const status = await call('status.get', {});
    expect(status.ok).toBe(true);
    expect(status.value).toMatchObject({ profiles: [], paused: false });
    expect(await call('status.get', {}, { senderFrame: { url: 'https://evil.example/', parent: null } })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const bad = await call('profiles.save', { profile: { ...profile, venue: { ...profile.venue, startUrl: 'nope' } } });
    expect(bad.ok).toBe(false);
    expect(bad.error.code).toBe('invalid');
    expect(Object.keys(bad.error.fields)).toContain('profile.venue.startUrl');
    const health = await call('health.get', {});
    expect(health.value.transport).toBe('ipc');
    expect(health.value.secrets.protection).toBe('keychain');
  });

  it('saves a profile with secrets: encrypted via safeStorage, never in clear on disk; the window hears about it', async () => {
    const home = process.env.LANEBOT_HOME!;
    const password = 'pw-Zebra-9431-unique';
    const saved = await call('profiles.save', { profile, secrets: { username: 'alex@example.com', password } });
    expect(saved.ok, JSON.stringify(saved.error)).toBe(true);
    expect(saved.value.secretsSaved).toEqual({ username: true, password: true });
    expect(existsSync(join(home, 'secrets.enc.json'))).toBe(true);
    expect(existsSync(join(home, 'secrets.json'))).toBe(false); // not the headless file store
    for (const e of await readdir(home, { withFileTypes: true, recursive: true })) {
      if (e.isFile()) expect(await readFile(join(e.parentPath, e.name), 'utf8'), e.name).not.toContain(password);
    }
    await vi.waitFor(() => expect(fake.windows[0]!.webContents.sent.map((s) => s.channel)).toContain('lanebot:event'));
    expect(fake.windows[0]!.webContents.sent.some((s) => (s.payload as { type: string }).type === 'profiles-changed')).toBe(true);
  });

  it('the tray shows the profile and Pause tonight reaches the service', async () => {
    const tray = fake.trays[0]!;
    await vi.waitFor(() => expect(tray.menu?.template.some((i) => i.id?.startsWith('book:'))).toBe(true));
    expect(tray.tooltip).toContain('Alex');
    expect(String((tray.images[0] as { path: string }).path)).toMatch(/resources\/tray\/tray-\w+\.png$/);
    expect(existsSync((tray.images[0] as { path: string }).path)).toBe(true);
    const pause = tray.menu!.template.find((i) => i.id === 'pause')!;
    pause.click!({ checked: true });
    await vi.waitFor(() => expect(tray.menu!.template.find((i) => i.id === 'pause')!.checked).toBe(true));
    expect((await call('status.get', {})).value.paused).toBe(true);
    expect(tray.images.map((i) => (i as { path?: string }).path ?? i).at(-1)).toMatch(/tray-paused\.png$/);
  });

  it('serves screenshots from the data folder artifacts only', async () => {
    const home = process.env.LANEBOT_HOME!;
    await mkdir(join(home, 'artifacts', 'a1'), { recursive: true });
    await writeFile(join(home, 'artifacts', 'a1', 'shot.png'), 'png-bytes');
    const h = fake.protocols.get('lanebot-file')!;
    expect((await h(new Request('lanebot-file://artifacts/a1%2Fshot.png'))).status).toBe(200);
    expect((await h(new Request('lanebot-file://artifacts/..%2Fsecrets.enc.json'))).status).toBe(404);
  });

  it('a second launch brings the window back; closing it keeps the app running', async () => {
    const w = fake.windows[0]!;
    const shows = w.shown;
    fake.app.emit('second-instance');
    expect(w.shown).toBe(shows + 1);
    w.close();
    fake.app.emit('window-all-closed');
    expect(fake.app.quitted).toBe(false);
    fake.app.emit('second-instance');
    expect(fake.windows).toHaveLength(2);
  });

  it('refuses every permission request', async () => {
    expect(await fake.permission('media')).toBe(false);
  });

  it('quitting shuts the service down first, then really quits', async () => {
    fake.app.quit();
    expect(fake.app.quitted).toBe(false); // held back while the service shuts down
    await vi.waitFor(() => expect(fake.app.quitted).toBe(true), { timeout: 20_000 });
    expect(fake.trays[0]!.destroyed).toBe(true);
    expect(fake.blockers.size).toBe(0);
  });
});
