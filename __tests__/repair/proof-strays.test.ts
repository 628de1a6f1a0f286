/**
 * The proof's rule for other tests that fail after a fix (a project's timing test on a loaded
 * machine), on real pytest 7.2 output from nightwatch-test-python:1 (`-rA`): the reproduction is a
 * file that failed to collect (`stray-broken.txt`: a NameError at import, the session interrupted),
 * the verified run passes that file's tests and fails another test (`stray-after.txt`), which passes
 * (`stray-alone-pass.txt`) or fails (`stray-alone-fail.txt`) when run alone.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  judgeRuns,
  MAX_STRAYS,
  passedAlone,
  rerunCode,
  strayFailures,
  type ProofRun
} from '../../src/repair/proof.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const run = (name: string, exitCode: number): ProofRun => ({
  output: readFileSync(path.join(HERE, 'fixtures', 'accounting', name), 'utf8'),
  exitCode
});
const broken = run('stray-broken.txt', 2);
const after = run('stray-after.txt', 1);
const STRAY = 'tests/test_timing.py::test_near_linear';

describe('strayFailures: the other tests a run after the fix failed', () => {
  it('names the other test when every failing test passes', () => {
    expect(strayFailures(broken, after)).toEqual([STRAY]);
  });

  it('a test of the file that failed to collect never ran before: it may be a stray when another of its tests passed', () => {
    // tests/test_plugins.py: test_ruby_registered passed, test_ruby_timing failed.
    expect(strayFailures(broken, run('stray-after-own.txt', 1))).toEqual([
      'tests/test_plugins.py::test_ruby_timing',
      STRAY
    ]);
  });

  it('none when a failing test the reproduction named fails again, whatever fails it now', () => {
    // The reproduction ran the tests and named them: test_ruby_registered (NameError) and the timing test.
    expect(strayFailures(run('stray-broken-named.txt', 1), run('stray-after-named.txt', 1))).toBeUndefined();
  });

  it(`none beyond ${MAX_STRAYS} other failures: that many is the fix's doing`, () => {
    expect(strayFailures(broken, run('stray-after-many.txt', 1))).toBeUndefined();
  });

  it("none in a file the fix edits or adds (a regression test, an edited test: the fix's own)", () => {
    expect(strayFailures(broken, after, ['tests/test_timing.py'])).toBeUndefined();
    expect(strayFailures(broken, after, ['./tests/test_timing.py'])).toBeUndefined();
    expect(strayFailures(broken, after, ['pkg/plugins.py'])).toEqual([STRAY]);
  });

  it('none when the run has no failure it can name (a non-zero exit with green totals)', () => {
    const green = run('stray-alone-pass.txt', 0);
    expect(strayFailures(broken, { ...green, exitCode: 3 })).toBeUndefined();
  });

  it('none for a reproduction whose failing test did not run in the run', () => {
    expect(strayFailures(broken, run('stray-alone-pass.txt', 0))).toBeUndefined();
  });
});

describe('passedAlone: a run of one test alone', () => {
  it('passes when it ran that test and it passed', () => {
    expect(passedAlone(STRAY, run('stray-alone-pass.txt', 0))).toBe(true);
  });
  it('fails when the test failed', () => {
    expect(passedAlone(STRAY, run('stray-alone-fail.txt', 1))).toBe(false);
  });
  it('fails when the run passed another test, not this one', () => {
    expect(passedAlone('tests/test_other.py::test_x', run('stray-alone-pass.txt', 0))).toBe(false);
  });
  it('fails on an exit code that says otherwise, whatever the output says', () => {
    expect(passedAlone(STRAY, run('stray-alone-pass.txt', 1))).toBe(false);
  });
});

describe('judgeRuns with stray failures', () => {
  it('a stray that passed alone on 3 runs: the fix is proven, and the evidence says what failed', () => {
    const v = judgeRuns({
      before: broken,
      after,
      reruns: [0],
      strays: [{ id: STRAY, passes: [true, true, true] }]
    });
    expect(v.reasons).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.evidence.fixed).toEqual(['tests/test_plugins.py']);
    expect(v.evidence.after).toMatchObject({ exitCode: 1, failed: 1, passed: 2 });
    expect(v.evidence.notes.join('\n')).toMatch(
      /test_near_linear is not one of the failing tests and failed in the verified run \(exit 1\), but passed on 3 of 3 runs of it alone/
    );
  });

  it('a failing test in a file the fix edits is never cleared by runs alone', () => {
    const v = judgeRuns({
      before: broken,
      after,
      reruns: [0],
      strays: [{ id: STRAY, passes: [true, true, true] }],
      edited: ['pkg/plugins.py', 'tests/test_timing.py']
    });
    expect(v.ok).toBe(false);
    expect(v.reasons).toContain('the verified run exited 1');
  });

  it('a stray not checked alone: the exit code stands', () => {
    const v = judgeRuns({ before: broken, after, reruns: [0] });
    expect(v.ok).toBe(false);
    expect(v.reasons).toEqual([`the verified run exited 1 (${STRAY} failed)`]);
  });

  it("a stray that failed again on most runs alone is the fix's failure", () => {
    const v = judgeRuns({
      before: broken,
      after,
      reruns: [0],
      strays: [{ id: STRAY, passes: [true, false, true, false, false] }]
    });
    expect(v.ok).toBe(false);
    expect(v.reasons).toContain(`the verified run exited 1 (${STRAY} failed)`);
    expect(v.reasons).toContain(
      `${STRAY} failed after the fix and again on 3 of 5 runs of it alone on the fixed tree`
    );
  });

  it('a stray that passed on most runs alone (3 of 4) is cleared; 2 passes are not enough', () => {
    const most = judgeRuns({
      before: broken,
      after,
      reruns: [0],
      strays: [{ id: STRAY, passes: [false, true, true, true] }]
    });
    expect(most.ok).toBe(true);
    expect(most.evidence.notes.join('\n')).toMatch(/passed on 3 of 4 runs of it alone/);
    const two = judgeRuns({
      before: broken,
      after,
      reruns: [0],
      strays: [{ id: STRAY, passes: [true, true] }]
    });
    expect(two.ok).toBe(false);
  });

  it('a stray that could not be run alone is not cleared', () => {
    const v = judgeRuns({ before: broken, after, reruns: [0], strays: [{ id: STRAY, passes: [] }] });
    expect(v.ok).toBe(false);
    expect(v.reasons).toContain(
      `${STRAY} failed after the fix and cannot be run alone to tell a flake from a failure`
    );
  });

  it('a cleared check does not excuse a named failing test that still fails (checks for it are ignored)', () => {
    const v = judgeRuns({
      before: run('stray-broken-named.txt', 1),
      after: run('stray-after-named.txt', 1),
      reruns: [0],
      strays: [
        { id: STRAY, passes: [true, true, true] },
        { id: 'tests/test_plugins.py::test_ruby_registered', passes: [true, true, true] }
      ]
    });
    expect(v.ok).toBe(false);
    expect(v.reasons).toEqual(
      expect.arrayContaining([
        'tests/test_plugins.py::test_ruby_registered is failed in the verified run',
        'the verified run exited 1'
      ])
    );
  });

  it("a stray in the file that failed to collect, cleared: the file is fixed by its other test's pass", () => {
    const v = judgeRuns({
      before: broken,
      after: run('stray-after-own.txt', 1),
      reruns: [0],
      strays: [
        { id: STRAY, passes: [true, true, true] },
        { id: 'tests/test_plugins.py::test_ruby_timing', passes: [true, true, true] }
      ]
    });
    expect(v.reasons).toEqual([]);
    expect(v.evidence.fixed).toEqual(['tests/test_plugins.py']);
    const notCleared = judgeRuns({
      before: broken,
      after: run('stray-after-own.txt', 1),
      reruns: [0],
      strays: [{ id: STRAY, passes: [true, true, true] }]
    });
    expect(notCleared.reasons).toEqual(
      expect.arrayContaining(['tests/test_plugins.py did not run in the verified run'])
    );
  });

  it('cleared strays leave the other rules alone: a failing re-run is still a flaky fix', () => {
    const v = judgeRuns({
      before: broken,
      after,
      reruns: [0, 1],
      strays: [{ id: STRAY, passes: [true, true, true] }]
    });
    expect(v.ok).toBe(false);
    expect(v.reasons).toEqual(['the failing tests failed again on re-run 2 after the fix (flaky fix)']);
  });

  it('a failed re-run of the failing tests is named in the reason with what it showed', () => {
    const v = judgeRuns({
      before: broken,
      after: run('stray-alone-pass.txt', 0),
      reruns: [0, 1],
      rerunDetails: [
        undefined,
        'exit 1: 1 failed, 0 errored, 0 passed; tests/test_plugins.py::test_ruby_registered'
      ]
    });
    expect(v.reasons).toContain(
      'the failing tests failed again on re-run 2 after the fix (flaky fix): exit 1: 1 failed, 0 errored, 0 passed; tests/test_plugins.py::test_ruby_registered'
    );
  });

  it('cleared strays do not excuse fewer tests run than before', () => {
    // The reproduction ran 3 tests (2 passed): a verified run with 3 executed is not fewer.
    const before: ProofRun = {
      output: after.output.replace('1 failed, 2 passed', '1 failed, 3 passed'),
      exitCode: 1
    };
    const v = judgeRuns({ before, after, reruns: [0], strays: [{ id: STRAY, passes: [true, true, true] }] });
    expect(v.reasons.join('\n')).toMatch(/executed 3 tests, fewer than the 4/);
  });
});

describe('rerunCode: a whole-suite re-run of the failing tests', () => {
  it('reads as passed when the failing tests passed and only a stray failed (checked alone instead)', () => {
    expect(rerunCode(broken, after)).toBe(0);
  });
  it('keeps its exit code when a failing test failed', () => {
    expect(rerunCode(run('stray-broken-named.txt', 1), run('stray-after-named.txt', 1))).toBe(1);
  });
  it('keeps its exit code when the failures cannot be named', () => {
    expect(rerunCode(broken, { output: 'Killed\n', exitCode: 137 })).toBe(137);
  });
});
