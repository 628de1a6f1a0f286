import { DEFAULT_BREAKER, breakerStatus, isOpen, recordOutcome } from '../../src/state/breaker.js';
import { reduce } from '../../src/state/events.js';
import { emptyState } from '../../src/state/state.js';

const t0 = new Date('2026-03-01T10:00:00Z');
const at = (min: number): Date => new Date(t0.getTime() + min * 60_000);

describe('circuit breaker (defaults: 2 failed fixes within an hour, 30 minutes cool-down)', () => {
  it('stays closed after one failure and opens at the second within the hour', () => {
    let s = recordOutcome(emptyState(), 'escalated', at(0));
    expect(isOpen(s, at(1))).toBe(false);
    s = recordOutcome(s, 'error', at(50));
    const b = breakerStatus(s, at(51));
    expect(b.open).toBe(true);
    expect(b.until).toBe(at(80).toISOString());
    expect(b.reason).toMatch(/2 failed fixes .* within 60 minutes/);
    expect(isOpen(s, at(80))).toBe(false);
  });

  it('does not open for two failures more than an hour apart', () => {
    const s = recordOutcome(recordOutcome(emptyState(), 'escalated', at(0)), 'escalated', at(61));
    expect(isOpen(s, at(62))).toBe(false);
  });

  it('half-open: one more failure after the cool-down, still within the window, opens it again', () => {
    let s = recordOutcome(recordOutcome(emptyState(), 'escalated', at(0)), 'escalated', at(10));
    expect(isOpen(s, at(41))).toBe(false);
    s = recordOutcome(s, 'escalated', at(45));
    expect(breakerStatus(s, at(46)).until).toBe(at(75).toISOString());
  });

  it('a fix and neutral outcomes add no failure; thresholds are options read at each run', () => {
    let s = recordOutcome(emptyState(), 'escalated', at(0));
    s = recordOutcome(s, 'fixed', at(1));
    s = recordOutcome(s, 'skipped', at(2));
    expect(s.breaker.failures).toHaveLength(1);
    expect(isOpen(s, at(3))).toBe(false);
    expect(isOpen(s, at(3), { ...DEFAULT_BREAKER, threshold: 1 })).toBe(true);
  });

  it('a reset forgets the failures before it', () => {
    let s = recordOutcome(recordOutcome(emptyState(), 'escalated', at(0)), 'escalated', at(5));
    expect(isOpen(s, at(6))).toBe(true);
    s = reduce(s, { type: 'breaker-reset', at: at(6).toISOString(), actor: 'octocat' });
    expect(isOpen(s, at(7))).toBe(false);
    s = recordOutcome(s, 'escalated', at(8));
    expect(isOpen(s, at(9))).toBe(false);
  });

  it('a fix PR closed unmerged counts as a failed fix at the time it was closed', () => {
    let s = recordOutcome(emptyState(), 'escalated', at(0));
    s = reduce(s, {
      type: 'pr-result',
      at: at(100).toISOString(),
      fingerprint: 'f',
      prNumber: 1,
      merged: false,
      closedAt: at(20).toISOString()
    });
    expect(breakerStatus(s, at(21)).open).toBe(true);
    const merged = reduce(recordOutcome(emptyState(), 'escalated', at(0)), {
      type: 'pr-result',
      at: at(20).toISOString(),
      fingerprint: 'f',
      prNumber: 1,
      merged: true
    });
    expect(isOpen(merged, at(21))).toBe(false);
  });
});
