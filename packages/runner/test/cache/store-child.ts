// Run in a child process by concurrent-writers.test.ts (bundled with esbuild): looks up and stores one task.
import * as path from 'node:path';
import { createTaskCache } from '../../src/cache/create-task-cache.js';
import { taskId } from '../../src/model/task-id.js';
import type { Task } from '../../src/model/task.js';
import type { Workspace } from '../../src/workspace/workspace.js';

const [root, cacheDir, logFile] = process.argv.slice(2) as [string, string, string];
const dir = path.join(root, 'packages', 'a');
const workspace: Workspace = { root, kind: 'pnpm', packages: [], byName: new Map(), lockfile: undefined };
const task: Task = { id: taskId('a', 'build'), packageName: 'a', dir, script: 'build', command: 'node build.js', args: [], dependencies: [], config: { outputs: ['dist/**'] } };
const warnings: string[] = [];
const cache = createTaskCache({ workspace, cacheDir, read: true, write: true, env: {}, onWarning: (warning) => warnings.push(warning.message) });
const lookup = await cache.lookup(task, new Map());
if (lookup.kind === 'miss') await cache.store(task, lookup.fingerprint, { durationMs: 1, logFile });
const stats = await cache.close();
process.stdout.write(JSON.stringify({ kind: lookup.kind, fingerprint: lookup.fingerprint, stats, warnings }));
