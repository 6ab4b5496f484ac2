// The Electron bundles and packaging config: esbuild output is self-contained CJS with only the
// intended externals, the preload is one sandbox-safe file, and electron-builder accepts the
// config (validated by electron-builder's own schema check) with the settings the app relies on.
import { readFile } from 'node:fs/promises';
import { builtinModules, createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildElectron } from '../../scripts/build-electron.mjs';

const root = resolve(import.meta.dirname, '..', '..');
const outDir = join(root, 'test-output', 'electron-build');
const require = createRequire(import.meta.url);
let main: string;
let preload: string;
let metaInputs: string[];

const requires = (code: string) => [...new Set([...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!))].sort();

beforeAll(async () => {
  const r = await buildElectron({ outDir });
  main = await readFile(join(outDir, 'main.cjs'), 'utf8');
  preload = await readFile(join(outDir, 'preload.cjs'), 'utf8');
  metaInputs = Object.keys(r.main.metafile.inputs);
}, 60_000);

describe('esbuild bundles', () => {
  it('main is CJS that loads only Node built-ins, electron and playwright-core at run time', () => {
    const external = requires(main).filter((m) => !m.startsWith('node:') && !builtinModules.includes(m));
    expect(external).toEqual(['electron', 'playwright-core']);
    // lowdb is ESM-only: it must be inside the bundle, converted, not required.
    expect(metaInputs.some((i) => i.includes('node_modules/lowdb/'))).toBe(true);
    expect(main).not.toMatch(/\bimport\.meta\b/);
  });

  it('the preload is one file that requires nothing but electron and exposes only window.lanebot', () => {
    expect(requires(preload)).toEqual(['electron']);
    expect(preload).toContain('exposeInMainWorld("lanebot"');
    expect(preload.match(/exposeInMainWorld\(/g)).toHaveLength(1);
    // No zod or contract runtime in the sandbox: the preload only forwards.
    expect(preload).not.toContain('safeParse');
  });
});

describe('electron-builder.yml', () => {
  let config: Record<string, any>;
  beforeAll(async () => {
    const yaml = require('js-yaml') as { load(s: string): unknown };
    config = yaml.load(await readFile(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, any>;
  });

  it("passes electron-builder's own configuration check", async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
    const { DebugLogger } = require('builder-util');
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, linux: { ...config.linux, notAnOption: true } }, new DebugLogger(false))).rejects.toThrow(/Invalid configuration/);
  });

  it('targets AppImage+deb, dmg (tray-only) and nsis, with the tray library in deb depends', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.deb.depends.join(' ')).toMatch(/libayatana-appindicator3-1/);
    expect(config.deb.depends).toContain('libsecret-1-0'); // safeStorage on Linux
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.mac.extendInfo.LSUIElement).toBe(true);
    expect(config.win.target).toEqual(['nsis']);
  });

  it('ships dist and resources, keeps playwright-core unpacked, and sets the security fuses', () => {
    expect(config.files).toEqual(expect.arrayContaining(['dist/**', 'resources/**']));
    expect(config.asarUnpack).toContain('node_modules/playwright-core/**');
    expect(config.extraResources[0]).toMatchObject({ from: 'resources', to: 'resources' });
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    });
  });

  it('the icons it names exist', async () => {
    for (const p of [config.linux.icon, config.mac.icon, config.win.icon]) await expect(readFile(join(root, p))).resolves.toBeInstanceOf(Buffer);
    for (const state of ['ok', 'pending', 'failed', 'running', 'paused', 'idle'])
      for (const f of [`tray-${state}.png`, `tray-${state}@2x.png`, `tray-${state}Template.png`, `tray-${state}Template@2x.png`]) {
        const png = await readFile(join(root, 'resources', 'tray', f));
        expect(png.subarray(1, 4).toString(), f).toBe('PNG');
        expect(png.readUInt32BE(16), f).toBe(f.includes('@2x') ? 32 : 16);
      }
  });
});
