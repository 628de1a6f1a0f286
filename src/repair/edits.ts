import { editablePath, readTreeFile, removeTreeFile, writeTreeFile } from '../fs/index.js';
import type { Edit } from '../types.js';

/**
 * What an apply changed, to undo it: the tree, and the original text of each file it touched
 * (repository-relative, normalised; null: the file did not exist).
 */
export interface Snapshot {
  root: string;
  files: Map<string, string | null>;
}

/** Result of applying edits: either all applied, or none (and why). */
export type ApplyResult = { ok: true; snapshot: Snapshot } | { ok: false; reason: string };

/** Thrown for an edit that cannot be applied exactly. */
export class EditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EditError';
  }
}

/** Count of non-overlapping occurrences of needle in hay. */
export function countOccurrences(hay: string, needle: string): number {
  if (needle === '') return 0;
  let n = 0;
  for (let i = hay.indexOf(needle); i !== -1; i = hay.indexOf(needle, i + needle.length)) n++;
  return n;
}

/**
 * Applies one edit to the text of a file. The search text must occur exactly once: a missing or
 * repeated search text would make the change ambiguous, so it is refused.
 */
export function applyEditToText(content: string | null, edit: Edit): string {
  if (edit.search === '') {
    if (content !== null) throw new EditError(`${edit.file}: empty search text but the file exists`);
    return edit.replace;
  }
  if (content === null) throw new EditError(`${edit.file}: file does not exist`);
  const count = countOccurrences(content, edit.search);
  if (count === 0) throw new EditError(`${edit.file}: search text not found`);
  if (count > 1) throw new EditError(`${edit.file}: search text occurs ${count} times`);
  const at = content.indexOf(edit.search);
  return content.slice(0, at) + edit.replace + content.slice(at + edit.search.length);
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * Applies edits in order to the tree at workdir. All or nothing: the new contents are computed in
 * memory first, so an invalid edit leaves the tree untouched. Every read and write goes through
 * `src/fs`: a path through a symbolic link, into `.git` or out of the tree is refused, never followed.
 */
export async function applyEdits(workdir: string, edits: Edit[]): Promise<ApplyResult> {
  if (edits.length === 0) return { ok: false, reason: 'no edits' };
  const snapshot: Snapshot = { root: workdir, files: new Map() };
  const current = new Map<string, string | null>();
  try {
    for (const edit of edits) {
      const rel = editablePath(edit.file);
      if (!current.has(rel)) {
        const text = await readTreeFile(workdir, rel);
        snapshot.files.set(rel, text);
        current.set(rel, text);
      }
      current.set(rel, applyEditToText(current.get(rel) ?? null, edit));
    }
  } catch (err) {
    return { ok: false, reason: message(err) };
  }
  const written: Snapshot = { root: workdir, files: new Map() };
  try {
    for (const [rel, text] of current) {
      if (text === null) continue;
      written.files.set(rel, snapshot.files.get(rel) ?? null);
      await writeTreeFile(workdir, rel, text);
    }
  } catch (err) {
    await revertEdits(written).catch(() => undefined);
    return { ok: false, reason: message(err) };
  }
  return { ok: true, snapshot };
}

/** Restores the files of a snapshot (files that did not exist are removed), through `src/fs` too. */
export async function revertEdits(snapshot: Snapshot): Promise<void> {
  for (const [rel, text] of snapshot.files) {
    if (text === null) await removeTreeFile(snapshot.root, rel);
    else await writeTreeFile(snapshot.root, rel, text);
  }
}

/** The distinct files a list of edits touches, repo-relative with forward slashes. */
export function touchedFiles(edits: Edit[]): string[] {
  return [...new Set(edits.map(e => e.file.replace(/\\/g, '/')))];
}
