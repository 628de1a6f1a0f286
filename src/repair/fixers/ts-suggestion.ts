import { stripAnsi } from '../../triage/ansi.js';
import type { Edit } from '../../types.js';
import type { FixProposal, Fixer, FixerInput } from './types.js';
import { identifierPositions, lineEdit, locateFile, readSource } from './util.js';

/** One TypeScript diagnostic with a spelling suggestion. */
export interface TsSuggestion {
  file: string;
  line: number;
  col: number;
  code: string;
  wrong: string;
  right: string;
}

const PLAIN = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/;
const PRETTY = /^(.+?):(\d+):(\d+) - error (TS\d+): (.*)$/;
/**
 * Codes whose message names the wrong identifier first and suggests a declared one. Not TS2724 (an
 * import of a name the module does not export, with a suggestion): renaming the import alone leaves
 * the file's uses on the old name, and tsc suggests one of two as near exports; js-export fixes it
 * from the tree's own exports, uses included, and declines a tie.
 */
const SUGGESTING: Record<string, RegExp> = {
  TS2551: /^Property '([\w$]+)' does not exist on type '.*'\. Did you mean '([\w$]+)'\?$/,
  TS2339: /^Property '([\w$]+)' does not exist on type '.*'\. Did you mean '([\w$]+)'\?$/,
  TS2552: /^Cannot find name '([\w$]+)'\. Did you mean '([\w$]+)'\?$/,
  TS2561:
    /^Object literal may only specify known properties, but '([\w$]+)' does not exist in type '.*'\. Did you mean to write '([\w$]+)'\?$/
};

/** Finds tsc diagnostics (plain `f(l,c): error` or pretty `f:l:c - error` form) that carry a suggestion. */
export function parseTsSuggestions(output: string): TsSuggestion[] {
  const out: TsSuggestion[] = [];
  const seen = new Set<string>();
  for (const raw of stripAnsi(output).split(/\r?\n/)) {
    const m = PLAIN.exec(raw.trim()) ?? PRETTY.exec(raw.trim());
    if (!m) continue;
    const re = SUGGESTING[m[4]];
    const s = re?.exec(m[5].trim());
    if (!s) continue;
    const item = {
      file: m[1].trim(),
      line: Number(m[2]),
      col: Number(m[3]),
      code: m[4],
      wrong: s[1],
      right: s[2]
    };
    const key = `${item.file}:${item.line}:${item.col}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out;
}

/**
 * TS2551/TS2552/TS2561/TS2339 with `Did you mean 'y'?`: the compiler found the declared
 * name; the wrong identifier must start exactly at the reported column, else nothing is done.
 */
export class TsSuggestionFixer implements Fixer {
  readonly name = 'ts-suggestion';

  async propose(input: FixerInput): Promise<FixProposal | null> {
    const contents = new Map<string, string>();
    const edits: Edit[] = [];
    const summaries: string[] = [];
    // Right-to-left within a line so earlier columns stay valid after a replacement.
    const items = parseTsSuggestions(input.failureOutput).sort((a, b) =>
      a.file === b.file ? (a.line === b.line ? b.col - a.col : a.line - b.line) : a.file.localeCompare(b.file)
    );
    for (const item of items) {
      const file = await locateFile(input.workdir, item.file);
      if (!file || /\.d\.ts$/.test(file)) {
        input.log(`fixer ${this.name}: ${item.file} is not a source file of the tree`);
        continue;
      }
      const content = contents.get(file) ?? (await readSource(input.workdir, file));
      const lines = content.split('\n');
      const line = lines[item.line - 1]?.replace(/\r$/, '');
      if (line === undefined) continue;
      const at = item.col - 1;
      if (!identifierPositions(line, item.wrong).includes(at)) {
        input.log(`fixer ${this.name}: '${item.wrong}' is not at ${file}:${item.line}:${item.col}`);
        continue;
      }
      const cr = lines[item.line - 1].endsWith('\r') ? '\r' : '';
      const newLine = line.slice(0, at) + item.right + line.slice(at + item.wrong.length) + cr;
      const edit = lineEdit(file, content, item.line - 1, newLine + (item.line < lines.length ? '\n' : ''));
      if (!edit) continue;
      edits.push(edit);
      lines[item.line - 1] = newLine;
      contents.set(file, lines.join('\n'));
      summaries.push(`${file}:${item.line}:${item.col}: '${item.wrong}' -> '${item.right}' (${item.code})`);
    }
    if (edits.length === 0) return null;
    return { fixer: this.name, edits, summary: summaries.join('; ') };
  }
}
