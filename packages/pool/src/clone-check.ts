import { PoolError } from './errors.js';

/** Where a value that structured clone rejects sits, and what it is. */
export interface Unclonable {
  readonly path: string;
  readonly what: string;
}

const LEAF_TAGS = new Set([
  '[object Date]',
  '[object RegExp]',
  '[object ArrayBuffer]',
  '[object SharedArrayBuffer]',
  '[object Boolean]',
  '[object Number]',
  '[object String]',
  '[object BigInt]',
  '[object Blob]',
  '[object File]',
]);

/**
 * Whether `value` could hold something structured clone rejects: primitives other than symbols never do.
 * Hot loops check this before building the path strings that {@link findUnclonable} needs.
 */
export function needsCloneCheck(value: unknown): boolean {
  const type = typeof value;
  return type === 'object' || type === 'function' || type === 'symbol';
}

/**
 * Finds the first value in `value` that the IPC channel's structured clone would reject, without cloning:
 * a type check per node, so a 1 MB buffer or a plain number costs next to nothing.
 */
export function findUnclonable(value: unknown, path: string, seen?: Set<object>): Unclonable | undefined {
  switch (typeof value) {
    case 'function':
      return { path, what: `a function (${value.name || 'anonymous'})` };
    case 'symbol':
      return { path, what: `a symbol (${String(value)})` };
    case 'object':
      break;
    default:
      return undefined;
  }
  if (value === null) return undefined;
  // Allocated only for objects: 100k tiny items would otherwise pay a Set each.
  seen ??= new Set<object>();
  if (seen.has(value)) return undefined;
  seen.add(value);
  if (ArrayBuffer.isView(value)) return undefined;
  const tag = Object.prototype.toString.call(value);
  if (LEAF_TAGS.has(tag)) return undefined;
  if (value instanceof Map) {
    let i = 0;
    for (const [key, entry] of value) {
      const found = findUnclonable(key, `${path}.keys()[${i}]`, seen) ?? findUnclonable(entry, `${path}.get(…)[${i}]`, seen);
      if (found) return found;
      i++;
    }
    return undefined;
  }
  if (value instanceof Set) {
    let i = 0;
    for (const entry of value) {
      const found = findUnclonable(entry, `${path}.values()[${i}]`, seen);
      if (found) return found;
      i++;
    }
    return undefined;
  }
  if (value instanceof Error) return undefined;
  if (value instanceof Promise || value instanceof WeakMap || value instanceof WeakSet || value instanceof WeakRef) {
    return { path, what: `a ${tag.slice(8, -1)}` };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnclonable(value[i], `${path}[${i}]`, seen);
      if (found) return found;
    }
    return undefined;
  }
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto !== null && proto !== Object.prototype && tag !== '[object Object]') {
    // Host objects (sockets, streams, MessagePorts…) have their own tag; structured clone refuses most of them.
    return { path, what: `a ${tag.slice(8, -1)}` };
  }
  for (const key of Object.keys(value)) {
    const found = findUnclonable((value as Record<string, unknown>)[key], `${path}.${key}`, seen);
    if (found) return found;
  }
  return undefined;
}

/** Throws `ERR_NOT_SERIALIZABLE` naming the position when `value` cannot travel to a worker. */
export function assertCloneable(value: unknown, path: string, subject: string): void {
  if (!needsCloneCheck(value)) return;
  const found = findUnclonable(value, path);
  if (found === undefined) return;
  throw new PoolError('ERR_NOT_SERIALIZABLE', `${subject} cannot be sent to a worker: \`${found.path}\` is ${found.what}, which structured clone cannot copy`, {
    position: found.path,
    hint: 'Pass plain data (primitives, arrays, plain objects, Map, Set, Date, typed arrays); send functions by name through the `tasks` module.',
  });
}
