/** The job summary: what Nightwatch did with the run, in a few lines and tables. */
import type { Attempt, Edit } from '../types.js';
import { code, fence, inline, percent, table } from './markdown.js';
import { metricsSection } from './metrics.js';
import { attemptsTable, runLink, proofSection, reproducedAt } from './sections.js';
import type { SummaryInput } from './types.js';

const STATUS_TITLE: Record<string, string> = {
  fixed: '✅ Fixed',
  escalated: '🚨 Escalated',
  diagnosed: '🔎 Diagnosed',
  rerun: '🔁 Re-ran failed jobs',
  skipped: '⏭️ Skipped',
  'not-reproduced': '❔ Not reproduced',
  passing: '✅ Passing',
  error: '💥 Error'
};

/** The job summary Markdown (written with core.summary by the action). */
export function jobSummary(input: SummaryInput): string {
  const parts: string[] = [`## Nightwatch: ${STATUS_TITLE[input.status] ?? input.status}`, ''];
  // The machine-readable status as well as the title: what the `status` output says.
  const rows: string[][] = [['Status', code(input.status)]];
  if (input.run) rows.push(['Run', runLink(input.run)]);
  if (input.mode) rows.push(['Mode', `${code(input.mode)}${input.dryRun ? ' (dry run)' : ''}`]);
  if (input.triage) {
    rows.push([
      'Failure',
      `${inline(input.triage.category)} in ${inline(input.triage.job)} / ${inline(input.triage.step)}`
    ]);
    rows.push(['Fingerprint', code(input.triage.fingerprint)]);
  }
  const o = input.outcome;
  if (o) {
    if (o.kind === 'fixed')
      rows.push([
        'Fix',
        `${code(o.branch)}${o.prUrl ? ` → ${link(`PR #${o.prNumber ?? ''}`, o.prUrl)}` : ''}`
      ]);
    if (o.kind === 'escalated')
      rows.push(['Escalated', `${inline(o.reason)}${o.issueUrl ? ` → ${link('issue', o.issueUrl)}` : ''}`]);
    if (o.kind === 'diagnosed' && o.commentUrl)
      rows.push(['Comment', link('diagnosis comment', o.commentUrl)]);
    if (o.kind === 'diagnosed' && o.reason) rows.push(['Why only a diagnosis', inline(o.reason)]);
    if (o.kind === 'rerun') rows.push(['Re-run', `${o.jobs.length} failed job(s)`]);
    if (o.kind === 'skipped') rows.push(['Skipped', inline(o.reason)]);
    if (o.kind === 'error') rows.push(['Error', inline(o.message)]);
  }
  if (input.diagnosis) {
    rows.push([
      'Root cause',
      `${inline(input.diagnosis.rootCause.slice(0, 500))} (${input.diagnosis.source}, ${percent(input.diagnosis.confidence)})`
    ]);
    if (input.diagnosis.plan) rows.push(['Suggested fix', inline(input.diagnosis.plan.slice(0, 500))]);
  }
  const reproduction = input.reproduction ?? input.heal?.reproduction;
  const usage = input.usage ?? input.heal?.repair?.usage;
  if (reproduction) {
    const r = reproduction;
    rows.push([
      'Reproduction',
      `${r.reproduced ? 'reproduced' : 'not reproduced'}: ${code(r.command)} in ${code(r.image)}, exit ${r.exitCode}`
    ]);
    const at = reproducedAt(r);
    if (at) rows.push(['Commit tested', at]);
  }
  if (usage && usage.calls > 0) {
    const u = usage;
    rows.push([
      'Model',
      `${u.calls} calls, ${u.promptTokens}+${u.outputTokens} tokens, ~$${u.estimatedCostUsd.toFixed(4)}`
    ]);
  }
  if (rows.length > 0) parts.push(table(['', ''], rows), '');

  const attempts: Attempt[] | undefined = Array.isArray(input.attempts)
    ? input.attempts
    : input.heal?.repair?.attempts;
  if (attempts && attempts.length > 0) {
    parts.push(`### Attempts (${attempts.length})`, '', attemptsTable(attempts), '');
  } else if (typeof input.attempts === 'number' && input.attempts > 0) {
    parts.push(`Repair attempts: ${input.attempts}`, '');
  }
  const proof = input.heal?.repair?.evidence;
  if (proof) parts.push('### Proof', '', proofSection(proof), '');
  // A verified fix that could not be delivered (a refused token, an API fault) is kept here.
  const edits = input.heal?.repair?.edits;
  if (input.status === 'error' && edits && edits.length > 0) {
    parts.push(
      '### The verified fix (not delivered)',
      '',
      'It passed the whole suite in the sandbox; apply it by hand, or re-run Nightwatch once the error above is fixed.',
      '',
      fence(editsPatch(edits), 'diff'),
      ''
    );
  }
  if (input.refusals && input.refusals.length > 0) {
    parts.push(
      '### Refused by safe outputs',
      '',
      ...input.refusals.map(r => `- ${code(r.action)}: ${inline(r.reason)}`),
      ''
    );
  }
  if (input.metrics) {
    const section = metricsSection(input.metrics);
    if (section) parts.push(section);
  }
  return parts.join('\n');
}

function link(label: string, url: string): string {
  return /^https?:\/\//.test(url)
    ? `[${inline(label)}](${url.replace(/[()\s]/g, encodeURIComponent)})`
    : inline(label);
}

/** The edits as a readable patch: each file, then the exact text replaced (-) and its replacement (+). */
function editsPatch(edits: Edit[]): string {
  const lines = (t: string, sign: string): string[] =>
    t === ''
      ? []
      : t
          .replace(/\n$/, '')
          .split('\n')
          .map(l => `${sign}${l}`);
  return edits
    .map(e =>
      [`--- a/${e.file}`, `+++ b/${e.file}`, ...lines(e.search, '-'), ...lines(e.replace, '+')].join('\n')
    )
    .join('\n');
}
