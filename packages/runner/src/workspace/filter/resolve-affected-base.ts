import { git } from './git.js';

export type AffectedBase = { ok: true; base: string } | { ok: false; warning: string };

/** Candidates for the default branch when `origin/HEAD` is not set (a clone made by CI often lacks it). */
const DEFAULT_BRANCHES = ['origin/main', 'origin/master', 'main', 'master'];

/**
 * The ref `--affected` compares against: the given string, else `FANOUT_BASE`, else the default branch
 * (`origin/HEAD`, then origin/main, origin/master, main, master). When the answer would be wrong — not a git
 * repository, no such ref, or a shallow clone without the merge base — it says why, and the caller runs everything:
 * running too much is slow, running too little lets a broken change through.
 */
export async function resolveAffectedBase(root: string, affected: true | string, env: NodeJS.ProcessEnv = process.env): Promise<AffectedBase> {
  const given = typeof affected === 'string' && affected !== '' ? affected : env['FANOUT_BASE'] || undefined;
  const inside = await git(root, ['rev-parse', '--is-inside-work-tree'], env);
  if (!inside.ok) return { ok: false, warning: fallback(`\`${root}\` is not in a git repository`) };

  let base = given;
  if (base === undefined) {
    const head = await git(root, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'], env);
    if (head.ok && head.stdout.trim() !== '') base = head.stdout.trim();
    for (const candidate of DEFAULT_BRANCHES) {
      if (base !== undefined) break;
      if ((await git(root, ['rev-parse', '--verify', '--quiet', `${candidate}^{commit}`], env)).ok) base = candidate;
    }
    if (base === undefined) return { ok: false, warning: fallback(`no default branch found (tried origin/HEAD, ${DEFAULT_BRANCHES.join(', ')})`) };
  }

  if (!(await git(root, ['rev-parse', '--verify', '--quiet', `${base}^{commit}`], env)).ok) {
    return { ok: false, warning: fallback(`the base \`${base}\`${given === undefined ? '' : ' (from FANOUT_BASE or --affected)'} does not exist in this clone`) };
  }
  if (!(await git(root, ['merge-base', base, 'HEAD'], env)).ok) {
    const shallow = (await git(root, ['rev-parse', '--is-shallow-repository'], env)).stdout.trim() === 'true';
    return { ok: false, warning: fallback(shallow ? `the clone is shallow, so HEAD and \`${base}\` have no merge base in it` : `HEAD and \`${base}\` have no common history`) };
  }
  return { ok: true, base };
}

function fallback(why: string): string {
  return `--affected: ${why}; running EVERY package instead. Fetch the history (actions/checkout with \`fetch-depth: 0\`) or set FANOUT_BASE to a ref that exists.`;
}
