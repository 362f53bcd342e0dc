import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { LOCKFILE_MEMO_VERSION, readLockfileMemo, writeLockfileMemo } from './lockfile-memo.js';
import { npmLockClosure } from './npm-lock-closure.js';
import { pnpmLockClosure } from './pnpm-lock-closure.js';

type LockKind = 'pnpm' | 'npm' | 'other';

interface LockfileState {
  kind: LockKind;
  /** `file:<sha256 of the bytes>`: the fallback hash, and with the file name the memo's key. */
  wholeHash: string;
  /** The file's bytes, decoded only if something must be parsed; `undefined` when it could not be read. */
  bytes: Buffer | undefined;
  /** Hashes computed by an earlier run for this very content (see lockfile-memo.ts). */
  memo: Record<string, string>;
}

/**
 * The lockfile part of a fingerprint: a hash of the root lockfile's entries for one package's dependency closure
 * (`pnpm-lock.yaml`, `package-lock.json`), so a dependency bump elsewhere in the workspace doesn't invalidate this
 * package. The whole file's hash when it can't be parsed or isn't one of those; `none` without a lockfile.
 *
 * The file is read and hashed once per run; it is parsed only for packages the memo (`memoFile`) has no hash for
 * under the file's current content hash, so an unchanged lockfile is never parsed. {@link flush} saves new hashes.
 */
export class LockfileHasher {
  readonly #file: string | undefined;
  readonly #memoFile: string | undefined;
  #state: Promise<LockfileState | undefined> | undefined;
  #parsed: Promise<Record<string, unknown> | undefined> | undefined;
  readonly #byPackage = new Map<string, Promise<string>>();
  /** Hashes this run computed that the memo lacked. */
  readonly #computed = new Map<string, string>();

  /** `memoFile`: where hashes are remembered across runs; without it every run parses. */
  constructor(lockfile: string | undefined, memoFile?: string) {
    this.#file = lockfile;
    this.#memoFile = memoFile;
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

  /** Saves the hashes this run computed (atomically) for the next run; a no-op when nothing new was computed. */
  async flush(): Promise<void> {
    if (this.#memoFile === undefined || this.#computed.size === 0) return;
    const state = await this.#read();
    if (!state?.bytes) return;
    const hashes = { ...state.memo, ...Object.fromEntries(this.#computed) };
    this.#computed.clear();
    await writeLockfileMemo(this.#memoFile, { version: LOCKFILE_MEMO_VERSION, key: memoKey(this.#file!, state.wholeHash), hashes });
  }

  async #compute(relativeDir: string): Promise<string> {
    const state = await this.#read();
    if (!state) return 'none';
    if (state.bytes === undefined) return state.wholeHash;
    const remembered = state.memo[relativeDir];
    if (remembered !== undefined) return remembered;
    const hash = this.#closureHash(state, relativeDir, await this.#parse(state));
    this.#computed.set(relativeDir, hash);
    return hash;
  }

  #closureHash(state: LockfileState, relativeDir: string, data: Record<string, unknown> | undefined): string {
    const { kind, wholeHash } = state;
    if (!data) return wholeHash;
    const closure = kind === 'pnpm' ? pnpmLockClosure(data, relativeDir) : kind === 'npm' ? npmLockClosure(data, relativeDir) : undefined;
    if (!closure) return wholeHash;
    const hash = createHash('sha256').update(`${kind}\0`);
    for (const key of [...closure.keys()].sort()) hash.update(`${key}\0${stableJson(closure.get(key))}\0`);
    return `${kind}:${hash.digest('hex')}`;
  }

  #read(): Promise<LockfileState | undefined> {
    // Synchronous reads: every lookup waits for this, and each thread-pool round trip (a readFile is four) waits in
    // turn for the event loop, which the first lookups keep busy; nothing else can start before it anyway.
    this.#state ??= (async () => {
      const file = this.#file;
      if (file === undefined) return undefined;
      let bytes: Buffer | undefined;
      try {
        bytes = readFileSync(file);
      } catch {
        bytes = undefined;
      }
      const name = path.basename(file);
      const kind: LockKind = name === 'pnpm-lock.yaml' ? 'pnpm' : name === 'package-lock.json' || name === 'npm-shrinkwrap.json' ? 'npm' : 'other';
      if (bytes === undefined) return { kind: 'other', wholeHash: 'missing', bytes: undefined, memo: {} };
      const wholeHash = `file:${createHash('sha256').update(bytes).digest('hex')}`;
      const memo = kind === 'other' || this.#memoFile === undefined ? undefined : readLockfileMemo(this.#memoFile, memoKey(file, wholeHash));
      return { kind, wholeHash, bytes, memo: memo ?? {} };
    })();
    return this.#state;
  }

  #parse(state: LockfileState): Promise<Record<string, unknown> | undefined> {
    this.#parsed ??= (async () => {
      try {
        const text = state.bytes!.toString('utf8');
        const parsed: unknown = state.kind === 'pnpm' ? (await loadYamlParse())(text) : state.kind === 'npm' ? JSON.parse(text) : undefined;
        return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
      } catch {
        return undefined;
      }
    })();
    return this.#parsed;
  }
}

function memoKey(file: string, wholeHash: string): string {
  return `${path.basename(file)}\0${wholeHash}`;
}

/**
 * yaml's `parse`, loaded on first use. yaml resolves to CommonJS under Node, which the CLI bundle wraps so the
 * functions sit on `default` rather than as named exports: without this, every bundled run fell back to the
 * whole-file hash.
 */
async function loadYamlParse(): Promise<(text: string) => unknown> {
  const loaded = (await import('yaml')) as unknown as { parse?: (text: string) => unknown; default?: { parse?: (text: string) => unknown } };
  const parse = loaded.parse ?? loaded.default?.parse;
  if (!parse) throw new Error('yaml has no parse function');
  return parse;
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
