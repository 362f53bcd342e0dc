/** What the parent sends a worker to run one script; plain JSON, so it crosses the IPC channel as is. */
export interface ScriptSpec {
  /** The full shell command line (the script text plus quoted arguments). */
  commandLine: string;
  /** The package directory. */
  cwd: string;
  env: Record<string, string>;
  /** The shell to run `commandLine` with `-c`. */
  shell: string;
}

/** What `runScript` resolves with. */
export interface ScriptExit {
  exitCode: number | null;
  signal: string | null;
}
