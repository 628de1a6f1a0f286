import path from 'node:path';
import { createOctokit } from '../delivery/github.js';
import { mkdir, writeFile } from 'node:fs/promises';
import { dashboardHtml } from '../report/dashboard.js';
import { lessonsMarkdown } from '../report/lessons.js';
import { ArtifactStateStore, type StateArtifactClient } from '../state/artifact-store.js';
import { breakerStatus } from '../state/breaker.js';
import { determinism, flakyScore } from '../state/flakiness.js';
import { FileStateStore } from '../state/file-store.js';
import { metricsReport } from '../state/metrics.js';
import type { NightwatchState, StateStore } from '../state/port.js';
import { steer, type SteeringCommandName } from '../state/steer.js';
import { localGit } from '../delivery/git.js';
import { EXIT, parseCommand, PROGRAM, stringValue, UsageError } from './args.js';

/** The CLI keeps its state inside DIR's git directory, so healing never dirties DIR's checkout. */
export async function openLocalState(repoDir: string): Promise<StateStore> {
  // Through the safe git layer: no hook, filter or config-named command of DIR's, and no token in reach.
  const { stdout } = await localGit(repoDir, ['rev-parse', '--absolute-git-dir']);
  return new FileStateStore(path.join(stdout.trim(), 'nightwatch'));
}

const SUMMARY: Record<string, string> = {
  status: 'the last runs Nightwatch handled, the circuit breaker, ignores and quarantines',
  metrics: 'counts, rates, top fingerprints and the runs by day',
  audit: 'the audit trail: every write made or refused and every state change',
  export:
    'the whole state as JSON, or with --format markdown the lessons file: recurring failures, their causes, the fixes that worked and what did not',
  dashboard:
    'write the dashboard: one static HTML page (rates, trends, top fingerprints, patterns, the ledger) to DIR/index.html',
  explain: 'one failure (by its fingerprint or a prefix of it): why it was or was not fixed',
  ignore: 'ignore a fingerprint: its failures are skipped with a reason that says so',
  unignore: 'stop ignoring a fingerprint',
  quarantine: 'quarantine a flaky fingerprint: its failures are re-run, never patched (14 days)',
  unquarantine: 'lift a quarantine',
  breaker: 'reset the circuit breaker (`breaker reset`)'
};

const STEERING = ['ignore', 'unignore', 'quarantine', 'unquarantine', 'breaker'];

function usageOf(command: string): string {
  const arg =
    command === 'breaker'
      ? ' reset'
      : ['explain', 'ignore', 'unignore', 'quarantine', 'unquarantine'].includes(command)
        ? ' FINGERPRINT'
        : '';
  const output =
    command === 'export'
      ? '\n  --format F         json (default: the whole state) or markdown (the lessons file)\n  --out FILE         write to FILE instead of printing'
      : command === 'dashboard'
        ? '\n  --out DIR          the folder to write index.html to (required)'
        : '';
  const filters =
    command === 'audit'
      ? '\n  --since DATE       only entries at or after DATE (ISO, e.g. 2026-01-31)\n  --fingerprint F    only entries of fingerprint F (or a prefix)\n  --action A         only entries of action A (heal, pull-request, issue, ignore, ...)'
      : '';
  const steering = STEERING.includes(command)
    ? `\n  --reason TEXT      why (kept in the state, shown when a failure is skipped)\n  --workflow PATH    with --github: Nightwatch's workflow, dispatched with the command (default .github/workflows/nightwatch.yml)\n  --ref REF          with --github: the branch to dispatch on (default: the repository's default branch)`
    : '';
  return `Usage: ${PROGRAM} ${command}${arg} [--repo DIR | --github OWNER/REPO] [--json]

${SUMMARY[command]}. With --repo, the state of local heals (DIR/.git/nightwatch/); with --github,
the state the action keeps in OWNER/REPO's run artifacts, read with GITHUB_TOKEN (or GH_TOKEN)${STEERING.includes(command) ? ';\na change is made by dispatching the workflow with the command as its inputs' : ''}.

  --repo DIR         the local git repository (default: .)
  --github O/R       a repository on GitHub (GITHUB_API_URL for GitHub Enterprise)
  --json             print JSON${output}${filters}${steering}
  -h, --help         this help

Exit codes: 0 done, 1 internal error, 2 usage error.`;
}

interface Values {
  repo?: string;
  github?: string;
  json: boolean;
  workflow: string;
}

export function githubToken(usage: string): string {
  const token = (process.env.GITHUB_TOKEN ?? process.env.GH_TOKEN ?? '').trim();
  if (!token)
    throw new UsageError(
      '--github needs a token in GITHUB_TOKEN or GH_TOKEN (e.g. GITHUB_TOKEN=$(gh auth token)).',
      usage
    );
  return token;
}

export function ownerRepo(value: string, usage: string): [string, string] {
  const m = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/.exec(value);
  if (!m) throw new UsageError(`--github '${value}' is not of the form OWNER/REPO.`, usage);
  return [m[1], m[2]];
}

async function openStore(values: Values, usage: string): Promise<StateStore> {
  if (values.github !== undefined) {
    const [owner, repo] = ownerRepo(values.github, usage);
    return new ArtifactStateStore({
      token: githubToken(usage),
      owner,
      repo,
      apiBaseUrl: process.env.GITHUB_API_URL ?? 'https://api.github.com',
      runId: 0,
      // The same trust rule as the action: only state Nightwatch's own workflow wrote in OWNER/REPO.
      workflowRef: `${owner}/${repo}/${values.workflow}@cli`,
      readOnly: true,
      client: restArtifactClient(owner, repo, githubToken(usage)),
      log: {
        debug: () => undefined,
        info: () => undefined,
        warning: m => process.stderr.write(`warning: ${m}\n`)
      }
    });
  }
  try {
    return await openLocalState(path.resolve(values.repo ?? '.'));
  } catch {
    throw new UsageError(`--repo ${values.repo ?? '.'} is not a git repository (or does not exist).`, usage);
  }
}

/**
 * Downloads artifacts through the REST API (GET .../artifacts/{id}/zip), as anyone with a token can:
 * the runner's artifact client writes workflow commands (`::debug::`) on stdout, which is the CLI's output.
 */
function restArtifactClient(owner: string, repo: string, token: string): StateArtifactClient {
  const octokit = createOctokit({
    token,
    owner,
    repo,
    baseUrl: process.env.GITHUB_API_URL ?? 'https://api.github.com'
  });
  const readOnly = (): never => {
    throw new Error('the CLI does not write run artifacts');
  };
  return {
    uploadArtifact: async () => readOnly(),
    deleteArtifact: async () => readOnly(),
    async downloadArtifact(artifactId, options) {
      const { data } = await octokit.rest.actions.downloadArtifact({
        owner,
        repo,
        artifact_id: artifactId,
        archive_format: 'zip'
      });
      const dir = options?.path ?? '.';
      await writeFile(path.join(dir, 'artifact.zip'), Buffer.from(data as ArrayBuffer));
      return { downloadPath: dir };
    }
  };
}

/** `nightwatch status|metrics|audit|explain|export` and the steering commands. */
export async function stateCommand(
  command: string,
  argv: string[],
  out: (s: string) => void
): Promise<number> {
  const usage = usageOf(command);
  const parsed = parseCommand(
    argv,
    {
      repo: { type: 'string' },
      github: { type: 'string' },
      json: { type: 'boolean' },
      since: { type: 'string' },
      fingerprint: { type: 'string' },
      action: { type: 'string' },
      reason: { type: 'string' },
      workflow: { type: 'string' },
      ref: { type: 'string' },
      ...(command === 'export' || command === 'dashboard' ? { out: { type: 'string' as const } } : {}),
      ...(command === 'export' ? { format: { type: 'string' as const } } : {})
    },
    usage,
    true
  );
  if (!parsed) {
    out(usage);
    return EXIT.ok;
  }
  const { positionals } = parsed;
  const values: Values = {
    repo: stringValue(parsed, 'repo'),
    github: stringValue(parsed, 'github'),
    json: parsed.values.json === true,
    workflow: stringValue(parsed, 'workflow') ?? '.github/workflows/nightwatch.yml'
  };
  if (values.repo !== undefined && values.github !== undefined)
    throw new UsageError('give --repo or --github, not both.', usage);
  const wantsFingerprint = ['explain', 'ignore', 'unignore', 'quarantine', 'unquarantine'].includes(command);
  const expected = wantsFingerprint || command === 'breaker' ? 1 : 0;
  if (positionals.length !== expected) {
    throw new UsageError(
      expected === 0
        ? `${command} takes no argument ('${positionals[0]}' given).`
        : command === 'breaker'
          ? "the breaker command is 'breaker reset'."
          : positionals.length === 0
            ? `give a FINGERPRINT (${PROGRAM} status lists them).`
            : `give one FINGERPRINT, not ${positionals.length}.`,
      usage
    );
  }
  if (command === 'breaker' && positionals[0] !== 'reset')
    throw new UsageError(
      `unknown breaker command '${positionals[0]}'; the breaker command is 'breaker reset'.`,
      usage
    );
  if (wantsFingerprint && !/^[A-Za-z0-9._:-]{1,128}$/.test(positionals[0]))
    throw new UsageError(
      `'${positionals[0].slice(0, 80)}' is not a fingerprint (letters, digits, . _ : -).`,
      usage
    );
  const since = stringValue(parsed, 'since');
  if (since !== undefined && Number.isNaN(Date.parse(since)))
    throw new UsageError(
      `Invalid --since '${since}'. Expected a date such as 2026-01-31 or an ISO time.`,
      usage
    );

  if (STEERING.includes(command)) {
    const name = (command === 'breaker' ? 'breaker-reset' : command) as SteeringCommandName;
    const fingerprint = command === 'breaker' ? undefined : positionals[0];
    const reason = stringValue(parsed, 'reason');
    if (values.github !== undefined)
      return dispatchSteering(values, usage, name, fingerprint, reason, stringValue(parsed, 'ref'), out);
    const store = await openStore(values, usage);
    const actor = process.env.USER ?? process.env.USERNAME ?? 'local';
    const r = steer(await store.load(), { command: name, fingerprint, actor, reason });
    await store.save(r.state);
    out(
      values.json
        ? JSON.stringify({ command: name, fingerprint, changed: r.changed, message: r.message })
        : r.message
    );
    return EXIT.ok;
  }

  const format = stringValue(parsed, 'format') ?? 'json';
  if (format !== 'json' && format !== 'markdown')
    throw new UsageError(`Invalid --format '${format}'. Expected json or markdown.`, usage);
  const outPath = stringValue(parsed, 'out');
  if (command === 'dashboard' && outPath === undefined)
    throw new UsageError('give --out DIR: the folder the dashboard (index.html) is written to.', usage);
  const state = await (await openStore(values, usage)).load();
  const repository = values.github ?? path.basename(path.resolve(values.repo ?? '.'));
  switch (command) {
    case 'export': {
      const text =
        format === 'markdown'
          ? lessonsMarkdown(state, { repository })
          : `${JSON.stringify(state, null, 2)}\n`;
      if (outPath === undefined) out(text);
      else {
        await writeFile(outPath, text);
        process.stderr.write(`wrote ${outPath}\n`);
      }
      return EXIT.ok;
    }
    case 'dashboard': {
      const dir = path.resolve(outPath!);
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, 'index.html');
      await writeFile(
        file,
        dashboardHtml(state, {
          ...(values.github !== undefined
            ? { repository: values.github, serverUrl: githubServerUrl() }
            : { title: repository })
        })
      );
      out(values.json ? JSON.stringify({ file }) : `wrote ${file}`);
      return EXIT.ok;
    }
    case 'metrics': {
      const m = metricsReport(state);
      out(values.json ? JSON.stringify(m, null, 2) : formatMetrics(m));
      return EXIT.ok;
    }
    case 'audit': {
      const fp = stringValue(parsed, 'fingerprint');
      const action = stringValue(parsed, 'action');
      const from = since === undefined ? -Infinity : Date.parse(since);
      const entries = state.audit.filter(
        e =>
          Date.parse(e.at) >= from &&
          (fp === undefined || (e.fingerprint ?? '').startsWith(fp)) &&
          (action === undefined || e.action === action)
      );
      out(
        values.json
          ? JSON.stringify(entries, null, 2)
          : entries.length === 0
            ? 'no audit entries'
            : entries
                .map(
                  e =>
                    `${e.at} ${e.actor} ${e.action}${e.fingerprint ? ` ${e.fingerprint.slice(0, 12)}` : ''} -> ${e.outcome}${e.detail ? ` (${e.detail})` : ''}`
                )
                .join('\n')
      );
      return EXIT.ok;
    }
    case 'explain':
      return explain(state, positionals[0], values.json, out);
    default:
      out(values.json ? JSON.stringify(statusJson(state), null, 2) : statusText(state));
      return EXIT.ok;
  }
}

/** A steering command on GitHub: the action makes the change, dispatched with the command as inputs. */
async function dispatchSteering(
  values: Values,
  usage: string,
  command: SteeringCommandName,
  fingerprint: string | undefined,
  reason: string | undefined,
  ref: string | undefined,
  out: (s: string) => void
): Promise<number> {
  const [owner, repo] = ownerRepo(values.github!, usage);
  const octokit = createOctokit({
    token: githubToken(usage),
    owner,
    repo,
    baseUrl: process.env.GITHUB_API_URL ?? 'https://api.github.com'
  });
  const branch = ref ?? (await octokit.rest.repos.get({ owner, repo })).data.default_branch;
  const inputs: Record<string, string> = { command };
  if (fingerprint) inputs['command-fingerprint'] = fingerprint;
  if (reason) inputs.reason = reason;
  await octokit.rest.actions.createWorkflowDispatch({
    owner,
    repo,
    workflow_id: path.posix.basename(values.workflow),
    ref: branch,
    inputs
  });
  const message = `Dispatched ${values.workflow} on ${branch} of ${owner}/${repo} with command ${command}${fingerprint ? ` ${fingerprint}` : ''}; the run records it in the state.`;
  out(values.json ? JSON.stringify({ command, fingerprint, dispatched: true, message }) : message);
  return EXIT.ok;
}

/** The web address of --github's server: GITHUB_SERVER_URL, else derived from GITHUB_API_URL. */
function githubServerUrl(): string {
  if (process.env.GITHUB_SERVER_URL) return process.env.GITHUB_SERVER_URL;
  const api = process.env.GITHUB_API_URL ?? 'https://api.github.com';
  if (/^https:\/\/api\.github\.com\/?$/.test(api)) return 'https://github.com';
  return api.replace(/\/api\/v3\/?$/, '');
}

function statusJson(state: NightwatchState): object {
  return {
    ledger: state.ledger.slice(-10),
    breaker: { ...state.breaker, ...breakerStatus(state) },
    ignores: state.ignores,
    quarantines: state.quarantines
  };
}

function statusText(state: NightwatchState): string {
  const b = breakerStatus(state);
  return [
    `handled runs: ${state.ledger.length}; fingerprints: ${Object.keys(state.fingerprints).length}`,
    `circuit breaker: ${b.open ? `open until ${b.until}` : 'closed'} (${b.failures} recent failed fixes)`,
    ...Object.entries(state.ignores).map(
      ([f, m]) => `ignored: ${f} (${m.actor ?? '?'}, ${m.at}${m.reason ? `: ${m.reason}` : ''})`
    ),
    ...Object.entries(state.quarantines).map(([f, m]) => `quarantined: ${f} until ${m.until ?? 'lifted'}`),
    ...state.ledger
      .slice(-10)
      .map(
        e =>
          `  ${e.at} run ${e.runId} ${e.fingerprint.slice(0, 12)} -> ${e.status}${e.branch ? ` (${e.branch})` : ''}`
      )
  ].join('\n');
}

function explain(state: NightwatchState, fp: string, json: boolean, out: (s: string) => void): number {
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
  const last = runs[runs.length - 1];
  const ignored = state.ignores[record.fingerprint];
  let reason = ignored
    ? `It is ignored (by ${ignored.actor ?? 'someone'} at ${ignored.at}${ignored.reason ? `: ${ignored.reason}` : ''}), so its failures are skipped.`
    : state.quarantines[record.fingerprint]
      ? `It is quarantined as flaky until ${state.quarantines[record.fingerprint].until ?? 'lifted'}: its failures are re-run, not patched.`
      : !last
        ? `It was seen ${record.count} time(s); no run of it is left in the ledger.`
        : last.status === 'fixed'
          ? `It was fixed in run ${last.runId}${last.prUrl ? ` (${last.prUrl})` : last.branch ? ` on ${last.branch}` : ''}${record.prState && record.prState !== 'open' ? `; the PR was ${record.prState}` : ''}.`
          : `It was not fixed: run ${last.runId} ended ${last.status}${last.reason ? ` because ${last.reason}` : ''}.`;
  // What became of its fix PR, when learned and not already said.
  const learned =
    record.prState === 'merged' || record.prState === 'closed'
      ? ` Its fix PR #${record.prNumber} was ${record.prState === 'merged' ? 'merged: the fix worked' : 'closed without merging: the fix did not work'}.`
      : '';
  if (learned && !reason.includes('the PR was')) reason += learned;
  const scores = {
    flakyScore: flakyScore(state, record.fingerprint),
    determinism: determinism(state, record.fingerprint)
  };
  out(
    json
      ? JSON.stringify({ ...record, ...scores, reason, runs }, null, 2)
      : `${reason}\n${formatRecord(record)}\nruns:\n${runs.map(r => `  ${r.at} run ${r.runId} -> ${r.status}${r.branch ? ` (${r.branch})` : ''}`).join('\n')}`
  );
  return EXIT.ok;
}

function formatMetrics(m: ReturnType<typeof metricsReport>): string {
  const pct = (x: number): string => `${Math.round(x * 100)}%`;
  return [
    `runs: ${m.runs}; fixed: ${m.fixed} (${pct(m.fixRate)}); escalated: ${m.escalated} (${pct(m.escalationRate)}); skipped: ${m.skipped}; errors: ${m.errors}`,
    `model: ${m.modelCalls} calls, ${m.promptTokens} prompt + ${m.outputTokens} output tokens, $${m.costUsd.toFixed(4)}`,
    'top fingerprints:',
    ...m.topFingerprints.map(f => `  ${f.fingerprint} ${f.count}`),
    'by day:',
    ...m.byDay.map(
      d => `  ${d.date} runs ${d.runs} fixed ${d.fixed} escalated ${d.escalated} $${d.costUsd.toFixed(4)}`
    )
  ].join('\n');
}

function formatRecord(r: object): string {
  return Object.entries(r)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join('\n');
}
