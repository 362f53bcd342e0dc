import { PoolError } from './errors.js';
import type { PoolErrorCode } from './errors.js';

/** An error as it crosses the IPC channel: plain data that structured clone carries intact. */
export interface SerializedError {
  readonly isError: true;
  readonly name: string;
  readonly message: string;
  readonly stack: string | undefined;
  readonly props: Record<string, unknown>;
  readonly cause?: SerializedThrown;
  readonly errors?: SerializedThrown[];
}

/** Anything a task threw: an error, or another value (thrown as is). */
export type SerializedThrown = SerializedError | { readonly isError: false; readonly value: unknown };

const BUILT_IN: Record<string, new (message?: string) => Error> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

function cloneable(value: unknown): boolean {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}

/** Turns what a task threw into data, keeping `name`, `message`, `stack`, `code`, own enumerable props and `cause`. */
export function serializeThrown(thrown: unknown, depth = 0): SerializedThrown {
  if (!(thrown instanceof Error)) {
    return { isError: false, value: cloneable(thrown) ? thrown : String(thrown) };
  }
  const props: Record<string, unknown> = {};
  for (const key of Object.keys(thrown)) {
    if (key === 'cause' || key === 'errors') continue;
    const value = (thrown as unknown as Record<string, unknown>)[key];
    props[key] = cloneable(value) ? value : String(value);
  }
  const serialized: { -readonly [K in keyof SerializedError]: SerializedError[K] } = {
    isError: true,
    name: thrown.name,
    message: thrown.message,
    stack: thrown.stack,
    props,
  };
  if (depth < 8 && 'cause' in thrown && thrown.cause !== undefined) serialized.cause = serializeThrown(thrown.cause, depth + 1);
  if (depth < 8 && thrown instanceof AggregateError) serialized.errors = thrown.errors.map((e) => serializeThrown(e, depth + 1));
  return serialized;
}

/** Rebuilds a thrown value in the parent: built-in types come back as that type, others as `Error` with the same `name`. */
export function deserializeThrown(data: SerializedThrown): unknown {
  if (!data.isError) return data.value;
  const cause = data.cause === undefined ? undefined : deserializeThrown(data.cause);
  const options = data.cause === undefined ? undefined : { cause };
  let error: Error;
  if (data.name === 'PoolError' && typeof data.props['code'] === 'string') {
    error = new PoolError(data.props['code'] as PoolErrorCode, data.message, { ...data.props, cause });
  } else if (data.errors !== undefined) {
    error = new AggregateError(data.errors.map(deserializeThrown), data.message, options);
  } else {
    const Type = Object.hasOwn(BUILT_IN, data.name) ? BUILT_IN[data.name]! : Error;
    error = new (Type as new (message: string, options?: ErrorOptions) => Error)(data.message, options);
  }
  if (error instanceof PoolError) {
    Object.defineProperty(error, 'stack', { value: data.stack, enumerable: false, configurable: true, writable: true });
    return error;
  }
  if (error.name !== data.name) {
    Object.defineProperty(error, 'name', { value: data.name, enumerable: false, configurable: true, writable: true });
  }
  Object.defineProperty(error, 'stack', { value: data.stack, enumerable: false, configurable: true, writable: true });
  Object.assign(error, data.props);
  return error;
}
