/**
 * Erlang tools: EUnit (`x_tests: y_test...*failed*`, then `in function …` and `**error:reason`, or,
 * before OTP 19, `::error:reason` over `  in function …`), rebar3's EUnit report (`Failures:`, then
 * `  1) x_tests:y_test/0` and `Failure/Error: …`), and erlc / rebar3 compile errors, which name no
 * severity (`src/x.erl:12:5: function f/0 undefined`, `src/x.erl:12: …` before OTP 24; warnings say
 * `Warning:` and only fail a build under rebar3's `Compiling src/x.erl failed`), and dialyzer's
 * warnings (the same `src/x.erl:5:1: message` form with its message going on indented below, in a
 * run that says `done (warnings were emitted)`; rebar3's `src/x.erl` over `Line 5 Column 1: message`).
 */
import type { LogLine } from '../normalize.js';
import { blockEnd } from './blocks.js';
import { clean, type Extractor, type Found } from './types.js';

const EUNIT_VERDICTS = ['*failed*', '_failed_', '*timed out*'];
const EUNIT_REASON = /^(?:\*\*|::)(error|exit|throw):(.*)$/;
const EUNIT_IN = /^\s*in function \S+ \((\S+?\.[eh]rl), line (\d+)\)$/;
const REBAR_ITEM = /^ {2}\d+\) ([a-z]\w*:[a-z]\w*\/\d+)$/;
const ERLC = /^(\S+?\.[eh]rl):(\d+):(?:(\d+):)? (Warning: )?(.+)$/;
const DIALYZER_DONE = /^(?:done \(warnings were emitted\)|\s*Proceeding with analysis\.\.\.)$/;
const DZ_FILE = /^(\S+\.[eh]rl)$/;
const DZ_LINE = /^Line (\d+)(?: Column \d+)?: (.+)$/;
const REBAR_FAILED = /^===> Compiling (\S+) failed$/;

/** `mod: name...*failed*` (a description in parentheses, a time in brackets allowed) split without backtracking. */
function eunitTitle(t: string): { name: string; verdict: string } | undefined {
  const s = t.trim();
  const verdict = EUNIT_VERDICTS.find(v => s.endsWith(v));
  if (!verdict) return undefined;
  const dots = s.lastIndexOf('...');
  if (dots <= 0) return undefined;
  const between = s.slice(dots + 3, s.length - verdict.length).trim();
  if (between !== '' && !/^\[[\d.]+ s\]$/.test(between)) return undefined;
  const name = s.slice(0, dots);
  return /^[a-z]\w*:(?:\d+:)? \S/.test(name) ? { name, verdict } : undefined;
}

function eunit(lines: LogLine[], i: number, title: { name: string; verdict: string }): Found {
  let end = i;
  let reason: { type: string; lines: string[] } | undefined;
  let loc: { file: string; line: number } | undefined;
  for (let j = i + 1; j < lines.length && j <= i + 40; j++) {
    const t = lines[j].text;
    if (t.trim() === '' || eunitTitle(t) || /^\s*(?:\[done in |Failed: \d+\.|=====)/.test(t)) break;
    end = j;
    const r = EUNIT_REASON.exec(t);
    if (r && !reason) {
      reason = { type: r[1], lines: [r[2]] };
      continue;
    }
    const f = EUNIT_IN.exec(t);
    if (f && !loc) loc = { file: f[1], line: Number(f[2]) };
    // The reason's term goes on over the lines indented under it.
    if (
      reason &&
      reason.lines.length < 8 &&
      /^\s{2,}[^\s]/.test(t) &&
      !/^\s*(?:in (?:function|call from) |output:)/.test(t)
    )
      reason.lines.push(t.trim());
  }
  return clean({
    tool: 'eunit',
    errorType: reason?.type ?? (title.verdict === '*timed out*' ? 'timeout' : undefined),
    message: reason ? reason.lines.join('\n') : title.verdict.replace(/[*_]/g, ''),
    file: loc?.file,
    line: loc?.line,
    testName: title.name,
    start: i,
    end
  });
}

function rebar3(lines: LogLine[], i: number, name: string): Found {
  const end = blockEnd(lines, i, 80);
  let message = '';
  let errorType: string | undefined;
  let loc: { file: string; line: number } | undefined;
  for (let j = i + 1; j <= end; j++) {
    const t = lines[j].text.trim();
    const fe = /^Failure\/Error: (.*)$/.exec(t);
    if (fe) {
      const ex = /^\{(error|exit|throw),(.*?),?$/.exec(fe[1]);
      if (ex) [errorType, message] = [ex[1], ex[2]];
      else {
        const more = lines
          .slice(j + 1, end + 1)
          .map(l => l.text.trim())
          .filter(x => /^(?:expected|got|line|value|pattern):/.test(x));
        message = [fe[1], ...more].join('\n');
      }
    }
    // A stack frame of the project's code: `{x,bad,0,[{file,"/…/src/x.erl"},{line,4}]}`.
    const f = /\{file,"([^"]+\.[eh]rl)"\},\{line,(\d+)\}/.exec(t);
    if (f && !loc && !/(?:^|\/)eunit_\w+\.erl$/.test(f[1])) loc = { file: f[1], line: Number(f[2]) };
  }
  return clean({
    tool: 'eunit',
    errorType,
    message: message || 'failed',
    file: loc?.file,
    line: loc?.line,
    testName: name,
    start: i,
    end
  });
}

/** The Erlang extractor (see the module comment for the formats it reads). */
export const erlang: Extractor = {
  tool: 'erlang',
  extract(lines: LogLine[]): Found[] {
    const out: Found[] = [];
    const warnings: Found[] = [];
    let failures = false;
    let failedHeader = -1;
    let dialyzer: boolean | undefined;
    let dzFile: { i: number; path: string; last: number } | undefined;
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i].text;
      if (t.length > 2000) continue;
      let m: RegExpExecArray | null;
      const title = t.endsWith('_') || t.endsWith('*') ? eunitTitle(t) : undefined;
      if (title) {
        out.push(eunit(lines, i, title));
      } else if (t === 'Failures:') {
        failures = true;
      } else if (failures && t.startsWith('  ') && (m = REBAR_ITEM.exec(t))) {
        out.push(rebar3(lines, i, m[1]));
      } else if (/^Finished in |^\d+ tests?, \d+ failures?/.test(t)) {
        failures = false;
      } else if (t.startsWith('===> Compiling ') && REBAR_FAILED.test(t)) {
        failedHeader = i;
      } else if (t.endsWith('rl') && (m = DZ_FILE.exec(t))) {
        dzFile = { i, path: m[1], last: i };
      } else if (dzFile && dzFile.last === i - 1 && t.startsWith('Line ') && (m = DZ_LINE.exec(t))) {
        dzFile.last = i;
        // rebar3 dialyzer: the file's path, then one `Line N Column M: …` per warning.
        out.push({
          tool: 'dialyzer',
          errorType: 'warning',
          message: m[2].trim(),
          file: dzFile.path,
          line: Number(m[1]),
          start: dzFile.i === i - 1 ? dzFile.i : i,
          end: i
        });
      } else if (
        t.indexOf('rl:') > 0 &&
        (m = ERLC.exec(t)) &&
        !m[4] &&
        (dialyzer ??= lines.some(l => DIALYZER_DONE.test(l.text)))
      ) {
        // dialyzer: the message goes on over the lines indented under it.
        let end = i;
        while (
          end + 1 < lines.length &&
          end < i + 10 &&
          /^\s{2,}\S/.test(lines[end + 1].text) &&
          !/^\s*done in \d/.test(lines[end + 1].text)
        )
          end++;
        out.push({
          tool: 'dialyzer',
          errorType: 'warning',
          message: lines
            .slice(i, end + 1)
            .map((l, k) => (k === 0 ? m![5] : l.text).trim())
            .join(' '),
          file: m[1],
          line: Number(m[2]),
          start: i,
          end
        });
        i = end;
      } else if (t.indexOf('rl:') > 0 && (m = ERLC.exec(t))) {
        // OTP 24+ draws the code under it: `%    3| f() -> foo(.` and `%     |            ^`.
        let end = i;
        while (end + 1 < lines.length && end < i + 4 && /^% +\d*\|/.test(lines[end + 1].text)) end++;
        const start = failedHeader >= 0 && failedHeader >= i - 2 ? failedHeader : i;
        const f: Found = {
          tool: 'erlc',
          errorType: m[4] ? 'warning' : 'error',
          message: m[5].trim(),
          file: m[1],
          line: Number(m[2]),
          start,
          end
        };
        if (m[4]) {
          if (failedHeader >= 0 && i - failedHeader <= 40) warnings.push(f);
        } else out.push(f);
      }
    }
    // Warnings fail the build only under warnings_as_errors, where no error is printed.
    if (!out.some(f => f.tool === 'erlc' || f.tool === 'dialyzer')) out.push(...warnings);
    return out.sort((a, b) => a.start - b.start);
  }
};
