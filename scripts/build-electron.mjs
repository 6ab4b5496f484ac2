// Bundles the Electron main process and the preload with esbuild:
//   electron/main.ts    → dist/electron/main.cjs     (Node, CJS: Electron's main loads it via package.json "main")
//   electron/preload.ts → dist/electron/preload.cjs  (one sandboxed CJS file: a sandboxed preload cannot require siblings)
// playwright-core stays unbundled (it locates its own files and spawns browsers from its package
// folder); ESM-only packages such as lowdb are converted to CJS by esbuild.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Packages the main bundle must load from node_modules at run time. */
export const MAIN_EXTERNALS = ['electron', 'playwright-core', 'playwright-core/*', 'chromium-bidi', 'chromium-bidi/*'];

export async function buildElectron({ outDir = join(root, 'dist', 'electron'), minify = false, logLevel = 'warning' } = {}) {
  const common = { bundle: true, format: 'cjs', sourcemap: 'linked', minify, logLevel, absWorkingDir: root, legalComments: 'none' };
  const [main, preload] = await Promise.all([
    build({
      ...common,
      entryPoints: [join(root, 'electron', 'main.ts')],
      outfile: join(outDir, 'main.cjs'),
      platform: 'node',
      target: 'node22', // Electron 45 ships Node 22
      external: MAIN_EXTERNALS,
      // CJS has no import.meta; code that finds files relative to itself gets the bundle's own URL.
      define: { 'import.meta.url': '__lanebot_import_meta_url', 'import.meta.dirname': '__dirname', 'import.meta.filename': '__filename' },
      banner: { js: 'const __lanebot_import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
      metafile: true,
    }),
    build({
      ...common,
      entryPoints: [join(root, 'electron', 'preload.ts')],
      outfile: join(outDir, 'preload.cjs'),
      // A sandboxed preload has no Node built-ins: building for the browser makes any slip a build error.
      platform: 'browser',
      target: 'chrome140',
      external: ['electron'],
      metafile: true,
    }),
  ]);
  return { main, preload, outDir };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const t = Date.now();
  const { outDir } = await buildElectron();
  console.log(`Built the Electron main and preload into ${outDir} in ${Date.now() - t} ms`);
}
