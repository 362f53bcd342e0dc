import { RunnerError } from '../errors.js';
import type { TaskGraph } from './task-graph.js';

/** Persistent tasks named in the error before the rest are counted. */
const NAMED = 5;

/**
 * Rejects a run whose persistent tasks (dev servers, watchers: they run until stopped) would take every slot, as
 * turbo does: past that, a task waiting for a slot would wait for ever. `given` is what the user asked for
 * (`--concurrency`), undefined for the default (every core).
 */
export function checkPersistentSlots(graph: TaskGraph, concurrency: number, given: number | string | undefined): void {
  const persistent = [...graph.tasks.values()].filter((task) => task.config.persistent === true).map((task) => task.id);
  if (persistent.length < concurrency) return;
  const named = persistent.slice(0, NAMED).join(', ') + (persistent.length > NAMED ? `, and ${persistent.length - NAMED} more` : '');
  const value = given === undefined ? `\`${concurrency}\` (the default: every core)` : `\`${String(given)}\` (${concurrency} slots)`;
  throw new RunnerError('ERR_RUNNER_USAGE', `Expected \`concurrency\` to be above the number of persistent tasks (${persistent.length}: ${named}), got ${value}`, {
    hint: `Each persistent task holds a slot until it is stopped, and the other tasks need one more: use \`--concurrency ${persistent.length + 1}\` or more${given === undefined ? " (fanout's default is a slot per core; turbo's is 10)" : ''}.`,
  });
}
