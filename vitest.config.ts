import { defineConfig } from 'vitest/config';

// One run covers every package; each project keeps its own config so `vitest run` also works inside a package.
// CI asks for a JSON report too (FANOUT_VITEST_JSON), from which .ci/run prints its closing line.
const json = process.env['FANOUT_VITEST_JSON'];

export default defineConfig({
  test: {
    projects: ['packages/pool', 'packages/runner', 'action', 'test'],
    reporters: json ? ['default', ['json', { outputFile: json }]] : ['default'],
  },
});
