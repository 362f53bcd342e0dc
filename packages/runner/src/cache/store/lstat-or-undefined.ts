import { lstatSync, type Stats } from 'node:fs';

/** The file's own stats, or `undefined` when it is absent or can't be looked at (a lookup and a restore ask often). */
export function lstatOrUndefined(file: string): Stats | undefined {
  try {
    return lstatSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}
