/** The empty state and the one validation every loaded state goes through. */
import type { BreakerState, FingerprintRecord, LedgerEntry, Metrics, NightwatchState } from './port.js';

/** A stored state that is not a NightwatchState (corrupt, foreign or from a newer version). */
export class StateFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateFormatError';
  }
}

/** Name of the state file, in the artifact and in the CLI's state folder. */
export const STATE_FILE = 'state.json';

/** How many ledger entries are kept (oldest dropped first), so the artifact stays small. */
export const MAX_LEDGER = 500;

/** A state with nothing in it. */
export function emptyState(): NightwatchState {
  return {
    version: 1,
    ledger: [],
    fingerprints: {},
    breaker: { consecutiveFailures: 0 },
    metrics: emptyMetrics(),
    reruns: []
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

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function num(o: Obj, key: string, where: string, optional = false): number | undefined {
  const v = o[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new StateFormatError(`${where}.${key} must be a number`);
  }
  return v;
}

function str(o: Obj, key: string, where: string, optional = false): string | undefined {
  const v = o[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string') throw new StateFormatError(`${where}.${key} must be a string`);
  return v;
}

function ledgerEntry(v: unknown, i: number): LedgerEntry {
  const w = `ledger[${i}]`;
  if (!isObj(v)) throw new StateFormatError(`${w} must be an object`);
  return dropUndefined({
    runId: num(v, 'runId', w) as number,
    runAttempt: num(v, 'runAttempt', w) as number,
    fingerprint: str(v, 'fingerprint', w) as string,
    status: str(v, 'status', w) as string,
    branch: str(v, 'branch', w, true),
    prNumber: num(v, 'prNumber', w, true),
    issueNumber: num(v, 'issueNumber', w, true),
    at: str(v, 'at', w) as string
  });
}

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
    reruns: num(v, 'reruns', w, true),
    passedOnRerun: num(v, 'passedOnRerun', w, true)
  });
}

function dropUndefined<T extends object>(o: T): T {
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
  }
  if (value.reruns !== undefined) {
    if (!Array.isArray(value.reruns) || !value.reruns.every(n => typeof n === 'number')) {
      throw new StateFormatError('reruns must be an array of run ids');
    }
    state.reruns = value.reruns as number[];
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
  return `${JSON.stringify(state, null, 2)}\n`;
}
