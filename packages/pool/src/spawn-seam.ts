import { spawnWorker } from './backend.js';
import type { SpawnWorker } from './backend.js';

// Engine tests run Pool and Process on in-process fake workers. The seam lives here rather than in the public
// constructors' signatures, so the published types show only what users may pass.
let override: SpawnWorker | undefined;

/** Runs `make` with every Pool or Process it constructs starting its workers through `spawn`. Not exported by the package. */
export function withSpawner<T>(spawn: SpawnWorker, make: () => T): T {
  const previous = override;
  override = spawn;
  try {
    return make();
  } finally {
    override = previous;
  }
}

/** How a Pool or Process being constructed starts its workers: the backend's spawnWorker unless a test says otherwise. */
export function currentSpawner(): SpawnWorker {
  return override ?? spawnWorker;
}
