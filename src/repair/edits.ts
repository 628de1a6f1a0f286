import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Edit } from '../types.js';

/** Original contents of the files an apply touched (null: the file did not exist). */
export type Snapshot = Map<string, string | null>;

/** Result of applying edits: either all applied, or none (and why). */
export type ApplyResult = { ok: true; snapshot: Snapshot } | { ok: false; reason: string };

/** Thrown for an edit that cannot be applied exactly. */
export class EditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EditError';
  }
}

/** Resolves a repo-relative path inside workdir; refuses absolute paths and `..` escapes. */
export function resolveInside(workdir: string, file: string): string {
  const normalized = file.replace(/\\/g, '/');
  if (normalized === '' || path.isAbsolute(normalized) || /^[A-Za-z]:/.test(normalized)) {
    throw new EditError(`path '${file}' must be relative to the repository`);
  }
  const root = path.resolve(workdir);
  const abs = path.resolve(root, normalized);
  if (abs !== root && !abs.startsWith(root + path.sep)) {
    throw new EditError(`path '${file}' escapes the repository`);
  }
  if (abs === root || normalized.split('/').includes('.git')) {
    throw new EditError(`path '${file}' is not an editable file`);
  }
  return abs;
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

/**
 * Applies edits in order to the tree at workdir. All or nothing: the new contents are computed in
 * memory first, so an invalid edit leaves the tree untouched.
 */
export async function applyEdits(workdir: string, edits: Edit[]): Promise<ApplyResult> {
  if (edits.length === 0) return { ok: false, reason: 'no edits' };
  const originals: Snapshot = new Map();
  const current = new Map<string, string | null>();
  try {
    for (const edit of edits) {
      const abs = resolveInside(workdir, edit.file);
      if (!current.has(abs)) {
        const text = existsSync(abs) ? await readFile(abs, 'utf8') : null;
        originals.set(abs, text);
        current.set(abs, text);
      }
      current.set(abs, applyEditToText(current.get(abs) ?? null, edit));
    }
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
  for (const [abs, text] of current) {
    if (text === null) continue;
    await mkdir(path.dirname(abs), { recursive: true });
    await writeFile(abs, text, 'utf8');
  }
  return { ok: true, snapshot: originals };
}

/** Restores the files of a snapshot (files that did not exist are removed). */
export async function revertEdits(snapshot: Snapshot): Promise<void> {
  for (const [abs, text] of snapshot) {
    if (text === null) await rm(abs, { force: true });
    else await writeFile(abs, text, 'utf8');
  }
}

/** The distinct files a list of edits touches, repo-relative with forward slashes. */
export function touchedFiles(edits: Edit[]): string[] {
  return [...new Set(edits.map(e => e.file.replace(/\\/g, '/')))];
}
