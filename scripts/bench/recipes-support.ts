// The recipe and release figures from the recipes work's own bench support
// (tests/release/bench-support.ts), plus the whole "trigger → verified booking" replay this bench
// adds on top (scripts/bench/replay-verified.ts). Kept in one place so bench.ts reads figures only.
import { benchReleaseLatency, benchReplayVsHand, type ReleaseLatency, type ReplayVsHand } from '../../tests/release/bench-support';
import type { VenueLayout } from '../../tests/venue/index';

export type { ReleaseLatency, ReplayVsHand };

/** book() with the recipe vs a new tab + bookByHand, each from a just-launched browser: login included, browser start and verification excluded (median of `runs`). */
export const replayBookVsHand = (layout: VenueLayout, runs = 5): Promise<ReplayVsHand> => benchReplayVsHand({ layout, runs });

/** N simulated releases, the venue clock skewed about ±5 s from the machine. */
export const releaseLatency = (n = 20): Promise<ReleaseLatency> => benchReleaseLatency({ n });
