/**
 * Flakiness: a fingerprint whose failed jobs were re-run and then passed is flaky. The score is
 * the share of re-runs that passed; pure functions over NightwatchState.
 */
import type { FingerprintRecord, NightwatchState } from './port.js';
import { MAX_LEDGER } from './state.js';

/** Records that the failed jobs of `runId` were re-run because of `fingerprint`. */
export function recordRerun(
  state: NightwatchState,
  fingerprint: string,
  runId: number,
  at = new Date()
): NightwatchState {
  const record = ensure(state, fingerprint, at);
  return {
    ...state,
    reruns: state.reruns.includes(runId) ? state.reruns : [...state.reruns, runId].slice(-500),
    fingerprints: { ...state.fingerprints, [fingerprint]: { ...record, reruns: (record.reruns ?? 0) + 1 } }
  };
}

/** Whether the failed jobs of `runId` were already re-run once (then it is not re-run again). */
export function wasRerun(state: NightwatchState, runId: number): boolean {
  return state.reruns.includes(runId);
}

/** Records how a re-run for `fingerprint` ended: passed means the failure was flaky. */
export function recordRerunResult(
  state: NightwatchState,
  fingerprint: string,
  passed: boolean
): NightwatchState {
  const record = state.fingerprints[fingerprint];
  if (!record || !passed) return state;
  return {
    ...state,
    fingerprints: {
      ...state.fingerprints,
      [fingerprint]: { ...record, passedOnRerun: (record.passedOnRerun ?? 0) + 1 }
    }
  };
}

/** Share of the re-runs for the fingerprint that passed (0 when never re-run). */
export function flakyScore(state: NightwatchState, fingerprint: string): number {
  const r = state.fingerprints[fingerprint];
  if (!r || !r.reruns) return 0;
  return Math.min(1, (r.passedOnRerun ?? 0) / r.reruns);
}

/** Whether the fingerprint counts as flaky: at least `minPasses` passing re-runs and score >= threshold. */
export function isFlaky(
  state: NightwatchState,
  fingerprint: string,
  threshold = 0.5,
  minPasses = 1
): boolean {
  const r = state.fingerprints[fingerprint];
  return (r?.passedOnRerun ?? 0) >= minPasses && flakyScore(state, fingerprint) >= threshold;
}

function ensure(state: NightwatchState, fingerprint: string, at: Date): FingerprintRecord {
  return (
    state.fingerprints[fingerprint] ?? {
      fingerprint,
      category: 'unknown',
      firstSeen: at.toISOString(),
      lastSeen: at.toISOString(),
      count: 0,
      outcomes: {}
    }
  );
}

/**
 * Settles a re-run Nightwatch asked for: when a later attempt of a run whose failed jobs it re-ran
 * comes back (passed or failed again), counts it for the fingerprint and notes it in the ledger.
 * Returns the state unchanged for runs it did not re-run, or attempts already settled.
 */
export function settleRerun(
  state: NightwatchState,
  runId: number,
  runAttempt: number,
  passed: boolean,
  at = new Date()
): NightwatchState {
  const rerun = state.ledger.find(e => e.runId === runId && e.status === 'rerun');
  if (!rerun || state.ledger.some(e => e.runId === runId && e.runAttempt === runAttempt)) return state;
  const next = recordRerunResult(state, rerun.fingerprint, passed);
  const entry = {
    runId,
    runAttempt,
    fingerprint: rerun.fingerprint,
    status: passed ? 'rerun-passed' : 'rerun-failed',
    at: at.toISOString()
  };
  return { ...next, ledger: [...next.ledger, entry].slice(-MAX_LEDGER) };
}
