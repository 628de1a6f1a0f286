import * as path from 'node:path';
import { isTreeFile, listTreeFiles, normalizeRelative, readTreeFile } from '../../fs/index.js';
import type { Edit } from '../../types.js';
import { countOccurrences } from '../edits.js';
import type { FromImport } from './python-scope.js';

const SKIP_DIRS = new Set(['.git', 'node_modules', '.venv', 'venv', '__pycache__', 'dist', 'build', '.tox']);

/**
 * Lists files under root (relative, forward slashes) with one of the extensions, skipping vendored
 * and hidden trees. Symbolic links are neither listed nor followed (`src/fs`).
 */
export async function listFiles(root: string, exts: string[], limit = 5000): Promise<string[]> {
  const files = await listTreeFiles(root, '', {
    skipDirs: SKIP_DIRS,
    skipDir: name => name.startsWith('.'),
    acceptFile: name => exts.some(x => name.endsWith(x)),
    limit
  });
  return files.sort();
}

/**
 * Maps a path as printed by a tool (relative, or absolute inside a container) to a regular file of
 * the work tree, reached without any symbolic link. An absolute path is matched by its longest
 * suffix that exists; when the path is not in the tree (site-packages, another checkout, or through
 * a link) the answer is undefined, so no fixer reads or edits it.
 */
export async function locateFile(workdir: string, reported: string): Promise<string | undefined> {
  const p = reported.replace(/\\/g, '/');
  const inTree = async (rel: string): Promise<string | undefined> =>
    (await isTreeFile(workdir, rel)) ? normalizeRelative(rel) : undefined;
  if (!path.isAbsolute(p)) return inTree(p);
  const root = path.resolve(workdir).replace(/\\/g, '/');
  if (p.startsWith(root + '/')) return inTree(p.slice(root.length + 1));
  if (/\/(site|dist)-packages\/|\/node_modules\/|\/usr\/lib\//.test(p)) return undefined;
  const parts = p.split('/').filter(Boolean);
  for (let i = 1; i < parts.length; i++) {
    const rel = await inTree(parts.slice(i).join('/'));
    if (rel) return rel;
  }
  return undefined;
}

/** The text of a file of the tree (located by `locateFile` or listed by `listFiles`), link-safe. */
export async function readSource(workdir: string, rel: string): Promise<string> {
  const text = await readTreeFile(workdir, rel);
  if (text === null) throw new Error(`${rel} does not exist`);
  return text;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Positions (0-based columns) where `token` occurs in `line` as a whole identifier. */
export function identifierPositions(line: string, token: string): number[] {
  const re = new RegExp(`(?<![A-Za-z0-9_$])${escapeRe(token)}(?![A-Za-z0-9_$])`, 'g');
  const out: number[] = [];
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m.index);
  return out;
}

/** Splits text into lines, keeping the line ending on each line. */
export function splitLinesKeepEnds(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/**
 * Builds an exact edit that replaces line `lineIdx` (0-based) of `content` with `newLine`. The search
 * text is the line, widened with neighbouring lines until it occurs exactly once in the file.
 */
export function lineEdit(file: string, content: string, lineIdx: number, newLine: string): Edit | undefined {
  const lines = splitLinesKeepEnds(content);
  if (lineIdx < 0 || lineIdx >= lines.length) return undefined;
  for (let before = 0, after = 0; before <= lineIdx || lineIdx + after < lines.length - 1;) {
    const from = lineIdx - before;
    const to = lineIdx + after;
    const search = lines.slice(from, to + 1).join('');
    if (countOccurrences(content, search) === 1) {
      const replace =
        lines.slice(from, lineIdx).join('') + newLine + lines.slice(lineIdx + 1, to + 1).join('');
      return { file, search, replace };
    }
    if (from > 0) before++;
    if (to < lines.length - 1) after++;
    if (from === 0 && to === lines.length - 1) break;
  }
  return undefined;
}

/** Levenshtein distance as Python's traceback suggestions compute it (case change costs 1, other 2). */
export function pyLevenshtein(a: string, b: string): number {
  const MOVE = 2;
  const CASE = 1;
  const subst = (x: string, y: string): number =>
    x === y ? 0 : x.toLowerCase() === y.toLowerCase() ? CASE : MOVE;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j * MOVE);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i * MOVE];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + MOVE, cur[j - 1] + MOVE, prev[j - 1] + subst(a[i - 1], b[j - 1]));
    }
    prev = cur;
  }
  return prev[b.length];
}

/** True when `a` becomes `b` by swapping one pair of adjacent characters. */
export function isAdjacentSwap(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  const diff: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
  return (
    diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]]
  );
}

/** Constants that are never the intended spelling of another name, unless only the case differs. */
const CONSTANTS = new Set(['None', 'True', 'False', 'NotImplemented', 'Ellipsis']);

/**
 * The one candidate closest to `wrong` within Python's own suggestion threshold, or, when none is,
 * the one candidate a single adjacent swap away (`nmae` -> `name`, which Python does not suggest);
 * undefined when nothing is close enough or two are equally close (not sure: no suggestion).
 */
export function uniqueClosest(wrong: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  let tie = false;
  const pool = [...new Set(candidates)].filter(
    c => c !== wrong && (!CONSTANTS.has(c) || c.toLowerCase() === wrong.toLowerCase())
  );
  for (const c of pool) {
    const max = Math.floor(((c.length + wrong.length + 3) * 2) / 6);
    const d = pyLevenshtein(wrong, c);
    if (d > max) continue;
    if (d < bestD) {
      best = c;
      bestD = d;
      tie = false;
    } else if (d === bestD) tie = true;
  }
  if (best !== undefined) return tie ? undefined : best;
  const swaps = wrong.length >= 4 ? pool.filter(c => isAdjacentSwap(wrong, c)) : [];
  return swaps.length === 1 ? swaps[0] : undefined;
}

/**
 * Exact edits that turn `content` into `newLines.join('\n')` line by line (same line count), each
 * search text unique in the file as it is when that edit applies; undefined when one cannot be.
 */
export function lineByLineEdits(file: string, content: string, newLines: string[]): Edit[] | undefined {
  const oldLines = content.split('\n');
  if (oldLines.length !== newLines.length) return undefined;
  const edits: Edit[] = [];
  let current = content;
  for (let i = 0; i < oldLines.length; i++) {
    if (oldLines[i] === newLines[i]) continue;
    const nl = i < oldLines.length - 1 ? '\n' : '';
    const edit = lineEdit(file, current, i, newLines[i] + nl);
    if (!edit) return undefined;
    edits.push(edit);
    const cur = current.split('\n');
    cur[i] = newLines[i];
    current = cur.join('\n');
  }
  return edits;
}

/**
 * One exact edit turning `oldText` into `newText`: the changed middle (common leading and trailing
 * lines left out), widened by whole lines until its search text is unique. Undefined when equal.
 */
export function minimalEdit(file: string, oldText: string, newText: string): Edit | undefined {
  if (oldText === newText) return undefined;
  const a = splitLinesKeepEnds(oldText);
  const b = splitLinesKeepEnds(newText);
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf])
    suf++;
  let from = pre;
  let toA = a.length - suf;
  let toB = b.length - suf;
  for (;;) {
    const search = a.slice(from, toA).join('');
    if (search !== '' && countOccurrences(oldText, search) === 1) {
      return { file, search, replace: b.slice(from, toB).join('') };
    }
    if (from === 0 && toA === a.length) break;
    if (from > 0) from--;
    if (toA < a.length) {
      toA++;
      toB++;
    }
  }
  // Whole-file replacement (an empty file has no search text: not expressible as an edit).
  return oldText === '' ? undefined : { file, search: oldText, replace: newText };
}

/** A shell-quoted argument. */
export function shellQuote(s: string): string {
  return /^[\w./@+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * A sandbox test script that prints each file's output of `command` (run with the file's path in
 * `$f`, reading it on stdin) base64-encoded between markers, so that noise on the same stream
 * cannot corrupt it; `readMarked` decodes it.
 */
export function markedScript(files: string[], command: string): string {
  const list = files.map(shellQuote).join(' ');
  // POSIX sh (dash has no pipefail): the command's output goes to a file, so its status counts.
  return [
    'nw_out=$(mktemp)',
    `for f in ${list}; do`,
    `  printf '@@NW-FILE %s ' "$f"`,
    `  if (${command}) < "$f" > "$nw_out" 2>/dev/null; then base64 "$nw_out" | tr -d '\\n'; echo ' @@NW-OK'; else echo ' @@NW-FAIL'; fi`,
    'done',
    'rm -f "$nw_out"'
  ].join('\n');
}

/** Decodes the output of `markedScript`: file -> content (files whose command failed are absent). */
export function readMarked(output: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of output.matchAll(/@@NW-FILE (\S+) ([A-Za-z0-9+/=]*) @@NW-OK/g)) {
    out.set(m[1].replace(/^'|'$/g, ''), Buffer.from(m[2], 'base64').toString('utf8'));
  }
  return out;
}

/** The file of the tree a `from` import refers to (relative or absolute), or undefined. */
export async function importedModuleFile(
  workdir: string,
  file: string,
  imp: FromImport
): Promise<string | undefined> {
  const pyFiles = await listFiles(workdir, ['.py']);
  if (imp.level > 0) {
    const dir = file.split('/').slice(0, -1);
    if (imp.level - 1 > dir.length) return undefined;
    const base = [
      ...dir.slice(0, dir.length - (imp.level - 1)),
      ...(imp.module ? imp.module.split('.') : [])
    ];
    const rel = base.join('/');
    return pyFiles.find(f => f === `${rel}.py`) ?? pyFiles.find(f => f === `${rel}/__init__.py`);
  }
  const rel = imp.module.replace(/\./g, '/');
  const hits = pyFiles.filter(
    f =>
      f === `${rel}.py` ||
      f.endsWith(`/${rel}.py`) ||
      f === `${rel}/__init__.py` ||
      f.endsWith(`/${rel}/__init__.py`)
  );
  return hits.length === 1 ? hits[0] : undefined;
}
