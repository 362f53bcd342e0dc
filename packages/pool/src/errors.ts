/** Every stable error code a {@link PoolError} can carry. */
export type PoolErrorCode =
  | 'ERR_INVALID_OPTION'
  | 'ERR_POOL_CLOSED'
  | 'ERR_POOL_RUNNING'
  | 'ERR_POOL_TERMINATED'
  | 'ERR_WORKER_CRASHED'
  | 'ERR_TASK_TIMEOUT'
  | 'ERR_RESULT_TIMEOUT'
  | 'ERR_RESULT_NOT_READY'
  | 'ERR_NOT_SERIALIZABLE'
  | 'ERR_FUNCTION_NOT_PORTABLE'
  | 'ERR_INITIALIZER_FAILED';

export interface PoolErrorDetails {
  /** How to fix it, when there is a fix. */
  hint?: string;
  /** The error this one wraps. */
  cause?: unknown;
  /** PID of the worker involved (`ERR_WORKER_CRASHED`, `ERR_TASK_TIMEOUT`). */
  pid?: number;
  /** Exit code of a crashed worker, `null` when a signal ended it. */
  exitCode?: number | null;
  /** Signal that ended a crashed worker, `null` when it exited. */
  signal?: NodeJS.Signals | null;
  /** The time limit that was exceeded, in ms. */
  timeout?: number;
  /** Name of the identifier a function closes over (`ERR_FUNCTION_NOT_PORTABLE`). */
  identifier?: string;
  /** Where the value that cannot be cloned sits, e.g. `args[1].data` (`ERR_NOT_SERIALIZABLE`). */
  position?: string;
}

/**
 * The one error class of `@fanout/pool`. Branch on `code`, never on `message`.
 *
 * @example
 * try { await pool.apply('slow', [], { timeout: 100 }); }
 * catch (error) { if (error instanceof PoolError && error.code === 'ERR_TASK_TIMEOUT') retry(); }
 */
export class PoolError extends Error {
  override readonly name = 'PoolError';
  readonly code: PoolErrorCode;
  readonly hint: string | undefined;
  readonly pid: number | undefined;
  readonly exitCode: number | null | undefined;
  readonly signal: NodeJS.Signals | null | undefined;
  readonly timeout: number | undefined;
  readonly identifier: string | undefined;
  readonly position: string | undefined;

  constructor(code: PoolErrorCode, message: string, details: PoolErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.hint = details.hint;
    this.pid = details.pid;
    this.exitCode = details.exitCode;
    this.signal = details.signal;
    this.timeout = details.timeout;
    this.identifier = details.identifier;
    this.position = details.position;
  }
}

/** `typeof`-style description used in messages: "`0` (number)". */
export function describeValue(value: unknown): string {
  let shown: string;
  try {
    shown = typeof value === 'string' ? JSON.stringify(value) : typeof value === 'function' ? `[function ${value.name || 'anonymous'}]` : String(value);
  } catch {
    shown = Object.prototype.toString.call(value);
  }
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return `\`${shown}\` (${type})`;
}
