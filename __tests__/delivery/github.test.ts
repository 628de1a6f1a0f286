import { ApiErrors, PullRequestExistsError, createGitHub, errorStatus } from '../../src/delivery/github.js';
import type { GitHub, Logger } from '../../src/delivery/ports.js';
import { GitHubApi } from '../world/github-api.js';

const TOKEN = 'ghs_github_port_token';
const SHA = 'c'.repeat(40);

function recorder(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    log: { debug: () => undefined, info: m => lines.push(m), warning: m => lines.push(`warning ${m}`) }
  };
}

describe('delivery/github', () => {
  let api: GitHubApi;
  let gh: GitHub;
  let lines: string[];

  beforeEach(async () => {
    api = new GitHubApi({ token: TOKEN });
    await api.start();
    api.addRepo({ owner: 'acme', name: 'widgets', id: 101 });
    const r = recorder();
    lines = r.lines;
    gh = createGitHub({
      token: TOKEN,
      owner: 'acme',
      repo: 'widgets',
      baseUrl: api.url,
      log: r.log,
      retryAfterBaseMs: 10
    });
  });

  afterEach(async () => {
    await api.stop();
    expect(api.schemaViolations).toEqual([]);
  });

  it('reads the repository and maps a run to a FailedRun, fork included', async () => {
    api.addRepo({ owner: 'mallory', name: 'widgets', fork: true });
    const run = api.addRun({
      owner: 'acme',
      repo: 'widgets',
      id: 5151,
      headSha: SHA,
      headBranch: 'feature',
      event: 'pull_request',
      runAttempt: 2,
      headCommitMessage: 'Add parser',
      pullRequests: [{ number: 9, headRef: 'feature', headSha: SHA, baseRef: 'main' }],
      headRepository: { owner: 'mallory', name: 'widgets' }
    });
    const repo = await gh.getRepo();
    expect(repo).toMatchObject({ id: 101, defaultBranch: 'main' });
    expect(repo.cloneUrl).toMatch(/acme\/widgets\.git$/);
    const failed = await gh.getRun(run.id);
    expect(failed).toMatchObject({
      owner: 'acme',
      repo: 'widgets',
      runId: 5151,
      runAttempt: 2,
      workflowPath: '.github/workflows/ci.yml',
      headSha: SHA,
      headBranch: 'feature',
      event: 'pull_request',
      conclusion: 'failure',
      // GitHub lists no pull_requests for a run from a fork (hence SafeOutputs' head-sha lookup).
      pullRequests: [],
      headRepository: 'mallory/widgets',
      isFork: true,
      headCommitMessage: 'Add parser'
    });
    const own = api.addRun({ owner: 'acme', repo: 'widgets', headSha: SHA });
    expect(await gh.getRun(own.id)).toMatchObject({
      isFork: false,
      headRepository: 'acme/widgets',
      pullRequests: []
    });
  });

  it('lists the jobs of an attempt and downloads the log zip through the 302', async () => {
    const zip = Buffer.from('PK\u0005\u0006' + '\0'.repeat(18), 'binary');
    const run = api.addRun({
      owner: 'acme',
      repo: 'widgets',
      headSha: SHA,
      logs: zip,
      jobs: [
        {
          name: 'test',
          steps: [
            { name: 'Set up job', conclusion: 'success' },
            { name: 'Run pytest', conclusion: 'failure' }
          ]
        }
      ]
    });
    const jobs = await gh.listJobs(run.id, 1);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ name: 'test', conclusion: 'failure' });
    expect(jobs[0]?.steps.map(s => s.name)).toEqual(['Set up job', 'Run pytest']);
    expect(await gh.listJobs(run.id)).toHaveLength(1);
    const logs = await gh.downloadRunLogs(run.id);
    expect(Buffer.isBuffer(logs)).toBe(true);
    expect(logs.equals(zip)).toBe(true);
  });

  it('finds the last successful run of a workflow on a branch by its path', async () => {
    api.addRun({
      owner: 'acme',
      repo: 'widgets',
      id: 1000,
      headSha: SHA,
      conclusion: 'success',
      createdAt: new Date('2026-01-01T00:00:00Z')
    });
    api.addRun({
      owner: 'acme',
      repo: 'widgets',
      id: 2000,
      headSha: SHA,
      conclusion: 'success',
      createdAt: new Date('2026-01-02T00:00:00Z')
    });
    api.addRun({
      owner: 'acme',
      repo: 'widgets',
      id: 3000,
      headSha: SHA,
      conclusion: 'failure',
      createdAt: new Date('2026-01-03T00:00:00Z')
    });
    expect(await gh.findLastSuccessfulRun('.github/workflows/ci.yml', 'main')).toBe(2000);
    expect(await gh.findLastSuccessfulRun('.github/workflows/ci.yml@refs/heads/main', 'main')).toBe(2000);
    expect(await gh.findLastSuccessfulRun('.github/workflows/ci.yml', 'other')).toBeUndefined();
    expect(await gh.findLastSuccessfulRun('.github/workflows/missing.yml', 'main')).toBeUndefined();
  });

  it('retries a 5xx and then succeeds', async () => {
    api.failNext({ method: 'GET', path: /^\/repos\/acme\/widgets$/, status: 503, times: 2 });
    expect((await gh.getRepo()).id).toBe(101);
    const tries = api.requests.filter(r => r.path === '/repos/acme/widgets');
    expect(tries.map(r => r.status)).toEqual([503, 503, 200]);
  });

  it('gives up after the retries on a lasting 5xx', async () => {
    api.failNext({ method: 'GET', path: /^\/repos\/acme\/widgets$/, status: 500, times: 10 });
    await expect(gh.getRepo()).rejects.toMatchObject({ status: 500 });
    expect(api.requests.filter(r => r.path === '/repos/acme/widgets')).toHaveLength(4);
  });

  it('does not retry 404 and 422', async () => {
    await expect(gh.updatePull(999, { body: 'x' })).rejects.toMatchObject({ status: 404 });
    expect(api.requests.filter(r => r.path === '/repos/acme/widgets/pulls/999')).toHaveLength(1);
    api.failNext({ method: 'POST', path: /\/issues$/, status: 422, times: 1 });
    await expect(gh.createIssue({ title: 't', body: 'b', labels: [] })).rejects.toMatchObject({
      status: 422
    });
    expect(api.requests.filter(r => r.method === 'POST' && r.path.endsWith('/issues'))).toHaveLength(1);
  });

  it('waits out a secondary rate limit honouring retry-after, then succeeds', async () => {
    api.failNext({
      method: 'GET',
      path: /^\/repos\/acme\/widgets$/,
      status: 'secondary-rate-limit',
      retryAfter: 3,
      times: 1
    });
    const started = Date.now();
    expect((await gh.getRepo()).id).toBe(101);
    // retry-after 3 s × the test's 10 ms base
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(lines.some(l => l.includes('secondary rate limit') && l.includes('retrying after 3s'))).toBe(true);
    expect(api.requests.filter(r => r.path === '/repos/acme/widgets').map(r => r.status)).toEqual([403, 200]);
  });

  it('gives up on a secondary rate limit whose retry-after is too long, or that persists', async () => {
    const slow = createGitHub({
      token: TOKEN,
      owner: 'acme',
      repo: 'widgets',
      baseUrl: api.url,
      retryAfterBaseMs: 10,
      maxRetryAfterSeconds: 5
    });
    api.failNext({
      method: 'GET',
      path: /^\/repos\/acme\/widgets$/,
      status: 'secondary-rate-limit',
      retryAfter: 600,
      times: 1
    });
    await expect(slow.getRepo()).rejects.toMatchObject({ status: 403 });
    api.failNext({
      method: 'GET',
      path: /^\/repos\/acme\/widgets$/,
      status: 'secondary-rate-limit',
      retryAfter: 1,
      times: 10
    });
    await expect(gh.getRepo()).rejects.toMatchObject({ status: 403 });
  });

  it('turns the 422 for a duplicate pull request into PullRequestExistsError', async () => {
    const first = await gh.createPull({ head: 'nightwatch/fix-1', base: 'main', title: 'Fix', body: 'body' });
    expect(first).toMatchObject({ head: 'nightwatch/fix-1', state: 'open', body: 'body' });
    const error = await gh
      .createPull({ head: 'nightwatch/fix-1', base: 'main', title: 'Fix', body: 'b2' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PullRequestExistsError);
    expect((error as Error).message).toContain(ApiErrors.PullRequestExists);
    expect(await gh.findOpenPull('nightwatch/fix-1')).toMatchObject({ number: first.number });
    expect(await gh.findOpenPull('nightwatch/other')).toBeUndefined();
    const updated = await gh.updatePull(first.number, { body: 'new body' });
    expect(updated.body).toBe('new body');
  });

  it('finds open pull requests and issues by the text of their body, across pages', async () => {
    for (let i = 0; i < 120; i++) {
      api.addIssue({
        owner: 'acme',
        repo: 'widgets',
        title: `issue ${i}`,
        body: `noise ${i}`,
        labels: ['nightwatch-escalation']
      });
    }
    // Oldest issue: listed last (newest first), so it is on the second page.
    api.issues[0]!.body = 'Nightwatch fingerprint: abc123';
    api.addIssue({
      owner: 'acme',
      repo: 'widgets',
      title: 'closed',
      body: 'Nightwatch fingerprint: def',
      state: 'closed',
      labels: ['nightwatch-escalation']
    });
    api.addIssue({
      owner: 'acme',
      repo: 'widgets',
      title: 'unlabelled',
      body: 'Nightwatch fingerprint: ghi'
    });
    api.addPull({
      owner: 'acme',
      repo: 'widgets',
      head: 'acme:nightwatch/fix-9',
      body: 'x\n\nNightwatch fingerprint: pr1',
      labels: ['nightwatch-escalation']
    });

    expect(
      await gh.findOpenIssueByText('Nightwatch fingerprint: abc123', 'nightwatch-escalation')
    ).toMatchObject({ state: 'open' });
    expect(
      await gh.findOpenIssueByText('Nightwatch fingerprint: def', 'nightwatch-escalation')
    ).toBeUndefined();
    expect(
      await gh.findOpenIssueByText('Nightwatch fingerprint: ghi', 'nightwatch-escalation')
    ).toBeUndefined();
    // The issues endpoint lists PRs too; they are not issues.
    expect(
      await gh.findOpenIssueByText('Nightwatch fingerprint: pr1', 'nightwatch-escalation')
    ).toBeUndefined();
    expect(await gh.findOpenPullByText('Nightwatch fingerprint: pr1')).toMatchObject({
      head: 'nightwatch/fix-9'
    });
    expect(await gh.findOpenPullByText('Nightwatch fingerprint: nope')).toBeUndefined();
  });

  it('creates, lists and updates issue and commit comments, issues and labels', async () => {
    const issue = await gh.createIssue({ title: 'Escalation', body: 'b', labels: ['nightwatch-escalation'] });
    expect(api.labelsOf('acme', 'widgets', issue.number)).toEqual(['nightwatch-escalation']);
    expect((await gh.updateIssue(issue.number, { body: 'b2' })).body).toBe('b2');
    await gh.addLabels(issue.number, ['nightwatch']);
    expect(api.labelsOf('acme', 'widgets', issue.number)).toContain('nightwatch');

    const c = await gh.createComment(issue.number, 'hello');
    expect((await gh.listComments(issue.number)).map(x => x.body)).toEqual(['hello']);
    expect((await gh.updateComment(c.id, 'hello again')).body).toBe('hello again');

    const cc = await gh.createCommitComment(SHA, 'on the commit');
    expect((await gh.listCommitComments(SHA)).map(x => x.id)).toEqual([cc.id]);
    expect((await gh.updateCommitComment(cc.id, 'edited')).body).toBe('edited');
  });

  it('re-runs failed jobs and dispatches only dispatchable workflows', async () => {
    const run = api.addRun({ owner: 'acme', repo: 'widgets', headSha: SHA });
    await gh.rerunFailedJobs(run.id);
    expect(api.reruns).toEqual([run.id]);
    api.addWorkflow({
      owner: 'acme',
      repo: 'widgets',
      path: '.github/workflows/manual.yml',
      dispatchable: true
    });
    expect(await gh.tryDispatchWorkflow('.github/workflows/manual.yml', 'nightwatch/fix-1')).toBe(true);
    expect(api.dispatches).toHaveLength(1);
    expect(await gh.tryDispatchWorkflow('.github/workflows/ci.yml', 'nightwatch/fix-1')).toBe(false);
    expect(await gh.tryDispatchWorkflow('.github/workflows/none.yml', 'nightwatch/fix-1')).toBe(false);
  });

  it('reads the status of a thrown API error', async () => {
    const e = await gh.updatePull(12345, {}).catch((x: unknown) => x);
    expect(errorStatus(e)).toBe(404);
    expect(errorStatus(new Error('x'))).toBeUndefined();
  });
});
