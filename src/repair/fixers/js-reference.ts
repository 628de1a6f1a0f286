import type { Edit } from '../../types.js';
import type { FixProposal, Fixer, FixerInput } from './types.js';
import { identifierPositions, lineEdit, locateFile, readSource, uniqueClosest } from './util.js';

/** Globals of Node and the browser that a misspelling most often means. */
const JS_GLOBALS = (
  'console Math JSON Object Array String Number Boolean Symbol BigInt Promise Date Error TypeError RangeError ' +
  'Map Set WeakMap WeakSet RegExp Intl parseInt parseFloat isNaN isFinite undefined NaN Infinity globalThis ' +
  'process Buffer setTimeout clearTimeout setInterval clearInterval structuredClone fetch URL URLSearchParams ' +
  'TextEncoder TextDecoder encodeURIComponent decodeURIComponent queueMicrotask'
).split(' ');

/** One ReferenceError with the first frame that is a file of the tree. */
export interface JsReference {
  name: string;
  file: string;
  line: number;
}

const NOT_DEFINED = /(?:ReferenceError: |error: ')([A-Za-z_$][\w$]*) is not defined/;
const FRAME = /(?:\(|\bat |^\s+)((?:file:\/\/)?[^\s()'"]+?\.[cm]?[jt]sx?):(\d+):(\d+)\)?\s*$/;

/**
 * Finds `ReferenceError: x is not defined` in Node output (a crash, the spec or TAP reporter of
 * node:test, jest) and the first stack frame after it.
 */
export function parseJsReferences(
  output: string
): { name: string; frames: { file: string; line: number }[] }[] {
  const lines = output.replace(/\r\n/g, '\n').split('\n');
  const out: { name: string; frames: { file: string; line: number }[] }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = NOT_DEFINED.exec(lines[i]);
    if (!m) continue;
    // TAP puts the error name on its own line; elsewhere it precedes the message.
    if (
      !/ReferenceError/.test(lines[i]) &&
      !lines.slice(i, i + 4).some(l => /name: 'ReferenceError'/.test(l))
    )
      continue;
    const frames: { file: string; line: number }[] = [];
    for (let j = i + 1; j < Math.min(lines.length, i + 16); j++) {
      const f = FRAME.exec(lines[j]);
      if (f && !/^node:|\/node_modules\//.test(f[1]))
        frames.push({ file: f[1].replace(/^file:\/\//, ''), line: Number(f[2]) });
    }
    if (frames.length > 0) out.push({ name: m[1], frames });
  }
  return out;
}

/** True when column `col` of a JS/TS line is code (not in a string, template text or `//` comment). */
export function jsIsCode(line: string, col: number): boolean {
  let quote: string | null = null;
  let depth = 0;
  for (let i = 0; i < col; i++) {
    const c = line[i];
    if (quote && depth === 0) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      else if (quote === '`' && c === '$' && line[i + 1] === '{') {
        depth = 1;
        i++;
      }
    } else if (quote && depth > 0) {
      if (c === '{') depth++;
      else if (c === '}') depth--;
    } else if (c === '/' && line[i + 1] === '/') return false;
    else if (c === '"' || c === "'" || c === '`') quote = c;
  }
  return quote === null || depth > 0;
}

/** Names a JS/TS file declares anywhere (file-wide: a superset of what is in scope at a line). */
export function jsDeclaredNames(source: string): Set<string> {
  const names = new Set<string>(JS_GLOBALS);
  const add = (list: string): void => {
    for (const part of list.split(',')) {
      const n = part
        .trim()
        .replace(/^\.\.\./, '')
        .split(/[\s=:]/)[0];
      if (/^[A-Za-z_$][\w$]*$/.test(n)) names.add(n);
    }
  };
  for (const m of source.matchAll(/\b(?:const|let|var|function\*?|class)\s+([A-Za-z_$][\w$]*)/g))
    names.add(m[1]);
  for (const m of source.matchAll(/\b(?:const|let|var)\s+[{[]([^}\]]*)[}\]]/g))
    add(m[1].replace(/\w+\s*:/g, ''));
  for (const m of source.matchAll(/\bfunction\s*\*?\s*[\w$]*\s*\(([^)]*)\)/g)) add(m[1]);
  for (const m of source.matchAll(/\(([^()]*)\)\s*(?::[^=]*)?=>/g)) add(m[1]);
  for (const m of source.matchAll(/([A-Za-z_$][\w$]*)\s*=>/g)) names.add(m[1]);
  for (const m of source.matchAll(/\bimport\s+([A-Za-z_$][\w$]*)/g)) names.add(m[1]);
  for (const m of source.matchAll(/\bimport\s+(?:type\s+)?(?:[\w$]+\s*,\s*)?\{([^}]*)\}/g))
    add(m[1].replace(/\b[\w$]+\s+as\s+/g, ''));
  for (const m of source.matchAll(/\bimport\s+\*\s+as\s+([A-Za-z_$][\w$]*)/g)) names.add(m[1]);
  for (const m of source.matchAll(/\bcatch\s*\(\s*([A-Za-z_$][\w$]*)/g)) names.add(m[1]);
  return names;
}

/**
 * JavaScript/TypeScript `ReferenceError: x is not defined` at run time: at the first frame in the
 * tree, the one name the file declares (or a global) closest to `x` replaces it, when `x` occurs
 * exactly once as code on that line. Not sure: nothing.
 */
export class JsReferenceFixer implements Fixer {
  readonly name = 'js-reference';

  async propose(input: FixerInput): Promise<FixProposal | null> {
    const edits: Edit[] = [];
    const summaries: string[] = [];
    for (const ref of parseJsReferences(input.failureOutput)) {
      let frame: ((typeof ref.frames)[number] & { rel: string }) | undefined;
      for (const f of ref.frames) {
        const rel = await locateFile(input.workdir, f.file);
        if (rel) {
          frame = { ...f, rel };
          break;
        }
      }
      if (!frame?.rel || edits.some(e => e.file === frame.rel)) continue;
      const content = await readSource(input.workdir, frame.rel);
      const lines = content.split('\n');
      const line = lines[frame.line - 1];
      if (line === undefined) continue;
      const at = identifierPositions(line, ref.name).filter(
        p => !/[.]\s*$/.test(line.slice(0, p)) && jsIsCode(line, p)
      );
      if (at.length !== 1) {
        input.log(`fixer ${this.name}: '${ref.name}' is not exactly once at ${frame.rel}:${frame.line}`);
        continue;
      }
      const right = uniqueClosest(ref.name, jsDeclaredNames(content));
      if (!right) {
        input.log(`fixer ${this.name}: no single close name for '${ref.name}'`);
        continue;
      }
      const newLine = line.slice(0, at[0]) + right + line.slice(at[0] + ref.name.length);
      const edit = lineEdit(
        frame.rel,
        content,
        frame.line - 1,
        newLine + (frame.line < lines.length ? '\n' : '')
      );
      if (!edit) continue;
      edits.push(edit);
      summaries.push(`${frame.rel}:${frame.line}: '${ref.name}' -> '${right}' (ReferenceError)`);
    }
    return edits.length > 0 ? { fixer: this.name, edits, summary: summaries.join('; ') } : null;
  }
}
