import type { Edit } from '../../types.js';
import type { FixProposal, Fixer, FixerInput } from './types.js';
import { locateProjectFile, osaDistance, tokenEdits, uniqueNear, type TokenFix } from './near.js';
import { identifierPositions, listFiles, minimalEdit, readSource } from './util.js';

/** One replacement rustc suggested: a byte range of a file and its new text. */
export interface RustReplacement {
  file: string;
  byteStart: number;
  byteEnd: number;
  /** 1-based line of the span's start, checked against the byte offset. */
  line: number;
  replacement: string;
  /** What the span covers, when rustc printed it (the span's `text` line and highlight). */
  original?: string;
  /** A similar-name suggestion of rustc (one name for another): checked against the crate's names. */
  named?: boolean;
  why: string;
}

interface RustSpan {
  file_name: string;
  byte_start: number;
  byte_end: number;
  line_start: number;
  line_end: number;
  column_start: number;
  column_end: number;
  is_primary?: boolean;
  suggested_replacement?: string | null;
  suggestion_applicability?: string | null;
  text?: { text: string; highlight_start: number; highlight_end: number }[];
}

interface RustDiagnostic {
  message: string;
  level: string;
  spans: RustSpan[];
  children: RustDiagnostic[];
}

/** rustc's help texts that offer a declared name with a similar spelling (its typo suggestions). */
const SIMILAR = /similar name|a (?:method|field|variant|function|struct|constant|macro|type) .* similar/i;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** rustc's unknown-field errors (E0609 access, E0560 struct literal): the field name. */
const NO_FIELD = /^no field `([A-Za-z_][A-Za-z0-9_]*)` on type|has no field named `([A-Za-z_][A-Za-z0-9_]*)`/;

/**
 * The field rustc's `available fields are: \`a\`, \`b\`` note (given instead of a suggestion when no
 * field is similar by rustc's measure — rustc 1.63 counts a swap of two letters as two edits) makes
 * the one near choice for `wrong`; undefined when the list is cut (`… and N others`) or no single
 * field is near.
 */
export function nearListedField(wrong: string, note: string): string | undefined {
  const m = /^available fields are: (.*)$/.exec(note.trim());
  if (!m || /\bothers?\b|\.\.\./.test(m[1])) return undefined;
  const names = [...m[1].matchAll(/`([A-Za-z_][A-Za-z0-9_]*)`/g)].map(x => x[1]);
  if (names.length === 0 || m[1].replace(/`[A-Za-z_][A-Za-z0-9_]*`(, )?/g, '') !== '') return undefined;
  return uniqueNear(wrong, names);
}

/** The text a single-line span covers, from the span's own `text` line and highlight. */
function spanText(s: RustSpan): string | undefined {
  return s.line_start === s.line_end && s.text?.length === 1
    ? [...s.text[0].text].slice(s.text[0].highlight_start - 1, s.text[0].highlight_end - 1).join('')
    : undefined;
}

/** An unknown field with no suggestion: the one near field of rustc's `available fields` note. */
function fromFieldList(d: RustDiagnostic): RustReplacement[] {
  const f = NO_FIELD.exec(d.message);
  const wrong = f?.[1] ?? f?.[2];
  const primary = d.spans.filter(s => s.is_primary !== false);
  const notes = d.children.filter(c => /^available fields are:/.test(c.message));
  if (!wrong || primary.length !== 1 || notes.length !== 1 || spanText(primary[0]) !== wrong) return [];
  const right = nearListedField(wrong, notes[0].message);
  if (!right) return [];
  const s = primary[0];
  return [
    {
      file: s.file_name,
      byteStart: s.byte_start,
      byteEnd: s.byte_end,
      line: s.line_start,
      replacement: right,
      original: wrong,
      why: `rustc: no field \`${wrong}\`, the near one of ${notes[0].message} (${right})`
    }
  ];
}

/**
 * The suggestions of one error diagnostic that may be applied: those rustc marks
 * `MachineApplicable`, and its similar-name suggestions (an identifier for an identifier). A
 * diagnostic offering alternatives (more than one suggesting child) gives nothing.
 */
function fromDiagnostic(d: RustDiagnostic): RustReplacement[] {
  if (d.level !== 'error') return [];
  const suggesting = d.children.filter(c => c.spans.some(s => typeof s.suggested_replacement === 'string'));
  if (suggesting.length === 0) return fromFieldList(d);
  if (suggesting.length !== 1) return [];
  const child = suggesting[0];
  const spans = child.spans.filter(s => typeof s.suggested_replacement === 'string');
  // Alternatives (`consider importing one of these items`) come as spans of one child at one place.
  if (new Set(spans.map(s => `${s.file_name}\u0000${s.byte_start}`)).size !== spans.length) return [];
  const similar = SIMILAR.test(child.message);
  const out: RustReplacement[] = [];
  for (const s of spans) {
    const original = spanText(s);
    const machine = s.suggestion_applicability === 'MachineApplicable';
    const named =
      similar && IDENT.test(s.suggested_replacement!) && original !== undefined && IDENT.test(original);
    if (!machine && !named) return [];
    // `_x` for an unused `x` (under `-D warnings`) silences the lint: it may hide the real mistake.
    if (original !== undefined && s.suggested_replacement === `_${original}`) return [];
    out.push({
      file: s.file_name,
      byteStart: s.byte_start,
      byteEnd: s.byte_end,
      line: s.line_start,
      replacement: s.suggested_replacement!,
      original,
      named: !machine,
      why: `rustc: ${child.message}${machine ? '' : ` (${s.suggested_replacement})`}`
    });
  }
  return out;
}

/** The applicable suggestions of `cargo --message-format=json` (or `rustc --error-format=json`) lines. */
export function parseRustJson(output: string): RustReplacement[] {
  const out: RustReplacement[] = [];
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line.startsWith('{') || !line.includes('"spans"')) continue;
    let msg: unknown;
    try {
      const obj = JSON.parse(line) as { reason?: string; message?: unknown; spans?: unknown };
      msg = obj.reason === 'compiler-message' ? obj.message : obj.spans ? obj : undefined;
    } catch {
      continue;
    }
    if (!isDiagnostic(msg)) continue;
    out.push(...fromDiagnostic(msg));
  }
  return out;
}

function isDiagnostic(x: unknown): x is RustDiagnostic {
  const d = x as RustDiagnostic;
  return (
    typeof d === 'object' &&
    d !== null &&
    typeof d.message === 'string' &&
    typeof d.level === 'string' &&
    Array.isArray(d.spans) &&
    Array.isArray(d.children) &&
    d.children.every(c => isDiagnostic(c)) &&
    d.spans.every(
      s =>
        typeof s === 'object' &&
        s !== null &&
        typeof s.file_name === 'string' &&
        Number.isInteger(s.byte_start) &&
        Number.isInteger(s.byte_end) &&
        Number.isInteger(s.line_start)
    )
  );
}

/** A similar-name suggestion of rustc's human output. */
export interface RustTextSuggestion {
  file: string;
  line: number;
  /** 1-based character column of the wrong name. */
  col: number;
  /** The name the message is about (its field name, else its first backquoted name). */
  wrong: string;
  /** Every backquoted name of the message: the name at the column must be one of them. */
  names: string[];
  right: string;
  /** Chosen from rustc's complete list of the type's fields, not rustc's own similar-name pick. */
  listed?: boolean;
  why: string;
}

const HEADER = /^error(?:\[E\d+\])?: (.*)$/;
const ARROW = /^\s*--> (.+?):(\d+):(\d+)\s*$/;

/**
 * Similar-name suggestions of rustc's human-readable errors, the inline form
 * (`^^^^ help: a local variable with a similar name exists: \`count\``) and the block form (a
 * `help: … similar name …` followed by the suggested line). The wrong name is the first
 * backquoted name of the error's message.
 */
export function parseRustText(output: string): RustTextSuggestion[] {
  const lines = output.split(/\r?\n/);
  const out: RustTextSuggestion[] = [];
  for (let i = 0; i < lines.length; i++) {
    const h = HEADER.exec(lines[i]);
    if (!h) continue;
    const names = [...h[1].matchAll(/`([A-Za-z_][A-Za-z0-9_]*)`/g)].map(m => m[1]);
    const field = NO_FIELD.exec(h[1]);
    const wrong = field?.[1] ?? field?.[2] ?? names[0];
    const at = ARROW.exec(lines[i + 1] ?? '');
    if (!wrong || !at) continue;
    // The error's block: up to the next error or warning header.
    let end = i + 2;
    while (end < lines.length && !/^(error|warning)(\[\w+\])?:/.test(lines[end])) end++;
    const block = lines.slice(i + 2, end);
    const helps: { right: string; why: string; listed?: boolean }[] = [];
    for (let k = 0; k < block.length; k++) {
      const inline = /help: (.*similar.*): `([A-Za-z_][A-Za-z0-9_]*)`\s*$/.exec(block[k]);
      if (inline && SIMILAR.test(inline[1])) {
        helps.push({ right: inline[2], why: inline[1] });
        continue;
      }
      const head = /^help: (.*)$/.exec(block[k].trim());
      if (!head || !SIMILAR.test(head[1])) continue;
      // Block form: the suggested source line, as `N | text` or the diff form `N + text`.
      for (let q = k + 1; q < Math.min(block.length, k + 6); q++) {
        const s = /^\s*(\d+)\s*(?:\||\+)\s?(.*)$/.exec(block[q]);
        if (!s || Number(s[1]) !== Number(at[2])) continue;
        helps.push({ right: `\u0000${s[2]}`, why: head[1] });
        break;
      }
    }
    if (helps.length === 0 && field) {
      // No suggestion: rustc's list of the type's fields (`= note: available fields are: …`).
      const notes = block.map(l => /^\s*= note: (available fields are: .*)$/.exec(l)?.[1]).filter(Boolean);
      const right = notes.length === 1 ? nearListedField(wrong, notes[0]!) : undefined;
      if (right)
        helps.push({ right, why: `no field \`${wrong}\`, the near one of ${notes[0]!}`, listed: true });
    }
    if (helps.length !== 1) continue;
    out.push({
      file: at[1],
      line: Number(at[2]),
      col: Number(at[3]),
      wrong,
      names,
      right: helps[0].right,
      listed: helps[0].listed,
      why: helps[0].why
    });
  }
  return out;
}

const KEYWORDS = new Set(
  'as async await break const continue crate dyn else enum extern false fn for if impl in let loop match mod move mut pub ref return self Self static struct super trait true type unsafe use where while'.split(
    ' '
  )
);

/** The identifiers of Rust source, comments, strings and char literals left out. */
export function rustIdentifiers(src: string): Set<string> {
  const code = src.replace(
    /\/\/[^\n]*|\/\*[\s\S]*?\*\/|r(#*)"[\s\S]*?"\1|b?"(?:[^"\\]|\\[\s\S])*"|b?'(?:[^'\\\n]|\\[^\n]{1,10}?)'/g,
    ' '
  );
  return new Set([...code.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)].map(m => m[0]).filter(n => !KEYWORDS.has(n)));
}

/**
 * rustc's similar-name pick is one of possibly several names as near (it takes the first it meets:
 * \`nome\` gets \`name\` even when a field \`note\` is as near). The pick stands only when no other
 * name of the crate's sources is as near to the wrong one.
 */
class CrateNames {
  private names?: Set<string>;

  constructor(private readonly workdir: string) {}

  async rival(wrong: string, right: string): Promise<string | undefined> {
    if (!this.names) {
      this.names = new Set();
      const files = (await listFiles(this.workdir, ['.rs'], 2000)).filter(f => !/(^|\/)target\//.test(f));
      for (const f of files)
        for (const n of rustIdentifiers(await readSource(this.workdir, f))) this.names.add(n);
    }
    const d = osaDistance(wrong, right);
    return [...this.names].find(n => n !== wrong && n !== right && osaDistance(wrong, n) <= d);
  }
}

/** Replacements applied to a file's bytes, checked: in range, on the stated line, not overlapping. */
function applyBytes(content: string, reps: RustReplacement[]): string | undefined {
  const buf = Buffer.from(content, 'utf8');
  const sorted = [...reps].sort((a, b) => b.byteStart - a.byteStart);
  let out = buf;
  let limit = Infinity;
  for (const r of sorted) {
    if (r.byteStart < 0 || r.byteEnd < r.byteStart || r.byteEnd > buf.length || r.byteEnd > limit)
      return undefined;
    const lineOf = buf.subarray(0, r.byteStart).toString('utf8').split('\n').length;
    if (lineOf !== r.line) return undefined;
    const covered = buf.subarray(r.byteStart, r.byteEnd).toString('utf8');
    if (r.original !== undefined && covered !== r.original) return undefined;
    out = Buffer.concat([
      out.subarray(0, r.byteStart),
      Buffer.from(r.replacement, 'utf8'),
      out.subarray(r.byteEnd)
    ]);
    limit = r.byteStart;
  }
  return out.toString('utf8');
}

/**
 * Rust: applies rustc's own suggestions. From JSON diagnostics (`cargo --message-format=json`), the
 * `MachineApplicable` replacements and the similar-name suggestions of errors, at their byte
 * spans (checked against the file); from human output, the similar-name `help:` at the error's
 * position. Nothing when a diagnostic offers alternatives or a span does not match the file.
 */
export class RustSuggestionFixer implements Fixer {
  readonly name = 'rust-suggestion';

  async propose(input: FixerInput): Promise<FixProposal | null> {
    const log = (m: string): void => input.log(`fixer ${this.name}: ${m}`);
    const json = parseRustJson(input.failureOutput);
    if (json.length > 0) return this.fromJson(input, json, log);
    const text = parseRustText(input.failureOutput);
    if (text.length === 0) return null;
    const crate = new CrateNames(input.workdir);
    const fixes: TokenFix[] = [];
    for (const t of text) {
      const file = await locateProjectFile(input.workdir, t.file);
      if (!file) {
        log(`${t.file} is not a file of the tree`);
        continue;
      }
      const line = (await readSource(input.workdir, file)).split('\n')[t.line - 1]?.replace(/\r$/, '');
      if (line === undefined) continue;
      // rustc's columns count characters (Unicode scalar values), JavaScript indexes UTF-16 units.
      const index = [...line].slice(0, t.col - 1).join('').length;
      // The wrong name is the identifier at the column, one the message names.
      const wrong = /^[A-Za-z_][A-Za-z0-9_]*/.exec(line.slice(index))?.[0];
      if (!wrong || !t.names.includes(wrong) || !identifierPositions(line, wrong).includes(index)) {
        log(`${file}:${t.line}:${t.col} does not hold a name of the message`);
        continue;
      }
      let right = t.right;
      if (right.startsWith('\u0000')) {
        // Block form: the suggested line must be the line with only the name at the column changed.
        const suggested = right.slice(1);
        const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(suggested.slice(index));
        if (!m || line.slice(0, index) + m[0] + line.slice(index + wrong.length) !== suggested) continue;
        right = m[0];
      }
      const rival = t.listed ? undefined : await crate.rival(wrong, right);
      if (rival) {
        log(`'${rival}' of the crate is as near to '${wrong}' as rustc's '${right}': not sure`);
        continue;
      }
      fixes.push({ file, line: t.line, index, wrong, right, note: `rustc: ${t.why}` });
    }
    const { edits, summaries } = await tokenEdits(input.workdir, fixes, log);
    if (edits.length === 0) return null;
    return { fixer: this.name, edits, summary: summaries.join('; ') };
  }

  private async fromJson(
    input: FixerInput,
    reps: RustReplacement[],
    log: (m: string) => void
  ): Promise<FixProposal | null> {
    // Cargo reports a diagnostic once per target that compiles the file: keep each replacement once.
    const unique = new Map<string, RustReplacement>();
    for (const r of reps)
      unique.set(`${r.file}\u0000${r.byteStart}\u0000${r.byteEnd}\u0000${r.replacement}`, r);
    const byFile = new Map<string, RustReplacement[]>();
    const crate = new CrateNames(input.workdir);
    for (const r of unique.values()) {
      const file = await locateProjectFile(input.workdir, r.file);
      if (!file) {
        log(`${r.file} is not a file of the tree`);
        continue;
      }
      const rival = r.named && r.original ? await crate.rival(r.original, r.replacement) : undefined;
      if (rival) {
        log(`'${rival}' of the crate is as near to '${r.original}' as rustc's '${r.replacement}': not sure`);
        continue;
      }
      byFile.set(file, [...(byFile.get(file) ?? []), r]);
    }
    const edits: Edit[] = [];
    const summaries: string[] = [];
    for (const [file, list] of [...byFile.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const content = await readSource(input.workdir, file);
      const next = applyBytes(content, list);
      if (next === undefined) {
        log(`${file}: a suggested span does not match the file (or two overlap)`);
        continue;
      }
      const edit = minimalEdit(file, content, next);
      if (!edit) continue;
      edits.push(edit);
      summaries.push(...list.map(r => `${file}:${r.line}: ${r.why}`));
    }
    if (edits.length === 0) return null;
    return { fixer: this.name, edits, summary: summaries.join('; ') };
  }
}
