#!/usr/bin/env node
// The CLI is one CommonJS bundle, dist/bundle/cli.cjs (see build-cli.mjs; this file exists before the build so package
// managers can link the bin). It is compiled through V8's code cache: Node 20 has no compile cache of its own
// (module.enableCompileCache is 22.1+), and compiling the CLI anew took ~15% of a fully cached run.
//
// The cache sits beside the bundle, named after the bundle's inode, size and mtime: V8 checks a cache against the
// source's length only, so a rebuild of the same length must not find the old one. It is written after a command ran,
// so it holds the functions the run compiled, not just the top level, when there was none or V8 rejected it, but not
// by a run that started tasks: all of a cache is deserialized at every start, and theirs would hold the pool and the
// executor, twice what a fully cached run needs (a process that loaded a cache can't write a smaller one). A cache
// from a run that compiled little (a `--version`) is replaced by a run that compiled much more; serializing to
// compare costs ~10 ms, so any other cache is never re-examined. A cache that can't be read or written only means
// compiling again; FANOUT_NO_CODE_CACHE=1 requires the bundle plainly. No import() hook is given to the script: Node 20
// drops it from scripts compiled from a cache anyway, so the bundle must not import() (a bundle test pins that).
//
// A run told to run every task (`run --no-cache` or `--force`) has a cache of its own, `.cli-….tasks.v8cache`,
// written by such a run that did start tasks: it holds the pool, the executor and the reporters, which compiling
// anew cost ~50 ms of main-process time before and while the first scripts started.
//
// Such a run also forks its pool's workers before anything else: dist/bundle/early-pool.cjs (src/cli/early-pool.ts)
// starts them before cli.cjs is read, so they boot while it loads and plans, and hands them to the CLI;
// FANOUT_NO_EARLY_POOL=1 leaves the run to start its pool itself, after the CLI has loaded (kept to compare the two).
//
// This file is CommonJS (bin/package.json says so): as an ES module it made Node set up its ESM loader for one file,
// ~10 ms of a fully cached run.
'use strict';
const { isAscii } = require('node:buffer');
const { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

/**
 * A cache under this share of the bundle's size came from a command that compiled little (a `--version`'s is ~14%, a
 * run's 24% and up): a bigger one may replace it.
 */
const SMALL_CACHE = 0.2;
const argv = process.argv.slice(2);
/** Which code cache this command uses: runs told to run every task have their own (see above). */
const forTasks = argv[0] === 'run' && argv.some((arg) => arg === '--no-cache' || arg === '--force');
// Such a run starts its workers first, from a small bundle of its own; they boot while the CLI loads and plans.
const earlyPool = forTasks ? startEarlyPool() : undefined;
const cli = load(path.join(__dirname, '..', 'dist', 'bundle', 'cli.cjs'), forTasks ? '.tasks' : '');
let startedTasks = false;
void cli.main(argv, { onTaskStarted: () => (startedTasks = true), ...(earlyPool ? { earlyPool } : {}) }).then((code) => {
  process.exitCode = code;
  if (startedTasks === forTasks) cli.saveCache();
  // 'exit' is emitted once the event loop has emptied: every write, child and file is done by then. Exiting from
  // there skips tearing down the environment and the heap, ~20 ms of a fully cached run (Python's os._exit after the
  // work, in effect); exit listeners registered before this one have run.
  process.once('exit', (exitCode) => process.exit(exitCode));
});

/** The script pool for this command line, or undefined (not a run of every task, a usage error, no early bundle). */
function startEarlyPool() {
  if (process.env.FANOUT_NO_EARLY_POOL) return undefined;
  try {
    return require(path.join(__dirname, '..', 'dist', 'bundle', 'early-pool.cjs')).startPoolForCommand(argv);
  } catch {
    // A bundle from before early-pool.cjs existed: the run starts its pool itself, a little later.
    return undefined;
  }
}

/** The bundle's exports, and a function that writes its code cache (`.cli-<key><variant>.v8cache`) if worth it. */
function load(file, variant) {
  if (process.env.FANOUT_NO_CODE_CACHE) return { main: require(file).main, saveCache() {} };
  // Before the read: a rebuild in between then leaves a stale key, never old code under the new key.
  const { ino, size, mtimeMs } = statSync(file);
  // build-cli.mjs writes it in ASCII: latin1 is then a plain copy, where UTF-8 decoding cost ~7 ms.
  const bytes = readFileSync(file);
  const source = isAscii(bytes) ? bytes.latin1Slice() : bytes.toString('utf8');
  const dir = path.dirname(file);
  const key = `.cli-${ino}-${size}-${Math.round(mtimeMs)}`;
  const cacheFile = path.join(dir, `${key}${variant}.v8cache`);
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // None yet: this run writes it.
  }
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new vm.Script(wrapped, { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dir);
  const saveCache = () => {
    const temp = `${cacheFile}.${process.pid}.tmp`;
    try {
      const usable = cachedData !== undefined && !script.cachedDataRejected;
      if (usable && cachedData.length >= source.length * SMALL_CACHE) return;
      const fresh = script.createCachedData();
      if (usable && fresh.length <= cachedData.length * 1.1) return;
      writeFileSync(temp, fresh);
      renameSync(temp, cacheFile);
      // Caches of earlier builds of the bundle are dead weight.
      for (const name of readdirSync(dir)) {
        if (name.startsWith('.cli-') && name.endsWith('.v8cache') && !name.startsWith(`${key}.`)) rmSync(path.join(dir, name), { force: true });
      }
    } catch {
      // A read-only install, a full disk: the next run compiles again, that's all.
      rmSync(temp, { force: true });
    }
  };
  return { main: module.exports.main, saveCache };
}
