#!/usr/bin/env node
// The `lanebot` command. It runs the bundled service (dist/service/cli.mjs, built by
// `npm run build:service`) when that is newer than every source file, and otherwise the TypeScript
// sources through tsx — so editing never runs stale code, and the idle service stays lean.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'service', 'cli.mjs');

function newestSource(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function bundleIsFresh() {
  if (!existsSync(bundle)) return false;
  const built = statSync(bundle).mtimeMs;
  return [join(root, 'electron', 'service'), join(root, 'agent'), join(root, 'shared')].every((d) => !existsSync(d) || newestSource(d) <= built);
}

let main;
if (bundleIsFresh()) {
  ({ main } = await import(pathToFileURL(bundle).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../electron/service/cli.ts'));
}
try {
  const code = await main(process.argv.slice(2));
  if (code >= 0) process.exit(code);
} catch (err) {
  console.error(`lanebot: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
