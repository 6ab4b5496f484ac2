// Types for build-electron.mjs (plain JS so `npm run build:electron` needs no TypeScript loader).
import type { BuildResult } from 'esbuild';

export const MAIN_EXTERNALS: string[];
export function buildElectron(o?: { outDir?: string; minify?: boolean; logLevel?: 'silent' | 'error' | 'warning' | 'info' }): Promise<{
  main: BuildResult<{ metafile: true }>;
  preload: BuildResult<{ metafile: true }>;
  outDir: string;
}>;
