/** `fanout --help`. */
export const HELP_TEXT = `fanout — run a workspace's scripts across every core, longest critical path first

Usage
  fanout run <scripts…> [options] [-- <args for the scripts>]
  fanout cache <status|clean|prune> [options]
  fanout --help | --version

Run options
  -F, --filter <selector>     pnpm filter syntax, repeatable: @scope/*, ./packages/a, pkg..., ...pkg, !pkg, [ref]
  --affected[=<ref>]          packages changed since <ref> (default: FANOUT_BASE or the default branch) and dependents
  --changed-files-ignore-pattern <glob>
                              changed files [ref] filters and --affected disregard, repeatable (e.g. "**/*.md")
  -c, --concurrency <n|n%>    tasks at once (default: every core)
  --continue                  after a failure, keep running everything whose dependencies succeeded
  --only                      run only the named scripts of the selected packages, not what they depend on
  --output <mode>             grouped (default in CI / without a TTY), stream, errors-only, new-only (no cached logs)
  --summary <file>            write the end report as JSON
  --profile <file>            write a Chrome trace (one track per worker PID; open in Perfetto)
  --dry-run[=json]            print the plan (start order, dependencies, estimates) without running
  --graph[=dot|mermaid]       print the task graph without running
  --no-cache                  neither read nor write the task cache
  --force                     don't read the cache, but write it
  --cache-dir <dir>           cache location (default: node_modules/.cache/fanout, or FANOUT_CACHE_DIR)
  --explain                   say why each cache miss missed
  --shard <i>/<n>             run only slice i of n (CI matrices)

Exit codes: 0 success · 1 a task failed · 2 usage or configuration error · 130 interrupted
`;
