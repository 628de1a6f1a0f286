import { recordOutcome as recordBreaker } from '../state/breaker.js';
import { recordRerun } from '../state/flakiness.js';
import { recordRun } from '../state/ledger.js';
import { addOutcome, addUsage } from '../state/metrics.js';
import type { NightwatchState } from '../state/port.js';
import type { HealStatus, ModelUsage, Outcome, Triage } from '../types.js';

/** What one heal (action run or CLI heal) did, as the state records it. */
export interface HealRecord {
  runId: number;
  runAttempt: number;
  triage?: Triage;
  status: HealStatus;
  outcome?: Outcome;
  branch?: string;
  attempts: number;
  usage?: ModelUsage;
  rootCause?: string;
}

/** Folds one heal into the state: ledger and fingerprint record, breaker, re-runs, metrics. */
export function recordHeal(state: NightwatchState, r: HealRecord, now: Date = new Date()): NightwatchState {
  const fingerprint = r.triage?.fingerprint ?? 'unknown';
  const o = r.outcome;
  let next = recordRun(state, {
    runId: r.runId,
    runAttempt: r.runAttempt,
    fingerprint,
    status: r.status,
    category: r.triage?.category ?? 'unknown',
    at: now.toISOString(),
    branch: o?.kind === 'fixed' ? o.branch : r.branch,
    prNumber: o?.kind === 'fixed' ? o.prNumber : undefined,
    issueNumber: o?.kind === 'escalated' ? o.issueNumber : undefined,
    rootCause: r.rootCause
  });
  next = recordBreaker(next, r.status, now);
  if (o?.kind === 'rerun') next = recordRerun(next, fingerprint, r.runId, now);
  next = addOutcome(next, r.status, r.attempts);
  return addUsage(next, r.usage);
}
