import * as path from 'node:path';
import { taskConfigFor, type PipelineConfig } from '../config/pipeline-config.js';
import { RunnerError } from '../errors.js';
import type { Task, TaskConfig } from '../model/task.js';
import { ROOT_PACKAGE, taskId, type TaskId } from '../model/task-id.js';
import type { Workspace, WorkspacePackage } from '../workspace/workspace.js';
import { detectCycles } from './detect-cycles.js';
import { keepOnly } from './keep-only.js';
import { reverseEdges } from './reverse-edges.js';
import type { TaskGraph } from './task-graph.js';

export interface BuildTaskGraphInput {
  workspace: Workspace;
  /** The selected packages (see `selectPackages`). */
  packages: readonly WorkspacePackage[];
  /** Script names to run in every selected package that has them. */
  scripts: readonly string[];
  config: PipelineConfig;
  /** Arguments after `--`, given to every task of a requested script name (not to other scripts pulled in as dependencies). */
  args: readonly string[];
  /**
   * The run covers the whole workspace (no `--filter`, no `--affected`, or one that fell back to every package; see
   * `PackageSelection.wholeWorkspace`): only then does a requested script also run as the root task the config
   * registers (`//#format`), as in turbo. A root task named in a `dependsOn` always runs, unless `only` leaves it out.
   * @default false
   */
  wholeWorkspace?: boolean;
  /**
   * Run only the named scripts of the selected packages, as turbo's `--only`: no task is added for a `dependsOn`
   * (`fanout run test --only` runs the tests without the builds they wait for). Kept tasks stay ordered as the full
   * graph orders them, also through a task that is left out.
   * @default false
   */
  only?: boolean;
}

/**
 * A root script that starts fanout again (`"build": "fanout run build"`, also through a path such as
 * `node_modules/.bin/fanout run`) would run this run inside itself.
 */
const RUNS_FANOUT = /(?:^|[\s;&|(/])fanout(?:\.js)?\s+run\b/;

/**
 * The task graph: each named script of every selected package that has it, plus everything those tasks depend on by
 * the config's `dependsOn` — `^build` (the `build` of each workspace dependency; through a dependency without a
 * `build`, the builds of its own dependencies, as turbo does), `build` (the same package's; ignored where the package
 * has none) and `pkg#task`. Dependencies outside the selection are included, as turbo does: `--filter app` still
 * builds the libraries app needs first, or app's build would fail on missing output; the cache makes them cheap.
 * With `only`, the graph is cut back to the named scripts of the selected packages (see {@link keepOnly}).
 *
 * Turbo's root tasks work as in turbo: `//#format` in the config makes `format` of the root package.json (which is
 * not a workspace package unless a glob names it) the task `//#format`, run for a requested `format` when the whole
 * workspace is selected, and for any task whose `dependsOn` names `//#format`. Its `^` dependencies find nothing.
 * Throws ERR_RUNNER_UNKNOWN_TASK for a script no selected package has, ERR_RUNNER_CYCLE for a cycle, and
 * ERR_RUNNER_CONFIG for a root task whose script runs `fanout run`.
 */
export function buildTaskGraph(input: BuildTaskGraphInput): TaskGraph {
  const { workspace, packages, scripts, config } = input;
  // The root as a target of its own (`//`) only when it is not a workspace package: then it is that package.
  const rootOnly = workspace.rootPackage !== undefined && workspace.byName.get(workspace.rootPackage.name) !== workspace.rootPackage ? workspace.rootPackage : undefined;
  const packageKey = (pkg: WorkspacePackage) => (pkg === rootOnly ? ROOT_PACKAGE : pkg.name);
  const packageNamed = (name: string) => (name === ROOT_PACKAGE ? workspace.rootPackage : workspace.byName.get(name));
  const rootScripts = new Set(
    input.wholeWorkspace && rootOnly ? scripts.filter((script) => config.packageTasks[taskId(ROOT_PACKAGE, script)] !== undefined && rootOnly.scripts[script] !== undefined) : [],
  );
  checkScriptsExist(packages, scripts, config, rootScripts, workspace);

  const tasks = new Map<TaskId, Task>();
  const queue: Task[] = [];
  const add = (pkg: WorkspacePackage, script: string): TaskId => {
    const key = packageKey(pkg);
    const id = taskId(key, script);
    if (!tasks.has(id)) {
      const command = pkg.scripts[script] ?? '';
      if (pkg === rootOnly && RUNS_FANOUT.test(command)) throw recursiveRootTask(id, command, config.source);
      const task: Task = {
        id,
        packageName: key,
        dir: pkg.dir,
        script,
        command,
        args: [],
        dependencies: [],
        config: persistentDefaults(taskConfigFor(config, key, script)),
      };
      tasks.set(id, task);
      queue.push(task);
    }
    return id;
  };
  for (const pkg of packages) {
    for (const script of new Set(scripts)) {
      if (pkg.scripts[script] !== undefined) add(pkg, script);
    }
  }
  if (rootOnly) for (const script of rootScripts) add(rootOnly, script);
  const requested = new Set(tasks.keys());

  const providers = new Map<string, WorkspacePackage[]>();
  for (let index = 0; index < queue.length; index++) {
    const task = queue[index]!;
    const pkg = packageNamed(task.packageName)!;
    const dependencies = new Set<TaskId>();
    for (const dependsOn of task.config.dependsOn ?? []) {
      if (dependsOn.startsWith('^')) {
        if (pkg === rootOnly) continue;
        const script = dependsOn.slice(1);
        for (const provider of nearestProviders(workspace, pkg, script, providers)) dependencies.add(add(provider, script));
      } else if (dependsOn.includes('#')) {
        const at = dependsOn.lastIndexOf('#');
        const [name, script] = [dependsOn.slice(0, at), dependsOn.slice(at + 1)];
        const target = packageNamed(name);
        if (target === undefined) {
          if (name === ROOT_PACKAGE) continue; // no root package.json, so no root script to run
          throw unknownPackage(dependsOn, task.id, config.source, workspace);
        }
        if (target.scripts[script] !== undefined) dependencies.add(add(target, script));
      } else if (pkg.scripts[dependsOn] !== undefined && dependsOn !== task.script) {
        dependencies.add(add(pkg, dependsOn));
      }
    }
    dependencies.delete(task.id);
    task.dependencies = [...dependencies].sort();
  }

  const sorted = new Map([...tasks.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  // On the whole graph, also under `only`: a cycle is a broken config whichever tasks this run keeps.
  const cycle = detectCycles(sorted);
  if (cycle) {
    throw new RunnerError('ERR_RUNNER_CYCLE', `Cycle detected: ${cycle.join(' -> ')}`, {
      hint: `Break the cycle in \`dependsOn\` (${config.source === 'defaults' ? 'the default pipeline follows package dependencies; check them' : config.source}).`,
    });
  }
  for (const task of sorted.values()) {
    const persistent = task.dependencies.find((dependency) => sorted.get(dependency)?.config.persistent === true);
    // It never finishes, so the task would wait for ever (turbo rejects this too).
    if (persistent !== undefined) {
      throw new RunnerError('ERR_RUNNER_CONFIG', `\`${task.id}\` depends on \`${persistent}\`, a persistent task, which never finishes`, {
        hint: `Remove the entry naming \`${persistent}\` from the \`dependsOn\` of \`${task.id}\`, or turn \`persistent\` off for it (${config.source}, or a package's turbo.json).`,
      });
    }
  }
  // Like turbo: `fanout run test -- --coverage` passes `--coverage` to every `test`, never to the `build`s it waits for.
  // Before `only` cuts the graph: a task it leaves out is fingerprinted as a whole run would run it.
  const named = new Set(scripts);
  for (const task of sorted.values()) if (named.has(task.script)) task.args = [...input.args];
  if (input.only) {
    const kept = keepOnly(sorted, requested);
    return { tasks: kept, dependents: reverseEdges(kept), wholeTasks: sorted };
  }
  return { tasks: sorted, dependents: reverseEdges(sorted) };
}

/**
 * The workspace dependencies of `pkg` that have `script`, looking through those that lack it to their own
 * dependencies. Memoised per package and script: a 1,000-package graph asks the same question many times.
 */
function nearestProviders(workspace: Workspace, pkg: WorkspacePackage, script: string, memo: Map<string, WorkspacePackage[]>): WorkspacePackage[] {
  const key = `${pkg.name}\0${script}`;
  const known = memo.get(key);
  if (known) return known;
  const found = new Map<string, WorkspacePackage>();
  const seen = new Set<string>([pkg.name]);
  const stack = [...pkg.workspaceDependencies].reverse();
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const dependency = workspace.byName.get(name);
    if (dependency === undefined) continue;
    if (dependency.scripts[script] !== undefined) found.set(name, dependency);
    else stack.push(...[...dependency.workspaceDependencies].reverse());
  }
  const result = [...found.values()];
  memo.set(key, result);
  return result;
}

function checkScriptsExist(
  packages: readonly WorkspacePackage[],
  scripts: readonly string[],
  config: PipelineConfig,
  rootScripts: ReadonlySet<string>,
  workspace: Workspace,
): void {
  if (packages.length === 0) return;
  const missing = scripts.filter((script) => !rootScripts.has(script) && !packages.some((pkg) => pkg.scripts[script] !== undefined));
  if (missing.length === 0) return;
  const existing = [...new Set(packages.flatMap((pkg) => Object.keys(pkg.scripts)))].sort();
  const names = missing.map((script) => `\`${script}\``).join(', ');
  const rootTask = missing.find((script) => config.packageTasks[taskId(ROOT_PACKAGE, script)] !== undefined);
  if (rootTask !== undefined) {
    const root = workspace.rootPackage;
    const rootHasIt = root?.scripts[rootTask] !== undefined;
    throw new RunnerError(
      'ERR_RUNNER_UNKNOWN_TASK',
      `No selected package has a script named ${names}; \`//#${rootTask}\` in ${config.source} is a root task, ${rootHasIt ? 'which runs only when the whole workspace is selected' : 'but the root package.json has no such script'}`,
      {
        hint: rootHasIt
          ? `Run it without \`--filter\` and \`--affected\`, or make a selected task depend on it (\`"dependsOn": ["//#${rootTask}"]\`).`
          : `Add a \`${rootTask}\` script to ${root?.manifestPath ?? path.join(workspace.root, 'package.json')}, or remove \`//#${rootTask}\` from ${config.source}.`,
      },
    );
  }
  throw new RunnerError(
    'ERR_RUNNER_UNKNOWN_TASK',
    `No selected package has a script named ${names} (${packages.length} package${packages.length === 1 ? '' : 's'} selected)`,
    {
      hint:
        existing.length === 0
          ? 'The selected packages have no scripts at all.'
          : `Scripts that exist: ${existing.slice(0, 30).join(', ')}${existing.length > 30 ? `, … (${existing.length} in all)` : ''}.`,
    },
  );
}

/** A persistent task is not cached unless its config says `cache: true`: a hit would replay a dev server, not start it. */
function persistentDefaults(config: TaskConfig): TaskConfig {
  return config.persistent === true && config.cache === undefined ? { ...config, cache: false } : config;
}

function recursiveRootTask(id: TaskId, command: string, source: string): RunnerError {
  return new RunnerError('ERR_RUNNER_CONFIG', `Root task ${id} runs \`${command}\`, which would start fanout again inside this run`, {
    ...(source === 'defaults' ? {} : { file: source }),
    hint: `A root task runs the root package.json script itself: give \`${id}\` a script that does the work (not \`fanout run\`), or remove it from ${source}.`,
  });
}

function unknownPackage(dependsOn: string, from: TaskId, source: string, workspace: Workspace): RunnerError {
  return new RunnerError('ERR_RUNNER_CONFIG', `\`dependsOn\` of ${from} names \`${dependsOn}\`, but no workspace package is named \`${dependsOn.slice(0, dependsOn.lastIndexOf('#'))}\``, {
    ...(source === 'defaults' ? {} : { file: source }),
    hint: `Workspace packages: ${workspace.packages.slice(0, 20).map((pkg) => pkg.name).join(', ')}${workspace.packages.length > 20 ? ', …' : ''}.`,
  });
}
