/**
 * The failure chunk: the lines that say why the step failed, at most 50, as tight as the evidence
 * allows. Evidence is what the extractors recognised, then error-like lines grouped into blocks;
 * lines that the last green run also printed (the baseline), success lines and the generic exit
 * lines of runners and build tools count against a block.
 */
import type { LogLine } from './normalize.js';
import type { Found } from './extractors/types.js';
import { stabilize } from './fingerprint.js';
import { indentOf } from './extractors/blocks.js';

/** The most lines a chunk may have. */
export const MAX_CHUNK_LINES = 50;

/** Lines that only say that something failed, never why. */
export const GENERIC = new RegExp(
  [
    String.raw`^(?:Error: )?Process completed with exit code \d+`,
    // Travis CI's verdict on a command (`The command "x" exited with 1.`); a multi-line command
    // wraps it, and its first line has no verdict on it.
    String.raw`^The command "`,
    String.raw`^Done\. Your build exited with \d+`,
    String.raw`^npm (?:ERR!|error) (?:A complete log of this run|code ELIFECYCLE|errno \d|Exit status \d|Failed at the|This is probably not a problem with npm|\s*$|Tell the author|You can get information on how|Make sure you have the latest|If you do, this is most likely|\s+\/\S+_logs\/|Test failed\.\s+See above|[\w@./-]+ \w[\w:-]*: \`|code \d+\s*$|command failed\s*$|command (?:sh -c|bash -c|cmd(?:\.exe)? \/d \/s \/c|[A-Z]:\\\S*cmd\.exe \/d \/s \/c) |Lifecycle script \`[^\`]+\` failed with error|Error: command failed\s*$|\s+in workspace: |\s+at location: )`,
    // MSBuild's closing counts.
    String.raw`^\s*\d+ (?:Warning|Error)\(s\)$|^Time Elapsed \d`,
    // Maven's footer and reactor summary.
    String.raw`^\[ERROR\] (?:-> \[Help 1\]|Re-run Maven|To see the full stack trace|For more information about the errors|\s*$|\[Help 1\]|After correcting the problems|\s+mvn <goals>|Please refer to .*(?:surefire|failsafe)-reports|Failed to execute goal .*There (?:are|were) test failures)|^\[(?:ERROR|WARNING)\]$`,
    String.raw`^\[INFO\] (?:BUILD (?:FAILURE|SUCCESS)|Total time:|Finished at:|Final Memory:|-{10,}|Reactor Summary|\S.*?[ .]{2,}\s*(?:SUCCESS|FAILURE|SKIPPED) \[)|^\[INFO\]\s*$`,
    // Gradle's footer.
    String.raw`^FAILURE: Build failed with an exception\.?$|^\* Try:|^> Run with --(?:stacktrace|info|debug|scan)|^Run with --(?:stacktrace|info|scan)|^\* Get more help at|^BUILD FAILED(?: in .*)?$|^\d+ actionable tasks?:|^> Get more help at`,
    String.raw`^error Command failed with exit code|^info Visit https:\/\/yarnpkg`,
    String.raw`^make(?:\[\d+\])?: \*\*\* (?:\[.*\] Error \d+|Waiting for unfinished jobs)`,
    // GNU make before 4.0 names the Makefile line of the recipe that failed.
    String.raw`^(?:\S+:\d+: )?recipe for target '.*' failed$`,
    String.raw`^ELIFECYCLE|^The process '.*' failed with exit code|^Exited with code|^Command exited with non-zero status|^Script failed|^ERROR: Job failed|^Error: Process completed`,
    String.raw`^\s*ERROR: "[\w:-]+" exited with \d+\.?$|^\s*\d+ (?:failing|failed)$|^FAIL$|^Ran \d+ tests? in`
  ].join('|')
);

/** Words that say something went wrong; `0 errors`-style counts are removed before testing. */
const STRONG =
  /\b(?:error|errors|ERROR|ERRORS|Error|Errors|FAIL|FAILED|FAILURE|FAILURES|Failed|failed|failure|Failure|failures|Failures|fatal|Fatal|FATAL|panic|Traceback|Exception|exception|Segmentation fault|core dumped|Assertion|AssertionError|[A-Z]\w*Error|[A-Z]\w*Exception|not ok|Killed|KO|BROKEN|Broken)\b|[✖✗✕×]|^\s*E\s{2,}\S/;
const MEDIUM =
  /\b(?:cannot|Cannot|can't|could not|Could not|couldn't|unable to|Unable to|not found|No such file|denied|refused|unexpected|Unexpected|invalid|Invalid|missing|Missing|undefined|Undefined|timed? ?out|Timeout|TIMEOUT|abort|Aborted|conflict|CONFLICT|incompatible|mismatch|unresolved|Unresolved|expected|Expected|actual|Actual|assert|does not|doesn't|is not|was not|did not|not defined|not exist|unbound|redundant|deprecated|Warning|warning|WARN|problem|Problem|broken|illegal|Illegal|wrong|bad|Bad|too many|exceeded|violation|Offense|offense|offenses)\b/;
const SUCCESS =
  /\b(?:ok|OK|PASS|PASSED|Passed|passed|passing|success|SUCCESS|Success|successful|successfully|succeeded|✓|✔|0 errors?|0 failures?|0 failed|errors?: 0|failures?: 0|Failed: 0|Errors: 0)\b|[✓✔√]/;
const COUNTS =
  /\b0 (?:errors?|failures?|failed|warnings?)\b|\b(?:errors?|failures?|failed|warnings?)[:=] ?0\b/gi;

/** The key a line is compared under with the baseline (volatile parts masked). */
export function baselineKey(text: string): string {
  return stabilize(text).replace(/\d+/g, '#');
}

/**
 * A warning or deprecation notice by its prefix (`warning:`, `file.c:3:1: warning:`, `[warn]`,
 * `npm WARN`, `DEPRECATION:`, node's `(node:123) [DEP0005] DeprecationWarning:`): it says what
 * might go wrong later, not why the step failed, whatever words follow.
 */
export const NOTICE =
  /^(?:\S+: )?\[?(?:warning|Warning|WARNING|warn|WARN|DEPRECATION|Deprecation|DEPRECATED|deprecated)\]?[:!\s]|^npm WARN|^\(node:\d+\) (?:\[\w+\] )?\w*Warning\b/;

/** Elixir's and Erlang's uncaught error: `** (RuntimeError) boom`, `** (throw) x`, `** exception error: x`. */
const BEAM_ERROR = /^\*\* (?:\([\w.]+\)|\(EXIT from [^)]*\)|exception (?:error|exit|throw)\b)/;

const RAKE_TRACE_END = /^\(See full trace by running task with --trace\)$/;

/** Score of one line as evidence of why the step failed (0: none). */
export function lineScore(l: LogLine): number {
  const raw = l.text;
  if (l.marker === 'group' || l.marker === 'endgroup' || l.marker === 'command' || l.marker === 'debug')
    return 0;
  const t = raw.trim();
  if (t === '' || GENERIC.test(t)) return 0;
  if (l.marker === 'error') return 3;
  if (NOTICE.test(t)) return 0;
  if (BEAM_ERROR.test(t)) return 2;
  const u = t.replace(COUNTS, '');
  if (STRONG.test(u))
    return SUCCESS.test(u) && !/error|fail|exception/i.test(u.replace(SUCCESS, '')) ? 0.5 : 2;
  if (MEDIUM.test(u)) return SUCCESS.test(u) ? 0.3 : 1;
  // A diff in a failing step is what a check wanted changed (formatters, generated files).
  if (u.startsWith('diff --git ')) return 1;
  return 0;
}

/** A chunk as indices into the lines (inclusive). */
export interface Span {
  start: number;
  end: number;
}

function isBlank(l: LogLine | undefined): boolean {
  return l === undefined || l.text.trim() === '';
}

/**
 * Whether a line can be the title of the error block right below it: a blank line cannot, nor a
 * command's echo (`$ jest --coverage` as yarn or Travis CI print it, npm's `> jest`, a step's
 * `##[command]`): that is what ran, not what failed.
 */
function isTitle(l: LogLine): boolean {
  return !isBlank(l) && l.marker !== 'command' && !/^[$>] \S/.test(l.text);
}

/** Drops blank and generic lines at both ends. */
function trimSpan(lines: LogLine[], s: Span, boilerplate: Set<number> = new Set()): Span {
  let { start, end } = s;
  const weak = (i: number): boolean =>
    isBlank(lines[i]) ||
    boilerplate.has(i) ||
    GENERIC.test(lines[i].text.trim()) ||
    lines[i].marker === 'group' ||
    lines[i].marker === 'endgroup';
  while (start < end && weak(start)) start++;
  while (end > start && weak(end)) end--;
  return { start, end };
}

/** A generic line that closes a tool's output, not a bare prefix or a separator inside it. */
function isClosing(l: LogLine): boolean {
  const t = l.text.trim();
  return GENERIC.test(t) && !/^(?:npm (?:ERR!|error)|\[(?:ERROR|INFO)\])?[\s-]*$/.test(t);
}

/** Tools whose reports are a process's uncaught exceptions. */
const UNCAUGHT = new Set(['python', 'node', 'sanitizer']);

/** Evidence of structured failures: the first failure's evidence, then as many more as fit. */
function fromFound(found: Found[], lines: LogLine[]): Span {
  const ranges = found
    .flatMap(f => [{ start: f.start, end: f.end }, ...(f.more ?? [])])
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: Span[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end + 3) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  // A process dies of its last uncaught exception: when only such reports were found (Python's
  // tracebacks, Node's uncaught errors, a sanitizer's abort; no test framework's), earlier ones were
  // logged and survived.
  const pick = found.every(f => UNCAUGHT.has(f.tool)) ? merged.length - 1 : 0;
  const first = merged[pick];
  const span: Span = { start: first.start, end: Math.min(first.end, first.start + MAX_CHUNK_LINES - 1) };
  const focus = found.find(
    f => f.focus !== undefined && f.focus >= first.start && f.focus <= first.end
  )?.focus;
  if (first.end - first.start + 1 > MAX_CHUNK_LINES && focus !== undefined && focus > span.end - 3) {
    // A long report (a traceback, a pytest section) says why at its focus line: keep that and what leads to it.
    span.end = Math.min(first.end, focus + 3);
    span.start = Math.max(first.start, span.end - MAX_CHUNK_LINES + 1);
    return span;
  }
  for (const m of merged.slice(pick + 1)) {
    if (m.end - span.start + 1 > MAX_CHUNK_LINES) break;
    // A tool's closing lines (`BUILD FAILURE`, `make: *** [x] Error 1`) end the first failure's
    // report: what follows them repeats it or is another tool's.
    let closed = false;
    for (let k = span.end + 1; k < m.start && !closed; k++) closed = isClosing(lines[k]);
    if (closed) break;
    span.end = m.end;
  }
  return span;
}

/** Chooses the chunk among the lines of the failing step. */
export function locate(lines: LogLine[], found: Found[], baseline?: Set<string>): Span {
  if (lines.length === 0) return { start: 0, end: -1 };
  const structured = found.filter(f => f.tool !== 'github' && f.tool !== 'shell');
  if (structured.length > 0) return trimSpan(lines, fromFound(structured, lines));

  // An npm error block about a failed lifecycle script only says the script failed.
  const boilerplate = new Set<number>();
  for (let i = 0; i < lines.length; i++) {
    if (!/^npm (?:ERR!|error) code ELIFECYCLE/.test(lines[i].text)) continue;
    let a = i;
    while (a > 0 && /^npm (?:ERR!|error)/.test(lines[a - 1].text)) a--;
    let b = i;
    while (b + 1 < lines.length && (/^npm (?:ERR!|error)/.test(lines[b + 1].text) || isBlank(lines[b + 1])))
      b++;
    for (let k = a; k <= b; k++) boilerplate.add(k);
    i = b;
  }
  // rake reports that a command it ran failed (`rake aborted!`, `Command failed with status (1)`),
  // then its own backtrace: the backtrace says nothing about the failure.
  for (let i = 0; i + 1 < lines.length; i++) {
    if (
      !lines[i].text.endsWith('rake aborted!') ||
      !lines[i + 1].text.startsWith('Command failed with status')
    )
      continue;
    let b = i + 2;
    while (b + 1 < lines.length && b < i + 60 && !RAKE_TRACE_END.test(lines[b].text)) b++;
    if (!RAKE_TRACE_END.test(lines[b]?.text ?? '')) continue;
    for (let k = i + 2; k <= b; k++) boilerplate.add(k);
    i = b;
  }
  const scores = lines.map((l, i) => {
    if (boilerplate.has(i)) return 0;
    const s = lineScore(l);
    return s > 0 && baseline !== undefined && baseline.has(baselineKey(l.text)) ? s * 0.05 : s;
  });
  for (const f of found) for (let i = f.start; i <= f.end; i++) scores[i] = Math.max(scores[i], 3);

  // The cause stands just above where the step gave up: the last meaningful line ends the chunk,
  // the first error-like line of the 50 above it starts it (with the title line above that).
  const weakTail = (i: number, useBaseline: boolean): boolean =>
    isBlank(lines[i]) ||
    boilerplate.has(i) ||
    GENERIC.test(lines[i].text.trim()) ||
    lines[i].marker === 'endgroup' ||
    (useBaseline && baseline !== undefined && baseline.has(baselineKey(lines[i].text)));
  // A step's own `##[group]Run ...` header (the command and its env) is not output.
  let first = 0;
  if (lines[0].marker === 'group') {
    const close = lines.findIndex(l => l.marker === 'endgroup');
    if (close >= 0 && close < lines.length - 1) first = close + 1;
  }
  let end = lines.length - 1;
  while (end > first && weakTail(end, true)) end--;
  if (end === first && weakTail(first, true) && baseline !== undefined) {
    // The green run printed all of it too: ignore the baseline rather than report nothing.
    end = lines.length - 1;
    while (end > first && weakTail(end, false)) end--;
  }
  if (end === first && weakTail(first, false)) {
    // Nothing but generic lines: the last of them is still the best evidence there is.
    for (let i = lines.length - 1; i >= first; i--) if (!isBlank(lines[i])) return { start: i, end: i };
    return { start: 0, end: -1 };
  }
  // A coverage report printed after the tests ran says how much ran, not what failed.
  const aboveReport = coverageReportAbove(lines, first, end);
  if (aboveReport !== undefined) {
    end = aboveReport;
    while (end > first && weakTail(end, true)) end--;
  }
  // `timeout` ends a command with 124: the runner's line saying so is the cause.
  for (let i = lines.length - 1; i > end && i >= lines.length - 5; i--) {
    if (/(?:exited with|exit code:?) 124\b/.test(lines[i].text)) return { start: i, end: i };
  }
  const windowStart = Math.max(first, end - MAX_CHUNK_LINES + 1);
  let start = windowStart;
  while (start < end && scores[start] < 1) start++;
  if (scores[start] < 1) {
    // With a baseline, when the tail says nothing error-like (a coverage report, a timing table), an
    // error block above that the green run did not print is the cause.
    const above = baseline !== undefined ? blockAbove(lines, scores, first, windowStart) : undefined;
    // Without one, the tail of the step is all the evidence there is.
    return above ?? trimSpan(lines, { start: windowStart, end }, boilerplate);
  }
  // The line above the first error-like one is usually its title (`1) test name`, `FAIL: x`); a
  // blank line is not.
  if (start > windowStart && isTitle(lines[start - 1])) start--;
  if (start === windowStart && start > first) {
    // The 50-line window cut an error block: when the block begins less than 50 lines up, the
    // chunk starts where it does (and its title), and loses the last lines instead.
    const b = blockStart(lines, scores, first, start);
    if (b !== undefined && b < start) {
      start = b > first && isTitle(lines[b - 1]) ? b - 1 : b;
      end = Math.min(end, start + MAX_CHUNK_LINES - 1);
      while (end > start && weakTail(end, true)) end--;
    }
  }
  return (
    firstOfList(lines, scores, first, start, end) ??
    blockAboveSummary(lines, scores, first, start, end) ??
    findingsAboveCount(lines, first, start, end) ?? { start, end }
  );
}

/**
 * The first line of the block of strong error lines (one other line allowed between two) that
 * `from` is in, or undefined when the block runs 50 lines or more above it.
 */
function blockStart(lines: LogLine[], scores: number[], first: number, from: number): number | undefined {
  let b = from;
  while (b > from - MAX_CHUNK_LINES) {
    let k = b - 1;
    if (k >= first && scores[k] < 2 && !isBlank(lines[k])) k--;
    if (k < first || scores[k] < 2) return b;
    b = k;
  }
  return undefined;
}

/**
 * A line of a coverage report: a percentage with its fraction (PHPUnit's `Lines: 61.20% (5387/8803)`,
 * Istanbul's `Statements : 96.11% ( 1877/1953 )`), a percentage in a table cell or after a coverage
 * word, a table row of numbers between pipes (Istanbul's `All files |   85.71 |  66.67 |  100 |`), or
 * coverage.py's `pkg/mod.py   20   2   90%`.
 */
const COVERAGE_LINE =
  /\b\d{1,3}(?:\.\d+)?\s?%\s*(?:\(\s*\d+\s*\/\s*\d+\s*\)|\|)|\b(?:Lines|Statements|Stmts|Branches|Functions|Methods|Classes|Cover)\b[^%]{0,60}\b\d{1,3}(?:\.\d+)?\s?%|(?:\|\s*\d{1,3}(?:\.\d+)?\s*){3}\||\s\d+\s+\d+\s+\d{1,3}%$/;
/** A coverage check's verdict (`coverage threshold for lines (80%) not met`): that is why the step failed. */
const COVERAGE_VERDICT = /threshold|not met|not reached|\bbelow\b|minimum|required/i;
/** A coverage report's heading, date, separator or summary line. */
const COVERAGE_HEADING =
  /coverage|\bStmts\b|^\s*Summary:?\s*$|^[\s=|-]+$|^\s*\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d\s*$/i;

/**
 * When the step's output ends with a coverage report (at least three coverage lines, with its
 * headings, separators and the class or file names between them, none of them error-like), the last
 * line above the report; otherwise undefined.
 */
function coverageReportAbove(lines: LogLine[], first: number, end: number): number | undefined {
  let i = end;
  let count = 0;
  let lastCoverage = end + 1;
  for (; i >= first; i--) {
    const t = lines[i].text.length > 400 ? '' : lines[i].text;
    if (COVERAGE_VERDICT.test(t)) break;
    if (t !== '' && COVERAGE_LINE.test(t)) {
      count++;
      lastCoverage = i;
    } else if (
      !isBlank(lines[i]) &&
      !(COVERAGE_HEADING.test(t) && lineScore(lines[i]) < 2) &&
      !(t !== '' && lastCoverage - i <= 1 && lineScore(lines[i]) < 1)
    )
      break;
  }
  if (count < 3) return undefined;
  return i >= first ? i : undefined;
}

/** A report's leading word with its numbers masked: `not ok # ...` gives `not`, `[error] x` gives `[error]`. */
function leadOf(text: string): string {
  const m = /^\s*(\S{1,40})/.exec(text);
  return m ? m[1].replace(/\d+/g, '#') : '';
}

/**
 * When the chunk at the end of the step starts inside a list of failure reports that all begin the
 * same way (TAP's `not ok 9 ...` after `not ok 6 ...`, sbt's `[error]` lines, `FAIL x` after
 * `FAIL y`), the list's first report is the first error the failure added: the chunk starts there
 * and runs to the next report (or, for one-line reports, through the run of them). Reports chain
 * back while each is less than 50 lines above the next. The same message printed again (a rerun's
 * `failed to resolve 3 reference(s)` after `failed to resolve 8004 ...`) is progress, not a list,
 * and a lead with no letter (`[ 25 of 162] Compiling X.Errors`) says nothing about what the line is.
 */
function firstOfList(
  lines: LogLine[],
  scores: number[],
  first: number,
  start: number,
  end: number
): Span | undefined {
  let k = start;
  while (k <= end && scores[k] < 2) k++;
  if (k > end) return undefined;
  const lead = leadOf(lines[k].text);
  if (!/[A-Za-z]/.test(lead)) return undefined;
  const same = baselineKey(lines[k].text);
  const isReport = (i: number): boolean => scores[i] >= 2 && leadOf(lines[i].text) === lead;
  let earliest = k;
  for (let i = k - 1; i >= first && i > earliest - MAX_CHUNK_LINES; i--) {
    if (isReport(i) && baselineKey(lines[i].text) !== same) earliest = i;
  }
  if (earliest === k) return undefined;
  let next = earliest + 1;
  while (next <= end && !isReport(next)) next++;
  let stop = next - 1;
  if (next === earliest + 1) {
    // One-line reports in a row: the run of them is the chunk.
    while (stop < end && isReport(stop + 1)) stop++;
  }
  const s = earliest > first && isTitle(lines[earliest - 1]) ? earliest - 1 : earliest;
  let e = Math.min(stop, s + MAX_CHUNK_LINES - 1);
  while (e > s && isBlank(lines[e])) e--;
  return { start: s, end: e };
}

/** A tool's closing count or abort line: it says that something failed, not what. */
export const SUMMARY =
  /^\s*\d+ out of \d+ tests? failed|^Test suite .*: FAIL$|\b[1-9]\d* (?:tests?,? |examples?,? |specs?,? )?(?:failed|failures?|failing|errors?)\b|\b(?:Failed|Failures|Errors): [1-9]|^rake aborted!$|^Command failed with status|^Tasks: TOP =>|^FAILED \((?:failures|errors)=|^Tests? (?:Suites?: )?.*\bfailed\b/;

/**
 * When the chunk at the end of the step says only that something failed (a closing summary such as
 * `1 out of 2041 tests failed` or `Test suite x: FAIL`, and no other error-like line), the error
 * block above it says what: the last error line above the summary, with the error-like lines right
 * above it, down to where its lines stop being error-like or indented under its first line.
 */
function blockAboveSummary(
  lines: LogLine[],
  scores: number[],
  first: number,
  start: number,
  end: number
): Span | undefined {
  const says = (k: number, min: number): boolean =>
    scores[k] >= min && !SUMMARY.test(lines[k].text) && !SUCCESS.test(lines[k].text);
  let summary = false;
  for (let k = start; k <= end; k++) {
    if (says(k, 1)) return undefined;
    if (scores[k] >= 2 && SUMMARY.test(lines[k].text)) summary = true;
  }
  if (!summary) return undefined;
  return blockAbove(lines, scores, first, start);
}

/**
 * The last error block above line `below`: its last strong error line that is not a closing count
 * or a success line, with the error-like lines right above it, down to where its lines stop being
 * error-like or indented under its first line.
 */
function blockAbove(lines: LogLine[], scores: number[], first: number, below: number): Span | undefined {
  let i = below - 1;
  while (i >= first && !(scores[i] >= 2 && !SUMMARY.test(lines[i].text) && !SUCCESS.test(lines[i].text))) i--;
  if (i < first) return undefined;
  while (i > first && scores[i - 1] >= 1) i--;
  const ind = indentOf(lines[i].text);
  let last = i;
  for (let k = i + 1; k < below && k < i + MAX_CHUNK_LINES; k++) {
    if (isBlank(lines[k])) {
      if (k - last > 2) break;
    } else if (scores[k] >= 1 || indentOf(lines[k].text) > ind) last = k;
    else if (k - last > 2) break;
  }
  const s = i > first && isTitle(lines[i - 1]) ? i - 1 : i;
  return { start: s, end: Math.min(last, s + MAX_CHUNK_LINES - 1) };
}

/** A count of findings: `Detected 1 broken links`, `found 3 problems`, `2 files failed`. */
const FINDINGS_COUNT =
  /\b[1-9]\d* \S+(?: \S+)? (?:failed|failures?|failing|errors?|broken|problems?|offen[cs]es?)\b|\b(?:found|detected|Detected|Found) [1-9]\d*/;

/**
 * When the chunk is one closing count under blank lines (`ERROR: Detected 1 broken links.`), the
 * findings it counts are the block right above the blank lines: at most 10 lines, from a blank line
 * or a command's echo (`$ cmd`, npm's `> cmd`) down.
 */
function findingsAboveCount(lines: LogLine[], first: number, start: number, end: number): Span | undefined {
  if (start !== end || !FINDINGS_COUNT.test(lines[start].text)) return undefined;
  let k = start - 1;
  while (k >= first && k >= start - 2 && isBlank(lines[k])) k--;
  if (k === start - 1 || k < first || isBlank(lines[k])) return undefined;
  const edge = (i: number): boolean => isBlank(lines[i]) || /^[$>] /.test(lines[i].text);
  let b = k;
  while (b > first && b > k - 10 && !edge(b - 1)) b--;
  return b > first && edge(b - 1) ? { start: b, end } : undefined;
}
