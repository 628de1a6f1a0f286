import type { Edit } from '../../types.js';
import { identifierPositions, lineEdit, locateFile, readSource } from './util.js';

/**
 * Edit distance with adjacent transpositions (optimal string alignment): insert, delete, substitute
 * and swap of two neighbours each cost 1.
 */
export function osaDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0))
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The one name of `candidates` nearest to `wrong` when the compiler gave no suggestion of its own:
 * one edit away (names of 3+ characters) or two (6+), and no other candidate as near. `blockers` are
 * names seen nearby that cannot be told apart from a candidate (a field, a name of another scope):
 * one as near as the best candidate makes the answer unsure too. Undefined when nothing is near
 * enough or two are equally near (not sure: no fix).
 */
export function uniqueNear(
  wrong: string,
  candidates: Iterable<string>,
  blockers: Iterable<string> = []
): string | undefined {
  const max = wrong.length >= 6 ? 2 : wrong.length >= 3 ? 1 : 0;
  let best: string | undefined;
  let bestD = Infinity;
  let tie = false;
  for (const c of new Set(candidates)) {
    if (c === wrong) return undefined; // the name exists: the failure is something else
    const d = osaDistance(wrong, c);
    if (d > max) continue;
    if (d < bestD) {
      best = c;
      bestD = d;
      tie = false;
    } else if (d === bestD) tie = true;
  }
  if (tie || best === undefined) return undefined;
  for (const b of new Set(blockers)) {
    if (b !== best && b !== wrong && osaDistance(wrong, b) <= bestD) return undefined;
  }
  return best;
}

/** The 0-based character index of a 1-based byte column of a line (Go reports byte columns). */
export function byteColumnIndex(line: string, col: number): number {
  const bytes = Buffer.from(line, 'utf8');
  if (col < 1 || col - 1 > bytes.length) return -1;
  const prefix = bytes.subarray(0, col - 1).toString('utf8');
  return Buffer.byteLength(prefix, 'utf8') === col - 1 ? prefix.length : -1;
}

/** Reported paths inside a toolchain or a dependency cache: never a file of the project. */
const FOREIGN =
  /(^|\/)(\.cargo|\.rustup|rustlib|\.m2|\.gradle|go\/pkg\/mod|usr\/local\/go|usr\/lib\/go[\w.-]*|usr\/lib\/jvm)\//;

/** `locateFile`, refusing toolchain and dependency-cache paths whose suffix could match a tree file. */
export async function locateProjectFile(workdir: string, reported: string): Promise<string | undefined> {
  if (FOREIGN.test(reported.replace(/\\/g, '/'))) return undefined;
  return locateFile(workdir, reported);
}

/** One identifier to replace at a known place. */
export interface TokenFix {
  /** A file of the tree (as `locateFile` gives it). */
  file: string;
  /** 1-based line. */
  line: number;
  /** 0-based character index of the wrong identifier in the line. */
  index: number;
  wrong: string;
  right: string;
  note: string;
}

/**
 * Exact edits for identifier replacements, each checked to hold `wrong` as a whole identifier at its
 * place (else skipped and logged); several on one line apply right to left. Files are read link-safe.
 */
export async function tokenEdits(
  workdir: string,
  fixes: TokenFix[],
  log: (msg: string) => void
): Promise<{ edits: Edit[]; summaries: string[] }> {
  const contents = new Map<string, string>();
  const edits: Edit[] = [];
  const summaries: string[] = [];
  const seen = new Set<string>();
  const ordered = [...fixes].sort((a, b) =>
    a.file === b.file
      ? a.line === b.line
        ? b.index - a.index
        : a.line - b.line
      : a.file.localeCompare(b.file)
  );
  for (const f of ordered) {
    const key = `${f.file}:${f.line}:${f.index}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const content = contents.get(f.file) ?? (await readSource(workdir, f.file));
    const lines = content.split('\n');
    const raw = lines[f.line - 1];
    if (raw === undefined) continue;
    const line = raw.replace(/\r$/, '');
    if (!identifierPositions(line, f.wrong).includes(f.index)) {
      log(`'${f.wrong}' is not at ${f.file}:${f.line} (character ${f.index + 1})`);
      continue;
    }
    const cr = raw.endsWith('\r') ? '\r' : '';
    const newLine = line.slice(0, f.index) + f.right + line.slice(f.index + f.wrong.length) + cr;
    const edit = lineEdit(f.file, content, f.line - 1, newLine + (f.line < lines.length ? '\n' : ''));
    if (!edit) continue;
    edits.push(edit);
    lines[f.line - 1] = newLine;
    contents.set(f.file, lines.join('\n'));
    summaries.push(`${f.file}:${f.line}: '${f.wrong}' -> '${f.right}' (${f.note})`);
  }
  return { edits, summaries };
}
