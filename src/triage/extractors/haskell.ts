/**
 * Haskell tools: hspec (`Failures:`, then `  test/FooSpec.hs:12:5: ` (older: `:12: `) over `  1) Foo.bar does x` and
 * the indented expected/got), tasty (`    name: FAIL` and the indented message, `N out of M tests
 * failed`), HUnit (`### Failure in: 0:name` / `### Error in:`, then `file:line` and the message up to
 * `Cases: …`), GHC before 8.0 (`src/X.hs:3:7:` alone on its line over the indented message; later
 * GHCs write `error:` and the compiler extractor reads them), GHC's -ferror-spans locations
 * (`src/X.hs:3:7-9: error:`, `src/X.hs:(3,1)-(4,5): error:`) and hlint (`src/X.hs:3:1-9: Warning: …`
 * with its `Found:` / `Perhaps:` lines).
 */
import type { LogLine } from '../normalize.js';
import { blockEnd, indentOf } from './blocks.js';
import { clean, type Extractor, type Found } from './types.js';

const HSPEC_LOC = /^ {2}(\S+\.l?hs):(\d+)(?::\d+)?: ?$/;
const HSPEC_ITEM = /^( {2})(\d+)\) (\S.*)$/;
const TASTY_FAIL = /:\s+FAIL(?: \(\d+(?:\.\d+)?s\))?$/;
const TASTY_SUMMARY = /^\d+ out of \d+ tests failed/;
const HUNIT = /^### (Failure|Error) in: (.+)$/;
const HUNIT_LOC = /^(\S+\.l?hs):(\d+)(?::\d+)?:?$/;
const GHC_OLD = /^(\S+\.l?hs):(\d+):(\d+):$/;
const GHC_SPAN = /^(\S+\.l?hs):(?:(\d+):\d+-\d+|\((\d+),\d+\)-\(\d+,\d+\)): error:(?: \[[^\]]*\])?(.*)$/;
const HLINT = /^(\S+\.l?hs):(\d+):\d+(?:-\d+)?: (Warning|Error|Suggestion): (.+)$/;

/** The indented lines of a report, dedented, without the rerun hints the tools add. */
function body(lines: LogLine[], from: number, to: number, max = 8): string {
  const kept = lines
    .slice(from, to + 1)
    .map(l => l.text.trimEnd())
    .filter(t => t.trim() !== '' && !/^\s*(?:To rerun use: |Use -p )/.test(t))
    .slice(0, max);
  const ind = Math.min(...kept.map(indentOf));
  return kept.map(t => t.slice(ind)).join('\n');
}

function hspec(lines: LogLine[], i: number, m: RegExpExecArray): Found {
  const end = blockEnd(lines, i, 40, t => HSPEC_LOC.test(t) || /^ {2}To rerun use: /.test(t));
  const loc = i > 0 ? HSPEC_LOC.exec(lines[i - 1].text) : null;
  const text = body(lines, i + 1, end);
  // `uncaught exception: ErrorCall` over the message; hspec before 2.4 wrote `ErrorCall (message)`.
  const ex =
    /^uncaught exception: (\w[\w.]*)(?: \([^)\n]*\))?\n([\s\S]*)$/.exec(text) ??
    /^uncaught exception: (\w[\w.]*) \(([\s\S]*)\)$/.exec(text);
  return clean({
    tool: 'hspec',
    errorType: ex?.[1],
    message: (ex ? ex[2] : text) || 'failed',
    file: loc?.[1],
    line: loc ? Number(loc[2]) : undefined,
    testName: m[3].trim(),
    start: loc ? i - 1 : i,
    end
  });
}

function tasty(lines: LogLine[], i: number, t: string): Found {
  const end = blockEnd(lines, i, 40);
  const name = t.slice(0, t.lastIndexOf(':', t.lastIndexOf('FAIL'))).trim();
  const first = lines[i + 1] && i + 1 <= end ? HUNIT_LOC.exec(lines[i + 1].text.trim()) : null;
  const text = body(lines, first ? i + 2 : i + 1, end);
  const ex = /^Exception: ([\s\S]*)$/.exec(text);
  return clean({
    tool: 'tasty',
    errorType: ex ? 'exception' : undefined,
    message: (ex ? ex[1] : text) || 'failed',
    file: first?.[1],
    line: first ? Number(first[2]) : undefined,
    testName: name,
    start: i,
    end
  });
}

function hunit(lines: LogLine[], i: number, m: RegExpExecArray): Found {
  let end = i;
  while (
    end + 1 < lines.length &&
    end < i + 20 &&
    !/^### |^Cases: /.test(lines[end + 1].text) &&
    lines[end + 1].text.trim() !== ''
  )
    end++;
  const loc = end > i ? HUNIT_LOC.exec(lines[i + 1].text.trim()) : null;
  const text = body(lines, loc ? i + 2 : i + 1, end);
  return clean({
    tool: 'hunit',
    errorType: m[1] === 'Error' ? 'error' : undefined,
    message: text || 'failed',
    file: loc?.[1],
    line: loc ? Number(loc[2]) : undefined,
    testName: m[2].trim(),
    start: i,
    end
  });
}

/** The Haskell extractor (see the module comment for the formats it reads). */
export const haskell: Extractor = {
  tool: 'haskell',
  extract(lines: LogLine[]): Found[] {
    const out: Found[] = [];
    let failures = false;
    let tastyRun: boolean | undefined;
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i].text;
      if (t.length > 2000) continue;
      let m: RegExpExecArray | null;
      if (t === 'Failures:') {
        failures = true;
      } else if (failures && t.startsWith('  ') && (m = HSPEC_ITEM.exec(t))) {
        // hspec writes the location above the item (`file:line:col:`, older ones `file:line:`);
        // without one, only a message in hspec's own words counts.
        if ((i > 0 && HSPEC_LOC.test(lines[i - 1].text)) || /^\s*$/.test(lines[i - 1]?.text ?? '')) {
          const f = hspec(lines, i, m);
          if (f.file || /^(?:expected|uncaught exception|predicate failed)/.test(f.message)) out.push(f);
        }
      } else if (/^\d+ examples?, \d+ failures?|^Randomized with seed /.test(t)) {
        failures = false;
      } else if (
        (t.endsWith('FAIL') || t.endsWith('s)')) &&
        t.indexOf('FAIL') > 0 &&
        TASTY_FAIL.test(t) &&
        /^\s*[^\s[]/.test(t) &&
        (tastyRun ??= lines.some(l => TASTY_SUMMARY.test(l.text)))
      ) {
        // tasty: `name: FAIL` with the message indented under it (the run ends `N out of M tests failed`).
        const f = tasty(lines, i, t);
        if (f.end > i) out.push(f);
      } else if (t.startsWith('### ') && (m = HUNIT.exec(t))) {
        out.push(hunit(lines, i, m));
      } else if (t.endsWith(':') && t.indexOf('.hs:') > 0 && (m = GHC_OLD.exec(t))) {
        // GHC 7's error: the location alone, the message indented under it (a warning says `Warning:`).
        const end = blockEnd(lines, i, 30, undefined, 0);
        if (end > i && !/^\s*Warning:/.test(lines[i + 1].text))
          out.push({
            tool: 'ghc',
            errorType: 'error',
            message: lines[i + 1].text.trim(),
            file: m[1],
            line: Number(m[2]),
            start: i,
            end
          });
      } else if (t.indexOf(': error:') > 0 && t.indexOf('.hs:') > 0 && (m = GHC_SPAN.exec(t))) {
        // GHC with -ferror-spans: `file:3:7-9: error:` or `file:(3,1)-(4,5): error:`, the message and code frame under it.
        let end = i;
        while (end + 1 < lines.length && end < i + 30 && /^\s+\S|^\d+ \|/.test(lines[end + 1].text)) end++;
        out.push({
          tool: 'ghc',
          errorType: 'error',
          message: m[4].trim() || (lines[i + 1] && end > i ? lines[i + 1].text.trim() : ''),
          file: m[1],
          line: Number(m[2] ?? m[3]),
          start: i,
          end
        });
      } else if (t.indexOf('.hs:') > 0 && (m = HLINT.exec(t))) {
        // hlint: the hint, then its `Found:` / `Perhaps:` / `Note:` blocks up to a blank line.
        let end = i;
        while (end + 1 < lines.length && end < i + 30 && lines[end + 1].text.trim() !== '') end++;
        out.push({
          tool: 'hlint',
          errorType: m[3].toLowerCase(),
          message: m[4].trim(),
          file: m[1],
          line: Number(m[2]),
          start: i,
          end
        });
      }
    }
    return out;
  }
};
