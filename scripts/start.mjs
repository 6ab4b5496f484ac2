// `npm start`: builds what is missing and runs Lanebot — the Electron tray app when it can, else
// the headless service, after one line saying why (see start-decision.mjs).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decideStart, electronBinaryPath } from './start-decision.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

function readText(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function ensureRenderer() {
  if (existsSync(join(root, 'dist', 'renderer', 'index.html'))) return;
  console.log('Lanebot: building the UI first (npm run build:renderer)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['run', 'build:renderer'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) {
    console.error('Lanebot: the UI build failed; see the output above.');
    process.exit(r.status ?? 1);
  }
}

/** Runs a child in the foreground: Ctrl-C reaches it directly, so it can finish an attempt and exit. */
function foreground(command, argv) {
  const child = spawn(command, argv, { cwd: root, stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', () => {}); // the terminal already sent it to the child's process group
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  child.on('error', (e) => {
    console.error(`Lanebot: could not start ${command}: ${e.message}`);
    process.exit(1);
  });
}

const electronBinary = electronBinaryPath({ electronPkgDir: join(root, 'node_modules', 'electron'), env: process.env, readText });
const decision = decideStart({
  platform: process.platform,
  env: process.env,
  electronBinary,
  binaryExists: electronBinary !== undefined && existsSync(electronBinary),
});

ensureRenderer();
if (decision.mode === 'electron') {
  const { buildElectron } = await import('./build-electron.mjs');
  await buildElectron();
  foreground(decision.binary, [root, ...args]);
} else {
  console.log(decision.reason);
  const { buildService } = await import('./build-service.mjs');
  await buildService();
  foreground(process.execPath, [join(root, 'bin', 'lanebot.mjs'), 'serve', ...args]);
}
