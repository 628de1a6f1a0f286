/**
 * C and C++ test runners: GoogleTest (`[ RUN      ] Suite.Test`, `file.cc:12: Failure` and its
 * message, `[  FAILED  ] Suite.Test (0 ms)`), Catch2 (the test case between dashed rules, then
 * `file.cpp:12: FAILED:` with the expression and `with expansion:`) and CTest (`3/5 Test #3: name
 * ....***Failed`, or only its `The following tests FAILED:` list). CTest only says which test
 * program failed: when the program's own report is in its output, that report is the failure.
 */
import type { LogLine } from '../normalize.js';
import { clean, type Extractor, type Found } from './types.js';

const GT_RUN = /^\[ RUN {6}\] (\S+)$/;
const GT_END = /^\[ {2}(?:(FAILED) {2}| {5}OK |SKIPPED )\] ([^\s,]+)(?:, where .*)? \(\d+ ms\)$/;
/** GoogleTest's failure line: `file:line: Failure` (`file(line): error: …` on MSVC, `unknown file: Failure`). */
const GT_FAILURE = /^(?:(\S.*?):(\d+): Failure|(\S.*?)\((\d+)\): error: ?(.*)|unknown file: Failure)$/;
const CATCH_RULE = /^-{40,}$/;
const CATCH_LOC = /^(\S.*?)(?::(\d+)|\((\d+)\)): FAILED:$/;
const CTEST_RESULT =
  /^\s*\d+\/\d+ Test +#(\d+): (\S+) \.*(?: |\*\*\*)(Failed|Exception: \w+(?: \w+)?|Timeout|Not Run)\s+[\d.]+ sec$/;
/** Where CTest goes on after a test's output: the next test, or its summary. */
const CTEST_NEXT = /^\s*(?:Start +\d+: |\d+\/\d+ Test +#)|^\d+% tests passed/;
const CTEST_ITEM = /^\s*(\d+) - (\S+) \(([^)]+)\)$/;

/** A test program's death under a test that never ended: the shell's, the C++ runtime's or a sanitizer's line. */
const CRASH =
  /Segmentation fault|core dumped|Aborted|terminate called |Killed|Bus error|Floating point exception|Illegal instruction|^==\d+==ERROR: \w+Sanitizer/;

function gtest(lines: LogLine[]): { found: Found[]; cut: Found[] } {
  const out: Found[] = [];
  const cut: Found[] = [];
  let run: { i: number; name: string } | undefined;
  let failure: number | undefined;
  const died = (upTo: number): void => {
    // The test that was running when its program stopped printing: what killed it is just below.
    if (!run) return;
    let end = run.i;
    let crash: string | undefined;
    let crashAt: number | undefined;
    for (let j = run.i + 1; j < upTo && j <= run.i + 40; j++) {
      const t = lines[j].text;
      if (CTEST_NEXT.test(t)) break;
      if (t.trim() !== '') end = j;
      if (!crash && t.length <= 2000 && CRASH.test(t)) [crash, crashAt] = [t.trim(), j];
    }
    if (failure !== undefined && failure > run.i) {
      // It had failed already: its first failure says why, whatever killed it after.
      out.push({ ...report(lines, run.name, failure, crashAt ?? end + 1, run.i), end });
    } else {
      const f = {
        tool: 'googletest',
        message: crash ?? 'did not finish',
        testName: run.name,
        start: run.i,
        end
      };
      (crash ? out : cut).push(f);
    }
    run = undefined;
    failure = undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].text;
    if (t.length > 2000 || (t.indexOf(' ]') < 0 && t.indexOf('Failure') < 0 && t.indexOf('): error') < 0))
      continue;
    let m: RegExpExecArray | null;
    if ((m = GT_RUN.exec(t))) {
      died(i);
      run = { i, name: m[1] };
      failure = undefined;
    } else if (GT_FAILURE.test(t)) {
      if (failure === undefined) failure = i;
    } else if ((m = GT_END.exec(t))) {
      const name = m[2];
      if (m[1] && failure !== undefined) {
        // The report: from the test's RUN line (or its first failure, without one) to its FAILED line.
        const start = run?.name === name && i - run.i < 40 ? run.i : failure;
        out.push(report(lines, name, failure, i, start));
      }
      run = undefined;
      failure = undefined;
    } else if (run && t.startsWith('[==========] Running ')) died(i);
  }
  died(lines.length);
  return { found: out, cut };
}

function report(lines: LogLine[], testName: string, at: number, end: number, start: number): Found {
  const f = GT_FAILURE.exec(lines[at].text)!;
  const body: string[] = f[5] ? [f[5]] : [];
  for (let j = at + 1; j < end && body.length < 8; j++) {
    const t = lines[j].text;
    if (GT_FAILURE.test(t)) break;
    if (t.trim() !== '') body.push(t.trimEnd());
  }
  return clean({
    tool: 'googletest',
    message: body.join('\n').trim() || 'failed',
    file: f[1] ?? f[3],
    line: f[2] ? Number(f[2]) : f[4] ? Number(f[4]) : undefined,
    testName,
    start,
    end,
    focus: at
  });
}

function catch2(lines: LogLine[]): Found[] {
  const out: Found[] = [];
  let title: { i: number; name: string } | undefined;
  let reported = -1;
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].text;
    if (t.length > 2000) continue;
    if (t.charCodeAt(0) === 45 && CATCH_RULE.test(t)) {
      // `-----` / test case name (sections indented under it) / `-----` / `file:line` / `.....`
      let k = i + 1;
      const names: string[] = [];
      while (k < lines.length && k < i + 12 && !CATCH_RULE.test(lines[k].text)) names.push(lines[k++].text);
      if (
        k < lines.length &&
        CATCH_RULE.test(lines[k].text) &&
        names.length > 0 &&
        /^\S/.test(names[0]) &&
        /^\S.*?(?::\d+|\(\d+\))$/.test(lines[k + 1]?.text ?? '') &&
        /^\.{40,}$/.test(lines[k + 2]?.text ?? '')
      ) {
        const own = names.filter((n, x) => x === 0 || /^\S/.test(n));
        title = { i, name: own.map(n => n.trim()).join(' ') };
        i = k + 2;
      }
      continue;
    }
    if (!title || reported === title.i || t.indexOf('FAILED:') < 0) continue;
    const m = CATCH_LOC.exec(t);
    if (!m) continue;
    // The assertion block: the expression, `with expansion:` / `with message:` and their values, up to a blank line.
    let end = i;
    while (end + 1 < lines.length && end < i + 30 && lines[end + 1].text.trim() !== '') end++;
    const message = lines
      .slice(i + 1, end + 1)
      .map(l => l.text.trimEnd())
      .slice(0, 8)
      .join('\n')
      .trim();
    out.push(
      clean({
        tool: 'catch2',
        message: message || 'failed',
        file: m[1],
        line: Number(m[2] ?? m[3]),
        testName: title.name,
        start: i - title.i <= 40 ? title.i : i,
        end,
        focus: i
      })
    );
    reported = title.i;
  }
  return out;
}

function ctest(lines: LogLine[]): Found[] {
  const out: Found[] = [];
  const named = new Set<string>();
  let list = -1;
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].text;
    if (t.length > 1000) continue;
    let m: RegExpExecArray | null;
    if (t.indexOf(' Test ') > 0 && t.indexOf(' sec') > 0 && (m = CTEST_RESULT.exec(t))) {
      // With --output-on-failure the test's own output follows its result line.
      let end = i;
      for (let j = i + 1; j < lines.length && j <= i + 40; j++) {
        const n = lines[j].text;
        if (CTEST_NEXT.test(n)) break;
        if (n.trim() !== '') end = j;
      }
      out.push({ tool: 'ctest', message: m[3], testName: m[2], start: i, end });
      named.add(m[2]);
    } else if (t === 'The following tests FAILED:') {
      list = i;
    } else if (list >= 0 && (m = CTEST_ITEM.exec(t))) {
      // Only the list (ctest -Q, or its output cut): each item names a failed test.
      if (!named.has(m[2])) out.push({ tool: 'ctest', message: m[3], testName: m[2], start: i, end: i });
    } else list = -1;
  }
  return out;
}

/** The native test runners extractor (see the module comment for the formats it reads). */
export const native: Extractor = {
  tool: 'native',
  extract(lines: LogLine[]): Found[] {
    const g = gtest(lines);
    const own = [...g.found, ...catch2(lines)];
    const runs = ctest(lines);
    // A test cut off with no crash line below it: CTest's verdict on its program (SegFault, Timeout) says how it died.
    for (const c of g.cut) {
      const verdict = runs.find(r => r.start < c.start && r.end >= c.start);
      if (verdict) own.push({ ...c, message: verdict.message });
    }
    const starts = own.map(f => f.start).sort((a, b) => a - b);
    const programs = runs.filter(c => {
      let lo = 0;
      let hi = starts.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (starts[mid] < c.start) lo = mid + 1;
        else hi = mid;
      }
      return !(lo < starts.length && starts[lo] <= c.end);
    });
    return [...own, ...programs].sort((a, b) => a.start - b.start);
  }
};
