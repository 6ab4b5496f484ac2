// How `npm start` runs Lanebot: as the Electron tray app when an Electron runtime and a display
// exist, else as the headless service (same UI, served on 127.0.0.1). Pure, so it is unit-tested;
// scripts/start.mjs supplies the real environment.
import { join } from 'node:path';

/**
 * Where the electron package's binary would be, without require('electron'): that call tries to
 * download the binary when it is missing, and `npm start` must never reach for the network.
 * @param {{ electronPkgDir: string, env: Record<string, string | undefined>, readText: (path: string) => string | undefined }} o
 * @returns {string | undefined}
 */
export function electronBinaryPath({ electronPkgDir, env, readText }) {
  const rel = readText(join(electronPkgDir, 'path.txt'))?.trim();
  if (env.ELECTRON_OVERRIDE_DIST_PATH) return join(env.ELECTRON_OVERRIDE_DIST_PATH, rel || 'electron');
  return rel ? join(electronPkgDir, 'dist', rel) : undefined;
}

/**
 * @param {{ platform: string, env: Record<string, string | undefined>, electronBinary: string | undefined, binaryExists: boolean }} o
 * @returns {{ mode: 'electron', binary: string } | { mode: 'headless', reason: string }}
 */
export function decideStart({ platform, env, electronBinary, binaryExists }) {
  const instead = '— running the headless service instead.';
  if (/^(1|true|yes)$/i.test(env.LANEBOT_HEADLESS ?? '')) {
    return { mode: 'headless', reason: `Lanebot: LANEBOT_HEADLESS is set ${instead}` };
  }
  if (!electronBinary || !binaryExists) {
    return { mode: 'headless', reason: `Lanebot: no Electron runtime here (its binary is not downloaded) ${instead}` };
  }
  // macOS and Windows always have a display session when a user runs npm start; Linux may be a server or SSH.
  if (platform !== 'darwin' && platform !== 'win32' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { mode: 'headless', reason: `Lanebot: no display here (DISPLAY and WAYLAND_DISPLAY are unset) ${instead}` };
  }
  return { mode: 'electron', binary: electronBinary };
}
