import { describeValue, PoolError } from './errors.js';
import type { MapOptions, PoolOptions } from './options.js';
import { cpuCount } from './current-process.js';

function invalid(option: string, constraint: string, value: unknown): PoolError {
  return new PoolError('ERR_INVALID_OPTION', `Expected \`${option}\` to be ${constraint}, got ${describeValue(value)}`);
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}

export interface NormalizedPoolOptions {
  readonly processes: number;
  readonly workerType: 'process' | 'thread';
  readonly timeout: number | undefined;
  readonly maxTasksPerChild: number | undefined;
  readonly captureOutput: boolean;
}

/** Validates the constructor argument (`new Pool()`, `new Pool(4)`, `new Pool({…})`) synchronously. */
export function normalizePoolOptions(input: number | PoolOptions | undefined): PoolOptions & NormalizedPoolOptions {
  const options: PoolOptions = typeof input === 'number' ? { processes: input } : (input ?? {});
  if (typeof options !== 'object' || options === null) throw invalid('options', 'a number or an options object', input);
  const processes = 'processes' in options && options.processes !== undefined ? options.processes : cpuCount();
  if (!isPositiveInteger(processes)) throw invalid('processes', 'an integer from 1 and up', processes);
  const workerType = options.workerType ?? 'process';
  if (workerType !== 'process' && workerType !== 'thread') throw invalid('workerType', "`'process'` or `'thread'`", workerType);
  if (options.maxTasksPerChild !== undefined && !isPositiveInteger(options.maxTasksPerChild)) {
    throw invalid('maxTasksPerChild', 'an integer from 1 and up', options.maxTasksPerChild);
  }
  validateTimeout(options.timeout);
  if (options.tasks !== undefined && typeof options.tasks !== 'string' && !(options.tasks instanceof URL)) {
    throw invalid('tasks', 'a module URL or path', options.tasks);
  }
  if (options.initargs !== undefined && !Array.isArray(options.initargs)) throw invalid('initargs', 'an array', options.initargs);
  if (options.initializer !== undefined && typeof options.initializer !== 'function' && typeof options.initializer !== 'string') {
    throw invalid('initializer', 'a function or the name of an export of `tasks`', options.initializer);
  }
  if (options.onLog !== undefined && typeof options.onLog !== 'function') throw invalid('onLog', 'a function', options.onLog);
  if (options.captureOutput !== undefined && typeof options.captureOutput !== 'boolean') throw invalid('captureOutput', 'a boolean', options.captureOutput);
  if (options.captureOutput === false && options.onLog !== undefined) {
    throw new PoolError('ERR_INVALID_OPTION', 'Expected `captureOutput` to be true or unset when `onLog` is given, got `false` (boolean)', {
      hint: 'Drop `captureOutput: false`: an `onLog` needs the output captured.',
    });
  }
  if (options.env !== undefined) validateEnv(options.env);
  const captureOutput = options.captureOutput ?? options.onLog !== undefined;
  return { ...options, processes, workerType, timeout: options.timeout, maxTasksPerChild: options.maxTasksPerChild, captureOutput };
}

function validateEnv(env: unknown): void {
  if (typeof env !== 'object' || env === null || Array.isArray(env)) throw invalid('env', 'an object of strings', env);
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && typeof value !== 'string') throw invalid(`env.${key}`, 'a string', value);
  }
}

export function validateTimeout(timeout: unknown): void {
  if (timeout !== undefined && !(typeof timeout === 'number' && timeout > 0 && Number.isFinite(timeout))) {
    throw invalid('timeout', 'a positive number of milliseconds', timeout);
  }
}

/** A call's own `onLog` needs workers whose output comes through this process. */
export function validateCallOnLog(onLog: unknown, capture: boolean): void {
  if (onLog === undefined) return;
  if (typeof onLog !== 'function') throw invalid('onLog', 'a function', onLog);
  if (!capture) {
    throw new PoolError('ERR_INVALID_OPTION', "Cannot take this call's `onLog`: the pool's workers write straight to stdout/stderr", {
      hint: 'Create the pool with `captureOutput: true` (or a pool-level `onLog`) to receive lines per call.',
    });
  }
}

/** `options` of map-style methods: an object, or a bare number meaning `chunksize` (Python's positional form). */
export function normalizeMapOptions(options: MapOptions | number | undefined): MapOptions {
  const normalized = typeof options === 'number' ? { chunksize: options } : (options ?? {});
  if (normalized.chunksize !== undefined && !isPositiveInteger(normalized.chunksize)) {
    throw invalid('chunksize', 'an integer from 1 and up', normalized.chunksize);
  }
  validateTimeout(normalized.timeout);
  return normalized;
}
