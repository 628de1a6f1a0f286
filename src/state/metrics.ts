/** Running totals of what Nightwatch did and what the model cost; pure functions over NightwatchState. */
import type { ModelUsage } from '../types.js';
import type { Metrics, NightwatchState } from './port.js';

/** Adds one handled run with its HealStatus and number of repair attempts. */
export function addOutcome(state: NightwatchState, status: string, attempts = 0): NightwatchState {
  const m: Metrics = {
    ...state.metrics,
    runs: state.metrics.runs + 1,
    attempts: state.metrics.attempts + attempts
  };
  if (status === 'fixed') m.fixed += 1;
  else if (status === 'escalated') m.escalated += 1;
  else if (status === 'error') m.errors += 1;
  else if (status === 'skipped' || status === 'not-reproduced' || status === 'passing') m.skipped += 1;
  return { ...state, metrics: m };
}

/** Adds the model usage of one heal. */
export function addUsage(state: NightwatchState, usage: ModelUsage | undefined): NightwatchState {
  if (!usage) return state;
  const m = state.metrics;
  return {
    ...state,
    metrics: {
      ...m,
      modelCalls: m.modelCalls + usage.calls,
      promptTokens: m.promptTokens + usage.promptTokens,
      outputTokens: m.outputTokens + usage.outputTokens,
      // Rounded to micro-dollars so that sums of floats stay readable in the JSON.
      estimatedCostUsd: Math.round((m.estimatedCostUsd + usage.estimatedCostUsd) * 1e6) / 1e6
    }
  };
}

/** Share of handled runs that ended fixed (0 when none). */
export function fixRate(metrics: Metrics): number {
  return metrics.runs === 0 ? 0 : metrics.fixed / metrics.runs;
}
