// The import-boundary lint must really fail on what it forbids: each case below builds a tiny tree with the
// project's folder names, adds one forbidden import, and runs dependency-cruiser with the project's own rules.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');
const DEPCRUISE = join(ROOT, 'node_modules/.bin/depcruise');

/** A clean miniature of the layers: everything allowed, nothing forbidden. */
const CLEAN: Record<string, string> = {
  'agent/types.ts': 'export interface Want { date: string }\n',
  'agent/core/failure.ts': "import type { Want } from '../types';\nexport const f = (w: Want) => w.date;\n",
  'agent/browser/launch.ts': "import { f } from '../core/failure';\nexport const launch = f;\n",
  'agent/index.ts': "export { launch } from './browser/launch';\n",
  'agent/core/redact.ts': 'export const redact = (s: string) => s;\n',
  // The agent's second, light entry: the service may use it eagerly (see the rule's comment).
  'agent/redact.ts': "export { redact } from './core/redact';\n",
  'shared/contract.ts': 'export const methods = [] as string[];\n',
  'electron/service/index.ts': "import { launch } from '../../agent/index';\nimport { redact } from '../../agent/redact';\nimport { methods } from '../../shared/contract';\nexport const svc = [launch, redact, methods];\n",
  'electron/shell/tray.ts': "import { app } from 'electron';\nimport { svc } from '../service/index';\nexport const tray = [app, svc];\n",
  'renderer/src/App.tsx': "import { methods } from '../../shared/contract';\nexport const App = () => methods.length;\n",
};

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'lanebot-lint-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

async function cruise(extra: Record<string, string>): Promise<{ ok: boolean; out: string }> {
  const tree = await mkdtemp(join(dir, 'tree-'));
  const files = { ...CLEAN, ...extra, 'tsconfig.json': JSON.stringify({ compilerOptions: { moduleResolution: 'bundler', module: 'ESNext', jsx: 'react-jsx', allowImportingTsExtensions: true } }) };
  for (const [p, text] of Object.entries(files)) {
    await mkdir(dirname(join(tree, p)), { recursive: true });
    await writeFile(join(tree, p), text);
  }
  // A stand-in 'electron' package, so the import resolves to an npm module as it does in the project.
  await mkdir(join(tree, 'node_modules/electron'), { recursive: true });
  await writeFile(join(tree, 'node_modules/electron/package.json'), JSON.stringify({ name: 'electron', version: '1.0.0', main: 'index.js', types: 'index.d.ts' }));
  await writeFile(join(tree, 'node_modules/electron/index.js'), 'exports.app = {};\n');
  await writeFile(join(tree, 'node_modules/electron/index.d.ts'), 'export declare const app: object;\n');
  await writeFile(join(tree, 'package.json'), JSON.stringify({ name: 'probe', dependencies: { electron: '1.0.0' } }));
  const folders = ['agent', 'electron', 'shared', 'renderer'];
  try {
    const r = await run(DEPCRUISE, [...folders, '--config', join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'err'], { cwd: tree });
    return { ok: true, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

describe('import boundaries (dependency-cruiser with .dependency-cruiser.cjs)', () => {
  it('pass a tree that keeps every layer', async () => {
    const r = await cruise({});
    expect(r.out).toContain('no dependency violations');
    expect(r.ok).toBe(true);
  });

  it.each<[string, Record<string, string>, string]>([
    ['an import cycle', { 'agent/core/a.ts': "import { b } from './b';\nexport const a = () => b;\n", 'agent/core/b.ts': "import { a } from './a';\nexport const b = () => a;\n" }, 'no-circular'],
    ['the agent importing the service', { 'agent/core/bad.ts': "import { svc } from '../../electron/service/index';\nexport const bad = svc;\n" }, 'agent-knows-nothing-of-the-app'],
    ['the renderer importing the service at run time', { 'renderer/src/bad.ts': "import { svc } from '../../electron/service/index';\nexport const bad = svc;\n" }, 'renderer-talks-through-the-contract'],
    ["'electron' imported outside the shell", { 'electron/service/bad.ts': "import { app } from 'electron';\nexport const bad = app;\n" }, 'electron-only-in-the-shell'],
    ['agent/types.ts importing the agent', { 'agent/types.ts': "import { f } from './core/failure';\nexport interface Want { date: string }\nexport const g = f;\n" }, 'agent-types-is-a-leaf'],
    ['a lower agent layer importing a higher one', { 'agent/core/up.ts': "import { launch } from '../browser/launch';\nexport const up = launch;\n" }, 'agent-core-layer'],
    ['the service importing an agent folder instead of an entry', { 'electron/service/bad.ts': "import { redact } from '../../agent/core/redact';\nexport const bad = redact;\n" }, 'service-uses-the-agent-through-its-entry'],
    ['shared code importing the service', { 'shared/bad.ts': "import { svc } from '../electron/service/index';\nexport const bad = svc;\n" }, 'shared-is-shared'],
  ])('fail on %s', async (_what, extra, rule) => {
    const r = await cruise(extra);
    expect(r.ok).toBe(false);
    expect(r.out).toContain(rule);
  });
}, 60_000);
