/**
 * Learning and the breaker through the bundled action and the loopback world (issue 15, points 3-4):
 * a fix PR merged in the world is learned by the next run (the fingerprint's record, the metrics, the
 * audit trail and the determinism score show it); a fix PR closed unmerged counts as a failed fix,
 * and with an escalation of ten minutes before it trips the breaker (2 within an hour), so the next
 * failure is only diagnosed, saying why; the breaker recovers once the cool-down is over (failures
 * planted an hour and more in the past) and follows its settings (breaker-threshold).
 */
import AdmZip from 'adm-zip';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../world/harness.js';
import { NIGHTWATCH_WORKFLOW, startWorld, workflowRunEvent, type World } from '../world/index.js';
import { addSameFailure, errorOf, seedScenario, PYTHON_IMAGE, type SeededScenario } from './scenario.js';

const exec = promisify(execFile);
const MINUTE = 60_000;

describe('learning from fix PRs, and the breaker (bundled action)', () => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld();
  });
  afterEach(async () => {
    await world.stop();
  });

  function seed(repo: string, runId: number): Promise<SeededScenario> {
    return seedScenario(world, {
      owner: 'acme',
      repo,
      demo: 'demo-python',
      runId,
      command: 'python3 -m pytest',
      image: PYTHON_IMAGE
    });
  }

  function heal(repo: string, runId: number, ownRunId: number, inputs: Record<string, string> = {}) {
    return world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId }),
      repository: `acme/${repo}`,
      runId: ownRunId,
      inputs: { image: PYTHON_IMAGE, ...inputs }
    });
  }

  async function cli(repo: string, args: string[]): Promise<unknown> {
    const { stdout } = await exec(
      'node',
      [join(REPO_ROOT, 'dist', 'cli.js'), ...args, '--github', `acme/${repo}`, '--json'],
      { env: { ...process.env, GITHUB_TOKEN: world.token, GITHUB_API_URL: world.api.url } }
    );
    return JSON.parse(stdout);
  }

  /** A state an earlier run of Nightwatch's own workflow saved, with these breaker failure times. */
  function plantState(repo: string, runId: number, failures: Date[]): void {
    world.api.addRun({
      owner: 'acme',
      repo,
      id: runId,
      workflow: NIGHTWATCH_WORKFLOW,
      headSha: 'a'.repeat(40)
    });
    const zip = new AdmZip();
    zip.addFile(
      'state.json',
      Buffer.from(
        JSON.stringify({
          version: 1,
          ledger: [],
          fingerprints: {},
          breaker: { consecutiveFailures: failures.length, failures: failures.map(d => d.toISOString()) },
          reruns: []
        })
      )
    );
    world.api.addArtifact({
      owner: 'acme',
      repo,
      runId,
      name: 'nightwatch-state',
      createdAt: new Date(Date.now() - 60 * MINUTE),
      data: zip.toBuffer()
    });
  }

  const warnings = (r: { annotations: { command: string; message: string }[] }): string =>
    r.annotations
      .filter(a => a.command === 'warning')
      .map(a => a.message)
      .join('\n');

  it('learns that its fix PR was merged: the record, the metrics, the audit trail and the determinism score', async () => {
    const seeded = await seed('learn', 8401);
    const first = await heal('learn', 8401, 3000001);
    expect({ status: first.outputs.status, error: errorOf(first) }).toEqual({
      status: 'fixed',
      error: undefined
    });
    const number = Number(first.outputs['pr-number']);
    const fingerprint = first.outputs.fingerprint;
    const before = (await cli('learn', ['explain', fingerprint])) as Record<string, unknown>;
    expect(before).toMatchObject({ prNumber: number, prState: 'open' });
    expect(before.prsMerged).toBeUndefined();

    world.api.closePull('acme', 'learn', number, { merged: true, by: 'maintainer' });
    addSameFailure(world, seeded, 8402);
    const second = await heal('learn', 8402, 3000002, { mode: 'diagnose' });
    expect(second.outputs.status).toBe('diagnosed');
    // It asked GitHub about the PR, as GitHub's REST API is asked.
    expect(
      world.api.requests.some(q => q.method === 'GET' && q.path === `/repos/acme/learn/pulls/${number}`)
    ).toBe(true);

    const after = (await cli('learn', ['explain', fingerprint])) as Record<string, unknown>;
    expect(after).toMatchObject({ prNumber: number, prState: 'merged', prsMerged: 1, determinism: 1 });
    expect(after.reason).toMatch(/Its fix PR #\d+ was merged: the fix worked/);
    const metrics = (await cli('learn', ['metrics'])) as Record<string, number>;
    expect({ runs: metrics.runs, prsMerged: metrics.prsMerged, prsClosed: metrics.prsClosed }).toEqual({
      runs: 2,
      prsMerged: 1,
      prsClosed: 0
    });
    const audit = (await cli('learn', ['audit', '--action', 'pr-result'])) as Record<string, unknown>[];
    expect(audit).toEqual([
      expect.objectContaining({
        actor: 'nightwatch',
        fingerprint,
        outcome: 'merged',
        detail: expect.stringContaining(`#${number}`)
      })
    ]);
    // A merged fix is no failed fix: the breaker counts nothing.
    const status = (await cli('learn', ['status'])) as { breaker: { open: boolean; failures: number } };
    expect(status.breaker).toMatchObject({ open: false, failures: 0 });
  });

  it('a fix PR closed unmerged trips the breaker (with an escalation 10 minutes before); then only diagnoses, saying why; the threshold setting holds it closed', async () => {
    const seeded = await seed('trip', 8501);
    plantState('trip', 7501, [new Date(Date.now() - 10 * MINUTE)]);
    // One failed fix in the window: below the threshold of 2, so it heals.
    const first = await heal('trip', 8501, 3000011);
    expect({ status: first.outputs.status, error: errorOf(first) }).toEqual({
      status: 'fixed',
      error: undefined
    });
    const number = Number(first.outputs['pr-number']);

    world.api.closePull('acme', 'trip', number, { merged: false });
    addSameFailure(world, seeded, 8502);
    const pushes = world.git.pushes.length;
    const second = await heal('trip', 8502, 3000012);
    expect({ status: second.outputs.status, error: errorOf(second) }).toEqual({
      status: 'diagnosed',
      error: undefined
    });
    expect(warnings(second)).toMatch(
      /Diagnosing only: circuit breaker open until \S+: 2 failed fixes .* within 60 minutes, at or above the threshold of 2/
    );
    // The job summary says why, too (not only the warning annotation).
    expect(second.summary).toMatch(/\| Why only a diagnosis \| Diagnosing only: circuit breaker open until /);
    expect(world.git.pushes.length).toBe(pushes);
    expect(world.api.pulls.filter(p => p.state === 'open')).toEqual([]);
    const status = (await cli('trip', ['status'])) as { breaker: { open: boolean; failures: number } };
    expect(status.breaker).toMatchObject({ open: true, failures: 2 });
    const audit = (await cli('trip', ['audit', '--action', 'pr-result'])) as { outcome: string }[];
    expect(audit.map(a => a.outcome)).toEqual(['closed-unmerged']);

    // The same state under breaker-threshold 3: two failed fixes do not open it, so it heals again.
    addSameFailure(world, seeded, 8503);
    const third = await heal('trip', 8503, 3000013, { 'breaker-threshold': '3' });
    expect({ status: third.outputs.status, error: errorOf(third) }).toEqual({
      status: 'fixed',
      error: undefined
    });
    expect(warnings(third)).not.toMatch(/circuit breaker/);
  });

  it('recovers once the cool-down is over: failures of more than an hour ago no longer stop a fix', async () => {
    await seed('cool', 8601);
    // Tripped 65 minutes ago (two failures within the hour), so closed again 35 minutes ago.
    plantState('cool', 7601, [new Date(Date.now() - 80 * MINUTE), new Date(Date.now() - 65 * MINUTE)]);
    const status = (await cli('cool', ['status'])) as { breaker: { open: boolean; until: string } };
    expect(status.breaker.open).toBe(false);
    expect(Date.parse(status.breaker.until)).toBeLessThan(Date.now());
    const r = await heal('cool', 8601, 3000021);
    expect({ status: r.outputs.status, error: errorOf(r) }).toEqual({ status: 'fixed', error: undefined });
    expect(warnings(r)).not.toMatch(/circuit breaker/);

    // The same planted failures under a 90-minute cool-down: still open, so only a diagnosis.
    await seed('warm', 8701);
    plantState('warm', 7701, [new Date(Date.now() - 80 * MINUTE), new Date(Date.now() - 65 * MINUTE)]);
    const warm = await heal('warm', 8701, 3000031, { 'breaker-cooldown-minutes': '90' });
    expect(warm.outputs.status).toBe('diagnosed');
    expect(warnings(warm)).toMatch(/circuit breaker open until/);
    expect(world.api.pulls.filter(p => p.repo === 'warm')).toEqual([]);
  });
});
