import { defineConfig } from 'vitest/config';

// One run covers every package; each project keeps its own config so `vitest run` also works inside a package.
// CI asks for a JSON report too (FANOUT_VITEST_JSON), from which .ci/run prints its closing line.
const json = process.env['FANOUT_VITEST_JSON'];

export default defineConfig({
  test: {
    projects: ['packages/pool', 'packages/runner', 'action', 'test'],
    // Most tests wait on process start-up and timers, not on the CPU: two files at a time keep the suite short on
    // a 2-core machine (vitest would default to one there). Set here, once: projects may not differ in it.
    maxWorkers: 2,
    reporters: json ? ['default', ['json', { outputFile: json }]] : ['default'],
  },
});
