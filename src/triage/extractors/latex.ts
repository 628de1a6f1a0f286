/**
 * TeX and LaTeX errors: `! Undefined control sequence.` (or, with -file-line-error, `./a.tex:4:
 * Undefined control sequence.`), `! LaTeX Error: File `x.sty' not found.`, `! Package x Error: …`, up
 * to the `l.12 \foo` context line that says where (and the rest of the line under it). latexmk's
 * `Latexmk: Errors, so I did not complete making targets` only closes a run: it is the failure only
 * when no TeX error is in the log.
 */
import type { LogLine } from '../normalize.js';
import { clean, type Extractor, type Found } from './types.js';

const BANG = /^! (.+)$/;
const FILE_LINE = /^(\S+?\.(?:tex|ltx|sty|cls|dtx|bbl|aux|toc)):(\d+): (.+)$/;
const CONTEXT = /^l\.(\d+) /;
const KIND = /^((?:LaTeX|Package [\w@.-]+|Class [\w@.-]+) Error): (.*)$/;
const LATEXMK = 'Latexmk: Errors, so I did not complete making targets';

function report(lines: LogLine[], i: number, message: string, file?: string, at?: number): Found | undefined {
  // The error's help and context lines, to the `l.N …` line and the rest of the source line under it.
  let ctx = -1;
  for (let j = i + 1; j < lines.length && j <= i + 14; j++) {
    const t = lines[j].text;
    if (CONTEXT.test(t)) {
      ctx = j;
      break;
    }
    if (j > i + 1 && (BANG.test(t) || FILE_LINE.test(t)) && !/^! Emergency stop\.$/.test(t)) break;
  }
  const kind = KIND.exec(message);
  if (ctx < 0 && !kind) return undefined;
  let end = ctx >= 0 ? ctx : i;
  if (ctx >= 0 && /^\s+\S/.test(lines[ctx + 1]?.text ?? '')) end = ctx + 1;
  return clean({
    tool: 'latex',
    errorType: kind ? kind[1] : 'error',
    message: (kind ? kind[2] : message).trim(),
    file,
    line: at ?? (ctx >= 0 ? Number(CONTEXT.exec(lines[ctx].text)![1]) : undefined),
    start: i,
    end
  });
}

/** The LaTeX extractor (see the module comment for the formats it reads). */
export const latex: Extractor = {
  tool: 'latex',
  extract(lines: LogLine[]): Found[] {
    const out: Found[] = [];
    let latexmk = -1;
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i].text;
      if (t.length > 2000) continue;
      let m: RegExpExecArray | null;
      let f: Found | undefined;
      if (t.startsWith('! ') && (m = BANG.exec(t))) {
        // TeX's own closing lines are not an error of their own.
        if (/^(?:Emergency stop\.|\s*==> Fatal error occurred)/.test(m[1])) continue;
        f = report(lines, i, m[1]);
      } else if (t.indexOf(': ') > 0 && (m = FILE_LINE.exec(t))) {
        f = report(lines, i, m[3], m[1], Number(m[2]));
      } else if (t === LATEXMK && latexmk < 0) {
        latexmk = i;
      }
      if (f) {
        out.push(f);
        i = f.end;
      }
    }
    if (out.length === 0 && latexmk >= 0) {
      // `Collected error summary (may duplicate other messages):` and its indented items follow.
      let end = latexmk;
      while (
        end + 1 < lines.length &&
        end < latexmk + 12 &&
        /^Collected error summary|^\s+\S/.test(lines[end + 1].text)
      )
        end++;
      const item = lines.slice(latexmk + 1, end + 1).find(l => /^\s+\S/.test(l.text));
      out.push({
        tool: 'latexmk',
        message: item ? item.text.trim() : 'Errors, so I did not complete making targets',
        start: latexmk,
        end
      });
    }
    return out;
  }
};
