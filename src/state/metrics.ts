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

/** Share of handled runs that ended escalated (0 when none). */
export function escalationRate(metrics: Metrics): number {
  return metrics.runs === 0 ? 0 : metrics.escalated / metrics.runs;
}

/** One day of the ledger (UTC). */
export interface DayMetrics {
  date: string;
  runs: number;
  fixed: number;
  escalated: number;
  costUsd: number;
}

/** What `metrics --json` prints (README, the contract in DESIGN.md). */
export interface MetricsReport extends Metrics {
  fixRate: number;
  escalationRate: number;
  costUsd: number;
  topFingerprints: { fingerprint: string; count: number }[];
  byDay: DayMetrics[];
}

/** The totals, the rates, the most frequent fingerprints and the ledger by day (oldest first). */
export function metricsReport(state: NightwatchState, top = 10): MetricsReport {
  const m = state.metrics;
  const days = new Map<string, DayMetrics>();
  for (const e of state.ledger) {
    if (e.status.startsWith('rerun-')) continue; // a settled re-run is not a handled run
    const date = e.at.slice(0, 10);
    const d = days.get(date) ?? { date, runs: 0, fixed: 0, escalated: 0, costUsd: 0 };
    d.runs += 1;
    if (e.status === 'fixed') d.fixed += 1;
    if (e.status === 'escalated') d.escalated += 1;
    d.costUsd = Math.round((d.costUsd + (e.costUsd ?? 0)) * 1e6) / 1e6;
    days.set(date, d);
  }
  return {
    ...m,
    fixRate: fixRate(m),
    escalationRate: escalationRate(m),
    costUsd: m.estimatedCostUsd,
    topFingerprints: Object.values(state.fingerprints)
      .sort((a, b) => b.count - a.count || a.fingerprint.localeCompare(b.fingerprint))
      .slice(0, top)
      .map(f => ({ fingerprint: f.fingerprint, count: f.count })),
    byDay: [...days.values()].sort((a, b) => a.date.localeCompare(b.date))
  };
}
