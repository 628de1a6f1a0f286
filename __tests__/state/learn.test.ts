/**
 * Learning what became of earlier fix PRs (learn.ts) and folding it (events.ts): merged is a fix that
 * worked and raises the determinism score; closed unmerged is a failed fix that counts for the
 * breaker; the same PR learned by two runs at once counts once. And the fold of many batches
 * (foldBatches) changes nothing it was given.
 */
import { recordHeal } from '../../src/pipeline/record.js';
import { breakerStatus, DEFAULT_BREAKER } from '../../src/state/breaker.js';
import { emit, foldBatch, foldBatches, parseBatch, serializeBatch } from '../../src/state/events.js';
import { determinism } from '../../src/state/flakiness.js';
import { learn, type LearnSource } from '../../src/state/learn.js';
import type { NightwatchState, StateEvent } from '../../src/state/port.js';
import { emptyState, parseState, serializeState } from '../../src/state/state.js';
import type { Triage } from '../../src/types.js';

const now = new Date('2026-06-30T12:00:00Z');
const FP = 'aaaabbbbccccdddd';

/** A state whose fingerprint FP got fix PR #7 in run 100. */
function withOpenPr(): NightwatchState {
  const s = recordHeal(
    emptyState(),
    {
      runId: 100,
      runAttempt: 1,
      status: 'fixed',
      attempts: 1,
      triage: { fingerprint: FP, category: 'test' } as Triage,
      outcome: { kind: 'fixed', branch: 'nightwatch/fix-x', prNumber: 7, prUrl: 'https://x/pull/7' }
    },
    new Date(now.getTime() - 3600_000)
  );
  return { ...s, pending: [] };
}

function source(pr: {
  state: string;
  merged: boolean;
  closedAt?: string;
}): LearnSource & { asked: number[] } {
  const asked: number[] = [];
  return {
    asked,
    getRun: async () => {
      throw new Error('no re-run to look up');
    },
    getPullState: async n => {
      asked.push(n);
      return pr;
    }
  };
}

describe('state/learn: what became of fix PRs', () => {
  it('a merged PR: prState merged, counted in the record and the metrics, audited, and the failure is deterministic', async () => {
    const s = withOpenPr();
    const src = source({ state: 'closed', merged: true, closedAt: now.toISOString() });
    const next = await learn(s, src, undefined, 10, now);
    expect(src.asked).toEqual([7]);
    expect(next.fingerprints[FP]).toMatchObject({ prState: 'merged', prsMerged: 1 });
    expect(next.fingerprints[FP].prsClosed).toBeUndefined();
    expect(next.metrics).toMatchObject({ prsMerged: 1, prsClosed: 0 });
    expect(next.audit.at(-1)).toMatchObject({ action: 'pr-result', fingerprint: FP, outcome: 'merged' });
    expect(next.breaker.failures ?? []).toEqual([]);
    // Without the merged PR a flaky-looking fingerprint (one re-run passed) scores 0; with it, 0.5.
    const passedOnce = (x: NightwatchState): NightwatchState => ({
      ...x,
      fingerprints: { ...x.fingerprints, [FP]: { ...x.fingerprints[FP], passedOnRerun: 1 } }
    });
    expect(determinism(passedOnce(s), FP)).toBe(0);
    expect(determinism(passedOnce(next), FP)).toBe(0.5);
    // A PR learned once is not asked about again.
    const again = source({ state: 'closed', merged: true });
    await learn(next, again, undefined, 10, now);
    expect(again.asked).toEqual([]);
  });

  it('a PR closed unmerged is a failed fix: counted for the breaker at the time it was closed', async () => {
    const closedAt = new Date(now.getTime() - 10 * 60_000).toISOString();
    const next = await learn(
      withOpenPr(),
      source({ state: 'closed', merged: false, closedAt }),
      undefined,
      10,
      now
    );
    expect(next.fingerprints[FP]).toMatchObject({ prState: 'closed', prsClosed: 1 });
    expect(next.metrics.prsClosed).toBe(1);
    expect(next.breaker.failures).toEqual([closedAt]);
    expect(next.audit.at(-1)).toMatchObject({ action: 'pr-result', outcome: 'closed-unmerged' });
  });

  it('an open PR changes nothing, and is asked about again next time', async () => {
    const s = withOpenPr();
    const next = await learn(s, source({ state: 'open', merged: false }), undefined, 10, now);
    expect(next).toBe(s);
  });

  it('two runs that learned the same closed PR at once count it once (breaker and metrics)', () => {
    const base = withOpenPr();
    const e: StateEvent = {
      type: 'pr-result',
      at: now.toISOString(),
      fingerprint: FP,
      prNumber: 7,
      merged: false,
      closedAt: now.toISOString()
    };
    const folded = foldBatches(base, [
      { name: 'run-a', events: [e], at: now.toISOString() },
      { name: 'run-b', events: [e], at: now.toISOString() }
    ]);
    expect(folded.breaker.failures).toHaveLength(1);
    expect(folded.metrics.prsClosed).toBe(1);
    expect(folded.fingerprints[FP].prsClosed).toBe(1);
  });

  it('the learned counters survive a snapshot and a batch file', () => {
    const s = emit(withOpenPr(), {
      type: 'pr-result',
      at: now.toISOString(),
      fingerprint: FP,
      prNumber: 7,
      merged: true
    });
    const back = parseState(serializeState(s));
    expect(back.fingerprints[FP]).toMatchObject({ prState: 'merged', prsMerged: 1 });
    expect(back.metrics.prsMerged).toBe(1);
    expect(parseBatch(serializeBatch(s.pending ?? []))).toEqual(s.pending);
    expect(() =>
      parseState(serializeState({ ...s, metrics: { ...s.metrics, prsMerged: 'x' as unknown as number } }))
    ).toThrow(/metrics.prsMerged must be a number/);
  });
});

describe('state/events: foldBatches', () => {
  const heal = (runId: number, fp: string, at: Date): StateEvent[] =>
    recordHeal(
      emptyState(),
      {
        runId,
        runAttempt: 1,
        status: 'escalated',
        attempts: 0,
        triage: { fingerprint: fp, category: 'test' } as Triage
      },
      at
    ).pending ?? [];

  it('folds like one foldBatch after another, and changes nothing it was given', () => {
    const start = withOpenPr();
    const before = serializeState(start);
    const table = start.fingerprints;
    const batches = Array.from({ length: 30 }, (_, i) => ({
      name: `b${i}`,
      events: heal(200 + i, `fp${i % 4}`, new Date(now.getTime() + i * 1000)),
      at: now.toISOString()
    }));
    const one = foldBatches(start, batches);
    let many = start;
    for (const b of batches) many = foldBatch(many, b.name, b.events, b.at);
    expect(serializeState(one)).toEqual(serializeState(many));
    expect(serializeState(start)).toEqual(before);
    expect(start.fingerprints).toBe(table);
    expect(Object.keys(table)).toEqual([FP]);
    // The folded table is no longer the fold's own: a later event makes a new one.
    const after = emit(one, {
      type: 'pr-result',
      at: now.toISOString(),
      fingerprint: FP,
      prNumber: 7,
      merged: true
    });
    expect(one.fingerprints[FP].prState).toBe('open');
    expect(after.fingerprints[FP].prState).toBe('merged');
    expect(after.fingerprints).not.toBe(one.fingerprints);
  });

  it('a batch named twice, or already folded, is folded once', () => {
    const events = heal(300, 'x', now);
    const s = foldBatches(emptyState(), [
      { name: 'same', events, at: now.toISOString() },
      { name: 'same', events, at: now.toISOString() }
    ]);
    expect(s.metrics.runs).toBe(1);
    expect(foldBatches(s, [{ name: 'same', events, at: now.toISOString() }])).toBe(s);
  });

  it('the default breaker opens on two PRs closed unmerged within the hour', () => {
    let s = withOpenPr();
    s = foldBatches(s, [
      {
        name: 'a',
        at: now.toISOString(),
        events: [
          {
            type: 'pr-result',
            at: now.toISOString(),
            fingerprint: 'other',
            prNumber: 3,
            merged: false,
            closedAt: new Date(now.getTime() - 20 * 60_000).toISOString()
          }
        ]
      },
      {
        name: 'b',
        at: now.toISOString(),
        events: [
          {
            type: 'pr-result',
            at: now.toISOString(),
            fingerprint: FP,
            prNumber: 7,
            merged: false,
            closedAt: new Date(now.getTime() - 5 * 60_000).toISOString()
          }
        ]
      }
    ]);
    expect(breakerStatus(s, now, DEFAULT_BREAKER)).toMatchObject({ open: true, failures: 2 });
    expect(breakerStatus(s, new Date(now.getTime() + 26 * 60_000), DEFAULT_BREAKER).open).toBe(false);
  });
});
