// `npm start` decides between the Electron app and the headless service from the environment.
import { describe, expect, it } from 'vitest';
import { decideStart, electronBinaryPath } from '../../scripts/start-decision.mjs';

const bin = '/repo/node_modules/electron/dist/electron';

describe('decideStart', () => {
  it('runs Electron when the runtime exists and a display is there', () => {
    expect(decideStart({ platform: 'linux', env: { DISPLAY: ':0' }, electronBinary: bin, binaryExists: true })).toEqual({ mode: 'electron', binary: bin });
    expect(decideStart({ platform: 'linux', env: { WAYLAND_DISPLAY: 'wayland-0' }, electronBinary: bin, binaryExists: true }).mode).toBe('electron');
    expect(decideStart({ platform: 'darwin', env: {}, electronBinary: bin, binaryExists: true }).mode).toBe('electron');
    expect(decideStart({ platform: 'win32', env: {}, electronBinary: bin, binaryExists: true }).mode).toBe('electron');
  });

  it('falls back to the headless service with one line saying why', () => {
    expect(decideStart({ platform: 'linux', env: { DISPLAY: ':0' }, electronBinary: undefined, binaryExists: false })).toEqual({
      mode: 'headless',
      reason: 'Lanebot: no Electron runtime here (its binary is not downloaded) — running the headless service instead.',
    });
    expect(decideStart({ platform: 'darwin', env: {}, electronBinary: bin, binaryExists: false }).mode).toBe('headless');
    const noDisplay = decideStart({ platform: 'linux', env: { DISPLAY: '' }, electronBinary: bin, binaryExists: true });
    expect(noDisplay).toEqual({ mode: 'headless', reason: 'Lanebot: no display here (DISPLAY and WAYLAND_DISPLAY are unset) — running the headless service instead.' });
    expect(decideStart({ platform: 'linux', env: { DISPLAY: ':0', LANEBOT_HEADLESS: '1' }, electronBinary: bin, binaryExists: true }).mode).toBe('headless');
    for (const d of [noDisplay]) if (d.mode === 'headless') expect(d.reason.split('\n')).toHaveLength(1);
  });
});

describe('electronBinaryPath', () => {
  const files: Record<string, string> = { '/repo/node_modules/electron/path.txt': 'electron\n' };
  const readText = (p: string) => files[p];
  it("reads electron's path.txt instead of require('electron'), which would try to download", () => {
    expect(electronBinaryPath({ electronPkgDir: '/repo/node_modules/electron', env: {}, readText })).toBe(bin);
    expect(electronBinaryPath({ electronPkgDir: '/repo/node_modules/electron', env: {}, readText: () => undefined })).toBeUndefined();
    expect(electronBinaryPath({ electronPkgDir: '/repo/node_modules/electron', env: { ELECTRON_OVERRIDE_DIST_PATH: '/opt/e' }, readText })).toBe('/opt/e/electron');
  });
});
