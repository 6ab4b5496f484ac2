// Where the headless service keeps its data: LANEBOT_HOME, else the XDG config folder. Electron
// uses app.getPath('userData'), which on Linux is the same ~/.config/lanebot.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export function defaultHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LANEBOT_HOME) return resolve(env.LANEBOT_HOME);
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'lanebot');
  if (process.platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'lanebot');
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'lanebot');
}

/** The repository (or packaged app) root, for dist/renderer. */
export const APP_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const RENDERER_DIR = join(APP_ROOT, 'dist', 'renderer');
