import { createHash } from 'node:crypto';
import picomatch from 'picomatch';

/**
 * The declared variables as name → hash of name and value; `unset` when the variable is not set. Names may be
 * globs (`NEXT_PUBLIC_*`), which match every variable set in `env`. Values are never returned, only their hashes,
 * so an entry's stored inputs can say which variable changed without revealing it.
 */
export function hashEnv(names: readonly string[], env: NodeJS.ProcessEnv): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name of [...new Set(names)].sort()) {
    if (/[*?[\]{}]/.test(name)) {
      const matches = picomatch(name);
      for (const key of Object.keys(env).sort()) {
        if (matches(key) && env[key] !== undefined) result[key] = hashVariable(key, env[key]);
      }
    } else {
      const value = env[name];
      result[name] = value === undefined ? 'unset' : hashVariable(name, value);
    }
  }
  return result;
}

function hashVariable(name: string, value: string): string {
  return createHash('sha256').update(`fanout-env\0${name}\0${value}`).digest('hex');
}
