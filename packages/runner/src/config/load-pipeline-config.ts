import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Node } from 'jsonc-parser';
import { RunnerError } from '../errors.js';
import type { Workspace } from '../workspace/workspace.js';
import { parseJsonFile } from '../workspace/parse-json-file.js';
import { defaultPipelineConfig, type PipelineConfig } from './pipeline-config.js';
import { extendTaskConfig, withTurboPackageConfigs } from './turbo-package-configs.js';
import { configError, parseTasksNode, properties, stringList, type ConfigText } from './parse-pipeline-node.js';

/** Top-level keys of fanout.json (and of the package.json `"fanout"` object). */
const FANOUT_KEYS = ['$schema', 'tasks', 'globalDependencies', 'globalEnv'];

/**
 * The workspace's task pipeline, from the first source present: `fanout.json` at the root, the root package.json
 * `"fanout"` key, `turbo.json` / `turbo.jsonc` (`tasks`, or the legacy `pipeline`, with the packages' own turbo.json
 * package configurations), else {@link defaultPipelineConfig}.
 * fanout config is checked strictly (unknown keys are errors, to catch typos); turbo files are read leniently, since
 * they hold turbo-only keys. Every error names the file, line and column. With a config file, a task name it does not
 * list has no dependencies, as in turbo.
 */
export async function loadPipelineConfig(workspace: Workspace): Promise<PipelineConfig> {
  const fanoutFile = path.join(workspace.root, 'fanout.json');
  const fanoutText = await readOptional(fanoutFile);
  if (fanoutText !== undefined) {
    const source: ConfigText = { file: fanoutFile, text: fanoutText, lenient: false };
    const value = await parseJsonFile(fanoutText, fanoutFile, 'ERR_RUNNER_CONFIG');
    return (await fromPlainValue(value, '', source)) ?? fromFanoutNode(await treeOf(source, false), '', source);
  }

  const manifestFile = path.join(workspace.root, 'package.json');
  const manifestText = await readOptional(manifestFile);
  if (manifestText !== undefined) {
    const manifest = await parseJsonFile(manifestText, manifestFile, 'ERR_RUNNER_MANIFEST');
    // Most manifests have no `"fanout"` key: only one that has needs the positioned tree (and jsonc-parser).
    if (typeof manifest === 'object' && manifest !== null && Object.hasOwn(manifest, 'fanout')) {
      const source: ConfigText = { file: manifestFile, text: manifestText, lenient: false };
      const fromValue = await fromPlainValue((manifest as Record<string, unknown>)['fanout'], 'fanout.', source);
      if (fromValue) return fromValue;
      const { findNodeAtLocation } = await import('jsonc-parser');
      const node = findNodeAtLocation(await treeOf(source, false, 'ERR_RUNNER_MANIFEST'), ['fanout']);
      if (node !== undefined) return fromFanoutNode(node, 'fanout.', source);
    }
  }

  for (const name of ['turbo.json', 'turbo.jsonc']) {
    const file = path.join(workspace.root, name);
    const text = await readOptional(file);
    if (text === undefined) continue;
    const source: ConfigText = { file, text, lenient: true };
    const root = await treeOf(source, true);
    const entries = properties(root, '(turbo config)', source);
    const tasks = entries.find(([key]) => key === 'tasks') ?? entries.find(([key]) => key === 'pipeline');
    const parsed = tasks === undefined ? { tasks: {}, packageTasks: {} } : parseTasksNode(tasks[1], tasks[0], source);
    // `$TURBO_EXTENDS$` means something in a package config only.
    for (const group of [parsed.tasks, parsed.packageTasks]) for (const [name, task] of Object.entries(group)) group[name] = extendTaskConfig({}, task);
    const config = { source: file, ...parsed, ...globalInputs(entries, '', source) };
    return withTurboPackageConfigs(config, workspace.packages, (packageSource) => treeOf(packageSource, true));
  }
  return defaultPipelineConfig();
}

/**
 * The config validated on a tree made from `JSON.parse`'s value, which has no positions: jsonc-parser (its own chunk,
 * as large as the rest of planning) then loads only when there is an error to point at. `undefined` when there is
 * one: the caller validates again on the positioned tree, which throws it with its line and column.
 */
async function fromPlainValue(value: unknown, prefix: string, source: ConfigText): Promise<PipelineConfig | undefined> {
  try {
    return fromFanoutNode(plainTree(value), prefix, source);
  } catch (error) {
    if (error instanceof RunnerError) return undefined;
    throw error;
  }
}

/** A jsonc-parser `Node` for a parsed JSON value, with every offset 0 (only errors need positions). */
function plainTree(value: unknown): Node {
  if (Array.isArray(value)) return { type: 'array', offset: 0, length: 0, children: value.map(plainTree) };
  if (typeof value === 'object' && value !== null) {
    const children = Object.entries(value).map(([key, item]): Node => ({
      type: 'property',
      offset: 0,
      length: 0,
      children: [{ type: 'string', offset: 0, length: 0, value: key }, plainTree(item)],
    }));
    return { type: 'object', offset: 0, length: 0, children };
  }
  const type = value === null ? 'null' : typeof value === 'string' ? 'string' : typeof value === 'number' ? 'number' : 'boolean';
  return { type, offset: 0, length: 0, value };
}

function fromFanoutNode(node: Node, prefix: string, source: ConfigText): PipelineConfig {
  let result: Pick<PipelineConfig, 'tasks' | 'packageTasks'> = { tasks: {}, packageTasks: {} };
  const entries = properties(node, prefix === '' ? '(fanout config)' : 'fanout', source);
  for (const [key, value, keyNode] of entries) {
    if (key === 'tasks') result = parseTasksNode(value, `${prefix}tasks`, source);
    else if (!FANOUT_KEYS.includes(key)) {
      throw configError(
        source,
        keyNode,
        `Unknown key \`${prefix}${key}\``,
        'fanout config accepts `tasks`, `globalDependencies`, `globalEnv` (and `$schema`), e.g. `{ "tasks": { "build": { "dependsOn": ["^build"] } } }`.',
      );
    }
  }
  return { source: source.file, ...result, ...globalInputs(entries, prefix, source) };
}

/**
 * `globalDependencies` and `globalEnv` (turbo's keys, in either kind of file), present only when given. In
 * turbo.json a `$VAR` among the global dependencies is turbo 1's way to name a global env var.
 */
function globalInputs(entries: Array<[string, Node, Node]>, prefix: string, source: ConfigText): Pick<PipelineConfig, 'globalDependencies' | 'globalEnv'> {
  const result: Pick<PipelineConfig, 'globalDependencies' | 'globalEnv'> = {};
  for (const [key, value] of entries) {
    if (key === 'globalDependencies' || key === 'globalEnv') result[key] = [...(result[key] ?? []), ...stringList(value, `${prefix}${key}`, source)];
  }
  if (source.lenient && result.globalDependencies?.some((entry) => entry.startsWith('$'))) {
    const legacyEnv = result.globalDependencies.filter((entry) => entry.startsWith('$')).map((entry) => entry.slice(1));
    result.globalDependencies = result.globalDependencies.filter((entry) => !entry.startsWith('$'));
    result.globalEnv = [...(result.globalEnv ?? []), ...legacyEnv];
  }
  return result;
}

/** Parses the whole file (reporting syntax errors with their position) and returns its tree. */
async function treeOf(source: ConfigText, comments: boolean, code: 'ERR_RUNNER_CONFIG' | 'ERR_RUNNER_MANIFEST' = 'ERR_RUNNER_CONFIG'): Promise<Node> {
  await parseJsonFile(source.text, source.file, code, { comments });
  // Loaded only when a config file exists: positions in its error messages need the tree.
  const { parseTree } = await import('jsonc-parser');
  const tree = parseTree(source.text, [], { allowTrailingComma: comments, disallowComments: !comments });
  // parseJsonFile accepted the text, so a tree exists.
  return tree as Node;
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    // Synchronous: a small file read before anything runs (see readManifest).
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
