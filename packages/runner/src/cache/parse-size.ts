import { RunnerError } from '../errors.js';

const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1024 ** 4,
  tib: 1024 ** 4,
};

/**
 * `500MB`, `2GB`, `1.5G`, `1048576` → bytes. Binary units, as GitHub counts its cache storage (and as the action's
 * `cache-max-size` input does). `what` names the option in the error, e.g. `--max-size` or `FANOUT_CACHE_MAX_SIZE`.
 */
export function parseSize(what: string, raw: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(raw);
  const unit = match?.[2]?.toLowerCase();
  const factor = unit === undefined ? undefined : UNITS[unit];
  if (!match || factor === undefined) {
    throw new RunnerError('ERR_RUNNER_USAGE', `Expected \`${what}\` to be a size such as \`500MB\` or \`2GB\`, got \`${raw}\``, {
      hint: 'Use a number of bytes, or a number with a unit: B, KB, MB, GB, TB (binary: 1 GB = 1024 MB).',
    });
  }
  return Math.floor(Number(match[1]) * factor);
}

/** 1536 → `1.5 KB`: the inverse of `parseSize`, for reports. */
export function formatSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let index = 0;
  while (value >= 1024 && index < units.length - 1) {
    value /= 1024;
    index++;
  }
  return `${index === 0 ? value : value.toFixed(value < 10 ? 2 : 1).replace(/\.?0+$/, '')} ${units[index]}`;
}
