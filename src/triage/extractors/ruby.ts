/**
 * Ruby test runners: minitest (`  1) Failure:` / `  1) Error:` then `Class#test_name [file:line]:`;
 * Rails' reporter prints them unnumbered, `Failure:` above the title, inline as the tests run, and
 * minitest-reporters' default one unnumbered at the end, the failure's title without its colon;
 * old minitest and test-unit 2 name the test `test_name(Class)`), test-unit 3 (a `====` rule, then
 * `Failure: test_name(Class)` / `Error: test_name(Class):`), and Cucumber (the failing step's
 * error, `message (ErrorClass)` and its backtrace, above `Failing Scenarios:` /
 * `cucumber features/x.feature:12 # Scenario: name`).
 */
import type { LogLine } from '../normalize.js';
import { clean, type Extractor, type Found } from './types.js';

const MT_HEAD = /^\s*\d+\) (Failure|Error):$/;
const MT_END =
  /^\s*(?:\d+\) )?(?:Failure|Error|Skipped):$|^\d+ (?:runs|tests), \d+ assertions\b|^(?:bin\/)?rails test \S+:\d+$/;
const TU_HEAD = /^(Failure|Error): (.*)$/;
const RUBY_EXC = /^([A-Z]\w*(?:::[A-Z]\w*)*): (.*)$/;
const BACKTRACE = /^\s*(?:from )?(\S+?\.rb):(\d+):in /;
const CUKE_ITEM =
  /^cucumber (?:-p \S+ )?(\S+?\.feature):(\d+)(?::\d+)* # (?:Scenario(?: Outline)?|Example): (.*)$/;
const CUKE_EXC = /\(([A-Z]\w*(?:::[A-Z]\w*)*)\)$/;

/** A test's title, `Class#test_x [file:line]` or `test_x(Class)`, split without backtracking. */
function title(s: string): { name: string; file?: string; line?: number } | undefined {
  const k = s.endsWith(']') ? s.lastIndexOf(' [') : -1;
  const name = (k > 0 ? s.slice(0, k) : s).trimEnd();
  if (!/^\S/.test(name) || name.trim() === '') return undefined;
  if (k < 0) return { name };
  const loc = /^(.+):(\d+)$/.exec(s.slice(k + 2, -1));
  return loc ? { name, file: loc[1], line: Number(loc[2]) } : { name: s };
}

/** The first backtrace frame in the project (not a gem or Ruby's own library). */
function frame(lines: LogLine[], from: number, to: number): { file: string; line: number } | undefined {
  for (let j = from; j <= to; j++) {
    const m = BACKTRACE.exec(lines[j].text);
    if (m && !/\/gems\/|\/lib\/ruby\/|^<internal:/.test(m[1])) return { file: m[1], line: Number(m[2]) };
  }
  return undefined;
}

function trimEnd(lines: LogLine[], start: number, end: number): number {
  while (end > start && lines[end].text.trim() === '') end--;
  return end;
}

/** A minitest (or test-unit 2) numbered report: `  1) Failure:` then the test's name line. */
function minitest(lines: LogLine[], i: number, kind: string): Found | undefined {
  const head = lines[i + 1]?.text ?? '';
  const name = title(head.endsWith(':') ? head.slice(0, -1) : head);
  // minitest-reporters leaves the colon off a failure's title; its `[file:line]` is there.
  if (!name || (!head.endsWith(':') && !name.file)) return undefined;
  let end = i + 1;
  for (let j = i + 2; j < lines.length && j <= i + 80; j++) {
    if (MT_END.test(lines[j].text)) break;
    end = j;
  }
  end = trimEnd(lines, i + 1, end);
  const body = lines.slice(i + 2, end + 1).map(l => l.text);
  const firstIdx = body.findIndex(t => t.trim() !== '');
  const exc = kind === 'Error' && firstIdx >= 0 ? RUBY_EXC.exec(body[firstIdx].trim()) : null;
  const msg = exc
    ? exc[2]
    : body
        .map(t => t.replace(/^Minitest::Assertion: /, ''))
        .filter(t => t.trim() !== '' && !BACKTRACE.test(t))
        .slice(0, 6)
        .map(t => t.trim())
        .join('\n');
  const loc = name.file ? { file: name.file, line: name.line! } : frame(lines, i + 2, end);
  return clean({
    tool: 'minitest',
    errorType: exc?.[1],
    message: msg || (kind === 'Error' ? 'error' : 'failed'),
    file: loc?.file,
    line: loc?.line,
    testName: name.name,
    start: i,
    end
  });
}

/** A test-unit 3 report between `====` rules: `Failure: test_x(Class)`, its location, code and message. */
function testunit(lines: LogLine[], i: number, m: RegExpExecArray): Found | undefined {
  const name = title(m[2].endsWith(':') ? m[2].slice(0, -1) : m[2]);
  if (!name || !/^[^\s(]+\(.+\)$/.test(name.name)) return undefined;
  let end = i;
  for (let j = i + 1; j < lines.length && j <= i + 80; j++) {
    if (/^={20,}$/.test(lines[j].text)) break;
    end = j;
  }
  end = trimEnd(lines, i, end);
  const body = lines.slice(i + 1, end + 1).map(l => l.text);
  let errorType: string | undefined;
  const msg: string[] = [];
  for (const t of body) {
    if (t.trim() === '' || BACKTRACE.test(t) || /^\s*(?:=>)?\s*\d+: /.test(t)) continue;
    const exc = m[1] === 'Error' && msg.length === 0 ? RUBY_EXC.exec(t.trim()) : null;
    if (exc) {
      errorType = exc[1];
      msg.push(exc[2]);
      break;
    }
    if (msg.length < 6) msg.push(t.trim());
  }
  const loc = name.file ? { file: name.file, line: name.line! } : frame(lines, i + 1, end);
  return clean({
    tool: 'test-unit',
    errorType,
    message: msg.join('\n') || (m[1] === 'Error' ? 'error' : 'failed'),
    file: loc?.file,
    line: loc?.line,
    testName: name.name,
    start: i,
    end
  });
}

/**
 * Cucumber: the first failing scenario of `Failing Scenarios:`, read from the failing step's error
 * above it (the block whose backtrace reaches that feature file), or the list itself if none.
 */
function cucumber(lines: LogLine[], i: number, from: number): Found | undefined {
  const item = CUKE_ITEM.exec(lines[i + 1]?.text ?? '');
  if (!item) return undefined;
  let listEnd = i + 1;
  while (listEnd + 1 < lines.length && listEnd < i + 50 && lines[listEnd + 1].text.startsWith('cucumber '))
    listEnd++;
  const feature = item[1];
  // The step's backtrace ends at `features/x.feature:10:in `Then …'`.
  let last = -1;
  for (let j = from; j < i; j++) {
    const t = lines[j].text;
    if (t.indexOf(feature) >= 0 && t.indexOf(':in ') > 0 && /^\s*\S+\.feature:\d+:in /.test(t)) {
      last = j;
      break;
    }
  }
  if (last < 0) {
    return clean({
      tool: 'cucumber',
      message: 'scenario failed',
      file: feature,
      line: Number(item[2]),
      testName: item[3],
      start: i,
      end: listEnd
    });
  }
  let excLine = -1;
  for (let j = last; j >= 0 && j >= last - 60; j--) {
    const t = lines[j].text;
    if (CUKE_EXC.test(t.trimEnd()) && !BACKTRACE.test(t)) {
      excLine = j;
      break;
    }
  }
  if (excLine < 0) return undefined;
  // The message may hold blank lines: it starts below the step line, the `(::) failed steps (::)`
  // header or the previous failure's backtrace.
  let start = excLine;
  for (let j = excLine - 1; j >= 0 && j >= excLine - 20; j--) {
    const t = lines[j].text;
    if (/^\(::\)/.test(t) || / # \S+:\d+$/.test(t) || BACKTRACE.test(t) || /\.feature:\d+:in /.test(t)) break;
    start = j;
  }
  while (start < excLine && lines[start].text.trim() === '') start++;
  const exc = CUKE_EXC.exec(lines[excLine].text.trimEnd())!;
  const message = lines
    .slice(start, excLine + 1)
    .map(l => l.text.trim())
    .join('\n')
    .slice(0, -exc[0].length)
    .trim();
  // The step line (`Then I get 1   # features/step_definitions/steps.rb:4`) heads the report.
  const step = start > 0 && / # \S+:\d+$/.test(lines[start - 1].text) ? start - 1 : start;
  const loc = frame(lines, excLine + 1, last);
  return clean({
    tool: 'cucumber',
    errorType: exc[1],
    message: message || 'failed',
    file: loc?.file ?? feature,
    line: loc?.line ?? Number(item[2]),
    testName: item[3],
    start: step,
    end: last
  });
}

/** The ruby extractor (see the module comment for the formats it reads). */
export const ruby: Extractor = {
  tool: 'ruby',
  extract(lines: LogLine[]): Found[] {
    const out: Found[] = [];
    let cukeFrom = 0;
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i].text;
      let m: RegExpExecArray | null;
      if (t.endsWith(':') && t.indexOf(') ') >= 0 && (m = MT_HEAD.exec(t))) {
        const f = minitest(lines, i, m[1]);
        if (f) {
          out.push(f);
          i = f.end;
        }
      } else if ((t === 'Failure:' || t === 'Error:') && /^[A-Z][\w:]*#\S/.test(lines[i + 1]?.text ?? '')) {
        // Rails' reporter prints each result inline, unnumbered, above `bin/rails test file:line`.
        const f = minitest(lines, i, t.slice(0, -1));
        if (f) {
          out.push(f);
          i = f.end;
        }
      } else if (
        (t.startsWith('Failure: ') || t.startsWith('Error: ')) &&
        i > 0 &&
        /^={20,}$/.test(lines[i - 1].text)
      ) {
        const f = (m = TU_HEAD.exec(t)) ? testunit(lines, i, m) : undefined;
        if (f) {
          out.push(f);
          i = f.end;
        }
      } else if (t === 'Failing Scenarios:') {
        const f = cucumber(lines, i, cukeFrom);
        if (f) out.push(f);
        cukeFrom = i + 1;
      }
    }
    return out;
  }
};
