// Builds the "daypicker" site's browser code (React + react-day-picker) with esbuild once per process and
// keeps it in memory, and reads react-day-picker's stylesheet from node_modules, so the site serves
// everything from 127.0.0.1 and works offline.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
let js: Promise<string> | undefined;
let css: string | undefined;

/** The minified IIFE bundle of app.tsx (started on first call, shared by every venue in the process). */
export function appBundle(): Promise<string> {
  js ??= build({
    entryPoints: [join(import.meta.dirname, 'app.tsx')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    jsx: 'automatic',
    minify: true,
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  }).then((r) => r.outputFiles[0]!.text);
  // A failed build is not cached, so a fixed source builds on the next request.
  js.catch(() => {
    js = undefined;
  });
  return js;
}

/** react-day-picker's own stylesheet, as the library ships it. */
export function dayPickerCss(): string {
  css ??= readFileSync(require.resolve('react-day-picker/style.css'), 'utf8');
  return css;
}
