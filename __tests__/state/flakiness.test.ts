import {
  flakyScore,
  isFlaky,
  recordRerun,
  recordRerunResult,
  settleRerun,
  wasRerun
} from '../../src/state/flakiness.js';
import { recordRun } from '../../src/state/ledger.js';
import { emptyState } from '../../src/state/state.js';

describe('state/flakiness', () => {
  it('scores a fingerprint that failed, was re-run and passed as flaky', () => {
    let s = recordRerun(emptyState(), 'fp', 100);
    expect(wasRerun(s, 100)).toBe(true);
    expect(wasRerun(s, 101)).toBe(false);
    expect(flakyScore(s, 'fp')).toBe(0);
    expect(isFlaky(s, 'fp')).toBe(false);
    s = recordRerunResult(s, 'fp', true);
    expect(flakyScore(s, 'fp')).toBe(1);
    expect(isFlaky(s, 'fp')).toBe(true);
    s = recordRerun(s, 'fp', 200);
    s = recordRerunResult(s, 'fp', false);
    expect(flakyScore(s, 'fp')).toBe(0.5);
    s = recordRerun(s, 'fp', 300);
    expect(flakyScore(s, 'fp')).toBeCloseTo(1 / 3);
    expect(isFlaky(s, 'fp')).toBe(false);
    expect(s.reruns).toEqual([100, 200, 300]);
  });

  it('does not count the same run twice and knows nothing of unseen fingerprints', () => {
    const s = recordRerun(recordRerun(emptyState(), 'fp', 1), 'fp', 1);
    expect(s.reruns).toEqual([1]);
    expect(flakyScore(s, 'other')).toBe(0);
    expect(recordRerunResult(s, 'other', true)).toBe(s);
  });

  it('settles a re-run from the later attempt of the run, once', () => {
    let s = recordRun(emptyState(), {
      runId: 50,
      runAttempt: 1,
      fingerprint: 'net',
      status: 'rerun',
      category: 'infra'
    });
    s = recordRerun(s, 'net', 50);
    const passed = settleRerun(s, 50, 2, true, new Date('2026-01-01T00:00:00Z'));
    expect(flakyScore(passed, 'net')).toBe(1);
    expect(passed.ledger.at(-1)).toEqual({
      runId: 50,
      runAttempt: 2,
      fingerprint: 'net',
      status: 'rerun-passed',
      at: '2026-01-01T00:00:00.000Z'
    });
    expect(settleRerun(passed, 50, 2, true)).toBe(passed);
    expect(settleRerun(s, 51, 2, true)).toBe(s);
    const failed = settleRerun(s, 50, 2, false);
    expect(flakyScore(failed, 'net')).toBe(0);
    expect(failed.ledger.at(-1)?.status).toBe('rerun-failed');
  });
});
