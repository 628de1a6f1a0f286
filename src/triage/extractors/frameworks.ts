/**
 * Test frameworks with compact reports: Pester (`[-] name`), ExUnit (`1) test name (Module)`),
 * xUnit.net (`Name [FAIL]`), Erlang common_test (`suite:case failed on line N` / `Reason:`),
 * RSpec (`Failures:` then `1) description`), R CMD check (`Running the tests in 'x' failed.`).
 */
import type { LogLine } from '../normalize.js';
import { blockEnd } from './blocks.js';
import { clean, splitTyped, type Extractor, type Found } from './types.js';

const PESTER = /^(\s*)\[-\] (.+?)(?: \d+(?:\.\d+)?(?:ms|s))?$/;
const EXUNIT = /^(\s+)\d+\) (test .+?) \(([\w.]+)\)$/;
const XUNIT = /^(\s+)(\S+) \[FAIL\]$/;
const CT = /^(\w+):(\w+) failed on line (\d+)$/;
const RSPEC_ITEM = /^(\s+)\d+\) (.+)$/;
const R_TESTS = /^Running the tests in [‘'](.+?)[’'] failed\.$/;

function pester(lines: LogLine[], i: number, m: RegExpExecArray): Found {
  const end = blockEnd(
    lines,
    i,
    40,
    t => /^\s*\[[-+!?]\] |^Tests (?:Passed|completed)|^Describing |^\s*Context /.test(t),
    -1
  );
  const [name, message] = m[2].split(/ -> /, 2);
  let loc: { file: string; line: number } | undefined;
  for (let j = i + 1; j <= end && !loc; j++) {
    const f = /^\s*at .*?, (\S+\.ps[md]?1):(\d+)$/.exec(lines[j].text);
    if (f && !/Dependencies/.test(f[1])) loc = { file: f[1], line: Number(f[2]) };
  }
  const body = message ?? lines[i + 1]?.text.trim() ?? 'failed';
  return clean({
    tool: 'pester',
    message: body,
    file: loc?.file,
    line: loc?.line,
    testName: name.replace(/^- /, '').trim(),
    start: i,
    end
  });
}

function indentedReport(lines: LogLine[], i: number, tool: string, testName: string): Found {
  const end = blockEnd(lines, i, 80);
  const msg: string[] = [];
  let loc: { file: string; line: number } | undefined;
  let inStack = false;
  for (let j = i + 1; j <= end; j++) {
    const t = lines[j].text.trim();
    if (t === '') continue;
    const f = /^(?:\S+ )?((?:[A-Za-z]:)?[^\s:(]+\.(?:exs?|cs|fs|vb|rb)):?\(?(\d+)/.exec(t);
    if (f && !loc) {
      loc = { file: f[1], line: Number(f[2]) };
      continue;
    }
    if (/^(?:stacktrace|Stack Trace|code):?/.test(t) || /^at /.test(t)) inStack = true;
    if (!inStack && msg.length < 8) msg.push(t);
  }
  const text = msg.join('\n');
  const ex = /^\*\* \((\w[\w.]*)\) ([\s\S]*)$/.exec(text);
  const st = ex ? { errorType: ex[1], message: ex[2] } : splitTyped(text);
  return clean({
    tool,
    errorType: st.errorType,
    message: st.message || 'failed',
    file: loc?.file,
    line: loc?.line,
    testName,
    start: i,
    end
  });
}

/** The frameworks extractor (see the module comment for the formats it reads). */
export const frameworks: Extractor = {
  tool: 'frameworks',
  extract(lines: LogLine[]): Found[] {
    const out: Found[] = [];
    let rspec = false;
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i].text;
      let m: RegExpExecArray | null;
      if (t.indexOf('[-] ') >= 0 && (m = PESTER.exec(t))) {
        out.push(pester(lines, i, m));
      } else if (t.indexOf(') test ') > 0 && (m = EXUNIT.exec(t))) {
        out.push(indentedReport(lines, i, 'exunit', `${m[2]} (${m[3]})`));
      } else if (t.endsWith('[FAIL]') && (m = XUNIT.exec(t))) {
        out.push(indentedReport(lines, i, 'xunit', m[2]));
      } else if (t.indexOf(' failed on line ') > 0 && (m = CT.exec(t.trim()))) {
        const reason = /^Reason: (.*)$/.exec(lines[i + 1]?.text ?? '');
        out.push(
          clean({
            tool: 'common_test',
            message: reason ? reason[1] : 'failed',
            file: `${m[1]}.erl`,
            line: Number(m[3]),
            testName: `${m[1]}:${m[2]}`,
            start: i,
            end: reason ? i + 1 : i
          })
        );
      } else if (t === 'Failures:') {
        rspec = true;
      } else if (rspec && (m = RSPEC_ITEM.exec(t)) && m[1].length <= 4) {
        const f = indentedReport(lines, i, 'rspec', m[2].trim());
        const loc = lines
          .slice(i + 1, f.end + 1)
          .map(l => /^\s*# (\.\/\S+?\.rb):(\d+)/.exec(l.text))
          .find(Boolean);
        const failure = lines.slice(i + 1, f.end + 1).findIndex(l => /Failure\/Error:/.test(l.text));
        const msg =
          failure >= 0
            ? lines
                .slice(i + 2 + failure, f.end + 1)
                .map(l => l.text.trim())
                .filter(x => x && !x.startsWith('#'))
                .slice(0, 6)
                .join('\n')
            : f.message;
        out.push(
          clean({
            ...f,
            errorType: undefined,
            message: msg || f.message,
            file: loc?.[1] ?? f.file,
            line: loc ? Number(loc[2]) : f.line
          })
        );
      } else if (/^(?:Finished in|\d+ examples?, )/.test(t)) {
        rspec = false;
      } else if (t.startsWith('Running the tests in') && (m = R_TESTS.exec(t.trim()))) {
        const start = i >= 2 && /ERROR$/.test(lines[i - 1].text.trim()) ? i - 2 : i;
        const end = blockEnd(lines, i + 1, 80, undefined, 0);
        const failure = lines
          .slice(i, end + 1)
          .map(l =>
            /^(?:\d+\. )?(?:Failure|Error)(?: \(([^)]*)\))?: (.+?)(?: \(@(\S+?)#(\d+)\))?\s*─*$/.exec(
              l.text.trim()
            )
          )
          .find(Boolean);
        out.push(
          clean({
            tool: 'testthat',
            message: failure ? failure[2] : `tests in ${m[1]} failed`,
            file: failure?.[3] ?? m[1],
            line: failure?.[4] ? Number(failure[4]) : undefined,
            testName: failure?.[2],
            start,
            end: Math.max(end, i)
          })
        );
      }
    }
    return out;
  }
};
