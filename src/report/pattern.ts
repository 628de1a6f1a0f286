/**
 * The pattern issue (one per failure that keeps coming back, updated in place) and the weekly digest
 * issue (one, updated in place with the week's metrics). Pure Markdown builders over the state.
 */
import type { FingerprintRecord, LedgerEntry, NightwatchState } from '../state/port.js';
import type { MetricsReport } from '../state/metrics.js';
import { inline, table } from './markdown.js';
import { safeLink } from './lessons.js';
import { fingerprintCode, metricsSection } from './metrics.js';

/** The hidden marker a pattern issue carries (next to the visible fingerprint line). */
export function patternMarker(fingerprint: string): string {
  return `<!-- nightwatch-pattern: ${fingerprint.replace(/[^\w.:-]/g, '?')} -->`;
}

/** The hidden marker of the digest issue. */
export const DIGEST_MARKER = '<!-- nightwatch-digest -->';

function day(at: string): string {
  const t = Date.parse(at);
  return Number.isNaN(t) ? '?' : new Date(t).toISOString().slice(0, 10);
}

export interface PatternIssueOptions {
  /** `{server}/{owner}/{repo}`: runs link to their page. */
  repoUrl?: string;
  /** Rows of the occurrences table (newest; default 30). */
  maxRows?: number;
}

function runCell(e: LedgerEntry, repoUrl: string | undefined): string {
  if (!e.runId) return 'local';
  return repoUrl ? safeLink(`run ${e.runId}`, `${repoUrl}/actions/runs/${e.runId}`) : `run ${e.runId}`;
}

function triedCell(e: LedgerEntry): string {
  const parts: string[] = [];
  for (const a of e.attempts ?? []) if (a.source !== 'unknown') parts.push(`${a.source}: ${a.verdict}`);
  if (e.prNumber !== undefined || e.prUrl) parts.push(safeLink(`PR #${e.prNumber ?? '?'}`, e.prUrl));
  if (e.issueNumber !== undefined || e.issueUrl)
    parts.push(safeLink(e.issueNumber !== undefined ? `issue #${e.issueNumber}` : 'issue', e.issueUrl));
  return parts.map(p => (p.startsWith('[') ? p : inline(p))).join(', ');
}

/** Title of a pattern issue. */
export function patternTitle(record: FingerprintRecord): string {
  return `Nightwatch pattern: a ${record.category} failure came back ${record.count} times`;
}

/** Body of a pattern issue: what the failure is, how often, and everything tried so far. */
export function patternBody(
  state: NightwatchState,
  fingerprint: string,
  o: PatternIssueOptions = {}
): string {
  const record = state.fingerprints[fingerprint];
  if (!record) return '';
  const runs = state.ledger.filter(e => e.fingerprint === fingerprint);
  const rows = runs
    .slice(-(o.maxRows ?? 30))
    .reverse()
    .map(e => [
      day(e.at),
      runCell(e, o.repoUrl),
      inline(e.status),
      inline((e.reason ?? '').slice(0, 200)),
      triedCell(e)
    ]);
  const outcomes = Object.entries(record.outcomes)
    .map(([k, n]) => `${inline(k)} ${n}`)
    .join(', ');
  const pr =
    record.prNumber !== undefined
      ? `The latest fix PR is #${record.prNumber}${record.prState ? ` (${record.prState})` : ''}.`
      : 'No fix PR was opened.';
  const rerun =
    (record.reruns ?? 0) > 0
      ? `Re-runs: ${record.reruns}, of which ${record.passedOnRerun ?? 0} passed (flaky) and ${record.failedOnRerun ?? 0} failed again.`
      : '';
  return [
    patternMarker(fingerprint),
    `This ${inline(record.category)} failure (${fingerprintCode(fingerprint)}) keeps coming back: seen **${record.count} times**, ` +
      `first on ${day(record.firstSeen)}, last on ${day(record.lastSeen)}. Nightwatch updates this issue each time it happens again.`,
    '',
    `**Outcomes:** ${outcomes || 'none recorded'}. ${pr} ${rerun}`.trim(),
    '',
    `**Cause (latest diagnosis):** ${record.rootCause ? inline(record.rootCause.slice(0, 600)) : 'not diagnosed'}`,
    '',
    `### Occurrences and what was tried${runs.length > rows.length ? ` (latest ${rows.length} of ${runs.length} in the ledger)` : ''}`,
    '',
    rows.length > 0
      ? table(['Date', 'Run', 'Outcome', 'Reason', 'Tried'], rows)
      : 'No run of it is left in the ledger.',
    '',
    '### What you can do',
    '',
    `- Fix the cause for good, or tell Nightwatch to leave it alone: \`nightwatch-ci ignore ${fingerprint.replace(/[^\w.:-]/g, '?')} --reason "..."\` (or the \`command: ignore\` input).`,
    '- If it is flaky, quarantine it (`quarantine`): its failures are re-run, never patched.',
    '- `nightwatch-ci export --format markdown` writes every recurring failure and what worked as a lessons file.',
    ''
  ].join('\n');
}

/** The ISO week (Monday, UTC) that `now` falls in, as its first day. */
export function weekStart(now: Date): Date {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d;
}

/** Title of the digest issue. */
export const DIGEST_TITLE = 'Nightwatch weekly digest';

/** Body of the digest issue: this week's metrics (so far) and last week's in one line. */
export function digestBody(week: MetricsReport, lastWeek: MetricsReport, start: Date, now: Date): string {
  const from = start.toISOString().slice(0, 10);
  const pct = (x: number): string => `${Math.round(x * 100)}%`;
  const section = metricsSection(week, `### The week of ${from}`);
  return [
    DIGEST_MARKER,
    `What Nightwatch did this week (${from} to ${now.toISOString().slice(0, 10)}, updated ${now.toISOString().slice(0, 16).replace('T', ' ')} UTC). ` +
      'This issue is updated in place; turn it off with `digest: off`.',
    '',
    section || 'No failed run was handled this week.',
    '',
    `**Last week:** ${lastWeek.runs} handled runs, ${lastWeek.fixed} fixed (${pct(lastWeek.fixRate)}), ` +
      `${lastWeek.escalated} escalated, $${lastWeek.costUsd.toFixed(2)} of model cost.`,
    ''
  ].join('\n');
}
