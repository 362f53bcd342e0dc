/** `412` → `0.41s`, `83_400` → `1m 23.4s`: seconds with two decimals, minutes past one minute. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = ((ms % 60_000) / 1000).toFixed(1).padStart(4, '0');
  return `${minutes}m ${seconds}s`;
}
