/**
 * Builds run-log zips in GitHub's real archive layout (see /work/shared/datasets/gha-run-archive.zip):
 * top-level `N_<job>.txt` with the whole job, `<job>/N_<step>.txt` per step that ran, every line
 * prefixed with an ISO timestamp with 7 decimals.
 */
import AdmZip from 'adm-zip';
import type { JobSeed } from './github-api.js';
import { archiveJobNames, archiveName, jobLogPath, stepLogPath } from '../../src/triage/names.js';

export { archiveName };

/** One step of a job as the caller describes it. */
export interface LogStep {
  /** The step's display name (`Run tests`, `Run actions/checkout@v4`). */
  name: string;
  /** What the step printed (without timestamps). */
  lines?: string[];
  /** success (default), failure, skipped (no log file, as on GitHub), cancelled. */
  conclusion?: 'success' | 'failure' | 'skipped' | 'cancelled';
  /** The `run:` command shown in the `##[group]Run ...` header; defaults to the name after `Run `. */
  command?: string;
  /** Exit code in the `##[error]Process completed with exit code N.` line of a failed step (default 1). */
  exitCode?: number;
  /** A `uses:` step: shown with a `with:` block instead of a shell. */
  uses?: boolean;
}

/** One job of the run. */
export interface LogJob {
  name: string;
  steps: LogStep[];
}

/** Options of `makeRunLogZip`. */
export interface RunLogOptions {
  /** Time of the first line (default 2026-01-01T00:00:00Z). */
  start?: Date;
  /** Write CRLF line ends, as some per-job downloads do. */
  crlf?: boolean;
  /**
   * How the top-level job files are numbered: `1` (default: `1_<job>.txt`, `2_...`), `0` (the
   * results service: `0_<job>.txt`, `1_...`), or `legacy` (the old service: `-<id>_<job>.txt`).
   */
  numbering?: 0 | 1 | 'legacy';
  /** Jobs (by name) the archive holds no file for, top-level or step (GitHub's sometimes lack one). */
  omitJobs?: string[];
  /** Leave out every step file (the results service sometimes writes only the top-level job files). */
  noStepFiles?: boolean;
}

class Clock {
  private t: number;
  private frac = 0;
  constructor(start: Date) {
    this.t = start.getTime();
  }
  /** ISO-8601 with 7 decimals, advancing a little on every line (deterministic). */
  next(): string {
    this.frac += 3217;
    if (this.frac >= 10_000_000) {
      this.frac -= 10_000_000;
      this.t += 1000;
    }
    const base = new Date(Math.floor(this.t / 1000) * 1000).toISOString().slice(0, 19);
    return `${base}.${String(this.frac).padStart(7, '0')}Z`;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

function setUpJobLines(): string[] {
  return [
    "Current runner version: '2.321.0'",
    '##[group]Operating System',
    'Ubuntu',
    '24.04.1',
    'LTS',
    '##[endgroup]',
    '##[group]Runner Image',
    'Image: ubuntu-24.04',
    'Version: 20241215.1.0',
    '##[endgroup]',
    '##[group]GITHUB_TOKEN Permissions',
    'Contents: read',
    'Metadata: read',
    '##[endgroup]',
    'Secret source: Actions',
    'Prepare workflow directory',
    'Prepare all required actions',
    'Getting action download info',
    'Complete job name: JOB'
  ];
}

function stepLines(step: LogStep): string[] {
  if (/^set up job$/i.test(step.name) && !step.lines) return setUpJobLines();
  const out: string[] = [];
  const command = step.command ?? (step.name.startsWith('Run ') ? step.name.slice(4) : undefined);
  if (command !== undefined) {
    const [first, ...rest] = command.split('\n');
    out.push(`##[group]Run ${first}`);
    if (step.uses) {
      out.push('with:');
    } else {
      out.push(`\u001b[36;1m${first}\u001b[0m`, ...rest.map(l => `\u001b[36;1m${l}\u001b[0m`));
      out.push('shell: /usr/bin/bash -e {0}');
    }
    out.push('##[endgroup]');
  }
  out.push(...(step.lines ?? []));
  if (step.conclusion === 'failure')
    out.push(`##[error]Process completed with exit code ${step.exitCode ?? 1}.`);
  return out;
}

function withFrame(job: LogJob): LogStep[] {
  return [
    ...(job.steps.some(s => /^set up job$/i.test(s.name)) ? [] : [{ name: 'Set up job' }]),
    ...job.steps,
    ...(job.steps.some(s => /^complete job$/i.test(s.name))
      ? []
      : [{ name: 'Complete job', lines: ['Cleaning up orphan processes'] }])
  ];
}

/** The jobs API view of the same jobs (same step names and numbers), for `GitHubApi.addRun({jobs})`. */
export function jobSeeds(jobs: LogJob[]): JobSeed[] {
  return jobs.map(job => {
    const steps = withFrame(job).map((s, i) => ({
      name: s.name,
      number: i + 1,
      conclusion: s.conclusion ?? 'success'
    }));
    const failed = steps.some(s => s.conclusion === 'failure');
    return { name: job.name, conclusion: failed ? 'failure' : 'success', steps };
  });
}

/** A job's whole log (the top-level file's text) and its step files' texts, by step number. */
function renderJob(job: LogJob, clock: Clock, eol: string): { whole: string; steps: Map<number, string> } {
  const whole: string[] = [
    'Requested labels: ubuntu-latest',
    `Job defined at: acme/widgets/.github/workflows/ci.yml@refs/heads/main`,
    'Waiting for a runner to pick up this job...',
    'Job is about to start running on the hosted runner: GitHub Actions 2 (hosted)'
  ].map(l => `${clock.next()} ${l}`);
  const steps = new Map<number, string>();
  withFrame(job).forEach((step, si) => {
    if (step.conclusion === 'skipped') return;
    clock.advance(700);
    const lines = stepLines(step).map(l =>
      l.replace('Complete job name: JOB', `Complete job name: ${job.name}`)
    );
    const stamped = lines.map(l => `${clock.next()} ${l}`);
    whole.push(...stamped);
    steps.set(si + 1, stamped.join(eol) + eol);
  });
  return { whole: whole.join(eol) + eol, steps };
}

/**
 * Makes a run-log zip. Each job gets a `Set up job` step first (unless it has one) and a
 * `Complete job` step last; skipped steps get no file, as in GitHub's archives. Paths follow
 * src/triage/names.ts, the rule the triage reads them with.
 */
export function makeRunLogZip(jobs: LogJob[], opts: RunLogOptions = {}): Buffer {
  const zip = new AdmZip();
  const clock = new Clock(opts.start ?? new Date(Date.UTC(2026, 0, 1)));
  const eol = opts.crlf ? '\r\n' : '\n';
  const dirs = archiveJobNames(jobs.map(j => j.name));
  jobs.forEach((job, ji) => {
    const dir = dirs[ji];
    const { whole, steps } = renderJob(job, clock, eol);
    if (opts.omitJobs?.includes(job.name)) return;
    const frame = withFrame(job);
    if (!opts.noStepFiles) {
      zip.addFile(`${dir}/`, Buffer.alloc(0));
      for (const [n, text] of steps)
        zip.addFile(stepLogPath(dir, n, frame[n - 1].name), Buffer.from(text, 'utf8'));
    }
    const index = opts.numbering === 'legacy' ? -(2147483000 + ji) : ji + (opts.numbering === 0 ? 0 : 1);
    zip.addFile(jobLogPath(index, dir), Buffer.from(whole, 'utf8'));
  });
  return zip.toBuffer();
}

/**
 * One job's whole log as `GET /actions/jobs/{id}/logs` serves it (plain text, the same lines as the
 * archive's top-level file of that job).
 */
export function makeJobLog(job: LogJob, opts: Pick<RunLogOptions, 'start' | 'crlf'> = {}): Buffer {
  const clock = new Clock(opts.start ?? new Date(Date.UTC(2026, 0, 1)));
  return Buffer.from(renderJob(job, clock, opts.crlf ? '\r\n' : '\n').whole, 'utf8');
}

/** A failing job in one call: checkout, the failing command with its output, and the rest skipped. */
export function failingJob(
  name: string,
  command: string,
  output: string[],
  opts: { exitCode?: number; after?: string[] } = {}
): LogJob {
  return {
    name,
    steps: [
      {
        name: 'Run actions/checkout@v4',
        uses: true,
        lines: ['Syncing repository: acme/widgets', 'HEAD is now at 0000000 commit']
      },
      {
        name: `Run ${command.split('\n')[0]}`,
        command,
        lines: output,
        conclusion: 'failure',
        exitCode: opts.exitCode
      },
      ...(opts.after ?? []).map((n): LogStep => ({ name: n, conclusion: 'skipped' })),
      { name: 'Post Run actions/checkout@v4', lines: ['Post job cleanup.'] }
    ]
  };
}

/**
 * What actions/checkout@v4 prints in a `pull_request` run (real lines of a pymatgen run, shas
 * swapped): it fetches GitHub's merge commit `merge` of `head` into `base` as
 * refs/remotes/pull/N/merge, checks it out detached and logs its sha. `format` is how the sha is
 * logged: `'%H'` quoted (v2 to v4) or bare (later releases).
 */
export function prCheckoutLines(o: {
  repository: string;
  pull: number;
  merge: string;
  head: string;
  base: string;
  format?: 'quoted' | 'bare';
}): string[] {
  const work = `/home/runner/work/${o.repository.split('/')[1]}/${o.repository.split('/')[1]}`;
  const quoted = (o.format ?? 'quoted') === 'quoted';
  return [
    `Syncing repository: ${o.repository}`,
    '##[group]Getting Git version info',
    `Working directory is '${work}'`,
    '[command]/usr/bin/git version',
    'git version 2.45.2',
    '##[endgroup]',
    `[command]/usr/bin/git config --global --add safe.directory ${work}`,
    '##[group]Initializing the repository',
    `[command]/usr/bin/git init ${work}`,
    `Initialized empty Git repository in ${work}/.git/`,
    `[command]/usr/bin/git remote add origin https://github.com/${o.repository}`,
    '##[endgroup]',
    '##[group]Fetching the repository',
    `[command]/usr/bin/git -c protocol.version=2 fetch --no-tags --prune --no-recurse-submodules --depth=1 origin +${o.merge}:refs/remotes/pull/${o.pull}/merge`,
    `From https://github.com/${o.repository}`,
    ` * [new ref]         ${o.merge} -> pull/${o.pull}/merge`,
    '##[endgroup]',
    '##[group]Determining the checkout info',
    '##[endgroup]',
    '[command]/usr/bin/git sparse-checkout disable',
    '[command]/usr/bin/git config --local --unset-all extensions.worktreeConfig',
    '##[group]Checking out the ref',
    `[command]/usr/bin/git checkout --progress --force refs/remotes/pull/${o.pull}/merge`,
    `Note: switching to 'refs/remotes/pull/${o.pull}/merge'.`,
    '',
    "You are in 'detached HEAD' state. You can look around, make experimental",
    '',
    `HEAD is now at ${o.merge.slice(0, 7)} Merge ${o.head} into ${o.base}`,
    '##[endgroup]',
    quoted ? "[command]/usr/bin/git log -1 --format='%H'" : '[command]/usr/bin/git log -1 --format=%H',
    quoted ? `'${o.merge}'` : o.merge
  ];
}
