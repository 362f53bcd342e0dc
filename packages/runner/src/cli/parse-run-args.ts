import { parseArgs } from 'node:util';
import { RunnerError } from '../errors.js';
import { checkChangedFilesIgnorePatterns } from '../workspace/filter/ignored-changed-files.js';
import type { RunOptions } from '../run-options.js';
import type { OutputMode } from '../reporters/terminal-reporter.js';

/** What `fanout run …` asked for. */
export interface RunCommand {
  options: RunOptions;
  output: OutputMode | undefined;
  explain: boolean;
  /** Print the plan instead of running: as text or JSON. */
  dryRun: 'text' | 'json' | false;
  /** Print the task graph instead of running. */
  graph: 'dot' | 'mermaid' | false;
  help: boolean;
}

const OPTIONS = {
  filter: { type: 'string', multiple: true, short: 'F' },
  affected: { type: 'string' },
  'changed-files-ignore-pattern': { type: 'string', multiple: true },
  concurrency: { type: 'string', short: 'c' },
  continue: { type: 'boolean' },
  only: { type: 'boolean' },
  output: { type: 'string' },
  summary: { type: 'string' },
  profile: { type: 'string' },
  'dry-run': { type: 'string' },
  graph: { type: 'string' },
  'no-cache': { type: 'boolean' },
  force: { type: 'boolean' },
  'cache-dir': { type: 'string' },
  explain: { type: 'boolean' },
  shard: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Every long flag `fanout run` takes, for the help text's test. */
export const RUN_FLAGS: readonly string[] = Object.keys(OPTIONS).map((name) => `--${name}`);

/** Flags whose value is optional (`--graph` or `--graph=mermaid`); bare, they must not swallow the next word. */
const OPTIONAL_VALUE = new Set(['--affected', '--dry-run', '--graph']);
const OUTPUT_MODES = ['grouped', 'stream', 'errors-only', 'new-only'] as const;

/** Parses the arguments after `run`; everything after `--` goes to the scripts. */
export function parseRunArgs(argv: readonly string[]): RunCommand {
  const separator = argv.indexOf('--');
  const own = (separator === -1 ? argv : argv.slice(0, separator)).map((arg) => (OPTIONAL_VALUE.has(arg) ? `${arg}=` : arg));
  const args = separator === -1 ? [] : argv.slice(separator + 1);

  let parsed;
  try {
    parsed = parseArgs({ args: own, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new RunnerError('ERR_RUNNER_USAGE', error instanceof Error ? error.message : String(error), {
      hint: 'See `fanout --help` for the options of `fanout run`.',
      cause: error,
    });
  }
  const { values, positionals } = parsed;
  if (values.help) {
    return { options: { scripts: [] }, output: undefined, explain: false, dryRun: false, graph: false, help: true };
  }
  if (positionals.length === 0) {
    throw new RunnerError('ERR_RUNNER_USAGE', 'Expected at least one script name after `fanout run`, got none', {
      hint: 'Name the package.json scripts to run, e.g. `fanout run lint test build`.',
    });
  }

  const output = values.output;
  if (output !== undefined && !(OUTPUT_MODES as readonly string[]).includes(output)) {
    throw usage('output', output, OUTPUT_MODES.map((mode) => `\`${mode}\``).join(', '));
  }
  const dryRun = values['dry-run'];
  if (dryRun !== undefined && !['', 'text', 'json'].includes(dryRun)) throw usage('dry-run', dryRun, '`text` or `json`');
  const graph = values.graph;
  if (graph !== undefined && !['', 'dot', 'mermaid'].includes(graph)) throw usage('graph', graph, '`dot` or `mermaid`');

  const options: RunOptions = { scripts: positionals, args };
  if (values.filter) options.filter = values.filter;
  if (values.affected !== undefined) options.affected = values.affected === '' ? true : values.affected;
  const ignorePatterns = values['changed-files-ignore-pattern'];
  if (ignorePatterns) {
    checkChangedFilesIgnorePatterns(ignorePatterns, '--changed-files-ignore-pattern');
    options.changedFilesIgnorePattern = ignorePatterns;
  }
  if (values.concurrency !== undefined) options.concurrency = values.concurrency;
  if (values.continue) options.continueOnError = true;
  if (values.only) options.only = true;
  if (values['no-cache']) options.cache = false;
  if (values.force) options.force = true;
  if (values['cache-dir'] !== undefined) options.cacheDir = values['cache-dir'];
  if (values.summary !== undefined) options.summaryFile = values.summary;
  if (values.profile !== undefined) options.profileFile = values.profile;
  if (values.shard !== undefined) options.shard = parseShard(values.shard);

  return {
    options,
    output: output as OutputMode | undefined,
    explain: values.explain ?? false,
    dryRun: dryRun === undefined ? false : dryRun === 'json' ? 'json' : 'text',
    graph: graph === undefined ? false : graph === 'mermaid' ? 'mermaid' : 'dot',
    help: false,
  };
}

function parseShard(value: string): { index: number; total: number } {
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(match?.[1]);
  const total = Number(match?.[2]);
  if (!match || index < 1 || total < 1 || index > total) {
    throw new RunnerError('ERR_RUNNER_USAGE', `Expected \`--shard\` to be <index>/<total> with 1 ≤ index ≤ total, got \`${value}\``, {
      hint: 'e.g. `--shard 2/4` runs the second of four slices.',
    });
  }
  return { index, total };
}

function usage(option: string, value: string, allowed: string): RunnerError {
  return new RunnerError('ERR_RUNNER_USAGE', `Expected \`--${option}\` to be one of ${allowed}, got \`${value}\``, {
    hint: 'See `fanout --help`.',
  });
}
