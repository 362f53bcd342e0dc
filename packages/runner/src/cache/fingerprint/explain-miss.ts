import type { FingerprintInputs } from './fingerprint-inputs.js';

/** Paths listed per kind of file change; the rest is counted, so a reformatted tree doesn't flood the report. */
const MAX_PATHS = 10;

/**
 * What changed between the inputs of the last stored run of a task and this one, as one human-readable line per
 * change: files added/removed/changed (package-relative paths; global dependencies root-relative), env var names,
 * dependency fingerprints, command, arguments, lockfile, Node version, OS/arch. Empty when nothing recorded differs.
 */
export function explainMiss(previous: FingerprintInputs, current: FingerprintInputs): string[] {
  const reasons: string[] = [];
  if (previous.formatVersion !== current.formatVersion) reasons.push(`cache format changed: ${previous.formatVersion} → ${current.formatVersion}`);
  if (previous.command !== current.command) reasons.push(`command changed: \`${previous.command}\` → \`${current.command}\``);
  if (JSON.stringify(previous.args) !== JSON.stringify(current.args)) reasons.push(`arguments changed: ${JSON.stringify(previous.args)} → ${JSON.stringify(current.args)}`);
  if (JSON.stringify(previous.inputGlobs) !== JSON.stringify(current.inputGlobs)) reasons.push('`inputs` config changed');
  if (JSON.stringify(previous.outputGlobs) !== JSON.stringify(current.outputGlobs)) reasons.push('`outputs` config changed');

  const files = diffRecords(previous.files, current.files);
  pushPaths(reasons, 'file changed', files.changed);
  pushPaths(reasons, 'file added', files.added);
  pushPaths(reasons, 'file removed', files.removed);

  const globalFiles = diffRecords(previous.globalFiles ?? {}, current.globalFiles ?? {});
  pushPaths(reasons, 'global dependency changed', globalFiles.changed);
  pushPaths(reasons, 'global dependency added', globalFiles.added);
  pushPaths(reasons, 'global dependency removed', globalFiles.removed);

  const env = diffRecords(previous.env, current.env);
  for (const name of env.changed) reasons.push(`env changed: ${name}`);
  for (const name of env.added) reasons.push(`env added: ${name}`);
  for (const name of env.removed) reasons.push(`env removed: ${name}`);

  const deps = diffRecords(previous.dependencies, current.dependencies);
  for (const id of deps.changed) reasons.push(`dependency changed: ${id}`);
  for (const id of deps.added) reasons.push(`dependency added: ${id}`);
  for (const id of deps.removed) reasons.push(`dependency removed: ${id}`);

  if (previous.lockfile !== current.lockfile) reasons.push('lockfile changed: the package’s dependency closure differs');
  if (previous.node !== current.node) reasons.push(`Node version changed: ${previous.node} → ${current.node}`);
  if (previous.platform !== current.platform || previous.arch !== current.arch) {
    reasons.push(`OS/arch changed: ${previous.platform}-${previous.arch} → ${current.platform}-${current.arch}`);
  }
  return reasons;
}

function diffRecords(before: Record<string, string>, after: Record<string, string>) {
  const changed: string[] = [];
  const added: string[] = [];
  const removed: string[] = [];
  for (const key of Object.keys(after).sort()) {
    if (!(key in before)) added.push(key);
    else if (before[key] !== after[key]) changed.push(key);
  }
  for (const key of Object.keys(before).sort()) if (!(key in after)) removed.push(key);
  return { changed, added, removed };
}

function pushPaths(reasons: string[], label: string, paths: string[]): void {
  for (const file of paths.slice(0, MAX_PATHS)) reasons.push(`${label}: ${file}`);
  if (paths.length > MAX_PATHS) reasons.push(`${label}: … and ${paths.length - MAX_PATHS} more`);
}
