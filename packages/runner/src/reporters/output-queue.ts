/**
 * Runs writes strictly in order. A synchronous write runs at once while nothing is pending; once an asynchronous
 * one (streaming a log file) is in flight, later writes wait behind it, so output never interleaves out of order.
 */
export class OutputQueue {
  #pending: Promise<void> | null = null;

  run(write: () => void | Promise<void>): void {
    if (this.#pending === null) {
      const result = write();
      if (result instanceof Promise) this.#track(result);
      return;
    }
    this.#track(this.#pending.then(write));
  }

  /** Resolves once every queued write is done. */
  async idle(): Promise<void> {
    while (this.#pending !== null) await this.#pending;
  }

  #track(promise: Promise<void>): void {
    // A failed write (a closed pipe) must not stop later ones.
    const tracked: Promise<void> = promise
      .catch(() => {})
      .then(() => {
        if (this.#pending === tracked) this.#pending = null;
      });
    this.#pending = tracked;
  }
}
