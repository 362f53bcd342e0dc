/** One package of the workspace, as read from its package.json. */
export interface WorkspacePackage {
  name: string;
  version: string | undefined;
  /** Absolute directory. */
  dir: string;
  /** Relative to the workspace root, POSIX separators, `.` for the root package. */
  relativeDir: string;
  manifestPath: string;
  scripts: Readonly<Record<string, string>>;
  /** Names of workspace packages this one depends on (dependencies, dev, optional and peer), sorted. */
  workspaceDependencies: string[];
  manifest: Readonly<Record<string, unknown>>;
}

export interface Workspace {
  root: string;
  /** Where the package list came from. */
  kind: 'pnpm' | 'npm' | 'single';
  /** Sorted by relativeDir, so everything downstream is deterministic. */
  packages: WorkspacePackage[];
  byName: ReadonlyMap<string, WorkspacePackage>;
  /**
   * The root package.json as a package, for turbo's root tasks (`//#format`): the root's entry in `packages` when a
   * glob names the root (or the workspace is that one package), else one made for it alone, with no workspace
   * dependencies and `name` as the manifest has it (`''` without one). Absent when the root has no package.json.
   */
  rootPackage?: WorkspacePackage;
  /** Absolute path of the root lockfile (pnpm-lock.yaml, package-lock.json, yarn.lock), if any. */
  lockfile: string | undefined;
}
