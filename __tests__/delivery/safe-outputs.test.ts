import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGit, type GitCommandManager } from '../../src/delivery/git.js';
import { createGitHub } from '../../src/delivery/github.js';
import type { CommentInfo, GitHub, IssueInfo, PullInfo } from '../../src/delivery/ports.js';
import {
  MODE_ALLOWS,
  PushRejectedError,
  SafeOutputs,
  type SafeMode,
  fingerprintLine,
  protectedMatches
} from '../../src/delivery/safe-outputs.js';
import type { FailedRun } from '../../src/types.js';
import { GitHubApi } from '../world/github-api.js';
import { GitRemote } from '../world/git-remote.js';

const TOKEN = 'ghs_safe_outputs_token';
const FP = 'fp0123456789abcd';

function failedRun(overrides: Partial<FailedRun> = {}): FailedRun {
  return {
    owner: 'acme',
    repo: 'calc',
    runId: 777,
    runAttempt: 1,
    workflow: 'CI',
    workflowPath: '.github/workflows/ci.yml',
    headSha: 'a'.repeat(40),
    headBranch: 'main',
    event: 'push',
    conclusion: 'failure',
    pullRequests: [],
    headRepository: 'acme/calc',
    isFork: false,
    htmlUrl: 'https://github.com/acme/calc/actions/runs/777',
    ...overrides
  };
}

/** A GitHub port that fails the test on any call: refusals must not reach GitHub at all. */
function untouchable(): GitHub {
  return new Proxy({} as GitHub, {
    get: (_t, prop) => () => {
      throw new Error(`GitHub.${String(prop)} was called`);
    }
  });
}

describe('SafeOutputs refusals (no GitHub call is made)', () => {
  const run = failedRun({ pullRequests: [5] });
  const attempts: Record<string, (s: SafeOutputs) => Promise<{ status: string }>> = {
    comment: s => s.commentOnPullOrCommit(run, 'body', FP),
    label: s => s.addLabels(5, ['nightwatch']),
    push: s =>
      s.pushBranch(undefined, 'https://github.com/acme/calc.git', 'nightwatch/fix-1', TOKEN, ['a.py']),
    'pull-request': s =>
      s.openOrUpdatePull({ head: 'nightwatch/fix-1', base: 'main', title: 't', body: 'b' }),
    issue: s => s.openOrUpdateIssue({ title: 't', body: 'b', fingerprint: FP }),
    rerun: s => s.rerunFailedJobs(777),
    dispatch: s => s.dispatchCi('.github/workflows/ci.yml', 'nightwatch/fix-1')
  };

  for (const mode of ['diagnose', 'comment', 'fix'] as SafeMode[]) {
    for (const [action, call] of Object.entries(attempts)) {
      const allowed = (MODE_ALLOWS[mode] as readonly string[]).includes(action);
      if (allowed) continue;
      it(`mode '${mode}' refuses ${action} and records it`, async () => {
        const safe = new SafeOutputs({ mode, github: untouchable() });
        const result = await call(safe);
        expect(result.status).toBe('refused');
        expect(safe.refusals).toEqual([{ action, reason: expect.stringContaining(`mode '${mode}'`) }]);
      });
    }
  }

  it('follows the mode table of DESIGN.md', () => {
    expect(MODE_ALLOWS.diagnose).toEqual([]);
    expect([...MODE_ALLOWS.comment].sort()).toEqual(['comment', 'label']);
    expect([...MODE_ALLOWS.fix].sort()).toEqual([
      'comment',
      'dispatch',
      'issue',
      'label',
      'pull-request',
      'push',
      'rerun'
    ]);
  });

  it('refuses branches outside nightwatch/* even in fix mode', async () => {
    const safe = new SafeOutputs({ mode: 'fix', github: untouchable() });
    const fakeGit = { headSha: () => Promise.resolve('b'.repeat(40)) } as unknown as GitCommandManager;
    expect(
      (await safe.pushBranch(fakeGit, 'https://github.com/acme/calc.git', 'main', TOKEN, ['a.py'])).status
    ).toBe('refused');
    expect(
      (await safe.openOrUpdatePull({ head: 'feature', base: 'main', title: 't', body: 'b' })).status
    ).toBe('refused');
    expect((await safe.dispatchCi('ci.yml', 'main')).status).toBe('refused');
    expect(safe.refusals.map(r => r.action)).toEqual(['push', 'pull-request', 'dispatch']);
  });

  it('matches protected paths: workflows always, plus the settings, and anything leaving the tree', () => {
    expect(protectedMatches(['.github/workflows/ci.yml', 'src/a.py'], [])).toEqual([
      '.github/workflows/ci.yml'
    ]);
    expect(protectedMatches(['.GitHub/Workflows/x.yml'], [])).toEqual(['.GitHub/Workflows/x.yml']);
    expect(protectedMatches(['deploy/prod.tf', 'src/a.py'], ['deploy/**'])).toEqual(['deploy/prod.tf']);
    expect(protectedMatches(['../outside.txt', '/etc/passwd'], [])).toEqual([
      '../outside.txt',
      '/etc/passwd'
    ]);
    expect(protectedMatches(['src/.env'], ['**/.env'])).toEqual(['src/.env']);
  });

  it('matches protected paths after normalisation: ./, ../, doubled slashes and case cannot hide a workflow', () => {
    const spelled = [
      '.github/./workflows/ci.yml',
      'src/../.github/workflows/x.yml',
      './.github//workflows/y.yml',
      '.GITHUB/workflows/../workflows/z.yml',
      '.github/workflows'
    ];
    expect(protectedMatches([...spelled, 'src/./a.py', 'src/../b.py'], [])).toEqual(spelled);
    expect(protectedMatches(['deploy/../deploy/./prod.tf'], ['deploy/**'])).toEqual([
      'deploy/../deploy/./prod.tf'
    ]);
  });

  it('answers dry-run without writing', async () => {
    const safe = new SafeOutputs({ mode: 'fix', dryRun: true, github: untouchable() });
    expect((await safe.rerunFailedJobs(1)).status).toBe('dry-run');
    expect((await safe.commentOnPullOrCommit(run, 'b', FP)).status).toBe('dry-run');
    expect((await safe.openOrUpdateIssue({ title: 't', body: 'b', fingerprint: FP })).status).toBe('dry-run');
    expect(
      (await safe.openOrUpdatePull({ head: 'nightwatch/x', base: 'main', title: 't', body: 'b' })).status
    ).toBe('dry-run');
    expect(safe.refusals).toEqual([]);
  });
});

describe('SafeOutputs hygiene of what it writes', () => {
  /** A GitHub port that records created issues and finds none. */
  function issueRecorder(): { github: GitHub; created: { title: string; body: string; labels: string[] }[] } {
    const created: { title: string; body: string; labels: string[] }[] = [];
    const github = {
      findOpenIssueByText: async () => undefined,
      createIssue: async (p: { title: string; body: string; labels: string[] }): Promise<IssueInfo> => {
        created.push(p);
        return { number: 1, url: 'u', state: 'open', body: p.body };
      }
    } as unknown as GitHub;
    return { github, created };
  }

  it('masks secrets in titles and bodies', async () => {
    const { github, created } = issueRecorder();
    const safe = new SafeOutputs({ mode: 'fix', github, secrets: ['ghs_SECRET123', 'ab'] });
    await safe.openOrUpdateIssue({
      title: 'leak ghs_SECRET123',
      body: 'token=ghs_SECRET123 ab',
      fingerprint: FP
    });
    expect(created[0]?.title).toBe('leak ***');
    expect(created[0]?.body).toContain('token=*** ab');
    expect(JSON.stringify(created)).not.toContain('ghs_SECRET123');
  });

  it('keeps bodies and titles within GitHub limits, keeping the fingerprint line', async () => {
    const { github, created } = issueRecorder();
    const safe = new SafeOutputs({ mode: 'fix', github });
    await safe.openOrUpdateIssue({
      title: 't'.repeat(400),
      body: `${'x'.repeat(100000)}\n\n${fingerprintLine(FP)}\n`,
      fingerprint: FP
    });
    expect(created[0]!.body.length).toBeLessThanOrEqual(65536);
    expect(created[0]!.body).toContain(fingerprintLine(FP));
    expect(created[0]!.body).toContain('cut to fit');
    expect(created[0]!.title.length).toBeLessThanOrEqual(256);
  });
});

describe('SafeOutputs through the world (git remote + GitHub emulator)', () => {
  let remote: GitRemote;
  let api: GitHubApi;
  let github: GitHub;
  let tmp: string;
  let base: string;
  let url: string;

  beforeAll(async () => {
    remote = new GitRemote({ token: TOKEN });
    await remote.start();
  });

  afterAll(async () => {
    await remote.stop();
  });

  beforeEach(async () => {
    tmp = await fs.mkdtemp(join(tmpdir(), 'nw-safe-'));
    const name = `calc${Math.random().toString(36).slice(2, 8)}`;
    base = await remote.createRepo('acme', name, {
      'calc.py': 'def add(a, b):\n    return a - b\n',
      '.github/workflows/ci.yml': 'on: push\n'
    });
    url = remote.repoUrl('acme', name);
    api = new GitHubApi({
      token: TOKEN,
      serverUrl: remote.url,
      branchSha: (o, r, b) => remote.branchSha(o, r, b)
    });
    await api.start();
    api.addRepo({ owner: 'acme', name });
    github = createGitHub({
      token: TOKEN,
      owner: 'acme',
      repo: name,
      baseUrl: api.url,
      retryAfterBaseMs: 10
    });
  });

  afterEach(async () => {
    await api.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  async function fixedTree(branch: string, files: Record<string, string>): Promise<GitCommandManager> {
    const g = await createGit(join(tmp, 'work'));
    await g.fetchAndCheckout(url, base, TOKEN);
    await g.checkoutNewBranch(branch);
    for (const [f, c] of Object.entries(files)) {
      await fs.mkdir(join(g.dir, f, '..'), { recursive: true });
      await fs.writeFile(join(g.dir, f), c);
    }
    await g.commitPaths(Object.keys(files), 'Fix add', 777);
    return g;
  }

  it('pushes the branch, opens the PR with its label, then leaves or updates it', async () => {
    const safe = new SafeOutputs({ mode: 'fix', github });
    const g = await fixedTree('nightwatch/fix-777', { 'calc.py': 'def add(a, b):\n    return a + b\n' });
    const changed = await g.changedFiles(base, 'HEAD');
    const push = await safe.pushBranch(g, url, 'nightwatch/fix-777', TOKEN, changed, base);
    expect(push.status).toBe('created');
    expect(push.sha).toBe(await g.headSha());
    const body = `Fix\n\n${fingerprintLine(FP)}\n`;
    const opened = await safe.openOrUpdatePull({
      head: 'nightwatch/fix-777',
      base: 'main',
      title: 'Fix add',
      body,
      labels: ['nightwatch']
    });
    expect(opened.status).toBe('created');
    expect(api.pulls).toHaveLength(1);
    expect(api.labelsOf('acme', api.repos[0]!.name, opened.pull!.number)).toEqual(['nightwatch']);

    expect((await safe.pushBranch(g, url, 'nightwatch/fix-777', TOKEN, changed)).status).toBe('unchanged');
    expect(
      (await safe.openOrUpdatePull({ head: 'nightwatch/fix-777', base: 'main', title: 'Fix add', body }))
        .status
    ).toBe('unchanged');
    const again = await safe.openOrUpdatePull({
      head: 'nightwatch/fix-777',
      base: 'main',
      title: 'Fix add',
      body: `${body}more`
    });
    expect(again.status).toBe('updated');
    expect(again.pull?.number).toBe(opened.pull?.number);
    expect(api.pulls).toHaveLength(1);
    expect(safe.refusals).toEqual([]);
  });

  it('updates the existing PR when GitHub answers 422 "A pull request already exists"', async () => {
    const g = await fixedTree('nightwatch/fix-race', { 'calc.py': 'def add(a, b):\n    return a + b\n' });
    const safe0 = new SafeOutputs({ mode: 'fix', github });
    await safe0.pushBranch(g, url, 'nightwatch/fix-race', TOKEN, ['calc.py']);
    const first = await github.createPull({
      head: 'nightwatch/fix-race',
      base: 'main',
      title: 'Fix',
      body: 'old'
    });
    // The PR is opened between our lookup and our create: the lookup misses it, the create gets 422.
    let lookups = 0;
    const racy: GitHub = Object.create(github) as GitHub;
    racy.findOpenPull = async (head: string): Promise<PullInfo | undefined> =>
      lookups++ === 0 ? undefined : github.findOpenPull(head);
    const safe = new SafeOutputs({ mode: 'fix', github: racy });
    const result = await safe.openOrUpdatePull({
      head: 'nightwatch/fix-race',
      base: 'main',
      title: 'Fix',
      body: 'new',
      labels: []
    });
    expect(result.status).toBe('updated');
    expect(result.pull?.number).toBe(first.number);
    expect(api.pulls).toHaveLength(1);
    expect(api.pulls[0]?.body).toBe('new');
    expect(api.requests.some(r => r.method === 'POST' && r.path.endsWith('/pulls') && r.status === 422)).toBe(
      true
    );
  });

  it('refuses a fix that touches a protected path: nothing is pushed', async () => {
    const safe = new SafeOutputs({ mode: 'fix', github, protectedPaths: ['docs/**'] });
    const g = await fixedTree('nightwatch/fix-wf', {
      'calc.py': 'x\n',
      '.github/workflows/ci.yml': 'on: [push, pull_request]\n'
    });
    // The caller's list forgets the workflow; the base sha lets SafeOutputs see it anyway.
    const result = await safe.pushBranch(g, url, 'nightwatch/fix-wf', TOKEN, ['calc.py'], base);
    expect(result.status).toBe('refused');
    expect(safe.refusals).toEqual([
      { action: 'push', reason: expect.stringContaining('.github/workflows/ci.yml') }
    ]);
    expect(await remote.branchSha('acme', api.repos[0]!.name, 'nightwatch/fix-wf')).toBeUndefined();
    expect(remote.pushes.filter(p => p.repo === api.repos[0]!.name)).toHaveLength(0);
  });

  describe('the update-branch exception (push-to-update-branch)', () => {
    const UPDATE = 'dependabot/pip/calc-2.0';
    /** The update's branch on the remote, and a tree with a fix committed on top of it. */
    async function onUpdate(): Promise<{ g: GitCommandManager; start: string; name: string }> {
      const name = api.repos[0]!.name;
      const start = await remote.commit('acme', name, UPDATE, {
        files: { 'req.txt': 'calc==2\n' },
        message: 'bump'
      });
      const g = await createGit(join(tmp, 'update'));
      await g.fetchAndCheckout(url, start, TOKEN);
      await g.checkoutNewBranch(UPDATE);
      await fs.writeFile(join(g.dir, 'calc.py'), 'def add(a, b):\n    return a + b\n');
      await g.commitPaths(['calc.py'], 'Fix add', 777);
      return { g, start, name };
    }

    it('pushes exactly the branch named, as a fast-forward of the run’s head', async () => {
      const safe = new SafeOutputs({ mode: 'fix', github });
      const { g, start, name } = await onUpdate();
      const push = await safe.pushBranch(g, url, UPDATE, TOKEN, ['calc.py'], start, { updateBranch: UPDATE });
      expect(push.status).toBe('updated');
      expect(await remote.branchSha('acme', name, UPDATE)).toBe(await g.headSha());
      expect(remote.pushes.filter(p => p.repo === name).map(p => [p.ref, p.before])).toEqual([
        [`refs/heads/${UPDATE}`, start]
      ]);
    });

    it('cannot be used for main, another branch, without a base, or without being named', async () => {
      const safe = new SafeOutputs({ mode: 'fix', github });
      const { g, start, name } = await onUpdate();
      const main = await remote.branchSha('acme', name, 'main');
      const tries: [string, string | undefined, { updateBranch: string } | undefined][] = [
        ['main', start, { updateBranch: 'main' }],
        ['main', start, { updateBranch: UPDATE }],
        [UPDATE, start, undefined],
        [UPDATE, start, { updateBranch: 'dependabot/pip/other' }],
        [UPDATE, undefined, { updateBranch: UPDATE }],
        ['dependabot/../main', start, { updateBranch: 'dependabot/../main' }]
      ];
      for (const [branch, baseSha, onto] of tries)
        expect((await safe.pushBranch(g, url, branch, TOKEN, ['calc.py'], baseSha, onto)).status).toBe(
          'refused'
        );
      expect(safe.refusals).toHaveLength(tries.length);
      expect(remote.pushes.filter(p => p.repo === name)).toEqual([]);
      expect(await remote.branchSha('acme', name, 'main')).toBe(main);
      expect(await remote.branchSha('acme', name, UPDATE)).toBe(start);
    });

    it('refuses protected paths on the update branch too', async () => {
      const safe = new SafeOutputs({ mode: 'fix', github });
      const { g, start, name } = await onUpdate();
      await fs.writeFile(join(g.dir, '.github/workflows/ci.yml'), 'on: pull_request\n');
      await g.commitPaths(['.github/workflows/ci.yml'], 'sneak');
      const r = await safe.pushBranch(g, url, UPDATE, TOKEN, ['calc.py'], start, { updateBranch: UPDATE });
      expect(r).toMatchObject({
        status: 'refused',
        reason: expect.stringContaining('.github/workflows/ci.yml')
      });
      expect(remote.pushes.filter(p => p.repo === name)).toEqual([]);
    });

    it('throws PushRejectedError, pushing nothing, when the branch moved since the run', async () => {
      const safe = new SafeOutputs({ mode: 'fix', github });
      const { g, start, name } = await onUpdate();
      const moved = await remote.commit('acme', name, UPDATE, {
        files: { 'x.txt': 'x\n' },
        message: 'rebase'
      });
      await expect(
        safe.pushBranch(g, url, UPDATE, TOKEN, ['calc.py'], start, { updateBranch: UPDATE })
      ).rejects.toThrow(/moved, and Nightwatch only fast-forwards it/);
      expect(await remote.branchSha('acme', name, UPDATE)).toBe(moved);
    });

    it('a token without contents: write: refused, naming the permission', async () => {
      const safe = new SafeOutputs({ mode: 'fix', github });
      const { g, start, name } = await onUpdate();
      remote.setPermissions(TOKEN, { metadata: 'read', contents: 'read' });
      try {
        const r = await safe.pushBranch(g, url, UPDATE, TOKEN, ['calc.py'], start, { updateBranch: UPDATE });
        expect(r).toMatchObject({
          status: 'refused',
          reason: expect.stringMatching(/grant `contents: write`/)
        });
      } finally {
        remote.setPermissions(TOKEN, undefined);
      }
      expect(await remote.branchSha('acme', name, UPDATE)).toBe(start);
    });
  });

  it('throws a clear error on a rejected push, and no PR is made after it', async () => {
    const safe = new SafeOutputs({ mode: 'fix', github });
    const g = await fixedTree('nightwatch/fix-rejected', { 'calc.py': 'def add(a, b):\n    return a + b\n' });
    const name = api.repos[0]!.name;
    await remote.rejectPushes('acme', name);
    const deliver = async (): Promise<void> => {
      await safe.pushBranch(g, url, 'nightwatch/fix-rejected', TOKEN, ['calc.py']);
      await safe.openOrUpdatePull({ head: 'nightwatch/fix-rejected', base: 'main', title: 't', body: 'b' });
    };
    await expect(deliver()).rejects.toBeInstanceOf(PushRejectedError);
    await expect(deliver()).rejects.toThrow(/nightwatch\/fix-rejected.*rejected/);
    expect(api.pulls).toHaveLength(0);
    expect(api.writes).toHaveLength(0);
  });

  it('comments once on the PR and updates that comment in place for the same fingerprint', async () => {
    const safe = new SafeOutputs({ mode: 'comment', github });
    const name = api.repos[0]!.name;
    const pr = api.addPull({ owner: 'acme', repo: name, head: 'acme:feature', body: 'human PR' });
    api.addComment({ owner: 'acme', repo: name, issueNumber: pr.number, body: 'unrelated human comment' });
    const run = failedRun({ repo: name, pullRequests: [pr.number] });
    const first = await safe.commentOnPullOrCommit(run, 'diagnosis v1', FP);
    expect(first.status).toBe('created');
    expect(first.url).toBeTruthy();
    const second = await safe.commentOnPullOrCommit(run, 'diagnosis v2', FP);
    expect(second.status).toBe('updated');
    expect(second.comment?.id).toBe(first.comment?.id);
    expect((await safe.commentOnPullOrCommit(run, 'diagnosis v2', FP)).status).toBe('unchanged');
    const ours = api.comments.filter(c => c.body.includes(fingerprintLine(FP)));
    expect(ours).toHaveLength(1);
    expect(ours[0]?.body).toContain('diagnosis v2');
    expect(api.comments).toHaveLength(2);
    // comment mode may label but not open issues
    expect((await safe.addLabels(pr.number, ['nightwatch'])).status).toBe('updated');
    expect((await safe.openOrUpdateIssue({ title: 't', body: 'b', fingerprint: FP })).status).toBe('refused');
  });

  it('finds the PR of a fork run by its head commit, since workflow_run lists none', async () => {
    const safe = new SafeOutputs({ mode: 'comment', github });
    const name = api.repos[0]!.name;
    const pr = api.addPull({
      owner: 'acme',
      repo: name,
      head: 'mallory:feature',
      headSha: base,
      body: 'from a fork'
    });
    const run = failedRun({
      repo: name,
      headSha: base,
      event: 'pull_request',
      pullRequests: [],
      isFork: true,
      headRepository: `mallory/${name}`
    });
    const c = await safe.commentOnPullOrCommit(run, 'diagnosis', FP);
    expect(c.status).toBe('created');
    expect(api.comments.map(x => x.issueNumber)).toEqual([pr.number]);
    expect(api.commitComments).toHaveLength(0);
  });

  it('falls back to the commit when the PR lookup of a fork run fails', async () => {
    const safe = new SafeOutputs({ mode: 'comment', github });
    api.failNext({ method: 'GET', path: /\/pulls$/, status: 500, times: 10 });
    const run = failedRun({ repo: api.repos[0]!.name, headSha: base, event: 'pull_request' });
    expect((await safe.commentOnPullOrCommit(run, 'v1', FP)).status).toBe('created');
    expect(api.commitComments).toHaveLength(1);
  });

  it('comments on the commit when the run has no PR, updating in place', async () => {
    const safe = new SafeOutputs({ mode: 'comment', github });
    const run = failedRun({ repo: api.repos[0]!.name, headSha: base });
    expect((await safe.commentOnPullOrCommit(run, 'v1', FP)).status).toBe('created');
    // A push run has no PR to look for.
    expect(api.requests.filter(r => r.method === 'GET' && r.path.endsWith('/pulls'))).toHaveLength(0);
    expect((await safe.commentOnPullOrCommit(run, 'v2', FP)).status).toBe('updated');
    expect(api.commitComments).toHaveLength(1);
    expect(api.commitComments[0]?.body).toContain('v2');
  });

  it('opens one escalation issue per fingerprint and updates it on the next failure', async () => {
    const safe = new SafeOutputs({ mode: 'fix', github });
    const a: { status: string; issue?: IssueInfo } = await safe.openOrUpdateIssue({
      title: 'Could not fix',
      body: 'attempt 1',
      fingerprint: FP
    });
    expect(a.status).toBe('created');
    expect(a.issue?.body).toContain(fingerprintLine(FP));
    expect(api.labelsOf('acme', api.repos[0]!.name, a.issue!.number)).toEqual(['nightwatch-escalation']);
    const b = await safe.openOrUpdateIssue({ title: 'Could not fix', body: 'attempt 2', fingerprint: FP });
    expect(b.status).toBe('updated');
    expect(b.issue?.number).toBe(a.issue?.number);
    expect(api.issues).toHaveLength(1);
    const other = await safe.openOrUpdateIssue({ title: 'Other', body: 'x', fingerprint: 'otherfp' });
    expect(other.status).toBe('created');
    expect(api.issues).toHaveLength(2);
  });

  it('re-runs failed jobs and dispatches CI in fix mode', async () => {
    const safe = new SafeOutputs({ mode: 'fix', github });
    const name = api.repos[0]!.name;
    const run = api.addRun({ owner: 'acme', repo: name, headSha: base });
    expect((await safe.rerunFailedJobs(run.id)).status).toBe('created');
    expect(api.reruns).toEqual([run.id]);
    // The run is queued again now: GitHub answers 403, reported as not re-run rather than thrown.
    const again = await safe.rerunFailedJobs(run.id);
    expect(again).toEqual({ status: 'unchanged', reason: expect.stringContaining('already running') });
    expect(api.reruns).toEqual([run.id]);
    expect((await safe.dispatchCi('.github/workflows/ci.yml', 'nightwatch/fix-1')).status).toBe('unchanged');
    api.workflows[0]!.dispatchable = true;
    // GitHub also refuses a ref that does not exist; once the branch is pushed, the dispatch is made.
    expect((await safe.dispatchCi('.github/workflows/ci.yml', 'nightwatch/fix-1')).status).toBe('unchanged');
    await remote.commit('acme', name, 'nightwatch/fix-1', {
      files: { 'calc.py': 'fixed\n' },
      message: 'fix'
    });
    expect((await safe.dispatchCi('.github/workflows/ci.yml', 'nightwatch/fix-1')).status).toBe('created');
    expect(api.dispatches).toHaveLength(1);
  });
});

// Keep the port's comment type in use for the type-checker (it documents the result shape).
export type _CommentShape = CommentInfo;
