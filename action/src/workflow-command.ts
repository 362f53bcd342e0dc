/**
 * GitHub workflow commands as text (`::group::`, `::error file=…::`), escaped exactly as actions/toolkit does.
 * The reporter writes them to one sink instead of going through `@actions/core`, so a test can capture every line.
 */

export interface AnnotationLocation {
  title?: string;
  /** Relative to the repository root. */
  file?: string;
  line?: number;
  col?: number;
}

export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function workflowCommand(name: string, properties: Record<string, string | number | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== '')
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${name}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

export const startGroup = (title: string): string => workflowCommand('group', {}, title);
export const endGroup = (): string => '::endgroup::';

export function errorAnnotation(message: string, location: AnnotationLocation = {}): string {
  return workflowCommand('error', { title: location.title, file: location.file, line: location.line, col: location.col }, message);
}

/**
 * Task output may itself contain `::command::` lines; between these two lines GitHub treats them as plain text,
 * so a task can neither add annotations through our re-prints nor end our groups early.
 */
export const stopCommands = (token: string): string => `::stop-commands::${token}`;
export const resumeCommands = (token: string): string => `::${token}::`;
