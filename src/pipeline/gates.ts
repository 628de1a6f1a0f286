import { minimatch } from 'minimatch';
import { BRANCH_PREFIX, COMMIT_TRAILER } from '../constants.js';
import type { Settings } from '../settings.js';
import type { NightwatchState } from '../state/port.js';
import type { FailedRun } from '../types.js';

/** Why a run is not acted on, or undefined when it may be. */
export type GateResult = { pass: true } | { pass: false; reason: string };

/**
 * The checks made before any work (DESIGN.md, steps 1): only failures, never our own fix branches
 * or commits (loop guard), never a fork's code unless allowed, never excluded branches/workflows,
 * never a run already handled. All are pure so they are tested without a server.
 */
export function checkGates(run: FailedRun, settings: Settings, state: NightwatchState): GateResult {
  if (run.conclusion !== 'failure') {
    return {
      pass: false,
      reason: `run ${run.runId} concluded '${run.conclusion ?? 'in progress'}', not 'failure'`
    };
  }
  if (run.headBranch.startsWith(BRANCH_PREFIX)) {
    return {
      pass: false,
      reason: `loop guard: run ${run.runId} is on Nightwatch's own branch '${run.headBranch}'`
    };
  }
  if (run.headCommitMessage && new RegExp(`^${COMMIT_TRAILER}:`, 'm').test(run.headCommitMessage)) {
    return { pass: false, reason: `loop guard: the head commit of run ${run.runId} was made by Nightwatch` };
  }
  if (run.isFork && !settings.allowForks) {
    return {
      pass: false,
      reason: `run ${run.runId} is from the fork ${run.headRepository}; set allow-forks: true to act on forks`
    };
  }
  const branchExcluded = settings.excludeBranches.find(g => minimatch(run.headBranch, g));
  if (branchExcluded)
    return { pass: false, reason: `branch '${run.headBranch}' is excluded by '${branchExcluded}'` };
  const wfExcluded = settings.excludeWorkflows.find(
    g => minimatch(run.workflow, g) || (run.workflowPath !== undefined && minimatch(run.workflowPath, g))
  );
  if (wfExcluded) return { pass: false, reason: `workflow '${run.workflow}' is excluded by '${wfExcluded}'` };
  const handled = state.ledger.find(e => e.runId === run.runId && e.runAttempt === run.runAttempt);
  if (handled) {
    return {
      pass: false,
      reason: `run ${run.runId} attempt ${run.runAttempt} was already handled (${handled.status} at ${handled.at})`
    };
  }
  return { pass: true };
}

/**
 * The checks that need the failure's fingerprint (after triage): a fingerprint a person ignored is
 * skipped with a reason that says who ignored it, when and how to undo it.
 */
export function checkSteering(fingerprint: string, state: NightwatchState): GateResult {
  const mark = state.ignores[fingerprint];
  if (!mark) return { pass: true };
  const by = mark.actor ? ` by ${mark.actor}` : '';
  const why = mark.reason ? `: ${mark.reason}` : '';
  return {
    pass: false,
    reason:
      `fingerprint ${fingerprint} is ignored (since ${mark.at}${by}${why}); ` +
      `run the 'unignore' command with this fingerprint to let Nightwatch act on it again`
  };
}
