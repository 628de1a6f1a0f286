import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { GitHubApi } from './github-api.js';
import { checkResponse, documentsStatus, responseExample } from './openapi.js';
import { failingJob, makeRunLogZip } from './run-logs.js';

const TOKEN = 'ghs_emulator_token';

type Kit = ReturnType<typeof getOctokit>;

// plugin-throttling spaces writes 1 s apart (3 s for ones that notify); a limiter group that runs at
// once keeps the test fast without changing how requests and retries flow.
const instantGroup = {
  key: () => ({
    schedule: <T>(_opts: unknown, fn: (...a: unknown[]) => Promise<T>, ...args: unknown[]): Promise<T> =>
      fn(...args)
  })
};

function octokit(api: GitHubApi, token = TOKEN): Kit {
  // Built the way the product builds it: retry + throttling, retry delays shortened for the test.
  return getOctokit(
    token,
    {
      baseUrl: api.url,
      retry: { doNotRetry: [400, 401, 404, 422], retryAfterBaseValue: 10 },
      throttle: {
        onRateLimit: () => true,
        onSecondaryRateLimit: (_after: number, _opts: unknown, _kit: unknown, retryCount: number) =>
          retryCount < 2,
        write: instantGroup,
        notifications: instantGroup
      } as never
    },
    retry,
    throttling
  );
}

describe('GitHubApi', () => {
  let api: GitHubApi;
  let kit: Kit;

  beforeEach(async () => {
    api = new GitHubApi({ token: TOKEN, serverUrl: 'http://127.0.0.1:9/git' });
    await api.start();
    kit = octokit(api);
    api.addRepo({ owner: 'acme', name: 'widgets' });
  });

  afterEach(async () => {
    await api.stop();
  });

  const repo = { owner: 'acme', repo: 'widgets' };

  it('serves the repository with clone_url on the git remote', async () => {
    const { data } = await kit.rest.repos.get(repo);
    expect(data.full_name).toBe('acme/widgets');
    expect(data.default_branch).toBe('main');
    expect(data.clone_url).toBe('http://127.0.0.1:9/git/acme/widgets.git');
    expect(api.schemaViolations).toEqual([]);
  });

  it('rejects a missing or wrong token with 401 Bad credentials', async () => {
    await expect(octokit(api, 'nope').rest.repos.get(repo)).rejects.toMatchObject({
      status: 401,
      message: expect.stringContaining('Bad credentials')
    });
    const res = await fetch(`${api.url}/repos/acme/widgets`);
    expect(res.status).toBe(401);
    const bearer = await fetch(`${api.url}/repos/acme/widgets`, {
      headers: { authorization: `Bearer ${TOKEN}` }
    });
    expect(bearer.status).toBe(200);
  });

  it('accepts a second token, records which token made each request, and answers 401 once it is revoked', async () => {
    const APP = 'ghs_app_installation_token';
    api.acceptToken(APP, 'app');
    api.addRun({ owner: 'acme', repo: 'widgets', id: 77, headSha: 'a'.repeat(40) });
    await kit.rest.actions.getWorkflowRun({ ...repo, run_id: 77 });
    const app = octokit(api, APP);
    const issue = await app.rest.issues.create({ ...repo, title: 'from the app' });
    expect(issue.status).toBe(201);
    expect(api.requests.map(r => `${r.method} ${r.path} ${r.by ?? '-'}`)).toEqual([
      'GET /repos/acme/widgets/actions/runs/77 job',
      'POST /repos/acme/widgets/issues app'
    ]);
    expect(api.requestsBy('app').map(r => r.status)).toEqual([201]);
    expect(api.writesTo('POST', /\/issues$/).map(w => w.by)).toEqual(['app']);
    expect(api.requestLog()[1]).toBe('POST /repos/acme/widgets/issues -> 201 [app]');

    // An unknown token is still refused, and recorded with no `by`.
    const nope = await fetch(`${api.url}/repos/acme/widgets`, {
      headers: { authorization: 'token ghs_other' }
    });
    expect(nope.status).toBe(401);
    expect(api.requests.at(-1)?.by).toBeUndefined();

    // A revoked token gets GitHub's 401 body, recorded under its label; the job token keeps working.
    api.revokeToken(APP);
    const revoked = await fetch(`${api.url}/repos/acme/widgets/issues`, {
      method: 'POST',
      headers: { authorization: `token ${APP}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'again' })
    });
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toEqual({
      message: 'Bad credentials',
      documentation_url: 'https://docs.github.com/rest',
      status: '401'
    });
    expect(api.requests.at(-1)).toMatchObject({ method: 'POST', status: 401, by: 'app' });
    expect(api.issues.map(i => i.title)).toEqual(['from the app']);
    expect((await kit.rest.repos.get(repo)).status).toBe(200);
    expect(() => api.acceptToken(TOKEN, 'app')).toThrow(/already known as 'job'/);
    expect(() => api.revokeToken('ghs_never_seen')).toThrow(/unknown token/);
  });

  it('serves runs, attempts, jobs and the log zip through a redirect', async () => {
    const zip = Buffer.from('PK\u0005\u0006' + '\0'.repeat(18), 'binary');
    const run = api.addRun({
      ...repo,
      id: 4242,
      headSha: 'a'.repeat(40),
      headBranch: 'feature',
      event: 'pull_request',
      pullRequests: [{ number: 7, headRef: 'feature', headSha: 'a'.repeat(40), baseRef: 'main' }],
      headCommitMessage: 'Add parser\n\nlong body',
      runAttempt: 2,
      logs: zip,
      jobs: [{ name: 'test', steps: [{ name: 'Set up job' }, { name: 'Run pytest', conclusion: 'failure' }] }]
    });
    const { data } = await kit.rest.actions.getWorkflowRun({ ...repo, run_id: run.id });
    expect(data).toMatchObject({
      id: 4242,
      conclusion: 'failure',
      head_sha: 'a'.repeat(40),
      head_branch: 'feature',
      run_attempt: 2,
      event: 'pull_request',
      path: '.github/workflows/ci.yml'
    });
    expect(data.pull_requests?.[0]).toMatchObject({ number: 7, head: { ref: 'feature' } });
    expect(data.head_commit?.message).toBe('Add parser\n\nlong body');
    expect(data.head_repository.full_name).toBe('acme/widgets');
    expect(data.html_url).toBe('http://127.0.0.1:9/git/acme/widgets/actions/runs/4242');

    const attempt = await kit.rest.actions.getWorkflowRunAttempt({
      ...repo,
      run_id: run.id,
      attempt_number: 1
    });
    expect(attempt.data.run_attempt).toBe(1);

    const jobs = await kit.rest.actions.listJobsForWorkflowRun({ ...repo, run_id: run.id });
    expect(jobs.data.total_count).toBe(1);
    expect(jobs.data.jobs[0].steps?.map(s => [s.number, s.name, s.conclusion])).toEqual([
      [1, 'Set up job', 'success'],
      [2, 'Run pytest', 'failure']
    ]);
    const attemptJobs = await kit.rest.actions.listJobsForWorkflowRunAttempt({
      ...repo,
      run_id: run.id,
      attempt_number: 2
    });
    expect(attemptJobs.data.jobs).toHaveLength(1);

    const logs = await kit.rest.actions.downloadWorkflowRunLogs({ ...repo, run_id: run.id });
    expect(Buffer.from(logs.data as ArrayBuffer)).toEqual(zip);
    const redirect = api.requests.find(r => r.path.endsWith('/logs'));
    expect(redirect?.status).toBe(302);
    // The zip comes from another origin, reached without the token (fetch drops it cross-origin).
    expect(api.blobRequests).toEqual([expect.objectContaining({ status: 200, authorization: undefined })]);
    expect(api.schemaViolations).toEqual([]);
  });

  it("serves the repository run list, one job, its log as text, and a commit's pulls", async () => {
    const zip = makeRunLogZip([failingJob('test (3.12)', 'pytest -q', ['E   assert -1 == 3'])]);
    const run = api.addRun({
      ...repo,
      id: 6161,
      headSha: 'd'.repeat(40),
      logs: zip,
      jobs: [{ name: 'test (3.12)' }]
    });
    api.addRun({ ...repo, id: 6162, headSha: 'e'.repeat(40), event: 'schedule' });
    const all = await kit.rest.actions.listWorkflowRunsForRepo({ ...repo, event: 'push' });
    expect(all.data.workflow_runs.map(r => r.id)).toEqual([run.id]);
    const jobId = api.jobs.find(j => j.runId === run.id)!.id;
    const job = await kit.rest.actions.getJobForWorkflowRun({ ...repo, job_id: jobId });
    expect(job.data.name).toBe('test (3.12)');
    const log = await kit.rest.actions.downloadJobLogsForWorkflowRun({ ...repo, job_id: jobId });
    expect(String(log.data)).toContain('E   assert -1 == 3');
    api.addPull({ ...repo, head: 'feature', headSha: 'd'.repeat(40) });
    const pulls = await kit.rest.repos.listPullRequestsAssociatedWithCommit({
      ...repo,
      commit_sha: 'd'.repeat(40)
    });
    expect(pulls.data.map(p => p.head.ref)).toEqual(['feature']);
    expect(api.schemaViolations).toEqual([]);
  });

  it('shows a fork run with its own head_repository and, as GitHub does, no pull_requests', async () => {
    api.addRun({
      ...repo,
      id: 5151,
      headSha: 'f'.repeat(40),
      event: 'pull_request',
      headRepository: { owner: 'mallory', name: 'widgets' },
      pullRequests: [{ number: 9, headRef: 'evil', headSha: 'f'.repeat(40), baseRef: 'main' }]
    });
    const { data } = await kit.rest.actions.getWorkflowRun({ ...repo, run_id: 5151 });
    expect(data.head_repository.full_name).toBe('mallory/widgets');
    expect(data.head_repository.id).not.toBe(data.repository.id);
    expect(data.pull_requests).toEqual([]);
    expect(api.schemaViolations).toEqual([]);
  });

  it('answers a forwarded Authorization header at the blob host as Azure does', async () => {
    api.addRun({ ...repo, id: 4343, headSha: 'a'.repeat(40), logs: Buffer.from('zip') });
    const res = await fetch(`${api.url}/repos/acme/widgets/actions/runs/4343/logs`, {
      headers: { authorization: `token ${TOKEN}` },
      redirect: 'manual'
    });
    expect(res.status).toBe(302);
    const location = res.headers.get('location') ?? '';
    expect(new URL(location).origin).not.toBe(new URL(api.url).origin);
    const forwarded = await fetch(location, { headers: { authorization: `token ${TOKEN}` } });
    expect(forwarded.status).toBe(400);
    expect(await forwarded.text()).toContain('<Code>InvalidAuthenticationInfo</Code>');
    expect((await fetch(location)).status).toBe(200);
    expect((await fetch(location.replace(/sig=[0-9a-f]+/, 'sig=bad'))).status).toBe(403);
    api.expireRunLogs(4343);
    await expect(kit.rest.actions.downloadWorkflowRunLogs({ ...repo, run_id: 4343 })).rejects.toMatchObject({
      status: 410
    });
  });

  it("lists a workflow's runs by file name with branch and status filters, newest first", async () => {
    const wf = api.addWorkflow({ ...repo, path: '.github/workflows/ci.yml', name: 'CI' });
    api.addRun({
      ...repo,
      id: 1,
      headSha: '1'.repeat(40),
      conclusion: 'success',
      createdAt: new Date('2026-01-01T00:00:00Z')
    });
    api.addRun({
      ...repo,
      id: 2,
      headSha: '2'.repeat(40),
      conclusion: 'success',
      createdAt: new Date('2026-01-02T00:00:00Z')
    });
    api.addRun({
      ...repo,
      id: 3,
      headSha: '3'.repeat(40),
      conclusion: 'failure',
      createdAt: new Date('2026-01-03T00:00:00Z')
    });
    api.addRun({
      ...repo,
      id: 4,
      headSha: '4'.repeat(40),
      headBranch: 'dev',
      conclusion: 'success',
      createdAt: new Date('2026-01-04T00:00:00Z')
    });
    const byFile = await kit.rest.actions.listWorkflowRuns({
      ...repo,
      workflow_id: 'ci.yml',
      branch: 'main',
      status: 'success'
    });
    expect(byFile.data.workflow_runs.map(r => r.id)).toEqual([2, 1]);
    const byId = await kit.rest.actions.listWorkflowRuns({
      ...repo,
      workflow_id: wf.id,
      status: 'completed'
    });
    expect(byId.data.total_count).toBe(4);
    const got = await kit.rest.actions.getWorkflow({ ...repo, workflow_id: 'ci.yml' });
    expect(got.data).toMatchObject({
      id: wf.id,
      name: 'CI',
      path: '.github/workflows/ci.yml',
      state: 'active'
    });
    expect(api.schemaViolations).toEqual([]);
  });

  it('dispatches a workflow only when it has a workflow_dispatch trigger', async () => {
    api.addWorkflow({ ...repo, path: '.github/workflows/ci.yml', dispatchable: false });
    api.addWorkflow({ ...repo, path: '.github/workflows/manual.yml', dispatchable: true });
    await expect(
      kit.rest.actions.createWorkflowDispatch({ ...repo, workflow_id: 'ci.yml', ref: 'main' })
    ).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining("Workflow does not have 'workflow_dispatch' trigger")
    });
    const ok = await kit.rest.actions.createWorkflowDispatch({
      ...repo,
      workflow_id: 'manual.yml',
      ref: 'nightwatch/fix-1',
      inputs: { a: 'b' }
    });
    expect(ok.status).toBe(204);
    expect(api.dispatches).toEqual([
      expect.objectContaining({ ref: 'nightwatch/fix-1', inputs: { a: 'b' } })
    ]);
  });

  it('re-runs failed jobs as a new attempt', async () => {
    const run = api.addRun({
      ...repo,
      id: 77,
      headSha: 'b'.repeat(40),
      jobs: [{ name: 'lint', conclusion: 'success' }, { name: 'test' }]
    });
    const res = await kit.rest.actions.reRunWorkflowFailedJobs({ ...repo, run_id: run.id });
    expect(res.status).toBe(201);
    expect(api.reruns).toEqual([77]);
    const after = await kit.rest.actions.getWorkflowRun({ ...repo, run_id: 77 });
    expect(after.data).toMatchObject({ run_attempt: 2, status: 'queued', conclusion: null });
    const first = await kit.rest.actions.getWorkflowRunAttempt({ ...repo, run_id: 77, attempt_number: 1 });
    expect(first.data.conclusion).toBe('failure');
    const jobs = await kit.rest.actions.listJobsForWorkflowRun({ ...repo, run_id: 77 });
    expect(jobs.data.jobs.map(j => [j.name, j.run_attempt, j.status, j.conclusion])).toEqual([
      ['lint', 2, 'completed', 'success'],
      ['test', 2, 'queued', null]
    ]);
    const all = await kit.rest.actions.listJobsForWorkflowRun({ ...repo, run_id: 77, filter: 'all' });
    expect(all.data.total_count).toBe(4);
    api.completeAttempt(77, 'success');
    const done = await kit.rest.actions.getWorkflowRun({ ...repo, run_id: 77 });
    expect(done.data).toMatchObject({ run_attempt: 2, status: 'completed', conclusion: 'success' });
    expect(api.schemaViolations).toEqual([]);
  });

  it('creates a pull, answers the real 422 for a duplicate head, and filters by head', async () => {
    const pr = await kit.rest.pulls.create({
      ...repo,
      head: 'nightwatch/fix-abc',
      base: 'main',
      title: 'Fix',
      body: 'fingerprint: abc'
    });
    expect(pr.status).toBe(201);
    expect(pr.data).toMatchObject({
      number: 1,
      state: 'open',
      head: { ref: 'nightwatch/fix-abc' },
      base: { ref: 'main' }
    });
    const dup = kit.rest.pulls.create({
      ...repo,
      head: 'nightwatch/fix-abc',
      base: 'main',
      title: 'Fix again'
    });
    await expect(dup).rejects.toMatchObject({
      status: 422,
      response: {
        data: {
          message: 'Validation Failed',
          errors: [
            {
              resource: 'PullRequest',
              code: 'custom',
              message: 'A pull request already exists for acme:nightwatch/fix-abc.'
            }
          ]
        }
      }
    });
    const open = await kit.rest.pulls.list({ ...repo, head: 'acme:nightwatch/fix-abc', state: 'open' });
    expect(open.data.map(p => p.number)).toEqual([1]);
    const none = await kit.rest.pulls.list({ ...repo, head: 'acme:other' });
    expect(none.data).toEqual([]);
    // As on GitHub, a head without the owner is ignored: every open PR comes back.
    api.addPull({ ...repo, head: 'someone-else' });
    const bare = await kit.rest.pulls.list({ ...repo, head: 'nightwatch/fix-abc' });
    expect(bare.data.map(p => p.head.ref).sort()).toEqual(['nightwatch/fix-abc', 'someone-else']);
    const upd = await kit.rest.pulls.update({ ...repo, pull_number: 1, body: 'new body' });
    expect(upd.data.body).toBe('new body');
    expect(api.pulls[0].body).toBe('new body');
    expect(api.writesTo('POST', /\/pulls$/)).toHaveLength(1);
    expect(api.schemaViolations).toEqual([]);
  });

  it('refuses a PR when Actions may not create pull requests, and an issue when issues are off', async () => {
    api.addRepo({ owner: 'acme', name: 'locked', actionsCanCreatePullRequests: false, hasIssues: false });
    await expect(
      kit.rest.pulls.create({ owner: 'acme', repo: 'locked', head: 'x', base: 'main', title: 't' })
    ).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('GitHub Actions is not permitted to create or approve pull requests.')
    });
    await expect(kit.rest.issues.create({ owner: 'acme', repo: 'locked', title: 't' })).rejects.toMatchObject(
      { status: 410 }
    );
    expect((await kit.rest.repos.get({ owner: 'acme', repo: 'locked' })).data.has_issues).toBe(false);
  });

  it('checks the head branch on the git remote when wired to one', async () => {
    const api2 = new GitHubApi({
      token: TOKEN,
      branchSha: async (_o, _r, b) => ({ main: 'm'.repeat(40), fix: 'f'.repeat(40) })[b]
    });
    await api2.start();
    try {
      api2.addRepo({ owner: 'acme', name: 'widgets' });
      const k = octokit(api2);
      await expect(
        k.rest.pulls.create({ ...repo, head: 'missing', base: 'main', title: 't' })
      ).rejects.toMatchObject({ status: 422 });
      const pr = await k.rest.pulls.create({ ...repo, head: 'fix', base: 'main', title: 't' });
      expect(pr.data.head.sha).toBe('f'.repeat(40));
    } finally {
      await api2.stop();
    }
  });

  it('lists issues with pull requests marked, filters by labels and state, and edits them', async () => {
    api.addPull({ ...repo, head: 'nightwatch/x', labels: ['nightwatch'] });
    const issue = await kit.rest.issues.create({
      ...repo,
      title: 'CI keeps failing',
      body: 'fp: 123',
      labels: ['nightwatch', 'escalation']
    });
    expect(issue.data.number).toBe(2);
    api.addIssue({ ...repo, title: 'old', state: 'closed', labels: ['nightwatch'] });

    const labelled = await kit.rest.issues.listForRepo({ ...repo, labels: 'nightwatch' });
    expect(labelled.data.map(i => [i.number, Boolean(i.pull_request)])).toEqual([
      [2, false],
      [1, true]
    ]);
    const both = await kit.rest.issues.listForRepo({
      ...repo,
      labels: 'nightwatch,escalation',
      state: 'all'
    });
    expect(both.data.map(i => i.number)).toEqual([2]);

    await kit.rest.issues.update({ ...repo, issue_number: 2, body: 'fp: 123\nseen again' });
    expect(api.issues[0].body).toBe('fp: 123\nseen again');
    const labels = await kit.rest.issues.addLabels({ ...repo, issue_number: 1, labels: ['needs-review'] });
    expect(labels.data.map(l => l.name)).toEqual(['nightwatch', 'needs-review']);
    expect(api.labelsOf('acme', 'widgets', 1)).toEqual(['nightwatch', 'needs-review']);
    expect(api.schemaViolations).toEqual([]);
  });

  it('creates, lists and edits issue comments and commit comments', async () => {
    api.addIssue({ ...repo, title: 'x' });
    const c = await kit.rest.issues.createComment({ ...repo, issue_number: 1, body: 'diagnosis v1' });
    await kit.rest.issues.updateComment({ ...repo, comment_id: c.data.id, body: 'diagnosis v2' });
    const list = await kit.rest.issues.listComments({ ...repo, issue_number: 1 });
    expect(list.data.map(x => x.body)).toEqual(['diagnosis v2']);

    const sha = 'c'.repeat(40);
    const cc = await kit.rest.repos.createCommitComment({ ...repo, commit_sha: sha, body: 'diag' });
    expect(cc.data.commit_id).toBe(sha);
    await kit.rest.repos.updateCommitComment({ ...repo, comment_id: cc.data.id, body: 'diag 2' });
    const ccs = await kit.rest.repos.listCommentsForCommit({ ...repo, commit_sha: sha });
    expect(ccs.data.map(x => x.body)).toEqual(['diag 2']);
    expect(api.commitComments).toHaveLength(1);
    expect(api.schemaViolations).toEqual([]);
  });

  it('tells listeners about each answered request, so a test can act between two client requests', async () => {
    const seen: string[] = [];
    const off = api.onResponse(r => {
      seen.push(`${r.method} ${r.route} ${r.status}`);
      // Another writer opens a PR right after our lookup found none.
      if (r.route === '/repos/{owner}/{repo}/pulls' && r.method === 'GET')
        api.addPull({ ...repo, head: 'raced' });
    });
    const first = await kit.rest.pulls.list({ ...repo, head: 'acme:raced' });
    const second = await kit.rest.pulls.list({ ...repo, head: 'acme:raced' });
    off();
    await kit.rest.repos.get(repo);
    expect([first.data.length, second.data.length]).toEqual([0, 1]);
    expect(seen).toEqual(['GET /repos/{owner}/{repo}/pulls 200', 'GET /repos/{owner}/{repo}/pulls 200']);
  });

  it('paginates with a Link header that octokit.paginate follows', async () => {
    for (let i = 0; i < 5; i++) api.addIssue({ ...repo, title: `i${i}` });
    const all = await kit.paginate(kit.rest.issues.listForRepo, { ...repo, per_page: 2 });
    expect(all).toHaveLength(5);
  });

  it('lists artifacts by name and run and redirects the zip download to a signed blob', async () => {
    const run = api.addRun({ ...repo, id: 500, headSha: 'd'.repeat(40) });
    const a = api.addArtifact({
      ...repo,
      runId: run.id,
      name: 'nightwatch-state',
      data: Buffer.from('zipbytes')
    });
    api.addArtifact({ ...repo, runId: run.id, name: 'other', data: Buffer.from('x') });
    const byName = await kit.rest.actions.listArtifactsForRepo({ ...repo, name: 'nightwatch-state' });
    expect(byName.data.artifacts.map(x => x.id)).toEqual([a.id]);
    expect(byName.data.artifacts[0].workflow_run?.id).toBe(500);
    const byRun = await kit.rest.actions.listWorkflowRunArtifacts({ ...repo, run_id: 500 });
    expect(byRun.data.total_count).toBe(2);
    const dl = await kit.rest.actions.downloadArtifact({ ...repo, artifact_id: a.id, archive_format: 'zip' });
    expect(Buffer.from(dl.data as ArrayBuffer).toString()).toBe('zipbytes');
    expect(api.schemaViolations).toEqual([]);
  });

  describe('faults', () => {
    it('retries injected 5xx through plugin-retry and succeeds', async () => {
      api.failNext({ method: 'GET', path: /^\/repos\/acme\/widgets$/, status: 502, times: 2 });
      const { data } = await kit.rest.repos.get(repo);
      expect(data.name).toBe('widgets');
      expect(api.requests.filter(r => r.fault).map(r => r.status)).toEqual([502, 502]);
    });

    it('answers a secondary rate limit the way plugin-throttling recognizes it', async () => {
      api.failNext({ method: 'POST', path: /\/issues$/, status: 'secondary-rate-limit', retryAfter: 1 });
      const seen: number[] = [];
      const k = getOctokit(
        TOKEN,
        {
          baseUrl: api.url,
          throttle: {
            onRateLimit: () => false,
            onSecondaryRateLimit: (after: number) => {
              seen.push(after);
              return true;
            },
            write: instantGroup,
            notifications: instantGroup
          } as never
        },
        retry,
        throttling
      );
      const res = await k.rest.issues.create({ ...repo, title: 't' });
      expect(res.status).toBe(201);
      expect(seen).toEqual([1]);
      expect(api.writesTo('POST', /\/issues$/)).toHaveLength(1);
    });

    it('answers a primary rate limit that plugin-throttling waits out until the reset', async () => {
      api.failNext({ method: 'GET', path: /^\/repos\/acme\/widgets$/, status: 'rate-limit', retryAfter: 1 });
      const waits: number[] = [];
      const k = getOctokit(
        TOKEN,
        {
          baseUrl: api.url,
          throttle: {
            onRateLimit: (after: number) => {
              waits.push(after);
              return true;
            },
            onSecondaryRateLimit: () => false
          }
        },
        retry,
        throttling
      );
      const { data } = await k.rest.repos.get(repo);
      expect(data.name).toBe('widgets');
      expect(waits).toHaveLength(1);
      // The plugin waits until one second after the reset.
      expect(waits[0]).toBeLessThanOrEqual(3);
    });

    it('injects a 422 that plugin-retry does not retry', async () => {
      api.failNext({ method: 'POST', path: /\/pulls$/, status: 422, message: 'Validation Failed' });
      await expect(
        kit.rest.pulls.create({ ...repo, head: 'x', base: 'main', title: 't' })
      ).rejects.toMatchObject({ status: 422 });
      expect(api.requests.filter(r => r.path.endsWith('/pulls'))).toHaveLength(1);
      expect(api.pulls).toHaveLength(0);
    });
  });

  describe('request checks', () => {
    it('answers 422 Invalid request for a body that breaks the operation schema', async () => {
      await expect(
        kit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
          ...repo,
          issue_number: 1,
          body: 42 as unknown as string
        })
      ).rejects.toMatchObject({ status: 422, message: expect.stringContaining('Invalid request') });
      await expect(
        kit.request('POST /repos/{owner}/{repo}/pulls', { ...repo, base: 'main', title: 't' } as never)
      ).rejects.toMatchObject({ status: 422 });
      expect(api.requestViolations).toEqual([
        expect.stringContaining('body.body: expected string, got integer'),
        expect.stringContaining("missing required property 'head'")
      ]);
    });

    it('enforces the 65536-character body and 256-character title limits', async () => {
      api.addIssue({ ...repo, title: 'x' });
      const long = 'x'.repeat(65537);
      await expect(
        kit.rest.issues.createComment({ ...repo, issue_number: 1, body: long })
      ).rejects.toMatchObject({
        status: 422,
        response: {
          data: {
            errors: [
              {
                resource: 'IssueComment',
                field: 'body',
                message: 'body is too long (maximum is 65536 characters)'
              }
            ]
          }
        }
      });
      await expect(
        kit.rest.pulls.create({ ...repo, head: 'b', base: 'main', title: 't'.repeat(257) })
      ).rejects.toMatchObject({ status: 422 });
      await expect(
        kit.rest.issues.createComment({ ...repo, issue_number: 1, body: 'x'.repeat(65536) })
      ).resolves.toMatchObject({ status: 201 });
    });

    it('answers 400 Problems parsing JSON for a malformed body', async () => {
      const res = await fetch(`${api.url}/repos/acme/widgets/issues`, {
        method: 'POST',
        headers: { authorization: `token ${TOKEN}` },
        body: '{nope'
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ message: 'Problems parsing JSON' });
    });
  });

  describe('schema check', () => {
    it('serves only operations of the OpenAPI description, each with a response schema or a redirect', () => {
      const ops = api.operations;
      expect(ops.length).toBeGreaterThanOrEqual(30);
      for (const op of ops) {
        const [method, path] = op.split(' ');
        const ok = [200, 201, 204, 302].some(status => documentsStatus(method, path, status));
        expect([op, ok]).toEqual([op, true]);
      }
    });

    it('catches a response that lacks a required field', () => {
      const good = responseExample('GET', '/repos/{owner}/{repo}/actions/runs/{run_id}', 200) as Record<
        string,
        unknown
      >;
      expect(checkResponse('GET', '/repos/{owner}/{repo}/actions/runs/{run_id}', 200, good)).toEqual([]);
      const bad = { ...good };
      delete bad.head_sha;
      expect(checkResponse('GET', '/repos/{owner}/{repo}/actions/runs/{run_id}', 200, bad)).toEqual([
        expect.stringContaining("missing required property 'head_sha'")
      ]);
      expect(
        checkResponse('GET', '/repos/{owner}/{repo}/actions/runs/{run_id}', 200, {
          ...good,
          run_attempt: 'two'
        })
      ).toEqual([expect.stringContaining('$.run_attempt: expected integer, got string')]);
    });
  });
});
