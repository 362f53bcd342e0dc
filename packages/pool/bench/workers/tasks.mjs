// The benchmark's worker-side functions, shared by every Node contender (named exports).
import { threadId } from 'node:worker_threads';

export function square(x) {
  return x * x;
}

/** Fixed CPU work: `iterations` rounds of integer mixing (calibrated by the harness to ~100 ms). */
export function cpu(iterations) {
  let h = 0;
  for (let i = 0; i < iterations; i++) h = (Math.imul(h ^ i, 2654435761) + 1) | 0;
  return h;
}

/** Sleeps `ms`, for the variable-duration imapUnordered workload. */
export async function sleep(ms) {
  await new Promise((resolve) => setTimeout(resolve, ms));
  return ms;
}

/** Sums a byte buffer, for the payload workload. */
export function sum(bytes) {
  let total = 0;
  for (let i = 0; i < bytes.length; i++) total += bytes[i];
  return total;
}

/** Which worker ran this (pid, and thread for thread pools), after `ms`: the harness warms pools until every worker answered. */
export async function whoami(ms) {
  await new Promise((resolve) => setTimeout(resolve, ms));
  return `${process.pid}:${threadId}`;
}

export function noop() {
  return null;
}
