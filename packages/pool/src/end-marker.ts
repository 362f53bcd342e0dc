import { END_MARKER_PREFIX, END_MARKER_SUFFIX } from './constants.js';

/**
 * The marker id a worker writes once its start-up (the `tasks` import and the initializer) is over: task ids start at
 * 1, and start-up output must reach the parent before the first task is sent, or its lines would be that task's.
 */
export const INIT_MARKER_ID = 0;

/** The line a worker writes on stdout and stderr when task `taskId` is over. */
export function endMarker(taskId: number): string {
  return `${END_MARKER_PREFIX}${taskId}${END_MARKER_SUFFIX}\n`;
}
