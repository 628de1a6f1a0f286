import { readdirSync, readFileSync } from 'node:fs';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { accountJUnitXml, accountTests, executed } from '../../src/repair/accounting.js';
import {
  cheatsIn,
  judgeRuns,
  refuseRegressionFailure,
  refuseRegressionFile
} from '../../src/repair/proof.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIX = path.join(HERE, 'fixtures', 'accounting');
const fixture = (name: string): string => readFileSync(path.join(FIX, name), 'utf8');
const BUGSWARM = [path.join(HERE, '..', '..', '..', 'shared'), '/work/shared']
  .map(d => path.join(d, 'datasets', 'bugswarm-gha-dev'))
  .find(d => existsSync(d)) as string;

describe('test accounting on real runner output', () => {
  // Each fixture is the real output of the runner on a file with 2 passing, 2 failing, 1 skipped
  // test (pytest, unittest: 1 passing, 1 failing), captured in the offline test images.
  it.each(['pytest-q.txt', 'pytest-v.txt', 'pytest-rA.txt'])('pytest %s', name => {
    const acc = accountTests(fixture(name));
    expect(acc.runners).toContain('pytest');
    expect(acc.counts).toEqual({ passed: 2, failed: 2, errored: 0, skipped: 1 });
    expect(acc.tests.get('tests/test_a.py::test_bad')).toBe('failed');
    expect(acc.tests.get('tests/test_a.py::T::test_v')).toBe('failed');
    if (name !== 'pytest-q.txt') expect(acc.tests.get('tests/test_a.py::test_ok')).toBe('passed');
  });

  it('pytest -v names the skipped test', () => {
    expect(accountTests(fixture('pytest-v.txt')).tests.get('tests/test_a.py::test_skip')).toBe('skipped');
  });

  it('a deselecting run executed nothing', () => {
    const acc = accountTests(fixture('pytest-deselected.txt'));
    expect(executed(acc.counts)).toBe(0);
    expect(acc.counts.skipped).toBe(5);
  });

  it('unittest -v', () => {
    const acc = accountTests(fixture('unittest-v.txt'));
    expect(acc.runners).toEqual(['unittest']);
    expect(acc.counts).toEqual({ passed: 1, failed: 1, errored: 0, skipped: 0 });
    expect(acc.tests.get('tests.test_a.T.test_v')).toBe('failed');
    expect(acc.tests.get('tests.test_a.T.test_u')).toBe('passed');
  });

  it('node:test', () => {
    const acc = accountTests(fixture('node-test.txt'));
    expect(acc.runners).toEqual(['node:test']);
    expect(acc.counts).toEqual({ passed: 1, failed: 1, errored: 0, skipped: 1 });
  });

  it.each(['go-v.txt', 'go-json.txt'])('go test %s', name => {
    const acc = accountTests(fixture(name));
    expect(acc.runners).toEqual(['go']);
    expect(acc.counts).toEqual({ passed: 1, failed: 1, errored: 0, skipped: 1 });
    const bad = [...acc.tests].find(([id]) => id.endsWith('TestBad'));
    expect(bad?.[1]).toBe('failed');
  });

  it('cargo test and Surefire totals', () => {
    const cargo = accountTests(
      'running 3 tests\ntest a::ok ... ok\ntest a::bad ... FAILED\ntest a::later ... ignored\n\n' +
        'test result: FAILED. 1 passed; 1 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.00s\n'
    );
    expect(cargo.counts).toEqual({ passed: 1, failed: 1, errored: 0, skipped: 1 });
    expect(cargo.tests.get('a::bad')).toBe('failed');
    const mvn = accountTests(
      '[INFO] Tests run: 3, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 0.1 s - in a.ATest\n' +
        '[INFO] Results:\n[ERROR] Tests run: 7, Failures: 1, Errors: 1, Skipped: 2\n'
    );
    expect(mvn.counts).toEqual({ passed: 3, failed: 1, errored: 1, skipped: 2 });
  });

  it('JUnit XML reports', () => {
    const acc = accountJUnitXml(
      '<testsuite><testcase classname="a.B" name="ok"/><testcase classname="a.B" name="bad"><failure message="x"/></testcase>' +
        '<testcase classname="a.B" name="later"><skipped/></testcase></testsuite>'
    );
    expect(acc.counts).toEqual({ passed: 1, failed: 1, errored: 0, skipped: 1 });
    expect(acc.tests.get('a.B.bad')).toBe('failed');
  });

  it('says so when nothing is countable', () => {
    const acc = accountTests('make: *** [all] Error 2\n');
    expect(acc.readable).toBe(false);
  });

  // BugSwarm's analyzer fixtures: real GitHub Actions logs with the expected totals.
  it('agrees with BugSwarm on the jest and mocha logs whose totals it knows', () => {
    const rows = readFileSync(path.join(BUGSWARM, 'expected.csv'), 'utf8').trim().split('\n');
    const head = rows[0].split(',');
    const col = (r: string[], k: string): string => r[head.indexOf(k)];
    let checked = 0;
    let agreed = 0;
    for (const line of rows.slice(1)) {
      const r = line.split(',');
      if (!['javascript/jest', 'javascript/mocha'].includes(col(r, 'dir'))) continue;
      const ok = Number(col(r, 'num_t_ok'));
      if (!Number.isFinite(ok) || col(r, 'num_t_run') === '0') continue;
      const file = path.join(BUGSWARM, col(r, 'dir'), col(r, 'log'));
      if (!readdirSync(path.dirname(file)).includes(path.basename(file))) continue;
      const text = readFileSync(file, 'utf8').replace(/^\d{4}-\d\d-\d\dT[\d:.]+Z /gm, '');
      const acc = accountTests(text);
      checked++;
      if (acc.counts.passed === ok && acc.counts.failed === Number(col(r, 'num_t_failed'))) agreed++;
    }
    expect(checked).toBeGreaterThanOrEqual(2);
    // Reported in the closing note; every known jest/mocha log must agree.
    expect(agreed).toBe(checked);
  });
});

describe('the edit gate', () => {
  const e = (file: string, search: string, replace: string) => ({ file, search, replace });

  it('lets a real fix through', () => {
    expect(cheatsIn([e('src/calc.py', 'return a - b', 'return a + b')])).toEqual([]);
    expect(
      cheatsIn([e('tests/test_regression.py', '', 'def test_add():\n    assert add(1, 2) == 3\n')])
    ).toEqual([]);
  });

  it.each([
    ['a skip marker', e('tests/test_a.py', 'def test_bad():', '@pytest.mark.skip\ndef test_bad():')],
    ['an xfail marker', e('tests/test_a.py', 'def test_bad():', '@pytest.mark.xfail\ndef test_bad():')],
    [
      'a conftest that skips',
      e('conftest.py', '', 'import pytest\ndef pytest_collection_modifyitems(items):\n    pass\n')
    ],
    ['-k in pytest.ini', e('pytest.ini', '', '[pytest]\naddopts = -k "not bad"\n')],
    [
      '--deselect in pyproject',
      e(
        'pyproject.toml',
        '[tool.pytest.ini_options]',
        '[tool.pytest.ini_options]\naddopts = "--deselect tests/test_a.py::test_bad"'
      )
    ],
    [
      'a deleted assertion',
      e('tests/test_a.py', 'def test_bad():\n    assert add(1, 2) == 3\n', 'def test_bad():\n    pass\n')
    ],
    [
      'a changed expectation',
      e('tests/test_a.py', '    assert add(1, 2) == 3', '    assert add(1, 2) == -1')
    ],
    ['assert True', e('tests/test_new.py', '', 'def test_x():\n    assert True\n')],
    ['a deleted test', e('tests/test_a.py', 'def test_bad():\n    assert add(1, 2) == 3\n', '')],
    [
      'a swallowed exception',
      e(
        'src/calc.py',
        '    return parse(x)',
        '    try:\n        return parse(x)\n    except Exception:\n        pass'
      )
    ],
    ['it.skip', e('src/a.test.ts', "it('adds', () => {", "it.skip('adds', () => {")],
    ['the test script', e('package.json', '"test": "jest"', '"test": "jest --testPathIgnorePatterns a"')]
  ])('refuses %s', (_name, edit) => {
    expect(cheatsIn([edit]).length).toBeGreaterThan(0);
  });

  it('allows a changed expectation only when the diagnosis says the test is wrong', () => {
    const edit = e('tests/test_a.py', '    assert add(1, 2) == 4', '    assert add(1, 2) == 3');
    expect(cheatsIn([edit])).not.toEqual([]);
    expect(cheatsIn([edit], { allowTestExpectationChange: true })).toEqual([]);
  });

  it('never lets a test be deleted, even when the diagnosis says a test is wrong', () => {
    const edit = e('tests/test_a.py', 'def test_bad():\n    assert add(1, 2) == 4\n', '');
    expect(cheatsIn([edit], { allowTestExpectationChange: true }).join('\n')).toMatch(
      /deletes or renames 1 existing test/
    );
  });

  it('the regression test is a test file, never a conftest or config', () => {
    expect(refuseRegressionFile('conftest.py')).toBeDefined();
    expect(refuseRegressionFile('tests/conftest.py')).toBeDefined();
    expect(refuseRegressionFile('setup.cfg')).toBeDefined();
    expect(refuseRegressionFile('src/helper.py')).toBeDefined();
    expect(refuseRegressionFile('tests/test_regression_add.py')).toBeUndefined();
    expect(refuseRegressionFile('src/add.test.ts')).toBeUndefined();
  });

  it('a regression test must fail by a failing test, not by collection or nothing collected', () => {
    expect(refuseRegressionFailure(fixture('pytest-q.txt'), 1)).toBeUndefined();
    expect(refuseRegressionFailure('\nno tests ran in 0.01s\n', 5)).toMatch(/no tests ran/);
    expect(refuseRegressionFailure(fixture('pytest-deselected.txt'), 5)).toMatch(/no test failed/);
    expect(
      refuseRegressionFailure(
        '_ ERROR collecting tests/test_r.py _\nE   ModuleNotFoundError: No module named x\n' +
          'ERROR tests/test_r.py\n1 error in 0.05s\n',
        2
      )
    ).toMatch(/could not collect/);
    expect(refuseRegressionFailure('1 passed in 0.01s\n', 0)).toMatch(/passes/);
  });
});

describe('judging a verified run', () => {
  const broken = { output: fixture('pytest-v.txt'), exitCode: 1 };

  it('a real fix: every failing test passes, nothing newly skipped', () => {
    const after =
      'tests/test_a.py::test_ok PASSED\ntests/test_a.py::test_bad PASSED\ntests/test_a.py::test_skip SKIPPED (x)\n' +
      'tests/test_a.py::T::test_u PASSED\ntests/test_a.py::T::test_v PASSED\n' +
      '==================== 4 passed, 1 skipped in 0.01s ====================\n';
    const v = judgeRuns({ before: broken, after: { output: after, exitCode: 0 }, reruns: [0, 0] });
    expect(v.reasons).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.evidence.fixed).toEqual(['tests/test_a.py::test_bad', 'tests/test_a.py::T::test_v']);
    expect(v.evidence.before).toMatchObject({ passed: 2, failed: 2, skipped: 1 });
    expect(v.evidence.after).toMatchObject({ passed: 4, failed: 0, skipped: 1 });
    expect(v.evidence.reruns).toBe(2);
  });

  it('pytest -q: green totals stand for the failing tests it does not name', () => {
    const v = judgeRuns({
      before: { output: fixture('pytest-q.txt'), exitCode: 1 },
      after: { output: '....s                  [100%]\n4 passed, 1 skipped in 0.01s\n', exitCode: 0 }
    });
    expect(v.ok).toBe(true);
    expect(v.evidence.fixed).toHaveLength(2);
  });

  it('a broken run that collected nothing (an import error) has no skip count to compare with', () => {
    const v = judgeRuns({
      before: {
        output:
          '_ ERROR collecting tests/test_a.py _\nE   ImportError: cannot import name x\n1 error in 0.05s\n',
        exitCode: 2
      },
      after: { output: '40 passed, 2 xfailed, 10 deselected in 0.3s\n', exitCode: 0 }
    });
    expect(v.reasons).toEqual([]);
    expect(v.evidence.notes.join('\n')).toMatch(/ran no test \(collection failed\)/);
  });

  it('a conftest that skips everything is not a fix', () => {
    const v = judgeRuns({ before: broken, after: { output: 'sssss\n5 skipped in 0.01s\n', exitCode: 0 } });
    expect(v.ok).toBe(false);
    expect(v.reasons.join('\n')).toMatch(/fewer than|more test\(s\) skipped/);
  });

  it('a deleted failing test is missing, not fixed', () => {
    const after =
      'tests/test_a.py::test_ok PASSED\ntests/test_a.py::test_skip SKIPPED (x)\ntests/test_a.py::T::test_u PASSED\n' +
      'tests/test_a.py::T::test_v PASSED\n3 passed, 1 skipped in 0.01s\n';
    const v = judgeRuns({ before: broken, after: { output: after, exitCode: 0 } });
    expect(v.ok).toBe(false);
    expect(v.reasons.join('\n')).toMatch(/test_bad did not run/);
  });

  it('a fix whose tests fail on a re-run is not delivered', () => {
    const after = '5 passed in 0.01s\n';
    const v = judgeRuns({
      before: { output: '1 failed, 4 passed in 0.1s\n', exitCode: 1 },
      after: { output: after, exitCode: 0 },
      reruns: [0, 1]
    });
    expect(v.ok).toBe(false);
    expect(v.reasons.join('\n')).toMatch(/re-run 2/);
  });
});

describe('node:test: a test file that failed to load (real Node 18 output, nightwatch-test-node:1)', () => {
  const broken = readFileSync(path.join(FIX, 'node-test-load-error.txt'), 'utf8');
  const fixedRun = readFileSync(path.join(FIX, 'node-test-load-fixed.txt'), 'utf8');

  it('is fixed when it loads and the run is green with more tests passing', () => {
    const v = judgeRuns({
      before: { output: broken, exitCode: 1 },
      after: { output: fixedRun, exitCode: 0 }
    });
    expect(v.reasons).toEqual([]);
    expect(v.evidence.fixed).toEqual(['/w/test/a.test.js']);
    expect(v.evidence.notes.join('\n')).toMatch(
      /failed to load; it now loads and the run passes 1 more test/
    );
  });

  it('is not fixed by emptying the file: no more tests pass than before', () => {
    const emptied = fixedRun
      .replace(/# Subtest: formats\nok 1 - formats\n {2}---\n {2}duration_ms: [\d.]+\n {2}\.\.\.\n/, '')
      .replace('# tests 2', '# tests 1')
      .replace('# pass 2', '# pass 1');
    const v = judgeRuns({ before: { output: broken, exitCode: 1 }, after: { output: emptied, exitCode: 0 } });
    expect(v.ok).toBe(false);
    expect(v.reasons.join('\n')).toMatch(/a\.test\.js did not run/);
  });

  it('is not fixed by a run that still fails', () => {
    const v = judgeRuns({
      before: { output: broken, exitCode: 1 },
      after: { output: fixedRun.replace('# fail 0', '# fail 1'), exitCode: 1 }
    });
    expect(v.ok).toBe(false);
  });
});
