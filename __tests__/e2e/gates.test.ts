/**
 * The gates (DESIGN.md step 1) and idempotency of the bundled action through the loopback world:
 * a run Nightwatch must not act on leaves no write anywhere; a run it already handled, or a failure
 * that already has an open fix, makes no second branch or pull request.
 * Assertions are on what the servers received, not on log text.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorld, workflowRunEvent, type ActionResult, type World } from '../world/index.js';
import { addSameFailure, seedScenario, PYTHON_IMAGE, type ScenarioOptions } from './scenario.js';

describe('gates and idempotency of the bundled action', () => {
  let world: World;
  let scratch: string;

  beforeEach(async () => {
    world = await startWorld();
    scratch = await mkdtemp(join(tmpdir(), 'nw-e2e-gates-'));
  });
  afterEach(async () => {
    await world.stop();
    await rm(scratch, { recursive: true, force: true });
  });

  /** demo-python failing on `acme/<repo>`, run 5000 + n, with the run fields given. */
  function scenario(repo: string, runId: number, extra: Partial<ScenarioOptions> = {}): ScenarioOptions {
    return {
      owner: 'acme',
      repo,
      demo: 'demo-python',
      runId,
      command: 'python3 -m pytest',
      image: PYTHON_IMAGE,
      ...extra
    };
  }

  async function runOn(
    repo: string,
    runId: number,
    inputs: Record<string, string> = {},
    more: { workspace?: string; ownRunId?: number } = {}
  ): Promise<ActionResult> {
    return world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId }),
      repository: `acme/${repo}`,
      inputs: { image: PYTHON_IMAGE, ...inputs },
      workspace: more.workspace,
      runId: more.ownRunId
    });
  }

  /** stderr without node's DEP0005 warning, which the artifact download's unzip (binary/buffers) prints. */
  function stderrOf(r: ActionResult): string {
    return r.stderr
      .split('\n')
      .filter(l => !/DEP0005|--trace-deprecation/.test(l))
      .join('\n')
      .trim();
  }

  /** Nothing was written: no API write, no push, no artifact, no model call. */
  function expectNoTrace(r: ActionResult): void {
    expect({ exit: r.exitCode, status: r.outputs.status, stderr: r.stderr }).toEqual({
      exit: 0,
      status: 'skipped',
      stderr: ''
    });
    expect(world.api.writes).toEqual([]);
    expect(world.git.pushes).toEqual([]);
    expect(world.results.calls.filter(c => c.method !== 'ListArtifacts')).toEqual([]);
    expect(world.artifacts.artifacts).toEqual([]);
    expect(world.gemini.requests).toEqual([]);
  }

  it("loop guard: a failed run on Nightwatch's own nightwatch/* branch is skipped", async () => {
    await seedScenario(world, scenario('loop', 5001, { run: { headBranch: 'nightwatch/fix-4999' } }));
    const r = await runOn('loop', 5001, { 'gemini-api-key': world.geminiKey });
    expectNoTrace(r);
    expect(r.summary).toMatch(/loop guard/i);
  });

  it('loop guard: a failed run whose head commit carries the Nightwatch-Run trailer is skipped', async () => {
    await seedScenario(
      world,
      scenario('trailer', 5002, {
        run: {
          headBranch: 'main',
          headCommitMessage: 'Fix failing test in run 4998\n\nNameError\n\nNightwatch-Run: 4998'
        }
      })
    );
    const r = await runOn('trailer', 5002);
    expectNoTrace(r);
    expect(r.summary).toMatch(/loop guard/i);
  });

  it("a fork's failed run is skipped (head repository id differs from the repository's)", async () => {
    await seedScenario(
      world,
      scenario('forked', 5003, {
        run: {
          event: 'pull_request',
          headBranch: 'patch-1',
          headRepository: { owner: 'mallory', name: 'forked' }
        }
      })
    );
    const payload = workflowRunEvent({ api: world.api, runId: 5003 });
    const wr = payload.workflow_run as { head_repository: { id: number }; repository: { id: number } };
    expect(wr.head_repository.id).not.toBe(wr.repository.id);
    const r = await runOn('forked', 5003);
    expectNoTrace(r);
    expect(r.summary).toContain('allow-forks');
  });

  it("a fork's failed run proceeds with allow-forks: true", async () => {
    await seedScenario(
      world,
      scenario('forked-ok', 5004, {
        run: {
          event: 'pull_request',
          headBranch: 'patch-1',
          headRepository: { owner: 'mallory', name: 'forked-ok' }
        }
      })
    );
    const r = await runOn('forked-ok', 5004, { 'allow-forks': 'true', mode: 'diagnose' });
    expect({ exit: r.exitCode, status: r.outputs.status }).toEqual({ exit: 0, status: 'diagnosed' });
    expect(r.outputs.fingerprint).toMatch(/^[0-9a-f]{8,}$/);
    expect(JSON.parse(r.outputs.diagnosis).rootCause).toMatch(/totl/);
    // Diagnose mode: it went past the gate, and still wrote nothing to GitHub or git.
    expect(world.api.writes).toEqual([]);
    expect(world.git.pushes).toEqual([]);
  });

  it('a branch excluded by .github/nightwatch.yml in the workspace is skipped; another branch is not', async () => {
    const workspace = join(scratch, 'workspace');
    await mkdir(join(workspace, '.github'), { recursive: true });
    await writeFile(
      join(workspace, '.github', 'nightwatch.yml'),
      'exclude-branches:\n  - release/*\n  - experiment-*\n'
    );
    await seedScenario(world, scenario('excluded', 5005, { run: { headBranch: 'release/2.4' } }));
    const r = await runOn('excluded', 5005, {}, { workspace });
    expectNoTrace(r);
    expect(r.summary).toContain('release/*');

    // The same config does not stop a failure on a branch it does not name.
    await seedScenario(world, scenario('included', 5006, { run: { headBranch: 'feature/x' } }));
    const r2 = await runOn('included', 5006, { mode: 'diagnose' }, { workspace });
    expect({ exit: r2.exitCode, status: r2.outputs.status }).toEqual({ exit: 0, status: 'diagnosed' });
  });

  it.each(['success', 'cancelled'])('a run that concluded %s is skipped', async conclusion => {
    await seedScenario(world, scenario(`concl-${conclusion}`, 5010, { conclusion }));
    const r = await runOn(`concl-${conclusion}`, 5010, { 'gemini-api-key': world.geminiKey });
    expectNoTrace(r);
    expect(r.summary).toContain(conclusion);
  });

  it('the same run handled twice: one branch, one PR; the second time is skipped (state from the artifact)', async () => {
    const seeded = await seedScenario(world, scenario('twice', 5020));
    const first = await runOn('twice', 5020);
    expect({ exit: first.exitCode, status: first.outputs.status, stderr: stderrOf(first) }).toEqual({
      exit: 0,
      status: 'fixed',
      stderr: ''
    });
    expect(world.artifacts.artifacts.filter(a => a.name.startsWith('nightwatch-events-'))).toHaveLength(1);
    const writesAfterFirst = world.api.writes.length;
    const pushesAfterFirst = world.git.pushes.length;

    // A second Nightwatch run (its own run id) for the same failed run and attempt.
    const second = await runOn('twice', 5020, {}, { ownRunId: 1000002 });
    expect({ exit: second.exitCode, status: second.outputs.status, stderr: stderrOf(second) }).toEqual({
      exit: 0,
      status: 'skipped',
      stderr: ''
    });
    expect(second.summary).toMatch(/already handled/);
    expect(world.api.writes).toHaveLength(writesAfterFirst);
    expect(world.git.pushes).toHaveLength(pushesAfterFirst);
    expect(world.api.pulls).toHaveLength(1);
    expect(world.api.issues).toHaveLength(0);
    const branch = world.api.pulls[0].head;
    expect(branch).toMatch(/^nightwatch\/fix-/);
    expect(Object.keys(await world.git.branches('acme', 'twice')).sort()).toEqual(['main', branch]);
    expect((await world.git.branches('acme', 'twice')).main).toBe(seeded.sha);
  });

  it('a new failed run of the same failure while the fix PR is open: a comment on that PR, no second PR', async () => {
    const seeded = await seedScenario(world, scenario('again', 5030));
    const first = await runOn('again', 5030);
    expect({ exit: first.exitCode, status: first.outputs.status }).toEqual({ exit: 0, status: 'fixed' });
    expect(world.api.pulls).toHaveLength(1);
    const pr = world.api.pulls[0];
    const pushesAfterFirst = world.git.pushes.length;

    // CI failed again on the same commit (a re-run with a new id, e.g. a schedule).
    addSameFailure(world, seeded, 5031);
    const second = await runOn('again', 5031, {}, { ownRunId: 1000002 });
    expect({ exit: second.exitCode, status: second.outputs.status, stderr: stderrOf(second) }).toEqual({
      exit: 0,
      status: 'fixed',
      stderr: ''
    });
    expect(second.outputs.fingerprint).toBe(first.outputs.fingerprint);
    expect(second.outputs['pr-url']).toBe(first.outputs['pr-url']);
    expect(second.outputs['pr-number']).toBe(String(pr.number));

    expect(world.api.pulls).toHaveLength(1);
    expect(world.api.writesTo('POST', /\/pulls$/)).toHaveLength(1);
    expect(world.git.pushes).toHaveLength(pushesAfterFirst);
    expect(Object.keys(await world.git.branches('acme', 'again')).sort()).toEqual(['main', pr.head]);
    const comments = world.api.comments.filter(c => c.issueNumber === pr.number);
    expect(comments).toHaveLength(1);
    expect(comments[0].body).toContain('5031');
    expect(comments[0].body).toContain(first.outputs.fingerprint);
    expect(world.api.issues).toHaveLength(0);
  });
});
