import { describe, expect, test } from 'vitest';
import { RunnerError } from '../../src/errors.js';
import { buildTaskGraph } from '../../src/graph/build-task-graph.js';
import { shardTasks } from '../../src/graph/shard-tasks.js';
import type { TaskGraph } from '../../src/graph/task-graph.js';
import type { PipelineConfig } from '../../src/config/pipeline-config.js';
import type { Workspace } from '../../src/workspace/workspace.js';
import { configOf, defaultPipelineConfig, workspaceOf } from './workspace-of.js';

function plan(workspace: Workspace, scripts: string[], config: PipelineConfig = defaultPipelineConfig(), only?: string[], args: string[] = []): TaskGraph {
  const packages = only === undefined ? workspace.packages : workspace.packages.filter((p) => only.includes(p.name));
  return buildTaskGraph({ workspace, packages, scripts, config, args });
}

/** `{ 'app#build': ['lib#build'] }` for easy comparison. */
function edges(graph: TaskGraph): Record<string, string[]> {
  return Object.fromEntries([...graph.tasks.values()].map((task) => [task.id, task.dependencies]));
}

function failure(fn: () => unknown): RunnerError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RunnerError);
    return error as RunnerError;
  }
  throw new Error('expected a RunnerError');
}

const chain = workspaceOf({
  lib: { scripts: ['build', 'lint', 'test'] },
  ui: { deps: ['lib'], scripts: ['build', 'lint', 'test'] },
  app: { deps: ['ui'], scripts: ['build', 'test'] },
});

describe('buildTaskGraph', () => {
  test('each named script of every package that has it, with the default pipeline', () => {
    expect(edges(plan(chain, ['build', 'lint', 'test']))).toEqual({
      'app#build': ['ui#build'],
      'app#test': ['app#build'],
      'lib#build': [],
      'lib#lint': [],
      'lib#test': ['lib#build'],
      'ui#build': ['lib#build'],
      'ui#lint': [],
      'ui#test': ['ui#build'],
    });
  });

  test('tasks carry the script text, the package dir and config; args go to tasks of the named scripts only', () => {
    const graph = plan(chain, ['test'], defaultPipelineConfig(), undefined, ['--coverage']);
    const test = graph.tasks.get('app#test' as never)!;
    expect(test).toMatchObject({ packageName: 'app', script: 'test', command: 'test app', dir: '/repo/packages/app', args: ['--coverage'], config: { dependsOn: ['build'] } });
    expect(graph.tasks.get('app#build' as never)!.args).toEqual([]);
  });

  test('dependencies outside the selection are pulled in, so a filtered build still builds what it needs', () => {
    const graph = plan(chain, ['build'], defaultPipelineConfig(), ['app']);
    expect([...graph.tasks.keys()]).toEqual(['app#build', 'lib#build', 'ui#build']);
  });

  test('`test` depending on its own `build` is skipped where the package has no build', () => {
    const workspace = workspaceOf({ a: { scripts: ['test'] } });
    expect(edges(plan(workspace, ['test']))).toEqual({ 'a#test': [] });
  });

  test('`^build` reaches through a dependency without a build to the builds below it', () => {
    const workspace = workspaceOf({ base: {}, types: { deps: ['base'], scripts: ['lint'] }, app: { deps: ['types'] } });
    expect(edges(plan(workspace, ['build']))).toEqual({ 'app#build': ['base#build'], 'base#build': [] });
  });

  test('`pkg#task` depends on a named package task, and package-specific config replaces the generic one', () => {
    const config = configOf({ build: { dependsOn: ['^build'] }, deploy: { dependsOn: ['build', 'lib#test'] } }, { 'lib#build': { dependsOn: [] } });
    const workspace = workspaceOf({ lib: { scripts: ['build', 'test'] }, app: { deps: ['lib'], scripts: ['build', 'deploy'] } });
    expect(edges(plan(workspace, ['deploy'], config))).toEqual({
      'app#build': ['lib#build'],
      'app#deploy': ['app#build', 'lib#test'],
      'lib#build': [],
      'lib#test': [],
    });
  });

  test('with a config file, a task it does not list has no dependencies', () => {
    expect(edges(plan(chain, ['test'], configOf({ build: { dependsOn: ['^build'] } })))).toEqual({ 'app#test': [], 'lib#test': [], 'ui#test': [] });
  });

  test('a script no selected package has is ERR_RUNNER_UNKNOWN_TASK listing the scripts that exist', () => {
    const error = failure(() => plan(chain, ['build', 'tset']));
    expect(error.code).toBe('ERR_RUNNER_UNKNOWN_TASK');
    expect(error.message).toContain('`tset`');
    expect(error.hint).toContain('build, lint, test');
  });

  test('the script must exist among the selected packages, not anywhere', () => {
    expect(failure(() => plan(chain, ['lint'], defaultPipelineConfig(), ['app'])).code).toBe('ERR_RUNNER_UNKNOWN_TASK');
  });

  test('no selected packages give an empty graph, not an error', () => {
    expect(plan(chain, ['build'], defaultPipelineConfig(), []).tasks.size).toBe(0);
  });

  test('a dependsOn naming a package that does not exist is ERR_RUNNER_CONFIG', () => {
    expect(failure(() => plan(chain, ['build'], configOf({ build: { dependsOn: ['ghost#build'] } }))).code).toBe('ERR_RUNNER_CONFIG');
  });

  test('a cycle is ERR_RUNNER_CYCLE naming it', () => {
    const workspace = workspaceOf({ a: { deps: ['b'] }, b: { deps: ['a'] } });
    const error = failure(() => plan(workspace, ['build']));
    expect(error.code).toBe('ERR_RUNNER_CYCLE');
    expect(error.message).toBe('Cycle detected: a#build -> b#build -> a#build');
  });

  test('a cycle through config between scripts of one package is found too', () => {
    const workspace = workspaceOf({ a: { scripts: ['build', 'gen'] } });
    const error = failure(() => plan(workspace, ['build'], configOf({ build: { dependsOn: ['gen'] }, gen: { dependsOn: ['build'] } })));
    expect(error.message).toBe('Cycle detected: a#build -> a#gen -> a#build');
  });

  test('a persistent task is uncached unless its config says otherwise, and nothing may depend on it', () => {
    const graph = plan(chain, ['test', 'lint'], configOf({ test: { persistent: true }, lint: { persistent: true, cache: true } }));
    expect([graph.tasks.get('lib#test' as never)!.config, graph.tasks.get('lib#lint' as never)!.config]).toEqual([
      { persistent: true, cache: false },
      { persistent: true, cache: true },
    ]);
    const error = failure(() => plan(chain, ['build'], configOf({ build: { dependsOn: ['^build'], persistent: true } })));
    // The first task in id order that waits on one.
    expect([error.code, error.message]).toEqual(['ERR_RUNNER_CONFIG', '`app#build` depends on `ui#build`, a persistent task, which never finishes']);
  });

  test('dependents are the reverse edges, with an entry for every task', () => {
    const graph = plan(chain, ['build']);
    expect(Object.fromEntries(graph.dependents)).toEqual({ 'app#build': [], 'lib#build': ['ui#build'], 'ui#build': ['app#build'] });
  });

  describe('only (turbo\'s `--only`)', () => {
    const onlyPlan = (workspace: Workspace, scripts: string[], config: PipelineConfig = defaultPipelineConfig(), selected?: string[]) => {
      const packages = selected === undefined ? workspace.packages : workspace.packages.filter((p) => selected.includes(p.name));
      return buildTaskGraph({ workspace, packages, scripts, config, args: ['--ci'], only: true });
    };

    test('runs the named scripts without the tasks they depend on', () => {
      const graph = onlyPlan(chain, ['test']);
      expect(edges(graph)).toEqual({ 'app#test': [], 'lib#test': [], 'ui#test': [] });
      expect(Object.fromEntries(graph.dependents)).toEqual({ 'app#test': [], 'lib#test': [], 'ui#test': [] });
      expect(graph.tasks.get('app#test' as never)!.args).toEqual(['--ci']);
    });

    test('keeps the order between named tasks, and adds no package outside the selection', () => {
      expect(edges(onlyPlan(chain, ['build', 'test']))).toEqual(edges(plan(chain, ['build', 'test'])));
      expect(edges(onlyPlan(chain, ['build'], defaultPipelineConfig(), ['app', 'ui']))).toEqual({ 'app#build': ['ui#build'], 'ui#build': [] });
    });

    test('orders two named tasks through a task it leaves out', () => {
      // app#build waits for ui#build, which waits for lib#build: with ui outside the selection, app still waits for lib.
      const graph = onlyPlan(chain, ['build'], defaultPipelineConfig(), ['app', 'lib']);
      expect(edges(graph)).toEqual({ 'app#build': ['lib#build'], 'lib#build': [] });
      // app#build lost ui#build, whose fingerprint the scheduler makes from the whole graph; lib#build lost nothing.
      expect([graph.tasks.get('app#build' as never)!.leftOut, graph.tasks.get('lib#build' as never)!.leftOut]).toEqual([['ui#build'], undefined]);
      // The whole graph keeps the dependencies as planned, and the arguments a whole run gives a named script.
      expect(Object.fromEntries([...graph.wholeTasks!].map(([id, task]) => [id, [task.dependencies, task.args]]))).toEqual({
        'app#build': [['ui#build'], ['--ci']],
        'lib#build': [[], ['--ci']],
        'ui#build': [['lib#build'], ['--ci']],
      });
      expect(plan(chain, ['build']).wholeTasks).toBeUndefined();
      // A matrix shard keeps it too: the tasks a shard leaves out still need fingerprints.
      expect(shardTasks(graph, { index: 1, total: 2 }).wholeTasks).toBe(graph.wholeTasks);
      const config = configOf({ build: { dependsOn: ['gen'] }, gen: { dependsOn: ['^build'] } });
      const workspace = workspaceOf({ lib: { scripts: ['build', 'gen'] }, app: { deps: ['lib'], scripts: ['build', 'gen'] } });
      expect(edges(onlyPlan(workspace, ['build'], config))).toEqual({ 'app#build': ['lib#build'], 'lib#build': [] });
    });

    test('looks through a chain of 20,000 left-out tasks without running out of stack', () => {
      const spec: Record<string, { deps?: string[]; scripts?: string[] }> = {};
      for (let index = 0; index < 20_000; index++) spec[`p${index}`] = { deps: index === 0 ? [] : [`p${index - 1}`], scripts: ['build'] };
      const workspace = workspaceOf(spec);
      const graph = onlyPlan(workspace, ['build'], defaultPipelineConfig(), ['p0', 'p19999']);
      expect(edges(graph)).toEqual({ 'p0#build': [], 'p19999#build': ['p0#build'] });
    });

    test('still rejects a cycle among the tasks it leaves out', () => {
      const workspace = workspaceOf({ lib: { scripts: ['build', 'gen', 'test'] } });
      const config = configOf({ test: { dependsOn: ['build'] }, build: { dependsOn: ['gen'] }, gen: { dependsOn: ['build'] } });
      expect(failure(() => onlyPlan(workspace, ['test'], config)).code).toBe('ERR_RUNNER_CYCLE');
    });
  });

  describe("turbo's root tasks (`//#task`)", () => {
    /** chain, plus a root package.json (not a workspace package) with its own scripts. */
    function withRoot(scripts: Record<string, string>, name = 'monorepo'): Workspace {
      return {
        ...chain,
        rootPackage: { name, version: undefined, dir: '/repo', relativeDir: '.', manifestPath: '/repo/package.json', scripts, workspaceDependencies: ['lib'], manifest: {} },
      };
    }
    const whole = (workspace: Workspace, scripts: string[], config: PipelineConfig, only?: string[]) =>
      buildTaskGraph({ workspace, packages: only ? workspace.packages.filter((p) => only.includes(p.name)) : workspace.packages, scripts, config, args: [], wholeWorkspace: only === undefined });

    test('a requested script runs as the root task the config registers, in the root, when the whole workspace is selected', () => {
      const graph = whole(withRoot({ lint: 'eslint .' }), ['lint'], configOf({ lint: {} }, { '//#lint': { dependsOn: ['^build'] } }));
      expect(edges(graph)).toEqual({ '//#lint': [], 'lib#lint': [], 'ui#lint': [] });
      expect(graph.tasks.get('//#lint' as never)).toMatchObject({ packageName: '//', dir: '/repo', script: 'lint', command: 'eslint .' });
    });

    test('a root script the config does not register as //#task does not run', () => {
      expect([...whole(withRoot({ lint: 'eslint .' }), ['lint'], configOf({ lint: {} })).tasks.keys()]).toEqual(['lib#lint', 'ui#lint']);
    });

    test('with a filter, a root task runs only when a selected task depends on it', () => {
      const config = configOf({ build: { dependsOn: ['^build', '//#generate'] }, lint: {} }, { '//#generate': {}, '//#lint': {} });
      const workspace = withRoot({ generate: 'gen', lint: 'eslint .' });
      expect(edges(whole(workspace, ['build', 'lint'], config, ['lib']))).toEqual({ '//#generate': [], 'lib#build': ['//#generate'], 'lib#lint': [] });
    });

    test('with only, a requested root task still runs on the whole workspace, and one reached only by dependsOn does not', () => {
      const config = configOf({ build: { dependsOn: ['^build', '//#generate'] }, lint: {} }, { '//#generate': {}, '//#lint': {} });
      const workspace = withRoot({ generate: 'gen', lint: 'eslint .' });
      const graph = buildTaskGraph({ workspace, packages: workspace.packages, scripts: ['build', 'lint'], config, args: [], wholeWorkspace: true, only: true });
      expect(edges(graph)).toEqual({
        '//#lint': [],
        'app#build': ['ui#build'],
        'lib#build': [],
        'lib#lint': [],
        'ui#build': ['lib#build'],
        'ui#lint': [],
      });
      expect(graph.tasks.get('lib#build' as never)!.leftOut).toEqual(['//#generate']);
      expect(graph.tasks.get('lib#lint' as never)!.leftOut).toBeUndefined();
    });

    test('a dependsOn //#task is ignored when the root has no such script, as pkg#task is', () => {
      const config = configOf({ build: { dependsOn: ['//#generate'] } });
      expect(edges(whole(withRoot({}), ['build'], config))).toEqual({ 'app#build': [], 'lib#build': [], 'ui#build': [] });
      expect(edges(whole(chain, ['build'], config))).toEqual({ 'app#build': [], 'lib#build': [], 'ui#build': [] });
    });

    test('a root that is a workspace package is the target of //#task under its own name', () => {
      const root = { name: 'monorepo', version: '1.0.0', dir: '/repo', relativeDir: '.', manifestPath: '/repo/package.json', scripts: { generate: 'gen' }, workspaceDependencies: [], manifest: {} };
      const packages = [root, ...chain.packages];
      const workspace: Workspace = { ...chain, packages, byName: new Map(packages.map((p) => [p.name, p])), rootPackage: root };
      const graph = whole(workspace, ['build'], configOf({ build: { dependsOn: ['//#generate'] } }), ['lib']);
      expect(edges(graph)).toEqual({ 'lib#build': ['monorepo#generate'], 'monorepo#generate': [] });
    });

    test('a root task whose script runs `fanout run` is ERR_RUNNER_CONFIG, not a run inside the run', () => {
      const error = failure(() => whole(withRoot({ build: 'fanout run build' }), ['build'], configOf({ build: { dependsOn: ['^build'] } }, { '//#build': {} })));
      expect(error.code).toBe('ERR_RUNNER_CONFIG');
      expect(error.message).toBe('Root task //#build runs `fanout run build`, which would start fanout again inside this run');
      for (const command of ['pnpm i && fanout run build', 'node ./node_modules/.bin/fanout run build', 'node bin/fanout.js run build']) {
        expect(failure(() => whole(withRoot({ build: command }), ['build'], configOf({}, { '//#build': {} }))).code).toBe('ERR_RUNNER_CONFIG');
      }
      // Only fanout's own `run`: other tools with fanout in the name, or fanout's other commands, are fine.
      for (const command of ['fanout-lint run', 'fanout cache clean', 'echo fanout']) {
        expect(whole(withRoot({ build: command }), ['build'], configOf({}, { '//#build': {} })).tasks.has('//#build' as never)).toBe(true);
      }
    });

    test('a script only a root task has, under a filter, is ERR_RUNNER_UNKNOWN_TASK saying why', () => {
      const config = configOf({}, { '//#format': {} });
      const filtered = failure(() => whole(withRoot({ format: 'prettier -w .' }), ['format'], config, ['lib']));
      expect(filtered.code).toBe('ERR_RUNNER_UNKNOWN_TASK');
      expect(filtered.message).toContain('`//#format` in /repo/fanout.json is a root task, which runs only when the whole workspace is selected');
      const missing = failure(() => whole(withRoot({}), ['format'], config));
      expect(missing.message).toContain('but the root package.json has no such script');
      expect(missing.hint).toContain('Add a `format` script to /repo/package.json');
    });
  });
});
