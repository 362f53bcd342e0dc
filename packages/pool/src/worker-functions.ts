import { pathToFileURL } from 'node:url';
import { PoolError } from './errors.js';
import { importTasks } from './import-tasks.js';
import type { FunctionSpec } from './protocol.js';

type AnyFunction = (...args: unknown[]) => unknown;

let tasksModule: Record<string, unknown> | undefined;
let tasksLocation: string | undefined;
const compiled = new Map<string, AnyFunction>();

/** Turns a `tasks` option (URL, file URL string or path) into an importable specifier. */
export function tasksSpecifier(tasks: string | URL): string {
  if (tasks instanceof URL) return tasks.href;
  return /^[a-z][a-z0-9+.-]*:/i.test(tasks) && !/^[a-z]:[\\/]/i.test(tasks) ? tasks : pathToFileURL(tasks).href;
}

let preloading: { specifier: string; module: Promise<Record<string, unknown>> } | undefined;

/**
 * Starts loading the pool's `tasks` module before the init request asks for it, while the worker is still being set
 * up. A failure is reported by {@link loadTasks}, as if it had started there.
 */
export function preloadTasks(specifier: string): void {
  const module = importTasks(specifier);
  module.catch(() => undefined);
  preloading = { specifier, module };
}

/** Imports the pool's `tasks` module in the worker (once). */
export async function loadTasks(specifier: string): Promise<void> {
  tasksModule = preloading?.specifier === specifier ? await preloading.module : await importTasks(specifier);
  tasksLocation = specifier;
}

/** The function to run: an export of `tasks`, or source compiled once and cached by its text. */
export function resolveFunction(spec: FunctionSpec): AnyFunction {
  if (spec.kind === 'export' && spec.source !== undefined) {
    const exported = tasksModule?.[spec.name];
    if (typeof exported === 'function' && Function.prototype.toString.call(exported) === spec.source) return exported as AnyFunction;
    if (spec.fallback !== undefined) return compile(spec.fallback);
    throw new PoolError('ERR_FUNCTION_NOT_PORTABLE', `${spec.notPortable?.message ?? `\`${spec.name}\` is not portable`}, and it is not the export \`${spec.name}\` of ${tasksLocation ?? 'the tasks module'}`, {
      identifier: spec.notPortable?.identifier,
      hint: 'Export the function from the module passed as the pool\'s `tasks` option, and pass that exported function.',
    });
  }
  if (spec.kind === 'export') {
    if (tasksModule === undefined) throw new TypeError(`Cannot call \`${spec.name}\` by name: the pool has no \`tasks\` module`);
    const fn = tasksModule[spec.name];
    if (typeof fn !== 'function') {
      throw new TypeError(`\`${spec.name}\` is not a function exported by ${tasksLocation ?? 'the tasks module'} (got ${typeof fn})`);
    }
    return fn as AnyFunction;
  }
  return compile(spec.source);
}

function compile(source: string): AnyFunction {
  let fn = compiled.get(source);
  if (fn === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- shipping functions by source is the feature
    fn = new Function(`return (${source});`)() as AnyFunction;
    compiled.set(source, fn);
  }
  return fn;
}
