// Test runner setup. Two groups: everything else first (two files at a time), then the tests that
// measure time against the venue's clock (release firing, latency faults, the night matrix), one
// file at a time, so their millisecond judgements are not made on a machine busy with other
// Chromium tests. Renderer component tests opt into happy-dom per file.
import { defineConfig } from 'vitest/config';

const TIMING = ['tests/release/**/*.test.ts', 'tests/matrix/**/*.test.ts', 'tests/venue/faults.test.ts', 'tests/venue/clock.test.ts', 'tests/venue/rules.test.ts'];
const ALL = ['tests/**/*.test.ts', 'tests/**/*.test.tsx', 'electron/**/*.test.ts', 'agent/**/*.test.ts', 'renderer/**/*.test.tsx'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    setupFiles: ['tests/setup.ts'],
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'main', include: ALL, exclude: ['**/node_modules/**', ...TIMING], maxWorkers: 2, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'timing', include: TIMING, fileParallelism: false, maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
