// eslint-scope 8 ships no types; this covers the part portable-function.ts uses.
declare module 'eslint-scope' {
  interface Reference {
    identifier: { name: string };
  }
  interface Scope {
    through: Reference[];
    childScopes: Scope[];
  }
  interface ScopeManager {
    globalScope: Scope;
  }
  export function analyze(ast: object, options?: { ecmaVersion?: number; sourceType?: 'script' | 'module' }): ScopeManager;
}
