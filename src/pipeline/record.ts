import type { Refusal } from '../delivery/safe-outputs.js';
import { audit, emit } from '../state/events.js';
import type { AuditEntry, LedgerAttempt, LedgerEntry, NightwatchState } from '../state/port.js';
import type { HealStatus, ModelUsage, Outcome, Triage } from '../types.js';
import type { PipelineResult } from './context.js';

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
  /** Who triggered the failed run (or the dispatch). */
  actor?: string;
  /** Every repair attempt: source, verdict, duration. */
  attemptLog?: LedgerAttempt[];
  /** Duration of each stage in ms. */
  durations?: Record<string, number>;
  /** Writes SafeOutputs refused (each one is audited). */
  refusals?: Refusal[];
  /** The files the verified fix changed. */
  files?: string[];
}

/** Who made the run happen: the workflow_run's triggering actor, else the event's sender. */
export function actorOf(payload: Record<string, unknown>): string | undefined {
  const login = (v: unknown): string | undefined => {
    const l = (v as { login?: unknown } | null | undefined)?.login;
    return typeof l === 'string' && l !== '' ? l : undefined;
  };
  const wr = payload.workflow_run as Record<string, unknown> | undefined;
  return login(wr?.triggering_actor) ?? login(wr?.actor) ?? login(payload.sender);
}

/** The HealRecord of a pipeline result. */
export function healRecordOf(
  result: PipelineResult,
  extra: { actor?: string; startedAt?: number; now?: number } = {}
): HealRecord {
  const repair = result.heal?.repair;
  const durations: Record<string, number> = {};
  if (result.heal?.reproduction) durations.reproduce = result.heal.reproduction.durationMs;
  const attemptMs = (repair?.attempts ?? []).reduce(
    (n, a) => n + ((a as { durationMs?: number }).durationMs ?? 0),
    0
  );
  if (attemptMs > 0) durations.repair = attemptMs;
  if (extra.startedAt !== undefined) durations.total = (extra.now ?? Date.now()) - extra.startedAt;
  return {
    runId: result.run?.runId ?? 0,
    runAttempt: result.run?.runAttempt ?? 1,
    triage: result.triage,
    status: result.status,
    outcome: result.outcome,
    attempts: result.attempts,
    usage: repair?.usage,
    rootCause: result.diagnosis?.rootCause,
    actor: extra.actor,
    attemptLog: repair?.attempts.map(a => ({
      n: a.n,
      source: a.source,
      verdict: a.verdict,
      ...((a as { durationMs?: number }).durationMs !== undefined
        ? { durationMs: (a as { durationMs?: number }).durationMs }
        : {})
    })),
    durations: Object.keys(durations).length > 0 ? durations : undefined,
    refusals: result.refusals,
    files: repair?.edits?.length ? [...new Set(repair.edits.map(e => e.file))].slice(0, 200) : undefined
  };
}

function reasonOf(o: Outcome | undefined): string | undefined {
  if (!o) return undefined;
  if (o.kind === 'escalated' || o.kind === 'skipped' || o.kind === 'diagnosed') return o.reason;
  if (o.kind === 'error') return o.message;
  return undefined;
}

/**
 * Folds one heal into the state as this run's events: the heal (ledger and fingerprint record,
 * breaker, re-runs, metrics) and an audit entry for it, for each write it made and each it was refused.
 */
export function recordHeal(state: NightwatchState, r: HealRecord, now: Date = new Date()): NightwatchState {
  const fingerprint = r.triage?.fingerprint ?? 'unknown';
  const o = r.outcome;
  const at = now.toISOString();
  const u = r.usage;
  const entry: LedgerEntry = {
    runId: r.runId,
    runAttempt: r.runAttempt,
    fingerprint,
    status: r.status,
    at,
    category: r.triage?.category ?? 'unknown',
    reason: reasonOf(o),
    branch: o?.kind === 'fixed' ? o.branch : r.branch,
    prNumber: o?.kind === 'fixed' ? o.prNumber : undefined,
    prUrl: o?.kind === 'fixed' ? o.prUrl : undefined,
    issueNumber: o?.kind === 'escalated' ? o.issueNumber : undefined,
    issueUrl: o?.kind === 'escalated' ? o.issueUrl : undefined,
    actor: r.actor,
    attempts:
      r.attemptLog ??
      Array.from({ length: r.attempts }, (_, i) => ({ n: i + 1, source: 'unknown', verdict: 'unknown' })),
    modelCalls: u?.calls,
    promptTokens: u?.promptTokens,
    outputTokens: u?.outputTokens,
    costUsd: u ? Math.round(u.estimatedCostUsd * 1e6) / 1e6 : undefined,
    durations: r.durations,
    files: r.status === 'fixed' ? r.files : undefined
  };
  for (const k of Object.keys(entry) as (keyof LedgerEntry)[]) if (entry[k] === undefined) delete entry[k];
  let next: NightwatchState = emit(state, {
    type: 'heal',
    at,
    entry,
    ...(r.rootCause !== undefined ? { rootCause: r.rootCause } : {}),
    ...(o?.kind === 'rerun' ? { rerun: true } : {})
  });
  const base: Omit<AuditEntry, 'action' | 'outcome'> = {
    at,
    actor: r.actor ?? 'nightwatch',
    fingerprint,
    ...(r.runId ? { runId: r.runId } : {})
  };
  next = audit(next, { ...base, action: 'heal', outcome: r.status, detail: reasonOf(o) });
  if (o?.kind === 'fixed' && (o.prNumber !== undefined || o.prUrl))
    next = audit(next, {
      ...base,
      action: 'pull-request',
      outcome: 'made',
      detail: o.prUrl ?? `#${o.prNumber}`
    });
  if (o?.kind === 'escalated' && (o.issueNumber !== undefined || o.issueUrl))
    next = audit(next, {
      ...base,
      action: 'issue',
      outcome: 'made',
      detail: o.issueUrl ?? `#${o.issueNumber}`
    });
  if (o?.kind === 'diagnosed' && o.commentUrl)
    next = audit(next, { ...base, action: 'comment', outcome: 'made', detail: o.commentUrl });
  if (o?.kind === 'rerun')
    next = audit(next, { ...base, action: 'rerun', outcome: 'made', detail: `jobs ${o.jobs.join(', ')}` });
  for (const refusal of r.refusals ?? [])
    next = audit(next, { ...base, action: refusal.action, outcome: 'refused', detail: refusal.reason });
  return next;
}

/**
 * The audit entries of what the memory report wrote after a heal (the pattern issue, the weekly
 * digest) and the writes it was refused.
 */
export function auditMemoryWrites(
  state: NightwatchState,
  memory: { patternIssue?: { status: string; url?: string }; digestIssue?: { status: string; url?: string } },
  refusals: readonly { action: string; reason: string }[],
  base: { actor: string; fingerprint: string; runId?: number }
): NightwatchState {
  let next = state;
  const who = {
    actor: base.actor,
    fingerprint: base.fingerprint,
    ...(base.runId ? { runId: base.runId } : {})
  };
  for (const [what, w] of [
    ['pattern issue', memory.patternIssue],
    ['digest issue', memory.digestIssue]
  ] as const) {
    if (w && w.status !== 'unchanged')
      next = audit(next, {
        ...who,
        action: 'issue',
        outcome: 'made',
        detail: `${what} ${w.status}${w.url ? `: ${w.url}` : ''}`
      });
  }
  for (const refusal of refusals)
    next = audit(next, { ...who, action: refusal.action, outcome: 'refused', detail: refusal.reason });
  return next;
}
