/**
 * The dependency lane's section of a fix PR or an escalation issue: the update, the decision and
 * why, the release notes (breaking first) and the impact report. Notes and file names come from the
 * repository and the package: every one is escaped (no links, HTML or mentions).
 */
import type { DependencyChange } from '../types.js';
import { code, inline, table } from './markdown.js';

/** The dependency update a repair adapted the code to, and why the lane decided as it did. */
export interface DependencyInfo {
  change: DependencyChange;
  reason: string;
}

const MAX_NOTES = 30;
/** A code span in a table cell: a `|` in it (a file name may hold one) would split the cell. */
const cell = (text: string): string => code(text).replace(/\|/g, '\\|');
const MAX_IMPACT = 60;

/** Markdown, starting with its own `###` heading. */
export function dependencySection(d: DependencyInfo): string {
  const c = d.change;
  const notes = c.notes.slice(0, MAX_NOTES).map(n => `- ${inline(n)}`);
  if (c.notes.length > MAX_NOTES) notes.push(`- … ${c.notes.length - MAX_NOTES} more`);
  const rows = c.impact
    .slice(0, MAX_IMPACT)
    .map(i => [cell(i.file), String(i.line), cell(i.symbol), i.severity]);
  return [
    `### Dependency update: ${code(c.name)} ${inline(c.from)} → ${inline(c.to)} (${c.ecosystem})`,
    '',
    `**Decision:** ${c.decision} — ${inline(d.reason)}. The update stays: the code is adapted to it, the dependency is never reverted or pinned back.`,
    '',
    '#### Release notes',
    '',
    ...(notes.length > 0 ? notes : ['_No release notes were found for this range._']),
    '',
    '#### Impact',
    '',
    rows.length > 0
      ? table(['file', 'line', 'symbol', 'severity'], rows) +
        (c.impact.length > MAX_IMPACT ? `\n\n… ${c.impact.length - MAX_IMPACT} more uses.` : '')
      : '_No use of the symbols the notes name was found in the code._'
  ].join('\n');
}
