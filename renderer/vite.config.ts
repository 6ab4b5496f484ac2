// Builds the React UI into dist/renderer with relative asset paths, so the same files load from
// Electron (file:// or a custom protocol) and from the headless service's HTTP root.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The dev server's React refresh preamble is an inline script, which the production CSP rightly
 * blocks. Only in `vite serve` do we drop the CSP meta; built files keep it untouched.
 */
function devWithoutCsp(): Plugin {
  return {
    name: 'lanebot-dev-without-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(/<meta\s+http-equiv="Content-Security-Policy"[\s\S]*?\/>/, ''),
  };
}

export default defineConfig({
  root,
  base: './',
  plugins: [react(), devWithoutCsp()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
});
