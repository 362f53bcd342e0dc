import type { FingerprintInputs } from '../../src/cache/fingerprint/fingerprint-inputs.js';
import { taskId } from '../../src/model/task-id.js';

/** Fingerprint inputs of a small task with no files, dependencies or env, changed by `patch`. */
export function sampleInputs(patch: Partial<FingerprintInputs> = {}): FingerprintInputs {
  return {
    formatVersion: 1,
    taskId: taskId('a', 'build'),
    command: 'tsc',
    args: [],
    inputGlobs: null,
    outputGlobs: [],
    files: {},
    dependencies: {},
    lockfile: 'pnpm:1',
    env: {},
    node: '20.19',
    platform: 'linux',
    arch: 'x64',
    ...patch,
  };
}
