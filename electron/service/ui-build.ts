// `lanebot serve` on a fresh checkout: the UI (dist/renderer) is built from renderer/ with Vite on
// first serve, and again when its sources are newer than the build (after a git pull), so
// `npm install && npx lanebot serve` shows the UI instead of "not built yet". The build goes to a
// temporary folder that replaces dist/renderer only once complete.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type RendererState = 'fresh' | 'missing' | 'stale';

function newest(dir: string): number {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Whether `dir` holds a build at least as new as the renderer's sources (renderer/ and shared/ under root). */
export function rendererState(dir: string, root: string): RendererState {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return 'missing';
  // A packaged app ships the build without its sources: nothing to compare, nothing to rebuild.
  if (!existsSync(join(root, 'renderer'))) return 'fresh';
  const built = statSync(index).mtimeMs;
  return Math.max(newest(join(root, 'renderer')), newest(join(root, 'shared'))) > built ? 'stale' : 'fresh';
}

/** Vite's command-line entry, or undefined when dev dependencies are not installed. */
export function viteBin(root: string): string | undefined {
  try {
    const pkg = createRequire(join(root, 'package.json')).resolve('vite/package.json');
    const bin = join(dirname(pkg), 'bin', 'vite.js');
    return existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

/** Builds the UI into outDir (replacing it whole). Throws with Vite's last lines when it fails. */
export async function buildRenderer(outDir: string, root: string, timeoutMs = 180_000): Promise<void> {
  const vite = viteBin(root);
  if (!vite) throw new Error('Vite is not installed (run `npm install` in the Lanebot folder, with its dev dependencies).');
  const tmp = join(dirname(outDir), `.renderer-build-${process.pid}-${Date.now()}`);
  const output: string[] = [];
  try {
    await new Promise<void>((ok, fail) => {
      const child = spawn(process.execPath, [vite, 'build', '--config', join(root, 'renderer', 'vite.config.ts'), '--outDir', tmp, '--emptyOutDir', '--logLevel', 'warn'], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NODE_ENV: 'production' },
      });
      const keep = (d: Buffer) => output.push(String(d));
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.once('error', (e) => {
        clearTimeout(timer);
        fail(e);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (code === 0 && existsSync(join(tmp, 'index.html'))) ok();
        else fail(new Error(`Building the UI failed (${signal ?? `exit ${code}`}): ${output.join('').trim().split('\n').slice(-8).join('\n')}`));
      });
    });
    const old = `${tmp}-old`;
    if (existsSync(outDir)) renameSync(outDir, old);
    renameSync(tmp, outDir);
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Makes sure dir holds a current build: builds it when missing or stale. Answers what it did; a
 * failed build of a stale UI keeps serving the old one.
 */
export async function ensureRenderer(dir: string, root: string, say: (line: string) => void): Promise<RendererState | 'built' | 'failed'> {
  const state = rendererState(dir, root);
  if (state === 'fresh') return state;
  if (!viteBin(root)) {
    say(state === 'missing' ? 'The UI is not built and Vite is not installed: run `npm install`, then `npm run build:renderer`.' : 'The UI build is older than its sources; `npm run build:renderer` updates it.');
    return state;
  }
  say(state === 'missing' ? 'Building the UI (first start)…' : 'The UI sources changed since the last build: building it again…');
  const t = Date.now();
  try {
    await buildRenderer(dir, root);
    say(`UI built in ${((Date.now() - t) / 1000).toFixed(1)} s.`);
    return 'built';
  } catch (e) {
    say(`${(e as Error).message}${state === 'stale' ? '\nServing the previous build.' : ''}`);
    return 'failed';
  }
}
