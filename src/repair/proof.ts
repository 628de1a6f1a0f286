/**
 * A fix proves itself (DESIGN.md): the tests that failed run and pass, the verified run executes at
 * least the tests the broken run did with none newly skipped, and the edits leave test selection,
 * skip markers and the assertions of existing tests alone. This module is pure: it judges test
 * accounts (./accounting.ts) and edits; the loop runs the tests.
 */
import type { Edit, Evidence, RunCounts } from '../types.js';
import {
  accountRun,
  executed,
  idsWith,
  type ReportInput,
  type TestAccount,
  type TestStatus
} from './accounting.js';

export { accountRun, accountTests, type ReportInput, type TestAccount } from './accounting.js';

/** Files that select, skip or configure tests: an edit to them is not a fix. */
const TEST_CONFIG =
  /(^|\/)(conftest\.py|pytest\.ini|tox\.ini|setup\.cfg|noxfile\.py|\.mocharc(\.\w+)?|(jest|vitest|vite|karma|playwright|ava)\.config\.\w+|phpunit\.xml(\.dist)?|\.coveragerc|Makefile)$/i;
/** Lines that skip, deselect or expect failure, in any language the fixers meet. */
const SKIP_MARKER =
  /@pytest\.mark\.(skip|skipif|xfail)|pytest\.(skip|xfail|importorskip)\(|@unittest\.(skip|skipIf|skipUnless|expectedFailure)|\bself\.skipTest\(|\b(it|test|describe)\.(skip|todo|failing)\(|\b(xit|xtest|xdescribe)\(|\bt\.Skip(Now|f)?\(|#\[ignore\]|@(Disabled|Ignore)\b|--deselect\b|\s-k\s|\baddopts\b|\btestpaths\b|collect_ignore|pytest_collection_modifyitems|pytest_ignore_collect|testPathIgnorePatterns|modulePathIgnorePatterns/;
/** An assertion line of an existing test. */
const ASSERTION =
  /^\s*(assert\b|self\.assert\w*\(|self\.fail\(|expect\(|assert\.\w+\(|assert\(|t\.(Error|Errorf|Fatal|Fatalf|Fail)\(|assert(_eq|_ne)?!\(|Assert\.\w+\(|assert[A-Z]\w*\()/;
/** The line that defines a test. */
const TEST_DEFINITION = /^\s*(def test|async def test|(it|test)\(|func Test|fn test|@Test\b)/;
/** An assertion that cannot fail. */
const TRIVIAL_ASSERTION =
  /^\s*(assert\s+(True|1|not\s+False)\s*(#.*)?$|expect\((true|1)\)\.toBe(Truthy)?\((true|1)?\)|assert\.ok\((true|1)\)|self\.assertTrue\((True|1)\))/m;
/** Code that swallows an exception. */
const SWALLOW =
  /except(\s+[\w.,() ]+)?(\s+as\s+\w+)?\s*:\s*(\n\s*)?(pass|return\b.*|\.\.\.|continue)\s*$|catch\s*(\(\s*\w*\s*\))?\s*\{\s*\}|\.catch\(\s*\(\)\s*=>\s*(\{\s*\}|undefined|null)\s*\)/m;

/** Is this path a test file by the usual layouts? */
export function looksLikeTestFile(file: string): boolean {
  const f = file.replace(/\\/g, '/');
  return (
    /(^|\/)(tests?|__tests__|spec)\//.test(f) ||
    /(^|\/)test_[^/]+\.py$|_test\.(py|go)$|\.(test|spec)\.[cm]?[jt]sx?$|Tests?\.(java|kt|cs)$/.test(f)
  );
}

function lines(s: string): string[] {
  return s.split('\n');
}

/** Lines of `replace` that are new (not in `search`), trimmed. */
function addedLines(e: Edit): string[] {
  const had = new Set(lines(e.search).map(l => l.trim()));
  return lines(e.replace).filter(l => l.trim() !== '' && !had.has(l.trim()));
}

/** Lines of `search` that `replace` no longer holds, trimmed. */
function removedLines(e: Edit): string[] {
  const keeps = new Set(lines(e.replace).map(l => l.trim()));
  return lines(e.search).filter(l => l.trim() !== '' && !keeps.has(l.trim()));
}

export interface EditPolicy {
  /** The diagnosis says an existing test is wrong: its expectations may change (a draft PR follows). */
  allowTestExpectationChange?: boolean;
}

/**
 * Why these edits may not be a fix, one reason per cheat found (empty: none). Checks skip and
 * deselect markers, test configuration, removed or weakened assertions of existing tests, trivial
 * assertions and swallowed exceptions.
 */
export function cheatsIn(edits: readonly Edit[], policy: EditPolicy = {}): string[] {
  const reasons: string[] = [];
  for (const e of edits) {
    const file = e.file.replace(/\\/g, '/');
    const added = addedLines(e).join('\n');
    const isNew = e.search === '';
    if (TEST_CONFIG.test(file)) {
      reasons.push(`${file}: edits to test configuration (which tests run and how) are refused`);
      continue;
    }
    if (/(^|\/)package\.json$/.test(file) && /"(test|jest|mocha|vitest)"\s*:/.test(added)) {
      reasons.push(`${file}: edits to the test script or test configuration are refused`);
    }
    if (
      /(^|\/)pyproject\.toml$/.test(file) &&
      /\[tool\.pytest|addopts|testpaths|python_files/.test(e.search + e.replace)
    ) {
      reasons.push(`${file}: edits to pytest's configuration are refused`);
    }
    const marker = SKIP_MARKER.exec(added);
    if (marker) reasons.push(`${file}: adds a skip/xfail/deselect marker (${marker[0].trim()})`);
    if (SWALLOW.test(added) && !SWALLOW.test(e.search)) {
      reasons.push(`${file}: swallows an exception instead of fixing its cause`);
    }
    if (looksLikeTestFile(file)) {
      if (TRIVIAL_ASSERTION.test(added)) reasons.push(`${file}: adds an assertion that cannot fail`);
      const gone = removedLines(e).filter(l => TEST_DEFINITION.test(l));
      if (!isNew && gone.length > 0) {
        reasons.push(
          `${file}: deletes or renames ${gone.length} existing test(s) (${gone[0].trim().slice(0, 80)})`
        );
      }
      if (!isNew && !policy.allowTestExpectationChange) {
        const dropped = removedLines(e).filter(l => ASSERTION.test(l));
        if (dropped.length > 0) {
          reasons.push(
            `${file}: changes or removes ${dropped.length} assertion/test line(s) of an existing test (${dropped[0].trim().slice(0, 80)})`
          );
        }
      }
    }
  }
  return [...new Set(reasons)];
}

/** The regression test must be a test file of the project's own layout, not a conftest or config. */
export function refuseRegressionFile(file: string): string | undefined {
  const f = file.replace(/\\/g, '/');
  if (TEST_CONFIG.test(f) || /(^|\/)(conftest|__init__|setup)\.py$/.test(f)) {
    return `${f} is not a test file (conftest, configuration or package file)`;
  }
  if (!looksLikeTestFile(f))
    return `${f} is not in the project's test layout (tests/, test_*.py, *.test.ts, *_test.go …)`;
  return undefined;
}

/**
 * Why a regression test's failure on the broken commit does not count (undefined: it counts). It must
 * fail by a failing test — an assertion or the expected error — not by a collection or import error of
 * the test itself or "no tests ran".
 */
export function refuseRegressionFailure(
  output: string,
  exitCode: number,
  reports: readonly ReportInput[] = []
): string | undefined {
  if (exitCode === 0) return 'the regression test passes on the broken commit';
  const acc = accountRun(output, reports);
  if (acc.problems.length > 0) return `the regression test did not run: ${acc.problems[0]}`;
  if (!acc.readable) return undefined; // nothing countable: the exit code is all there is
  if (acc.counts.failed === 0 && acc.counts.errored === 0 && idsWith(acc, 'failed', 'errored').length === 0) {
    return 'no test failed (nothing was collected or every test was skipped)';
  }
  return undefined;
}

function countsOf(acc: TestAccount, exitCode: number): RunCounts {
  return {
    exitCode,
    passed: acc.counts.passed,
    failed: acc.counts.failed + acc.counts.errored,
    skipped: acc.counts.skipped,
    readable: acc.readable
  };
}

/** One run as the proof reads it: its output, exit code and (when it wrote any) its test reports. */
export interface ProofRun {
  output: string;
  exitCode: number;
  /** JUnit XML the run wrote (the sandbox's `reports`): they stand for their runner's console. */
  reports?: readonly ReportInput[];
}

export interface ProofInput {
  before: ProofRun;
  after: ProofRun;
  /** Re-runs of the failing tests after the fix (exit codes). */
  reruns?: number[];
  /** What each re-run showed when it failed (exit code, tests that failed), for the reason. */
  rerunDetails?: (string | undefined)[];
  /** Tests outside the failing ones that failed after the fix, each run alone (`strayFailures`). */
  strays?: StrayCheck[];
  /** The files the fix edits or adds: a test of theirs that fails is never a stray. */
  edited?: readonly string[];
}

export interface ProofVerdict {
  ok: boolean;
  /** Why not (each a sentence for the model's next attempt and the report). */
  reasons: string[];
  evidence: Evidence;
}

/**
 * A test's status in a run by the id another run gave it: the same id, else the one id this run names
 * the same test by with its package or class in front (go's console says `TestX`, its `-json` events
 * `example.com/m.TestX`).
 */
function statusIn(acc: TestAccount, id: string): TestStatus | undefined {
  const s = acc.tests.get(id);
  if (s !== undefined) return s;
  const longer = [...acc.tests.keys()].filter(k => k.endsWith(`.${id}`));
  return longer.length === 1 ? acc.tests.get(longer[0]) : undefined;
}

/** The tests a run lists under a test file's id (`tests/test_a.py` -> `tests/test_a.py::…`). */
function testsOfFile(acc: ReturnType<typeof accountRun>, file: string): string[] {
  if (!/\.py$/.test(file)) return [];
  return [...acc.tests.keys()].filter(t => t.startsWith(`${file}::`));
}

/** A test file node:test could not load (reported under its path) that loads now: a green run, more passing. */
function loadFailureFixed(id: string, before: TestAccount, after: TestAccount, afterExit: number): boolean {
  return (
    /\.[cm]?[jt]sx?$/.test(id) &&
    id.includes('/') &&
    before.runners.includes('node:test') &&
    after.runners.includes('node:test') &&
    afterExit === 0 &&
    after.counts.failed + after.counts.errored === 0 &&
    after.counts.passed > before.counts.passed
  );
}

/** The reproduction's failing tests as a run after the fix shows them: fixed, or why not. */
function failingIn(
  before: TestAccount,
  after: TestAccount,
  afterExit: number
): { failing: string[]; fixed: string[]; reasons: string[]; notes: string[] } {
  const reasons: string[] = [];
  const notes: string[] = [];
  const failing = idsWith(before, 'failed', 'errored');
  const fixed: string[] = [];
  const afterListsPasses = idsWith(after, 'passed').length > 0;
  for (const id of failing) {
    const s = statusIn(after, id);
    const inFile = s === undefined ? testsOfFile(after, id) : [];
    if (s === 'passed') fixed.push(id);
    else if (
      inFile.some(t => after.tests.get(t) === 'passed') &&
      inFile.every(t => after.tests.get(t) !== 'failed' && after.tests.get(t) !== 'errored')
    ) {
      // A file that failed to collect (pytest names the file) is fixed when its tests now run and
      // none fails: what it skips or expects to fail is the project's own (its markers, unchanged —
      // an edit adding one is refused by reasonsNotAFix), as in the file's passing run.
      fixed.push(id);
    } else if (s === undefined && loadFailureFixed(id, before, after, afterExit)) {
      // node:test names a file that failed to load (an import error) by its path, and its tests by
      // their titles once it loads: it is fixed when the run is green with more tests passing.
      fixed.push(id);
      notes.push(
        `${id} failed to load; it now loads and the run passes ${after.counts.passed - before.counts.passed} more test(s)`
      );
    } else if (
      s === undefined &&
      !afterListsPasses &&
      after.readable &&
      after.counts.failed + after.counts.errored === 0
    ) {
      // `pytest -q` names no passing test: green totals with no failure are the runner's word for it.
      fixed.push(id);
    } else reasons.push(`${id} ${s === undefined ? 'did not run' : `is ${s}`} in the verified run`);
  }
  return { failing, fixed, reasons, notes };
}

/** At most this many other tests failing after a fix are checked alone; more is the fix's doing. */
export const MAX_STRAYS = 5;
/**
 * Runs alone of a stray failure: it is the project's flake when it passes on most of them (3 of at
 * most 5, stopping as soon as it is decided): a test the fix broke fails on each; a timing test that
 * fails one run in eight on a loaded machine is refused about once in seventy, not once in twenty as
 * with 2 of 3.
 */
export const STRAY_PASSES_NEEDED = 3;
export const STRAY_RUNS = 5;

/**
 * The tests of a run after the fix that failed although they are not the reproduction's failing
 * tests — every one of which passes in that run — each named by the runner, at most MAX_STRAYS (an
 * empty list: the run has no failure). Undefined when the run's failures cannot all be put there
 * by name: a failing test not fixed, a failure the runner counts but does not name, a collection
 * error, an unreadable run, a test not named by its file (`tests/test_a.py::test_x`), or one in a
 * file the fix edits or adds (`edited`: a regression test, an edited test, is the fix's own). Only
 * these may be checked again alone (a project's timing test that fails when the machine is loaded);
 * anything else stands as the run shows it.
 */
export function strayFailures(
  before: ProofRun,
  run: ProofRun,
  edited: readonly string[] = []
): string[] | undefined {
  const b = accountRun(before.output, before.reports);
  const a = accountRun(run.output, run.reports);
  if (!a.readable || a.problems.length > 0) return undefined;
  const failed = idsWith(a, 'failed', 'errored');
  if (failed.length !== a.counts.failed + a.counts.errored) return undefined;
  if (failed.length > MAX_STRAYS) return undefined;
  // A failing test of the reproduction stays one, whatever fails it now. A test of a file that
  // failed to collect (pytest names the file) never ran before: it is one of the file's tests.
  const failing = idsWith(b, 'failed', 'errored');
  const isFailing = (id: string): boolean =>
    failing.some(
      f =>
        f === id ||
        id.endsWith(`.${f}`) ||
        f.endsWith(`.${id}`) ||
        (f.includes('::') && id.startsWith(`${f}::`))
    );
  if (failed.some(isFailing)) return undefined;
  const touched = new Set(edited.map(f => f.replace(/\\/g, '/').replace(/^\.\//, '')));
  const fileOf = (id: string): string | undefined => /^([^\s:]+)::\S/.exec(id)?.[1];
  if (failed.some(id => fileOf(id) === undefined || touched.has(fileOf(id)!))) return undefined;
  // A file that failed to collect is fixed only by a test of its own that passed, not by strays.
  for (const f of failing) {
    if (!failed.some(id => id.startsWith(`${f}::`))) continue;
    if (!testsOfFile(a, f).some(t => a.tests.get(t) === 'passed')) return undefined;
  }
  const own = failingIn(b, setAside(a, failed), run.exitCode);
  if (own.reasons.length > 0 || own.fixed.length !== own.failing.length) return undefined;
  if (failed.length === 0 && run.exitCode !== 0) return undefined;
  return failed;
}

/** A run's account with these failed tests set aside as passed (they are judged by their runs alone). */
function setAside(acc: TestAccount, ids: readonly string[]): TestAccount {
  const tests = new Map(acc.tests);
  for (const id of ids) tests.set(id, 'passed');
  return {
    ...acc,
    tests,
    counts: { ...acc.counts, passed: acc.counts.passed + ids.length, failed: 0, errored: 0 }
  };
}

/** True when a run of one test alone ran it and it passed. */
export function passedAlone(id: string, run: ProofRun): boolean {
  if (run.exitCode !== 0) return false;
  const acc = accountRun(run.output, run.reports);
  if (!acc.readable || acc.problems.length > 0) return false;
  if (acc.counts.failed + acc.counts.errored > 0 || acc.counts.passed === 0) return false;
  const s = statusIn(acc, id);
  return s === 'passed' || (s === undefined && idsWith(acc, 'passed').length === 0);
}

/**
 * A re-run of the failing tests as the flake rule reads it: its exit code, or 0 when it was the whole
 * suite (no selection of them could be made) and failed only in other tests, every failing test
 * passing — those others are strays, checked alone (`strays` of judgeRuns).
 */
export function rerunCode(before: ProofRun, rerun: ProofRun, edited: readonly string[] = []): number {
  if (rerun.exitCode === 0) return 0;
  const strays = strayFailures(before, rerun, edited);
  return strays && strays.length > 0 ? 0 : rerun.exitCode;
}

/** A test outside the failing ones that failed after the fix, run alone on the fixed tree. */
export interface StrayCheck {
  id: string;
  /** One entry per run of it alone: did it pass (`passedAlone`)? Empty: it could not be run alone. */
  passes: boolean[];
}

/** A stray failure the runs alone do not repeat (it passed on STRAY_PASSES_NEEDED of them). */
const cleared = (c: StrayCheck): boolean => c.passes.filter(Boolean).length >= STRAY_PASSES_NEEDED;

/**
 * Judges a verified run against the reproduction: every test that failed now passes, no fewer tests
 * ran, none newly skipped or missing, and the run really tested. A run that failed only in other
 * tests (strayFailures) counts as green only when each of them, run alone on the fixed tree, passed
 * on STRAY_PASSES_NEEDED runs (`strays`): a timing test of the project that a loaded machine fails.
 */
export function judgeRuns(input: ProofInput): ProofVerdict {
  const before = accountRun(input.before.output, input.before.reports);
  const after = accountRun(input.after.output, input.after.reports);
  const checks = input.strays ?? [];
  const checkOf = (id: string): StrayCheck | undefined => checks.find(c => c.id === id);
  const strays =
    input.after.exitCode !== 0 ? strayFailures(input.before, input.after, input.edited) : undefined;
  const strayOnly =
    strays !== undefined && strays.length > 0 && strays.every(id => checkOf(id) && cleared(checkOf(id)!));
  // The failing tests are judged with the cleared strays set aside (a test of a file that failed to
  // collect may be one); every other rule reads the run as it is.
  const own = failingIn(before, strayOnly ? setAside(after, strays) : after, input.after.exitCode);
  const { failing, fixed } = own;
  const reasons = [...own.reasons];
  const notes = [...own.notes];
  const afterListsPasses = idsWith(after, 'passed').length > 0;
  if (strays && strayOnly) {
    for (const id of strays) {
      const c = checkOf(id)!;
      notes.push(
        `${id} is not one of the failing tests and failed in the verified run (exit ${input.after.exitCode}), but passed on ${c.passes.filter(Boolean).length} of ${c.passes.length} runs of it alone on the fixed tree: a flaky test of the project, not the fix's`
      );
    }
  } else if (input.after.exitCode !== 0) {
    reasons.push(
      `the verified run exited ${input.after.exitCode}` +
        (strays && strays.length > 0 ? ` (${strays.join(', ')} failed)` : '')
    );
  }
  // A stray of any run (the verified one or a re-run of the whole suite) that its runs alone repeat.
  for (const c of checks) {
    if (cleared(c)) continue;
    reasons.push(
      c.passes.length === 0
        ? `${c.id} failed after the fix and cannot be run alone to tell a flake from a failure`
        : `${c.id} failed after the fix and again on ${c.passes.filter(p => !p).length} of ${c.passes.length} runs of it alone on the fixed tree`
    );
  }
  if (before.readable && !after.readable) reasons.push("the verified run's tests could not be counted");
  if (!before.readable)
    notes.push("the reproduction's test counts could not be read: only exit codes are compared");
  if (after.problems.length > 0)
    reasons.push(`the verified run did not really test: ${after.problems.join('; ')}`);
  if (before.readable && after.readable) {
    const ranBefore = executed(before.counts);
    const ranAfter = executed(after.counts);
    if (ranAfter < ranBefore)
      reasons.push(
        `the verified run executed ${ranAfter} tests, fewer than the ${ranBefore} the broken run did`
      );
    // A broken run that ran no test at all (its collection failed: the bug broke an import) has no
    // skip count to compare with; what the fixed run skips is the project's own (xfail, markers).
    const beforeRanNothing = before.counts.passed + before.counts.failed === 0;
    if (beforeRanNothing && after.counts.skipped > before.counts.skipped) {
      notes.push(
        `the broken run ran no test (collection failed), so the ${after.counts.skipped} skipped in the verified run are not compared`
      );
    } else if (after.counts.skipped > before.counts.skipped) {
      reasons.push(
        `${after.counts.skipped - before.counts.skipped} more test(s) skipped, deselected or xfailed than before`
      );
    }
    for (const [id, s] of before.tests) {
      if (s !== 'passed') continue;
      const now = statusIn(after, id);
      if (now === 'skipped' || now === 'xfailed') reasons.push(`${id} passed before and is ${now} now`);
      else if (now === undefined && afterListsPasses) reasons.push(`${id} ran before and is missing now`);
    }
  }
  const reruns = input.reruns ?? [];
  const badRerun = reruns.findIndex(c => c !== 0);
  if (badRerun >= 0) {
    const detail = input.rerunDetails?.[badRerun];
    reasons.push(
      `the failing tests failed again on re-run ${badRerun + 1} after the fix (flaky fix)${detail ? `: ${detail}` : ''}`
    );
  }
  return {
    ok: reasons.length === 0,
    reasons,
    evidence: {
      failing,
      fixed,
      before: countsOf(before, input.before.exitCode),
      after: countsOf(after, input.after.exitCode),
      reruns: reruns.length,
      runners: [...new Set([...before.runners, ...after.runners])],
      notes
    }
  };
}
