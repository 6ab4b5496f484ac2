// The recipe and release figures come from the recipes work's own bench support
// (tests/release/bench-support.ts). Loaded on demand, so the bench still reports everything else —
// with "not measured (reason)" rows — while that support is missing or changes shape.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { VenueLayout } from '../../tests/venue/index';

export interface ReplayFigure {
  layout: VenueLayout;
  replayMs: number;
  handMs: number;
}
export interface ReleaseFigure {
  releases: number;
  medianMs: number;
  p95Ms: number;
  worstMs: number;
  early: number;
}

export interface RecipesSupport {
  replay?(layout: VenueLayout): Promise<ReplayFigure>;
  release?(n: number): Promise<ReleaseFigure>;
  /** Why a figure is unavailable. */
  missing: string;
}

const SUPPORT = join(import.meta.dirname, '..', '..', 'tests', 'release', 'bench-support.ts');

export async function loadRecipesSupport(): Promise<RecipesSupport> {
  if (!existsSync(SUPPORT)) return { missing: 'tests/release/bench-support.ts (the recipes work’s bench support) is not there yet' };
  return { missing: 'tests/release/bench-support.ts exports no function this bench knows yet' };
}
