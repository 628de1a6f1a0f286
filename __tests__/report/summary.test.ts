import { jobSummary } from '../../src/report/summary.js';
import { attempts, diagnosis, outsideFences, reproduction, run, triage } from './fixtures.js';

describe('report/summary', () => {
  it('summarises a fix: run, mode, failure, fingerprint, PR link, attempts and refusals', () => {
    const md = jobSummary({
      status: 'fixed',
      outcome: {
        kind: 'fixed',
        branch: 'nightwatch/fix-4242',
        prUrl: 'https://github.com/acme/calc/pull/9',
        prNumber: 9
      },
      mode: 'fix',
      run,
      triage,
      diagnosis,
      reproduction,
      attempts,
      refusals: [{ action: 'dispatch', reason: "mode 'fix' @octocat <b>" }],
      usage: { calls: 2, promptTokens: 100, outputTokens: 20, estimatedCostUsd: 0.001 }
    });
    expect(md).toContain('## Nightwatch: ✅ Fixed');
    expect(md).toContain('| Status | `fixed` |');
    expect(md).toContain('[CI run 4242](https://github.com/acme/calc/actions/runs/4242)');
    expect(md).toContain('| Fingerprint | `fp1234567890abcd` |');
    expect(md).toContain('`nightwatch/fix-4242` → [PR #9](https://github.com/acme/calc/pull/9)');
    expect(md).toContain('### Attempts (2)');
    expect(md).toContain('### Refused by safe outputs');
    expect(md).toContain('reproduced: `python -m pytest -q` in `nightwatch-test-python:1`, exit 1');
    expect(md).toContain('2 calls, 100+20 tokens');
    expect(outsideFences(md)).not.toMatch(/(^|[^\w])@octocat|<b>/);
  });

  it('takes reproduction, attempts and usage from the heal report of a pipeline result', () => {
    const md = jobSummary({
      status: 'escalated',
      outcome: {
        kind: 'escalated',
        reason: 'no verified fix',
        issueUrl: 'https://github.com/acme/calc/issues/3'
      },
      attempts: 2,
      heal: {
        reproduction,
        repair: { attempts, usage: { calls: 4, promptTokens: 10, outputTokens: 5, estimatedCostUsd: 0.5 } }
      }
    });
    expect(md).toContain('| Escalated | no verified fix → [issue](https://github.com/acme/calc/issues/3) |');
    expect(md).toContain('### Attempts (2)');
    expect(md).toContain('reproduced: `python -m pytest -q`');
    expect(md).toContain('4 calls, 10+5 tokens, ~$0.5000');
  });

  it('keeps a verified fix that could not be delivered: the error, then the edits as a patch', () => {
    const md = jobSummary({
      status: 'error',
      outcome: { kind: 'error', message: 'The app-token was refused: Bad credentials' },
      run,
      triage,
      diagnosis,
      heal: {
        reproduction,
        repair: {
          attempts,
          edits: [
            { file: 'calc.py', search: '    return totl\n', replace: '    return total\n' },
            { file: 'tests/test_new.py', search: '', replace: 'def test_x():\n    assert True\n' }
          ]
        }
      }
    });
    expect(md).toContain('## Nightwatch: 💥 Error');
    expect(md).toContain('| Error | The app-token was refused: Bad credentials |');
    expect(md).toContain('### The verified fix (not delivered)');
    expect(md).toContain('```diff\n--- a/calc.py\n+++ b/calc.py\n-    return totl\n+    return total\n');
    expect(md).toContain('+++ b/tests/test_new.py\n+def test_x():\n+    assert True\n```');
    // Not for a delivered fix: there the PR carries the diff.
    expect(
      jobSummary({
        status: 'fixed',
        heal: { repair: { attempts, edits: [{ file: 'a', search: 'x', replace: 'y' }] } }
      })
    ).not.toContain('not delivered');
  });

  it('summarises a skip with the attempts as a number and a dry run', () => {
    const md = jobSummary({
      status: 'skipped',
      outcome: { kind: 'skipped', reason: 'loop guard' },
      mode: 'comment',
      dryRun: true,
      attempts: 0
    });
    expect(md).toContain('⏭️ Skipped');
    expect(md).toContain('`comment` (dry run)');
    expect(md).toContain('| Skipped | loop guard |');
    expect(md).not.toContain('Attempts');
  });
});
