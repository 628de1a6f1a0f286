import { parseArgs } from 'node:util';
import { TriageError, triageLogs } from '../triage/index.js';
import type { Triage } from '../types.js';

const USAGE = 'Usage: nightwatch diagnose PATH [--baseline PATH] [--json]';

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
  let values: { baseline?: string; json?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      options: { baseline: { type: 'string' }, json: { type: 'boolean', default: false } },
      allowPositionals: true
    }));
  } catch (err) {
    process.stderr.write(
      `nightwatch diagnose: ${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`
    );
    return 2;
  }
  if (positionals.length !== 1) {
    process.stderr.write(`nightwatch diagnose: give exactly one PATH.\n${USAGE}\n`);
    return 2;
  }
  let triage: Triage;
  try {
    triage = await triageLogs(
      positionals[0],
      values.baseline !== undefined ? { baseline: values.baseline } : {}
    );
  } catch (err) {
    if (err instanceof TriageError) {
      process.stderr.write(`nightwatch diagnose: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  out(values.json ? JSON.stringify(triageJson(triage), null, 2) : formatTriage(triage));
  return 0;
}
