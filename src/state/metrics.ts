/** Running totals of what Nightwatch did and what the model cost; pure functions over NightwatchState. */
import type { ModelUsage } from '../types.js';
import type { Metrics, NightwatchState } from './port.js';
import { emptyMetrics } from './state.js';

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
  /** Runs whose failed jobs were re-run (infrastructure or flaky). */
  reruns: number;
  /** Prompt plus output tokens. */
  tokens: number;
  /** Fingerprints seen at least `patternThreshold` times in the ledger up to the end of this day. */
  patterns: number;
}

/** A failure that keeps coming back: seen at least `patternThreshold` times. */
export interface PatternInfo {
  fingerprint: string;
  category: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
  outcomes: Record<string, number>;
  rootCause?: string;
}

/** What `metrics --json` prints (README, the contract in DESIGN.md). */
export interface MetricsReport extends Metrics {
  /** fixed / runs: the auto-fix rate. */
  fixRate: number;
  escalationRate: number;
  /** Of the runs in the ledger, the share whose failure the triage identified (a fingerprint). */
  detectionRate: number;
  /** Of the fix PRs opened, the share merged (0 when none). */
  successRate: number;
  pullRequests: { opened: number; merged: number; closed: number };
  /** Mean time from the start of a heal to its fix (ms), over the fixed runs in the ledger; null when none. */
  meanTimeToFixMs: number | null;
  /** Re-runs asked for, and how the settled ones ended. */
  reruns: { asked: number; passed: number; failed: number };
  costUsd: number;
  topFingerprints: { fingerprint: string; count: number }[];
  byDay: DayMetrics[];
  /** The occurrences from which a failure is a pattern (`pattern-threshold`). */
  patternThreshold: number;
  patterns: PatternInfo[];
}

/** The default of `pattern-threshold`: a failure seen this often is a pattern. */
export const DEFAULT_PATTERN_THRESHOLD = 3;

/** The UTC day of an ISO time (a stored time Date reads, whatever its spelling). */
function dayOf(at: string): string {
  const t = Date.parse(at);
  return Number.isNaN(t) ? 'unknown' : new Date(t).toISOString().slice(0, 10);
}

/** The fingerprints seen at least `threshold` times, most frequent first. */
export function patternsOf(state: NightwatchState, threshold = DEFAULT_PATTERN_THRESHOLD): PatternInfo[] {
  return Object.values(state.fingerprints)
    .filter(f => f.count >= threshold && f.fingerprint !== 'unknown')
    .sort((a, b) => b.count - a.count || a.fingerprint.localeCompare(b.fingerprint))
    .map(f => ({
      fingerprint: f.fingerprint,
      category: f.category,
      count: f.count,
      firstSeen: f.firstSeen,
      lastSeen: f.lastSeen,
      outcomes: f.outcomes,
      ...(f.rootCause !== undefined ? { rootCause: f.rootCause } : {})
    }));
}

/**
 * The totals (all time), the rates, the most frequent fingerprints, the patterns and the ledger by
 * day (oldest first; the ledger holds the retention's days).
 */
export function metricsReport(
  state: NightwatchState,
  top = 10,
  patternThreshold = DEFAULT_PATTERN_THRESHOLD
): MetricsReport {
  const m = state.metrics;
  const days = new Map<string, DayMetrics>();
  const seen = new Map<string, number>();
  const patterns = new Set<string>();
  let handled = 0;
  let detected = 0;
  let fixMs = 0;
  let fixTimed = 0;
  let rerunsAsked = 0;
  const ledger = [...state.ledger].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  for (const e of ledger) {
    // A settled re-run, or a past run a backfill only triaged, is not a handled run.
    if (e.status.startsWith('rerun-') || e.status === 'backfilled') continue;
    const date = dayOf(e.at);
    const d = days.get(date) ?? {
      date,
      runs: 0,
      fixed: 0,
      escalated: 0,
      costUsd: 0,
      reruns: 0,
      tokens: 0,
      patterns: 0
    };
    d.runs += 1;
    handled += 1;
    if (e.fingerprint !== 'unknown' && e.fingerprint !== '') detected += 1;
    if (e.status === 'fixed') {
      d.fixed += 1;
      if (e.durations?.total !== undefined) {
        fixMs += e.durations.total;
        fixTimed += 1;
      }
    }
    if (e.status === 'escalated') d.escalated += 1;
    if (e.status === 'rerun') {
      d.reruns += 1;
      rerunsAsked += 1;
    }
    d.tokens += (e.promptTokens ?? 0) + (e.outputTokens ?? 0);
    d.costUsd = Math.round((d.costUsd + (e.costUsd ?? 0)) * 1e6) / 1e6;
    const n = (seen.get(e.fingerprint) ?? 0) + 1;
    seen.set(e.fingerprint, n);
    if (n >= patternThreshold && e.fingerprint !== 'unknown') patterns.add(e.fingerprint);
    d.patterns = patterns.size;
    days.set(date, d);
  }
  const records = Object.values(state.fingerprints);
  // Fix PRs learned merged or closed: the all-time counters where the state keeps them, else the
  // fate of each fingerprint's latest PR.
  const merged = m.prsMerged ?? records.filter(f => f.prState === 'merged').length;
  const closed = m.prsClosed ?? records.filter(f => f.prState === 'closed').length;
  const prs = new Set(
    ledger.filter(e => e.prNumber !== undefined).map(e => `${e.fingerprint}#${e.prNumber}`)
  );
  for (const f of records) if (f.prNumber !== undefined) prs.add(`${f.fingerprint}#${f.prNumber}`);
  const opened = Math.max(prs.size, merged + closed);
  return {
    ...m,
    fixRate: fixRate(m),
    escalationRate: escalationRate(m),
    detectionRate: handled === 0 ? 0 : detected / handled,
    successRate: opened === 0 ? 0 : merged / opened,
    pullRequests: { opened, merged, closed },
    meanTimeToFixMs: fixTimed === 0 ? null : Math.round(fixMs / fixTimed),
    reruns: {
      asked: rerunsAsked,
      passed: records.reduce((n, f) => n + (f.passedOnRerun ?? 0), 0),
      failed: records.reduce((n, f) => n + (f.failedOnRerun ?? 0), 0)
    },
    costUsd: m.estimatedCostUsd,
    topFingerprints: records
      .sort((a, b) => b.count - a.count || a.fingerprint.localeCompare(b.fingerprint))
      .slice(0, top)
      .map(f => ({ fingerprint: f.fingerprint, count: f.count })),
    byDay: [...days.values()].sort((a, b) => a.date.localeCompare(b.date)),
    patternThreshold,
    patterns: patternsOf(state, patternThreshold)
  };
}

/**
 * The metrics of the runs in the ledger between `from` (inclusive) and `to` (exclusive): totals,
 * rates and top fingerprints counted from those runs only (the weekly digest).
 */
export function metricsBetween(
  state: NightwatchState,
  from: Date,
  to: Date,
  top = 10,
  patternThreshold = DEFAULT_PATTERN_THRESHOLD
): MetricsReport {
  const ledger = state.ledger.filter(e => {
    const t = Date.parse(e.at);
    return t >= from.getTime() && t < to.getTime();
  });
  let window: NightwatchState = { ...state, ledger, fingerprints: {}, metrics: emptyMetrics() };
  for (const e of ledger) {
    if (e.status.startsWith('rerun-') || e.status === 'backfilled') continue;
    window = addOutcome(window, e.status, e.attempts?.length ?? 0);
    window = addUsage(window, {
      calls: e.modelCalls ?? 0,
      promptTokens: e.promptTokens ?? 0,
      outputTokens: e.outputTokens ?? 0,
      estimatedCostUsd: e.costUsd ?? 0
    });
    const r = state.fingerprints[e.fingerprint];
    const old = window.fingerprints[e.fingerprint];
    window.fingerprints[e.fingerprint] = {
      fingerprint: e.fingerprint,
      category: e.category ?? r?.category ?? 'unknown',
      firstSeen: old?.firstSeen ?? e.at,
      lastSeen: e.at,
      count: (old?.count ?? 0) + 1,
      outcomes: { ...(old?.outcomes ?? {}), [e.status]: (old?.outcomes[e.status] ?? 0) + 1 },
      ...(r?.rootCause !== undefined ? { rootCause: r.rootCause } : {})
    };
  }
  return metricsReport(window, top, patternThreshold);
}
