/** `warning WARN_…: message` and the hint, as the terminal reporter prints them, for plans that run no reporter. */
export function formatWarning(warning: { code: string; message: string; hint?: string }): string {
  const hint = warning.hint === undefined ? '' : `\n  hint: ${warning.hint}`;
  return `warning ${warning.code}: ${warning.message}${hint}\n`;
}
