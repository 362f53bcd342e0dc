// Builds dist/pool-worker.cjs, the file every worker process starts from (after tsc has built the library).
// Bundled, because a worker's start-up is on the critical path of every pool (see poolWorkerBundleOptions).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { POOL_WORKER_FILE, poolWorkerBundleOptions } from '../../scripts/esbuild-node.mjs';

const poolDir = path.dirname(fileURLToPath(import.meta.url));
await esbuild.build(poolWorkerBundleOptions(path.join(poolDir, 'dist', POOL_WORKER_FILE)));
