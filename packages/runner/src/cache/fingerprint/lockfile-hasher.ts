import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { npmLockClosure } from './npm-lock-closure.js';
import { pnpmLockClosure } from './pnpm-lock-closure.js';

/**
 * The lockfile part of a fingerprint: a hash of the root lockfile's entries for one package's dependency closure
 * (`pnpm-lock.yaml`, `package-lock.json`), so a dependency bump elsewhere in the workspace doesn't invalidate this
 * package. The whole file's hash when it can't be parsed or isn't one of those; `none` without a lockfile. The
 * file is read and parsed once per run.
 */
export class LockfileHasher {
  readonly #file: string | undefined;
  #parsed: Promise<{ kind: 'pnpm' | 'npm' | 'other'; data: Record<string, unknown> | undefined; wholeHash: string }> | undefined;
  readonly #byPackage = new Map<string, Promise<string>>();

  constructor(lockfile: string | undefined) {
    this.#file = lockfile;
  }

  /** `relativeDir` is the package's folder relative to the workspace root, `.` for the root package. */
  hashFor(relativeDir: string): Promise<string> {
    let hash = this.#byPackage.get(relativeDir);
    if (!hash) {
      hash = this.#compute(relativeDir);
      this.#byPackage.set(relativeDir, hash);
    }
    return hash;
  }

  async #compute(relativeDir: string): Promise<string> {
    if (this.#file === undefined) return 'none';
    const { kind, data, wholeHash } = await this.#parse();
    if (!data) return wholeHash;
    const closure = kind === 'pnpm' ? pnpmLockClosure(data, relativeDir) : kind === 'npm' ? npmLockClosure(data, relativeDir) : undefined;
    if (!closure) return wholeHash;
    const hash = createHash('sha256').update(`${kind}\0`);
    for (const key of [...closure.keys()].sort()) hash.update(`${key}\0${stableJson(closure.get(key))}\0`);
    return `${kind}:${hash.digest('hex')}`;
  }

  #parse() {
    this.#parsed ??= (async () => {
      const file = this.#file!;
      const text = await readFile(file, 'utf8').catch(() => undefined);
      if (text === undefined) return { kind: 'other' as const, data: undefined, wholeHash: 'missing' };
      const wholeHash = `file:${createHash('sha256').update(text).digest('hex')}`;
      const name = path.basename(file);
      const kind = name === 'pnpm-lock.yaml' ? 'pnpm' : name === 'package-lock.json' || name === 'npm-shrinkwrap.json' ? 'npm' : 'other';
      let data: Record<string, unknown> | undefined;
      try {
        const parsed: unknown = kind === 'pnpm' ? (await import('yaml')).parse(text) : kind === 'npm' ? JSON.parse(text) : undefined;
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) data = parsed as Record<string, unknown>;
      } catch {
        data = undefined;
      }
      return { kind, data, wholeHash } as const;
    })();
    return this.#parsed;
  }
}

/** JSON with object keys sorted at every level, so key order in the lockfile doesn't matter. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record).sort().map((key) => `${JSON.stringify(key)}:${stableJson(record[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
