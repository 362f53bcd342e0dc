import { END_MARKER_PREFIX, END_MARKER_SUFFIX } from './constants.js';

/** The line a worker writes on stdout and stderr when task `taskId` is over. */
export function endMarker(taskId: number): string {
  return `${END_MARKER_PREFIX}${taskId}${END_MARKER_SUFFIX}\n`;
}
