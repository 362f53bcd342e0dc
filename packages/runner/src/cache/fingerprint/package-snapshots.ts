import type { GitRepo } from './git-repo.js';
import { packageSnapshot, type PackageSnapshot } from './hash-inputs.js';

/**
 * Package listings shared between lookups while that is safe. Until the first miss nothing has run, and the only
 * writes are restores, which stay inside their own package (the restore refuses anything else): so a package's
 * listing holds until one of its tasks restores files. After the first miss any task may be writing anywhere,
 * and every lookup lists afresh. A fully cached run thus lists each package once, from the one listing of the
 * whole tree git gave when the repo was opened, and starts no further git process.
 */
export class PackageSnapshots {
  readonly #repo: Promise<GitRepo | undefined>;
  readonly #byDir = new Map<string, Promise<PackageSnapshot>>();
  readonly #allDirs: readonly string[];
  /** Packages written into since the repo was opened (restores): the listing from then no longer stands for them. */
  readonly #written = new Set<string>();
  #reuse = true;
  #prefetched = false;

  /** `allDirs`: every package folder of the workspace, listed together (one git call) on first use. */
  constructor(repo: Promise<GitRepo | undefined>, allDirs: readonly string[]) {
    this.#repo = repo;
    this.#allDirs = allDirs;
  }

  get(dir: string): Promise<PackageSnapshot> {
    if (!this.#reuse) return this.#list(dir);
    if (!this.#prefetched) {
      this.#prefetched = true;
      void this.#prefetch();
    }
    let snapshot = this.#byDir.get(dir);
    if (!snapshot) {
      snapshot = this.#list(dir);
      this.#byDir.set(dir, snapshot);
      // A failed listing is not kept: the next lookup tries again.
      snapshot.catch(() => this.#byDir.delete(dir));
    }
    return snapshot;
  }

  /** Files in `dir` were written (a restore). */
  invalidate(dir: string): void {
    this.#byDir.delete(dir);
    this.#written.add(dir);
  }

  /** A task is about to run: from now on nothing is known not to change. */
  stopReusing(): void {
    this.#reuse = false;
    this.#byDir.clear();
  }

  /**
   * With git, every package's listing is cut from the one taken at open, far cheaper than a git call per package
   * as lookups trickle in along the graph. Outside git listing means walking and hashing, so nothing is prefetched.
   */
  async #prefetch(): Promise<void> {
    if (!(await this.#repo)) return;
    for (const dir of this.#allDirs) {
      if (!this.#reuse || this.#byDir.has(dir)) continue;
      const snapshot = this.#list(dir);
      this.#byDir.set(dir, snapshot);
      snapshot.catch(() => this.#byDir.delete(dir));
    }
  }

  async #list(dir: string): Promise<PackageSnapshot> {
    return packageSnapshot(await this.#repo, dir, this.#reuse && !this.#written.has(dir));
  }
}
