// Nights run a few at a time; a release night gets the machine to itself. It is judged to the
// millisecond (competitors take the lane 150 ms after the opening), and a second night's browser
// and model busy on the same two cores at that instant measures the neighbour, not Lanebot — the
// same reason the timing test files run one at a time.
import type { NightSpec } from './night';

export function needsWholeMachine(spec: Pick<NightSpec, 'fault'>): boolean {
  return spec.fault === 'release' || spec.fault === 'release-recipe';
}

export interface Slots {
  /** Runs `fn` once `need` of the slots are free (first come, first served). */
  run<T>(fn: () => Promise<T>, need?: number): Promise<T>;
}

export function createSlots(size: number): Slots {
  let free = size;
  const waiting: { need: number; go: () => void }[] = [];
  const wake = () => {
    while (waiting.length && waiting[0]!.need <= free) {
      const w = waiting.shift()!;
      free -= w.need;
      w.go();
    }
  };
  return {
    async run(fn, need = 1) {
      const n = Math.min(Math.max(1, need), size);
      await new Promise<void>((go) => {
        waiting.push({ need: n, go });
        wake();
      });
      try {
        return await fn();
      } finally {
        free += n;
        wake();
      }
    },
  };
}
