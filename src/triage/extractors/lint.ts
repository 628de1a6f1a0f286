/**
 * Linters and type checkers that fail a step by what they print: flake8 / pycodestyle / ruff
 * (`x.py:3:1: E302 message`), pylint (`************* Module x`, then `x.py:3:0: C0114: message
 * (symbol)`), mypy (`x.py:3: error: message  [code]`, with its `note:` lines and, with --pretty, the
 * code under it) and ShellCheck (`In x.sh line 3:`, the code, `^-- SC2086 (info): message`; or
 * `x.sh:3:4: warning: message [SC2086]` with -f gcc) and stylelint (a file's path, then
 * `  2:3  ✖  message  rule`; `-f unix`'s `a.css:2:3: message (rule) [error]`; `-f compact`'s
 * `a.css: line 2, col 3, error - message (rule)`; its `⚠` warnings fail nothing). Each finding is a
 * failure; the first one's lines make the chunk.
 */
import type { LogLine } from '../normalize.js';
import { clean, type Extractor, type Found } from './types.js';

const FLAKE8 = /^(\S+?\.pyi?):(\d+):(\d+): ([A-Z]{1,3}\d{2,4}) (?:\[\*\] )?(.+)$/;
const PYLINT = /^(\S+?\.py):(\d+):(\d+): ([CRWEFI]\d{4}): (.+)$/;
const PYLINT_MODULE = /^\*{13} Module \S+$/;
const MYPY = /^(\S+?\.pyi?):(\d+):(?:(\d+):)? error: (.+)$/;
const MYPY_CODE = / {2}\[([a-z][\w-]*)\]$/;
const SC_TTY = /^In (\S.*) line (\d+):$/;
const SC_NOTE = /^\s*\^-*\^? (SC\d{4}) \((\w+)\): (.+)$/;
const STYLE_EXT = '(?:css|scss|sass|less|sss|pcss|styl|vue|svelte|astro|html?|[cm]?[jt]sx?)';
const SL_FILE = new RegExp(`^((?:[A-Za-z]:)?[^\\s:]*\\.${STYLE_EXT})\\s*$`);
const SL_ROW = /^\s+(\d+):(\d+)\s+✖\s+(\S.*)$/;
const SL_UNIX = new RegExp(`^((?:[A-Za-z]:)?[^\\s:]*\\.${STYLE_EXT}):(\\d+):(\\d+): (.+) \\[error\\]$`);
const SL_COMPACT = new RegExp(
  `^((?:[A-Za-z]:)?[^\\s:]*\\.${STYLE_EXT}): line (\\d+), col \\d+, error - (.+)$`
);
const SC_GCC = /^(\S+?):(\d+):(\d+): (error|warning|note|style|info): (.+) \[(SC\d{4})\]$/;

function mypy(lines: LogLine[], i: number, m: RegExpExecArray): Found {
  // Its notes (`x.py:3: note: …`, same place) and, with --pretty, the wrapped `[code]`, the code and caret.
  let end = i;
  let code = MYPY_CODE.exec(m[4])?.[1];
  const at = `${m[1]}:${m[2]}:`;
  while (end + 1 < lines.length && end < i + 20) {
    const n = lines[end + 1].text;
    if (n.startsWith(at) && n.indexOf(' note: ') > 0) end++;
    else if (/^\s+\S/.test(n)) end++;
    else if (!code && /^\[[a-z][\w-]*\]$/.test(n.trim())) {
      code = n.trim().slice(1, -1);
      end++;
    } else break;
  }
  return {
    tool: 'mypy',
    errorType: code ?? 'error',
    message: m[4].replace(MYPY_CODE, '').trim(),
    file: m[1],
    line: Number(m[2]),
    start: i,
    end
  };
}

function shellcheck(lines: LogLine[], i: number, m: RegExpExecArray): Found | undefined {
  // `In x.sh line 3:`, the code line(s), the `^--` notes, then maybe `Did you mean:` and the fixed line.
  let end = i;
  let note: RegExpExecArray | null = null;
  for (let j = i + 1; j < lines.length && j <= i + 30; j++) {
    const t = lines[j].text;
    if (SC_TTY.test(t) || /^For more information:$/.test(t)) break;
    const n = SC_NOTE.exec(t);
    if (n && !note) note = n;
    if (t.trim() === '') {
      if (!note || lines[j + 1]?.text !== 'Did you mean: ') {
        if (note) break;
        continue;
      }
    }
    if (t.trim() !== '') end = j;
  }
  if (!note) return undefined;
  return {
    tool: 'shellcheck',
    errorType: note[1],
    message: note[3].trim(),
    file: m[1],
    line: Number(m[2]),
    start: i,
    end
  };
}

/** A stylelint message and its rule: `Unexpected empty block (block-no-empty)` or the stylish
 * `Unexpected empty block              block-no-empty`, split without backtracking. */
function styleRule(s: string, stylish: boolean): { message: string; rule?: string } {
  const t = s.trim();
  if (stylish) {
    const k = t.lastIndexOf('  ');
    return k > 0 ? { message: t.slice(0, k).trim(), rule: t.slice(k).trim() } : { message: t };
  }
  const k = t.endsWith(')') ? t.lastIndexOf(' (') : -1;
  return k > 0 ? { message: t.slice(0, k), rule: t.slice(k + 2, -1) } : { message: t };
}

/** The lint extractor (see the module comment for the formats it reads). */
export const lint: Extractor = {
  tool: 'lint',
  extract(lines: LogLine[]): Found[] {
    const out: Found[] = [];
    let pylintModule = -1;
    let styleFile: { i: number; path: string } | undefined;
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i].text;
      if (t.length > 2000) continue;
      let m: RegExpExecArray | null;
      if (t.length > 0 && t.length < 500 && t.charCodeAt(0) > 32 && (m = SL_FILE.exec(t))) {
        styleFile = { i, path: m[1] };
        continue;
      }
      if (t.startsWith('*************') && PYLINT_MODULE.test(t)) {
        pylintModule = i;
      } else if (t.indexOf('.py') > 0) {
        if ((m = PYLINT.exec(t))) {
          // The module banner above a file's first message belongs to it.
          const start = pylintModule === i - 1 ? pylintModule : i;
          out.push({
            tool: 'pylint',
            errorType: m[4],
            message: m[5].trim(),
            file: m[1],
            line: Number(m[2]),
            start,
            end: i
          });
        } else if ((m = FLAKE8.exec(t))) {
          out.push({
            tool: 'flake8',
            errorType: m[4],
            message: m[5].trim(),
            file: m[1],
            line: Number(m[2]),
            start: i,
            end: i
          });
        } else if (t.indexOf(': error: ') > 0 && (m = MYPY.exec(t))) {
          const f = mypy(lines, i, m);
          out.push(f);
          i = f.end;
        }
      } else if (t.startsWith('In ') && (m = SC_TTY.exec(t))) {
        const f = shellcheck(lines, i, m);
        if (f) {
          out.push(f);
          i = f.end;
        }
      } else if (styleFile && t.indexOf('✖') > 0 && (m = SL_ROW.exec(t))) {
        // stylelint's string report: the file's path above its rows belongs to the first one.
        const r = styleRule(m[3], true);
        // Older stylelint wraps a long message (and rule) onto indented lines under the row.
        let end = i;
        while (
          end + 1 < lines.length &&
          end < i + 4 &&
          /^\s{4,}\S/.test(lines[end + 1].text) &&
          !SL_ROW.test(lines[end + 1].text)
        ) {
          const [more, rule] = lines[++end].text.trim().split(/\s{2,}/);
          r.message += ` ${more}`;
          if (rule && r.rule) r.rule += rule;
        }
        out.push(
          clean({
            tool: 'stylelint',
            errorType: r.rule,
            message: r.message,
            file: styleFile.path,
            line: Number(m[1]),
            start: styleFile.i === i - 1 ? styleFile.i : i,
            end
          })
        );
        i = end;
      } else if (
        (t.endsWith('[error]') && (m = SL_UNIX.exec(t))) ||
        (t.indexOf(', error - ') > 0 && (m = SL_COMPACT.exec(t)))
      ) {
        // One line per finding (`-f unix`: the rule text in group 4; `-f compact`: in group 3).
        const r = styleRule(m[4] ?? m[3], false);
        out.push(
          clean({
            tool: 'stylelint',
            errorType: r.rule,
            message: r.message,
            file: m[1],
            line: Number(m[2]),
            start: i,
            end: i
          })
        );
      } else if (t.endsWith(']') && t.indexOf('[SC') > 0 && (m = SC_GCC.exec(t))) {
        out.push({
          tool: 'shellcheck',
          errorType: m[6],
          message: m[5].trim(),
          file: m[1],
          line: Number(m[2]),
          start: i,
          end: i
        });
      }
    }
    return out;
  }
};
