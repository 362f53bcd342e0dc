import { describe, expect, it } from 'vitest';
import { taskEnv } from '../src/task-env.js';

describe('taskEnv', () => {
  it("keeps the job's environment but not the action's credentials, inputs, state or command files", () => {
    expect(
      taskEnv({
        PATH: '/bin',
        CI: 'true',
        GITHUB_SHA: 'abc',
        GITHUB_ENV: '/tmp/env',
        GITHUB_STEP_SUMMARY: '/tmp/summary',
        ACTIONS_RUNTIME_TOKEN: 'secret',
        ACTIONS_RESULTS_URL: 'https://results',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc',
        GITHUB_OUTPUT: '/tmp/output',
        GITHUB_STATE: '/tmp/state',
        'INPUT_CONTINUE-ON-ERROR': 'true',
        'STATE_fanout-cache-plan': '{}',
      }),
    ).toEqual({ PATH: '/bin', CI: 'true', GITHUB_SHA: 'abc', GITHUB_ENV: '/tmp/env', GITHUB_STEP_SUMMARY: '/tmp/summary' });
  });
});
