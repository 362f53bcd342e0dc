import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// ESM loader hooks (`--import`, `--loader`, or a `--require` preload calling module.register) apply to import() only.
const HOOK_FLAGS = /(?:^|\s)(?:--(?:experimental-)?loader|--import|--require|-r)\b/;

function mayHaveLoaderHooks(): boolean {
  return HOOK_FLAGS.test(process.execArgv.join(' ')) || HOOK_FLAGS.test(process.env.NODE_OPTIONS ?? '');
}

/**
 * Loads the `tasks` module as import() would. A plain file goes through require() when no loader hook could see the
 * import: Node ≥ 20.19 requires ES modules too, synchronously, and a worker is up ~5 ms of CPU sooner than through the
 * ESM loader's asynchronous pipeline (that is most of a worker's own start-up cost). import() remains the way for
 * anything else: other schemes, query strings, hooks, a missing file (its usual error), a module with top-level
 * await (ERR_REQUIRE_ASYNC_MODULE is thrown before it runs), a module still evaluating (its own pool's parent), and
 * CommonJS, whose namespace import() then builds from the exports require() already loaded, without running it again.
 *
 * The parent loads it the same way (to know its exports by reference): a parent that is itself a vm script (the
 * fanout CLI, compiled through V8's code cache, where Node 20 gives import() no loader) can then run without it.
 */
// Async only for its callers: an async function runs synchronously up to its first await, so require() happens at call.
export async function importTasks(specifier: string): Promise<Record<string, unknown>> {
  if (specifier.startsWith('file:') && !/[?#]/.test(specifier) && !mayHaveLoaderHooks()) {
    const file = fileURLToPath(specifier);
    if (existsSync(file)) {
      try {
        const loaded: unknown = createRequire(file)(file);
        if (Object.prototype.toString.call(loaded) === '[object Module]') return loaded as Record<string, unknown>;
      } catch (error) {
        const code = (error as { code?: unknown } | null)?.code;
        // Top-level await, an older Node, or the module asking is the tasks module itself and still evaluating (the
        // tutorial's pattern, in the parent): import() then does what it always did.
        if (code !== 'ERR_REQUIRE_ASYNC_MODULE' && code !== 'ERR_REQUIRE_ESM' && code !== 'ERR_REQUIRE_CYCLE_MODULE') throw error;
      }
    }
  }
  return (await import(specifier)) as Record<string, unknown>;
}
