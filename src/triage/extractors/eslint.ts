/** ESLint's stylish report (a file path, then `  line:col  error  message  rule`) and its compact form. */
import type { LogLine } from '../normalize.js';
import { clean, type Extractor, type Found } from './types.js';

const ROW = /^\s+(\d+):(\d+)\s+(error|warning)\s+(.+?)(?:\s{2,}(@?[\w/-]+))?\s*$/;
const FILE = /^(?:[A-Za-z]:)?[^\s:]*\.\w+\s*$/;
const RUBOCOP =
  /^((?:[A-Za-z]:)?[^\s:]+\.(?:rb|rake|gemspec)):(\d+):(\d+): ([CWEF]): (?:\[Correctable\] )?([\w/]+): (.*)$/;
const COMPACT = /^(.+?): line (\d+), col (\d+), Error - (.*?)(?: \(([\w/@-]+)\))?$/;

/** The eslint extractor (see the module comment for the formats it reads). */
export const eslint: Extractor = {
  tool: 'eslint',
  extract(lines: LogLine[]): Found[] {
    const out: Found[] = [];
    let file: string | undefined;
    let offenses: number | undefined;
    let fileLine: number | undefined;
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i].text;
      if (t === 'Offenses:') {
        offenses = i;
        continue;
      }
      const rc = offenses !== undefined ? RUBOCOP.exec(t) : null;
      if (rc) {
        // RuboCop: an offense line, then the code and a caret line.
        let end = i;
        while (
          end + 1 < lines.length &&
          end < i + 2 &&
          !RUBOCOP.test(lines[end + 1].text) &&
          lines[end + 1].text.trim() !== ''
        )
          end++;
        const first = out.every(f => f.tool !== 'rubocop');
        out.push({
          tool: 'rubocop',
          errorType: rc[5],
          message: rc[6].trim(),
          file: rc[1],
          line: Number(rc[2]),
          start: first ? offenses! : i,
          end
        });
        i = end;
        continue;
      }
      const c = t.indexOf(', Error - ') > 0 ? COMPACT.exec(t) : null;
      if (c) {
        out.push(
          clean({
            tool: 'eslint',
            errorType: c[5],
            message: c[4],
            file: c[1],
            line: Number(c[2]),
            start: i,
            end: i
          })
        );
        continue;
      }
      const r = ROW.exec(t);
      if (r && file) {
        if (r[3] === 'error') {
          out.push(
            clean({
              tool: 'eslint',
              errorType: r[5],
              message: r[4].trim(),
              file,
              line: Number(r[1]),
              start: fileLine ?? i,
              end: i
            })
          );
          fileLine = undefined;
        }
        continue;
      }
      if (t.length < 500 && lines[i + 1] && ROW.test(lines[i + 1].text) && FILE.test(t)) {
        file = t.trim();
        fileLine = i;
      } else if (t.trim() === '' || !r) file = t.trim() === '' ? undefined : file;
    }
    return out;
  }
};
