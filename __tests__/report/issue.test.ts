import { FINGERPRINT_LINE_PREFIX } from '../../src/constants.js';
import { issueBody } from '../../src/report/issue.js';
import { attempts, diagnosis, outsideFences, reproduction, run, spec, triage } from './fixtures.js';

describe('report/issue', () => {
  const failing = attempts.map(a => ({ ...a, verdict: 'fail' as const }));
  const body = issueBody({
    run,
    triage,
    diagnosis,
    reproduction,
    repair: {
      attempts: failing,
      reason: 'no attempt passed',
      usage: { calls: 3, promptTokens: 1200, outputTokens: 300, estimatedCostUsd: 0.0123 }
    },
    reason: 'no verified fix after 2 attempts',
    spec
  });

  it('holds the whole analysis and every attempt with its edits and output tail', () => {
    expect(body).toContain('**Why:** no verified fix after 2 attempts');
    expect(body).toContain('### Diagnosis');
    expect(body).toContain('120 | FAILED tests/test_calc.py::test_add');
    expect(body).toContain('The failure reproduced in a sandbox.');
    expect(body).toContain('### Attempts (2)');
    expect(body).toContain('**Attempt 1** (`model`): ❌ fail');
    expect(body).toContain('**Attempt 2** (`model`): ❌ fail');
    expect(body).toContain('FAILED tests/test_calc.py::test_add - assert 2 == 3');
    expect(body).toContain('2 passed in 0.01s');
    expect(body).toContain('<<<<<<< search\nreturn a - b\n=======\nreturn a * b\n>>>>>>> replace');
    expect(body).toContain('Create `tests/test_regression_add.py`');
    expect(body).toContain('Model: 3 calls, 1200 prompt + 300 output tokens (~$0.0123).');
    expect(body).toContain('nightwatch-ci heal --repo .');
    expect(body.trimEnd().split('\n').pop()).toBe(`${FINGERPRINT_LINE_PREFIX} fp1234567890abcd`);
  });

  it('keeps untrusted text inert outside fences', () => {
    const live = outsideFences(body);
    expect(live).not.toMatch(/(^|[^\w])@(octocat|acme)/);
    expect(live).not.toContain('<img');
  });

  it('names the regression test that was written, with its failing exit code', () => {
    const b = issueBody({
      run,
      triage,
      diagnosis,
      reproduction,
      repair: {
        attempts: failing,
        regressionTest: {
          file: 'tests/test_nw.py',
          content: 'def test_x():\n    assert f() == 1\n',
          failedBefore: { exitCode: 1, output: 'E' }
        }
      },
      reason: 'r'
    });
    expect(b).toContain('Regression test written: `tests/test_nw.py` (exit code 1 on the failing commit).');
    expect(b).toContain('def test_x():');
  });

  it('works without a reproduction or repair', () => {
    const b = issueBody({ run, triage, diagnosis, reason: 'the breaker is open' });
    expect(b).toContain('_Not attempted._');
    expect(b).toContain('### Attempts (0)');
    expect(b).toContain(`${FINGERPRINT_LINE_PREFIX} fp1234567890abcd`);
  });
});
