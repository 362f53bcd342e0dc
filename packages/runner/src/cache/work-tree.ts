import { GitRepo } from './fingerprint/git-repo.js';

/** A git listing of the files under a folder, in progress: see {@link openWorkTree}. */
export interface WorkTree {
  /** The folder it lists (the workspace root). */
  readonly root: string;
  /** @internal */
  readonly repo: Promise<GitRepo | undefined>;
}

/**
 * Starts listing the git work tree under `root` (one `git ls-files` process) for a cache created later with
 * `workTree`: on a fully cached run the listing is the one process there is, and it can overlap the workspace's
 * discovery and planning instead of following them. This module is small and loads with the CLI, unlike the rest of the
 * cache, so the process can start before the cache's code has loaded. Nothing is written; outside git the cache hashes files itself.
 */
export function openWorkTree(root: string): WorkTree {
  return { root, repo: GitRepo.open(root) };
}
