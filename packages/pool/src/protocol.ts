import type { SerializedThrown } from './serialize-error.js';

/** How a worker finds the function to run: an export of the `tasks` module, or self-contained source. */
export type FunctionSpec =
  | {
      readonly kind: 'export';
      readonly name: string;
      /**
       * Set when the parent matched the function by its `name` rather than by identity: the worker uses the
       * export only if its source is this text (Python likewise checks that the pickled name is the same object).
       */
      readonly source?: string;
      /** Expression to compile when the export does not match; absent when the function is not portable. */
      readonly fallback?: string;
      /** Why the function is not portable, reported when the export does not match. */
      readonly notPortable?: { readonly message: string; readonly identifier: string | undefined };
    }
  | { readonly kind: 'source'; readonly source: string };

/** Sent once to each worker before its first task. */
export interface InitRequest {
  readonly tasks: string | undefined;
  readonly initializer: FunctionSpec | undefined;
  readonly initargs: readonly unknown[];
}

/** One dispatch unit: a single call (`apply`) or a chunk of `map`/`starmap` items. */
export interface RunRequest {
  readonly taskId: number;
  readonly fn: FunctionSpec;
  /** When true each item is an argument list; otherwise each item is the single argument. */
  readonly star: boolean;
  readonly items: readonly unknown[];
}

/** The values of the items that completed, and the first failure (the chunk stops there, as in Python). */
export interface RunReply {
  readonly values: unknown[];
  readonly error?: SerializedThrown;
}

/** Outcome of a `Process` target. */
export interface ProcessReply {
  readonly error?: SerializedThrown;
}

export const METHOD_INIT = 'fanoutInit';
export const METHOD_RUN = 'fanoutRun';
export const METHOD_PROCESS = 'fanoutProcess';
