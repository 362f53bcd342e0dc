import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RunnerError } from '../../src/errors.js';
import { discoverWorkspace } from '../../src/workspace/discover-workspace.js';
import { selectPackages } from '../../src/workspace/filter/select-packages.js';
import type { Workspace } from '../../src/workspace/workspace.js';
import { pkg, pnpmWorkspace, tempWorkspace, type TempWorkspace } from './temp-workspace.js';

// core ← utils ← ui ← app;  core ← server;  docs stands alone.
let ws: TempWorkspace;
let workspace: Workspace;
beforeAll(async () => {
  ws = await tempWorkspace(
    pnpmWorkspace({
      core: pkg('@acme/core'),
      utils: pkg('@acme/utils', ['@acme/core']),
      ui: pkg('@acme/ui', ['@acme/utils']),
      app: pkg('app', ['@acme/ui']),
      server: pkg('server', ['@acme/core']),
      docs: pkg('docs'),
    }),
  );
  workspace = await discoverWorkspace(ws.root);
});
afterAll(async () => {
  await ws[Symbol.asyncDispose]();
});

async function select(filters: string[], cwd = ws.root): Promise<string[]> {
  return (await selectPackages(workspace, filters, { cwd })).packages.map((p) => p.name).sort();
}

async function failure(filters: string[]): Promise<RunnerError> {
  const error = await selectPackages(workspace, filters, { cwd: ws.root }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RunnerError);
  return error as RunnerError;
}

describe('selectPackages', () => {
  test('no filters select every package', async () => {
    expect(await select([])).toEqual(['@acme/core', '@acme/ui', '@acme/utils', 'app', 'docs', 'server']);
  });

  test('a name and a scope glob select by name', async () => {
    expect(await select(['app'])).toEqual(['app']);
    expect(await select(['@acme/*'])).toEqual(['@acme/core', '@acme/ui', '@acme/utils']);
    expect(await select(['*s*'])).toEqual(['@acme/utils', 'docs', 'server']);
  });

  test('an unscoped name selects the one scoped package it names', async () => {
    expect(await select(['ui'])).toEqual(['@acme/ui']);
  });

  test('several filters are a union', async () => {
    expect(await select(['app', 'docs'])).toEqual(['app', 'docs']);
  });

  test('`pkg...` adds dependencies and `pkg^...` only the dependencies', async () => {
    expect(await select(['@acme/ui...'])).toEqual(['@acme/core', '@acme/ui', '@acme/utils']);
    expect(await select(['@acme/ui^...'])).toEqual(['@acme/core', '@acme/utils']);
  });

  test('`...pkg` adds dependents and `...^pkg` only the dependents', async () => {
    expect(await select(['...@acme/utils'])).toEqual(['@acme/ui', '@acme/utils', 'app']);
    expect(await select(['...^@acme/utils'])).toEqual(['@acme/ui', 'app']);
  });

  test('`...pkg...` adds dependents and everything they depend on', async () => {
    expect(await select(['...@acme/utils...'])).toEqual(['@acme/core', '@acme/ui', '@acme/utils', 'app']);
  });

  test('`!` subtracts from the others, and alone from everything', async () => {
    expect(await select(['@acme/*', '!@acme/core'])).toEqual(['@acme/ui', '@acme/utils']);
    expect(await select(['!docs', '!server'])).toEqual(['@acme/core', '@acme/ui', '@acme/utils', 'app']);
    expect(await select(['app...', '!@acme/utils^...'])).toEqual(['@acme/ui', '@acme/utils', 'app']);
  });

  test('a directory selects the packages in it, relative to cwd, with or without braces and globs', async () => {
    expect(await select(['./packages/app'])).toEqual(['app']);
    expect(await select(['./app'], ws.path('packages'))).toEqual(['app']);
    expect(await select(['{./packages/u*}'])).toEqual(['@acme/ui', '@acme/utils']);
    expect(await select(['./packages'])).toHaveLength(6);
    expect(await select(['./packages/ui...'])).toEqual(['@acme/core', '@acme/ui', '@acme/utils']);
  });

  test('a name and a directory together must both match', async () => {
    expect(await select(['@acme/*{./packages/u*}'])).toEqual(['@acme/ui', '@acme/utils']);
  });

  test('a name that matches nothing is ERR_RUNNER_NO_MATCH naming the filter with close names in the hint', async () => {
    const error = await failure(['@acme/utlis']);
    expect(error.code).toBe('ERR_RUNNER_NO_MATCH');
    expect(error.message).toContain('@acme/utlis');
    expect(error.hint).toContain('@acme/utils');
  });

  test('an exclusion that matches nothing is an error too (a typo must not pass silently)', async () => {
    expect((await failure(['!dcs'])).code).toBe('ERR_RUNNER_NO_MATCH');
  });

  test('a directory with no package is ERR_RUNNER_NO_MATCH', async () => {
    expect((await failure(['./nowhere'])).code).toBe('ERR_RUNNER_NO_MATCH');
  });

  test.each(['...', '!', 'a{b', '[main', 'name[ref]{dir}', '...^'])('invalid syntax `%s` is ERR_RUNNER_FILTER', async (filter) => {
    expect((await failure([filter])).code).toBe('ERR_RUNNER_FILTER');
  });
});
