import { addOutcome, addUsage, fixRate } from '../../src/state/metrics.js';
import { emptyState } from '../../src/state/state.js';

describe('state/metrics', () => {
  it('adds outcomes, attempts and model usage', () => {
    let s = emptyState();
    s = addOutcome(s, 'fixed', 2);
    s = addOutcome(s, 'escalated', 5);
    s = addOutcome(s, 'error');
    s = addOutcome(s, 'skipped');
    s = addOutcome(s, 'diagnosed');
    s = addUsage(s, { calls: 3, promptTokens: 1000, outputTokens: 200, estimatedCostUsd: 0.1 });
    s = addUsage(s, { calls: 1, promptTokens: 10, outputTokens: 2, estimatedCostUsd: 0.2 });
    s = addUsage(s, undefined);
    expect(s.metrics).toEqual({
      runs: 5,
      fixed: 1,
      escalated: 1,
      skipped: 1,
      errors: 1,
      attempts: 7,
      modelCalls: 4,
      promptTokens: 1010,
      outputTokens: 202,
      estimatedCostUsd: 0.3
    });
    expect(fixRate(s.metrics)).toBeCloseTo(0.2);
    expect(fixRate(emptyState().metrics)).toBe(0);
  });
});
