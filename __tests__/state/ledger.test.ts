import { alreadyHandled, entriesFor, recordRun } from '../../src/state/ledger.js';
import { MAX_LEDGER, emptyState } from '../../src/state/state.js';

describe('state/ledger', () => {
  it('records a handled run and knows it was handled, per attempt', () => {
    const s0 = emptyState();
    const s1 = recordRun(s0, {
      runId: 10,
      runAttempt: 1,
      fingerprint: 'fp',
      status: 'fixed',
      category: 'test',
      at: '2026-01-01T00:00:00Z',
      branch: 'nightwatch/fix-10',
      prNumber: 4
    });
    expect(s0.ledger).toEqual([]); // pure: the input is not changed
    expect(alreadyHandled(s1, 10, 1)).toBe(true);
    expect(alreadyHandled(s1, 10, 2)).toBe(false);
    expect(alreadyHandled(s1, 11, 1)).toBe(false);
    expect(s1.ledger[0]).toEqual({
      runId: 10,
      runAttempt: 1,
      fingerprint: 'fp',
      status: 'fixed',
      category: 'test',
      branch: 'nightwatch/fix-10',
      prNumber: 4,
      at: '2026-01-01T00:00:00Z'
    });
    expect(s1.fingerprints.fp).toMatchObject({
      count: 1,
      firstSeen: '2026-01-01T00:00:00Z',
      outcomes: { fixed: 1 },
      prNumber: 4,
      branch: 'nightwatch/fix-10'
    });
  });

  it('counts a fingerprint across runs and replaces a re-recorded attempt', () => {
    let s = emptyState();
    s = recordRun(s, {
      runId: 1,
      runAttempt: 1,
      fingerprint: 'fp',
      status: 'escalated',
      category: 'test',
      at: '2026-01-01T00:00:00Z',
      issueNumber: 8
    });
    s = recordRun(s, {
      runId: 2,
      runAttempt: 1,
      fingerprint: 'fp',
      status: 'fixed',
      category: 'test',
      at: '2026-01-02T00:00:00Z'
    });
    s = recordRun(s, {
      runId: 2,
      runAttempt: 1,
      fingerprint: 'fp',
      status: 'fixed',
      category: 'test',
      at: '2026-01-03T00:00:00Z'
    });
    expect(s.ledger.map(e => e.runId)).toEqual([1, 2]);
    expect(entriesFor(s, 'fp')).toHaveLength(2);
    expect(s.fingerprints.fp).toMatchObject({
      count: 3,
      firstSeen: '2026-01-01T00:00:00Z',
      lastSeen: '2026-01-03T00:00:00Z',
      issueNumber: 8,
      outcomes: { escalated: 1, fixed: 2 }
    });
  });

  it('keeps the ledger bounded', () => {
    let s = emptyState();
    for (let i = 0; i < MAX_LEDGER + 5; i++)
      s = recordRun(s, {
        runId: i,
        runAttempt: 1,
        fingerprint: `f${i % 3}`,
        status: 'skipped',
        category: 'infra'
      });
    expect(s.ledger).toHaveLength(MAX_LEDGER);
    expect(s.ledger[0]?.runId).toBe(5);
  });
});
