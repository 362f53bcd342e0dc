/** An input of the step is malformed: the one failure that is ours to report, so the step fails with this code. */
export class ActionInputError extends Error {
  override readonly name = 'ActionInputError';
  readonly code = 'ERR_ACTION_INPUT';
  readonly input: string;
  readonly hint: string | undefined;

  constructor(input: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.input = input;
    this.hint = options.hint;
  }
}
