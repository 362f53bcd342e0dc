import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'pool',
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    teardownTimeout: 10_000,
  },
});
