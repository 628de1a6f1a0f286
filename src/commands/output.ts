/**
 * What the CLI prints names files relative to the repository: never the throwaway worktree, the
 * host sandbox's copy (`/tmp/nightwatch-sbx-…/work`) or the container's `/work`.
 */

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The roots where a heal's copy of the repository lives, longest first. */
function rootsPattern(extraRoots: string[]): RegExp {
  const roots = [
    ...extraRoots.filter(r => r.length > 1).map(r => escape(r.replace(/\/+$/, ''))),
    // The host sandbox's copy, wherever the temporary folder is.
    String.raw`/[^\s'"\`:]*?/nightwatch-sbx-[^/\s'"\`:]+/work`,
    // The container's work tree (sandbox/docker.ts CONTAINER_WORKDIR), as a path of its own.
    '/work'
  ];
  // A root counts only at the start of a path (not inside /home/me/work) and as whole components.
  return new RegExp(String.raw`(?<![\w./-])(?:${roots.join('|')})(/|(?=[\s'"\`:,;)\]]|$))`, 'g');
}

/** Where the copies live (`worktrees`), and the user's own paths that stay as they are (`keep`). */
export interface PathRoots {
  worktrees?: string[];
  keep?: string[];
}

/** `text` with every sandbox or worktree path made relative to the repository (`.` for the root). */
export function relativePaths(text: string, roots: PathRoots = {}): string {
  const keep = (roots.keep ?? []).filter(k => k.length > 1);
  return text.replace(rootsPattern(roots.worktrees ?? []), (match, slash: string, offset: number) =>
    keep.some(k => text.startsWith(k, offset)) ? match : slash === '/' ? '' : '.'
  );
}

/** A JSON-able value with `relativePaths` applied to every string in it. */
export function relativePathsDeep<T>(value: T, roots: PathRoots = {}): T {
  if (typeof value === 'string') return relativePaths(value, roots) as T;
  if (Array.isArray(value)) return value.map(v => relativePathsDeep(v, roots)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, relativePathsDeep(v, roots)])) as T;
  }
  return value;
}
