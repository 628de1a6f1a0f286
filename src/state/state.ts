/** The empty state and the one validation every loaded state goes through. */
import type {
  AuditEntry,
  BreakerState,
  FingerprintRecord,
  LedgerAttempt,
  LedgerEntry,
  Metrics,
  NightwatchState,
  SteeringMark
} from './port.js';

/** A stored state that is not a NightwatchState (corrupt, foreign or from a newer version). */
export class StateFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateFormatError';
  }
}

/** Name of the state file, in the artifact and in the CLI's state folder. */
export const STATE_FILE = 'state.json';

/** How many ledger entries are kept at most (oldest dropped first), whatever the retention. */
export const MAX_LEDGER = 2000;

/** How many audit entries are kept at most (oldest dropped first), whatever the retention. */
export const MAX_AUDIT = 5000;

/** A state with nothing in it. */
export function emptyState(): NightwatchState {
  return {
    version: 1,
    ledger: [],
    fingerprints: {},
    breaker: { consecutiveFailures: 0 },
    metrics: emptyMetrics(),
    reruns: [],
    ignores: {},
    quarantines: {},
    audit: [],
    folded: {}
  };
}

/** Metrics at zero. */
export function emptyMetrics(): Metrics {
  return {
    runs: 0,
    fixed: 0,
    escalated: 0,
    skipped: 0,
    errors: 0,
    attempts: 0,
    modelCalls: 0,
    promptTokens: 0,
    outputTokens: 0,
    estimatedCostUsd: 0
  };
}

/**
 * Fingerprint tables a fold owns (foldBatches): a state of a month holds hundreds of fingerprints,
 * and copying the table for each of thousands of events is what made loading slow. Only a table
 * foldBatches copied for itself is ever changed in place, and only until it returns.
 */
const ownedTables = new WeakSet<object>();

/** The fingerprint table with `fingerprint` set to `record`: a new table, unless a fold owns this one. */
export function withFingerprint(
  state: NightwatchState,
  fingerprint: string,
  record: FingerprintRecord
): Record<string, FingerprintRecord> {
  if (!ownedTables.has(state.fingerprints)) return { ...state.fingerprints, [fingerprint]: record };
  state.fingerprints[fingerprint] = record;
  return state.fingerprints;
}

/** Runs `fold` on `state` with a fingerprint table of its own that it may change in place. */
export function withOwnedFingerprints(
  state: NightwatchState,
  fold: (s: NightwatchState) => NightwatchState
): NightwatchState {
  const table = { ...state.fingerprints };
  ownedTables.add(table);
  try {
    return fold({ ...state, fingerprints: table });
  } finally {
    ownedTables.delete(table);
  }
}

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function num(o: Obj, key: string, where: string, optional = false): number | undefined {
  const v = o[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new StateFormatError(`${where}.${key} must be a number`);
  }
  return v;
}

export function str(o: Obj, key: string, where: string, optional = false): string | undefined {
  const v = o[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string') throw new StateFormatError(`${where}.${key} must be a string`);
  return v;
}

function ledgerEntry(v: unknown, i: number): LedgerEntry {
  const w = `ledger[${i}]`;
  if (!isObj(v)) throw new StateFormatError(`${w} must be an object`);
  let attempts: LedgerAttempt[] | undefined;
  if (v.attempts !== undefined) {
    if (!Array.isArray(v.attempts)) throw new StateFormatError(`${w}.attempts must be an array`);
    attempts = v.attempts.map((a: unknown, j) => {
      const aw = `${w}.attempts[${j}]`;
      if (!isObj(a)) throw new StateFormatError(`${aw} must be an object`);
      return dropUndefined({
        n: num(a, 'n', aw) as number,
        source: str(a, 'source', aw) as string,
        verdict: str(a, 'verdict', aw) as string,
        durationMs: num(a, 'durationMs', aw, true)
      });
    });
  }
  let durations: Record<string, number> | undefined;
  if (v.durations !== undefined) {
    if (!isObj(v.durations)) throw new StateFormatError(`${w}.durations must be an object`);
    durations = {};
    for (const k of Object.keys(v.durations)) durations[k] = num(v.durations, k, `${w}.durations`) as number;
  }
  let files: string[] | undefined;
  if (v.files !== undefined) {
    if (!Array.isArray(v.files) || v.files.length > 200 || !v.files.every(f => typeof f === 'string'))
      throw new StateFormatError(`${w}.files must be an array of at most 200 paths`);
    files = v.files as string[];
  }
  return dropUndefined({
    runId: num(v, 'runId', w) as number,
    runAttempt: num(v, 'runAttempt', w) as number,
    fingerprint: str(v, 'fingerprint', w) as string,
    status: str(v, 'status', w) as string,
    at: time(v, 'at', w) as string,
    category: str(v, 'category', w, true),
    reason: str(v, 'reason', w, true),
    branch: str(v, 'branch', w, true),
    prNumber: num(v, 'prNumber', w, true),
    prUrl: str(v, 'prUrl', w, true),
    issueNumber: num(v, 'issueNumber', w, true),
    issueUrl: str(v, 'issueUrl', w, true),
    actor: str(v, 'actor', w, true),
    attempts,
    modelCalls: num(v, 'modelCalls', w, true),
    promptTokens: num(v, 'promptTokens', w, true),
    outputTokens: num(v, 'outputTokens', w, true),
    costUsd: num(v, 'costUsd', w, true),
    durations,
    files
  });
}

/** An ISO time; anything Date cannot read is refused (it would sort and prune wrongly). */
export function time(o: Obj, key: string, where: string, optional = false): string | undefined {
  const v = str(o, key, where, optional);
  if (v !== undefined && Number.isNaN(Date.parse(v)))
    throw new StateFormatError(`${where}.${key} must be an ISO time`);
  return v;
}

/** One audit entry (validated the same way in a snapshot and in an event). */
export function auditEntry(v: unknown, w: string): AuditEntry {
  if (!isObj(v)) throw new StateFormatError(`${w} must be an object`);
  return dropUndefined({
    at: time(v, 'at', w) as string,
    actor: str(v, 'actor', w) as string,
    action: str(v, 'action', w) as string,
    fingerprint: str(v, 'fingerprint', w, true),
    outcome: str(v, 'outcome', w) as string,
    runId: num(v, 'runId', w, true),
    detail: str(v, 'detail', w, true)
  });
}

function marks(value: unknown, w: string): Record<string, SteeringMark> {
  if (!isObj(value)) throw new StateFormatError(`${w} must be an object`);
  const out: Record<string, SteeringMark> = {};
  for (const [k, v] of Object.entries(value)) {
    const mw = `${w}[${JSON.stringify(k)}]`;
    if (!isObj(v)) throw new StateFormatError(`${mw} must be an object`);
    out[k] = dropUndefined({
      at: time(v, 'at', mw) as string,
      actor: str(v, 'actor', mw, true),
      reason: str(v, 'reason', mw, true),
      until: time(v, 'until', mw, true)
    });
  }
  return out;
}

export { ledgerEntry as validateLedgerEntry };

function fingerprintRecord(key: string, v: unknown): FingerprintRecord {
  const w = `fingerprints[${JSON.stringify(key)}]`;
  if (!isObj(v)) throw new StateFormatError(`${w} must be an object`);
  const outcomes: Record<string, number> = {};
  if (v.outcomes !== undefined) {
    if (!isObj(v.outcomes)) throw new StateFormatError(`${w}.outcomes must be an object`);
    for (const [k, n] of Object.entries(v.outcomes)) {
      if (typeof n !== 'number') throw new StateFormatError(`${w}.outcomes.${k} must be a number`);
      outcomes[k] = n;
    }
  }
  return dropUndefined({
    fingerprint: str(v, 'fingerprint', w) as string,
    category: str(v, 'category', w) as string,
    firstSeen: str(v, 'firstSeen', w) as string,
    lastSeen: str(v, 'lastSeen', w) as string,
    count: num(v, 'count', w) as number,
    outcomes,
    branch: str(v, 'branch', w, true),
    prNumber: num(v, 'prNumber', w, true),
    issueNumber: num(v, 'issueNumber', w, true),
    commentId: num(v, 'commentId', w, true),
    rootCause: str(v, 'rootCause', w, true),
    prState: prState(v, w),
    reruns: num(v, 'reruns', w, true),
    passedOnRerun: num(v, 'passedOnRerun', w, true),
    failedOnRerun: num(v, 'failedOnRerun', w, true),
    prsMerged: num(v, 'prsMerged', w, true),
    prsClosed: num(v, 'prsClosed', w, true)
  });
}

function prState(v: Obj, w: string): FingerprintRecord['prState'] {
  const s = str(v, 'prState', w, true);
  if (s === undefined || s === 'open' || s === 'merged' || s === 'closed') return s;
  throw new StateFormatError(`${w}.prState must be open, merged or closed`);
}

export function dropUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/**
 * Checks a parsed JSON value and returns it as a NightwatchState; missing sections are filled with
 * their empty value (older files), anything of the wrong type throws StateFormatError.
 */
export function validateState(value: unknown): NightwatchState {
  if (!isObj(value)) throw new StateFormatError('state must be a JSON object');
  if (value.version !== 1)
    throw new StateFormatError(`unsupported state version ${JSON.stringify(value.version)}`);
  const state = emptyState();
  if (value.ledger !== undefined) {
    if (!Array.isArray(value.ledger)) throw new StateFormatError('ledger must be an array');
    state.ledger = value.ledger.map(ledgerEntry);
  }
  if (value.fingerprints !== undefined) {
    if (!isObj(value.fingerprints)) throw new StateFormatError('fingerprints must be an object');
    for (const [k, v] of Object.entries(value.fingerprints)) state.fingerprints[k] = fingerprintRecord(k, v);
  }
  if (value.breaker !== undefined) {
    if (!isObj(value.breaker)) throw new StateFormatError('breaker must be an object');
    const b: BreakerState = {
      consecutiveFailures: num(value.breaker, 'consecutiveFailures', 'breaker') as number
    };
    const failures = value.breaker.failures;
    if (failures !== undefined) {
      if (
        !Array.isArray(failures) ||
        !failures.every(t => typeof t === 'string' && !Number.isNaN(Date.parse(t)))
      )
        throw new StateFormatError('breaker.failures must be an array of ISO times');
      b.failures = failures as string[];
    }
    const resetAt = time(value.breaker, 'resetAt', 'breaker', true);
    if (resetAt !== undefined) b.resetAt = resetAt;
    const until = str(value.breaker, 'openUntil', 'breaker', true);
    if (until !== undefined) {
      if (Number.isNaN(Date.parse(until)))
        throw new StateFormatError('breaker.openUntil must be an ISO time');
      b.openUntil = until;
    }
    state.breaker = b;
  }
  if (value.metrics !== undefined) {
    if (!isObj(value.metrics)) throw new StateFormatError('metrics must be an object');
    for (const k of Object.keys(state.metrics) as (keyof Metrics)[]) {
      state.metrics[k] = num(value.metrics, k, 'metrics', true) ?? 0;
    }
    for (const k of ['prsMerged', 'prsClosed'] as const) {
      const n = num(value.metrics, k, 'metrics', true);
      if (n !== undefined) state.metrics[k] = n;
    }
  }
  if (value.reruns !== undefined) {
    if (!Array.isArray(value.reruns) || !value.reruns.every(n => typeof n === 'number')) {
      throw new StateFormatError('reruns must be an array of run ids');
    }
    state.reruns = value.reruns as number[];
  }
  if (value.ignores !== undefined) state.ignores = marks(value.ignores, 'ignores');
  if (value.quarantines !== undefined) state.quarantines = marks(value.quarantines, 'quarantines');
  if (value.audit !== undefined) {
    if (!Array.isArray(value.audit)) throw new StateFormatError('audit must be an array');
    state.audit = value.audit.map((a, i) => auditEntry(a, `audit[${i}]`));
  }
  if (value.alerts !== undefined) {
    if (!isObj(value.alerts)) throw new StateFormatError('alerts must be an object');
    const alerts: Record<string, string> = {};
    for (const k of Object.keys(value.alerts)) alerts[k] = time(value.alerts, k, 'alerts') as string;
    state.alerts = alerts;
  }
  if (value.folded !== undefined) {
    if (!isObj(value.folded)) throw new StateFormatError('folded must be an object');
    for (const k of Object.keys(value.folded)) state.folded[k] = time(value.folded, k, 'folded') as string;
  }
  return state;
}

/** Parses the text of a state file; throws StateFormatError when it is not valid. */
export function parseState(text: string): NightwatchState {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new StateFormatError(
      `state is not JSON: ${error instanceof Error ? error.message : String(error)}`
    );
  }
  return validateState(value);
}

/** The text written to a state file. */
export function serializeState(state: NightwatchState): string {
  const stored = { ...state };
  delete stored.pending;
  return `${JSON.stringify(stored)}\n`;
}
