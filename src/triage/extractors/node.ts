/** Node.js's uncaught exception report: `file.js:31`, the code line, a caret, then `XError: message` and its stack. */
import type { LogLine } from '../normalize.js';
import { clean, splitTyped, type Extractor, type Found } from './types.js';

const WHERE = /^((?:[A-Za-z]:\\|\/|node:|file:\/\/)?[^\s:]*?(?:\.[cm]?[jt]sx?|node:[\w/]+|\.coffee)):(\d+)$/;
const CARET = /^\s*\^+\s*$/;
const ERROR = /^([A-Z]\w*(?:Error|Exception)|Error)(?: \[\w+\])?: (.*)$/;
const FRAME = /\(?((?:[A-Za-z]:\\|\/)[^\s():]+\.[cm]?[jt]sx?):(\d+):\d+\)?$/;
const INTERNAL = /^(?:node:|internal\/|module\.js|bootstrap_node\.js|timers\.js|events\.js)/;

/** The node extractor (see the module comment for the formats it reads). */
export const node: Extractor = {
  tool: 'node',
  extract(lines: LogLine[]): Found[] {
    const out: Found[] = [];
    for (let i = 0; i < lines.length; i++) {
      const w = lines[i].text.length < 400 ? WHERE.exec(lines[i].text.trim()) : null;
      if (!w) continue;
      let c = i + 1;
      while (c < lines.length && c <= i + 4 && !CARET.test(lines[c].text)) c++;
      if (c > i + 4 || c >= lines.length) continue;
      let e = c + 1;
      while (e < lines.length && e <= c + 3 && lines[e].text.trim() === '') e++;
      const m = e < lines.length ? ERROR.exec(lines[e].text.trim()) : null;
      if (!m) continue;
      let end = e;
      let frame: { file: string; line: number } | undefined;
      while (end + 1 < lines.length && end < e + 40 && /^\s+at /.test(lines[end + 1].text)) {
        end++;
        const f = FRAME.exec(lines[end].text);
        if (f && !frame && !/node_modules/.test(f[1])) frame = { file: f[1], line: Number(f[2]) };
      }
      // Node's own module loader is where the error surfaced, not where it was made.
      const internal = INTERNAL.test(w[1]);
      const st = splitTyped(lines[e].text.trim());
      out.push(
        clean({
          tool: 'node',
          errorType: st.errorType ?? m[1],
          message: st.message,
          file: internal ? frame?.file : w[1],
          line: internal ? frame?.line : Number(w[2]),
          start: internal ? e : i,
          end
        })
      );
      i = end;
    }
    return out;
  }
};
