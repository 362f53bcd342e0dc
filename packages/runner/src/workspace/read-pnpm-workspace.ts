import type { LineCounter, Node } from 'yaml';
import { RunnerError } from '../errors.js';
import { simplePnpmWorkspaceGlobs } from './simple-pnpm-workspace.js';

/**
 * The `packages` globs of a pnpm-workspace.yaml. Without a `packages` key pnpm takes every package below the root
 * (`**`); syntax errors and a wrong shape are reported with the file, line and column.
 */
export async function readPnpmWorkspace(text: string, file: string): Promise<string[]> {
  const simple = simplePnpmWorkspaceGlobs(text);
  if (simple !== undefined) return simple;
  // yaml is the heaviest module discovery could load (~90 ms here): only files beyond the usual shape pay for it.
  const { LineCounter, isMap, isSeq, parseDocument } = await import('yaml');
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const syntax = document.errors[0];
  if (syntax) {
    const position = syntax.linePos?.[0] ?? lineCounter.linePos(syntax.pos[0]);
    throw new RunnerError('ERR_RUNNER_CONFIG', `Invalid YAML in ${file}: ${firstLine(syntax.message)}`, {
      file,
      ...(position === undefined ? {} : { line: position.line, column: position.col }),
      hint: 'pnpm-workspace.yaml lists package globs, e.g. `packages: ["packages/*", "!packages/legacy"]`.',
    });
  }
  const contents = document.contents;
  if (contents === null) return ['**'];
  if (!isMap(contents)) throw shapeError(file, lineCounter, contents, 'the file to be a mapping with a `packages` list');
  const packages = contents.get('packages', true);
  if (packages === undefined || packages === null) return ['**'];
  if (!isSeq(packages)) throw shapeError(file, lineCounter, packages as Node, '`packages` to be a list of globs');
  return packages.items.map((item) => {
    const value = (item as { value?: unknown }).value;
    if (typeof value !== 'string' || value === '') throw shapeError(file, lineCounter, item as Node, 'every entry of `packages` to be a non-empty glob string');
    return value;
  });
}

function shapeError(file: string, lineCounter: LineCounter, node: Node, expected: string): RunnerError {
  const offset = node.range?.[0];
  const position = offset === undefined ? undefined : lineCounter.linePos(offset);
  const got = JSON.stringify((node as { toJSON?: () => unknown }).toJSON?.() ?? null);
  return new RunnerError('ERR_RUNNER_CONFIG', `Expected ${expected} in ${file}, got \`${got}\``, {
    file,
    ...(position === undefined ? {} : { line: position.line, column: position.col }),
    hint: 'pnpm-workspace.yaml lists package globs, e.g. `packages: ["packages/*", "!packages/legacy"]`.',
  });
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
