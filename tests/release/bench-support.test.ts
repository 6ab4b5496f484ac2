// Smoke test of the bench helpers (scripts/bench.ts calls them with more runs): they run end to end and
// report numbers that mean what they say.
import { describe, expect, it } from 'vitest';
import { benchReleaseLatency, benchReplayVsHand, stats } from './bench-support';

describe('bench support', () => {
  it('stats', () => {
    expect(stats([5, 1, 3, 2, 4])).toEqual({ n: 5, median: 3, p95: 5, worst: 5, best: 1, mean: 3 });
    expect(stats([1, 2, 3, 4]).median).toBe(2.5);
  });

  it('replay vs the hand-written baseline', async () => {
    const r = await benchReplayVsHand({ layout: 'cards', runs: 1 });
    expect(r.replayMs.n).toBe(1);
    expect(r.handMs.n).toBe(1);
    expect(r.modelRequests).toBe(0);
    expect(r.ratio).toBeGreaterThan(0);
  }, 90_000);

  it('release latency over simulated releases with a skewed clock', async () => {
    const r = await benchReleaseLatency({ n: 2 });
    expect(r.msAfterRelease).toHaveLength(2);
    expect(r.early).toBe(0);
    expect(r.failed).toBe(0);
    expect(r.stats.worst).toBeLessThan(1000);
  }, 90_000);
});
