import { breakerEffect, isOpen, recordOutcome } from '../../src/state/breaker.js';
import { emptyState } from '../../src/state/state.js';

describe('state/breaker', () => {
  const t0 = new Date('2026-03-01T00:00:00Z');
  const opts = { threshold: 3, coolDownMs: 60 * 60 * 1000 };

  it('opens after N consecutive failed heals for the cool-down, then lets one attempt through', () => {
    let s = emptyState();
    s = recordOutcome(s, 'escalated', t0, opts);
    s = recordOutcome(s, 'error', t0, opts);
    expect(isOpen(s, t0)).toBe(false);
    s = recordOutcome(s, 'escalated', t0, opts);
    expect(s.breaker.consecutiveFailures).toBe(3);
    expect(isOpen(s, t0)).toBe(true);
    expect(isOpen(s, new Date(t0.getTime() + 59 * 60 * 1000))).toBe(true);
    const later = new Date(t0.getTime() + 61 * 60 * 1000);
    expect(isOpen(s, later)).toBe(false);
    // half-open: one more failure re-opens it at once
    const again = recordOutcome(s, 'escalated', later, opts);
    expect(isOpen(again, later)).toBe(true);
    // a fix closes it
    const fixed = recordOutcome(s, 'fixed', later, opts);
    expect(fixed.breaker).toEqual({ consecutiveFailures: 0 });
  });

  it('ignores outcomes that are not heals', () => {
    const s = recordOutcome(emptyState(), 'escalated', t0, opts);
    for (const status of ['skipped', 'diagnosed', 'rerun', 'not-reproduced']) {
      expect(recordOutcome(s, status, t0, opts)).toBe(s);
      expect(breakerEffect(status)).toBe('neutral');
    }
    expect(breakerEffect('fixed')).toBe('success');
    expect(breakerEffect('error')).toBe('failure');
  });
});
