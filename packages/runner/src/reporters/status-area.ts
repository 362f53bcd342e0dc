import type { TaskId } from '../model/task-id.js';
import type { Colors } from './colors.js';
import { formatDuration } from './format-duration.js';

/** Running tasks listed in the live area before the rest are summarised as "+ N more". */
const MAX_ROWS = 8;

export interface RunningTask {
  id: TaskId;
  worker: string;
  pid: number;
  since: number;
}

/** The live status area drawn below the logs on a terminal: the running tasks with elapsed time, and done/total. */
export function renderStatusArea(
  running: readonly RunningTask[],
  progress: { done: number; total: number },
  now: number,
  colors: Colors,
  columns: number,
): string[] {
  const rows = [...running].sort((a, b) => a.since - b.since);
  const lines = rows
    .slice(0, MAX_ROWS)
    .map((task) => ` ${colors.cyan('●')} ${task.id} ${colors.dim(`${formatDuration(now - task.since)} · ${task.worker}`)}`);
  if (rows.length > MAX_ROWS) lines.push(colors.dim(`   + ${rows.length - MAX_ROWS} more`));
  lines.push(colors.bold(` ${progress.done}/${progress.total} done · ${running.length} running`));
  return lines.map((line) => truncate(line, Math.max(10, columns - 1)));
}

/** Cuts a line to `width` visible characters (ANSI codes don't count), so the area never wraps. */
function truncate(line: string, width: number): string {
  let visible = 0;
  let out = '';
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\x1b') {
      const end = line.indexOf('m', i);
      out += line.slice(i, end + 1);
      i = end;
      continue;
    }
    if (visible === width) continue;
    out += line[i];
    visible++;
  }
  return out;
}
