// `npm install && npx lanebot serve` on a fresh checkout: serve builds the UI when dist/renderer is
// missing (and again when its sources are newer than the build), so the first page is the UI, not
// "The UI is not built yet". Built into a temporary folder here, never over the shared dist/.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureRenderer, rendererState } from '../../electron/service/ui-build';

const ROOT = resolve(import.meta.dirname, '..', '..');
const base = mkdtempSync(join(tmpdir(), 'lanebot-ui-build-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('the UI build on serve', () => {
  it('builds a missing UI, leaves a fresh one alone, and rebuilds one older than its sources', async () => {
    const dir = join(base, 'dist', 'renderer');
    const said: string[] = [];
    expect(rendererState(dir, ROOT)).toBe('missing');
    expect(await ensureRenderer(dir, ROOT, (l) => said.push(l))).toBe('built');
    expect(said[0]).toBe('Building the UI (first start)…');
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    expect(html).toContain('<div id="root"></div>');
    expect(html).toMatch(/<script type="module" crossorigin src="\.\/assets\/index-[\w-]+\.js"><\/script>/);
    expect(rendererState(dir, ROOT)).toBe('fresh');
    expect(await ensureRenderer(dir, ROOT, (l) => said.push(l))).toBe('fresh');
    // A build from before the last source change (a git pull, say) is stale.
    utimesSync(join(dir, 'index.html'), new Date('2001-01-01'), new Date('2001-01-01'));
    expect(rendererState(dir, ROOT)).toBe('stale');
    expect(await ensureRenderer(dir, ROOT, (l) => said.push(l))).toBe('built');
    expect(rendererState(dir, ROOT)).toBe('fresh');
    // Nothing left behind from the swap.
    expect(existsSync(join(base, 'dist'))).toBe(true);
    expect(readdirSync(join(base, 'dist'))).toEqual(['renderer']);
  }, 120_000);
});
