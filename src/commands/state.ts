import { execFile } from 'node:child_process';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { FileStateStore } from '../state/file-store.js';
import type { StateStore } from '../state/port.js';

const run = promisify(execFile);

/** The CLI keeps its state inside DIR's git directory, so healing never dirties DIR's checkout. */
export async function openLocalState(repoDir: string): Promise<StateStore> {
  const { stdout } = await run('git', ['rev-parse', '--absolute-git-dir'], { cwd: repoDir });
  return new FileStateStore(path.join(stdout.trim(), 'nightwatch'));
}

/** `nightwatch status|metrics|explain FINGERPRINT|export`: read the state. */
export async function stateCommand(
  command: string,
  argv: string[],
  out: (s: string) => void
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { repo: { type: 'string', default: '.' }, json: { type: 'boolean', default: false } },
    allowPositionals: true
  });
  let store: StateStore;
  try {
    store = await openLocalState(path.resolve(values.repo ?? '.'));
  } catch {
    process.stderr.write(`nightwatch ${command}: ${values.repo} is not a git repository (use --repo DIR).\n`);
    return 1;
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
      if (!fp) {
        process.stderr.write('nightwatch explain: give a FINGERPRINT (see nightwatch status).\n');
        return 2;
      }
      const match = Object.values(state.fingerprints).filter(r => r.fingerprint.startsWith(fp));
      if (match.length !== 1) {
        process.stderr.write(
          match.length === 0
            ? `nightwatch explain: no fingerprint ${fp} in the state.\n`
            : `nightwatch explain: ${fp} is ambiguous.\n`
        );
        return 1;
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
