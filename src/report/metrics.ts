/**
 * The metrics as Markdown: a table of rates, the outcomes by day as a Mermaid chart (GitHub renders
 * ```mermaid blocks in job summaries, issues and Markdown files), the top fingerprints and the
 * patterns. Used by the job summary and the weekly digest issue.
 */
import type { DayMetrics, MetricsReport } from '../state/metrics.js';
import { code, percent, table } from './markdown.js';

/** A fingerprint as a code span: only the characters a fingerprint has (a `|` would break a table). */
export function fingerprintCode(fingerprint: string): string {
  return code(fingerprint.replace(/[^\w.:-]/g, '?').slice(0, 64));
}

/** A duration in ms as minutes or seconds. */
export function duration(ms: number | null): string {
  if (ms === null) return '–';
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms / 6000) / 10} min`;
}

/** Only a plain date is ever written into a chart (the state's times are validated, but a chart is code). */
function safeDays(days: DayMetrics[]): DayMetrics[] {
  return days.filter(d => /^\d{4}-\d{2}-\d{2}$/.test(d.date));
}

/**
 * The handled runs by day as a Mermaid xychart: runs as bars, fixed and escalated as lines. Empty
 * when there are fewer than two days (a table reads better then).
 */
export function outcomesChart(days: DayMetrics[], maxDays = 14): string {
  const shown = safeDays(days).slice(-maxDays);
  if (shown.length < 2) return '';
  const max = Math.max(1, ...shown.map(d => d.runs));
  return [
    '```mermaid',
    'xychart-beta',
    '  title "Handled runs by day (bars), fixed and escalated (lines)"',
    `  x-axis [${shown.map(d => `"${d.date.slice(5)}"`).join(', ')}]`,
    `  y-axis "runs" 0 --> ${max}`,
    `  bar [${shown.map(d => d.runs).join(', ')}]`,
    `  line [${shown.map(d => d.fixed).join(', ')}]`,
    `  line [${shown.map(d => d.escalated).join(', ')}]`,
    '```'
  ].join('\n');
}

/** The outcomes as a Mermaid pie (one day or more). Empty when nothing was handled. */
export function outcomesPie(m: MetricsReport): string {
  const other = Math.max(0, m.runs - m.fixed - m.escalated - m.skipped - m.errors);
  const slices: [string, number][] = [
    ['fixed', m.fixed],
    ['escalated', m.escalated],
    ['skipped', m.skipped],
    ['error', m.errors],
    ['diagnosed or re-run', other]
  ];
  const shown = slices.filter(([, n]) => n > 0);
  if (shown.length === 0) return '';
  return [
    '```mermaid',
    'pie showData title Outcomes of the handled runs',
    ...shown.map(([k, n]) => `  "${k}" : ${n}`),
    '```'
  ].join('\n');
}

/** The rates, counts and money in one table. */
export function ratesTable(m: MetricsReport): string {
  return table(
    ['', ''],
    [
      ['Handled runs', String(m.runs)],
      ['Detection rate', percent(m.detectionRate)],
      ['Auto-fix rate', `${percent(m.fixRate)} (${m.fixed} fixed)`],
      [
        'Fix PRs merged',
        `${percent(m.successRate)} (${m.pullRequests.merged} of ${m.pullRequests.opened} opened, ${m.pullRequests.closed} closed unmerged)`
      ],
      ['Escalation rate', `${percent(m.escalationRate)} (${m.escalated} escalated)`],
      ['Mean time to fix', duration(m.meanTimeToFixMs)],
      [
        'Re-runs',
        `${m.reruns.asked} asked, ${m.reruns.passed} passed (flaky), ${m.reruns.failed} failed again`
      ],
      [
        'Model',
        `${m.modelCalls} calls, ${m.promptTokens}+${m.outputTokens} tokens, $${m.costUsd.toFixed(4)}`
      ],
      [`Patterns (seen ${m.patternThreshold}+ times)`, String(m.patterns.length)]
    ]
  );
}

/** The most frequent fingerprints. */
export function topTable(m: MetricsReport, n = 5): string {
  if (m.topFingerprints.length === 0) return '';
  const pattern = new Set(m.patterns.map(p => p.fingerprint));
  return table(
    ['Fingerprint', 'Seen', 'Pattern'],
    m.topFingerprints
      .slice(0, n)
      .map(f => [fingerprintCode(f.fingerprint), String(f.count), pattern.has(f.fingerprint) ? 'yes' : ''])
  );
}

/** The metrics section of the job summary: rates, the chart where a picture reads better, the top failures. */
export function metricsSection(m: MetricsReport, heading = '### Nightwatch over time'): string {
  if (m.runs === 0 && m.byDay.length === 0) return '';
  const chart = outcomesChart(m.byDay) || outcomesPie(m);
  const top = topTable(m);
  return [heading, '', ratesTable(m), '', ...(chart ? [chart, ''] : []), ...(top ? [top, ''] : [])].join(
    '\n'
  );
}
