import { statSync } from 'node:fs';
import * as path from 'node:path';
import { parseSize as parseRunnerSize } from '@fanout/runner';
import { ActionInputError } from './action-input-error.js';
import { InputDefaults, Inputs, type InputName } from './constants.js';
import { parseArgs } from './parse-args.js';

/** The step's inputs, parsed and validated; every value reaches the runner as data (argv words, options). */
export interface ActionInputs {
  scripts: string[];
  filter: string[];
  affected: boolean;
  /** Globs of changed files that `[ref]` filters and `affected` disregard, one per line of the input. */
  changedFilesIgnorePattern: string[];
  /** `undefined` lets the runner use every core. */
  concurrency: number | `${number}%` | undefined;
  continueOnError: boolean;
  /** Run only the named scripts, nothing they depend on (`fanout run --only`). */
  only: boolean;
  cache: boolean;
  cacheKeyPrefix: string;
  cacheMaxSizeBytes: number;
  /** Absolute. */
  workingDirectory: string;
  shard: { index: number; total: number } | undefined;
  args: string[];
}

/**
 * Reads and validates every input. `read` returns the raw value (`core.getInput` in the action); `workspace` is the
 * directory a relative `working-directory` is resolved against. Throws ActionInputError naming the input and value.
 */
export function parseInputs(read: (name: InputName) => string, workspace: string): ActionInputs {
  const value = (name: InputName): string => {
    const raw = read(name).trim();
    return raw === '' ? ((InputDefaults as Partial<Record<InputName, string>>)[name] ?? '') : raw;
  };

  const scripts = value(Inputs.Tasks).split(/\s+/).filter(Boolean);
  if (scripts.length === 0) {
    throw new ActionInputError(Inputs.Tasks, 'Expected input `tasks` to name at least one script, got ``', {
      hint: 'For example `tasks: lint test build`.',
    });
  }

  const args = parseArgs(value(Inputs.Args));
  if (!Array.isArray(args)) {
    throw new ActionInputError(Inputs.Args, `Expected input \`args\` to be argument words, got ${args.error} in \`${value(Inputs.Args)}\``);
  }

  return {
    scripts,
    filter: lines(value(Inputs.Filter)),
    affected: parseBoolean(Inputs.Affected, value(Inputs.Affected), false),
    changedFilesIgnorePattern: lines(value(Inputs.ChangedFilesIgnorePattern)),
    concurrency: parseConcurrency(value(Inputs.Concurrency)),
    continueOnError: parseBoolean(Inputs.ContinueOnError, value(Inputs.ContinueOnError), false),
    only: parseBoolean(Inputs.Only, value(Inputs.Only), false),
    cache: parseBoolean(Inputs.Cache, value(Inputs.Cache), true),
    cacheKeyPrefix: parseKeyPrefix(value(Inputs.CacheKeyPrefix)),
    cacheMaxSizeBytes: parseSize(Inputs.CacheMaxSize, value(Inputs.CacheMaxSize)),
    workingDirectory: parseDirectory(value(Inputs.WorkingDirectory), workspace),
    shard: parseShard(value(Inputs.Shard)),
    args,
  };
}

/** A multiline input as its non-blank lines, trimmed (blank lines are how YAML block scalars end). */
function lines(raw: string): string[] {
  return raw
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE'];

/** The YAML 1.2 core schema booleans, like `core.getBooleanInput`, but failing with our error code. */
export function parseBoolean(name: InputName, raw: string, fallback: boolean): boolean {
  if (raw === '') return fallback;
  if (TRUE.includes(raw)) return true;
  if (FALSE.includes(raw)) return false;
  throw new ActionInputError(name, `Expected input \`${name}\` to be \`true\` or \`false\`, got \`${raw}\``);
}

export function parseConcurrency(raw: string): ActionInputs['concurrency'] {
  if (raw === '') return undefined;
  const percent = /^(\d+)%$/.exec(raw);
  if (percent) {
    const share = Number(percent[1]);
    if (share >= 1 && share <= 100) return `${share}%`;
  } else if (/^\d+$/.test(raw) && Number(raw) >= 1) {
    return Number(raw);
  }
  throw new ActionInputError(
    Inputs.Concurrency,
    `Expected input \`concurrency\` to be an integer from 1 and up or a percentage from 1% to 100%, got \`${raw}\``,
    { hint: 'Leave it empty to use every core.' },
  );
}

export function parseShard(raw: string): ActionInputs['shard'] {
  if (raw === '') return undefined;
  const match = /^(\d+)\s*\/\s*(\d+)$/.exec(raw);
  const index = Number(match?.[1]);
  const total = Number(match?.[2]);
  if (match && index >= 1 && total >= 1 && index <= total) return { index, total };
  throw new ActionInputError(
    Inputs.Shard,
    `Expected input \`shard\` to be \`<index>/<total>\` with 1 ≤ index ≤ total, got \`${raw}\``,
    { hint: 'In a matrix: `shard: ${{ matrix.shard }}/3` with `shard: [1, 2, 3]`.' },
  );
}

/** `500MB`, `2GB`, `1.5G`, `1048576`: the runner's size syntax (binary units, as GitHub counts its cache storage). */
export function parseSize(name: InputName, raw: string): number {
  let bytes: number | undefined;
  try {
    bytes = parseRunnerSize(`input \`${name}\``, raw);
  } catch {
    // Reported below as our own input error, which names the input the way every other input error does.
  }
  if (bytes !== undefined && bytes > 0) return bytes;
  throw new ActionInputError(name, `Expected input \`${name}\` to be a size such as \`500MB\` or \`2GB\`, got \`${raw}\``);
}

/** Cache keys may not contain commas and are limited to 512 characters; we keep prefixes to plain words. */
export function parseKeyPrefix(raw: string): string {
  if (/^[A-Za-z0-9._-]{1,100}$/.test(raw)) return raw;
  throw new ActionInputError(
    Inputs.CacheKeyPrefix,
    `Expected input \`cache-key-prefix\` to be 1 to 100 letters, digits, \`.\`, \`_\` or \`-\`, got \`${raw}\``,
  );
}

function parseDirectory(raw: string, workspace: string): string {
  const dir = path.resolve(workspace, raw);
  let isDirectory = false;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch {
    // A missing path is reported below, like a file.
  }
  if (!isDirectory) {
    throw new ActionInputError(
      Inputs.WorkingDirectory,
      `Expected input \`working-directory\` to be an existing directory, got \`${raw}\` (${dir})`,
      { hint: 'Paths are relative to GITHUB_WORKSPACE; did the checkout step run first?' },
    );
  }
  return dir;
}
