/**
 * The StateStore port: Nightwatch's memory between runs. The memory is a fold of events: each run
 * appends its own events (an immutable batch: a run artifact in the action, a file in the CLI) and
 * a snapshot of what it folded; loading takes the newest snapshot plus every batch it has not folded,
 * so two runs at once never lose each other's updates (events.ts).
 */

/** One repair attempt as the ledger keeps it. */
export interface LedgerAttempt {
  n: number;
  /** `fixer:<name>` or `model`. */
  source: string;
  verdict: string;
  durationMs?: number;
}

/** One handled run. */
export interface LedgerEntry {
  runId: number;
  runAttempt: number;
  fingerprint: string;
  status: string;
  at: string;
  category?: string;
  /** Why the run ended as it did (the escalation reason, the skip reason, the error). */
  reason?: string;
  branch?: string;
  prNumber?: number;
  prUrl?: string;
  issueNumber?: number;
  issueUrl?: string;
  /** Who triggered the failed run (triggering_actor) or the dispatch. */
  actor?: string;
  attempts?: LedgerAttempt[];
  modelCalls?: number;
  promptTokens?: number;
  outputTokens?: number;
  costUsd?: number;
  /** Duration of each stage in ms (reproduce, repair, total). */
  durations?: Record<string, number>;
  /** The files the fix changed (a fixed run), for the lessons file. */
  files?: string[];
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
  /** What became of the fix PR: open until learned otherwise (learn.ts). */
  prState?: 'open' | 'merged' | 'closed';
  issueNumber?: number;
  commentId?: number;
  rootCause?: string;
  /** Times the failed jobs were re-run for this fingerprint (flakiness.ts). */
  reruns?: number;
  /** Of those re-runs, how many passed (a failure that passes on re-run is flaky). */
  passedOnRerun?: number;
  /** Of those re-runs, how many failed again (the failure is deterministic). */
  failedOnRerun?: number;
  /** Fix PRs for this fingerprint that were merged (the fix worked; learn.ts). */
  prsMerged?: number;
  /** Fix PRs for this fingerprint closed without merging (the fix did not work). */
  prsClosed?: number;
}

export interface BreakerState {
  /** Failed heals in a row (kept for reading; the breaker itself counts `failures` in a window). */
  consecutiveFailures: number;
  /** Legacy: the time until which an older version opened the breaker (no longer acted on). */
  openUntil?: string;
  /** ISO times of failed fixes and closed-unmerged fix PRs, newest last (at most 50). */
  failures?: string[];
  /** When the breaker was last reset by hand: failures before it no longer count. */
  resetAt?: string;
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
  /** Fix PRs learned merged (learn.ts); absent in older states. */
  prsMerged?: number;
  /** Fix PRs learned closed without merging. */
  prsClosed?: number;
}

/** An ignored or quarantined fingerprint: who said so, when, and why. */
export interface SteeringMark {
  at: string;
  actor?: string;
  reason?: string;
  /** Quarantines expire (ISO time); ignores last until unignored. */
  until?: string;
}

/** One line of the audit trail (the contract of `audit --json`: at, actor, action, fingerprint?, outcome). */
export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  fingerprint?: string;
  outcome: string;
  runId?: number;
  detail?: string;
}

/** Something that happened, as a run appends it; the state is the fold of them (events.ts). */
export type StateEvent =
  | { type: 'heal'; at: string; entry: LedgerEntry; rootCause?: string; rerun?: boolean; commentId?: number }
  | {
      type: 'rerun-result';
      at: string;
      runId: number;
      runAttempt: number;
      fingerprint: string;
      passed: boolean;
    }
  | {
      type: 'pr-result';
      at: string;
      fingerprint: string;
      prNumber: number;
      merged: boolean;
      closedAt?: string;
    }
  | {
      type: 'ignore' | 'unignore' | 'quarantine' | 'unquarantine';
      at: string;
      fingerprint: string;
      actor?: string;
      reason?: string;
      until?: string;
    }
  | {
      /** A past failed run triaged by a backfill (at: when it ran): remembered, never healed. */
      type: 'seen';
      at: string;
      runId: number;
      runAttempt: number;
      fingerprint: string;
      category: string;
      reason?: string;
    }
  | { type: 'breaker-reset'; at: string; actor?: string }
  /** Nightwatch told people about a failure of its own of this kind (state/alerts.ts). */
  | { type: 'alert'; at: string; kind: string }
  | { type: 'audit'; at: string; entry: AuditEntry };

export interface NightwatchState {
  version: 1;
  ledger: LedgerEntry[];
  fingerprints: Record<string, FingerprintRecord>;
  breaker: BreakerState;
  metrics: Metrics;
  /** Run ids whose failed jobs were already re-run once. */
  reruns: number[];
  /** Fingerprints a person said to leave alone: skipped with a reason that says so. */
  ignores: Record<string, SteeringMark>;
  /** Flaky fingerprints: re-run, never patched, until the mark expires or is lifted. */
  quarantines: Record<string, SteeringMark>;
  audit: AuditEntry[];
  /** When each kind of alert about Nightwatch itself was last sent (kind -> ISO time; alerts.ts). */
  alerts?: Record<string, string>;
  /** Event batches already folded into this state (batch name -> ISO time), so none counts twice. */
  folded: Record<string, string>;
  /** Events this run added and has not saved yet; never stored in a snapshot. */
  pending?: StateEvent[];
}

export interface StateStore {
  load(): Promise<NightwatchState>;
  /** Saves the events the run added (`state.pending`) and a snapshot; nothing when there are none. */
  save(state: NightwatchState): Promise<void>;
}
