/** A throwaway copy of a work tree per run, and its removal. */
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SANDBOX_STATE_DIR } from './env.js';

/** Prefix of every temp folder the sandboxes make (tests look for leftovers by it). */
export const SANDBOX_TMP_PREFIX = 'nightwatch-sbx-';

// Never copied: git metadata (it can hold a token in an extraheader, and the tests do not need
// it), and sandbox state from an earlier run on the same tree.
const EXCLUDED = new Set(['.git', SANDBOX_STATE_DIR]);

/** A fresh folder `<tmpRoot>/nightwatch-sbx-XXXX/` holding a copy of `workdir` at `work/`. */
export async function copyTree(
  workdir: string,
  tmpRoot = os.tmpdir()
): Promise<{ root: string; tree: string }> {
  await mkdir(tmpRoot, { recursive: true });
  const root = await mkdtemp(path.join(tmpRoot, SANDBOX_TMP_PREFIX));
  const tree = path.join(root, 'work');
  try {
    const src = path.resolve(workdir);
    await cp(src, tree, {
      recursive: true,
      // Links are copied as links: a link out of the tree points nowhere inside a container.
      verbatimSymlinks: true,
      filter: (s: string) => s === src || !EXCLUDED.has(path.basename(s))
    });
    return { root, tree };
  } catch (error) {
    await removeTree(root);
    throw error;
  }
}

/** Removes a run's folder; never throws (cleanup must not hide the run's own result or error). */
export async function removeTree(root: string): Promise<void> {
  try {
    await rm(root, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    // best effort: a leftover temp folder is not worth failing the heal for
  }
}
