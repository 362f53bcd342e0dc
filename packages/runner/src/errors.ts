/** Stable codes of every error the runner raises on purpose. */
export type RunnerErrorCode =
  | 'ERR_RUNNER_USAGE'
  | 'ERR_RUNNER_CONFIG'
  | 'ERR_RUNNER_WORKSPACE'
  | 'ERR_RUNNER_MANIFEST'
  | 'ERR_RUNNER_DUPLICATE_PACKAGE'
  | 'ERR_RUNNER_MISSING_DEPENDENCY'
  | 'ERR_RUNNER_FILTER'
  | 'ERR_RUNNER_NO_MATCH'
  | 'ERR_RUNNER_UNKNOWN_TASK'
  | 'ERR_RUNNER_CYCLE'
  | 'ERR_RUNNER_GIT'
  | 'ERR_RUNNER_CACHE';

/** Usage and configuration errors exit 2; the CLI maps every RunnerError to that. */
export class RunnerError extends Error {
  override readonly name = 'RunnerError';
  readonly code: RunnerErrorCode;
  readonly hint: string | undefined;
  /** The file the error is about, with a 1-based line and column where known. */
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(
    code: RunnerErrorCode,
    message: string,
    options: { hint?: string; cause?: unknown; file?: string; line?: number; column?: number } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
    this.file = options.file;
    this.line = options.line;
    this.column = options.column;
  }
}
