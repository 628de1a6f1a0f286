/**
 * A planted state (issue 8, point 5) through the bundled action: a fork's pull request, or any other
 * workflow of the repository, can upload an artifact named `nightwatch-state` that opens the breaker
 * until 2099 and marks the failed run handled. Only the state Nightwatch's own workflow wrote in this
 * repository is loaded; the planted ones are ignored with a warning naming their run.
 */
import AdmZip from 'adm-zip';
import { NIGHTWATCH_WORKFLOW, startWorld, workflowRunEvent, type World } from '../world/index.js';
import { seedScenario, PYTHON_IMAGE } from './scenario.js';

function stateZip(state: unknown): Buffer {
  const zip = new AdmZip();
  zip.addFile('state.json', Buffer.from(JSON.stringify(state), 'utf8'));
  return zip.toBuffer();
}

function metrics(runs: number): Record<string, number> {
  return {
    runs,
    fixed: 0,
    escalated: 0,
    skipped: 0,
    errors: 0,
    attempts: 0,
    modelCalls: 0,
    promptTokens: 0,
    outputTokens: 0,
    estimatedCostUsd: 0
  };
}

describe('a planted state artifact (bundled action)', () => {
  let world: World;

  beforeEach(async () => {
    world = await startWorld();
  });
  afterEach(async () => {
    await world.stop();
  });

  it("ignores a fork's and another workflow's state (breaker open until 2099, run marked handled) and loads the genuine one", async () => {
    const seeded = await seedScenario(world, {
      owner: 'acme',
      repo: 'hostile',
      demo: 'demo-python',
      runId: 5101,
      command: 'python3 -m pytest',
      image: PYTHON_IMAGE
    });
    const day = (d: number): Date => new Date(Date.UTC(2026, 0, d));
    // The genuine state: an earlier run of Nightwatch's own workflow in this repository.
    world.api.addRun({
      owner: 'acme',
      repo: 'hostile',
      id: 7000,
      workflow: NIGHTWATCH_WORKFLOW,
      headSha: seeded.sha
    });
    world.api.addArtifact({
      owner: 'acme',
      repo: 'hostile',
      runId: 7000,
      name: 'nightwatch-state',
      createdAt: day(1),
      data: stateZip({
        version: 1,
        ledger: [
          {
            runId: 42,
            runAttempt: 1,
            fingerprint: 'genuine42',
            status: 'escalated',
            at: '2026-01-01T00:00:00Z'
          }
        ],
        fingerprints: {},
        breaker: { consecutiveFailures: 0 },
        metrics: metrics(41),
        reruns: []
      })
    });
    const planted = stateZip({
      version: 1,
      ledger: [
        { runId: 5101, runAttempt: 1, fingerprint: 'planted', status: 'fixed', at: '2026-01-02T00:00:00Z' }
      ],
      fingerprints: {},
      breaker: { consecutiveFailures: 99, openUntil: '2099-01-01T00:00:00Z' },
      metrics: metrics(0),
      reruns: []
    });
    // A fork's pull request that edited nightwatch.yml to upload its own state: same workflow file.
    world.api.addRun({
      owner: 'acme',
      repo: 'hostile',
      id: 7001,
      workflow: NIGHTWATCH_WORKFLOW,
      event: 'pull_request',
      headSha: 'f'.repeat(40),
      headBranch: 'patch-1',
      headRepository: { owner: 'mallory', name: 'hostile' }
    });
    world.api.addArtifact({
      owner: 'acme',
      repo: 'hostile',
      runId: 7001,
      name: 'nightwatch-state',
      createdAt: day(2),
      data: planted
    });
    // Another workflow of the repository (anyone who can add one, or a compromised action in CI).
    world.api.addRun({
      owner: 'acme',
      repo: 'hostile',
      id: 7002,
      workflow: '.github/workflows/ci.yml',
      headSha: seeded.sha
    });
    world.api.addArtifact({
      owner: 'acme',
      repo: 'hostile',
      runId: 7002,
      name: 'nightwatch-state',
      createdAt: day(3),
      data: planted
    });

    const r = await world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId: 5101 }),
      repository: 'acme/hostile',
      inputs: { image: PYTHON_IMAGE }
    });
    // The heal happened: neither the breaker nor the planted ledger entry stopped it.
    expect({ exit: r.exitCode, status: r.outputs.status }).toEqual({ exit: 0, status: 'fixed' });
    expect(world.api.pulls).toHaveLength(1);
    const warnings = r.annotations.filter(a => a.command === 'warning').map(a => a.message);
    expect(warnings.filter(w => /Ignoring state artifact \d+ of run 7001: .*fork/.test(w))).toHaveLength(1);
    expect(
      warnings.filter(w => /Ignoring state artifact \d+ of run 7002: .*\.github\/workflows\/ci\.yml/.test(w))
    ).toHaveLength(1);
    expect(warnings.join('\n')).not.toMatch(/run 7000/);

    // The state it saved continues the genuine one, and carries nothing of the planted ones.
    // Each run saves its own events and snapshot as nightwatch-events-<run>-<attempt>.
    const saved = world.artifacts.artifacts.filter(
      a => a.name === 'nightwatch-events-1000001-1' && a.runId === 1000001
    );
    expect(saved).toHaveLength(1);
    const state = JSON.parse(
      new AdmZip(saved[0].data).getEntry('state.json')!.getData().toString('utf8')
    ) as {
      ledger: { runId: number; fingerprint: string }[];
      breaker: { openUntil?: string };
      metrics: { runs: number };
    };
    expect(state.metrics.runs).toBe(42);
    // The genuine ledger entry of 2026-01-01 is past the 30 days of retention; its totals stay.
    expect(state.ledger.map(e => e.runId)).toEqual([5101]);
    expect(state.ledger.some(e => e.fingerprint === 'planted')).toBe(false);
    expect(state.breaker.openUntil).toBeUndefined();
    expect(Object.keys((state as unknown as { folded: object }).folded)).toEqual([
      'nightwatch-events-1000001-1'
    ]);
  });
});
