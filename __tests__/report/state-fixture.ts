/**
 * A state made the way the pipeline makes it (recordHeal's events folded, a PR's fate learned), with
 * numbers checkable by hand, and an attacker's fingerprint, reason and root cause in it.
 */
import { recordHeal } from '../../src/pipeline/record.js';
import { emit } from '../../src/state/events.js';
import type { NightwatchState } from '../../src/state/port.js';
import { emptyState } from '../../src/state/state.js';
import type { HealStatus, Outcome, Triage } from '../../src/types.js';

export const XSS = `<img src=x onerror="document.title='pwned'"><script>document.title='pwned'</script>`;
export const XSS_FP = `fp-"><svg onload=alert(1)>${XSS}`;

interface Heal {
  day: string;
  fp: string;
  status: HealStatus;
  outcome?: Outcome;
  costUsd?: number;
  totalMs?: number;
  files?: string[];
  rootCause?: string;
  runId: number;
}

export function heal(state: NightwatchState, h: Heal): NightwatchState {
  return recordHeal(
    state,
    {
      runId: h.runId,
      runAttempt: 1,
      status: h.status,
      outcome: h.outcome,
      attempts: 1,
      attemptLog: [{ n: 1, source: 'model', verdict: h.status === 'fixed' ? 'pass' : 'fail' }],
      triage: { fingerprint: h.fp, category: 'test' } as Triage,
      usage: { calls: 1, promptTokens: 100, outputTokens: 20, estimatedCostUsd: h.costUsd ?? 0.01 },
      rootCause: h.rootCause,
      durations: h.totalMs !== undefined ? { total: h.totalMs } : undefined,
      files: h.files,
      actor: 'bob'
    },
    new Date(`${h.day}T10:00:00.000Z`)
  );
}

/**
 * Six runs over three days: fpA fails 3 times (escalated; fixed by PR #7, merged, and it came back; fixed by PR #9, merged),
 * fpB once (escalated), the attacker's fingerprint twice (escalated), one re-run of fpC.
 */
export function sampleState(): NightwatchState {
  let s = emptyState();
  s = heal(s, {
    runId: 11,
    day: '2026-11-20',
    fp: 'fpA',
    status: 'escalated',
    outcome: {
      kind: 'escalated',
      reason: 'no verified fix',
      issueNumber: 3,
      issueUrl: 'https://github.com/acme/calc/issues/3'
    },
    rootCause: 'round_money truncates instead of rounding'
  });
  s = heal(s, {
    runId: 12,
    day: '2026-11-20',
    fp: XSS_FP,
    status: 'escalated',
    outcome: { kind: 'escalated', reason: XSS, issueUrl: 'javascript:alert(1)' },
    rootCause: XSS
  });
  s = heal(s, {
    runId: 13,
    day: '2026-11-21',
    fp: 'fpA',
    status: 'fixed',
    outcome: {
      kind: 'fixed',
      branch: 'nightwatch/fix-13',
      prNumber: 7,
      prUrl: 'https://github.com/acme/calc/pull/7'
    },
    totalMs: 120_000,
    files: ['src/money.py', 'tests/test_money_regression.py']
  });
  s = emit(s, {
    type: 'pr-result',
    at: '2026-11-21T12:00:00.000Z',
    fingerprint: 'fpA',
    prNumber: 7,
    merged: true
  });
  s = heal(s, {
    runId: 14,
    day: '2026-11-21',
    fp: 'fpB',
    status: 'escalated',
    outcome: { kind: 'escalated', reason: 'low confidence' }
  });
  s = heal(s, {
    runId: 15,
    day: '2026-11-22',
    fp: 'fpC',
    status: 'rerun',
    outcome: { kind: 'rerun', jobs: [1] }
  });
  s = heal(s, {
    runId: 16,
    day: '2026-11-22',
    fp: XSS_FP,
    status: 'escalated',
    outcome: { kind: 'escalated', reason: 'again' }
  });
  s = heal(s, {
    runId: 17,
    day: '2026-11-22',
    fp: 'fpA',
    status: 'fixed',
    outcome: {
      kind: 'fixed',
      branch: 'nightwatch/fix-17',
      prNumber: 9,
      prUrl: 'https://github.com/acme/calc/pull/9'
    },
    totalMs: 60_000,
    files: ['src/money.py']
  });
  s = emit(s, {
    type: 'pr-result',
    at: '2026-11-22T12:00:00.000Z',
    fingerprint: 'fpA',
    prNumber: 9,
    merged: true
  });
  return s;
}
