import { getOctokit } from '@actions/github';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git } from './git-remote.js';
import { REPO_ROOT, workflowRunEvent } from './harness.js';
import { startWorld, type World } from './index.js';

describe('startWorld', () => {
  let world: World;
  let tmp: string;

  beforeAll(async () => {
    world = await startWorld({ token: 'ghs_world', geminiKey: 'gk' });
    tmp = await mkdtemp(join(tmpdir(), 'nw-world-'));
  });

  afterAll(async () => {
    await world.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it('wires clone_url to the git remote and PR creation to its branches', async () => {
    const sha = await world.git.createRepo('acme', 'calc', {
      'calc.py': 'def add(a, b):\n    return a - b\n'
    });
    world.api.addRepo({ owner: 'acme', name: 'calc' });
    const kit = getOctokit('ghs_world', { baseUrl: world.api.url });
    const { data: repo } = await kit.rest.repos.get({ owner: 'acme', repo: 'calc' });
    expect(repo.clone_url).toBe(`${world.git.url}/acme/calc.git`);
    expect(repo.html_url).toBe(`${world.serverUrl}/acme/calc`);

    const dir = join(tmp, 'w');
    const auth = ['-c', `http.extraheader=${world.git.authHeader('ghs_world')}`];
    await git([...auth, 'clone', '--quiet', repo.clone_url, dir]);
    await git(['checkout', '--quiet', '-b', 'nightwatch/fix-add'], { cwd: dir });
    await writeFile(join(dir, 'calc.py'), 'def add(a, b):\n    return a + b\n');
    await git(['commit', '--quiet', '-am', 'Fix add'], { cwd: dir });
    await git([...auth, 'push', '--quiet', 'origin', 'nightwatch/fix-add'], { cwd: dir });

    const pr = await kit.rest.pulls.create({
      owner: 'acme',
      repo: 'calc',
      head: 'nightwatch/fix-add',
      base: 'main',
      title: 'Fix add'
    });
    expect(pr.data.head.sha).toBe(world.git.pushes[0].after);
    expect(pr.data.head.sha).not.toBe(sha);
    await expect(
      kit.rest.pulls.create({ owner: 'acme', repo: 'calc', head: 'no-such-branch', base: 'main', title: 'x' })
    ).rejects.toMatchObject({ status: 422 });
  });

  it('runs an action that uses the API, git, Gemini and artifacts from the runner environment alone', async () => {
    const sha = await world.git.createRepo('acme', 'calc2', {
      'calc.py': 'def add(a, b):\n    return a - b\n'
    });
    world.api.addRepo({ owner: 'acme', name: 'calc2' });
    world.api.addRun({ owner: 'acme', repo: 'calc2', id: 555, headSha: sha });
    world.gemini.enqueue({ json: { rootCause: 'add subtracts' } });

    const r = await world.run({
      entry: join(REPO_ROOT, '__tests__', 'world', 'fixtures', 'world-action.mjs'),
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId: 555 }),
      repository: 'acme/calc2',
      inputs: { 'gemini-api-key': 'gk' },
      runId: 777
    });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.outputs['head-sha']).toBe(sha);
    expect(JSON.parse(r.outputs.diagnosis)).toEqual({ rootCause: 'add subtracts' });
    expect(world.gemini.requests[0].promptText).toContain('return a - b');
    expect(r.summary).toContain('healed run 555');

    // The artifact belongs to Nightwatch's own run (777) and is listed by the REST API.
    const kit = getOctokit('ghs_world', { baseUrl: world.api.url });
    const { data } = await kit.rest.actions.listArtifactsForRepo({
      owner: 'acme',
      repo: 'calc2',
      name: 'nightwatch-state'
    });
    expect(data.artifacts.map(a => [a.id, a.workflow_run?.id])).toEqual([
      [Number(r.outputs['artifact-id']), 777]
    ]);
    expect(world.api.schemaViolations).toEqual([]);
    const trace = world.trace();
    expect(trace).toContain('GET /repos/acme/calc2/actions/runs/555 -> 200');
    expect(trace).toContain('generateContent gemini-3.8-flash -> 200');
    expect(trace).toMatch(/CreateArtifact -> 200\nFinalizeArtifact -> 200/);
  });
});
