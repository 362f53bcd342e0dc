import { listWorkTree, type WorkTreeListing } from '../cache/fingerprint/list-work-tree.js';
import { findWorkspaceRootSync } from '../workspace/find-workspace-root.js';

/** What bin/fanout.js set going before the CLI's bundle loaded, for `main` to use if it fits. */
export interface Prestart {
  /** The workspace root it found for the process's cwd. */
  root: string;
  /** The task cache's git listing of `root` (see GitRepo). */
  listing: Promise<WorkTreeListing>;
}

/** Flags after which a `run` reads no cache or runs nothing: nothing to list. */
const NO_LISTING = /^(--no-cache|--help|-h|--dry-run|--graph)(=|$)/;

/**
 * For a `fanout run` that will look tasks up in the cache: finds the workspace root and starts git's listing of it,
 * from a bundle of its own (dist/bundle/prestart.cjs, a few kB) that bin/fanout.js loads before the CLI's. On a
 * fully cached run git's listing is the one process there is, and the CLI's bundle takes ~20 ms to load and plan
 * before it would start it: started here, git is done by the time the first lookup needs it. `undefined` for other
 * commands, or when no root is found (the CLI then reports that properly). Never throws; a listing that fails is the
 * CLI's to handle, as if it had started it.
 */
export function prestart(argv: readonly string[], cwd: string): Prestart | undefined {
  if (argv[0] !== 'run' || argv.some((arg) => NO_LISTING.test(arg))) return undefined;
  try {
    const root = findWorkspaceRootSync(cwd);
    const listing = listWorkTree(root);
    // Unused (the CLI decided otherwise), a failed listing must not be an unhandled rejection.
    listing.catch(() => {});
    return { root, listing };
  } catch {
    return undefined;
  }
}
