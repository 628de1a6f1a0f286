/** jest (`● Suite › test` blocks after `FAIL path`) and vitest (`FAIL  file > suite > test`). */
import type { LogLine } from '../normalize.js';
import { clean, splitTyped, type Extractor, type Found } from './types.js';

const BULLET = /^(\s*)● (.+)$/;
/** jest's own notices under a bullet: the console block header and configuration warnings, never tests. */
const NOTICE = /^(?:Console|(?:[A-Z][a-z]+ )?(?:Warning|Error):?)$/;
/** The header of one console call's output (`console.error`, older jest `console.error src/x.js:12`). */
const CONSOLE = /^(\s*)console\.(?:log|error|warn|info|debug|trace)\b/;
const JEST_FILE = /^\s*FAIL\s+(\S+?)(?:\s+\([\d.]+ ?m?s\))?\s*$/;
const VITEST = /^\s*FAIL\s+(\S+?\.\w+) > (.+?)\s*$/;
const FRAME = /\(?((?:[A-Za-z]:)?[^\s():]+\.[cm]?[jt]sx?):(\d+):(\d+)\)?\s*$/;
const CODE_FRAME = /^\s*>?\s*\d+ \|/;
const CARET = /^\s*\|\s*\^/;
const VITEST_AT = /^\s*❯ (\S+?):(\d+):(\d+)/;

function frameOf(t: string): { file: string; line: number } | undefined {
  if (!/^\s*(?:at |❯ )/.test(t) || /node_modules|node:internal|\(internal\//.test(t)) return undefined;
  const m = VITEST_AT.exec(t) ?? FRAME.exec(t);
  return m ? { file: m[1].replace(/^file:\/\//, ''), line: Number(m[2]) } : undefined;
}

/** Reads a failure's message and location from the lines after its header, up to `end`. */
function body(
  lines: LogLine[],
  from: number,
  end: number
): { message: string; errorType?: string; loc?: { file: string; line: number } } {
  const msg: string[] = [];
  let loc: { file: string; line: number } | undefined;
  let inFrame = false;
  for (let j = from; j <= end; j++) {
    const t = lines[j].text;
    if (CODE_FRAME.test(t) || CARET.test(t)) {
      inFrame = true;
      continue;
    }
    if (/^\s*(?:at |❯ )/.test(t)) {
      loc ??= frameOf(t);
      inFrame = true;
      continue;
    }
    if (!inFrame && msg.length < 12) msg.push(t.trim());
  }
  while (msg.length && msg[msg.length - 1] === '') msg.pop();
  while (msg.length && msg[0] === '') msg.shift();
  const text = msg.join('\n').replace(/\n{3,}/g, '\n\n');
  const st = splitTyped(text);
  return { message: st.message, errorType: st.errorType, loc };
}

/** The jest extractor (see the module comment for the formats it reads). */
export const jest: Extractor = {
  tool: 'jest',
  extract(lines: LogLine[]): Found[] {
    const out: Found[] = [];
    let file: string | undefined;
    let fileLine: number | undefined;
    const heads: {
      i: number;
      indent: number;
      name: string;
      file?: string;
      vitest: boolean;
      header?: number;
    }[] = [];
    // Indentation of the console call whose output is being printed (what it logs is not a report).
    let consoleIndent = -1;
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i].text;
      const c = t.indexOf('console.') >= 0 ? CONSOLE.exec(t) : null;
      if (c) consoleIndent = c[1].length;
      else if (consoleIndent >= 0 && t.trim() !== '' && t.length - t.trimStart().length <= consoleIndent)
        consoleIndent = -1;
      if (t.indexOf('FAIL') >= 0) {
        const v = VITEST.exec(t);
        if (v) {
          heads.push({ i, indent: 0, name: v[2], file: v[1], vitest: true });
          continue;
        }
        const f = JEST_FILE.exec(t);
        if (f) {
          file = f[1];
          fileLine = i;
        }
      }
      if (t.indexOf('●') < 0) continue;
      const b = BULLET.exec(t);
      if (!b || NOTICE.test(b[2].trim()) || consoleIndent >= 0) continue;
      heads.push({ i, indent: b[1].length, name: b[2].trim(), file, vitest: false, header: fileLine });
      // Only the first report under a `FAIL file` line starts at that line.
      fileLine = undefined;
    }
    heads.forEach((h, k) => {
      let end = h.i;
      const limit = Math.min(
        lines.length - 1,
        k + 1 < heads.length ? heads[k + 1].i - 1 : lines.length - 1,
        h.i + 200
      );
      for (let j = h.i + 1; j <= limit; j++) {
        const t = lines[j].text;
        if (/^(?:Test Suites|Tests|Snapshots|Time):|^\s*(?:PASS|FAIL)\s|^ ?Test Files |^⎯{3,}/.test(t)) break;
        end = j;
      }
      while (end > h.i && lines[end].text.trim() === '') end--;
      const b = body(lines, h.i + 1, end);
      const suiteError = /^Test suite failed to run$/.test(h.name);
      out.push(
        clean({
          tool: h.vitest ? 'vitest' : 'jest',
          errorType: b.errorType,
          message: b.message || 'failed',
          file: b.loc?.file ?? h.file,
          line: b.loc?.line,
          testName: suiteError ? undefined : h.name,
          start: h.header !== undefined && h.i - h.header <= 3 ? h.header : h.i,
          end
        })
      );
    });
    return out;
  }
};
