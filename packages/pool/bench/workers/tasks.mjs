// The benchmark's worker-side functions, shared by every Node contender (named exports).

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

export function noop() {
  return null;
}
