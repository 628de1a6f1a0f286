import { metricsReport } from '../../src/state/metrics.js';
import { emptyState } from '../../src/state/state.js';
import { metricsSection, outcomesChart, outcomesPie } from '../../src/report/metrics.js';
import { XSS_FP, sampleState } from './state-fixture.js';

describe('metrics report (the numbers a person can check against the fixture ledger)', () => {
  it('rates, PRs, mean time to fix, re-runs, by day and patterns add up', () => {
    const m = metricsReport(sampleState(), 10, 3);
    expect(m).toMatchObject({ runs: 7, fixed: 2, escalated: 4, skipped: 0, errors: 0 });
    expect(m.fixRate).toBeCloseTo(2 / 7);
    expect(m.escalationRate).toBeCloseTo(4 / 7);
    expect(m.detectionRate).toBe(1);
    // PR #7 and PR #9 of fpA, both learned merged.
    expect(m.pullRequests).toEqual({ opened: 2, merged: 2, closed: 0 });
    expect(m.successRate).toBe(1);
    expect(m.meanTimeToFixMs).toBe(90_000);
    expect(m.reruns).toEqual({ asked: 1, passed: 0, failed: 0 });
    expect(m.byDay).toEqual([
      {
        date: '2026-11-20',
        runs: 2,
        fixed: 0,
        escalated: 2,
        costUsd: 0.02,
        reruns: 0,
        tokens: 240,
        patterns: 0
      },
      {
        date: '2026-11-21',
        runs: 2,
        fixed: 1,
        escalated: 1,
        costUsd: 0.02,
        reruns: 0,
        tokens: 240,
        patterns: 0
      },
      {
        date: '2026-11-22',
        runs: 3,
        fixed: 1,
        escalated: 1,
        costUsd: 0.03,
        reruns: 1,
        tokens: 360,
        patterns: 1
      }
    ]);
    expect(m.patterns.map(p => [p.fingerprint, p.count])).toEqual([['fpA', 3]]);
    expect(m.topFingerprints[0]).toEqual({ fingerprint: 'fpA', count: 3 });
    expect(m.topFingerprints[1]).toEqual({ fingerprint: XSS_FP, count: 2 });
    // A lower threshold makes the attacker's recurring failure a pattern too, from its second day.
    const two = metricsReport(sampleState(), 10, 2);
    expect(two.patterns.map(p => p.fingerprint)).toEqual(['fpA', XSS_FP]);
    expect(two.byDay.map(d => d.patterns)).toEqual([0, 1, 2]);
  });

  it('an empty state has zero rates and no mean time to fix', () => {
    const m = metricsReport(emptyState());
    expect(m).toMatchObject({ runs: 0, fixRate: 0, successRate: 0, detectionRate: 0, meanTimeToFixMs: null });
    expect(metricsSection(m)).toBe('');
  });
});

describe('metrics in Markdown (job summary, digest)', () => {
  it('draws the outcomes by day as a Mermaid xychart, with the numbers of each day', () => {
    const m = metricsReport(sampleState());
    const md = metricsSection(m);
    expect(md).toContain('```mermaid\nxychart-beta');
    expect(md).toContain('x-axis ["11-20", "11-21", "11-22"]');
    expect(md).toContain('bar [2, 2, 3]');
    expect(md).toContain('line [0, 1, 1]');
    expect(md).toContain('line [2, 1, 1]');
    expect(md).toContain('| Auto-fix rate | 29% (2 fixed) |');
    expect(md).toContain('| Mean time to fix | 1.5 min |');
    // The attacker's fingerprint cannot break the table or inject HTML.
    const row = md.split('\n').find(l => l.includes('fp-'));
    expect(row).toBeDefined();
    expect(row!.split('|').length).toBe(5);
    expect(md).not.toMatch(/<img|<script|<svg/);
  });

  it('one day: a pie of the outcomes instead; a date that is not a date never reaches the chart', () => {
    const m = metricsReport(sampleState());
    expect(outcomesChart(m.byDay.slice(0, 1))).toBe('');
    expect(outcomesPie(m)).toContain('"fixed" : 2');
    expect(outcomesPie(m)).toContain('"escalated" : 4');
    expect(outcomesPie(m)).toContain('"diagnosed or re-run" : 1');
    const bad = [...m.byDay, { ...m.byDay[0], date: '2026-11-23"]\n  bar [999' }];
    expect(outcomesChart(bad)).not.toContain('999');
  });
});
