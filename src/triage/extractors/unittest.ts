/** Python unittest: `FAIL: test_x (mod.Class.test_x)` / `ERROR: ...` blocks and their tracebacks. */
import type { LogLine } from '../normalize.js';
import { parseTraceback } from './python.js';
import { clean, type Extractor, type Found } from './types.js';

// The test's `str()`: `test_x (mod.Class)` (`mod.Class.test_x` from Python 3.11), a sub-test's
// `(i=1)` after it, a generated method's name with spaces and parentheses; between the `=` rule
// and the `-` rule (a docstring's first line may come between the header and the `-` rule).
const HEADER = /^(FAIL|ERROR|UNEXPECTED SUCCESS): (\S+(?: \([\w.]+\))?|.*\S)\s*$/;
const DASHES = /^-{20,}$/;
const RULE = /^(=|-){20,}$/;

/** The unittest extractor (see the module comment for the formats it reads). */
export const unittest: Extractor = {
  tool: 'unittest',
  extract(lines: LogLine[]): Found[] {
    const out: Found[] = [];
    for (let i = 1; i < lines.length; i++) {
      const t = lines[i].text;
      if (!(t.startsWith('FAIL: ') || t.startsWith('ERROR: ') || t.startsWith('UNEXPECTED'))) continue;
      if (!RULE.test(lines[i - 1].text.trim())) continue;
      const h = HEADER.exec(t.trim());
      if (!h) continue;
      // A name with spaces only where unittest's rules frame it.
      const framed = [lines[i + 1], lines[i + 2]].some(l => l !== undefined && DASHES.test(l.text.trim()));
      // nose's `Failure: ImportError (No module named 'six')` is a module that failed to import, no test.
      const spaced = /\s/.test(h[2].replace(/ \([\w.]+\)$/, ''));
      if (spaced && !(framed && / \([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+/.test(h[2]))) continue;
      let end = i;
      let found: Found | undefined;
      for (let j = i + 1; j < lines.length && j < i + 400; j++) {
        const u = lines[j].text;
        if (j > i + 1 && RULE.test(u.trim()) && u.startsWith('=')) break;
        end = j;
        if (u.indexOf('Traceback (most recent call last)') >= 0 && !found) {
          const r = parseTraceback(lines, j);
          found = r.found;
          j = r.last;
          end = r.last;
        }
        if (/^-{20,}$/.test(u.trim()) && found) break;
      }
      out.push(
        clean({
          tool: 'unittest',
          errorType: found?.errorType ?? (h[1] === 'FAIL' ? 'AssertionError' : undefined),
          message: found?.message ?? h[1].toLowerCase(),
          file: found?.file,
          line: found?.line,
          testName: h[2],
          start: i,
          end
        })
      );
    }
    return out;
  }
};
