import type { TaskId } from '../model/task-id.js';

/**
 * Ready tasks, highest priority first (a binary heap). Equal priorities leave in the order they arrived,
 * so runs are deterministic.
 */
export class ReadyQueue {
  readonly #heap: Array<{ id: TaskId; priority: number; seq: number }> = [];
  readonly #priorityOf: (id: TaskId) => number;
  #seq = 0;

  constructor(priorityOf: (id: TaskId) => number) {
    this.#priorityOf = priorityOf;
  }

  get size(): number {
    return this.#heap.length;
  }

  push(id: TaskId): void {
    this.#heap.push({ id, priority: this.#priorityOf(id), seq: this.#seq++ });
    let i = this.#heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#before(i, parent)) break;
      this.#swap(i, parent);
      i = parent;
    }
  }

  pop(): TaskId | undefined {
    const top = this.#heap[0];
    const last = this.#heap.pop();
    if (top === undefined || last === undefined) return undefined;
    if (this.#heap.length > 0) {
      this.#heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let best = i;
        if (left < this.#heap.length && this.#before(left, best)) best = left;
        if (right < this.#heap.length && this.#before(right, best)) best = right;
        if (best === i) break;
        this.#swap(i, best);
        i = best;
      }
    }
    return top.id;
  }

  /** Removes and returns everything, in priority order. */
  drain(): TaskId[] {
    const ids: TaskId[] = [];
    for (let id = this.pop(); id !== undefined; id = this.pop()) ids.push(id);
    return ids;
  }

  #before(a: number, b: number): boolean {
    const x = this.#heap[a]!;
    const y = this.#heap[b]!;
    return x.priority !== y.priority ? x.priority > y.priority : x.seq < y.seq;
  }

  #swap(a: number, b: number): void {
    [this.#heap[a], this.#heap[b]] = [this.#heap[b]!, this.#heap[a]!];
  }
}
