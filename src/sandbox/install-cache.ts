/**
 * The job's install cache: a successful install kept in a folder of the job (`$RUNNER_TEMP`, which
 * the runner empties when the job ends) under its key (install-key.ts), so a second heal in the same
 * job starts from it instead of installing again. An entry is `<dir>/<key>/` holding the installed
 * tree (`work/`, the container's, mounted read-only into later runs) and `sources.json` (ours,
 * written outside the tree after the install). Entries are made whole by a rename and never changed.
 */
import { lstat, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The most source paths an entry lists (the install key walks at most this many files too). */
const MAX_SOURCES = 100_000;
const SOURCES = 'sources.json';

/** A kept install found in the cache. */
export interface CachedInstall {
  root: string;
  tree: string;
  sources: Set<string>;
}

/**
 * The cache folder, made private (0700) if missing; undefined with the reason when it is not ours
 * (a link, another owner, writable by others): a planted entry would be what the tests run on.
 */
export async function openInstallCache(dir: string): Promise<{ dir?: string; problem?: string }> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const st = await lstat(dir);
    if (!st.isDirectory()) return { problem: `${dir} is not a folder` };
    const uid = process.getuid?.();
    if (uid !== undefined && st.uid !== uid)
      return { problem: `${dir} belongs to uid ${st.uid}, not ${uid}` };
    if ((st.mode & 0o022) !== 0) return { problem: `${dir} is writable by others` };
    return { dir };
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
}

/** The entry of `key`, when a complete one is there and ours. */
export async function findCachedInstall(dir: string, key: string): Promise<CachedInstall | undefined> {
  if (!/^[0-9a-f]{16}$/.test(key)) return undefined;
  const root = path.join(dir, key);
  try {
    const [st, tree, list] = await Promise.all([
      lstat(root),
      lstat(path.join(root, 'work')),
      lstat(path.join(root, SOURCES))
    ]);
    const uid = process.getuid?.();
    if (!st.isDirectory() || !tree.isDirectory() || !list.isFile()) return undefined;
    if (uid !== undefined && (st.uid !== uid || list.uid !== uid)) return undefined;
    const parsed: unknown = JSON.parse(await readFile(path.join(root, SOURCES), 'utf8'));
    if (!Array.isArray(parsed) || parsed.length > MAX_SOURCES) return undefined;
    const sources = new Set(parsed.filter((s): s is string => typeof s === 'string'));
    return { root, tree: path.join(root, 'work'), sources };
  } catch {
    return undefined;
  }
}

/**
 * Makes the install at `root` (a folder made in `dir`) the entry of `key`: its sources listed, then
 * renamed into place. Undefined when another heal stored the same key first (`root` stays the caller's).
 */
export async function storeCachedInstall(
  dir: string,
  key: string,
  root: string,
  sources: Set<string>
): Promise<CachedInstall | undefined> {
  if (!/^[0-9a-f]{16}$/.test(key) || path.dirname(root) !== dir) return undefined;
  try {
    await writeFile(path.join(root, SOURCES), JSON.stringify([...sources]), { mode: 0o600, flag: 'wx' });
    const dest = path.join(dir, key);
    await rename(root, dest);
    return { root: dest, tree: path.join(dest, 'work'), sources };
  } catch {
    return undefined;
  }
}
