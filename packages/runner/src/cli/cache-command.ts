import { readdir, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { CacheLayout } from '../cache/cache-layout.js';
import { DEFAULT_CACHE_MAX_BYTES } from '../cache/create-task-cache.js';
import { defaultCacheDir } from '../cache/default-cache-dir.js';
import { formatSize, parseSize } from '../cache/parse-size.js';
import { listEntries } from '../cache/store/list-entries.js';
import { pruneStore } from '../cache/store/prune-store.js';
import { RunnerError } from '../errors.js';
import { findWorkspaceRoot } from '../planning.js';
import { formatError } from './format-error.js';

export interface CacheCommandIo {
  cwd: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Where `FANOUT_CACHE_DIR` and `FANOUT_CACHE_MAX_SIZE` are read. @default process.env */
  env?: NodeJS.ProcessEnv;
}

const USAGE = `Usage: fanout cache <command> [--cache-dir <dir>]

Commands:
  status                 entries, size and budget of the task cache
  clean                  remove every entry
  prune --max-size <n>   remove least recently used entries until the cache fits, e.g. --max-size 2GB
`;

/** Exit code of a usage error. */
const EXIT_USAGE = 2;

/** `fanout cache status | clean | prune --max-size 2GB [--cache-dir d]`; resolves with the exit code. */
export async function cacheCommand(argv: string[], io: CacheCommandIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    io.stderr.write(formatError(error));
    return error instanceof RunnerError ? EXIT_USAGE : 1;
  }
}

async function dispatch(argv: string[], io: CacheCommandIo): Promise<number> {
  const env = io.env ?? process.env;
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    (command === undefined ? io.stderr : io.stdout).write(USAGE);
    return command === undefined ? EXIT_USAGE : 0;
  }
  if (command !== 'status' && command !== 'clean' && command !== 'prune') {
    throw new RunnerError('ERR_RUNNER_USAGE', `Unknown cache command \`${command}\``, { hint: 'Use `fanout cache status`, `fanout cache clean` or `fanout cache prune --max-size 2GB`.' });
  }
  const values = parseOptions(command, rest);
  const layout = new CacheLayout(await resolveCacheDir(values['cache-dir'], io.cwd, env));

  switch (command) {
    case 'status': {
      const entries = await listEntries(layout);
      const bytes = entries.reduce((sum, entry) => sum + entry.bytes, 0);
      const budget = budgetOf(undefined, env);
      const lastUsed = entries.map((entry) => entry.lastUsed).filter((time) => time > 0);
      const lines = [
        `Task cache: ${layout.root}`,
        `Entries:    ${entries.length} (${formatSize(bytes)})`,
        `Budget:     ${formatSize(budget.bytes)} (${budget.source})`,
      ];
      if (lastUsed.length > 0) lines.push(`Last used:  ${new Date(Math.max(...lastUsed)).toISOString()} (least recently: ${new Date(Math.min(...lastUsed)).toISOString()})`);
      io.stdout.write(`${lines.join('\n')}\n`);
      return 0;
    }
    case 'clean': {
      const entries = await listEntries(layout);
      const bytes = entries.reduce((sum, entry) => sum + entry.bytes, 0);
      // Older formats' folders too: nothing reads them any more.
      for (const name of await readdir(layout.dir).catch(() => [] as string[])) {
        if (/^tasks-v\d+$/.test(name)) await rm(path.join(layout.dir, name), { recursive: true, force: true });
      }
      io.stdout.write(`Removed ${plural(entries.length, 'entry', 'entries')} (${formatSize(bytes)}) from ${layout.dir}\n`);
      return 0;
    }
    case 'prune': {
      const budget = budgetOf(values['max-size'], env);
      const result = await pruneStore(layout, budget.bytes);
      io.stdout.write(
        `Removed ${plural(result.removedEntries, 'entry', 'entries')} (${formatSize(result.removedBytes)}); ` +
          `kept ${plural(result.keptEntries, 'entry', 'entries')} (${formatSize(result.keptBytes)}) within ${formatSize(budget.bytes)}\n`,
      );
      return 0;
    }
  }
}

function parseOptions(command: string, args: string[]): { 'cache-dir'?: string; 'max-size'?: string } {
  try {
    const { values } = parseArgs({
      args,
      options: { 'cache-dir': { type: 'string' }, ...(command === 'prune' ? { 'max-size': { type: 'string' as const } } : {}) },
      allowPositionals: false,
      strict: true,
    });
    return values as { 'cache-dir'?: string; 'max-size'?: string };
  } catch (error) {
    throw new RunnerError('ERR_RUNNER_USAGE', `Bad arguments to \`fanout cache ${command}\`: ${error instanceof Error ? error.message : String(error)}`, {
      hint: 'Usage: fanout cache status | clean | prune --max-size 2GB [--cache-dir <dir>]',
      cause: error,
    });
  }
}

async function resolveCacheDir(option: string | undefined, cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  if (option !== undefined) return path.resolve(cwd, option);
  const fromEnv = env['FANOUT_CACHE_DIR'];
  if (fromEnv !== undefined && fromEnv !== '') return path.resolve(cwd, fromEnv);
  return defaultCacheDir(await findWorkspaceRoot(cwd), {});
}

function budgetOf(option: string | undefined, env: NodeJS.ProcessEnv): { bytes: number; source: string } {
  if (option !== undefined) return { bytes: parseSize('--max-size', option), source: '--max-size' };
  const fromEnv = env['FANOUT_CACHE_MAX_SIZE'];
  if (fromEnv !== undefined && fromEnv !== '') return { bytes: parseSize('FANOUT_CACHE_MAX_SIZE', fromEnv), source: 'FANOUT_CACHE_MAX_SIZE' };
  return { bytes: DEFAULT_CACHE_MAX_BYTES, source: 'default' };
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
