/**
 * The fold: every change to the state is an event, applied by one reducer. A run's events are
 * saved as an immutable batch (one per run), so loading = the newest snapshot, plus every batch the
 * snapshot has not folded (`state.folded`), each counted once whatever order they arrive in.
 */
import type { AuditEntry, LedgerEntry, NightwatchState, StateEvent } from './port.js';
import {
  MAX_AUDIT,
  MAX_LEDGER,
  StateFormatError,
  auditEntry,
  dropUndefined,
  isObj,
  num,
  str,
  time,
  validateLedgerEntry,
  withFingerprint,
  withOwnedFingerprints
} from './state.js';
import { recordOutcome } from './breaker.js';
import { recordRun } from './ledger.js';
import { openRerun, recordRerun, settleRerun } from './flakiness.js';
import { addOutcome, addUsage } from './metrics.js';

/** Name of the events file, in the artifact and in the CLI's events folder. */
export const EVENTS_FILE = 'events.json';

/** How many events one batch may hold (a run adds a handful). */
export const MAX_BATCH_EVENTS = 1000;

/** Applies one event (pure; the event is not remembered as pending). */
export function reduce(state: NightwatchState, e: StateEvent): NightwatchState {
  switch (e.type) {
    case 'heal': {
      const x = e.entry;
      let next = recordRun(state, {
        ...x,
        category: x.category ?? 'unknown',
        rootCause: e.rootCause,
        commentId: e.commentId
      });
      next = recordOutcome(next, x.status, new Date(e.at));
      if (e.rerun) next = recordRerun(next, x.fingerprint, x.runId, new Date(e.at));
      next = addOutcome(next, x.status, x.attempts?.length ?? 0);
      if (x.modelCalls !== undefined || x.costUsd !== undefined)
        next = addUsage(next, {
          calls: x.modelCalls ?? 0,
          promptTokens: x.promptTokens ?? 0,
          outputTokens: x.outputTokens ?? 0,
          estimatedCostUsd: x.costUsd ?? 0
        });
      return next;
    }
    case 'seen':
      // A backfilled run: its fingerprint is remembered; a run already in the ledger is not counted again.
      if (state.ledger.some(x => x.runId === e.runId && x.runAttempt === e.runAttempt)) return state;
      return recordRun(state, {
        runId: e.runId,
        runAttempt: e.runAttempt,
        fingerprint: e.fingerprint,
        category: e.category,
        status: 'backfilled',
        at: e.at,
        reason: e.reason ?? 'triaged by a backfill, not healed'
      });
    case 'rerun-result':
      return settleRerun(state, e.runId, e.runAttempt, e.passed, new Date(e.at), e.fingerprint);
    case 'pr-result': {
      const record = state.fingerprints[e.fingerprint];
      const mine = record !== undefined && record.prNumber === e.prNumber;
      // Two runs at once may both learn the same PR: the second result changes nothing.
      if (mine && record.prState !== undefined && record.prState !== 'open') return state;
      let next: NightwatchState = {
        ...state,
        metrics: {
          ...state.metrics,
          prsMerged: (state.metrics.prsMerged ?? 0) + (e.merged ? 1 : 0),
          prsClosed: (state.metrics.prsClosed ?? 0) + (e.merged ? 0 : 1)
        }
      };
      if (mine)
        next = {
          ...next,
          fingerprints: withFingerprint(next, e.fingerprint, {
            ...record,
            prState: e.merged ? 'merged' : 'closed',
            ...(e.merged
              ? { prsMerged: (record.prsMerged ?? 0) + 1 }
              : { prsClosed: (record.prsClosed ?? 0) + 1 })
          })
        };
      // A fix PR closed without merging is a failed fix: it counts for the breaker when it was closed.
      return e.merged ? next : recordOutcome(next, 'failure', new Date(e.closedAt ?? e.at));
    }
    case 'ignore':
    case 'quarantine': {
      const key = e.type === 'ignore' ? 'ignores' : 'quarantines';
      const mark = dropUndefined({ at: e.at, actor: e.actor, reason: e.reason, until: e.until });
      return { ...state, [key]: { ...state[key], [e.fingerprint]: mark } };
    }
    case 'unignore':
    case 'unquarantine': {
      const key = e.type === 'unignore' ? 'ignores' : 'quarantines';
      const rest = { ...state[key] };
      delete rest[e.fingerprint];
      return { ...state, [key]: rest };
    }
    case 'breaker-reset':
      return { ...state, breaker: { ...state.breaker, consecutiveFailures: 0, resetAt: e.at } };
    case 'audit':
      return { ...state, audit: [...state.audit, e.entry].slice(-MAX_AUDIT) };
    case 'alert': {
      const last = state.alerts?.[e.kind];
      if (last !== undefined && Date.parse(last) >= Date.parse(e.at)) return state;
      return { ...state, alerts: { ...state.alerts, [e.kind]: e.at } };
    }
  }
}

/** Applies an event this run makes and keeps it as pending, for the store to save as this run's batch. */
export function emit(state: NightwatchState, e: StateEvent): NightwatchState {
  return { ...reduce(state, e), pending: [...(state.pending ?? []), e] };
}

/** An audit event (now by default). */
export function audit(
  state: NightwatchState,
  entry: Omit<AuditEntry, 'at'> & { at?: string }
): NightwatchState {
  const at = entry.at ?? new Date().toISOString();
  return emit(state, { type: 'audit', at, entry: dropUndefined({ ...entry, at }) });
}

/** Folds a saved batch once: a batch already in `state.folded` changes nothing. */
export function foldBatch(
  state: NightwatchState,
  batch: string,
  events: StateEvent[],
  at: string
): NightwatchState {
  return foldBatches(state, [{ name: batch, events, at }]);
}

/** One saved batch: its name, its events, when it was saved. */
export interface SavedBatch {
  name: string;
  events: StateEvent[];
  at: string;
}

/**
 * Folds saved batches in the order given, each once (as foldBatch). The names of the folded batches
 * are collected in one object, not copied per batch: a month of runs is thousands of them.
 */
export function foldBatches(state: NightwatchState, batches: readonly SavedBatch[]): NightwatchState {
  const seen = new Set<string>();
  const todo = batches.filter(b => {
    if (state.folded[b.name] !== undefined || seen.has(b.name)) return false;
    seen.add(b.name);
    return true;
  });
  if (todo.length === 0) return state;
  const folded = { ...state.folded };
  const next = withOwnedFingerprints(state, s => {
    let n = s;
    for (const b of todo) {
      const times = b.events.map(e => Date.parse(e.at));
      const order = b.events.map((_, i) => i).sort((x, y) => times[x] - times[y]);
      for (const i of order) n = reduce(n, b.events[i]);
      folded[b.name] = b.at;
    }
    return n;
  });
  return { ...next, folded };
}

/** How long what is kept is kept. */
export interface Retention {
  /** Days of events, ledger and audit kept (default 30). */
  days: number;
  /** Days a fingerprint is kept after it was last seen, unless it is ignored, quarantined or has an open PR or issue (default 180). */
  fingerprintDays: number;
}

export const DEFAULT_RETENTION: Retention = { days: 30, fingerprintDays: 180 };

const DAY = 24 * 60 * 60 * 1000;

/**
 * Drops what is older than the retention: ledger and audit entries, the names of folded batches (two
 * days after the loaders stop reading their batches, so none is folded twice), quiet fingerprints,
 * expired quarantines. Ignores, live quarantines and fingerprints with an open PR or issue stay.
 */
export function prune(
  state: NightwatchState,
  now: Date = new Date(),
  r: Retention = DEFAULT_RETENTION
): NightwatchState {
  const cutoff = now.getTime() - r.days * DAY;
  const foldedCutoff = cutoff - 2 * DAY;
  const fpCutoff = now.getTime() - r.fingerprintDays * DAY;
  const after = (t: string, c: number): boolean => Date.parse(t) >= c;
  const fingerprints = Object.fromEntries(
    Object.entries(state.fingerprints).filter(
      ([k, f]) =>
        after(f.lastSeen, fpCutoff) ||
        state.ignores[k] !== undefined ||
        state.quarantines[k] !== undefined ||
        f.prState === 'open' ||
        (f.prNumber !== undefined && f.prState === undefined) ||
        f.issueNumber !== undefined
    )
  );
  const quarantines = Object.fromEntries(
    Object.entries(state.quarantines).filter(
      ([, q]) => q.until === undefined || Date.parse(q.until) > now.getTime()
    )
  );
  return {
    ...state,
    ledger: state.ledger.filter(e => after(e.at, cutoff)).slice(-MAX_LEDGER),
    audit: state.audit.filter(e => after(e.at, cutoff)).slice(-MAX_AUDIT),
    folded: Object.fromEntries(Object.entries(state.folded).filter(([, t]) => after(t, foldedCutoff))),
    fingerprints,
    quarantines,
    reruns: state.reruns.slice(-500),
    ...(state.alerts
      ? {
          alerts: Object.fromEntries(
            Object.entries(state.alerts).filter(([, t]) => after(t, now.getTime() - 2 * DAY))
          )
        }
      : {}),
    breaker: { ...state.breaker, failures: (state.breaker.failures ?? []).slice(-50) }
  };
}

/** The text of a batch file. */
export function serializeBatch(events: StateEvent[]): string {
  return `${JSON.stringify({ version: 1, events })}\n`;
}

/** Parses and checks a batch file; anything of the wrong shape throws StateFormatError. */
export function parseBatch(text: string): StateEvent[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new StateFormatError(
      `events are not JSON: ${error instanceof Error ? error.message : String(error)}`
    );
  }
  if (!isObj(value) || value.version !== 1 || !Array.isArray(value.events))
    throw new StateFormatError('events must be {"version": 1, "events": [...]}');
  if (value.events.length > MAX_BATCH_EVENTS)
    throw new StateFormatError(`a batch holds ${value.events.length} events, above ${MAX_BATCH_EVENTS}`);
  return value.events.map((e, i) => validateEvent(e, `events[${i}]`));
}

function validateEvent(v: unknown, w: string): StateEvent {
  if (!isObj(v)) throw new StateFormatError(`${w} must be an object`);
  const at = time(v, 'at', w) as string;
  const fp = (): string => str(v, 'fingerprint', w) as string;
  switch (v.type) {
    case 'heal': {
      const entry: LedgerEntry = validateLedgerEntry(v.entry, 0);
      if (v.rerun !== undefined && typeof v.rerun !== 'boolean')
        throw new StateFormatError(`${w}.rerun must be a boolean`);
      return dropUndefined({
        type: 'heal' as const,
        at,
        entry,
        rootCause: str(v, 'rootCause', w, true),
        rerun: v.rerun as boolean | undefined,
        commentId: num(v, 'commentId', w, true)
      });
    }
    case 'rerun-result':
      if (typeof v.passed !== 'boolean') throw new StateFormatError(`${w}.passed must be a boolean`);
      return {
        type: 'rerun-result',
        at,
        runId: num(v, 'runId', w) as number,
        runAttempt: num(v, 'runAttempt', w) as number,
        fingerprint: fp(),
        passed: v.passed
      };
    case 'pr-result':
      if (typeof v.merged !== 'boolean') throw new StateFormatError(`${w}.merged must be a boolean`);
      return dropUndefined({
        type: 'pr-result' as const,
        at,
        fingerprint: fp(),
        prNumber: num(v, 'prNumber', w) as number,
        merged: v.merged,
        closedAt: time(v, 'closedAt', w, true)
      });
    case 'ignore':
    case 'unignore':
    case 'quarantine':
    case 'unquarantine':
      return dropUndefined({
        type: v.type,
        at,
        fingerprint: fp(),
        actor: str(v, 'actor', w, true),
        reason: str(v, 'reason', w, true),
        until: time(v, 'until', w, true)
      });
    case 'breaker-reset':
      return dropUndefined({ type: 'breaker-reset' as const, at, actor: str(v, 'actor', w, true) });
    case 'seen':
      return dropUndefined({
        type: 'seen' as const,
        at,
        runId: num(v, 'runId', w) as number,
        runAttempt: num(v, 'runAttempt', w) as number,
        fingerprint: fp(),
        category: str(v, 'category', w) as string,
        reason: str(v, 'reason', w, true)
      });
    case 'audit':
      return { type: 'audit', at, entry: auditEntry(v.entry, `${w}.entry`) };
    case 'alert': {
      const kind = str(v, 'kind', w) as string;
      if (!/^[a-z-]{1,40}$/.test(kind)) throw new StateFormatError(`${w}.kind must be an alert kind`);
      return { type: 'alert', at, kind };
    }
    default:
      throw new StateFormatError(`${w}.type ${JSON.stringify(v.type)} is not an event Nightwatch writes`);
  }
}

/**
 * Settles a re-run Nightwatch asked for as an event of this run (flakiness.settleRerun): unchanged
 * when `runId` was not re-run by Nightwatch or this attempt is already settled.
 */
export function settleRerunEvent(
  state: NightwatchState,
  runId: number,
  runAttempt: number,
  passed: boolean,
  at = new Date()
): NightwatchState {
  const fingerprint = openRerun(state, runId, runAttempt);
  if (fingerprint === undefined) return state;
  return emit(state, { type: 'rerun-result', at: at.toISOString(), runId, runAttempt, fingerprint, passed });
}
