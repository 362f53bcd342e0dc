// Child-side entry of every pool worker and Process. Runs in a detached process group (or a worker thread).
import { isThreadWorker, serveWorkerMethods } from './backend-worker.js';
import { ENV_PARENT_PID, ENV_WORKER_CAPTURE, ENV_WORKER_NAME, ENV_WORKER_TASKS } from './constants.js';
import { setIdentity } from './current-process.js';
import { endMarker, INIT_MARKER_ID } from './end-marker.js';
import { METHOD_INIT, METHOD_PROCESS, METHOD_RUN } from './protocol.js';
import type { InitRequest, ProcessReply, RunReply, RunRequest } from './protocol.js';
import { loadTasks, preloadTasks, resolveFunction } from './worker-functions.js';
import { runItems } from './run-items.js';
import { serializeThrown } from './serialize-error.js';

const name = process.env[ENV_WORKER_NAME] ?? 'PoolWorker';
const capture = process.env[ENV_WORKER_CAPTURE] === '1';
const parentPid = Number(process.env[ENV_PARENT_PID] ?? process.ppid);
const preload = process.env[ENV_WORKER_TASKS];
// Read once and forgotten, so that processes this worker spawns are not mistaken for pool workers.
delete process.env[ENV_WORKER_NAME];
delete process.env[ENV_WORKER_CAPTURE];
delete process.env[ENV_PARENT_PID];
delete process.env[ENV_WORKER_TASKS];
setIdentity({ name, parentPid });

if (!isThreadWorker) {
  // The parent died (or dropped us): take down everything this worker started. Registered before
  // serveWorkerMethods' own handler, which only exits this process (and before the tasks module may add its own).
  process.on('disconnect', () => {
    try {
      process.kill(-process.pid, 'SIGKILL');
    } catch {
      process.exit(1);
    }
  });
}

// After setIdentity: the tasks module may call currentProcess() at load (usually now, synchronously: see importTasks).
if (preload !== undefined) preloadTasks(preload);

async function init(request: InitRequest): Promise<{ error?: ReturnType<typeof serializeThrown> }> {
  try {
    if (request.tasks !== undefined) await loadTasks(request.tasks);
    if (request.initializer !== undefined) await resolveFunction(request.initializer)(...request.initargs);
    return {};
  } catch (error) {
    return { error: serializeThrown(error) };
  } finally {
    if (capture) {
      // The parent sends no task before reading these: what the start-up printed belongs to no task.
      const marker = endMarker(INIT_MARKER_ID);
      process.stdout.write(marker);
      process.stderr.write(marker);
    }
  }
}

// Requests start as they arrive (see serveWorkerMethods); the parent may send the next task before this one ends,
// and tasks must still run one at a time, in order (log attribution depends on it too).
let previous: Promise<unknown> = Promise.resolve();
function run(request: RunRequest): Promise<RunReply> {
  const next = previous.then(() => runOne(request));
  previous = next.catch(() => undefined);
  return next;
}

async function runOne(request: RunRequest): Promise<RunReply> {
  let reply: RunReply;
  try {
    reply = await runItems(resolveFunction(request.fn), request.star, request.items);
  } catch (error) {
    reply = { values: [], error: serializeThrown(error) };
  }
  if (capture) {
    // Synchronous on pipes (Linux), and read by the parent before it settles the task: see END_MARKER_PREFIX.
    const marker = endMarker(request.taskId);
    process.stdout.write(marker);
    process.stderr.write(marker);
  }
  return reply;
}

async function runProcess(request: { fn: RunRequest['fn']; args: unknown[] }): Promise<ProcessReply> {
  try {
    await resolveFunction(request.fn)(...request.args);
    return {};
  } catch (error) {
    // Python prints the traceback of a failing Process target on its stderr.
    process.stderr.write(`Process ${name}:\n${error instanceof Error ? (error.stack ?? String(error)) : String(error)}\n`);
    return { error: serializeThrown(error) };
  }
}

serveWorkerMethods({ [METHOD_INIT]: init, [METHOD_RUN]: run, [METHOD_PROCESS]: runProcess });
