import type { ParseError } from 'jsonc-parser';
import { RunnerError, type RunnerErrorCode } from '../errors.js';
import { textPosition } from './text-position.js';

/**
 * Parses a JSON (or, with `comments`, JSONC) file's text; a syntax error becomes a RunnerError with the file, line
 * and column. `JSON.parse` is the fast path: jsonc-parser only runs to locate an error (or to read comments),
 * because V8's SyntaxError text differs between Node versions and has no line numbers on Node 20.
 */
export async function parseJsonFile(
  text: string,
  file: string,
  code: RunnerErrorCode,
  options: { comments?: boolean } = {},
): Promise<unknown> {
  if (options.comments !== true) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // Fall through to locate the error.
    }
  }
  // Loaded only here, so a run whose JSON is all valid never pays for the parser's start-up.
  const { parse, printParseErrorCode } = await import('jsonc-parser');
  const errors: ParseError[] = [];
  const value = parse(text, errors, { disallowComments: options.comments !== true, allowTrailingComma: options.comments === true });
  const first = errors[0];
  if (first === undefined && value !== undefined) return value as unknown;
  const offset = first?.offset ?? 0;
  const { line, column } = textPosition(text, offset);
  const reason = first === undefined ? 'the file is empty' : describe(printParseErrorCode(first.error));
  throw new RunnerError(code, `Invalid JSON in ${file}: ${reason}`, {
    file,
    line,
    column,
    hint: 'Fix the syntax at that position (JSON allows no comments or trailing commas).',
  });
}

function describe(code: string): string {
  // `CommaExpected` → `comma expected`
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
