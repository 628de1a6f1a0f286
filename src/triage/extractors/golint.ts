/**
 * Go linters: staticcheck (`x.go:3:2: message (SA4006)`, `(compile)` for a package that does not
 * type-check; `-f stylish`'s file line, then `  (3, 2)  SA4006  message`) and golangci-lint (`x.go:3:2:
 * message (errcheck)`, then the code line and a caret; `level=error msg="Running error: …"` or
 * `"Timeout exceeded: …"` when it could not lint at all). `go vet` is read with `go build` (go.ts).
 * Each finding is a failure; the first one's lines make the chunk.
 */
import type { LogLine } from '../normalize.js';
import { clean, type Extractor, type Found } from './types.js';

const ISSUE =
  /^((?:[A-Za-z]:)?[^\s:]+\.go):(\d+)(?::(\d+))?: (\S.*) \(([a-z][a-z0-9_-]*|(?:SA|S|ST|QF|U)\d{4})\)$/;
const STATICCHECK = /^(?:(?:SA|S|ST|QF|U)\d{4}|compile)$/;
const STYLISH_FILE = /^((?:[A-Za-z]:)?[^\s:]+\.go)$/;
const STYLISH_ROW = /^ {2}\((\d+), \d+\)\s+((?:SA|S|ST|QF|U)\d{4}|compile)\s+(\S.*)$/;
const RUN_ERROR = /^(?:level=error msg="|ERRO(?:\[\d+\])? )(Running error|Timeout exceeded): (.*?)"?$/;

/** The golint extractor (see the module comment for the formats it reads). */
export const golint: Extractor = {
  tool: 'golint',
  extract(lines: LogLine[]): Found[] {
    const out: Found[] = [];
    let file: { i: number; path: string } | undefined;
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i].text;
      if (t.length > 2000 || t.length < 8) continue;
      let m: RegExpExecArray | null;
      if (t.endsWith(')') && t.indexOf('.go:') > 0 && (m = ISSUE.exec(t))) {
        const sc = STATICCHECK.test(m[5]);
        // golangci-lint prints the code line and a caret under the column.
        let end = i;
        const next = lines[i + 1]?.text ?? '';
        if (!sc && next.trim() !== '' && !ISSUE.test(next)) {
          end = i + 1;
          if (lines[i + 2] && /^\s*\^\s*$/.test(lines[i + 2].text)) end = i + 2;
          else if (!/^\s/.test(next)) end = i;
        }
        out.push({
          tool: sc ? 'staticcheck' : 'golangci-lint',
          errorType: m[5],
          message: m[4].trim(),
          file: m[1],
          line: Number(m[2]),
          start: i,
          end
        });
        i = end;
      } else if (t.endsWith('.go') && (m = STYLISH_FILE.exec(t))) {
        file = { i, path: m[1] };
      } else if (file && t.startsWith('  (') && (m = STYLISH_ROW.exec(t))) {
        // The file's line above its first row belongs to it.
        out.push({
          tool: 'staticcheck',
          errorType: m[2],
          message: m[3].trim(),
          file: file.path,
          line: Number(m[1]),
          start: file.i === i - 1 ? file.i : i,
          end: i
        });
      } else if ((t.startsWith('level=error') || t.startsWith('ERRO')) && (m = RUN_ERROR.exec(t))) {
        out.push(
          clean({
            tool: 'golangci-lint',
            errorType: m[1] === 'Running error' ? 'run' : 'timeout',
            message: m[2].replace(/\\"/g, '"').trim(),
            start: i,
            end: i
          })
        );
      } else if (t.trim() === '') {
        file = undefined;
      }
    }
    return out;
  }
};
