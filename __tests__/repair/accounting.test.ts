/**
 * Test accounting from machine-readable reports: pytest's --junitxml (real output of the offline
 * image, junit_family=xunit1), Maven Surefire and Gradle JUnit XML, go test -json, and how a run's
 * reports stand for their runner's console output.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  accountGoJson,
  accountJUnitXml,
  accountRun,
  accountTests,
  executed,
  idsWith
} from '../../src/repair/accounting.js';
import { judgeRuns, refuseRegressionFailure } from '../../src/repair/proof.js';

const FIX = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'accounting');
const fixture = (name: string): string => readFileSync(path.join(FIX, name), 'utf8');
const SUREFIRE = fixture('surefire-TEST-com.acme.CartTest.xml');

describe('pytest --junitxml (xunit1) reports', () => {
  // The same run's console (-q -ra) and report: 2 failed (one inherited from another file),
  // 3 passed (two parametrised), 1 skipped, 1 xfailed, 1 deselected.
  const output = fixture('pytest-junit.txt');
  const report = {
    file: '.nightwatch-sandbox/reports/x/pytest-0.xml',
    kind: 'pytest' as const,
    text: fixture('pytest-junit.xml')
  };

  it('names every test by its pytest node id, as the console does', () => {
    const acc = accountJUnitXml(report.text, 'pytest');
    expect(acc.runners).toEqual(['junit:pytest']);
    expect(Object.fromEntries(acc.tests)).toEqual({
      'tests/test_a.py::test_ok': 'passed',
      'tests/test_a.py::test_bad': 'failed',
      'tests/test_a.py::test_xf': 'xfailed',
      'tests/test_a.py::test_sk': 'skipped',
      'tests/test_a.py::TestC::test_p[1]': 'passed',
      'tests/test_a.py::TestC::test_p[a.b]': 'passed',
      // Defined in tests/base/common.py, collected from tests/test_b.py: the class name says where.
      'tests/test_b.py::TestChild::test_inherited': 'failed'
    });
    expect(acc.counts).toEqual({ passed: 3, failed: 2, errored: 0, skipped: 2 });
  });

  it('stands for the console pytest summary, which agrees with it, deselected included', () => {
    const fromConsole = accountTests(output);
    const fromRun = accountRun(output, [report]);
    expect(fromRun.runners).toEqual(['junit:pytest']);
    expect(fromRun.counts).toEqual(fromConsole.counts);
    expect(fromRun.counts).toEqual({ passed: 3, failed: 2, errored: 0, skipped: 3 });
    // -q lists no passing test; the report does.
    expect(fromConsole.tests.get('tests/test_a.py::test_ok')).toBeUndefined();
    expect(fromRun.tests.get('tests/test_a.py::test_ok')).toBe('passed');
    for (const id of idsWith(fromConsole, 'failed')) expect(fromRun.tests.get(id)).toBe('failed');
  });

  it('the report wins over what the console says', () => {
    const lying = 'FAILED tests/test_a.py::test_ok - x\n9 failed, 0 passed in 0.01s\n';
    const acc = accountRun(lying, [report]);
    expect(acc.tests.get('tests/test_a.py::test_ok')).toBe('passed');
    expect(acc.counts.failed).toBe(2);
  });

  it('a collection error is a problem, from the report as from the console', () => {
    const xml =
      '<testsuites><testsuite name="pytest" errors="1" tests="1"><testcase classname="" name="tests.sub.test_broken" file="tests/sub/test_broken.py" time="0.000">' +
      '<error message="collection failure">ImportError while importing test module</error></testcase></testsuite></testsuites>';
    const acc = accountRun('ERROR tests/sub/test_broken.py\n1 error in 0.18s\n', [{ ...report, text: xml }]);
    expect(acc.tests.get('tests/sub/test_broken.py')).toBe('errored');
    expect(acc.problems).toEqual(['pytest could not collect tests/sub/test_broken.py']);
    expect(refuseRegressionFailure('', 2, [{ ...report, text: xml }])).toMatch(
      /did not run: pytest could not collect/
    );
  });

  it("a module that failed to collect is its file (pytest's default xunit2 writes no file), and is fixed only when its tests then run and pass", () => {
    const broken =
      '<testsuites><testsuite name="pytest" errors="1" tests="1"><testcase classname="" name="tests.test_units" time="0.000">' +
      '<error message="collection failure">ModuleNotFoundError</error></testcase></testsuite></testsuites>';
    const before = {
      output: 'ERROR tests/test_units.py\n1 error in 0.06s\n',
      exitCode: 2,
      reports: [{ ...report, text: broken }]
    };
    expect(accountRun(before.output, before.reports).tests.get('tests/test_units.py')).toBe('errored');
    const run = (cases: string): { output: string; exitCode: number; reports: (typeof report)[] } => ({
      output: '',
      exitCode: 0,
      reports: [{ ...report, text: `<testsuites><testsuite name="pytest">${cases}</testsuite></testsuites>` }]
    });
    const pass = (n: string): string => `<testcase classname="tests.test_units" name="${n}" time="0.001"/>`;
    const fixed = judgeRuns({ before, after: run(pass('test_km') + pass('test_m')) });
    expect(fixed.reasons).toEqual([]);
    expect(fixed.evidence.fixed).toEqual(['tests/test_units.py']);
    // Another file's tests do not stand for it; one of its tests failing keeps it unfixed.
    const elsewhere = judgeRuns({
      before,
      after: run('<testcase classname="tests.test_other" name="test_x" time="0"/>')
    });
    expect(elsewhere.reasons.join('\n')).toMatch(/tests\/test_units\.py did not run/);
    const oneFails = judgeRuns({
      before,
      after: {
        ...run(
          pass('test_km') +
            '<testcase classname="tests.test_units" name="test_m"><failure message="x"/></testcase>'
        ),
        exitCode: 1
      }
    });
    expect(oneFails.ok).toBe(false);
    expect(oneFails.evidence.fixed).toEqual([]);
    // Its own xfail (sqlparse's tests/test_format.py): still fixed, as long as one test passes.
    const xfail =
      '<testcase classname="tests.test_units" name="test_x"><skipped type="pytest.xfail" message="known"/></testcase>';
    const withXfail = judgeRuns({ before, after: run(pass('test_km') + xfail) });
    expect(withXfail.reasons).toEqual([]);
    expect(withXfail.evidence.fixed).toEqual(['tests/test_units.py']);
    // A file whose tests are all skipped now is not a fix: nothing of it was shown to pass.
    const allSkipped = judgeRuns({ before, after: run(xfail) });
    expect(allSkipped.ok).toBe(false);
  });

  it('an empty report (no tests ran) leaves the console to speak', () => {
    const xml =
      '<testsuites><testsuite name="pytest" errors="0" failures="0" skipped="0" tests="0"></testsuite></testsuites>';
    const acc = accountRun('no tests ran in 0.01s\n', [{ ...report, text: xml }]);
    expect(acc.runners).toEqual(['pytest']);
    expect(acc.problems).toEqual(['pytest: no tests ran']);
  });

  it('the proof reads both runs from their reports: fail -> pass by node id, runner named', () => {
    const after = report.text
      .replace(/<failure[\s\S]*?<\/failure>/g, '')
      .replace('failures="2"', 'failures="0"');
    const v = judgeRuns({
      before: { output, exitCode: 1, reports: [report] },
      after: { output: '', exitCode: 0, reports: [{ ...report, text: after }] }
    });
    expect(v.reasons).toEqual([]);
    expect(v.evidence.failing).toEqual([
      'tests/test_a.py::test_bad',
      'tests/test_b.py::TestChild::test_inherited'
    ]);
    expect(v.evidence.fixed).toEqual(v.evidence.failing);
    expect(v.evidence.runners).toEqual(['junit:pytest']);
    expect(v.evidence.after).toMatchObject({ passed: 5, failed: 0, readable: true });
  });

  it("a test missing from the fixed run's report is caught", () => {
    const after = report.text
      .replace(/<failure[\s\S]*?<\/failure>/g, '')
      .replace(/<testcase classname="tests.test_a" name="test_ok"[^>]*\/>/, '');
    const v = judgeRuns({
      before: { output, exitCode: 1, reports: [report] },
      after: { output: '', exitCode: 0, reports: [{ ...report, text: after }] }
    });
    expect(v.ok).toBe(false);
    expect(v.reasons.join('\n')).toMatch(/tests\/test_a\.py::test_ok ran before and is missing now/);
  });
});

describe('Maven Surefire and Gradle reports', () => {
  it('reads failures, errors and skips by classname.name; a test printed into CDATA is no test', () => {
    const acc = accountJUnitXml(SUREFIRE, 'surefire');
    expect(acc.runners).toEqual(['junit:surefire']);
    expect(Object.fromEntries(acc.tests)).toEqual({
      'com.acme.CartTest.addsItems': 'passed',
      'com.acme.CartTest.appliesDiscountAtThreshold': 'failed',
      'com.acme.CartTest.loadsPrices': 'errored',
      'com.acme.CartTest.shipsAbroad': 'skipped'
    });
    expect(acc.counts).toEqual({ passed: 1, failed: 1, errored: 1, skipped: 1 });
  });

  it('stand for the console `Tests run:` totals; other runners of the same output are kept', () => {
    const output =
      '[ERROR] Tests run: 40, Failures: 0, Errors: 0, Skipped: 0\n' + '  2 passing (5ms)\n  1 failing\n';
    const acc = accountRun(output, [
      { file: 'target/surefire-reports/TEST-com.acme.CartTest.xml', kind: 'surefire', text: SUREFIRE }
    ]);
    expect(acc.runners).toEqual(['mocha', 'junit:surefire']);
    expect(acc.counts).toEqual({ passed: 1 + 2, failed: 1 + 1, errored: 1, skipped: 1 });
  });

  it('Gradle reports add up across files', () => {
    const gradle = (cls: string, bad: boolean): string =>
      `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="${cls}" tests="2" skipped="0" failures="${bad ? 1 : 0}" errors="0" timestamp="2026-11-29T10:00:00" hostname="h" time="0.01">\n` +
      `  <properties/>\n  <testcase name="one()" classname="${cls}" time="0.001"/>\n` +
      `  <testcase name="two()" classname="${cls}" time="0.002">${bad ? '\n    <failure message="boom" type="java.lang.AssertionError">java.lang.AssertionError: boom</failure>\n  ' : ''}</testcase>\n` +
      `  <system-out><![CDATA[]]></system-out>\n  <system-err><![CDATA[]]></system-err>\n</testsuite>\n`;
    const acc = accountRun('BUILD FAILED in 3s\n', [
      { file: 'build/test-results/test/TEST-a.ATest.xml', kind: 'gradle', text: gradle('a.ATest', false) },
      { file: 'build/test-results/test/TEST-a.BTest.xml', kind: 'gradle', text: gradle('a.BTest', true) }
    ]);
    expect(acc.readable).toBe(true);
    expect(acc.runners).toEqual(['junit:gradle']);
    expect(acc.counts).toEqual({ passed: 3, failed: 1, errored: 0, skipped: 0 });
    expect(acc.tests.get('a.BTest.two()')).toBe('failed');
  });

  it('a hostile report costs one pass: unclosed test cases and CDATA, huge attributes', () => {
    const junk =
      '<testcase name="x"'.repeat(50_000) +
      '<![CDATA['.repeat(50_000) +
      `<testcase name="${'a'.repeat(1_000_000)}">`;
    const t0 = Date.now();
    const acc = accountJUnitXml(junk, 'surefire');
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(executed(acc.counts)).toBeLessThanOrEqual(1);
  });

  it('a report without test cases is not readable: the console stands', () => {
    expect(accountJUnitXml('<html>not a report</html>').readable).toBe(false);
    const acc = accountRun('[ERROR] Tests run: 3, Failures: 1, Errors: 0, Skipped: 0\n', [
      { file: 'target/surefire-reports/TEST-x.xml', kind: 'surefire', text: '<testsuite tests="0"/>' }
    ]);
    expect(acc.runners).toEqual(['junit']);
    expect(acc.counts.failed).toBe(1);
  });
});

describe('go test -json events', () => {
  it('reads the tests by package and name', () => {
    const acc = accountGoJson(fixture('go-json.txt'));
    expect(acc.runners).toEqual(['go-json']);
    expect(acc.counts).toEqual({ passed: 1, failed: 1, errored: 0, skipped: 1 });
    expect(acc.tests.get('example.com/m.TestBad')).toBe('failed');
    expect(accountGoJson('PASS\nok  \texample.com/m\t0.002s\n').readable).toBe(false);
  });

  it('a fix is proven against a broken run read from the console (TestX) by the events (pkg.TestX)', () => {
    const before = '--- FAIL: TestBad (0.00s)\n    a_test.go:4: no\nFAIL\nFAIL\texample.com/m\t0.002s\n';
    const events = fixture('go-json.txt')
      .replace(
        /"Action":"fail","Package":"example.com\/m","Test":"TestBad"/,
        '"Action":"pass","Package":"example.com/m","Test":"TestBad"'
      )
      .replace(/\n.*"Action":"fail","Package":"example.com\/m","Elapsed".*/, '')
      .replace(/\n.*"TestSkip".*/g, '');
    const after = {
      output: 'ok  \texample.com/m\t0.002s\n',
      exitCode: 0,
      reports: [{ file: '(go test -json)', kind: 'go-json' as const, text: events }]
    };
    const v = judgeRuns({ before: { output: before, exitCode: 1 }, after });
    expect(v.reasons).toEqual([]);
    expect(v.evidence.fixed).toEqual(['TestBad']);
    // Without the events, go's console names no passing test: nothing to prove the fix by.
    expect(judgeRuns({ before: { output: before, exitCode: 1 }, after: { ...after, reports: [] } }).ok).toBe(
      false
    );
  });
});
