/** ANSI styling that turns into plain text when colour is off. */
export interface Colors {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  /** A stable colour per label (stream-mode prefixes), so each task keeps its colour. */
  label(text: string, key: string): string;
}

const LABEL_CODES = [36, 35, 34, 33, 32, 96, 95, 94];

/**
 * Colour on or off: `FORCE_COLOR` (anything but `0`/`false`) forces it on, then `NO_COLOR` (non-empty) turns
 * it off (https://no-color.org), else colour follows whether the stream is a terminal.
 */
export function shouldUseColor(stream: NodeJS.WritableStream, env: NodeJS.ProcessEnv = process.env): boolean {
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env['NO_COLOR']) return false;
  return (stream as { isTTY?: boolean }).isTTY === true && env['TERM'] !== 'dumb';
}

export function createColors(enabled: boolean): Colors {
  const wrap = (open: number, close: number) => (text: string) =>
    enabled ? `\x1b[${open}m${text}\x1b[${close}m` : text;
  return {
    enabled,
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
    label(text, key) {
      let hash = 0;
      for (const char of key) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
      return wrap(LABEL_CODES[hash % LABEL_CODES.length]!, 39)(text);
    },
  };
}
