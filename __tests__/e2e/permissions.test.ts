/**
 * GitHub's rules on the bundled action: a write the token's permissions lack is a warning naming the
 * permission (never an error); re-runs past GitHub's limits are refused with the reason; a fix PR
 * whose workflow runs on pull_request gets no dispatch on top (CI would run twice).
 */
import { makeRunLogZip, startWorld, workflowRunEvent, type World } from '../world/index.js';
import { errorOf, PYTHON_IMAGE, seedFailingRun, seedScenario } from './scenario.js';

const INFRA_LOG = [
  {
    name: 'test',
    steps: [
      { name: 'Run actions/checkout@v4', uses: true, lines: ['Syncing repository'] },
      {
        name: 'Run npm ci',
        conclusion: 'failure' as const,
        lines: [
          'npm error code ETIMEDOUT',
          'npm error network request to https://registry.npmjs.org/left-pad failed, reason: connect ETIMEDOUT 104.16.3.35:443',
          'npm error network This is a problem related to network connectivity.'
        ]
      }
    ]
  }
];

function warnings(r: { annotations: { command: string; message: string }[] }): string {
  return r.annotations
    .filter(a => a.command === 'warning')
    .map(a => a.message)
    .join('\n');
}

describe("GitHub's rules", () => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld();
  });
  afterEach(async () => {
    await world.stop();
  });

  it('fix mode without contents: write: git refuses the push, Nightwatch escalates naming the permission', async () => {
    await seedFailingRun(world, {
      owner: 'acme',
      repo: 'noperm',
      demo: 'demo-python',
      runId: 8101,
      command: 'python3 -m pytest',
      image: PYTHON_IMAGE
    });
    const r = await world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId: 8101 }),
      repository: 'acme/noperm',
      inputs: { image: PYTHON_IMAGE },
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
    expect(world.api.pulls).toEqual([]);
    expect(warnings(r)).toMatch(/may not push the fix branch: grant `contents: write`/);
    expect(world.api.issues[0].body).toContain('contents: write');
  });

  it('a re-run past 30 days is refused by GitHub and said; the infra failure is diagnosed, not patched', async () => {
    await seedFailingRun(world, {
      owner: 'acme',
      repo: 'old',
      demo: 'demo-python',
      runId: 8201,
      command: 'npm ci',
      image: PYTHON_IMAGE
    });
    world.api.setRunLogs(8201, makeRunLogZip(INFRA_LOG));
    world.api.runs.find(r => r.id === 8201)!.createdAt = new Date(Date.now() - 31 * 86400_000).toISOString();
    const r = await world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId: 8201 }),
      repository: 'acme/old'
    });
    expect({ status: r.outputs.status, error: errorOf(r) }).toEqual({
      status: 'diagnosed',
      error: undefined
    });
    expect(world.api.reruns).toEqual([]);
    expect(warnings(r)).toMatch(/only within 30 days/);
    expect(world.git.pushes).toEqual([]);
  });

  it('a run already re-run 50 times is not re-run again, and the reason is said', async () => {
    await seedFailingRun(world, {
      owner: 'acme',
      repo: 'many',
      demo: 'demo-python',
      runId: 8301,
      command: 'npm ci',
      image: PYTHON_IMAGE
    });
    world.api.setRunLogs(8301, makeRunLogZip(INFRA_LOG), 51);
    world.api.runs.find(r => r.id === 8301)!.runAttempt = 51;
    const r = await world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId: 8301 }),
      repository: 'acme/many'
    });
    expect({ status: r.outputs.status, error: errorOf(r) }).toEqual({
      status: 'diagnosed',
      error: undefined
    });
    expect(world.api.writesTo('POST', /rerun-failed-jobs$/)).toEqual([]);
    expect(warnings(r)).toMatch(/at most 50 re-runs/);
  });

  it('a re-run of a disabled workflow is refused by GitHub and said', async () => {
    await seedFailingRun(world, {
      owner: 'acme',
      repo: 'off',
      demo: 'demo-python',
      runId: 8401,
      command: 'npm ci',
      image: PYTHON_IMAGE
    });
    world.api.setRunLogs(8401, makeRunLogZip(INFRA_LOG));
    const run = world.api.runs.find(r => r.id === 8401)!;
    world.api.workflows.find(w => w.id === run.workflowId)!.state = 'disabled_manually';
    const r = await world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId: 8401 }),
      repository: 'acme/off'
    });
    expect({ status: r.outputs.status, error: errorOf(r) }).toEqual({
      status: 'diagnosed',
      error: undefined
    });
    expect(warnings(r)).toMatch(/workflow disabled/);
  });

  it('no dispatch when the failed workflow runs on pull_request: the PR says to approve its run', async () => {
    world.api.addRepo({ owner: 'acme', name: 'prci' });
    world.api.addWorkflow({
      owner: 'acme',
      repo: 'prci',
      path: '.github/workflows/ci.yml',
      name: 'CI',
      dispatchable: true
    });
    await seedScenario(world, {
      owner: 'acme',
      repo: 'prci',
      demo: 'demo-python',
      runId: 8501,
      command: 'python3 -m pytest',
      image: PYTHON_IMAGE,
      files: {
        '.github/workflows/ci.yml':
          'name: CI\non:\n  push:\n  pull_request:\n  workflow_dispatch:\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: python3 -m pytest\n'
      }
    });
    const r = await world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId: 8501 }),
      repository: 'acme/prci',
      inputs: { image: PYTHON_IMAGE }
    });
    expect({ status: r.outputs.status, error: errorOf(r) }).toEqual({ status: 'fixed', error: undefined });
    expect(world.api.dispatches).toEqual([]);
    expect(world.api.pulls[0].body).toMatch(/Approve workflows to run/);
  });
});
