import { availableParallelism } from 'node:os';
import { RunnerError } from '../errors.js';

const HINT = 'Use a whole number of tasks such as `4`, or a share of the cores such as `50%`.';

/** Turns `--concurrency 4`, `'4'` or `'50%'` (of the cores, at least 1) into a number of slots. */
export function resolveConcurrency(value: number | string | undefined, cores = availableParallelism()): number {
  if (value === undefined) return cores;
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 1) return value;
    throw invalid(value);
  }
  const text = value.trim();
  if (/^\d+$/.test(text)) return resolveConcurrency(Number(text), cores);
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(text);
  if (percent && Number(percent[1]) > 0) return Math.max(1, Math.floor((cores * Number(percent[1])) / 100));
  throw invalid(value);
}

function invalid(value: number | string): RunnerError {
  return new RunnerError(
    'ERR_RUNNER_USAGE',
    `Expected \`concurrency\` to be an integer from 1 and up or a percentage above 0%, got \`${String(value)}\` (${typeof value})`,
    { hint: HINT },
  );
}
