/**
 * The dashboard: one static HTML page of the state (rates, trends as inline SVG charts, top
 * fingerprints, patterns, steering, the ledger with links to runs, PRs and issues), readable without
 * a server. No script, no external resource (a Content-Security-Policy says so to the browser), and
 * every text from the state is escaped: fingerprints, reasons and root causes come from failing code.
 */
import type { LedgerEntry, NightwatchState } from '../state/port.js';
import { breakerStatus } from '../state/breaker.js';
import { DEFAULT_PATTERN_THRESHOLD, metricsReport, type DayMetrics } from '../state/metrics.js';
import { duration } from './metrics.js';

export interface DashboardOptions {
  /** `owner/repo`: runs link to `{serverUrl}/{owner}/{repo}/actions/runs/{id}`. */
  repository?: string;
  /** Default https://github.com. */
  serverUrl?: string;
  /** A title for a local repository (its folder name). */
  title?: string;
  patternThreshold?: number;
  /** Ledger rows shown, newest first (default 200). */
  maxLedger?: number;
  now?: Date;
}

/** Text for HTML content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** An http(s) URL as an href, or undefined (javascript:, data: and the rest are never linked). */
function safeUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

function a(label: string, url: string | undefined): string {
  const href = safeUrl(url);
  return href
    ? `<a href="${escapeHtml(href)}" rel="noopener noreferrer">${escapeHtml(label)}</a>`
    : escapeHtml(label);
}

const pct = (x: number): string => `${Math.round(Math.max(0, Math.min(1, x)) * 100)}%`;

const COLORS = {
  fixed: '#2da44e',
  escalated: '#cf222e',
  other: '#8c959f',
  cost: '#8250df',
  patterns: '#bf8700'
};

/** Outcomes by day as stacked bars: fixed, escalated, the rest. */
export function outcomesSvg(days: DayMetrics[]): string {
  const W = 420;
  const H = 240;
  const pad = { l: 34, r: 8, t: 14, b: 44 };
  if (days.length === 0) return '<p class="empty">No handled runs in the ledger yet.</p>';
  const max = Math.max(1, ...days.map(d => d.runs));
  const bw = (W - pad.l - pad.r) / days.length;
  const y = (n: number): number => ((H - pad.t - pad.b) * n) / max;
  const bars = days.map((d, i) => {
    const x = pad.l + i * bw + bw * 0.15;
    const w = Math.max(1, bw * 0.7);
    let base = H - pad.b;
    const seg = (n: number, color: string, cls: string): string => {
      if (n <= 0) return '';
      const h = y(n);
      base -= h;
      return `<rect class="${cls}" x="${x.toFixed(1)}" y="${base.toFixed(1)}" width="${w.toFixed(1)}" height="${h.toFixed(1)}" fill="${color}"><title>${escapeHtml(d.date)}: ${n} ${cls}</title></rect>`;
    };
    const other = d.runs - d.fixed - d.escalated;
    const label =
      days.length <= 7 || i % Math.ceil(days.length / 7) === 0
        ? `<text x="${(x + w / 2).toFixed(1)}" y="${H - pad.b + 16}" text-anchor="middle">${escapeHtml(d.date.slice(5))}</text>`
        : '';
    return `<g class="day" data-date="${escapeHtml(d.date)}" data-runs="${d.runs}">${seg(d.fixed, COLORS.fixed, 'fixed')}${seg(d.escalated, COLORS.escalated, 'escalated')}${seg(other, COLORS.other, 'other')}${label}</g>`;
  });
  return `<svg class="chart" id="chart-outcomes" viewBox="0 0 ${W} ${H}" role="img" aria-label="Handled runs by day: fixed, escalated, other (diagnosed, re-run, skipped)">
<line x1="${pad.l}" y1="${H - pad.b}" x2="${W - pad.r}" y2="${H - pad.b}" stroke="#d0d7de"/>
<text x="${pad.l - 6}" y="${pad.t + 4}" text-anchor="end">${max}</text><text x="${pad.l - 6}" y="${H - pad.b}" text-anchor="end">0</text>
${bars.join('\n')}
<g class="legend" transform="translate(${pad.l},${H - 6})"><rect width="10" height="10" y="-10" fill="${COLORS.fixed}"/><text x="14">fixed</text><rect x="64" width="10" height="10" y="-10" fill="${COLORS.escalated}"/><text x="78">escalated</text><rect x="160" width="10" height="10" y="-10" fill="${COLORS.other}"/><text x="174">other</text></g>
</svg>`;
}

/** One series by day as a line with points. */
export function lineSvg(
  id: string,
  days: DayMetrics[],
  value: (d: DayMetrics) => number,
  color: string,
  label: string,
  format: (n: number) => string = String
): string {
  const W = 420;
  const H = 200;
  const pad = { l: 52, r: 12, t: 14, b: 30 };
  if (days.length === 0) return '<p class="empty">No data yet.</p>';
  const values = days.map(value);
  const max = Math.max(...values, 0) || 1;
  const step = days.length === 1 ? 0 : (W - pad.l - pad.r) / (days.length - 1);
  const pts = values.map((v, i) => [
    pad.l + (days.length === 1 ? (W - pad.l - pad.r) / 2 : i * step),
    H - pad.b - ((H - pad.t - pad.b) * v) / max
  ]);
  return `<svg class="chart" id="${escapeHtml(id)}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(label)}">
<line x1="${pad.l}" y1="${H - pad.b}" x2="${W - pad.r}" y2="${H - pad.b}" stroke="#d0d7de"/>
<text x="${pad.l - 6}" y="${pad.t + 4}" text-anchor="end">${escapeHtml(format(max))}</text><text x="${pad.l - 6}" y="${H - pad.b}" text-anchor="end">0</text>
<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.map(p => `${p[0].toFixed(1)},${p[1].toFixed(1)}`).join(' ')}"/>
${pts.map((p, i) => `<circle class="point" cx="${p[0].toFixed(1)}" cy="${p[1].toFixed(1)}" r="3" fill="${color}"><title>${escapeHtml(days[i].date)}: ${escapeHtml(format(values[i]))}</title></circle>`).join('')}
<text x="${pad.l}" y="${H - 6}">${escapeHtml(days[0].date)}</text><text x="${W - pad.r}" y="${H - 6}" text-anchor="end">${escapeHtml(days[days.length - 1].date)}</text>
</svg>`;
}

function runLink(e: LedgerEntry, o: DashboardOptions): string {
  const repo = o.repository;
  if (!e.runId || !repo || !/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/.test(repo))
    return e.runId ? String(e.runId) : 'local';
  const server = (o.serverUrl ?? 'https://github.com').replace(/\/+$/, '');
  const attempt = e.runAttempt > 1 ? `/attempts/${e.runAttempt}` : '';
  return a(
    `${e.runId}${e.runAttempt > 1 ? ` #${e.runAttempt}` : ''}`,
    `${server}/${repo}/actions/runs/${e.runId}${attempt}`
  );
}

function fp(f: string): string {
  return `<code class="fp" title="${escapeHtml(f)}">${escapeHtml(f.length > 16 ? `${f.slice(0, 16)}…` : f)}</code>`;
}

function time(at: string): string {
  const t = Date.parse(at);
  return Number.isNaN(t) ? escapeHtml(at) : new Date(t).toISOString().slice(0, 16).replace('T', ' ');
}

function table(id: string, head: string[], rows: string[][], empty: string): string {
  if (rows.length === 0) return `<p class="empty" id="${id}-empty">${escapeHtml(empty)}</p>`;
  return `<table id="${id}"><thead><tr>${head.map(h => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>
${rows.map(r => `<tr>${r.map(c => `<td>${c}</td>`).join('')}</tr>`).join('\n')}
</tbody></table>`;
}

const STYLE = `
body{font:14px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
header{background:#24292f;color:#fff;padding:16px 24px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;color:#d0d7de}
main{padding:16px 24px;max-width:1200px}section{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:12px 16px;margin:0 0 16px}
h2{font-size:16px;margin:0 0 8px}.cards{display:flex;flex-wrap:wrap;gap:8px}.card{border:1px solid #d0d7de;border-radius:6px;padding:8px 12px;min-width:120px}
.card .v{font-size:22px;font-weight:600}.card .k{color:#59636e;font-size:12px}.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(360px,1fr));gap:12px}
.chart{width:100%;height:auto}.chart text{font-size:13px;fill:#59636e}table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #d8dee4;padding:4px 6px;text-align:left;vertical-align:top}
th{font-size:12px;color:#59636e}td.reason{max-width:420px;overflow-wrap:anywhere}code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}.empty{color:#59636e}
.s-fixed{color:#1a7f37}.s-escalated{color:#cf222e}.s-error{color:#cf222e;font-weight:600}`;

/** The dashboard page. */
export function dashboardHtml(state: NightwatchState, o: DashboardOptions = {}): string {
  const threshold = o.patternThreshold ?? DEFAULT_PATTERN_THRESHOLD;
  const m = metricsReport(state, 15, threshold);
  const now = o.now ?? new Date();
  const name = o.repository ?? o.title ?? 'local repository';
  const breaker = breakerStatus(state, now);
  const card = (key: string, value: string, label: string): string =>
    `<div class="card" data-metric="${key}"><div class="v">${escapeHtml(value)}</div><div class="k">${escapeHtml(label)}</div></div>`;
  const cards = [
    card('runs', String(m.runs), 'handled runs'),
    card('detectionRate', pct(m.detectionRate), 'detection rate'),
    card('fixRate', pct(m.fixRate), `auto-fix rate (${m.fixed} fixed)`),
    card(
      'successRate',
      pct(m.successRate),
      `fix PRs merged (${m.pullRequests.merged} of ${m.pullRequests.opened})`
    ),
    card('escalationRate', pct(m.escalationRate), `escalation rate (${m.escalated})`),
    card('meanTimeToFix', duration(m.meanTimeToFixMs), 'mean time to fix'),
    card('reruns', String(m.reruns.asked), `re-runs (${m.reruns.passed} passed)`),
    card('costUsd', `$${m.costUsd.toFixed(2)}`, `model cost (${m.promptTokens + m.outputTokens} tokens)`),
    card('patterns', String(m.patterns.length), `patterns (${threshold}+ times)`),
    card('breaker', breaker.open ? 'open' : 'closed', 'circuit breaker')
  ];
  const record = (f: string): NightwatchState['fingerprints'][string] | undefined => state.fingerprints[f];
  const topRows = m.topFingerprints.map(t => {
    const r = record(t.fingerprint);
    return [
      fp(t.fingerprint),
      escapeHtml(r?.category ?? ''),
      String(t.count),
      escapeHtml(r ? time(r.lastSeen) : ''),
      escapeHtml(
        Object.entries(r?.outcomes ?? {})
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')
      )
    ];
  });
  const patternRows = m.patterns.map(p => {
    const r = record(p.fingerprint);
    const fix = r?.prNumber !== undefined ? `PR #${r.prNumber}${r.prState ? ` (${r.prState})` : ''}` : '';
    return [
      fp(p.fingerprint),
      escapeHtml(p.category),
      String(p.count),
      `${escapeHtml(time(p.firstSeen))} → ${escapeHtml(time(p.lastSeen))}`,
      `<span class="reason">${escapeHtml((p.rootCause ?? 'not diagnosed').slice(0, 300))}</span>`,
      escapeHtml(fix)
    ];
  });
  const ledger = [...state.ledger]
    .sort((x, y) => Date.parse(y.at) - Date.parse(x.at))
    .slice(0, o.maxLedger ?? 200);
  const ledgerRows = ledger.map(e => [
    escapeHtml(time(e.at)),
    runLink(e, o),
    fp(e.fingerprint),
    escapeHtml(e.category ?? ''),
    `<span class="s-${escapeHtml(e.status.replace(/[^\w-]/g, ''))}">${escapeHtml(e.status)}</span>`,
    `<span class="reason">${escapeHtml((e.reason ?? '').slice(0, 300))}</span>`,
    [
      e.prNumber !== undefined || e.prUrl ? a(`PR #${e.prNumber ?? '?'}`, e.prUrl) : '',
      e.issueNumber !== undefined || e.issueUrl ? a(`issue #${e.issueNumber ?? '?'}`, e.issueUrl) : ''
    ]
      .filter(Boolean)
      .join(' '),
    String(e.attempts?.length ?? 0),
    e.costUsd !== undefined ? `$${e.costUsd.toFixed(4)}` : ''
  ]);
  const steering = [
    ...Object.entries(state.ignores).map(([f, s]) => [
      fp(f),
      'ignored',
      escapeHtml(s.actor ?? ''),
      escapeHtml(s.reason ?? ''),
      ''
    ]),
    ...Object.entries(state.quarantines).map(([f, s]) => [
      fp(f),
      'quarantined',
      escapeHtml(s.actor ?? ''),
      escapeHtml(s.reason ?? ''),
      escapeHtml(s.until ? time(s.until) : '')
    ])
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Nightwatch — ${escapeHtml(name)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>Nightwatch dashboard</h1><p id="repository">${escapeHtml(name)} · generated ${escapeHtml(now.toISOString().slice(0, 16).replace('T', ' '))} UTC · ${state.ledger.length} runs in the ledger</p></header>
<main>
<section id="rates"><h2>Rates</h2><div class="cards">${cards.join('')}</div></section>
<section id="trends"><h2>Trends</h2><div class="charts">
<figure><figcaption>Handled runs by day (other: diagnosed, re-run, skipped)</figcaption>${outcomesSvg(m.byDay)}</figure>
<figure><figcaption>Model cost by day (USD)</figcaption>${lineSvg(
    'chart-cost',
    m.byDay,
    d => d.costUsd,
    COLORS.cost,
    'Model cost by day',
    n => `$${n.toFixed(2)}`
  )}</figure>
<figure><figcaption>Patterns (failures seen ${threshold}+ times)</figcaption>${lineSvg('chart-patterns', m.byDay, d => d.patterns, COLORS.patterns, 'Patterns over time')}</figure>
</div></section>
<section id="top"><h2>Top fingerprints</h2>${table('top-table', ['Fingerprint', 'Category', 'Seen', 'Last seen', 'Outcomes'], topRows, 'No failure recorded yet.')}</section>
<section id="patterns"><h2>Patterns</h2>${table('patterns-table', ['Fingerprint', 'Category', 'Seen', 'First → last', 'Cause', 'Fix'], patternRows, `No failure has come back ${threshold} times.`)}</section>
<section id="steering"><h2>Steering</h2>${table('steering-table', ['Fingerprint', 'Mark', 'By', 'Reason', 'Until'], steering, 'Nothing is ignored or quarantined.')}</section>
<section id="ledger"><h2>Ledger (newest first)</h2>${table('ledger-table', ['Time (UTC)', 'Run', 'Fingerprint', 'Category', 'Status', 'Reason', 'PR / issue', 'Attempts', 'Cost'], ledgerRows, 'The ledger is empty.')}</section>
</main>
</body>
</html>
`;
}
