import { describe, expect, test } from 'vitest';
import { loadPipelineConfig } from '../../src/config/load-pipeline-config.js';
import { RunnerError } from '../../src/errors.js';
import { discoverWorkspace } from '../../src/workspace/discover-workspace.js';
import { pkg, pnpmWorkspace, tempWorkspace, type Files } from '../workspace/temp-workspace.js';

async function load(files: Files) {
  await using ws = await tempWorkspace({ ...pnpmWorkspace({ a: pkg('a') }), ...files });
  const config = await loadPipelineConfig(await discoverWorkspace(ws.root));
  return { ...config, source: config.source.replace(ws.root, '<root>') };
}

async function failure(files: Files): Promise<RunnerError> {
  const error = await load(files).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RunnerError);
  return error as RunnerError;
}

describe('loadPipelineConfig', () => {
  test('without config, builds wait for dependency builds and test for its own build', async () => {
    const config = await load({});
    expect(config.source).toBe('defaults');
    expect(config.tasks['build']).toEqual({ dependsOn: ['^build'] });
    expect(config.tasks['typecheck']).toEqual({ dependsOn: ['^build'] });
    expect(config.tasks['test']).toEqual({ dependsOn: ['build'] });
    expect(config.tasks['lint']).toEqual({});
  });

  test('fanout.json is read with every task field and `pkg#task` entries kept apart', async () => {
    const config = await load({
      'fanout.json': {
        $schema: './schema.json',
        tasks: {
          build: { dependsOn: ['^build'], inputs: ['src/**'], outputs: ['dist/**'], env: ['NODE_ENV'], cache: true, timeout: 60000, retries: 1 },
          'a#test': { dependsOn: ['build', 'b#build'], cache: false },
        },
      },
    });
    expect(config).toEqual({
      source: '<root>/fanout.json',
      tasks: { build: { dependsOn: ['^build'], inputs: ['src/**'], outputs: ['dist/**'], env: ['NODE_ENV'], cache: true, timeout: 60000, retries: 1 } },
      packageTasks: { 'a#test': { dependsOn: ['build', 'b#build'], cache: false } },
    });
  });

  test('the root package.json `fanout` key is used when there is no fanout.json', async () => {
    const config = await load({ 'package.json': { name: 'root', fanout: { tasks: { lint: { dependsOn: ['^lint'] } } } } });
    expect([config.source, config.tasks]).toEqual(['<root>/package.json', { lint: { dependsOn: ['^lint'] } }]);
  });

  test('fanout.json wins over the package.json key and turbo.json', async () => {
    const config = await load({
      'fanout.json': { tasks: { build: {} } },
      'package.json': { name: 'root', fanout: { tasks: { lint: {} } } },
      'turbo.json': { tasks: { test: {} } },
    });
    expect(config.tasks).toEqual({ build: {} });
  });

  test('turbo.json `tasks` are read, turbo-only keys skipped, `persistent` kept, legacy $ENV dependencies read as env', async () => {
    const config = await load({
      'turbo.json': {
        $schema: 'https://turborepo.com/schema.json',
        ui: 'tui',
        tasks: { build: { dependsOn: ['^build', '$NODE_ENV'], outputs: ['dist/**'], outputLogs: 'new-only', inputs: ['$TURBO_DEFAULT$', '!README.md'] }, dev: { persistent: true, cache: false } },
      },
    });
    expect(config.tasks).toEqual({ build: { dependsOn: ['^build'], outputs: ['dist/**'], inputs: ['$DEFAULT', '!README.md'], env: ['NODE_ENV'] }, dev: { persistent: true, cache: false } });
    const legacy = await load({ 'turbo.json': { globalDependencies: ['$CI', '.env'], pipeline: { build: { env: ['MODE'], dependsOn: ['$STAGE', '^build'] } } } });
    expect([legacy.globalDependencies, legacy.globalEnv, legacy.tasks]).toEqual([['.env'], ['CI'], { build: { dependsOn: ['^build'], env: ['MODE', 'STAGE'] } }]);
  });

  test('`globalDependencies` and `globalEnv` are read from fanout.json, the package.json key and turbo.json', async () => {
    const global = { globalDependencies: ['tsconfig.base.json', '.env*'], globalEnv: ['CI', 'NEXT_PUBLIC_*'] };
    expect(await load({ 'fanout.json': { tasks: {}, ...global } })).toMatchObject(global);
    expect(await load({ 'package.json': { name: 'root', fanout: global } })).toMatchObject(global);
    expect(await load({ 'turbo.json': { ...global, tasks: { build: {} } } })).toMatchObject({ ...global, tasks: { build: {} } });
    expect(await load({ 'turbo.json': global })).toMatchObject({ ...global, tasks: {} });
    const none = await load({ 'fanout.json': { tasks: {} } });
    expect([none.globalDependencies, none.globalEnv]).toEqual([undefined, undefined]);
  });

  test.each([
    ['fanout.json', 'globalDependencies', '"tsconfig.json"'],
    ['fanout.json', 'globalEnv', '[""]'],
    ['turbo.json', 'globalDependencies', '[1]'],
  ])('in %s, `%s: %s` is ERR_RUNNER_CONFIG on the line of the value', async (file, key, value) => {
    const error = await failure({ [file]: `{\n  "tasks": {},\n  "${key}": ${value}\n}\n` });
    expect([error.code, error.line]).toEqual(['ERR_RUNNER_CONFIG', 3]);
    expect(error.message).toContain(key);
  });

  test("a package's turbo.json overrides the root's tasks for it key by key; $TURBO_EXTENDS$ keeps the root's list", async () => {
    const config = await load({
      'turbo.json': { tasks: { build: { dependsOn: ['^build'], outputs: ['dist/**'], env: ['MODE'] }, 'a#lint': { cache: false }, test: { env: ['$TURBO_EXTENDS$', 'CI'] } } },
      'packages/a/turbo.json': {
        extends: ['//'],
        tasks: { build: { outputs: ['.next/**', '!.next/cache/**'], env: ['$TURBO_EXTENDS$', 'NEXT_PUBLIC_*'] }, lint: { inputs: ['src/**'] }, e2e: { dependsOn: ['build'] } },
      },
    });
    // The root's own entries are untouched, and a marker there (meaningless) is dropped.
    expect([config.tasks['build'], config.tasks['test']]).toEqual([{ dependsOn: ['^build'], outputs: ['dist/**'], env: ['MODE'] }, { env: ['CI'] }]);
    expect(config.packageTasks).toEqual({
      'a#build': { dependsOn: ['^build'], outputs: ['.next/**', '!.next/cache/**'], env: ['MODE', 'NEXT_PUBLIC_*'] },
      'a#lint': { cache: false, inputs: ['src/**'] },
      'a#e2e': { dependsOn: ['build'] },
    });
  });

  test('the root turbo.json is not read again as a package config when the root is a workspace package', async () => {
    const config = await load({
      'pnpm-workspace.yaml': 'packages:\n  - "."\n  - "packages/*"\n',
      'turbo.json': { tasks: { build: { outputs: ['dist/**'] }, 'a#build': { outputs: ['out/**'] } } },
    });
    expect([config.tasks, config.packageTasks]).toEqual([{ build: { outputs: ['dist/**'] } }, { 'a#build': { outputs: ['out/**'] } }]);
  });

  test("a package's turbo.json is ERR_RUNNER_CONFIG at a `pkg#task` key, and is not read under fanout.json", async () => {
    const error = await failure({ 'turbo.json': { tasks: {} }, 'packages/a/turbo.json': '{\n  "extends": ["//"],\n  "tasks": {\n    "a#build": {}\n  }\n}\n' });
    expect([error.code, error.line, error.column]).toEqual(['ERR_RUNNER_CONFIG', 4, 5]);
    expect(error.message).toContain('a#build');
    expect(error.file).toMatch(/packages\/a\/turbo\.json$/);
    const fanout = await load({ 'fanout.json': { tasks: { build: {} } }, 'turbo.json': { tasks: {} }, 'packages/a/turbo.json': { extends: ['//'], tasks: { build: { outputs: ['x'] } } } });
    expect(fanout.packageTasks).toEqual({});
  });

  test('a legacy turbo.jsonc `pipeline` with comments is read', async () => {
    const config = await load({ 'turbo.jsonc': '{\n  // old style\n  "pipeline": { "build": { "dependsOn": ["^build"], }, },\n}\n' });
    expect([config.source, config.tasks]).toEqual(['<root>/turbo.jsonc', { build: { dependsOn: ['^build'] } }]);
  });

  test('malformed fanout.json is ERR_RUNNER_CONFIG at the syntax error', async () => {
    const error = await failure({ 'fanout.json': '{\n  "tasks": {\n    "build": { "dependsOn": ["^build"] }\n    "lint": {}\n  }\n}\n' });
    expect([error.code, error.line, error.column]).toEqual(['ERR_RUNNER_CONFIG', 4, 5]);
    expect(error.file).toMatch(/fanout\.json$/);
  });

  test('an unknown task key is ERR_RUNNER_CONFIG pointing at the key, with a suggestion', async () => {
    const error = await failure({ 'fanout.json': '{\n  "tasks": {\n    "build": {\n      "dependOn": ["^build"]\n    }\n  }\n}\n' });
    expect([error.code, error.line, error.column]).toEqual(['ERR_RUNNER_CONFIG', 4, 7]);
    expect(error.message).toContain('tasks.build.dependOn');
    expect(error.hint).toContain('dependsOn');
  });

  test('an unknown top-level key is an error', async () => {
    const error = await failure({ 'fanout.json': '{ "pipeline": {} }' });
    expect([error.code, error.line, error.column]).toEqual(['ERR_RUNNER_CONFIG', 1, 3]);
  });

  test.each([
    ['dependsOn', '"^build"'],
    ['dependsOn', '[1]'],
    ['dependsOn', '["^"]'],
    ['inputs', '[""]'],
    ['outputs', '{}'],
    ['env', 'true'],
    ['cache', '"yes"'],
    ['timeout', '0'],
    ['timeout', '1.5'],
    ['retries', '-1'],
    ['persistent', '"yes"'],
  ])('`%s: %s` is ERR_RUNNER_CONFIG on the line of the value', async (key, value) => {
    const error = await failure({ 'fanout.json': `{\n  "tasks": {\n    "build": {\n      "${key}": ${value}\n    }\n  }\n}\n` });
    expect([error.code, error.line]).toEqual(['ERR_RUNNER_CONFIG', 4]);
    expect(error.message).toContain(`tasks.build.${key}`);
  });

  test('a wrong type inside package.json `fanout` names the file and key path', async () => {
    const error = await failure({ 'package.json': '{\n  "name": "root",\n  "fanout": { "tasks": { "build": { "cache": 1 } } }\n}\n' });
    expect([error.code, error.line]).toEqual(['ERR_RUNNER_CONFIG', 3]);
    expect(error.message).toContain('fanout.tasks.build.cache');
    expect(error.file).toMatch(/package\.json$/);
  });
});
