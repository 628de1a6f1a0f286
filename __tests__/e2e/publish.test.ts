/**
 * Issue-5 paths of the bundled action through the world: the propose/publish split (and a tampered
 * proposal), the single re-run of an infra failure, CI dispatch on the fix branch, Slack.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeRunLogZip, startWorld, workflowRunEvent, type World } from '../world/index.js';
import { PYTHON_IMAGE, seedFailingRun, seedScenario, errorOf, tamperProposal } from './scenario.js';

describe('delivery paths of the bundled action', () => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld();
  });
  afterEach(async () => {
    await world.stop();
  });

  it('propose writes nothing to GitHub; publish, in a later job of the same run, delivers the verified fix', async () => {
    await seedFailingRun(world, {
      owner: 'acme',
      repo: 'split',
      demo: 'demo-python',
      runId: 5101,
      command: 'python3 -m pytest',
      image: PYTHON_IMAGE
    });
    const event = workflowRunEvent({ api: world.api, runId: 5101 });
    const proposed = await world.run({
      eventName: 'workflow_run',
      eventPayload: event,
      repository: 'acme/split',
      inputs: { image: PYTHON_IMAGE, phase: 'propose' }
    });
    expect({ status: proposed.outputs.status, error: errorOf(proposed) }).toEqual({
      status: 'proposed',
      error: undefined
    });
    expect(world.api.writes).toEqual([]);
    expect(world.git.pushes).toEqual([]);
    const patch = world.artifacts.artifacts.find(a => a.name === 'nightwatch-patch');
    expect(patch?.runId).toBe(1000001);

    const published = await world.run({
      eventName: 'workflow_run',
      eventPayload: event,
      repository: 'acme/split',
      inputs: { phase: 'publish' }
    });
    expect({ status: published.outputs.status, error: errorOf(published) }).toEqual({
      status: 'fixed',
      error: undefined
    });
    expect(world.api.pulls).toHaveLength(1);
    const pr = world.api.pulls[0];
    expect(pr.head).toBe(`nightwatch/fix-${published.outputs.fingerprint.slice(0, 16)}`);
    expect(pr.body).toContain('+        return round_money(total)');
    expect(world.git.pushes).toHaveLength(1);
  });

  it('publish refuses a tampered proposal that edits a workflow, and escalates instead', async () => {
    await seedFailingRun(world, {
      owner: 'acme',
      repo: 'tamper',
      demo: 'demo-python',
      runId: 5202,
      command: 'python3 -m pytest',
      image: PYTHON_IMAGE
    });
    const event = workflowRunEvent({ api: world.api, runId: 5202 });
    const proposed = await world.run({
      eventName: 'workflow_run',
      eventPayload: event,
      repository: 'acme/tamper',
      inputs: { image: PYTHON_IMAGE, phase: 'propose' }
    });
    expect(proposed.outputs.status).toBe('proposed');

    // Whatever ran in the propose job could have rewritten its artifact: add an edit to a workflow.
    tamperProposal(world, edits =>
      edits.push({ file: '.github/workflows/ci.yml', search: '', replace: 'on: push\njobs: {}\n' })
    );

    const published = await world.run({
      eventName: 'workflow_run',
      eventPayload: event,
      repository: 'acme/tamper',
      inputs: { phase: 'publish' }
    });
    expect({ status: published.outputs.status, error: errorOf(published) }).toEqual({
      status: 'escalated',
      error: undefined
    });
    expect(world.git.pushes).toEqual([]);
    expect(world.api.pulls).toEqual([]);
    expect(world.api.issues).toHaveLength(1);
    expect(world.api.issues[0].body).toContain('.github/workflows/ci.yml');
    expect(published.summary).toMatch(/refus/i);
  });

  it('re-runs the failed jobs of an infra failure once, and only once per run', async () => {
    await seedFailingRun(world, {
      owner: 'acme',
      repo: 'flaky',
      demo: 'demo-python',
      runId: 5303,
      command: 'npm ci',
      image: PYTHON_IMAGE
    });
    const jobs = [
      {
        name: 'test',
        steps: [
          { name: 'Run actions/checkout@v4', uses: true, lines: ['Syncing repository: acme/flaky'] },
          {
            name: 'Run npm ci',
            conclusion: 'failure' as const,
            lines: [
              'npm error code ETIMEDOUT',
              'npm error syscall connect',
              'npm error errno ETIMEDOUT',
              'npm error network request to https://registry.npmjs.org/left-pad failed, reason: connect ETIMEDOUT 104.16.3.35:443',
              'npm error network This is a problem related to network connectivity.',
              'npm error network In most cases you are behind a proxy or have bad network settings.'
            ]
          }
        ]
      }
    ];
    world.api.setRunLogs(5303, makeRunLogZip(jobs));
    const first = await world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId: 5303 }),
      repository: 'acme/flaky'
    });
    expect({ status: first.outputs.status, error: errorOf(first) }).toEqual({
      status: 'rerun',
      error: undefined
    });
    expect(world.api.reruns).toEqual([5303]);
    expect(world.git.pushes).toEqual([]);

    // The re-run (attempt 2) fails the same way: no second re-run, a diagnosis instead.
    const run = world.api.runs.find(r => r.id === 5303)!;
    run.status = 'completed';
    run.conclusion = 'failure';
    world.api.setRunLogs(5303, makeRunLogZip(jobs));
    const second = await world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId: 5303 }),
      repository: 'acme/flaky'
    });
    expect({ status: second.outputs.status, error: errorOf(second) }).toEqual({
      status: 'diagnosed',
      error: undefined
    });
    expect(world.api.reruns).toEqual([5303]);
  });

  it('dispatches CI on the fix branch when the workflow accepts workflow_dispatch, says so in the PR, and tells Slack', async () => {
    const messages: unknown[] = [];
    const slack = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        messages.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        res.end('ok');
      });
    });
    await new Promise<void>(resolve => slack.listen(0, '127.0.0.1', resolve));
    try {
      world.api.addRepo({ owner: 'acme', name: 'ci' });
      world.api.addWorkflow({
        owner: 'acme',
        repo: 'ci',
        path: '.github/workflows/ci.yml',
        name: 'CI',
        dispatchable: true
      });
      // A CI that does not run on pull_request (the fix PR's own run, approved, would otherwise be its CI).
      await seedScenario(world, {
        owner: 'acme',
        repo: 'ci',
        demo: 'demo-python',
        runId: 5404,
        command: 'python3 -m pytest',
        image: PYTHON_IMAGE,
        files: {
          '.github/workflows/ci.yml':
            'name: CI\non:\n  push:\n  workflow_dispatch:\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n      - run: python -m pytest\n'
        }
      });
      const url = `http://127.0.0.1:${(slack.address() as AddressInfo).port}/services/T000/B000/XXXX`;
      const r = await world.run({
        eventName: 'workflow_run',
        eventPayload: workflowRunEvent({ api: world.api, runId: 5404 }),
        repository: 'acme/ci',
        inputs: { image: PYTHON_IMAGE, 'slack-webhook-url': url }
      });
      expect({ status: r.outputs.status, error: errorOf(r) }).toEqual({ status: 'fixed', error: undefined });
      const branch = `nightwatch/fix-${r.outputs.fingerprint.slice(0, 16)}`;
      expect(world.api.dispatches.map(d => d.ref)).toEqual([branch]);
      expect(world.api.pulls[0].body).toMatch(
        /dispatched `\.github\/workflows\/ci\.yml` on `nightwatch\/fix-/
      );
      expect(messages).toEqual([{ text: expect.stringContaining(r.outputs['pr-url']) }]);
      // The webhook URL is a credential: only the runner's mask registration may show it.
      const shown = r.stdout.split('\n').filter(l => !l.startsWith('::add-mask::'));
      expect(shown.join('\n')).not.toContain('/services/T000/B000/XXXX');
    } finally {
      await new Promise<void>(resolve => slack.close(() => resolve()));
    }
  });
});
