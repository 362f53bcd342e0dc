import type { RunReply, RunRequest } from './protocol.js';
import type { LogEntry, StartInfo } from './options.js';

/** What a dispatched task ended with: the worker's reply, or an error of the pool (crash, timeout, abort…). */
export type TaskOutcome = { readonly ok: true; readonly reply: RunReply } | { readonly ok: false; readonly error: unknown };

/** One dispatch unit: a call, or a chunk of map items. Its state moves queued → running → done. */
export interface Task {
  readonly id: number;
  readonly request: RunRequest;
  readonly timeout: number | undefined;
  readonly signal: AbortSignal | undefined;
  readonly onStart: ((info: StartInfo) => void) | undefined;
  readonly onLog: ((entry: LogEntry) => void) | undefined;
  /** A map chunk, which may wait in a busy worker behind another (see PIPELINE_DEPTH). */
  readonly pipelinable: boolean;
  state: 'queued' | 'running' | 'done';
  /** Called exactly once. */
  settle(outcome: TaskOutcome): void;
}

/** FIFO of tasks with O(1) removal by marking: cancelled tasks are skipped when they reach the head. */
export class TaskQueue {
  #items: Task[] = [];
  #head = 0;

  get size(): number {
    let n = 0;
    for (let i = this.#head; i < this.#items.length; i++) if (this.#items[i]!.state === 'queued') n++;
    return n;
  }

  push(task: Task): void {
    this.#items.push(task);
  }

  /** Puts a task back at the head (it was sent to a worker that died before starting it). */
  unshift(task: Task): void {
    if (this.#head > 0) this.#items[--this.#head] = task;
    else this.#items.unshift(task);
  }

  /** Queued tasks, counting cancelled ones not yet skipped (an upper bound, in O(1)). */
  get roughSize(): number {
    return this.#items.length - this.#head;
  }

  /** The next queued task, without removing it. */
  peek(): Task | undefined {
    return this.isEmpty ? undefined : this.#items[this.#head];
  }

  shift(): Task | undefined {
    while (this.#head < this.#items.length) {
      const task = this.#items[this.#head++]!;
      if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
        this.#items = this.#items.slice(this.#head);
        this.#head = 0;
      }
      if (task.state === 'queued') return task;
    }
    return undefined;
  }

  get isEmpty(): boolean {
    while (this.#head < this.#items.length && this.#items[this.#head]!.state !== 'queued') this.#head++;
    return this.#head >= this.#items.length;
  }

  drain(): Task[] {
    const rest = this.#items.slice(this.#head).filter((task) => task.state === 'queued');
    this.#items = [];
    this.#head = 0;
    return rest;
  }
}
