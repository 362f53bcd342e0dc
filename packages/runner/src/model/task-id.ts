/** A task's identity: `<package name>#<script>`, e.g. `@acme/ui#build`. Branded so plain strings can't slip in. */
export type TaskId = string & { readonly __brand: 'TaskId' };

/** Turborepo's name for the workspace root in task ids (`//#format`): the root's tasks when it is not a package. */
export const ROOT_PACKAGE = '//';

export function taskId(packageName: string, script: string): TaskId {
  return `${packageName}#${script}` as TaskId;
}

/** Splits on the last `#`, since scoped package names never contain one but scripts may. */
export function parseTaskId(id: TaskId): { packageName: string; script: string } {
  const at = id.lastIndexOf('#');
  return { packageName: id.slice(0, at), script: id.slice(at + 1) };
}
