import { FINGERPRINT_LINE_PREFIX } from '../../src/constants.js';
import { pullRequestBody, testFilesInDiff } from '../../src/report/pull-request.js';
import { attempts, diagnosis, diff, outsideFences, reproduction, run, spec, triage } from './fixtures.js';

describe('report/pull-request', () => {
  const body = pullRequestBody({
    run,
    triage,
    diagnosis,
    reproduction,
    repair: { attempts },
    diff,
    branch: 'nightwatch/fix-4242',
    spec
  });

  it('carries the diagnosis, the fenced chunk with file and line numbers, the diff and the regression test', () => {
    expect(body).toContain('### Diagnosis');
    expect(body).toContain('confidence 87%');
    expect(body).toContain(
      '> add() subtracts instead of adding; ping @\u200boctocat \\[click\\](https://evil.example)'
    );
    expect(body).toContain('Log `test/3_Run pytest.txt`, lines 120–126');
    expect(body).toContain('120 | FAILED tests/test_calc.py::test_add - assert -1 == 3');
    expect(body).toContain('126 | E   AssertionError');
    expect(body).toContain('```diff\ndiff --git a/calc.py b/calc.py');
    expect(body).toContain('+    return a + b');
    expect(body).toMatch(/### Regression test\n\n`tests\/test_regression_add\.py` — fails on `0123456789ab`/);
  });

  it('shows before/after evidence with commands, images and exit codes, the attempts and local repro', () => {
    expect(body).toContain(
      '**Before (failing commit):** `python -m pytest -q` in `nightwatch-test-python:1` → exit code **1** (2.3 s)'
    );
    expect(body).toContain(
      '**After (this branch):** `python -m pytest -q` in `nightwatch-test-python:1` → exit code **0**'
    );
    expect(body).toContain('2 passed in 0.01s');
    expect(body).toMatch(/\| 1 \| `model` \| ❌ fail \| `calc.py` \| Tried multiplication \|/);
    expect(body).toMatch(/\| 2 \| `model` \| ✅ pass \|/);
    expect(body).toContain('git checkout 0123456789abcdef0123456789abcdef01234567');
    expect(body).toContain(
      `docker run --rm -v "$PWD":/work -w /work nightwatch-test-python:1 sh -c 'pip install -e . && python -m pytest -q'`
    );
  });

  it('ends with the visible fingerprint line', () => {
    expect(body.trimEnd().split('\n').pop()).toBe(`${FINGERPRINT_LINE_PREFIX} fp1234567890abcd`);
  });

  it('neutralises mentions, HTML and links from logs and the model outside fences, and closes every fence', () => {
    const live = outsideFences(body);
    expect(live).not.toMatch(/(^|[^\w])@(octocat|acme)/);
    expect(live).not.toContain('<img');
    expect(live).not.toContain('<b>');
    expect(live).not.toContain('[click](https://evil.example)');
    // the hostile chunk stays inside one fence, which its own ``` and ```` cannot close
    expect(body).toMatch(/`{5}\n120 \| FAILED/);
  });

  it("stays under GitHub's body limit with huge diffs and outputs", () => {
    const big = pullRequestBody({
      run,
      triage: { ...triage, chunk: { ...triage.chunk, text: 'x\n'.repeat(40000) } },
      diagnosis,
      reproduction: { ...reproduction, outputTail: 'y'.repeat(100000) },
      repair: { attempts: attempts.map(a => ({ ...a, outputTail: 'z'.repeat(100000) })) },
      diff: `+++ b/a.py\n${'+line\n'.repeat(30000)}`,
      branch: 'nightwatch/fix-4242',
      spec
    });
    expect(big.length).toBeLessThanOrEqual(65000);
    expect(big).toContain(`${FINGERPRINT_LINE_PREFIX} fp1234567890abcd`);
    outsideFences(big);
  });

  it('uses the repair result: the regression test with its failing run, and the verifying run', () => {
    const b = pullRequestBody({
      run,
      triage,
      diagnosis,
      reproduction,
      repair: {
        attempts,
        regressionTest: {
          file: 'tests/test_nw_regression.py',
          content: 'def test_add():\n    assert add(2, 2) == 4\n',
          failedBefore: {
            exitCode: 1,
            output: 'E  assert 0 == 4',
            durationMs: 900,
            image: 'nightwatch-test-python:1'
          }
        },
        after: {
          exitCode: 0,
          output: '5 passed in 0.03s',
          durationMs: 1200,
          image: 'nightwatch-test-python:1'
        }
      },
      diff,
      branch: 'nightwatch/fix-4242',
      spec
    });
    expect(b).toMatch(/`tests\/test_nw_regression\.py`, `tests\/test_regression_add\.py` — fails on/);
    expect(b).toContain('def test_add():\n    assert add(2, 2) == 4');
    expect(b).toContain(
      '**Regression test on the failing commit:** `python -m pytest -q` in `nightwatch-test-python:1` → exit code **1** (0.9 s)'
    );
    expect(b).toContain('E  assert 0 == 4');
    expect(b).toContain(
      '**After (this branch):** `python -m pytest -q` in `nightwatch-test-python:1` → exit code **0** (1.2 s)'
    );
    expect(b).toContain('5 passed in 0.03s');
  });

  it('recognises test files in a diff', () => {
    expect(testFilesInDiff(diff)).toEqual(['tests/test_regression_add.py']);
    expect(testFilesInDiff('+++ b/src/x.test.ts\n+++ b/src/x.ts\n+++ b/pkg/a_test.go')).toEqual([
      'src/x.test.ts',
      'pkg/a_test.go'
    ]);
  });
});
