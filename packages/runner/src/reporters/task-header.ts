import type { TaskResult } from '../model/task-result.js';
import type { Colors } from './colors.js';
import { describeFailure, describeFlaky } from './describe-attempts.js';
import { formatDuration } from './format-duration.js';

/**
 * The line that heads a task's block: `── @acme/ui#test · PoolWorker-2 · pid 48213 · ✓ 3.41s`;
 * a cache hit says where its output came from instead of a worker (`cache hit, replayed`, or `cache hit` when the
 * replay is not shown).
 */
export function taskHeader(result: TaskResult, colors: Colors, options: { showsReplay?: boolean } = {}): string {
  const parts = [colors.bold(result.id)];
  if (result.cache === 'hit') parts.push(options.showsReplay === false ? 'cache hit' : 'cache hit, replayed');
  else if (result.worker !== null) parts.push(result.worker, `pid ${result.pid ?? '?'}`);
  parts.push(outcome(result, colors));
  return `${colors.dim('──')} ${parts.join(colors.dim(' · '))}`;
}

function outcome(result: TaskResult, colors: Colors): string {
  const time = formatDuration(result.durationMs);
  switch (result.status) {
    case 'success':
      return result.flaky
        ? `${colors.green('✓')} ${time} ${colors.yellow(`(flaky: ${describeFlaky(result)})`)}`
        : `${colors.green('✓')} ${time}`;
    case 'failed':
      return `${colors.red('✗')} ${time} ${colors.red(`(${describeFailure(result)})`)}`;
    case 'skipped':
      return `${colors.dim('○')} skipped (${(result.skipReason ?? 'run-aborted').replace('-', ' ')})`;
  }
}
