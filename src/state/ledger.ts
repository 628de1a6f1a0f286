/** The ledger of handled runs and the per-fingerprint records; pure functions over NightwatchState. */
import type { FingerprintRecord, LedgerEntry, NightwatchState } from './port.js';
import { MAX_LEDGER, withFingerprint } from './state.js';

/** Whether this attempt of this run was already handled (a re-delivered event is ignored). */
export function alreadyHandled(state: NightwatchState, runId: number, attempt: number): boolean {
  return state.ledger.some(e => e.runId === runId && e.runAttempt === attempt);
}

/** The ledger entries of one fingerprint, oldest first. */
export function entriesFor(state: NightwatchState, fingerprint: string): LedgerEntry[] {
  return state.ledger.filter(e => e.fingerprint === fingerprint);
}

/** What is recorded about one handled run: its ledger entry, with the fingerprint record's extras. */
export interface HandledRun extends Omit<LedgerEntry, 'at' | 'category'> {
  /** Triage category of the failure. */
  category: string;
  /** ISO time; now by default. */
  at?: string;
  commentId?: number;
  rootCause?: string;
}

/**
 * Records a handled run (pure): a ledger entry (replacing one for the same run attempt, oldest
 * dropped beyond MAX_LEDGER) and the fingerprint's record (count, last seen, outcome tally, links).
 */
export function recordRun(state: NightwatchState, run: HandledRun): NightwatchState {
  const at = run.at ?? new Date().toISOString();
  const { commentId, rootCause, ...fields } = run;
  const entry: LedgerEntry = { ...fields, at };
  for (const k of Object.keys(entry) as (keyof LedgerEntry)[]) if (entry[k] === undefined) delete entry[k];
  // Local heals (run 0) are all kept; a run attempt of the action is recorded once.
  // Searched from the newest: a run attempt recorded again is a recent one.
  let i = -1;
  if (run.runId !== 0)
    for (let j = state.ledger.length - 1; j >= 0; j--)
      if (state.ledger[j].runId === run.runId && state.ledger[j].runAttempt === run.runAttempt) {
        i = j;
        break;
      }
  const ledger =
    i < 0 ? [...state.ledger, entry] : [...state.ledger.slice(0, i), ...state.ledger.slice(i + 1), entry];
  if (ledger.length > MAX_LEDGER) ledger.splice(0, ledger.length - MAX_LEDGER);

  const old = state.fingerprints[run.fingerprint];
  const record: FingerprintRecord = {
    ...(old ?? { fingerprint: run.fingerprint, firstSeen: at, count: 0, outcomes: {} }),
    category: run.category,
    // Runs may be recorded out of order (a backfill, batches folded late): first and last seen are by time.
    firstSeen: old && Date.parse(old.firstSeen) < Date.parse(at) ? old.firstSeen : at,
    lastSeen: old && Date.parse(old.lastSeen) > Date.parse(at) ? old.lastSeen : at,
    count: (old?.count ?? 0) + 1,
    outcomes: { ...(old?.outcomes ?? {}), [run.status]: (old?.outcomes[run.status] ?? 0) + 1 }
  };
  if (run.branch !== undefined) record.branch = run.branch;
  if (run.prNumber !== undefined && run.prNumber !== old?.prNumber) {
    record.prNumber = run.prNumber;
    record.prState = 'open';
  }
  if (run.issueNumber !== undefined) record.issueNumber = run.issueNumber;
  if (commentId !== undefined) record.commentId = commentId;
  if (rootCause !== undefined) record.rootCause = rootCause;
  return { ...state, ledger, fingerprints: withFingerprint(state, run.fingerprint, record) };
}
