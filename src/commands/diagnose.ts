import { stat } from 'node:fs/promises';
import { TriageError, triageLogs } from '../triage/index.js';
import type { Triage } from '../types.js';
import { EXIT, parseCommand, PROGRAM, stringValue, UsageError } from './args.js';

const USAGE = `Usage: ${PROGRAM} diagnose PATH [--baseline PATH] [--json]

Find why a run failed in its logs: the job and step, the lines that say why, the failures
(tool, type, file, line, test), a category and a stable fingerprint.

  PATH               a run-log zip (GET /repos/{owner}/{repo}/actions/runs/{id}/logs), a folder
                     of one unpacked, or a plain log file
  --baseline PATH    the logs of a passing run, to leave out what fails there too
  --json             print the triage as JSON
  -h, --help         this help

Exit codes: 0 done, 1 internal error, 2 usage error (also a PATH that does not exist or is not a log).`;

/** A UsageError unless `p` exists (a file or a folder; what it holds is the triage's business). */
async function mustExist(option: string, p: string): Promise<void> {
  if (
    !(await stat(p).then(
      () => true,
      () => false
    ))
  )
    throw new UsageError(`${option} ${p}: no such file or folder.`, USAGE);
}

/** True when the log shows no failure: no failure recognised, no known pattern, no category. */
export function noFailureFound(t: Triage): boolean {
  return t.failures.length === 0 && !t.knownPattern && t.category === 'unknown';
}

/** What to do when the log shows no failure. */
const NO_FAILURE_NEXT =
  "If the run did fail, pass the failed job's log or the whole run-log zip (GET /repos/{owner}/{repo}/actions/runs/{id}/logs).";

/** The `--json` form of a triage: the fields of the CLI contract, absent values as null. */
export function triageJson(t: Triage): Record<string, unknown> {
  const out: Record<string, unknown> = {
    category: t.category,
    job: t.job,
    step: t.step,
    chunk: { file: t.chunk.file, startLine: t.chunk.startLine, endLine: t.chunk.endLine, text: t.chunk.text },
    failures: t.failures.map(f => ({
      tool: f.tool,
      errorType: f.errorType ?? null,
      message: f.message,
      file: f.file ?? null,
      line: f.line ?? null,
      testName: f.testName ?? null
    })),
    fingerprint: t.fingerprint,
    knownPattern: t.knownPattern ?? null
  };
  // Additive: whether the log shows a failure at all, said plainly when it does not.
  out.failureFound = !noFailureFound(t);
  if (!out.failureFound) out.message = `no failure found. ${NO_FAILURE_NEXT}`;
  // Additive: what the triage skipped in bad input, only when there is something to say.
  if (t.notes && t.notes.length > 0) out.notes = t.notes;
  return out;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.min(60, Math.max(...rows.map(r => r[c].length))));
  const cut = (s: string, w: number): string => (s.length > w ? `${s.slice(0, w - 1)}…` : s.padEnd(w));
  return rows
    .map(r =>
      r
        .map((cell, c) => (c === r.length - 1 ? cell : cut(cell, widths[c])))
        .join('  ')
        .trimEnd()
    )
    .join('\n');
}

/** The readable form: where, the chunk with its line numbers, the failures as a table, the category. */
export function formatTriage(t: Triage): string {
  const parts: string[] = [];
  if (noFailureFound(t)) {
    parts.push(`No failure found in ${t.chunk.file}: no failing test, error or known failure pattern.`);
    parts.push(NO_FAILURE_NEXT);
    if (t.notes && t.notes.length > 0) parts.push('', 'Notes:', ...t.notes.map(n => `  - ${n}`));
    return parts.join('\n');
  }
  parts.push(`Job:         ${t.job || '(unknown)'}`);
  parts.push(`Step:        ${t.step || '(unknown)'}`);
  parts.push(`Category:    ${t.category}${t.knownPattern ? ` (known pattern: ${t.knownPattern})` : ''}`);
  parts.push(`Fingerprint: ${t.fingerprint}`);
  parts.push('');
  if (t.chunk.endLine > 0) {
    parts.push(`${t.chunk.file}, lines ${t.chunk.startLine}-${t.chunk.endLine}:`);
    const width = String(t.chunk.endLine).length;
    t.chunk.text
      .split('\n')
      .forEach((line, i) => parts.push(`${String(t.chunk.startLine + i).padStart(width)} | ${line}`));
  } else {
    parts.push(`${t.chunk.file}: no failure chunk found`);
  }
  parts.push('');
  if (t.failures.length > 0) {
    const rows = [['TOOL', 'TYPE', 'LOCATION', 'TEST', 'MESSAGE']];
    for (const f of t.failures) {
      const loc = f.file ? `${f.file}${f.line !== undefined ? `:${f.line}` : ''}` : '';
      rows.push([f.tool, f.errorType ?? '', loc, f.testName ?? '', f.message.split('\n')[0]]);
    }
    parts.push(`Failures (${t.failures.length}):`);
    parts.push(table(rows));
  } else {
    parts.push('Failures: none recognised');
  }
  if (t.notes && t.notes.length > 0) {
    parts.push('');
    parts.push('Notes:');
    for (const n of t.notes) parts.push(`  - ${n}`);
  }
  return parts.join('\n');
}

/** `nightwatch diagnose PATH [--baseline PATH] [--json]`: triage a run-log zip, a folder of one, or a plain log. */
export async function diagnoseCommand(argv: string[], out: (s: string) => void): Promise<number> {
  const parsed = parseCommand(argv, { baseline: { type: 'string' }, json: { type: 'boolean' } }, USAGE, true);
  if (!parsed) {
    out(USAGE);
    return EXIT.ok;
  }
  const { positionals } = parsed;
  const values = { baseline: stringValue(parsed, 'baseline'), json: parsed.values.json === true };
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? 'give a PATH: the run logs to read.'
        : `give one PATH, not ${positionals.length}.`,
      USAGE
    );
  }
  await mustExist('PATH', positionals[0]);
  if (values.baseline !== undefined) await mustExist('--baseline', values.baseline);
  let triage: Triage;
  try {
    triage = await triageLogs(
      positionals[0],
      values.baseline !== undefined ? { baseline: values.baseline } : {}
    );
  } catch (err) {
    if (err instanceof TriageError) {
      process.stderr.write(`${PROGRAM} diagnose: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
  out(values.json ? JSON.stringify(triageJson(triage), null, 2) : formatTriage(triage));
  return EXIT.ok;
}
