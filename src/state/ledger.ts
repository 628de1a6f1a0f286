/** The ledger of handled runs and the per-fingerprint records; pure functions over NightwatchState. */
import type { FingerprintRecord, LedgerEntry, NightwatchState } from './port.js';
import { MAX_LEDGER } from './state.js';

/** Whether this attempt of this run was already handled (a re-delivered event is ignored). */
export function alreadyHandled(state: NightwatchState, runId: number, attempt: number): boolean {
  return state.ledger.some(e => e.runId === runId && e.runAttempt === attempt);
}

/** The ledger entries of one fingerprint, oldest first. */
export function entriesFor(state: NightwatchState, fingerprint: string): LedgerEntry[] {
  return state.ledger.filter(e => e.fingerprint === fingerprint);
}

/** What is recorded about one handled run. */
export interface HandledRun {
  runId: number;
  runAttempt: number;
  fingerprint: string;
  /** The HealStatus (fixed, escalated, ...). */
  status: string;
  /** Triage category of the failure. */
  category: string;
  /** ISO time; now by default. */
  at?: string;
  branch?: string;
  prNumber?: number;
  issueNumber?: number;
  commentId?: number;
  rootCause?: string;
}

/**
 * Records a handled run: a ledger entry (replacing one for the same run attempt, oldest dropped
 * beyond MAX_LEDGER) and the fingerprint's record (count, last seen, outcome tally, links).
 */
export function recordRun(state: NightwatchState, run: HandledRun): NightwatchState {
  const at = run.at ?? new Date().toISOString();
  const entry: LedgerEntry = {
    runId: run.runId,
    runAttempt: run.runAttempt,
    fingerprint: run.fingerprint,
    status: run.status,
    at,
    ...(run.branch !== undefined ? { branch: run.branch } : {}),
    ...(run.prNumber !== undefined ? { prNumber: run.prNumber } : {}),
    ...(run.issueNumber !== undefined ? { issueNumber: run.issueNumber } : {})
  };
  const ledger = [
    ...state.ledger.filter(e => !(e.runId === run.runId && e.runAttempt === run.runAttempt)),
    entry
  ].slice(-MAX_LEDGER);

  const old = state.fingerprints[run.fingerprint];
  const record: FingerprintRecord = {
    ...(old ?? { fingerprint: run.fingerprint, firstSeen: at, count: 0, outcomes: {} }),
    category: run.category,
    lastSeen: at,
    count: (old?.count ?? 0) + 1,
    outcomes: { ...(old?.outcomes ?? {}), [run.status]: (old?.outcomes[run.status] ?? 0) + 1 }
  };
  if (run.branch !== undefined) record.branch = run.branch;
  if (run.prNumber !== undefined) record.prNumber = run.prNumber;
  if (run.issueNumber !== undefined) record.issueNumber = run.issueNumber;
  if (run.commentId !== undefined) record.commentId = run.commentId;
  if (run.rootCause !== undefined) record.rootCause = run.rootCause;
  return { ...state, ledger, fingerprints: { ...state.fingerprints, [run.fingerprint]: record } };
}
