// Issue 13, item 14: the Node version Lanebot asks for is the one its installed packages accept.
// Every package Lanebot or its tests run with must accept every Node that package.json's `engines`
// allows (semver.subset). Packaging the desktop app (Electron 45's tooling: electron, @electron/get,
// @electron/rebuild, node-abi) asks for more: the README says which Node that takes, and the floor it
// gives must satisfy those packages too. The README states the same ranges as package.json.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const semver = createRequire(import.meta.url)('semver') as { subset(sub: string, dom: string): boolean; validRange(r: string): string | null };

interface LockEntry { version?: string; dev?: boolean; optional?: boolean; engines?: { node?: string } | string[]; dependencies?: Record<string, string>; optionalDependencies?: Record<string, string>; os?: string[]; cpu?: string[] }
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string }; dependencies: Record<string, string>; devDependencies: Record<string, string> };
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** Lock entries by package name (the hoisted copy first). */
const byName = new Map<string, [string, LockEntry][]>();
for (const [path, e] of Object.entries(lock.packages)) {
  if (!path) continue;
  const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
  byName.set(name, [...(byName.get(name) ?? []), [path, e]]);
}

/** Every package reachable from the given roots through the lock's dependency lists. */
function reachable(roots: string[]): Set<string> {
  const seen = new Set<string>();
  const pending = [...roots];
  while (pending.length) {
    const n = pending.pop()!;
    if (seen.has(n) || !byName.has(n)) continue;
    seen.add(n);
    for (const [, e] of byName.get(n)!) pending.push(...Object.keys({ ...e.dependencies, ...e.optionalDependencies }));
  }
  return seen;
}

const PACKAGING_ROOTS = ['electron', 'electron-builder'];
const otherRoots = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)].filter((n) => !PACKAGING_ROOTS.includes(n));
const runAndTest = reachable(otherRoots);
const packagingOnly = [...reachable(PACKAGING_ROOTS)].filter((n) => !runAndTest.has(n));

const nodeRange = (e: LockEntry) => (e.engines && !Array.isArray(e.engines) ? e.engines.node : undefined);

/** The packaging floor the README states: "packaging … needs Node ≥ X". */
function readmePackagingFloor(): string | undefined {
  return /packag[^.|]*?Node ≥ (\d+\.\d+(?:\.\d+)?)/i.exec(readme)?.[1];
}

describe('the Node floor', () => {
  it('package.json engines is a valid range', () => {
    expect(semver.validRange(pkg.engines.node)).not.toBeNull();
  });

  it('every package that runs Lanebot or its tests accepts every Node that engines allows', () => {
    const refused: string[] = [];
    for (const name of runAndTest)
      for (const [path, e] of byName.get(name) ?? []) {
        const r = nodeRange(e);
        // Platform-specific optional builds (esbuild, rolldown bindings) carry the same ranges as their parent.
        if (!r || !semver.validRange(r)) continue;
        if (!semver.subset(pkg.engines.node, r)) refused.push(`${path} wants ${r}`);
      }
    expect(refused).toEqual([]);
  });

  it('the README states the same range for running Lanebot and its tests', () => {
    const stated = [...readme.matchAll(/Node (\^?\d[\d.]*(?: \|\| [>=^]*\d[\d.]*)*)/g)].map((m) => m[1]);
    expect(stated.length).toBeGreaterThan(0);
    expect(readme).toContain(`Node ${pkg.engines.node}`);
  });

  it('packaging needs more, the README says how much, and that floor satisfies the packaging tools', () => {
    const floor = readmePackagingFloor();
    expect(floor, 'the README names the Node that packaging needs').toBeDefined();
    const wanting = packagingOnly.flatMap((n) => (byName.get(n) ?? []).map(([p, e]) => [p, nodeRange(e)] as const)).filter((x): x is readonly [string, string] => !!x[1] && !!semver.validRange(x[1]));
    // The tools that made Node 20 print EBADENGINE are among them, so this is not vacuous.
    expect(wanting.map(([p]) => p)).toEqual(expect.arrayContaining(['node_modules/electron', 'node_modules/@electron/get']));
    const refused = wanting.filter(([, r]) => !semver.subset(`>=${floor}`, r) && !semver.subset(`>=${floor} <23`, r));
    expect(refused).toEqual([]);
  });
});
