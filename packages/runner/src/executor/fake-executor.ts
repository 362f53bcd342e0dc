import type { TaskId } from '../model/task-id.js';
import type { ExecuteRequest, ExecutionOutcome, TaskExecutor } from './task-executor.js';

/** What one scripted attempt does. */
export interface FakeAttempt {
  /** @default 0 */
  exitCode?: number;
  /** @default the task's or the executor's `durationMs` */
  durationMs?: number;
  /** Lines written to stdout (prefix a line with `!` to write it to stderr). */
  output?: string[];
  /** End the attempt as if its worker died. */
  crash?: string;
}

export interface FakeTaskScript {
  /** One entry per attempt; the last one repeats. @default [{ exitCode: 0 }] */
  attempts?: FakeAttempt[];
  durationMs?: number;
  output?: string[];
}

export interface FakeExecutorOptions {
  /** Scripted behaviour per task id; unlisted tasks succeed silently. @default {} */
  scripts?: Record<string, FakeTaskScript>;
  /** @default 10 */
  durationMs?: number;
  /** Clock for output timestamps. @default Date.now */
  now?: () => number;
}

interface Running {
  id: TaskId;
  worker: string;
  pid: number;
  finish(outcome: ExecutionOutcome): void;
}

/**
 * An in-memory executor for scheduler tests: attempts are timers with scripted exit codes, durations and output,
 * and it records what started when, and how many ran at once.
 */
export class FakeExecutor implements TaskExecutor {
  /** Every attempt started, in order. */
  readonly started: Array<{ id: TaskId; attempt: number; worker: string }> = [];
  /** The largest number of attempts that were running at the same time. */
  maxRunning = 0;
  readonly #options: FakeExecutorOptions;
  readonly #running = new Map<number, Running>();
  #nextPid = 1000;
  #terminated = false;

  constructor(options: FakeExecutorOptions = {}) {
    this.#options = options;
  }

  /** Ids of the attempts running now. */
  get running(): TaskId[] {
    return [...this.#running.values()].map((entry) => entry.id);
  }

  execute(request: ExecuteRequest): Promise<ExecutionOutcome> {
    if (this.#terminated) return Promise.resolve({ kind: 'crashed', message: 'executor terminated', worker: null, pid: null });
    const script = this.#options.scripts?.[request.task.id] ?? {};
    const attempts = script.attempts ?? [{}];
    const attempt = attempts[Math.min(request.attempt, attempts.length) - 1] ?? {};
    const durationMs = attempt.durationMs ?? script.durationMs ?? this.#options.durationMs ?? 10;
    const pid = this.#nextPid++;
    const worker = `FakeWorker-${this.#freeSlot()}`;
    const now = this.#options.now ?? Date.now;

    return new Promise((resolve) => {
      const timers: NodeJS.Timeout[] = [];
      const finish = (outcome: ExecutionOutcome) => {
        if (!this.#running.delete(pid)) return;
        for (const timer of timers) clearTimeout(timer);
        request.signal?.removeEventListener('abort', onAbort);
        resolve(outcome);
      };
      const onAbort = () => finish({ kind: 'aborted', worker, pid });
      this.#running.set(pid, { id: request.task.id, worker, pid, finish });
      this.maxRunning = Math.max(this.maxRunning, this.#running.size);
      this.started.push({ id: request.task.id, attempt: request.attempt, worker });
      request.onStart({ worker, pid });
      if (request.signal?.aborted) return onAbort();
      request.signal?.addEventListener('abort', onAbort);

      for (const line of attempt.output ?? script.output ?? []) {
        const stderr = line.startsWith('!');
        request.onOutput({ stream: stderr ? 'stderr' : 'stdout', line: stderr ? line.slice(1) : line, time: now() });
      }
      const { timeoutMs } = request;
      if (timeoutMs !== undefined && timeoutMs < durationMs) {
        timers.push(setTimeout(() => finish({ kind: 'timed-out', timeoutMs, worker, pid }), timeoutMs));
        return;
      }
      timers.push(
        setTimeout(() => {
          if (attempt.crash !== undefined) finish({ kind: 'crashed', message: attempt.crash, worker, pid });
          else finish({ kind: 'exited', exitCode: attempt.exitCode ?? 0, signal: null, worker, pid });
        }, durationMs),
      );
    });
  }

  async terminate(): Promise<void> {
    this.#terminated = true;
    for (const entry of [...this.#running.values()]) {
      entry.finish({ kind: 'aborted', worker: entry.worker, pid: entry.pid });
    }
  }

  #freeSlot(): number {
    const used = new Set([...this.#running.values()].map((entry) => entry.worker));
    let slot = 1;
    while (used.has(`FakeWorker-${slot}`)) slot++;
    return slot;
  }
}
