import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'pool',
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // Most of these tests wait on process start-up and on timers, not on the CPU: two files at a time keep
    // the suite well under a minute on a busy 2-core machine (vitest would default to one there).
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    teardownTimeout: 10_000,
  },
});
