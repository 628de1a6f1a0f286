/**
 * Seeds the loopback world with a demo repository whose CI failed: the repository on the git remote,
 * the run, its jobs and a run-log zip made from the real output of the demo's tests in Docker.
 */
import AdmZip from 'adm-zip';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { git, jobSeeds, makeRunLogZip, type GeminiAnswer, type World } from '../world/index.js';
import type { JobSeed, RecordedRequest, RunSeed } from '../world/github-api.js';
import { REPO_ROOT } from '../world/harness.js';

export const PYTHON_IMAGE = 'nightwatch-test-python:1';
export const NODE_IMAGE = 'nightwatch-test-node:1';

/** Runs `command` on a copy of `dir` in `image` with no network; returns the exit code and output lines. */
export async function runInDocker(
  dir: string,
  image: string,
  command: string
): Promise<{ exitCode: number; lines: string[] }> {
  const copy = await mkdtemp(join(tmpdir(), 'nw-e2e-run-'));
  try {
    await cp(dir, copy, { recursive: true, filter: src => !src.split('/').includes('.git') });
    const args = [
      'run',
      '--rm',
      '--network',
      'none',
      '-v',
      `${copy}:/work`,
      '-w',
      '/work',
      image,
      'sh',
      '-c',
      command
    ];
    return await new Promise((resolve, reject) => {
      const child = spawn('docker', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      const chunks: Buffer[] = [];
      child.stdout.on('data', (b: Buffer) => chunks.push(b));
      child.stderr.on('data', (b: Buffer) => chunks.push(b));
      child.on('error', reject);
      child.on('close', code =>
        resolve({
          exitCode: code ?? -1,
          lines: Buffer.concat(chunks).toString('utf8').replace(/\n$/, '').split('\n')
        })
      );
    });
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
}

/** What a seeded failing run is. */
export interface SeededRun {
  owner: string;
  repo: string;
  runId: number;
  sha: string;
  command: string;
  image: string;
  /** The real test output the run's log holds. */
  output: string[];
}

/** Seeds `examples/<demo>` as `owner/repo` with a failed CI run `runId` whose test step ran `command` in `image`. */
export async function seedFailingRun(
  world: World,
  o: {
    owner: string;
    repo: string;
    demo: string;
    runId: number;
    command: string;
    image: string;
    conclusion?: string;
    headBranch?: string;
  }
): Promise<SeededRun> {
  const demoDir = join(REPO_ROOT, 'examples', o.demo);
  const sha = await world.git.createRepo(o.owner, o.repo, demoDir, { message: `Add ${o.demo}` });
  if (!world.api.repos.some(r => r.owner === o.owner && r.name === o.repo))
    world.api.addRepo({ owner: o.owner, name: o.repo });
  const real = await runInDocker(demoDir, o.image, o.command);
  const failed = (o.conclusion ?? 'failure') === 'failure';
  const jobs = [
    {
      name: 'test',
      steps: [
        {
          name: 'Run actions/checkout@v4',
          uses: true,
          lines: ['Syncing repository: ' + `${o.owner}/${o.repo}`]
        },
        {
          name: `Run ${o.command}`,
          lines: real.lines,
          conclusion: failed ? ('failure' as const) : ('success' as const),
          exitCode: real.exitCode
        }
      ]
    }
  ];
  world.api.addRun({
    owner: o.owner,
    repo: o.repo,
    id: o.runId,
    name: 'CI',
    workflow: '.github/workflows/ci.yml',
    headSha: sha,
    headBranch: o.headBranch ?? 'main',
    event: 'push',
    status: 'completed',
    conclusion: o.conclusion ?? 'failure',
    jobs: jobSeeds(jobs),
    logs: makeRunLogZip(jobs)
  });
  return {
    owner: o.owner,
    repo: o.repo,
    runId: o.runId,
    sha,
    command: o.command,
    image: o.image,
    output: real.lines
  };
}

// ------------------------------------------------------------------ scenarios beyond the plain failing run

/** What `seedScenario` takes: a demo, optionally changed, and the run as GitHub would show it. */
export interface ScenarioOptions {
  owner: string;
  repo: string;
  demo: string;
  runId: number;
  command: string;
  image: string;
  /** Files written over the demo before it is committed (path relative to the repository root). */
  files?: Record<string, string>;
  /** Symbolic links committed with the demo: path in the repository -> link target (as given). */
  links?: Record<string, string>;
  /** Lines the failing step printed after the tests (e.g. a debug dump), appended to its log. */
  extraLogLines?: string[];
  /** Lines the failing step printed inside the test output, after the first line matching `after`. */
  insertLogLines?: { after: RegExp; lines: string[] };
  /** The run's conclusion (default failure). */
  conclusion?: string;
  /** Run fields as `addRun` takes them: headBranch, headRepository (forks), headCommitMessage, pullRequests, event... */
  run?: Partial<Omit<RunSeed, 'owner' | 'repo' | 'id' | 'headSha' | 'jobs' | 'logs' | 'conclusion'>>;
}

/** A seeded scenario: the run, and the jobs and log zip it was given (to add later runs of the same failure). */
export interface SeededScenario extends SeededRun {
  jobs: JobSeed[];
  logs: Buffer;
}

const dockerOutputs = new Map<string, Promise<{ exitCode: number; lines: string[] }>>();

/** `runInDocker`, once per (tree, image, command) in a test file: the demos' output is deterministic. */
function cachedRunInDocker(
  key: string,
  dir: string,
  image: string,
  command: string
): Promise<{ exitCode: number; lines: string[] }> {
  const k = JSON.stringify([key, image, command]);
  let p = dockerOutputs.get(k);
  if (!p) {
    p = runInDocker(dir, image, command);
    dockerOutputs.set(k, p);
  }
  return p;
}

function withInserted(lines: string[], insert: ScenarioOptions['insertLogLines']): string[] {
  if (!insert) return lines;
  const at = lines.findIndex(l => insert.after.test(l));
  if (at < 0) throw new Error(`no output line matches ${String(insert.after)}`);
  return [...lines.slice(0, at + 1), ...insert.lines, ...lines.slice(at + 1)];
}

/**
 * Seeds `examples/<demo>` (with `files` written over it) as `owner/repo`, and a completed run `runId`
 * of CI at its head whose test step ran `command` in `image`, with that real output as its log.
 */
export async function seedScenario(world: World, o: ScenarioOptions): Promise<SeededScenario> {
  const tree = await mkdtemp(join(tmpdir(), 'nw-e2e-tree-'));
  try {
    await cp(join(REPO_ROOT, 'examples', o.demo), tree, {
      recursive: true,
      filter: src => !src.split('/').includes('.git')
    });
    for (const [file, content] of Object.entries(o.files ?? {})) {
      await mkdir(dirname(join(tree, file)), { recursive: true });
      await writeFile(join(tree, file), content);
    }
    for (const [file, target] of Object.entries(o.links ?? {})) {
      await mkdir(dirname(join(tree, file)), { recursive: true });
      await symlink(target, join(tree, file));
    }
    const sha = await world.git.createRepo(o.owner, o.repo, tree, { message: `Add ${o.demo}` });
    if (!world.api.repos.some(r => r.owner === o.owner && r.name === o.repo))
      world.api.addRepo({ owner: o.owner, name: o.repo });
    defineLabels(world, o.owner, o.repo);
    const real = await cachedRunInDocker(
      `${o.demo}\n${JSON.stringify(o.files ?? {})}\n${JSON.stringify(o.links ?? {})}`,
      tree,
      o.image,
      o.command
    );
    const conclusion = o.conclusion ?? 'failure';
    const failed = conclusion === 'failure';
    const logJobs = [
      {
        name: 'test',
        steps: [
          {
            name: 'Run actions/checkout@v4',
            uses: true,
            lines: ['Syncing repository: ' + `${o.owner}/${o.repo}`]
          },
          {
            name: `Run ${o.command}`,
            lines: [...withInserted(real.lines, o.insertLogLines), ...(o.extraLogLines ?? [])],
            conclusion: failed ? ('failure' as const) : ('success' as const),
            exitCode: real.exitCode
          }
        ]
      }
    ];
    const jobs = jobSeeds(logJobs);
    const logs = makeRunLogZip(logJobs);
    world.api.addRun({
      name: 'CI',
      workflow: '.github/workflows/ci.yml',
      headBranch: 'main',
      event: 'push',
      status: 'completed',
      ...o.run,
      owner: o.owner,
      repo: o.repo,
      id: o.runId,
      headSha: sha,
      conclusion,
      jobs,
      logs
    });
    return {
      owner: o.owner,
      repo: o.repo,
      runId: o.runId,
      sha,
      command: o.command,
      image: o.image,
      output: real.lines,
      jobs,
      logs
    };
  } finally {
    await rm(tree, { recursive: true, force: true });
  }
}

/**
 * Defines Nightwatch's labels on the repository, with descriptions. Without this, the emulator creates
 * them on first use with `description: null` (as GitHub does), and then answers 500 to the next
 * `GET /pulls`, because @octokit/openapi's pull-request-simple does not allow a null label
 * description (GitHub's own description is wrong there; reported to the lead).
 */
export function defineLabels(world: World, owner: string, repo: string): void {
  const rec = world.api.repos.find(r => r.owner === owner && r.name === repo);
  if (!rec) return;
  for (const name of ['nightwatch', 'nightwatch-escalation']) {
    if (!rec.labels.some(l => l.name === name))
      rec.labels.push({
        id: 900000 + rec.labels.length,
        name,
        color: '5319e7',
        description: `Opened by ${name}`
      });
  }
}

/** Another failed run `runId` of the same workflow on the same commit, with the same jobs and log. */
export function addSameFailure(
  world: World,
  seeded: SeededScenario,
  runId: number,
  run: ScenarioOptions['run'] = {}
): void {
  world.api.addRun({
    name: 'CI',
    workflow: '.github/workflows/ci.yml',
    headBranch: 'main',
    event: 'push',
    status: 'completed',
    ...run,
    owner: seeded.owner,
    repo: seeded.repo,
    id: runId,
    headSha: seeded.sha,
    conclusion: 'failure',
    jobs: seeded.jobs.map(j => ({ ...j, id: undefined })),
    logs: seeded.logs
  });
}

/**
 * Calls `fn` once, right after the emulator has answered the first request that `match` accepts
 * (what a concurrent writer, such as a second Nightwatch, would do between our read and our write).
 */
export function afterRequest(
  world: World,
  match: (r: RecordedRequest) => boolean,
  fn: (r: RecordedRequest) => void
): void {
  const requests = world.api.requests;
  const push = requests.push.bind(requests);
  let done = false;
  requests.push = (...items: RecordedRequest[]): number => {
    const n = push(...items);
    const hit = done ? undefined : items.find(match);
    if (hit) {
      done = true;
      // The answer is sent in the same turn as the request is recorded (after a microtask):
      // setImmediate runs after it, and long before the client's next request arrives.
      setImmediate(() => fn(hit));
    }
    return n;
  };
}

/** Everything the action printed or wrote where people (or other tools) can read it, to search for secrets. */
export function everythingVisible(
  world: World,
  r: { stdout: string; stderr: string; summary: string; outputs: Record<string, string> }
): string {
  const bodies = [
    ...world.api.pulls.map(p => `${p.title}\n${p.body ?? ''}`),
    ...world.api.issues.map(i => `${i.title}\n${i.body ?? ''}`),
    ...world.api.comments.map(c => c.body),
    ...world.api.commitComments.map(c => c.body),
    ...world.api.writes.map(w => JSON.stringify(w.body ?? ''))
  ];
  // `::add-mask::<secret>` is how the runner learns what to mask; it is the one place a secret may appear.
  const stdout = r.stdout
    .split('\n')
    .filter(l => !l.startsWith('::add-mask::'))
    .join('\n');
  return [stdout, r.stderr, r.summary, JSON.stringify(r.outputs), ...bodies].join('\n');
}

/** `git log -p --all` of the remote's repository: every commit and patch that was pushed or seeded. */
export async function remoteHistory(world: World, owner: string, repo: string): Promise<string> {
  const r = await git(['log', '-p', '--all', '--format=commit %H%n%B'], {
    cwd: world.git.barePath(owner, repo)
  });
  return r.stdout;
}

/**
 * The parts of a prompt outside its quoted data: from `<<<MARKER BEGIN UNTRUSTED DATA (...)>>>` to
 * `<<<MARKER END UNTRUSTED DATA (...)>>>`, MARKER being the request's random one, so a line in the
 * data that merely says `END UNTRUSTED DATA` (or forges an old marker) does not end it.
 */
export function outsideQuotedData(prompt: string): string {
  const out: string[] = [];
  const lines = prompt.split('\n');
  for (let i = 0; i < lines.length; i++) {
    // Each piece of data is fenced by the request's own random marker: `<<<NW-… BEGIN UNTRUSTED DATA (…)>>>`.
    const begin = /^<<<(NW-[0-9a-f]+) BEGIN UNTRUSTED DATA \(/.exec(lines[i]);
    if (begin) {
      const end = `<<<${begin[1]} END UNTRUSTED DATA (`;
      while (i < lines.length && !lines[i].startsWith(end)) i++;
      continue;
    }
    out.push(lines[i]);
  }
  return out.join('\n');
}

/** The action's error annotation, or the reason it skipped a run: shown by a failing assertion instead of a bare status. */
export function errorOf(r: {
  annotations: { command: string; message: string }[];
  stdout: string;
}): string | undefined {
  return r.annotations.find(a => a.command === 'error')?.message ?? /^Skipped: (.*)$/m.exec(r.stdout)?.[1];
}

/** A proposal's edits as the propose job uploads them. */
export type ProposedEdit = { file: string; search: string; replace: string };

/**
 * Rewrites the edits of the `nightwatch-patch` artifact a propose job uploaded, as whatever ran in
 * that job could have done (the digest is recomputed, as a real re-upload would).
 */
export function tamperProposal(world: World, change: (edits: ProposedEdit[]) => void): void {
  const art = world.artifacts.artifacts.find(a => a.name === 'nightwatch-patch');
  if (!art) throw new Error('the propose job uploaded no nightwatch-patch artifact');
  const zip = new AdmZip(art.data);
  const proposal = JSON.parse(zip.readAsText('proposal.json')) as { edits: ProposedEdit[] };
  change(proposal.edits);
  zip.updateFile('proposal.json', Buffer.from(JSON.stringify(proposal)));
  art.data = zip.toBuffer();
  art.digest = `sha256:${createHash('sha256').update(art.data).digest('hex')}`;
}

// ------------------------------------------------------------------ the model's answers for examples/demo-logic

/** The fix of examples/demo-logic: discount_for compares with > where the pricing page promises >=. */
export const DEMO_LOGIC_FIX: ProposedEdit = {
  file: 'pricing/discount.py',
  search: 'if subtotal > DISCOUNT_THRESHOLD:',
  replace: 'if subtotal >= DISCOUNT_THRESHOLD:'
};

/** The model's diagnosis of demo-logic, naming `file` (the source unless told) at `line` (13 unless told). */
export function demoLogicDiagnosis(o: { file?: string; line?: number } = {}): {
  json: Record<string, unknown>;
} {
  return {
    json: {
      rootCause: 'discount_for uses > where the pricing page promises the discount from 100.00 (>=)',
      category: 'test',
      confidence: 0.85,
      file: o.file ?? DEMO_LOGIC_FIX.file,
      line: o.line ?? 13,
      plan: 'Compare with >= DISCOUNT_THRESHOLD.'
    }
  };
}

/** The model's regression test for demo-logic (an order of exactly 100.00 gets 10% off), as `file`. */
export function demoLogicRegression(file = 'tests/test_discount_boundary.py'): GeminiAnswer {
  return {
    json: {
      file,
      content:
        'from decimal import Decimal\n\nfrom pricing.discount import discount_for\n\n\n' +
        'def test_exactly_the_threshold_gets_the_discount():\n    assert discount_for(Decimal("100.00")) == Decimal("10.00")\n',
      explanation: 'An order of exactly 100.00 must get 10% off.'
    }
  };
}

/** The model's patch of `edits` (demo-logic's fix unless told). */
export function modelPatch(
  edits: ProposedEdit[] = [DEMO_LOGIC_FIX],
  explanation = 'Include the threshold itself.'
): GeminiAnswer {
  return { json: { edits, explanation } };
}

/** The three answers that heal demo-logic through the model: the diagnosis, the regression test, the fix. */
export function demoLogicAnswers(diagnosis: { line?: number } = {}): GeminiAnswer[] {
  return [demoLogicDiagnosis(diagnosis), demoLogicRegression(), modelPatch()];
}
