/**
 * Learning what became of earlier actions: the shipped workflows run Nightwatch only on failures, so
 * it never sees a re-run it asked for pass. On each run it asks the API about the re-runs still open
 * in the ledger (the run's latest attempt and conclusion) and, when the port can, about the fix PRs
 * still open (merged: the fix worked; closed unmerged: it did not, which counts for the breaker).
 */
import { audit, emit, settleRerunEvent } from './events.js';
import type { NightwatchState } from './port.js';

/** The part of the GitHub port learning reads. */
export interface LearnSource {
  getRun(runId: number): Promise<{ runAttempt: number; conclusion: string | null }>;
  /** What became of a PR (GitHub.getPullState). */
  getPullState?(number: number): Promise<{ state: string; merged: boolean; closedAt?: string | null }>;
}

/** Looks up at most `maxLookups` open re-runs and PRs, oldest first; lookups that fail are retried next run. */
export async function learn(
  state: NightwatchState,
  source: LearnSource,
  warn: (m: string) => void = () => undefined,
  maxLookups = 10,
  now = new Date()
): Promise<NightwatchState> {
  let next = state;
  let lookups = 0;
  const settled = new Set(state.ledger.filter(e => e.status.startsWith('rerun-')).map(e => e.runId));
  for (const e of state.ledger.filter(x => x.status === 'rerun' && !settled.has(x.runId))) {
    if (lookups >= maxLookups) return next;
    lookups += 1;
    try {
      const run = await source.getRun(e.runId);
      if (run.runAttempt > e.runAttempt && run.conclusion !== null)
        next = settleRerunEvent(next, e.runId, run.runAttempt, run.conclusion === 'success', now);
    } catch (error) {
      warn(
        `Could not look up the re-run of run ${e.runId}: ${error instanceof Error ? error.message : String(error)}`
      );
    }
  }
  if (!source.getPullState) return next;
  for (const f of Object.values(state.fingerprints)) {
    if (f.prNumber === undefined || (f.prState !== undefined && f.prState !== 'open')) continue;
    if (lookups >= maxLookups) return next;
    lookups += 1;
    try {
      const pr = await source.getPullState(f.prNumber);
      if (pr.state !== 'closed') continue;
      next = emit(next, {
        type: 'pr-result',
        at: now.toISOString(),
        fingerprint: f.fingerprint,
        prNumber: f.prNumber,
        merged: pr.merged,
        ...(pr.closedAt ? { closedAt: pr.closedAt } : {})
      });
      next = audit(next, {
        at: now.toISOString(),
        actor: 'nightwatch',
        action: 'pr-result',
        fingerprint: f.fingerprint,
        outcome: pr.merged ? 'merged' : 'closed-unmerged',
        detail: `PR #${f.prNumber} ${pr.merged ? 'was merged: the fix worked' : 'was closed without merging: the fix did not work (counts for the breaker)'}`
      });
    } catch (error) {
      warn(`Could not look up PR #${f.prNumber}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return next;
}
