/**
 * The one way the host reads, writes, lists and chowns inside a work tree. The tree belongs to
 * whoever wrote the failing commit: every component of a path is `lstat`ed, a symbolic link is
 * never followed (for reading, writing, listing or chown), a FIFO or device is never opened, and the
 * final open uses O_NOFOLLOW so a link swapped in after the check still is not followed.
 * Committed links stay in the tree untouched: the sandbox may use them inside its container.
 */
import { constants } from 'node:fs';
import { lchown, lstat, mkdir, open, readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { editablePath, joinInside, normalizeRelative, UnsafePathError } from './paths.js';

const { O_RDONLY, O_WRONLY, O_CREAT, O_TRUNC, O_NOFOLLOW, O_NONBLOCK } = constants;

/** Default cap on a file the host reads for itself (context, fixers): larger ones are not source. */
export const MAX_READ_BYTES = 8 * 1024 * 1024;

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * Walks the components of `rel` below `root` with lstat. Every directory component must be a real
 * directory; a link anywhere throws. Returns the final component's kind, or 'missing' when a
 * component does not exist (nothing below it can exist either).
 */
async function inspect(root: string, rel: string): Promise<'file' | 'dir' | 'link' | 'other' | 'missing'> {
  const parts = rel.split('/');
  let at = path.resolve(root);
  for (let i = 0; i < parts.length; i++) {
    at = path.join(at, parts[i]);
    let st;
    try {
      st = await lstat(at);
    } catch (error) {
      if (code(error) === 'ENOENT' || code(error) === 'ENOTDIR') return 'missing';
      throw error;
    }
    const last = i === parts.length - 1;
    if (st.isSymbolicLink()) {
      if (last) return 'link';
      throw new UnsafePathError(
        `'${rel}' passes through a symbolic link ('${parts.slice(0, i + 1).join('/')}')`,
        rel
      );
    }
    if (!last && !st.isDirectory()) return 'missing';
    if (last) return st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other';
  }
  return 'dir';
}

/** Refuses a path whose final component is a link or not a regular file. */
function refuseKind(rel: string, kind: string): never {
  throw new UnsafePathError(
    kind === 'link'
      ? `'${rel}' is a symbolic link; the host does not follow links`
      : `'${rel}' is not a regular file`,
    rel
  );
}

/**
 * The text of a regular file inside the tree, or null when it does not exist. Throws UnsafePathError
 * for a link (anywhere on the path), a FIFO, a device or a directory, and for a file over `maxBytes`.
 */
export async function readTreeFile(
  root: string,
  file: string,
  maxBytes = MAX_READ_BYTES
): Promise<string | null> {
  const bytes = await readTreeBytes(root, file, maxBytes);
  return bytes === null ? null : bytes.toString('utf8');
}

/** `readTreeFile`'s bytes (a binary file: a wheel, an archive), with the same refusals. */
export async function readTreeBytes(
  root: string,
  file: string,
  maxBytes = MAX_READ_BYTES
): Promise<Buffer | null> {
  const rel = normalizeRelative(file);
  const kind = await inspect(root, rel);
  if (kind === 'missing') return null;
  if (kind !== 'file') refuseKind(rel, kind);
  let handle;
  try {
    handle = await open(joinInside(root, rel), O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (error) {
    if (code(error) === 'ELOOP') refuseKind(rel, 'link');
    if (code(error) === 'ENOENT') return null;
    throw error;
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) refuseKind(rel, 'other');
    if (st.size > maxBytes) throw new UnsafePathError(`'${rel}' is larger than ${maxBytes} bytes`, rel);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/**
 * The absolute path of a folder inside the tree (`''` or `.` is the root), reached without any link.
 * Throws UnsafePathError for a link, a file or a missing folder: a working directory that is a
 * committed link would root the whole heal outside the tree.
 */
export async function treeDir(root: string, dir: string): Promise<string> {
  if (dir.trim() === '' || dir.trim() === '.') return path.resolve(root);
  const rel = normalizeRelative(dir.trim());
  const kind = await inspect(root, rel);
  if (kind === 'dir') return joinInside(root, rel);
  if (kind === 'link')
    throw new UnsafePathError(`'${rel}' is a symbolic link, not a folder of the repository`, rel);
  throw new UnsafePathError(`'${rel}' is not a folder of the repository`, rel);
}

/** True when `file` is a regular file inside the tree reached without any link. */
export async function isTreeFile(root: string, file: string): Promise<boolean> {
  try {
    return (await inspect(root, normalizeRelative(file))) === 'file';
  } catch {
    return false;
  }
}

/**
 * Writes a regular file inside the tree, creating missing directories one by one. Refuses `.git`,
 * any link on the way (a directory link, or a link in the file's place) and anything not a file.
 */
export async function writeTreeFile(root: string, file: string, text: string): Promise<void> {
  const rel = editablePath(file);
  const parts = rel.split('/');
  let at = path.resolve(root);
  for (const dir of parts.slice(0, -1)) {
    at = path.join(at, dir);
    try {
      const st = await lstat(at);
      if (st.isSymbolicLink())
        throw new UnsafePathError(`'${rel}' passes through a symbolic link ('${dir}')`, rel);
      if (!st.isDirectory()) throw new UnsafePathError(`'${rel}': '${dir}' is not a directory`, rel);
    } catch (error) {
      if (code(error) !== 'ENOENT') throw error;
      await mkdir(at);
    }
  }
  const kind = await inspect(root, rel);
  if (kind !== 'missing' && kind !== 'file') refuseKind(rel, kind);
  let handle;
  try {
    handle = await open(joinInside(root, rel), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_NONBLOCK, 0o644);
  } catch (error) {
    if (code(error) === 'ELOOP') refuseKind(rel, 'link');
    throw error;
  }
  try {
    if (!(await handle.stat()).isFile()) refuseKind(rel, 'other');
    await handle.writeFile(text, 'utf8');
  } finally {
    await handle.close();
  }
}

/** Removes a file inside the tree (a link is removed as a link, never its target); absent is fine. */
export async function removeTreeFile(root: string, file: string): Promise<void> {
  const rel = editablePath(file);
  const kind = await inspect(root, rel);
  if (kind === 'missing') return;
  if (kind === 'dir' || kind === 'other') refuseKind(rel, kind);
  await unlink(joinInside(root, rel));
}

export interface WalkOptions {
  /** Directory names not descended into (matched against each component). */
  skipDirs?: ReadonlySet<string>;
  /** Stop after this many files. */
  limit?: number;
  /** Also not descended into: directories whose name this returns true for. */
  skipDir?: (name: string) => boolean;
  /** Only files whose name this returns true for are listed (and counted against `limit`). */
  acceptFile?: (name: string) => boolean;
}

/**
 * The regular files below `dir` (relative to root, forward slashes), sorted. Links are listed
 * neither as files nor followed as directories.
 */
export async function listTreeFiles(root: string, dir = '', options: WalkOptions = {}): Promise<string[]> {
  const out: string[] = [];
  const limit = options.limit ?? Infinity;
  const start = dir === '' || dir === '.' ? '' : normalizeRelative(dir);
  if (start !== '' && (await inspect(root, start)) !== 'dir') return out;
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(rel === '' ? path.resolve(root) : joinInside(root, rel), {
      withFileTypes: true
    });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (out.length >= limit) return;
      const child = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (!options.skipDirs?.has(e.name) && !options.skipDir?.(e.name)) await walk(child);
      } else if (e.isFile() && (options.acceptFile?.(e.name) ?? true)) out.push(child);
    }
  };
  await walk(start);
  return out;
}

/** One entry of a directory as the host sees it: a link is a link, whatever it points at. */
export interface TreeEntry {
  name: string;
  kind: 'file' | 'dir' | 'link' | 'other';
}

/**
 * The entries of one directory inside the tree (`''` for the root), sorted by name; empty when the
 * directory does not exist. Throws UnsafePathError when the directory is reached through a link.
 */
export async function listTreeDir(root: string, dir = ''): Promise<TreeEntry[]> {
  const rel = dir === '' || dir === '.' ? '' : normalizeRelative(dir);
  if (rel !== '') {
    const kind = await inspect(root, rel);
    if (kind === 'missing') return [];
    if (kind === 'link')
      throw new UnsafePathError(`'${rel}' is a symbolic link; the host does not follow links`, rel);
    if (kind !== 'dir') throw new UnsafePathError(`'${rel}' is not a directory`, rel);
  }
  const entries = await readdir(rel === '' ? path.resolve(root) : joinInside(root, rel), {
    withFileTypes: true
  });
  return entries
    .map(
      e =>
        ({
          name: e.name,
          kind: e.isSymbolicLink() ? 'link' : e.isDirectory() ? 'dir' : e.isFile() ? 'file' : 'other'
        }) as TreeEntry
    )
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Gives `dir` and everything below it to uid:gid; links are changed themselves and never followed. */
export async function chownTree(dir: string, uid: number, gid: number): Promise<void> {
  const walk = async (at: string): Promise<void> => {
    await lchown(at, uid, gid);
    const st = await lstat(at);
    if (!st.isDirectory()) return;
    for (const e of await readdir(at, { withFileTypes: true })) {
      const child = path.join(at, e.name);
      if (e.isDirectory()) await walk(child);
      else await lchown(child, uid, gid);
    }
  };
  await walk(path.resolve(dir));
}
