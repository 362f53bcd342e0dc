import { RunnerError } from '../errors.js';

/** `error ERR_…: message`, then where (file:line:col) and the hint, for usage and config errors on stderr. */
export function formatError(error: unknown): string {
  if (error instanceof RunnerError) {
    let text = `error ${error.code}: ${error.message}\n`;
    if (error.file !== undefined) {
      const position = error.line === undefined ? '' : `:${error.line}${error.column === undefined ? '' : `:${error.column}`}`;
      text += `  at ${error.file}${position}\n`;
    }
    if (error.hint !== undefined) text += `  hint: ${error.hint}\n`;
    return text;
  }
  const code = (error as { code?: unknown } | null)?.code;
  const label = typeof code === 'string' ? `error ${code}` : 'error';
  return `${label}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`;
}
