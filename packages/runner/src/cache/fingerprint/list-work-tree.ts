import { runGitTimed } from './run-git.js';

/** Untracked files and changes under `node_modules` are never inputs; git need not walk them. */
export const NOT_NODE_MODULES = ':(exclude,glob)**/node_modules/**';

/** git's answer to {@link listWorkTree}: `-z` output, and how long git itself took (ms), when it says. */
export interface WorkTreeListing {
  stdout: string;
  gitMs: number | undefined;
}

/**
 * Starts the one listing a cached run needs from git, of the files under `dir` (see GitRepo): the blob id of every
 * tracked file as staged, tagged, and what differs from the index now. Rejects outside a work tree or without git.
 * Its own module, so that bin/fanout.js can start it (through prestart.cjs) before the CLI's bundle has loaded.
 */
export function listWorkTree(dir: string): Promise<WorkTreeListing> {
  return runGitTimed(dir, ['ls-files', '-z', '-s', '-t', '-c', '-m', '-d', '-o', '--exclude-standard', '--', '.', NOT_NODE_MODULES]);
}
