import type { Node } from 'jsonc-parser';
import { RunnerError } from '../errors.js';
import type { TaskConfig } from '../model/task.js';
import { textPosition } from '../workspace/text-position.js';

/** Keys a task may have in fanout config, in the order the docs list them. */
const TASK_KEYS = ['dependsOn', 'inputs', 'outputs', 'env', 'cache', 'timeout', 'retries', 'persistent'] as const;

export interface ConfigText {
  file: string;
  text: string;
  /** turbo.json: other tools' keys are skipped instead of rejected, and legacy `$ENV` dependencies become `env`. */
  lenient: boolean;
}

/** Validates a `{ "pkg#task" | "task": { … } }` object node, pointing every error at its key's position. */
export function parseTasksNode(node: Node, where: string, source: ConfigText): { tasks: Record<string, TaskConfig>; packageTasks: Record<string, TaskConfig> } {
  const tasks: Record<string, TaskConfig> = {};
  const packageTasks: Record<string, TaskConfig> = {};
  for (const [key, value, keyNode] of properties(node, where, source)) {
    if (key === '') throw configError(source, keyNode, `Expected task names in \`${where}\` to be non-empty, got \`""\``);
    const target = key.includes('#') && !key.startsWith('#') ? packageTasks : tasks;
    target[key] = parseTaskNode(value, `${where}.${key}`, source);
  }
  return { tasks, packageTasks };
}

function parseTaskNode(node: Node, where: string, source: ConfigText): TaskConfig {
  const config: TaskConfig = {};
  // turbo 1's `"dependsOn": ["$NODE_ENV"]` declared an env var the task's hash includes: it is one of its `env`.
  const legacyEnv: string[] = [];
  for (const [key, value, keyNode] of properties(node, where, source)) {
    const at = `${where}.${key}`;
    switch (key) {
      case 'dependsOn': {
        const deps = stringList(value, at, source);
        // `$TURBO_EXTENDS$` stands for a package config's inherited list (turbo-package-configs.ts).
        const legacy = (dep: string) => source.lenient && dep.startsWith('$') && dep !== '$TURBO_EXTENDS$';
        legacyEnv.push(...deps.filter(legacy).map((dep) => dep.slice(1)));
        config.dependsOn = deps.filter((dep) => !legacy(dep));
        for (const dep of config.dependsOn) {
          if (dep === '^' || dep.endsWith('#') || dep.startsWith('#')) throw configError(source, value, `Expected every entry of \`${at}\` to be \`task\`, \`^task\` or \`pkg#task\`, got \`${dep}\``);
        }
        break;
      }
      case 'inputs':
        config.inputs = stringList(value, at, source).map((glob) => (glob === '$TURBO_DEFAULT$' ? '$DEFAULT' : glob));
        break;
      case 'outputs':
        config.outputs = stringList(value, at, source);
        break;
      case 'env':
        config.env = stringList(value, at, source);
        break;
      case 'cache':
        if (value.type !== 'boolean') throw typeError(source, value, at, 'a boolean');
        config.cache = value.value as boolean;
        break;
      case 'persistent':
        if (value.type !== 'boolean') throw typeError(source, value, at, 'a boolean');
        config.persistent = value.value as boolean;
        break;
      case 'timeout':
        if (value.type !== 'number' || !Number.isInteger(value.value) || (value.value as number) <= 0) throw typeError(source, value, at, 'a positive integer of milliseconds');
        config.timeout = value.value as number;
        break;
      case 'retries':
        if (value.type !== 'number' || !Number.isInteger(value.value) || (value.value as number) < 0) throw typeError(source, value, at, 'an integer from 0 and up');
        config.retries = value.value as number;
        break;
      default:
        if (source.lenient) break;
        throw configError(source, keyNode, `Unknown key \`${at}\``, `A task accepts ${TASK_KEYS.map((known) => `\`${known}\``).join(', ')}.${suggest(key)}`);
    }
  }
  if (legacyEnv.length > 0) config.env = [...(config.env ?? []), ...legacyEnv];
  return config;
}

/** The `[key, value node, key node]` of an object node, or an error when the node is not an object. */
export function properties(node: Node, where: string, source: ConfigText): Array<[string, Node, Node]> {
  if (node.type !== 'object') throw typeError(source, node, where, 'an object');
  const result: Array<[string, Node, Node]> = [];
  for (const property of node.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (keyNode === undefined || valueNode === undefined) continue;
    result.push([keyNode.value as string, valueNode, keyNode]);
  }
  return result;
}

export function stringList(node: Node, where: string, source: ConfigText): string[] {
  if (node.type !== 'array') throw typeError(source, node, where, 'an array of strings');
  return (node.children ?? []).map((item) => {
    if (item.type !== 'string' || item.value === '') throw typeError(source, item, `${where}[]`, 'a non-empty string');
    return item.value as string;
  });
}

export function typeError(source: ConfigText, node: Node, where: string, expected: string): RunnerError {
  const value = valueOf(node);
  const type = node.type === 'array' ? 'array' : node.type;
  return configError(source, node, `Expected \`${where}\` to be ${expected}, got \`${value}\` (${type})`);
}

export function configError(source: ConfigText, node: Node, message: string, hint?: string): RunnerError {
  const { line, column } = textPosition(source.text, node.offset);
  return new RunnerError('ERR_RUNNER_CONFIG', `${message} in ${source.file}`, {
    file: source.file,
    line,
    column,
    ...(hint === undefined ? {} : { hint }),
  });
}

function valueOf(node: Node): string {
  const raw = node.type === 'object' || node.type === 'array' ? (node.type === 'object' ? '{…}' : '[…]') : JSON.stringify(node.value);
  return raw.length > 40 ? `${raw.slice(0, 37)}...` : raw;
}

function suggest(key: string): string {
  const lower = key.toLowerCase();
  const close = TASK_KEYS.find((known) => known.toLowerCase() === lower || known.toLowerCase().startsWith(lower.slice(0, 4)));
  return close === undefined ? '' : ` Did you mean \`${close}\`?`;
}
