/**
 * Every example workflow in examples/workflows, end to end through the bundled action, with the
 * permissions that workflow grants (job level over top level, as GitHub decides) and the inputs of
 * its Nightwatch step; each asserts the outcome the example promises. A checkout step in the
 * example is a checkout of the default branch in the workspace (where `.github/nightwatch.yml` is read).
 */
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { startWorld, workflowPermissions, workflowRunEvent, type World } from '../world/index.js';
import { REPO_ROOT } from '../world/harness.js';
import { errorOf, PYTHON_IMAGE, seedScenario } from './scenario.js';

const WORKFLOWS = join(REPO_ROOT, 'examples', 'workflows');
/** What the repository's own `.github/nightwatch.yml` says: the offline test image. */
const CONFIG = `image: ${PYTHON_IMAGE}\n`;

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}

/** The inputs of the job's Nightwatch step (expressions resolved as the runner would), and whether it checks out. */
function exampleJob(file: string, job: string): { inputs: Record<string, string>; checkout: boolean } {
  const doc = parseYaml(readFileSync(join(WORKFLOWS, file), 'utf8')) as {
    jobs: Record<string, { steps: Step[] }>;
  };
  const steps = doc.jobs[job].steps;
  const nw = steps.find(s => s.uses?.startsWith('nightwatch-ci/nightwatch@'));
  if (!nw) throw new Error(`${file}: job ${job} has no Nightwatch step`);
  const inputs: Record<string, string> = {};
  for (const [k, v] of Object.entries(nw.with ?? {})) {
    // No Gemini key in these runs (rules and fixers only); no workflow_dispatch inputs on workflow_run.
    inputs[k] = String(v).replace(/\$\{\{[^}]*\}\}/g, '');
  }
  return { inputs, checkout: steps.some(s => s.uses?.startsWith('actions/checkout@')) };
}

describe('the example workflows, each with its own permissions', () => {
  let world: World;
  let workspace: string;
  beforeEach(async () => {
    world = await startWorld();
    workspace = await mkdtemp(join(tmpdir(), 'nw-examples-'));
  });
  afterEach(async () => {
    await world.stop();
    await rm(workspace, { recursive: true, force: true });
  });

  /** The workspace as the job's steps leave it: the default branch's config when it checks out. */
  async function prepare(checkout: boolean): Promise<string> {
    if (checkout) {
      await mkdir(join(workspace, '.github'), { recursive: true });
      await writeFile(join(workspace, '.github', 'nightwatch.yml'), CONFIG);
    }
    return workspace;
  }

  async function seed(repo: string, runId: number, run: Parameters<typeof seedScenario>[1]['run'] = {}) {
    return seedScenario(world, {
      owner: 'acme',
      repo,
      demo: 'demo-python',
      runId,
      command: 'python3 -m pytest',
      image: PYTHON_IMAGE,
      files: { '.github/nightwatch.yml': CONFIG },
      run
    });
  }

  function forbidden(): string[] {
    return world.api.requests.filter(r => r.status === 403).map(r => `${r.method} ${r.path}`);
  }

  it('nightwatch.yml: heals a failed push with a PR, within its permissions', async () => {
    await seed('ex-heal', 7101);
    const { inputs, checkout } = exampleJob('nightwatch.yml', 'heal');
    const r = await world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId: 7101 }),
      repository: 'acme/ex-heal',
      inputs,
      workspace: await prepare(checkout),
      workflowFile: join(WORKFLOWS, 'nightwatch.yml'),
      job: 'heal'
    });
    expect({ status: r.outputs.status, error: errorOf(r), forbidden: forbidden() }).toEqual({
      status: 'fixed',
      error: undefined,
      forbidden: []
    });
    expect(world.api.pulls).toHaveLength(1);
    expect(world.git.pushes.map(p => p.by)).toEqual(['job']);
  });

  it('nightwatch-diagnose.yml: comments the diagnosis on the failing PR and labels it', async () => {
    world.api.addRepo({ owner: 'acme', name: 'ex-diag' });
    const pr = world.api.addPull({
      owner: 'acme',
      repo: 'ex-diag',
      head: 'feature',
      base: 'main',
      title: 'Feature'
    });
    await seed('ex-diag', 7201, {
      event: 'pull_request',
      headBranch: 'feature',
      pullRequests: [{ number: pr.number, headRef: 'feature', headSha: '2'.repeat(40), baseRef: 'main' }]
    });
    const { inputs, checkout } = exampleJob('nightwatch-diagnose.yml', 'diagnose');
    const r = await world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId: 7201 }),
      repository: 'acme/ex-diag',
      inputs,
      workspace: await prepare(checkout),
      workflowFile: join(WORKFLOWS, 'nightwatch-diagnose.yml')
    });
    expect({ status: r.outputs.status, error: errorOf(r), forbidden: forbidden() }).toEqual({
      status: 'diagnosed',
      error: undefined,
      forbidden: []
    });
    expect(world.api.comments.map(c => c.issueNumber)).toEqual([pr.number]);
    expect(world.api.labelsOf('acme', 'ex-diag', pr.number)).toContain('nightwatch-diagnosed');
    expect(world.git.pushes).toEqual([]);
  });

  it('nightwatch-diagnose.yml on a push: diagnosed in the summary, a warning naming contents: write, the state kept', async () => {
    await seed('ex-diag-push', 7301);
    const { inputs, checkout } = exampleJob('nightwatch-diagnose.yml', 'diagnose');
    const r = await world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId: 7301 }),
      repository: 'acme/ex-diag-push',
      inputs,
      workspace: await prepare(checkout),
      workflowFile: join(WORKFLOWS, 'nightwatch-diagnose.yml')
    });
    expect({ exit: r.exitCode, status: r.outputs.status, error: errorOf(r) }).toEqual({
      exit: 0,
      status: 'diagnosed',
      error: undefined
    });
    // GitHub refused the commit comment (contents: read); Nightwatch says which permission to grant.
    expect(forbidden()).toEqual([
      expect.stringMatching(/^POST \/repos\/acme\/ex-diag-push\/commits\/[0-9a-f]{40}\/comments$/)
    ]);
    expect(world.api.commitComments).toEqual([]);
    const warnings = r.annotations.filter(a => a.command === 'warning').map(a => a.message);
    expect(warnings.join('\n')).toMatch(/may not create a commit comment: grant `contents: write`/);
    expect(r.summary).toContain(JSON.parse(r.outputs.diagnosis).rootCause);
    // The state was recorded: the same run handed to Nightwatch again is known as handled.
    const again = await world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId: 7301 }),
      repository: 'acme/ex-diag-push',
      inputs,
      workspace,
      workflowFile: join(WORKFLOWS, 'nightwatch-diagnose.yml'),
      runId: 1000002
    });
    expect({ status: again.outputs.status, reason: errorOf(again) }).toEqual({
      status: 'skipped',
      reason: expect.stringMatching(/already/i)
    });
  });

  it('nightwatch-propose-publish.yml: propose (read-only) proposes, publish (write) opens the PR', async () => {
    await seed('ex-split', 7401);
    const event = workflowRunEvent({ api: world.api, runId: 7401 });
    const file = join(WORKFLOWS, 'nightwatch-propose-publish.yml');
    const propose = exampleJob('nightwatch-propose-publish.yml', 'propose');
    const proposed = await world.run({
      eventName: 'workflow_run',
      eventPayload: event,
      repository: 'acme/ex-split',
      inputs: propose.inputs,
      workspace: await prepare(propose.checkout),
      workflowFile: file,
      job: 'propose'
    });
    expect({ status: proposed.outputs.status, error: errorOf(proposed), forbidden: forbidden() }).toEqual({
      status: 'proposed',
      error: undefined,
      forbidden: []
    });
    expect(world.api.writes).toEqual([]);

    const publish = exampleJob('nightwatch-propose-publish.yml', 'publish');
    const published = await world.run({
      eventName: 'workflow_run',
      eventPayload: event,
      repository: 'acme/ex-split',
      inputs: publish.inputs,
      workspace: await prepare(publish.checkout),
      workflowFile: file,
      job: 'publish'
    });
    expect({ status: published.outputs.status, error: errorOf(published), forbidden: forbidden() }).toEqual({
      status: 'fixed',
      error: undefined,
      forbidden: []
    });
    expect(world.api.pulls).toHaveLength(1);
  });

  it('the permissions each example grants are what the harness reads', () => {
    expect(workflowPermissions(join(WORKFLOWS, 'nightwatch-diagnose.yml'))).toEqual({
      metadata: 'read',
      contents: 'read',
      pull_requests: 'write',
      actions: 'read'
    });
    expect(workflowPermissions(join(WORKFLOWS, 'nightwatch-propose-publish.yml'), 'propose')).toEqual({
      metadata: 'read',
      contents: 'read',
      actions: 'read',
      pull_requests: 'read'
    });
  });
});
