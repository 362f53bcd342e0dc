import type { GitRepo } from './git-repo.js';
import { packageSnapshot, type PackageSnapshot } from './hash-inputs.js';

/**
 * Package listings shared between lookups while that is safe. Until the first miss nothing has run, and the only
 * writes are restores, which stay inside their own package (the restore refuses anything else): so a package's
 * listing holds until one of its tasks restores files. After the first miss any task may be writing anywhere,
 * and every lookup lists afresh. A fully cached run thus lists each package about once, not once per task.
 */
export class PackageSnapshots {
  readonly #repo: Promise<GitRepo | undefined>;
  readonly #byDir = new Map<string, Promise<PackageSnapshot>>();
  #reuse = true;

  constructor(repo: Promise<GitRepo | undefined>) {
    this.#repo = repo;
  }

  get(dir: string): Promise<PackageSnapshot> {
    if (!this.#reuse) return this.#list(dir);
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
  }

  /** A task is about to run: from now on nothing is known not to change. */
  stopReusing(): void {
    this.#reuse = false;
    this.#byDir.clear();
  }

  async #list(dir: string): Promise<PackageSnapshot> {
    return packageSnapshot(await this.#repo, dir);
  }
}
