/**
 * Paths inside a work tree, as the host may name them. Pure string work: no file system access.
 * Every check that a repository-relative path is acceptable lives here (DESIGN.md, "The repository
 * is hostile"); the functions in `./tree.ts` add the `lstat` of each component.
 */
import path from 'node:path';

/** A path the host refuses to touch: absolute, escaping the tree, through a link, into `.git`. */
export class UnsafePathError extends Error {
  constructor(
    message: string,
    readonly file: string
  ) {
    super(message);
    this.name = 'UnsafePathError';
  }
}

/**
 * The canonical repository-relative form of `file`: forward slashes, no `.` or empty components,
 * `..` resolved, never absolute, never leaving the tree, never the root itself. `.github/./workflows/x`
 * and `src/../.github/workflows/x` both come back as `.github/workflows/x`, so a protected-path
 * check on the result cannot be side-stepped by spelling.
 */
export function normalizeRelative(file: string): string {
  const raw = String(file).replace(/\\/g, '/');
  if (raw === '' || raw.includes('\0'))
    throw new UnsafePathError(`path '${file}' is empty or holds a NUL`, file);
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw)) {
    throw new UnsafePathError(`path '${file}' must be relative to the repository`, file);
  }
  const parts: string[] = [];
  for (const c of raw.split('/')) {
    if (c === '' || c === '.') continue;
    if (c === '..') {
      if (parts.length === 0) throw new UnsafePathError(`path '${file}' escapes the repository`, file);
      parts.pop();
      continue;
    }
    parts.push(c);
  }
  if (parts.length === 0) throw new UnsafePathError(`path '${file}' names the repository itself`, file);
  return parts.join('/');
}

/** True when a normalised path is inside git's metadata (`.git` as any component, in any case). */
export function isGitMetadata(rel: string): boolean {
  return rel.split('/').some(c => c.toLowerCase() === '.git');
}

/**
 * The normalised form of a path the host may edit: inside the tree and not git metadata.
 * Throws UnsafePathError otherwise.
 */
export function editablePath(file: string): string {
  const rel = normalizeRelative(file);
  if (isGitMetadata(rel)) throw new UnsafePathError(`path '${file}' is inside .git`, file);
  return rel;
}

/** `root` joined with an already normalised relative path. */
export function joinInside(root: string, rel: string): string {
  return path.join(path.resolve(root), ...rel.split('/'));
}
