/**
 * The dependency lane through the bundled action and the loopback world: a Dependabot-style pull
 * request (head branch `dependabot/npm_and_yarn/lib-2.0.0`, same repository) whose CI failed. The
 * bump is not the PR's last commit and the base branch has moved on since, so only the merge base
 * with the PR's base branch shows the update (the shallow checkout is deepened for it). The fix is
 * delivered on `nightwatch/deps-lib-2.0.0` with a PR into the update's branch, whose body shows
 * the notes, the impact report and the proof; the update's own branch is never pushed to.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git, jobSeeds, makeRunLogZip, startWorld, workflowRunEvent, type World } from '../world/index.js';
import { nodePkg, nodeProject } from './deps-fixture.js';
import { defineLabels, errorOf, NODE_IMAGE, runInDocker } from './scenario.js';

const UPDATE = 'dependabot/npm_and_yarn/lib-2.0.0';
const CHANGELOG =
  '# Changelog\n\n## 2.0.0\n\n- **Breaking:** renamed `foo()` to `bar()`.\n\n## 1.0.0\n\n- First release.\n';
const TEST = 'node --test test/';

describe('the dependency lane on an update pull request (bundled action)', () => {
  let world: World;
  let scratch: string;
  beforeEach(async () => {
    world = await startWorld();
    scratch = await mkdtemp(join(tmpdir(), 'nw-e2e-deps-action-'));
  });
  afterEach(async () => {
    await world.stop();
    await rm(scratch, { recursive: true, force: true });
  });

  /**
   * `acme/<repo>`: main at lib 1 (green); the update PR bumps lib, then gets a second commit; main
   * moves on. A failed pull_request run `runId` of the PR head with the real test output as its log.
   */
  async function seedUpdate(
    repo: string,
    runId: number,
    changelog: string,
    extra: Record<string, string> = {},
    o: { fork?: string } = {}
  ): Promise<{ branchPoint: string; head: string; pr: number }> {
    const branchPoint = await world.git.createRepo('acme', repo, nodeProject(changelog, extra), {
      message: 'App at lib 1'
    });
    world.api.addRepo({ owner: 'acme', name: repo });
    defineLabels(world, 'acme', repo);
    await world.git.commit('acme', repo, UPDATE, {
      from: branchPoint,
      files: { 'package.json': nodePkg('2.0.0') },
      message: 'Bump lib from 1.0.0 to 2.0.0'
    });
    // A fork's run lists no PR (GitHub leaves pull_requests empty), so its head is the bump itself.
    const head = o.fork
      ? (await world.git.branches('acme', repo))[UPDATE]
      : await world.git.commit('acme', repo, UPDATE, {
          files: { 'NOTES.md': 'lib 2 is out.\n' },
          message: 'Note the bump'
        });
    const baseTip = await world.git.commit('acme', repo, 'main', {
      files: { 'README.md': '# app\n' },
      message: 'Readme'
    });
    const pr = world.api.addPull({
      owner: 'acme',
      repo,
      head: o.fork ? `${o.fork}:${UPDATE}` : UPDATE,
      base: 'main',
      headSha: head,
      title: 'Bump lib from 1.0.0 to 2.0.0',
      user: 'dependabot[bot]'
    });

    // The run's log: the real output of the tests at the PR head.
    const at = join(scratch, 'head');
    await world.git.clone('acme', repo, head, at);
    // CI installed first (npm links the vendored `file:` package), then ran the tests.
    const real = await runInDocker(
      at,
      NODE_IMAGE,
      `npm install --no-audit --no-fund >/dev/null 2>&1; ${TEST}`
    );
    expect(real.exitCode).not.toBe(0);
    const logJobs = [
      {
        name: 'test',
        steps: [
          { name: 'Run actions/checkout@v4', uses: true, lines: [`Syncing repository: acme/${repo}`] },
          { name: `Run ${TEST}`, lines: real.lines, conclusion: 'failure' as const, exitCode: real.exitCode }
        ]
      }
    ];
    world.api.addRun({
      owner: 'acme',
      repo,
      id: runId,
      name: 'CI',
      workflow: '.github/workflows/ci.yml',
      headSha: head,
      headBranch: UPDATE,
      event: 'pull_request',
      status: 'completed',
      conclusion: 'failure',
      pullRequests: [
        { number: pr.number, headRef: UPDATE, headSha: head, baseRef: 'main', baseSha: baseTip }
      ],
      ...(o.fork ? { headRepository: { owner: o.fork, name: repo } } : {}),
      jobs: jobSeeds(logJobs),
      logs: makeRunLogZip(logJobs)
    });

    return { branchPoint, head, pr: pr.number };
  }

  it('compares with the PR’s base branch, fixes on nightwatch/deps-lib-2.0.0 into the update’s branch, and shows notes, impact and proof', async () => {
    const repo = 'deps-app';
    const { branchPoint, head } = await seedUpdate(repo, 7301, CHANGELOG);
    const r = await world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId: 7301 }),
      repository: `acme/${repo}`,
      inputs: { image: NODE_IMAGE, 'test-command': TEST }
    });
    expect({ status: r.outputs.status, error: errorOf(r) }).toEqual({ status: 'fixed', error: undefined });

    // The update was found against the merge base with main, not the PR's last commit alone.
    expect(r.stdout).toContain(
      `The dependency lane compares ${head.slice(0, 7)} with its merge base ${branchPoint.slice(0, 7)} with main`
    );
    expect(r.stdout).toMatch(/Dependency update: lib 1\.0\.0 -> 2\.0\.0 \(npm\); decision auto/);

    // Delivered on nightwatch/deps-lib-2.0.0, a PR into the update's own branch; that branch untouched.
    const branch = 'nightwatch/deps-lib-2.0.0';
    expect(world.git.pushes.map(p => p.ref)).toEqual([`refs/heads/${branch}`]);
    const branches = await world.git.branches('acme', repo);
    expect(branches[UPDATE]).toBe(head);
    const bare = world.git.barePath('acme', repo);
    const parents = (await git(['rev-list', '--parents', '--no-walk', `refs/heads/${branch}`], { cwd: bare }))
      .stdout;
    expect(parents.trim().split(' ').slice(1)).toEqual([head]);
    expect((await world.git.changedFiles('acme', repo, head, branch)).sort()).toEqual([
      'src/mean.js',
      'src/sum.js'
    ]);
    expect((await git(['show', `${branch}:package.json`], { cwd: bare })).stdout).toBe(nodePkg('2.0.0'));
    expect((await git(['show', `${branch}:src/sum.js`], { cwd: bare })).stdout).toContain('lib.bar(a, b)');

    const fix = world.api.pulls.find(p => p.head === branch);
    expect(fix).toMatchObject({ base: UPDATE });
    const body = fix?.body ?? '';
    expect(body).toContain('### Dependency update: `lib` 1.0.0 → 2.0.0 (npm)');
    expect(body).toMatch(/\*\*Decision:\*\* auto — a mechanical rename covers every use/);
    // The notes are the package's text: quoted escaped (a backtick shows as itself).
    expect(body).toContain('- 2.0.0 (breaking): **Breaking:** renamed \\`foo()\\` to \\`bar()\\`.');
    expect(body).toMatch(/\| `src\/sum\.js` \| 4 \| `foo(?:\(\))?` \| breaks-tests \|/);
    expect(body).toMatch(/\| `src\/mean\.js` \| 4 \| `foo(?:\(\))?` \| breaks-tests \|/);
    expect(body).toContain('### Proof');
  }, 300_000);
  it('escalates a rewrite with an issue that shows the notes and the impact report, and pushes nothing', async () => {
    const users: Record<string, string> = {};
    for (const n of ['a', 'b', 'c'])
      users[`src/${n}.js`] = `const lib = require('lib');\n\nexports.${n} = (x, y) => lib.foo(x, y);\n`;
    const repo = 'deps-rewrite';
    await seedUpdate(
      repo,
      7302,
      '# Changelog\n\n## 2.0.0\n\n- **BREAKING:** complete rewrite: lib 2 is a new architecture with an entirely new API. Read the migration guide.\n',
      users
    );
    const r = await world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId: 7302 }),
      repository: `acme/${repo}`,
      inputs: { image: NODE_IMAGE, 'test-command': TEST }
    });
    expect({ status: r.outputs.status, error: errorOf(r) }).toEqual({
      status: 'escalated',
      error: undefined
    });
    expect(world.git.pushes).toEqual([]);
    expect(world.api.pulls.filter(p => p.head.startsWith('nightwatch/'))).toEqual([]);
    const issue = world.api.issues.find(i =>
      i.body?.includes('### Dependency update: `lib` 1.0.0 → 2.0.0 (npm)')
    );
    expect(issue?.body).toMatch(/\*\*Decision:\*\* human — the release is architectural/);
    expect(issue?.body).toContain('complete rewrite');
    for (const f of ['src/a.js', 'src/b.js', 'src/c.js', 'src/sum.js', 'src/mean.js'])
      expect(issue?.body).toContain(`| \`${f}\` |`);
  }, 300_000);
  // ------------------------------------------------------------ push-to-update-branch

  const DEPS = 'nightwatch/deps-lib-2.0.0';

  it('push-to-update-branch: the fix goes onto the update’s own branch as a fast-forward, with the report as a comment on its PR', async () => {
    const repo = 'deps-onto';
    const { head, pr } = await seedUpdate(repo, 7303, CHANGELOG);
    const r = await world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId: 7303 }),
      repository: `acme/${repo}`,
      inputs: { image: NODE_IMAGE, 'test-command': TEST, 'push-to-update-branch': 'true' }
    });
    expect({ status: r.outputs.status, error: errorOf(r) }).toEqual({ status: 'fixed', error: undefined });

    // One push, of the update's branch, from the run's head to one commit on top of it.
    expect(world.git.pushes.map(p => ({ ref: p.ref, before: p.before }))).toEqual([
      { ref: `refs/heads/${UPDATE}`, before: head }
    ]);
    const tip = (await world.git.branches('acme', repo))[UPDATE];
    expect(tip).not.toBe(head);
    const bare = world.git.barePath('acme', repo);
    const parents = (await git(['rev-list', '--parents', '--no-walk', tip], { cwd: bare })).stdout;
    expect(parents.trim().split(' ').slice(1)).toEqual([head]);
    expect((await world.git.changedFiles('acme', repo, head, tip)).sort()).toEqual([
      'src/mean.js',
      'src/sum.js'
    ]);
    expect((await git(['show', `${tip}:package.json`], { cwd: bare })).stdout).toBe(nodePkg('2.0.0'));
    // No fix branch, no PR of Nightwatch's.
    expect(
      Object.keys(await world.git.branches('acme', repo)).filter(b => b.startsWith('nightwatch/'))
    ).toEqual([]);
    expect(world.api.pulls.filter(p => p.head.startsWith('nightwatch/'))).toEqual([]);

    // The update PR got the report: notes, impact and proof.
    const comment = world.api.comments.find(c => c.repo === repo && c.issueNumber === pr);
    expect(comment?.body).toContain(`onto this branch (${tip.slice(0, 7)}, a fast-forward)`);
    expect(comment?.body).toContain('### Dependency update: `lib` 1.0.0 → 2.0.0 (npm)');
    expect(comment?.body).toMatch(/\| `src\/sum\.js` \| 4 \| `foo(?:\(\))?` \| breaks-tests \|/);
    expect(comment?.body).toContain('### Proof');
    expect(r.outputs['pr-number']).toBe(String(pr));
  }, 300_000);

  it('push-to-update-branch: a branch that moved since the run is not pushed to; the fix goes on nightwatch/deps-… and the reason is said', async () => {
    const repo = 'deps-moved';
    const { head } = await seedUpdate(repo, 7304, CHANGELOG);
    // Dependabot (or someone) pushed again after the run.
    const moved = await world.git.commit('acme', repo, UPDATE, {
      files: { 'NOTES.md': 'lib 2 is out, really.\n' },
      message: 'Amend the note'
    });
    const r = await world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId: 7304 }),
      repository: `acme/${repo}`,
      inputs: { image: NODE_IMAGE, 'test-command': TEST, 'push-to-update-branch': 'true' }
    });
    expect({ status: r.outputs.status, error: errorOf(r) }).toEqual({ status: 'fixed', error: undefined });
    expect(r.stdout).toContain(
      `Not pushing onto ${UPDATE}: ${UPDATE} moved since the failed run (it is at ${moved.slice(0, 7)}, the run tested ${head.slice(0, 7)})`
    );
    expect(world.git.pushes.map(p => p.ref)).toEqual([`refs/heads/${DEPS}`]);
    expect((await world.git.branches('acme', repo))[UPDATE]).toBe(moved);
    const bare = world.git.barePath('acme', repo);
    const parents = (await git(['rev-list', '--parents', '--no-walk', `refs/heads/${DEPS}`], { cwd: bare }))
      .stdout;
    expect(parents.trim().split(' ').slice(1)).toEqual([head]);
    expect(world.api.pulls.find(p => p.head === DEPS)).toMatchObject({ base: UPDATE });
  }, 300_000);

  it('push-to-update-branch: a fork’s update branch is never pushed to, even when this repository has a branch of that name at that commit', async () => {
    const repo = 'deps-fork';
    const { head } = await seedUpdate(repo, 7305, CHANGELOG, {}, { fork: 'mallory' });
    const r = await world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId: 7305 }),
      repository: `acme/${repo}`,
      inputs: {
        image: NODE_IMAGE,
        'test-command': TEST,
        'push-to-update-branch': 'true',
        'allow-forks': 'true'
      }
    });
    expect(errorOf(r)).toBeUndefined();
    expect(r.stdout).toContain(`Not pushing onto ${UPDATE}: the run's head is in mallory/${repo}`);
    expect(world.git.pushes.filter(p => !p.ref.startsWith('refs/heads/nightwatch/'))).toEqual([]);
    expect((await world.git.branches('acme', repo))[UPDATE]).toBe(head);
  }, 300_000);
  it('push-to-update-branch with a token without contents: write: nothing pushed, escalated naming the permission and the branch', async () => {
    const repo = 'deps-noperm';
    const { head } = await seedUpdate(repo, 7306, CHANGELOG);
    const r = await world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId: 7306 }),
      repository: `acme/${repo}`,
      inputs: { image: NODE_IMAGE, 'test-command': TEST, 'push-to-update-branch': 'true' },
      permissions: {
        metadata: 'read',
        contents: 'read',
        actions: 'write',
        pull_requests: 'write',
        issues: 'write'
      }
    });
    expect({ status: r.outputs.status, error: errorOf(r) }).toEqual({
      status: 'escalated',
      error: undefined
    });
    expect(world.git.requests.some(g => g.service === 'git-receive-pack' && g.status === 403)).toBe(true);
    expect(world.git.pushes).toEqual([]);
    expect((await world.git.branches('acme', repo))[UPDATE]).toBe(head);
    const issue = world.api.issues.find(i => i.repo === repo);
    expect(issue?.body).toContain(`pushing onto ${UPDATE}: the token may not push`);
    expect(issue?.body).toContain('contents: write');
  }, 300_000);
});
