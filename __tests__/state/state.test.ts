import {
  StateFormatError,
  emptyState,
  parseState,
  serializeState,
  validateState
} from '../../src/state/state.js';

describe('state/state', () => {
  it('round-trips a full state through its JSON text', () => {
    const s = emptyState();
    s.ledger.push({
      runId: 1,
      runAttempt: 2,
      fingerprint: 'fp',
      status: 'fixed',
      branch: 'nightwatch/fix-1',
      prNumber: 3,
      at: '2026-01-01T00:00:00Z'
    });
    s.fingerprints.fp = {
      fingerprint: 'fp',
      category: 'test',
      firstSeen: 'a',
      lastSeen: 'b',
      count: 2,
      outcomes: { fixed: 1 },
      reruns: 1,
      passedOnRerun: 1
    };
    s.breaker = { consecutiveFailures: 3, openUntil: '2026-01-02T00:00:00.000Z' };
    s.metrics.runs = 4;
    s.reruns.push(99);
    expect(parseState(serializeState(s))).toEqual(s);
  });

  it('fills sections missing from an older file', () => {
    expect(validateState({ version: 1 })).toEqual(emptyState());
    expect(validateState({ version: 1, metrics: { runs: 2 } }).metrics).toEqual({
      ...emptyState().metrics,
      runs: 2
    });
  });

  it.each([
    ['not JSON', '{"version": 1,'],
    ['not an object', '[]'],
    ['another version', '{"version": 2}'],
    ['a ledger that is not an array', '{"version": 1, "ledger": {}}'],
    [
      'a ledger entry without runId',
      '{"version": 1, "ledger": [{"runAttempt": 1, "fingerprint": "x", "status": "s", "at": "t"}]}'
    ],
    [
      'a string count',
      '{"version": 1, "fingerprints": {"x": {"fingerprint": "x", "category": "c", "firstSeen": "a", "lastSeen": "b", "count": "2"}}}'
    ],
    ['a bad breaker time', '{"version": 1, "breaker": {"consecutiveFailures": 1, "openUntil": "soon"}}'],
    ['reruns of strings', '{"version": 1, "reruns": ["1"]}']
  ])('rejects %s with StateFormatError', (_what, text) => {
    expect(() => parseState(text)).toThrow(StateFormatError);
  });
});
