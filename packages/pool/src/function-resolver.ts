import { describeValue, PoolError } from './errors.js';
import { toSourceSpec } from './portable-function.js';
import type { FunctionSpec } from './protocol.js';

/**
 * Decides how a function reaches workers: by name when it is an export of the `tasks` module (the parent
 * imports that module too and matches function objects), otherwise by source if it is self-contained.
 */
export class FunctionResolver {
  readonly #tasks: string | undefined;
  #exportNames: Promise<Map<unknown, string>> | undefined;

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
    if (this.#tasks !== undefined) {
      const name = (await this.#exports()).get(fn);
      if (name !== undefined) return { kind: 'export', name };
    }
    return toSourceSpec(fn as (...args: never[]) => unknown);
  }

  #exports(): Promise<Map<unknown, string>> {
    const tasks = this.#tasks;
    this.#exportNames ??= (async () => {
      const names = new Map<unknown, string>();
      if (tasks === undefined) return names;
      try {
        const module = (await import(tasks)) as Record<string, unknown>;
        for (const [name, value] of Object.entries(module)) if (typeof value === 'function' && !names.has(value)) names.set(value, name);
      } catch {
        // Not importable in the parent; the workers report the real error, and functions go by source.
      }
      return names;
    })();
    return this.#exportNames;
  }
}
