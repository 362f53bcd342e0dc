import { beforeEach, describe, expect, test, vi } from 'vitest';
import { loadPipelineConfig } from '../../src/config/load-pipeline-config.js';
import { RunnerError } from '../../src/errors.js';
import { discoverWorkspace } from '../../src/workspace/discover-workspace.js';
import { pkg, pnpmWorkspace, tempWorkspace, type Files } from '../workspace/temp-workspace.js';

// jsonc-parser as it is, counting the positioned trees built: a valid config must not need one.
const trees = vi.hoisted(() => ({ built: 0 }));
vi.mock('jsonc-parser', async (importOriginal) => {
  const actual = await importOriginal<typeof import('jsonc-parser')>();
  return {
    ...actual,
    parseTree: (...args: Parameters<typeof actual.parseTree>) => {
      trees.built++;
      return actual.parseTree(...args);
    },
  };
});

beforeEach(() => {
  trees.built = 0;
});

async function load(files: Files) {
  await using ws = await tempWorkspace({ ...pnpmWorkspace({ a: pkg('a') }), ...files });
  // Awaited here, inside the scope: returned bare, the promise would be left without a handler while the
  // workspace is disposed, and its rejection reported as unhandled.
  return await loadPipelineConfig(await discoverWorkspace(ws.root));
}

describe('config parsing cost', () => {
  test('a valid fanout.json or package.json `fanout` is read without building a positioned tree', async () => {
    const fromFile = await load({ 'fanout.json': { tasks: { build: { dependsOn: ['^build'], outputs: ['dist/**'], cache: false, retries: 1 } } } });
    expect(fromFile.tasks['build']).toEqual({ dependsOn: ['^build'], outputs: ['dist/**'], cache: false, retries: 1 });
    const fromManifest = await load({ 'package.json': { name: 'root', fanout: { tasks: { 'a#lint': { env: ['CI'] } } } } });
    expect(fromManifest.packageTasks['a#lint']).toEqual({ env: ['CI'] });
    expect(trees.built).toBe(0);
  });

  test('an invalid one still reports the line and column, from the positioned tree', async () => {
    const error = await load({ 'fanout.json': '{\n  "tasks": {\n    "build": {\n      "cache": "yes"\n    }\n  }\n}\n' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RunnerError);
    expect([(error as RunnerError).line, (error as RunnerError).column]).toEqual([4, 16]);
    expect(trees.built).toBe(1);
  });
});
