// Test runner setup: node environment by default; renderer component tests opt into happy-dom per file.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx', 'electron/**/*.test.ts', 'agent/**/*.test.ts', 'renderer/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Browser tests share two cores; more parallel files only adds contention.
    maxWorkers: 2,
    pool: 'forks',
  },
});
