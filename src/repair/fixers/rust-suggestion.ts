import type { Edit } from '../../types.js';
import type { FixProposal, Fixer, FixerInput } from './types.js';
import { locateProjectFile, tokenEdits, type TokenFix } from './near.js';
import { identifierPositions, minimalEdit, readSource } from './util.js';

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

/**
 * The suggestions of one error diagnostic that may be applied: those rustc marks
 * `MachineApplicable`, and its similar-name suggestions (an identifier for an identifier). A
 * diagnostic offering alternatives (more than one suggesting child) gives nothing.
 */
function fromDiagnostic(d: RustDiagnostic): RustReplacement[] {
  if (d.level !== 'error') return [];
  const suggesting = d.children.filter(c => c.spans.some(s => typeof s.suggested_replacement === 'string'));
  if (suggesting.length !== 1) return [];
  const child = suggesting[0];
  const spans = child.spans.filter(s => typeof s.suggested_replacement === 'string');
  const similar = SIMILAR.test(child.message);
  const out: RustReplacement[] = [];
  for (const s of spans) {
    const original =
      s.line_start === s.line_end && s.text?.length === 1
        ? [...s.text[0].text].slice(s.text[0].highlight_start - 1, s.text[0].highlight_end - 1).join('')
        : undefined;
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
  wrong: string;
  right: string;
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
    const wrong = /`([A-Za-z_][A-Za-z0-9_]*)`/.exec(h[1])?.[1];
    const at = ARROW.exec(lines[i + 1] ?? '');
    if (!wrong || !at) continue;
    // The error's block: up to the next error or warning header.
    let end = i + 2;
    while (end < lines.length && !/^(error|warning)(\[\w+\])?:/.test(lines[end])) end++;
    const block = lines.slice(i + 2, end);
    const helps: { right: string; why: string }[] = [];
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
    if (helps.length !== 1) continue;
    out.push({
      file: at[1],
      line: Number(at[2]),
      col: Number(at[3]),
      wrong,
      right: helps[0].right,
      why: helps[0].why
    });
  }
  return out;
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
    const fixes: TokenFix[] = [];
    for (const t of text) {
      const file = await locateProjectFile(input.workdir, t.file);
      if (!file) {
        log(`${t.file} is not a file of the tree`);
        continue;
      }
      const line = (await readSource(input.workdir, file)).split('\n')[t.line - 1]?.replace(/\r$/, '');
      if (line === undefined) continue;
      const index = [...line].slice(0, t.col - 1).join('').length;
      let right = t.right;
      if (right.startsWith('\u0000')) {
        // Block form: the suggested line must be the line with only the name at the column changed.
        const suggested = right.slice(1);
        const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(suggested.slice(index));
        if (!m || line.slice(0, index) + m[0] + line.slice(index + t.wrong.length) !== suggested) continue;
        right = m[0];
      }
      if (!identifierPositions(line, t.wrong).includes(index)) continue;
      fixes.push({ file, line: t.line, index, wrong: t.wrong, right, note: `rustc: ${t.why}` });
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
    for (const r of unique.values()) {
      const file = await locateProjectFile(input.workdir, r.file);
      if (!file) {
        log(`${r.file} is not a file of the tree`);
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
