import { createHash } from 'node:crypto';
import { loadPicomatch } from '../load-picomatch.js';

/**
 * The declared variables as name → hash of name and value; `unset` when the variable is not set. Names may be
 * globs (`NEXT_PUBLIC_*`), which match every variable set in `env`, and a `!` name or glob takes variables back out
 * (`!NEXT_PUBLIC_GIT_SHA`), as in turbo. Values are never returned, only their hashes, so an entry's stored inputs
 * can say which variable changed without revealing it.
 */
export async function hashEnv(names: readonly string[], env: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  const exclusions = names.filter((name) => name.startsWith('!')).map((name) => name.slice(1));
  // Loaded only here: most tasks declare no wildcard or exclusion, and the module costs a cached run more than its lookups.
  const excluded = exclusions.length === 0 ? () => false : (await loadPicomatch())(exclusions);
  for (const name of [...new Set(names)].sort()) {
    if (name.startsWith('!')) continue;
    if (/[*?[\]{}]/.test(name)) {
      const matches = (await loadPicomatch())(name);
      for (const key of Object.keys(env).sort()) {
        if (matches(key) && !excluded(key) && env[key] !== undefined) result[key] = hashVariable(key, env[key]);
      }
    } else if (!excluded(name)) {
      const value = env[name];
      result[name] = value === undefined ? 'unset' : hashVariable(name, value);
    }
  }
  return result;
}

function hashVariable(name: string, value: string): string {
  return createHash('sha256').update(`fanout-env\0${name}\0${value}`).digest('hex');
}
