/** Variables that belong to this action's own process, not to the scripts it runs. */
const PRIVATE = new Set([
  // Credentials the runner hands to actions only: a script holding them could write the repository's cache.
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_RUNTIME_URL',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_CACHE_URL',
  'ACTIONS_CACHE_SERVICE_V2',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
  // This step's own command files: a script writing to them would overwrite our outputs and state.
  'GITHUB_OUTPUT',
  'GITHUB_STATE',
]);

/** The environment for task scripts: the job's, minus the action's credentials, inputs and command files. */
export function taskEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([name]) => !PRIVATE.has(name) && !name.startsWith('INPUT_') && !name.startsWith('STATE_')),
  );
}
