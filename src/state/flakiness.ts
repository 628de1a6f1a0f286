/**
 * Flakiness: a fingerprint whose failed jobs were re-run and then passed is flaky. The determinism
 * score is the share of re-runs that failed again; learn.ts finds out what became of each re-run
 * through the API, since the shipped workflows run Nightwatch only on failures.
 */
import type { FingerprintRecord, NightwatchState } from './port.js';
import { MAX_LEDGER, withFingerprint } from './state.js';

/** Records that the failed jobs of `runId` were re-run because of `fingerprint` (pure). */
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
    fingerprints: withFingerprint(state, fingerprint, { ...record, reruns: (record.reruns ?? 0) + 1 })
  };
}

/** Whether the failed jobs of `runId` were already re-run once (then it is not re-run again). */
export function wasRerun(state: NightwatchState, runId: number): boolean {
  return state.reruns.includes(runId);
}

/** Records how a re-run for `fingerprint` ended (pure): passed means flaky, failed means deterministic. */
export function recordRerunResult(
  state: NightwatchState,
  fingerprint: string,
  passed: boolean
): NightwatchState {
  const record = state.fingerprints[fingerprint];
  if (!record) return state;
  const next: FingerprintRecord = passed
    ? { ...record, passedOnRerun: (record.passedOnRerun ?? 0) + 1 }
    : { ...record, failedOnRerun: (record.failedOnRerun ?? 0) + 1 };
  return { ...state, fingerprints: withFingerprint(state, fingerprint, next) };
}

/** Share of the re-runs for the fingerprint that passed (0 when never re-run). */
export function flakyScore(state: NightwatchState, fingerprint: string): number {
  const r = state.fingerprints[fingerprint];
  if (!r || !r.reruns) return 0;
  return Math.min(1, (r.passedOnRerun ?? 0) / r.reruns);
}

/**
 * How deterministic the failure is, from what became of earlier actions: a re-run that failed again
 * and a fix PR that was merged (the failure was real and a code change removed it) each count for
 * it, a re-run that passed counts against it; a PR closed unmerged says nothing either way. 1 when
 * nothing was learned yet: a failure is taken as real until a re-run passes.
 */
export function determinism(state: NightwatchState, fingerprint: string): number {
  const r = state.fingerprints[fingerprint];
  const real = (r?.failedOnRerun ?? 0) + (r?.prsMerged ?? 0);
  const settled = real + (r?.passedOnRerun ?? 0);
  return settled === 0 ? 1 : real / settled;
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

/** Whether the fingerprint is quarantined at `now` (re-run, never patched). */
export function isQuarantined(state: NightwatchState, fingerprint: string, now = new Date()): boolean {
  const q = state.quarantines[fingerprint];
  return q !== undefined && (q.until === undefined || Date.parse(q.until) > now.getTime());
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

/** The open re-run (ledger status `rerun`) of `runId`, unless attempt `runAttempt` is already settled. */
export function openRerun(state: NightwatchState, runId: number, runAttempt: number): string | undefined {
  const rerun = state.ledger.find(e => e.runId === runId && e.status === 'rerun');
  if (!rerun || state.ledger.some(e => e.runId === runId && e.runAttempt === runAttempt)) return undefined;
  return rerun.fingerprint;
}

/**
 * Settles a re-run Nightwatch asked for (pure): counts how a later attempt of a run whose failed jobs
 * it re-ran ended for the fingerprint and notes it in the ledger. Unchanged for runs it did not
 * re-run, or attempts already settled. `fingerprint` is used when the ledger no longer has the re-run.
 */
export function settleRerun(
  state: NightwatchState,
  runId: number,
  runAttempt: number,
  passed: boolean,
  at = new Date(),
  fingerprint?: string
): NightwatchState {
  if (state.ledger.some(e => e.runId === runId && e.runAttempt === runAttempt)) return state;
  const fp = openRerun(state, runId, runAttempt) ?? fingerprint;
  if (fp === undefined) return state;
  const next = recordRerunResult(state, fp, passed);
  const entry = {
    runId,
    runAttempt,
    fingerprint: fp,
    status: passed ? 'rerun-passed' : 'rerun-failed',
    at: at.toISOString()
  };
  return { ...next, ledger: [...next.ledger, entry].slice(-MAX_LEDGER) };
}
