/** mocha's spec reporter: after `N failing`, numbered blocks `1) Suite\n   test title:\n  Error: msg`. */
import type { LogLine } from '../normalize.js';
import { indentOf } from './blocks.js';
import { clean, splitTyped, type Extractor, type Found } from './types.js';

const FAILING = /^\s*(\d+) failing\s*$/;
const ITEM = /^(\s*)(\d+)\) (.+)$/;
const FRAME = /\(?((?:[A-Za-z]:)?[^\s():]+\.[cm]?[jt]sx?):(\d+):(\d+)\)?\s*$/;

/** The mocha extractor (see the module comment for the formats it reads). */
export const mocha: Extractor = {
  tool: 'mocha',
  extract(lines: LogLine[]): Found[] {
    const out: Found[] = [];
    for (let i = 0; i < lines.length; i++) {
      if (lines[i].text.indexOf('failing') < 0 || !FAILING.test(lines[i].text)) continue;
      const count = Number(FAILING.exec(lines[i].text)![1]);
      let j = i + 1;
      for (let n = 1; n <= count && j < lines.length; n++) {
        // Find `n) ...`.
        while (j < lines.length && j < i + 5000) {
          const m = ITEM.exec(lines[j].text);
          if (m && Number(m[2]) === n) break;
          j++;
        }
        if (j >= lines.length) break;
        const head = ITEM.exec(lines[j].text)!;
        const start = j;
        const title = [head[3].trim()];
        j++;
        // The title continues on deeper-indented lines and ends with `:`. mocha writes the title
        // path one suite a line, the k-th indented 5 + 2k, and the message at 5 (a diff's at 6,
        // after a blank line): a suite's own title that ends with `:` (`Worker:`, `#0:`) is not
        // the end when the next line is indented like the next title line.
        const messageIndent = head[1].length + 3;
        let titleIndent = messageIndent;
        while (j < lines.length && lines[j].text.trim() !== '' && j < start + 12) {
          const ind = indentOf(lines[j].text);
          if (title[title.length - 1].endsWith(':') && !(ind > messageIndent && ind > titleIndent)) break;
          titleIndent = ind;
          title.push(lines[j].text.trim());
          j++;
        }
        const msg: string[] = [];
        let loc: { file: string; line: number } | undefined;
        let end = j - 1;
        for (; j < lines.length && j < start + 200; j++) {
          const t = lines[j].text;
          const next = ITEM.exec(t);
          if (next && Number(next[2]) === n + 1) break;
          if (/^\s*at /.test(t)) {
            if (!loc && !/node_modules|node:internal|\(internal\//.test(t)) {
              const f = FRAME.exec(t);
              if (f) loc = { file: f[1], line: Number(f[2]) };
            }
            end = j;
            continue;
          }
          if (t.trim() === '') {
            if (msg.length > 0 && j + 1 < lines.length && lines[j + 1].text.trim() === '') break;
            continue;
          }
          if (/^\S/.test(t)) break;
          if (!loc && msg.length < 10) msg.push(t.trim());
          end = j;
        }
        const st = splitTyped(msg.join('\n'));
        out.push(
          clean({
            tool: 'mocha',
            errorType: st.errorType,
            message: st.message || 'failed',
            file: loc?.file,
            line: loc?.line,
            testName: title.join(' ').replace(/:$/, ''),
            start,
            end
          })
        );
      }
      i = Math.max(i, j - 1);
    }
    return out;
  }
};
