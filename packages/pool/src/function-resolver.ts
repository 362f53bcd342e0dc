import { describeValue, PoolError } from './errors.js';
import { toSourceSpec } from './portable-function.js';
import type { FunctionSpec } from './protocol.js';
import { importTasks } from './import-tasks.js';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/** How long a call waits for the parent-side import of `tasks` before matching functions by name instead. */
const IMPORT_WAIT_MS = 250;

/**
 * Decides how a function reaches workers: by name when it is an export of the `tasks` module (the parent
 * imports that module too and matches function objects), otherwise by source if it is self-contained.
 * The parent's import starts with the first call that passes a function, not with the pool: a pool called by name
 * (the runner's) never needs it, and it cost the parent ~6 ms of CPU right before spawning the workers, on the path
 * of every run's first task. The import is synchronous for a plain file, so that first call rarely waits for it.
 */
export class FunctionResolver {
  readonly #tasks: string | undefined;
  #exportNames: Promise<Map<unknown, string>> | undefined;
  #exportNamesReady: Map<unknown, string> | undefined;
  #importSlow = false;

  constructor(tasks: string | undefined) {
    this.#tasks = tasks;
  }

  async resolve(fn: unknown): Promise<FunctionSpec> {
    if (typeof fn === 'string') {
      if (this.#tasks === undefined) {
        throw new PoolError('ERR_INVALID_OPTION', `Cannot call \`${fn}\` by name: no \`tasks\` module was given`, {
          hint: "Pass `tasks: new URL('./tasks.js', import.meta.url)`.",
        });
      }
      return { kind: 'export', name: fn };
    }
    if (typeof fn !== 'function') throw new PoolError('ERR_INVALID_OPTION', `Expected a function or an export name, got ${describeValue(fn)}`);
    const func = fn as (...args: never[]) => unknown;
    if (this.#tasks === undefined) return toSourceSpec(func);
    const names = await this.#exportsIfReady();
    const name = names?.get(fn);
    if (name !== undefined) return { kind: 'export', name };
    if (names !== undefined || !IDENTIFIER.test(func.name)) return toSourceSpec(func);
    // The parent's import of `tasks` has not finished. It never will when `tasks` is the calling module
    // itself, still in its top-level await (the examples' pattern): match by name, verified in the worker.
    const source = Function.prototype.toString.call(func);
    try {
      const portable = toSourceSpec(func);
      return { kind: 'export', name: func.name, source, fallback: portable.kind === 'source' ? portable.source : undefined };
    } catch (error) {
      if (!(error instanceof PoolError)) throw error;
      return { kind: 'export', name: func.name, source, notPortable: { message: error.message, identifier: error.identifier } };
    }
  }

  async #exportsIfReady(): Promise<Map<unknown, string> | undefined> {
    if (this.#importSlow) return this.#exportNamesReady;
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), IMPORT_WAIT_MS)));
    const names = await Promise.race([this.#exports(), waited]);
    clearTimeout(timer);
    // Wait once; later calls use the import only if it has finished by then.
    if (names === undefined) this.#importSlow = true;
    return names;
  }

  #exports(): Promise<Map<unknown, string>> {
    const tasks = this.#tasks;
    this.#exportNames ??= (async () => {
      const names = new Map<unknown, string>();
      if (tasks === undefined) return names;
      try {
        const module = await importTasks(tasks);
        for (const [name, value] of Object.entries(module)) if (typeof value === 'function' && !names.has(value)) names.set(value, name);
      } catch {
        // Not importable in the parent; the workers report the real error, and functions go by source.
      }
      this.#exportNamesReady = names;
      return names;
    })();
    return this.#exportNames;
  }
}
