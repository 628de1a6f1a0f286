/** The StateStore port: Nightwatch's memory between runs (kept as run artifacts in the action). */

/** One handled run. */
export interface LedgerEntry {
  runId: number;
  runAttempt: number;
  fingerprint: string;
  status: string;
  branch?: string;
  prNumber?: number;
  issueNumber?: number;
  at: string;
}

/** Everything known about one failure fingerprint. */
export interface FingerprintRecord {
  fingerprint: string;
  category: string;
  firstSeen: string;
  lastSeen: string;
  count: number;
  outcomes: Record<string, number>;
  branch?: string;
  prNumber?: number;
  issueNumber?: number;
  commentId?: number;
  rootCause?: string;
  /** Times the failed jobs were re-run for this fingerprint (flakiness.ts). */
  reruns?: number;
  /** Of those re-runs, how many passed (a failure that passes on re-run is flaky). */
  passedOnRerun?: number;
}

export interface BreakerState {
  /** Consecutive failed heals (escalations/errors). */
  consecutiveFailures: number;
  /** ISO time until which the breaker is open (no repair attempts). */
  openUntil?: string;
}

export interface Metrics {
  runs: number;
  fixed: number;
  escalated: number;
  skipped: number;
  errors: number;
  attempts: number;
  modelCalls: number;
  promptTokens: number;
  outputTokens: number;
  estimatedCostUsd: number;
}

export interface NightwatchState {
  version: 1;
  ledger: LedgerEntry[];
  fingerprints: Record<string, FingerprintRecord>;
  breaker: BreakerState;
  metrics: Metrics;
  /** Run ids whose failed jobs were already re-run once. */
  reruns: number[];
}

export interface StateStore {
  load(): Promise<NightwatchState>;
  save(state: NightwatchState): Promise<void>;
}
