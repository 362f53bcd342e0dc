/** Grace period between SIGTERM and SIGKILL when a worker's process group is stopped. */
export const TERMINATE_TIMEOUT_MS = 1000;

/** Imap/imapUnordered keep at most this many chunks per worker submitted but not yet yielded. */
export const IMAP_WINDOW_PER_WORKER = 2;

/** Environment variables the parent hands a worker; the worker removes them so its own children do not inherit them. */
export const ENV_WORKER_NAME = 'FANOUT_POOL_WORKER_NAME';
export const ENV_WORKER_CAPTURE = 'FANOUT_POOL_WORKER_CAPTURE';
export const ENV_PARENT_PID = 'FANOUT_POOL_PARENT_PID';
/** The pool's `tasks` module, which the worker starts importing at once rather than when its init request arrives. */
export const ENV_WORKER_TASKS = 'FANOUT_POOL_WORKER_TASKS';
/** Set for thread workers, which then answer on their parentPort rather than on a process's IPC channel. */
export const ENV_WORKER_THREAD = 'FANOUT_POOL_WORKER_THREAD';

/**
 * Written by a worker on stdout and stderr at the end of each task. stdout/stderr pipes and the IPC
 * channel are not ordered relative to each other; the parent settles a task only once it has read this
 * marker on both streams, so every line the task wrote is delivered (and attributed) before that.
 */
export const END_MARKER_PREFIX = '\u0000fanout-task-end:';
export const END_MARKER_SUFFIX = '\u0000';
