import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Node } from 'jsonc-parser';
import type { TaskConfig } from '../model/task.js';
import type { WorkspacePackage } from '../workspace/workspace.js';
import { configError, parseTasksNode, properties, type ConfigText } from './parse-pipeline-node.js';
import type { PipelineConfig } from './pipeline-config.js';

/** In a package config's list, stands for the list the package inherits (turbo's `$TURBO_EXTENDS$`). */
const EXTENDS_MARKER = '$TURBO_EXTENDS$';
const LIST_KEYS = ['dependsOn', 'inputs', 'outputs', 'env'] as const;

/**
 * Turbo's package configurations: a `turbo.json` (or `turbo.jsonc`) in a package directory, `"extends": ["//"]`,
 * whose `tasks` override the root's for that package only, key by key (a package's Next.js build with its own
 * `outputs`). A list replaces the inherited one, unless it holds `$TURBO_EXTENDS$`, which stands for it. Each becomes
 * the `pkg#task` entry of `config`; a `pkg#task` key inside a package config is an error, as in turbo.
 */
export async function withTurboPackageConfigs(
  config: PipelineConfig,
  packages: readonly WorkspacePackage[],
  treeOf: (source: ConfigText) => Promise<Node>,
): Promise<PipelineConfig> {
  let packageTasks: Record<string, TaskConfig> | undefined;
  for (const pkg of packages) {
    // The root as a workspace package (`.` in the workspace globs): its turbo.json is the root config itself.
    if (pkg.relativeDir === '.') continue;
    const source = readPackageConfig(pkg.dir);
    if (source === undefined) continue;
    const entries = properties(await treeOf(source), '(turbo package config)', source);
    const tasks = entries.find(([key]) => key === 'tasks') ?? entries.find(([key]) => key === 'pipeline');
    if (tasks === undefined) continue;
    const parsed = parseTasksNode(tasks[1], tasks[0], source);
    const scoped = properties(tasks[1], tasks[0], source).find(([key]) => Object.hasOwn(parsed.packageTasks, key));
    if (scoped !== undefined) {
      throw configError(source, scoped[2], `Expected task names without a package in a package's turbo.json, got \`${scoped[0]}\``, `Name the task alone (\`${scoped[0].split('#').pop()}\`): this file configures ${pkg.name} only.`);
    }
    packageTasks ??= { ...config.packageTasks };
    for (const [task, override] of Object.entries(parsed.tasks)) {
      const key = `${pkg.name}#${task}`;
      packageTasks[key] = extendTaskConfig(config.packageTasks[key] ?? config.tasks[task] ?? {}, override);
    }
  }
  return packageTasks === undefined ? config : { ...config, packageTasks };
}

/** `override` on top of `base`, key by key; a list with `$TURBO_EXTENDS$` keeps the base's entries in its place. */
export function extendTaskConfig(base: TaskConfig, override: TaskConfig): TaskConfig {
  const result: TaskConfig = { ...base, ...override };
  for (const key of LIST_KEYS) {
    const list = override[key];
    if (list === undefined || !list.includes(EXTENDS_MARKER)) continue;
    result[key] = list.flatMap((entry) => (entry === EXTENDS_MARKER ? (base[key] ?? []) : [entry]));
  }
  return result;
}

function readPackageConfig(dir: string): ConfigText | undefined {
  for (const name of ['turbo.json', 'turbo.jsonc']) {
    const file = path.join(dir, name);
    // Synchronous, as the root config's read, and checked first: most packages have none, and a failed read throws
    // (a stack trace each, for every package of a large workspace, at every run).
    if (!existsSync(file)) continue;
    try {
      return { file, text: readFileSync(file, 'utf8'), lenient: true };
    } catch {
      // Gone in between, or a folder: no config here.
    }
  }
  return undefined;
}
