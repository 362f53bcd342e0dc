import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** The committed bundle, run exactly as GitHub runs it: `node action/dist/main.js`, later `node action/dist/post.js`. */
export const actionDist = path.resolve(import.meta.dirname, '../action/dist');

export interface StepResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** `GITHUB_OUTPUT` of this step, parsed. */
  outputs: Record<string, string>;
  /** `GITHUB_STATE` of this step, parsed. */
  state: Record<string, string>;
  /** What the step appended to `GITHUB_STEP_SUMMARY`. */
  summary: string;
}

export interface StepOptions {
  /** Inputs by their action.yml names; set as `INPUT_<NAME>` with hyphens kept, as the runner does. */
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  /** State from the main step, passed to the post step as `STATE_<name>`. */
  state?: Record<string, string>;
  timeoutMs?: number;
  /** Send `signal` to the step's process once `whenFileExists` appears (a job being cancelled). */
  interrupt?: { whenFileExists: string; signal: NodeJS.Signals };
}

/**
 * One job on a simulated GitHub runner: its own `RUNNER_TEMP`, and per step fresh `GITHUB_OUTPUT`, `GITHUB_STATE`,
 * `GITHUB_ENV` and `GITHUB_STEP_SUMMARY` files. No variable of the real environment that GitHub sets leaks in.
 */
export interface ActionJob extends AsyncDisposable {
  runnerTemp: string;
  step(entry: 'main' | 'post', options?: StepOptions): Promise<StepResult>;
}

export async function actionJob(workspace: string, jobEnv: Record<string, string> = {}, dist = actionDist): Promise<ActionJob> {
  const runnerTemp = await mkdtemp(path.join(tmpdir(), 'fanout-runner-temp-'));
  let steps = 0;

  async function step(entry: 'main' | 'post', options: StepOptions = {}): Promise<StepResult> {
    const files = {
      GITHUB_OUTPUT: path.join(runnerTemp, `output-${++steps}`),
      GITHUB_STATE: path.join(runnerTemp, `state-${steps}`),
      GITHUB_ENV: path.join(runnerTemp, `env-${steps}`),
      GITHUB_STEP_SUMMARY: path.join(runnerTemp, `summary-${steps}`),
    };
    await Promise.all(Object.values(files).map((file) => writeFile(file, '')));
    const env: NodeJS.ProcessEnv = {
      ...cleanEnv(),
      CI: 'true',
      NO_COLOR: '1',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      RUNNER_TEMP: runnerTemp,
      ...files,
      ...jobEnv,
      ...options.env,
      ...Object.fromEntries(Object.entries(options.inputs ?? {}).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])),
      ...Object.fromEntries(Object.entries(options.state ?? {}).map(([name, value]) => [`STATE_${name}`, value])),
    };
    const { code, stdout, stderr } = await runNode(path.join(dist, `${entry}.js`), workspace, env, options.timeoutMs ?? 120_000, options.interrupt);
    return {
      code,
      stdout,
      stderr,
      outputs: parseFileCommands(await readFile(files.GITHUB_OUTPUT, 'utf8')),
      state: parseFileCommands(await readFile(files.GITHUB_STATE, 'utf8')),
      summary: await readFile(files.GITHUB_STEP_SUMMARY, 'utf8'),
    };
  }

  return {
    runnerTemp,
    step,
    async [Symbol.asyncDispose]() {
      await rm(runnerTemp, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

/** This process's environment without anything a real runner set (tests may themselves run inside GitHub Actions). */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(GITHUB_|ACTIONS_|INPUT_|STATE_|RUNNER_|FANOUT_)/.test(name)),
  );
}

/** `name<<delimiter\nvalue\ndelimiter` blocks, as @actions/core writes them. */
export function parseFileCommands(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const match of text.matchAll(/^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) values[match[1] as string] = match[3] as string;
  return values;
}

function runNode(script: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number, interrupt?: StepOptions['interrupt']) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    // Its own process group, so a timeout kills the step and every worker it started.
    const child = spawn(process.execPath, [script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, timeoutMs);
    const poll = interrupt
      ? setInterval(() => {
          if (!existsSync(interrupt.whenFileExists)) return;
          clearInterval(poll);
          child.kill(interrupt.signal);
        }, 50)
      : undefined;
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      clearInterval(poll);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * The workflow commands of one kind that GitHub would act on, e.g. `commands(stdout, 'error')`: lines between
 * `::stop-commands::<token>` and `::<token>::` are plain text to GitHub, so they are skipped here too.
 */
export function commands(stdout: string, name: string): string[] {
  const found: string[] = [];
  let stopToken: string | undefined;
  for (const line of stdout.split('\n')) {
    if (stopToken !== undefined) {
      if (line === `::${stopToken}::`) stopToken = undefined;
      continue;
    }
    const stop = /^::stop-commands::(.+)$/.exec(line);
    if (stop) stopToken = stop[1];
    else if (line.startsWith(`::${name}::`) || line.startsWith(`::${name} `)) found.push(line);
  }
  return found;
}
