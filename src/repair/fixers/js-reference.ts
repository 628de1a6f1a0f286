import type { Node } from './js-parse.js';
import { allDeclaredNames, descendants, JsProject, namesInScope, resolveScope } from './js-project.js';
import { framesAfter, isTitleLine, ownFrames } from './js-stack.js';
import { tokenEdits, type TokenFix } from './near.js';
import type { FixProposal, Fixer, FixerInput } from './types.js';
import { isAdjacentSwap, locateFile, pyLevenshtein, uniqueClosest } from './util.js';

/** Globals of Node and the browser that a misspelling most often means. */
export const JS_GLOBALS = (
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

// Node 20's spec reporter (node:test) prints `ReferenceError [Error]: …`.
const NOT_DEFINED = /(?:ReferenceError(?: \[Error\])?: |error: ')([A-Za-z_$][\w$]*) is not defined/;

/**
 * Finds `ReferenceError: x is not defined` in Node output (a crash, the spec or TAP reporter of
 * node:test, jest, vitest) and its stack frames up to the first one of a package (js-stack.ts).
 */
export function parseJsReferences(
  output: string
): { name: string; frames: { file: string; line: number }[] }[] {
  const lines = output.replace(/\r\n/g, '\n').split('\n');
  const out: { name: string; frames: { file: string; line: number }[] }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = isTitleLine(lines[i]) ? null : NOT_DEFINED.exec(lines[i]);
    if (!m) continue;
    // TAP puts the error name on its own line; elsewhere it precedes the message.
    if (
      !/ReferenceError/.test(lines[i]) &&
      !lines.slice(i, i + 4).some(l => /name: 'ReferenceError'/.test(l))
    )
      continue;
    const frames = ownFrames(framesAfter(lines, i, 16)).map(f => ({ file: f.file, line: f.line }));
    if (frames.length > 0) out.push({ name: m[1], frames });
  }
  return out;
}

/** Where a use of `name` on a line of a parsed file is: the identifier node, when exactly one use is. */
export function referenceOnLine(root: Node, text: string, line: number, name: string): Node | undefined {
  const lineStart = lineStarts(text)[line - 1];
  const lineEnd = lineStarts(text)[line] ?? text.length + 1;
  if (lineStart === undefined) return undefined;
  // `identifier` nodes are references and declarations; object keys, members and labels are other types.
  const uses = descendants(root, ['identifier', 'shorthand_property_identifier']).filter(
    n => n.text === name && n.startIndex >= lineStart && n.startIndex < lineEnd
  );
  return uses.length === 1 && uses[0].type === 'identifier' ? uses[0] : undefined;
}

/** 0-based character offsets where each line starts. */
export function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

/**
 * The one adjacent swap of `wrong` among the names nearest to it, when the nearest tie: `hxe` is
 * `hex` rather than `hsl` (both two substitutions away; a swap is one slip of the fingers). Undefined
 * when no nearest name, or more than one, is a swap.
 */
export function swapAmongNearest(wrong: string, candidates: Iterable<string>): string | undefined {
  const pool = [...new Set(candidates)].filter(c => c !== wrong);
  const dist = new Map(pool.map(c => [c, pyLevenshtein(wrong, c)] as const));
  const best = Math.min(...dist.values());
  const swaps = pool.filter(c => dist.get(c) === best && isAdjacentSwap(wrong, c));
  return swaps.length === 1 ? swaps[0] : undefined;
}

/**
 * JavaScript/TypeScript `ReferenceError: x is not defined` at run time: at the first frame in the
 * tree, the file is parsed and `x` must be the one use of that name on the line and declared in
 * no scope around it; the one name in scope there (or a global) closest to `x` replaces it, unless
 * a name declared elsewhere in the file is as close (the intended one may be out of scope: unsure).
 * Nearest names that tie are decided by the one adjacent swap among them (`swapAmongNearest`); an
 * out-of-scope name then blocks when it is closer or is a swap too.
 * A file that does not parse, or anything unsure: nothing.
 */
export class JsReferenceFixer implements Fixer {
  readonly name = 'js-reference';

  async propose(input: FixerInput): Promise<FixProposal | null> {
    const project = new JsProject(input.workdir, input.log);
    try {
      const fixes: TokenFix[] = [];
      for (const ref of parseJsReferences(input.failureOutput)) {
        let frame: ((typeof ref.frames)[number] & { rel: string }) | undefined;
        for (const f of ref.frames) {
          const rel = await locateFile(input.workdir, f.file);
          if (rel) {
            frame = { ...f, rel };
            break;
          }
        }
        if (!frame || fixes.some(e => e.file === frame.rel)) continue;
        const parsed = await project.file(frame.rel);
        if (!parsed) {
          input.log(`fixer ${this.name}: ${frame.rel} is not parsed: declined`);
          continue;
        }
        const use = referenceOnLine(parsed.root, parsed.text, frame.line, ref.name);
        if (!use) {
          input.log(`fixer ${this.name}: '${ref.name}' is not exactly once at ${frame.rel}:${frame.line}`);
          continue;
        }
        if (resolveScope(use, ref.name)) {
          input.log(
            `fixer ${this.name}: '${ref.name}' is declared around ${frame.rel}:${frame.line}: declined`
          );
          continue;
        }
        const inScope = namesInScope(use);
        const pool = [...inScope, ...JS_GLOBALS];
        const closest = uniqueClosest(ref.name, pool);
        const right = closest ?? swapAmongNearest(ref.name, pool);
        if (!right) {
          input.log(`fixer ${this.name}: no single close name for '${ref.name}'`);
          continue;
        }
        const d = pyLevenshtein(ref.name, right);
        const rival = [...allDeclaredNames(parsed.root)].find(
          n =>
            !inScope.has(n) &&
            n !== right &&
            n !== ref.name &&
            (closest
              ? pyLevenshtein(ref.name, n) <= d
              : pyLevenshtein(ref.name, n) < d || isAdjacentSwap(ref.name, n))
        );
        if (rival) {
          input.log(
            `fixer ${this.name}: '${rival}' (not in scope) is as close to '${ref.name}' as '${right}'`
          );
          continue;
        }
        const lineStart = lineStarts(parsed.text)[frame.line - 1];
        fixes.push({
          file: frame.rel,
          line: frame.line,
          index: use.startIndex - lineStart,
          wrong: ref.name,
          right,
          note: 'ReferenceError'
        });
      }
      const { edits, summaries } = await tokenEdits(input.workdir, fixes, m =>
        input.log(`fixer ${this.name}: ${m}`)
      );
      return edits.length > 0 ? { fixer: this.name, edits, summary: summaries.join('; ') } : null;
    } finally {
      await project.dispose();
    }
  }
}
