import type { CallOptions } from './options.js';
import type { FunctionSpec } from './protocol.js';

/** What a chunk came back with: the values of the items before the first failure, and that failure. */
export type ChunkResult = { readonly values: unknown[]; readonly failed: false } | { readonly values: unknown[]; readonly failed: true; readonly error: unknown };

/** A submitted chunk: its result, and a way to withdraw it while it is still queued. */
export interface ChunkHandle {
  readonly result: Promise<ChunkResult>;
  cancel(): void;
}

/** The seam between the Python-style methods and the engine: runs `fn` over a chunk on some worker. */
export interface ChunkRunner {
  readonly processes: number;
  submit(fn: FunctionSpec, star: boolean, items: readonly unknown[], options: CallOptions): ChunkHandle;
  /** Iteration begins (first `next()`); throws if the pool was closed before. */
  begin(): void;
  /** No more chunks will be submitted. */
  release(): void;
  /** Whether every further submission would be refused (terminated, or failed to start). */
  halted(): boolean;
  /** Calls `listener` when the pool is closed (not terminated); returns a function that unsubscribes. */
  onClose(listener: () => void): () => void;
}
