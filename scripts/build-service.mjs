// Bundles the headless service and CLI (electron/service/cli.ts) into dist/service/cli.mjs, so
// `lanebot serve` runs as plain Node without the TypeScript loader (≈40 MB less resident memory
// for a process that idles all day). bin/lanebot.mjs uses it while it is newer than the sources.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SERVICE_BUNDLE = join(root, 'dist', 'service', 'cli.mjs');

// The agent is a bundle of its own, imported on first use: bundled together, esbuild would hoist
// playwright-core's import to the top and the idle service would load it at start.
const agentApart = {
  name: 'agent-apart',
  setup(b) {
    b.onResolve({ filter: /^(\.\.\/)+agent$/ }, () => ({ path: './agent.mjs', external: true }));
  },
};

export async function buildService() {
  const common = { bundle: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', sourcemap: 'linked', logLevel: 'warning', absWorkingDir: root };
  await build({ ...common, entryPoints: [join(root, 'agent', 'index.ts')], outfile: join(root, 'dist', 'service', 'agent.mjs') });
  await build({
    ...common,
    plugins: [agentApart],
    entryPoints: [join(root, 'electron', 'service', 'cli.ts')],
    outfile: SERVICE_BUNDLE,
  });
  return SERVICE_BUNDLE;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const t = Date.now();
  await buildService();
  console.log(`Built the service into ${SERVICE_BUNDLE} in ${Date.now() - t} ms`);
}
