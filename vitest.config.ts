import { defineConfig } from 'vitest/config';

// One run covers every package; each project keeps its own config so `vitest run` also works inside a package.
export default defineConfig({
  test: {
    projects: ['packages/pool', 'packages/runner', 'action', 'test'],
  },
});
