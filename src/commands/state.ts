import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { FileStateStore } from '../state/file-store.js';
import type { StateStore } from '../state/port.js';
import { EXIT, parseCommand, PROGRAM, stringValue, UsageError } from './args.js';

const run = promisify(execFile);

/** The CLI keeps its state inside DIR's git directory, so healing never dirties DIR's checkout. */
export async function openLocalState(repoDir: string): Promise<StateStore> {
  const { stdout } = await run('git', ['rev-parse', '--absolute-git-dir'], { cwd: repoDir });
  return new FileStateStore(path.join(stdout.trim(), 'nightwatch'));
}

const SUMMARY: Record<string, string> = {
  status: 'the last runs Nightwatch handled and the circuit breaker',
  metrics: 'counts and totals over every heal',
  export: 'the whole state as JSON',
  explain: 'one failure (by its fingerprint or a prefix of it) and the runs that met it'
};

function usageOf(command: string): string {
  const arg = command === 'explain' ? ' FINGERPRINT' : '';
  return `Usage: ${PROGRAM} ${command}${arg} [--repo DIR] [--json]

Print ${SUMMARY[command]}, from the state kept in DIR/.git/nightwatch/state.json.

  --repo DIR   the local git repository (default: .)
  --json       print JSON
  -h, --help   this help

Exit codes: 0 done, 1 internal error, 2 usage error.`;
}

/** `nightwatch status|metrics|explain FINGERPRINT|export`: read the state. */
export async function stateCommand(
  command: string,
  argv: string[],
  out: (s: string) => void
): Promise<number> {
  const usage = usageOf(command);
  const parsed = parseCommand(
    argv,
    { repo: { type: 'string' }, json: { type: 'boolean' } },
    usage,
    command === 'explain'
  );
  if (!parsed) {
    out(usage);
    return EXIT.ok;
  }
  const { positionals } = parsed;
  const values = { repo: stringValue(parsed, 'repo') ?? '.', json: parsed.values.json === true };
  if (command === 'explain' && positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? `give a FINGERPRINT (${PROGRAM} status lists them).`
        : `give one FINGERPRINT, not ${positionals.length}.`,
      usage
    );
  }
  let store: StateStore;
  try {
    store = await openLocalState(path.resolve(values.repo));
  } catch {
    throw new UsageError(`--repo ${values.repo} is not a git repository (or does not exist).`, usage);
  }
  const state = await store.load();
  switch (command) {
    case 'export':
      out(JSON.stringify(state, null, 2));
      return 0;
    case 'metrics':
      out(values.json ? JSON.stringify(state.metrics, null, 2) : formatRecord(state.metrics));
      return 0;
    case 'explain': {
      const fp = positionals[0];
      const match = Object.values(state.fingerprints).filter(r => r.fingerprint.startsWith(fp));
      if (match.length !== 1) {
        process.stderr.write(
          match.length === 0
            ? `${PROGRAM} explain: no fingerprint ${fp} in the state (${PROGRAM} status lists them).\n`
            : `${PROGRAM} explain: ${fp} is ambiguous: give more of it.\n`
        );
        return EXIT.usage;
      }
      const record = match[0];
      const runs = state.ledger.filter(e => e.fingerprint === record.fingerprint);
      out(
        values.json
          ? JSON.stringify({ ...record, runs }, null, 2)
          : `${formatRecord(record)}\nruns:\n${runs.map(r => `  ${r.at} run ${r.runId} -> ${r.status}${r.branch ? ` (${r.branch})` : ''}`).join('\n')}`
      );
      return 0;
    }
    default: {
      const open = state.breaker.openUntil && Date.parse(state.breaker.openUntil) > Date.now();
      const lines = [
        `handled runs: ${state.ledger.length}; fingerprints: ${Object.keys(state.fingerprints).length}`,
        `circuit breaker: ${open ? `open until ${state.breaker.openUntil}` : 'closed'} (${state.breaker.consecutiveFailures} consecutive failures)`,
        ...state.ledger
          .slice(-10)
          .map(
            e =>
              `  ${e.at} run ${e.runId} ${e.fingerprint.slice(0, 12)} -> ${e.status}${e.branch ? ` (${e.branch})` : ''}`
          )
      ];
      out(
        values.json
          ? JSON.stringify({ ledger: state.ledger.slice(-10), breaker: state.breaker }, null, 2)
          : lines.join('\n')
      );
      return 0;
    }
  }
}

function formatRecord(r: object): string {
  return Object.entries(r)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join('\n');
}
