// The matrix's night pool: ordinary nights share the machine two at a time, a release night runs alone.
import { describe, expect, it } from 'vitest';
import { createSlots, needsWholeMachine } from './slots';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('night slots', () => {
  it('runs two at a time, and a whole-machine night only when nothing else runs (first come, first served)', async () => {
    const slots = createSlots(2);
    let running = 0;
    const seen: string[] = [];
    const night = (name: string, need: number) =>
      slots.run(async () => {
        running++;
        seen.push(`${name}:${running}`);
        await tick();
        running--;
      }, need);
    await Promise.all([night('a', 1), night('b', 1), night('release', 2), night('c', 1), night('d', 1)]);
    expect(seen).toEqual(['a:1', 'b:2', 'release:1', 'c:1', 'd:2']);
  });

  it('gives release nights the machine, no others', () => {
    expect(needsWholeMachine({ fault: 'release' })).toBe(true);
    expect(needsWholeMachine({ fault: 'release-recipe' })).toBe(true);
    expect(needsWholeMachine({ fault: 'cancellation' })).toBe(false);
    expect(needsWholeMachine({ fault: 'competitors' })).toBe(false);
  });
});
