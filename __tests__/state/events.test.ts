import { recordHeal } from '../../src/pipeline/record.js';
import { emit, foldBatch, parseBatch, prune, reduce, serializeBatch } from '../../src/state/events.js';
import type { NightwatchState, StateEvent } from '../../src/state/port.js';
import { emptyState, parseState, serializeState } from '../../src/state/state.js';
import { steer } from '../../src/state/steer.js';
import type { HealStatus, Triage } from '../../src/types.js';

const DAY = 24 * 3600 * 1000;
const now = new Date('2026-06-30T12:00:00Z');

function heal(runId: number, fingerprint: string, status: HealStatus, at: Date): StateEvent[] {
  return (
    recordHeal(
      emptyState(),
      { runId, runAttempt: 1, status, attempts: 0, triage: { fingerprint, category: 'test' } as Triage },
      at
    ).pending ?? []
  );
}

describe('state/events: the fold', () => {
  it('folds batches in any order to the same counts, and a batch already folded changes nothing', () => {
    const a = heal(1, 'x', 'fixed', new Date(now.getTime() - 2000));
    const b = heal(2, 'y', 'escalated', new Date(now.getTime() - 1000));
    const ab = foldBatch(foldBatch(emptyState(), 'A', a, now.toISOString()), 'B', b, now.toISOString());
    const ba = foldBatch(foldBatch(emptyState(), 'B', b, now.toISOString()), 'A', a, now.toISOString());
    expect(ab.metrics).toEqual(ba.metrics);
    expect(Object.keys(ab.fingerprints).sort()).toEqual(Object.keys(ba.fingerprints).sort());
    expect(ab.metrics).toMatchObject({ runs: 2, fixed: 1, escalated: 1 });
    expect(foldBatch(ab, 'A', a, now.toISOString())).toBe(ab);
  });

  it('emit keeps the event as pending; the snapshot never stores pending events', () => {
    const s = emit(emptyState(), { type: 'breaker-reset', at: now.toISOString(), actor: 'me' });
    expect(s.pending).toHaveLength(1);
    const text = serializeState(s);
    expect(JSON.parse(text)).not.toHaveProperty('pending');
    expect(parseState(text).breaker.resetAt).toBe(now.toISOString());
  });

  it('round-trips every kind of event through a batch file, and refuses a foreign one', () => {
    let s: NightwatchState = recordHeal(emptyState(), {
      runId: 5,
      runAttempt: 1,
      status: 'rerun',
      outcome: { kind: 'rerun', jobs: [1] },
      attempts: 0,
      triage: { fingerprint: 'f', category: 'infra' } as Triage,
      actor: 'octocat',
      refusals: [{ action: 'push', reason: 'mode diagnose' }]
    });
    s = steer(s, { command: 'quarantine', fingerprint: 'f', actor: 'me', reason: 'flaky', now }).state;
    s = emit(s, { type: 'pr-result', at: now.toISOString(), fingerprint: 'f', prNumber: 3, merged: false });
    s = emit(s, {
      type: 'rerun-result',
      at: now.toISOString(),
      runId: 5,
      runAttempt: 2,
      fingerprint: 'f',
      passed: true
    });
    const events = s.pending ?? [];
    expect(parseBatch(serializeBatch(events))).toEqual(events);
    expect(s.audit.map(a => [a.action, a.outcome])).toEqual([
      ['heal', 'rerun'],
      ['rerun', 'made'],
      ['push', 'refused'],
      ['quarantine', 'done']
    ]);
    expect(() => parseBatch('{"version":1,"events":[{"type":"heal","at":"x"}]}')).toThrow(/ISO time/);
    expect(() =>
      parseBatch('{"version":1,"events":[{"type":"drop-table","at":"2026-01-01T00:00:00Z"}]}')
    ).toThrow(/not an event/);
    expect(() => parseBatch(JSON.stringify({ version: 1, events: new Array(1001).fill({}) }))).toThrow(
      /above 1000/
    );
  });

  it('prune drops old ledger, audit and quiet fingerprints but keeps ignores, quarantines and open PRs', () => {
    const old = new Date(now.getTime() - 40 * DAY);
    let s = emptyState();
    for (const [fp, status] of [
      ['quiet', 'escalated'],
      ['ignored', 'escalated'],
      ['withPr', 'fixed']
    ] as const)
      s = reduce(s, {
        type: 'heal',
        at: old.toISOString(),
        entry: {
          runId: fp.length,
          runAttempt: 1,
          fingerprint: fp,
          status,
          at: old.toISOString(),
          ...(fp === 'withPr' ? { prNumber: 9 } : {})
        }
      });
    s = reduce(s, { type: 'ignore', at: old.toISOString(), fingerprint: 'ignored' });
    s = reduce(s, {
      type: 'quarantine',
      at: old.toISOString(),
      fingerprint: 'expired',
      until: old.toISOString()
    });
    s = {
      ...s,
      folded: { oldBatch: new Date(now.getTime() - 33 * DAY).toISOString(), recent: now.toISOString() }
    };
    const p = prune(s, now, { days: 30, fingerprintDays: 20 });
    expect(p.ledger).toEqual([]);
    expect(Object.keys(p.fingerprints).sort()).toEqual(['ignored', 'withPr']);
    expect(Object.keys(p.ignores)).toEqual(['ignored']);
    expect(p.quarantines).toEqual({});
    expect(Object.keys(p.folded)).toEqual(['recent']);
    expect(p.metrics.runs).toBe(3); // totals are kept
  });

  it('folding 10,000 events stays under a second', () => {
    const events: StateEvent[] = [];
    for (let i = 0; i < 10_000; i++)
      events.push(...heal(i + 1, `fp${i % 300}`, i % 3 ? 'fixed' : 'escalated', now).slice(0, 1));
    const started = Date.now();
    let s = emptyState();
    for (let b = 0; b < 10; b++)
      s = foldBatch(s, `b${b}`, events.slice(b * 1000, (b + 1) * 1000), now.toISOString());
    expect(Date.now() - started).toBeLessThan(1000);
    expect(s.metrics.runs).toBe(10_000);
  });
});
