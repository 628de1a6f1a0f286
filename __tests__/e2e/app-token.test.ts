/**
 * The `app-token` input end to end: the bundled action (dist/index.js) with a job token and a GitHub
 * App installation token, against a world whose API and git remote accept both and record which one
 * made each request and push. Writes (push, PR, comment, label) must go through the app token, reads
 * (the run, its jobs and logs) through the job token, and neither may be printed.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorld, workflowRunEvent, type ActionResult, type World } from '../world/index.js';
import type { RecordedRequest } from '../world/github-api.js';
import { errorOf, everythingVisible, runInDocker, seedScenario, PYTHON_IMAGE } from './scenario.js';

/** A token of the shape GitHub mints (`ghs_` + 36), so masking is tested on a realistic value. */
function ghsToken(fill: string): string {
  return `ghs_${randomBytes(27)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, fill)
    .slice(0, 36)}`;
}

/** `METHOD /route` of a recorded request, e.g. `POST /repos/{owner}/{repo}/pulls`. */
function op(r: RecordedRequest): string {
  return `${r.method} ${r.route ?? r.path}`;
}

describe('the app-token input through the world', () => {
  let world: World;
  let scratch: string;
  let jobToken: string;
  let appToken: string;

  beforeEach(async () => {
    jobToken = ghsToken('j');
    appToken = ghsToken('a');
    world = await startWorld({ token: jobToken, appToken });
    scratch = await mkdtemp(join(tmpdir(), 'nw-e2e-app-'));
  });
  afterEach(async () => {
    await world.stop();
    await rm(scratch, { recursive: true, force: true });
  });

  async function healDemoPython(repo: string, runId: number): Promise<{ sha: string; r: ActionResult }> {
    const seeded = await seedScenario(world, {
      owner: 'acme',
      repo,
      demo: 'demo-python',
      runId,
      command: 'python3 -m pytest',
      image: PYTHON_IMAGE
    });
    const r = await world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId }),
      repository: `acme/${repo}`,
      inputs: { image: PYTHON_IMAGE, 'app-token': appToken }
    });
    return { sha: seeded.sha, r };
  }

  it('pushes the fix and opens the PR with the app token, reads the run and its logs with the job token, prints neither', async () => {
    const { sha, r } = await healDemoPython('shop', 4301);
    expect({ exit: r.exitCode, status: r.outputs.status, error: errorOf(r) }).toEqual({
      exit: 0,
      status: 'fixed',
      error: undefined
    });

    // The PR exists, from the fix branch into the failing branch, and carries the fix.
    const branch = `nightwatch/fix-${r.outputs.fingerprint.slice(0, 16)}`;
    expect(world.api.pulls).toHaveLength(1);
    const pr = world.api.pulls[0];
    expect({ head: pr.head, base: pr.base, state: pr.state }).toEqual({
      head: branch,
      base: 'main',
      state: 'open'
    });
    expect(r.outputs['pr-number']).toBe(String(pr.number));
    expect(pr.body ?? '').toContain('+        return round_money(total)');
    expect(pr.body ?? '').toContain('pushed with the `app-token`');
    expect(pr.labels).toContain('nightwatch');
    expect(await world.git.changedFiles('acme', 'shop', sha, branch)).toEqual(['invoice/cart.py']);
    const fixed = join(scratch, 'fixed');
    await world.git.clone('acme', 'shop', branch, fixed);
    expect((await runInDocker(fixed, PYTHON_IMAGE, 'python3 -m pytest -q')).exitCode).toBe(0);

    // The branch was pushed with the app token, and only that branch; main is untouched.
    expect(world.git.pushes.map(p => ({ ref: p.ref, by: p.by }))).toEqual([
      { ref: `refs/heads/${branch}`, by: 'app' }
    ]);
    expect((await world.git.branches('acme', 'shop')).main).toBe(sha);
    // The failing commit was fetched with the job token (a read); everything of the push (the ls-remote
    // that looks for an existing fix branch, then the push itself) with the app token.
    const phases = world.git.requests
      .map(g => `${g.service ?? '-'} ${g.by ?? '-'} ${g.status}`)
      .filter((x, i, all) => x !== all[i - 1]);
    expect(phases).toEqual([
      'git-upload-pack job 200',
      'git-upload-pack app 200',
      'git-receive-pack app 200'
    ]);

    // Every write to GitHub (PR, label, comment) was made with the app token.
    const writes = world.api.writes.map(w => `${op(w)} ${w.by ?? '-'}`);
    expect(writes).toContain('POST /repos/{owner}/{repo}/pulls app');
    expect(writes).toContainEqual(
      expect.stringMatching(/^POST \/repos\/\{owner\}\/\{repo\}\/issues\/\{issue_number\}\/labels app$/)
    );
    expect(world.api.writes.filter(w => w.by !== 'app').map(op)).toEqual([]);
    // The link back to the failing commit (the run has no PR) was written with the app token too.
    expect(world.api.commitComments).toHaveLength(1);
    expect(world.api.writesTo('POST', /\/commits\/[0-9a-f]+\/comments$/).map(w => w.by)).toEqual(['app']);
    // No workflow_dispatch: a push made with the app token starts CI by itself.
    expect(world.api.dispatches).toEqual([]);

    // Exactly the delivery went through the app token: the PR lookup and creation, its label, and the
    // link back on the failing commit (the SafeOutputs' own reads before a write included).
    expect(world.api.requestsBy('app').map(op).sort()).toEqual(
      [
        'GET /repos/{owner}/{repo}/pulls',
        'POST /repos/{owner}/{repo}/pulls',
        'POST /repos/{owner}/{repo}/issues/{issue_number}/labels',
        'GET /repos/{owner}/{repo}/commits/{commit_sha}/comments',
        'POST /repos/{owner}/{repo}/commits/{commit_sha}/comments'
      ].sort()
    );
    // Everything else was a read with the job token: the state, the run's jobs and log archive, the
    // last green run (baseline), the open-PR checks and the repository (its clone URL).
    const jobOps = world.api.requestsBy('job');
    expect(jobOps.filter(q => q.method !== 'GET').map(op)).toEqual([]);
    expect(new Set(jobOps.map(op))).toEqual(
      new Set([
        'GET /repos/{owner}/{repo}/actions/artifacts',
        'GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs',
        'GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/logs',
        'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs',
        'GET /repos/{owner}/{repo}/pulls',
        'GET /repos/{owner}/{repo}'
      ])
    );
    // The state went where it always goes: an artifact of Nightwatch's own run (runtime token).
    expect(
      world.artifacts.artifacts.some(a => a.name.startsWith('nightwatch-events-') && a.runId === 1000001)
    ).toBe(true);
    // Nothing was refused: every request carried a token the world knows, and none was answered 401.
    expect(world.api.requests.filter(q => q.status === 401).map(op)).toEqual([]);
    expect(world.api.requests.filter(q => q.by === undefined).map(op)).toEqual([]);

    // Both tokens are masked, and neither appears in what the action printed or wrote.
    expect(r.masks).toEqual(expect.arrayContaining([jobToken, appToken]));
    const visible = everythingVisible(world, r);
    expect(visible).not.toContain(jobToken);
    expect(visible).not.toContain(appToken);
    expect(
      r.stdout
        .split('\n')
        .filter(l => !l.startsWith('::add-mask::'))
        .join('\n')
    ).not.toMatch(new RegExp(`${jobToken}|${appToken}`));
    expect(r.stderr).not.toMatch(new RegExp(`${jobToken}|${appToken}`));
  });

  // src/pipeline.ts now lists the app token among the secrets it redacts (it listed only the job
  // token and the Gemini key); until dist/ is rebuilt from it, this test is expected to fail.
  it('an app token the failing log printed is redacted from the PR, even when it is not of the ghs_ shape', async () => {
    // The installation-token format GitHub used before ghs_ (still met on older GHES): the ghs_
    // pattern does not catch it, only the list of the job's own secrets does.
    await world.stop();
    appToken = `v1.${randomBytes(20).toString('hex')}`;
    world = await startWorld({ token: jobToken, appToken });
    await seedScenario(world, {
      owner: 'acme',
      repo: 'leak',
      demo: 'demo-python',
      runId: 4306,
      command: 'python3 -m pytest',
      image: PYTHON_IMAGE,
      // Inside the failure section, so triage quotes it in the PR body.
      insertLogLines: { after: /^E\s+NameError/, lines: [`E        DEBUG installation token ${appToken}`] }
    });
    const r = await world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId: 4306 }),
      repository: 'acme/leak',
      inputs: { image: PYTHON_IMAGE, 'app-token': appToken }
    });
    expect(r.outputs.status).toBe('fixed');
    expect(world.api.pulls).toHaveLength(1);
    // The line reached the PR body (so the check is not vacuous), with the token blanked out.
    expect(world.api.pulls[0].body).toContain('DEBUG installation token');
    expect(everythingVisible(world, r)).not.toContain(appToken);
  });

  /** The failing run's reads (run, jobs, log archive) and who made them. */
  function readersOfTheRun(): Record<string, string[]> {
    const by = (route: RegExp): string[] => [
      ...new Set(
        world.api.requests
          .filter(q => q.method === 'GET' && route.test(q.route ?? ''))
          .map(q => `${q.by ?? '-'} ${q.status}`)
      )
    ];
    return {
      jobs: by(/\/actions\/runs\/\{run_id\}(\/attempts\/\{attempt_number\})?\/jobs$/),
      logs: by(/\/actions\/runs\/\{run_id\}(\/attempts\/\{attempt_number\})?\/logs$/)
    };
  }

  describe('a revoked app token (GitHub answers 401 Bad credentials to it, the job token still works)', () => {
    it('fails with status error before anything is written: no push, no branch, no PR, no issue', async () => {
      world.revokeToken(appToken);
      const { sha, r } = await healDemoPython('revoked', 4302);
      expect({ exit: r.exitCode, status: r.outputs.status }).toEqual({ exit: 1, status: 'error' });
      expect(errorOf(r)).toBeDefined();
      // The heal itself ran on the job token: the run's jobs and logs were read.
      expect(readersOfTheRun()).toEqual({ jobs: ['job 200'], logs: ['job 302'] });
      // The first use of the app token (looking for the fix branch before the push) was refused...
      expect(
        world.git.requests.filter(g => g.by === 'app').map(g => `${g.method} ${g.service} ${g.status}`)
      ).toEqual(['GET git-upload-pack 401']);
      // ...and nothing was half-made: no push, only main on the remote, no write to the API at all.
      expect(world.git.pushes).toEqual([]);
      expect(await world.git.branches('acme', 'revoked')).toEqual({ main: sha });
      expect(world.api.writes).toEqual([]);
      expect(world.api.pulls).toEqual([]);
      expect(world.api.issues).toEqual([]);
      // The job token was never used for a write in the app token's place.
      expect(world.git.requests.filter(g => g.service === 'git-receive-pack')).toEqual([]);
      const visible = everythingVisible(world, r);
      expect(visible).not.toContain(jobToken);
      expect(visible).not.toContain(appToken);
    });

    // git's own words ("could not read Username ...: terminal prompts disabled") name neither the
    // input nor the refusal: the error must.
    it('says that the app-token was refused (expired or revoked), naming the input', async () => {
      world.revokeToken(appToken);
      const { r } = await healDemoPython('revoked-msg', 4303);
      expect(r.outputs.status).toBe('error');
      expect(errorOf(r)).toMatch(/app-token/);
      expect(errorOf(r)).toMatch(/refused|rejected|revoked|expired|401|authentication/i);
    });

    // A delivery that throws must lose nothing: the verified fix stays in the summary, the run in the state.
    it('keeps the verified fix: the job summary still shows the diagnosis and the patch', async () => {
      world.revokeToken(appToken);
      const { r } = await healDemoPython('revoked-summary', 4304);
      expect(r.outputs.status).toBe('error');
      expect(r.summary).toContain("name 'totl' is not defined");
      expect(r.summary).toContain('+        return round_money(total)');
      expect(r.summary).toContain('The verified fix (not delivered)');
      // The run is recorded in the state (an artifact of Nightwatch's own run), as an error.
      expect(world.artifacts.artifacts.some(a => a.name.startsWith('nightwatch-events-'))).toBe(true);
    });

    it('revoked between the push and the PR: the pushed branch is removed again and the error names the PR', async () => {
      // The git remote still takes the token, the API no longer does (an installation token that
      // expired during the heal, or the app uninstalled meanwhile).
      world.api.revokeToken(appToken);
      const { sha, r } = await healDemoPython('expired', 4305);
      expect({ exit: r.exitCode, status: r.outputs.status }).toEqual({ exit: 1, status: 'error' });
      expect(errorOf(r)).toMatch(/pull request/i);
      expect(errorOf(r)).toMatch(/Bad credentials/);
      expect(errorOf(r)).toMatch(/the branch was removed again/);
      const branch = `nightwatch/fix-${(r.outputs.fingerprint ?? '').slice(0, 16)}`;
      // Pushed, then deleted, both with the app token; main untouched; no PR, issue or comment.
      expect(world.git.pushes.map(p => ({ ref: p.ref, deleted: /^0+$/.test(p.after), by: p.by }))).toEqual([
        {
          ref: expect.stringMatching(/^refs\/heads\/nightwatch\/fix-[0-9a-f]{16}$/),
          deleted: false,
          by: 'app'
        },
        {
          ref: expect.stringMatching(/^refs\/heads\/nightwatch\/fix-[0-9a-f]{16}$/),
          deleted: true,
          by: 'app'
        }
      ]);
      expect(await world.git.branches('acme', 'expired')).toEqual({ main: sha });
      expect(branch).toMatch(/^nightwatch\/fix-/);
      expect(world.api.requestsBy('app').every(q => q.status === 401)).toBe(true);
      expect(world.api.requestsBy('app').length).toBeGreaterThan(0);
      expect(world.api.writes).toEqual([]);
      expect(world.api.pulls).toEqual([]);
      expect(world.api.issues).toEqual([]);
      const visible = everythingVisible(world, r);
      expect(visible).not.toContain(jobToken);
      expect(visible).not.toContain(appToken);
    });
  });
});
