/**
 * Memory and steering through the bundled action and the loopback world (issue 15): two heals at
 * once on different branches both end up in the state; a fingerprint ignored through the
 * workflow_dispatch inputs is skipped with a reason that says so; the breaker reset through the
 * inputs is recorded with its actor; the CLI reads the same state with --github.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../world/harness.js';
import { startWorld, workflowDispatchEvent, workflowRunEvent, type World } from '../world/index.js';
import { addSameFailure, seedScenario, PYTHON_IMAGE, type SeededScenario } from './scenario.js';

const exec = promisify(execFile);

describe('state and steering (bundled action)', () => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld();
  });
  afterEach(async () => {
    await world.stop();
  });

  function seed(runId: number, headBranch: string): Promise<SeededScenario> {
    return seedScenario(world, {
      owner: 'acme',
      repo: 'memory',
      demo: 'demo-python',
      runId,
      command: 'python3 -m pytest',
      image: PYTHON_IMAGE,
      run: { headBranch }
    });
  }

  function heal(runId: number, ownRunId: number, inputs: Record<string, string> = {}) {
    return world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId }),
      repository: 'acme/memory',
      runId: ownRunId,
      inputs: { image: PYTHON_IMAGE, mode: 'diagnose', ...inputs }
    });
  }

  function dispatch(ownRunId: number, inputs: Record<string, string>) {
    return world.run({
      eventName: 'workflow_dispatch',
      eventPayload: workflowDispatchEvent({ api: world.api, repository: 'acme/memory', inputs }),
      repository: 'acme/memory',
      runId: ownRunId,
      inputs
    });
  }

  async function cliOnGitHub(args: string[]): Promise<string> {
    const { stdout } = await exec(
      'node',
      [join(REPO_ROOT, 'dist', 'cli.js'), ...args, '--github', 'acme/memory'],
      {
        env: { ...process.env, GITHUB_TOKEN: world.token, GITHUB_API_URL: world.api.url }
      }
    );
    return stdout;
  }

  it('two heals at once on different branches both count; ignore and breaker reset through dispatch inputs', async () => {
    const seeded = await seed(8101, 'main');
    addSameFailure(world, seeded, 8102, { headBranch: 'feature/x' });
    const [a, b] = await Promise.all([heal(8101, 2000001), heal(8102, 2000002)]);
    expect([a.outputs.status, b.outputs.status]).toEqual(['diagnosed', 'diagnosed']);
    const fingerprint = a.outputs.fingerprint;
    expect(fingerprint).toMatch(/^[0-9a-f]{16}$/);

    const metrics = JSON.parse(await cliOnGitHub(['metrics', '--json'])) as { runs: number };
    expect(metrics.runs).toBe(2);

    // Ignore it through the dispatch inputs: the next failure with this fingerprint is skipped, saying why.
    const ig = await dispatch(2000003, {
      command: 'ignore',
      'command-fingerprint': fingerprint,
      reason: 'known upstream bug'
    });
    expect({
      exit: ig.exitCode,
      status: ig.outputs.status,
      errors: ig.annotations.filter(x => x.command === 'error').map(x => x.message)
    }).toEqual({ exit: 0, status: 'skipped', errors: [] });
    addSameFailure(world, seeded, 8103);
    const skipped = await heal(8103, 2000004);
    expect(skipped.outputs.status).toBe('skipped');
    expect(skipped.summary).toMatch(new RegExp(`${fingerprint} is ignored .*known upstream bug`));
    expect(skipped.summary).toContain("'unignore'");

    const reset = await dispatch(2000005, { command: 'breaker-reset' });
    expect(reset.exitCode).toBe(0);
    const audit = JSON.parse(await cliOnGitHub(['audit', '--json'])) as { action: string; actor: string }[];
    const actions = audit.map(e => e.action);
    expect(actions.filter(x => x === 'heal')).toHaveLength(2);
    expect(actions).toEqual(expect.arrayContaining(['ignore', 'breaker-reset']));
    const sender = (workflowDispatchEvent({}).sender as { login: string }).login;
    expect(audit.find(e => e.action === 'breaker-reset')?.actor).toBe(sender);
    const status = JSON.parse(await cliOnGitHub(['status', '--json'])) as {
      ignores: Record<string, unknown>;
    };
    expect(Object.keys(status.ignores)).toEqual([fingerprint]);
  });

  it('a bad command input fails the run with a clear error and saves nothing', async () => {
    await seed(8201, 'main');
    const r = await dispatch(2000010, { command: 'forget-everything', 'command-fingerprint': 'x' });
    expect(r.exitCode).not.toBe(0);
    expect(r.annotations.map(x => x.message).join('\n')).toMatch(/Invalid command 'forget-everything'/);
    expect(world.artifacts.artifacts).toEqual([]);
  });
});
