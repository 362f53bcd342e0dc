import { parse } from 'acorn';
import type { Node } from 'acorn';
import { analyze } from 'eslint-scope';
import { PoolError } from './errors.js';
import type { FunctionSpec } from './protocol.js';

const cache = new WeakMap<object, FunctionSpec>();

/** Parses function source as an expression; method shorthand (`square(x) {…}`) is wrapped in an object. */
function toExpressionSource(source: string): { expression: string; ast: Node } {
  const attempts = [source, `({${source}})`];
  for (const attempt of attempts) {
    try {
      const ast = parse(`(${attempt});`, { ecmaVersion: 'latest', sourceType: 'module', ranges: true });
      const expression = attempt === source ? source : `Object.values(${attempt})[0]`;
      return { expression, ast };
    } catch {
      // try the next form
    }
  }
  throw new Error('unparseable');
}

function freeIdentifiers(ast: Node): string[] {
  const manager = analyze(ast, { ecmaVersion: 2022, sourceType: 'module' });
  const global = manager.globalScope;
  const names = new Set<string>();
  // References that no scope inside the function resolves bubble up to the module scope, then global.
  for (const scope of [global, ...global.childScopes]) {
    for (const reference of scope.through) names.add(reference.identifier.name);
  }
  return [...names];
}

/**
 * How to ship `fn` to workers when it is not an export of the `tasks` module: as source, if it is
 * self-contained. Throws `ERR_FUNCTION_NOT_PORTABLE` naming the first identifier it closes over.
 */
export function toSourceSpec(fn: (...args: never[]) => unknown): FunctionSpec {
  const cached = cache.get(fn);
  if (cached) return cached;
  const source = Function.prototype.toString.call(fn);
  const label = fn.name ? `\`${fn.name}\`` : 'An anonymous function';
  const hint = 'Export the function from a module and pass that module as the pool\'s `tasks` option; it is then called by name, like Python pickles functions.';
  if (/\{\s*\[native code\]\s*\}\s*$/.test(source)) {
    throw new PoolError('ERR_FUNCTION_NOT_PORTABLE', `${label} is native or bound, so its source cannot be sent to a worker`, { hint });
  }
  let parsed: { expression: string; ast: Node };
  try {
    parsed = toExpressionSource(source);
  } catch (cause) {
    throw new PoolError('ERR_FUNCTION_NOT_PORTABLE', `${label} cannot be re-created from its source`, { hint, cause });
  }
  for (const name of freeIdentifiers(parsed.ast)) {
    if (name in globalThis || name === 'arguments') continue;
    throw new PoolError('ERR_FUNCTION_NOT_PORTABLE', `${label} uses \`${name}\` from its enclosing scope, which a worker does not have`, {
      identifier: name,
      hint,
    });
  }
  const spec: FunctionSpec = { kind: 'source', source: parsed.expression };
  cache.set(fn, spec);
  return spec;
}
