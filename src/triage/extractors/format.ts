/**
 * Formatter checks that fail a step by listing what they would change: Prettier `--check`
 * (`[warn] x.js` lines above `[warn] Code style issues found in N files. …`; Prettier 1's bare
 * paths above `Code style issues found in the above file(s). Forgot to run Prettier?`; its
 * `[error] x.js: SyntaxError: …` with the code frame), black `--check` (`would reformat x.py`,
 * `error: cannot format x.py: …`, counted only when black ends with `Oh no! 💥 💔 💥`), `ruff format
 * --check` (`Would reformat: x.py` above `1 file would be reformatted, …`), isort
 * `--check-only` (`ERROR: x.py Imports are incorrectly sorted and/or formatted.` and its `--diff`),
 * `gofmt -d` / `goimports -d` (`diff [-u] x.go.orig x.go` and the diff, also inside a
 * `diff <(echo -n) <(gofmt -d .)`), rustfmt / `cargo fmt --check` (`Diff in /x.rs:3:` or older
 * `Diff in /x.rs at line 3:` and the diff), clang-format `--dry-run -Werror` (`x.cc:3:5: error: code
 * should be clang-formatted [-Wclang-format-violations]`, the code and the caret; its warnings
 * without -Werror fail nothing) and a
 * `git diff --exit-code` after a generator (a `diff --git` block that ends the failing output).
 * Each file is a failure; the first one's lines (and the tool's summary just under them) make the chunk.
 */
import type { LogLine } from '../normalize.js';
import { clean, type Extractor, type Found } from './types.js';

const PRETTIER_SUMMARY =
  /^(?:\[warn\] )?(?:Code style issues (?:were )?found in (?:the above file(?:\(s\)|s)?|\d+ files?)|Error occurred when checking code style in (?:the above file|\d+ files?))\b/;
const PRETTIER_WARN = /^(?:Checking formatting\.\.\.)?\[warn\] (\S(?:.*\S)?)$/;
const PRETTIER_ERROR =
  /^(?:Checking formatting\.\.\.)?\[error\] (\S[^:]*): ((?:[A-Z]\w*)?Error): (.*?)(?: \((\d+):\d+\))?$/;
const BARE_PATH = /^[^\s:[\]]+\.[A-Za-z0-9]{1,10}$/;
const BLACK_FILE = /^would reformat (\S(?:.*\S)?)$/;
const BLACK_ERROR = /^error: cannot format (\S[^:]*): (.*)$/;
const RUFF_FILE = /^Would reformat: (\S(?:.*\S)?)$/;
const RUFF_SUMMARY = /^\d+ files? would be reformatted\b/;
const ISORT = /^ERROR: (\S.*?) Imports are incorrectly sorted(?: and\/or formatted)?\.$/;
const GOFMT = /^\+?diff (?:-u )?(\S+\.go)\.orig \1$/;
const RUSTFMT = /^Diff in (\S.*?\.rs)(?: at line |:)(\d+):$/;
const CLANG_FORMAT =
  /^(\S+?):(\d+):\d+: error: code should be clang-formatted \[-Wclang-format-violations\]$/;
const GIT_DIFF = /^diff --git a\/(\S+) b\/\S+$/;
/** A unified diff's own lines: headers, hunks, context and changes (`\ No newline at end of file`). */
const DIFF_LINE =
  /^(?:[ +-]|@@ |\\ |index [0-9a-f]|(?:new|deleted) file mode |old mode |new mode |similarity index |rename (?:from|to) |Binary files |$)/;
/** What a failing step prints once the command that showed the diff exits non-zero. */
const STEP_END =
  /^(?:##\[error\]|Error: )?Process completed with exit code \d+|^The command ".*" exited with \d+\.$|^make(?:\[\d+\])?: \*\*\* |^\^-+ failure generated from |^Error: |^ERROR: |^npm ERR! /;

/** Where a diff that starts at `from` (its first line after the header) ends, bounded. */
function diffEnd(lines: LogLine[], from: number, stop: RegExp | undefined, max = 200): number {
  let end = from - 1;
  for (let j = from; j < lines.length && j < from + max; j++) {
    const t = lines[j].text;
    if (stop?.test(t) || !DIFF_LINE.test(t)) break;
    if (t.trim() !== '') end = j;
  }
  return end;
}

function prettier(lines: LogLine[], s: number, out: Found[]): void {
  // The files (and syntax errors) are listed just above the summary; Prettier 1 printed bare paths.
  const message = 'Code style issues found';
  const found: Found[] = [];
  for (let j = s - 1; j >= 0 && j > s - 500; j--) {
    const t = lines[j].text;
    if (t === 'Checking formatting...') continue;
    let m = PRETTIER_WARN.exec(t);
    if (m && !PRETTIER_SUMMARY.test(m[1])) {
      found.push({ tool: 'prettier', errorType: 'format', message, file: m[1], start: j, end: j });
      continue;
    }
    if (t.startsWith('[error]') || t.startsWith('Checking formatting...[error]')) {
      m = PRETTIER_ERROR.exec(t);
      if (m) {
        // Its code frame (`[error]   1 | …`) is under it.
        let end = j;
        while (end + 1 < s && /^\[error\] {2,}\S|^\[error\] >/.test(lines[end + 1].text)) end++;
        found.push(
          clean({
            tool: 'prettier',
            errorType: m[2],
            message: m[3].trim(),
            file: m[1],
            line: m[4] ? Number(m[4]) : undefined,
            start: j,
            end
          })
        );
      }
      continue;
    }
    if (BARE_PATH.test(t)) {
      found.push({ tool: 'prettier', errorType: 'format', message, file: t, start: j, end: j });
      continue;
    }
    break;
  }
  if (found.length === 0) return;
  found.reverse();
  found[0].more = [{ start: s, end: s }];
  out.push(...found);
}

/** The formatter-check extractor (see the module comment for the formats it reads). */
export const format: Extractor = {
  tool: 'format',
  extract(lines: LogLine[]): Found[] {
    const out: Found[] = [];
    let black: Found[] = [];
    let ruff: Found[] = [];
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i].text;
      if (t.length > 2000 || t.length === 0) continue;
      const c = t.charCodeAt(0);
      let m: RegExpExecArray | null;
      if (
        (c === 0x43 || c === 0x45 || c === 0x5b) &&
        t.indexOf('ode style ') > 0 &&
        PRETTIER_SUMMARY.test(t)
      ) {
        prettier(lines, i, out);
      } else if (c === 0x77 && (m = BLACK_FILE.exec(t))) {
        black.push({
          tool: 'black',
          errorType: 'format',
          message: 'would reformat',
          file: m[1],
          start: i,
          end: i
        });
      } else if (c === 0x65 && t.startsWith('error: cannot format ') && (m = BLACK_ERROR.exec(t))) {
        const at = /^Cannot parse(?: for target version [^:]*)?: (\d+):\d+: /.exec(m[2]);
        black.push(
          clean({
            tool: 'black',
            errorType: 'parse',
            message: m[2].trim(),
            file: m[1],
            line: at ? Number(at[1]) : undefined,
            start: i,
            end: i
          })
        );
      } else if (c === 0x4f && t.startsWith('Oh no! ')) {
        // black's verdict: what it listed failed the check; its counts follow on the next line.
        if (black.length > 0) {
          const end =
            lines[i + 1] && /would (?:be reformatted|fail to reformat)/.test(lines[i + 1].text) ? i + 1 : i;
          black[0].more = [{ start: i, end }];
          out.push(...black);
        }
        black = [];
      } else if (c === 0x57 && (m = RUFF_FILE.exec(t))) {
        ruff.push({
          tool: 'ruff',
          errorType: 'format',
          message: 'would reformat',
          file: m[1],
          start: i,
          end: i
        });
      } else if (ruff.length > 0 && c >= 0x30 && c <= 0x39 && RUFF_SUMMARY.test(t)) {
        // `ruff format --check`'s counts close its list.
        ruff[0].more = [{ start: i, end: i }];
        out.push(...ruff);
        ruff = [];
      } else if (c === 0x41 && t.startsWith('All done! ')) {
        black = []; // `black --diff` without --check lists files and passes.
      } else if (c === 0x45 && t.indexOf(' Imports are incorrectly sorted') > 0 && (m = ISORT.exec(t))) {
        // `--diff` prints the file's diff under it (`--- x.py:before`, `+++ x.py:after`, hunks).
        const end = lines[i + 1]?.text.startsWith('--- ') ? diffEnd(lines, i + 1, ISORT) : i;
        out.push({
          tool: 'isort',
          errorType: 'format',
          message: 'Imports are incorrectly sorted and/or formatted.',
          file: m[1],
          start: i,
          end
        });
        i = end;
      } else if ((c === 0x64 || c === 0x2b) && t.indexOf('.go.orig ') > 0 && (m = GOFMT.exec(t))) {
        const plus = c === 0x2b;
        const end = diffEnd(lines, i + 1, plus ? /^\+diff / : /^diff /);
        const hunk = /^\+?@@ -(\d+)/.exec(
          lines.slice(i + 1, end + 1).find(l => /^\+?@@ /.test(l.text))?.text ?? ''
        );
        out.push(
          clean({
            tool: 'gofmt',
            errorType: 'format',
            message: 'file is not gofmt-ed',
            file: m[1],
            line: hunk ? Number(hunk[1]) : undefined,
            start: i,
            end
          })
        );
        i = end;
      } else if (c === 0x44 && t.startsWith('Diff in ') && (m = RUSTFMT.exec(t))) {
        const end = diffEnd(lines, i + 1, RUSTFMT);
        out.push({
          tool: 'rustfmt',
          errorType: 'format',
          message: 'file is not rustfmt-ed',
          file: m[1],
          line: Number(m[2]),
          start: i,
          end
        });
        i = end;
      } else if (t.endsWith('[-Wclang-format-violations]') && (m = CLANG_FORMAT.exec(t))) {
        // The code line and the caret under it.
        let end = i;
        if (lines[i + 2] && /^\s*\^\s*$/.test(lines[i + 2].text)) end = i + 2;
        out.push({
          tool: 'clang-format',
          errorType: 'format',
          message: 'code should be clang-formatted',
          file: m[1],
          line: Number(m[2]),
          start: i,
          end
        });
        i = end;
      } else if (c === 0x64 && t.startsWith('diff --git ') && (m = GIT_DIFF.exec(t))) {
        // `git diff --exit-code` (after a generator, a formatter, a lint script): its blocks count only
        // when they end the output, or the step's failure follows right under them.
        const blocks: Found[] = [];
        let j = i;
        while (j < lines.length && blocks.length < 500) {
          const g = GIT_DIFF.exec(lines[j].text);
          if (!g) break;
          const end = diffEnd(lines, j + 1, /^diff --git /, lines.length);
          blocks.push({
            tool: 'git-diff',
            errorType: 'diff',
            message: 'files differ',
            file: g[1],
            start: j,
            end
          });
          j = end + 1;
          while (j < lines.length && j < end + 4 && lines[j].text.trim() === '') j++;
        }
        let k = j;
        while (k < lines.length && k < j + 3 && lines[k].text.trim() === '') k++;
        if (k >= lines.length) out.push(...blocks);
        else if (STEP_END.test(lines[k].text)) {
          // The line that fails the step (`^---- failure generated from lint-x.sh`, the exit code) is its verdict.
          blocks[0].more = [{ start: k, end: k }];
          out.push(...blocks);
        }
        i = j - 1;
      }
    }
    return out;
  }
};
