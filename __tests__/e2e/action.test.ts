/**
 * The bundled action (dist/index.js) end to end through the loopback world: real Octokit, real git
 * pushes, real Docker, the real Gemini SDK and artifact client against loopback servers.
 * Assertions are on what the servers received, not on log text.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorld, workflowDispatchEvent, workflowRunEvent, type World } from '../world/index.js';
import {
  demoLogicDiagnosis,
  demoLogicRegression,
  errorOf,
  modelPatch,
  NODE_IMAGE,
  PYTHON_IMAGE,
  runInDocker,
  seedFailingRun
} from './scenario.js';

const FINGERPRINT_LINE = /Nightwatch fingerprint: ([0-9a-f]{8,})/;

describe('the bundled action through the world', () => {
  let world: World;
  let scratch: string;

  beforeEach(async () => {
    world = await startWorld();
    scratch = await mkdtemp(join(tmpdir(), 'nw-e2e-'));
  });
  afterEach(async () => {
    await world.stop();
    await rm(scratch, { recursive: true, force: true });
  });

  /** Everything the action printed or wrote, to search for the token. */
  function everything(r: {
    stdout: string;
    stderr: string;
    summary: string;
    outputs: Record<string, string>;
  }): string {
    const bodies = [
      ...world.api.pulls.map(p => `${p.title}\n${p.body}`),
      ...world.api.issues.map(i => `${i.title}\n${i.body}`),
      ...world.api.comments.map(c => c.body)
    ];
    // `::add-mask::<secret>` is how the runner learns what to mask; it is the one place a secret may appear.
    const stdout = r.stdout
      .split('\n')
      .filter(l => !l.startsWith('::add-mask::'))
      .join('\n');
    return [stdout, r.stderr, r.summary, JSON.stringify(r.outputs), ...bodies].join('\n');
  }

  it('heals demo-python: pushes nightwatch/fix-<run-id> that passes in Docker and opens a PR with the evidence', async () => {
    const seeded = await seedFailingRun(world, {
      owner: 'acme',
      repo: 'shop',
      demo: 'demo-python',
      runId: 4101,
      command: 'python3 -m pytest',
      image: PYTHON_IMAGE
    });
    expect(seeded.output.join('\n')).toMatch(/NameError: name 'totl' is not defined/);

    const r = await world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId: 4101 }),
      repository: 'acme/shop',
      inputs: { image: PYTHON_IMAGE }
    });
    expect({ exit: r.exitCode, status: r.outputs.status, stderr: r.stderr, error: errorOf(r) }).toEqual({
      exit: 0,
      status: 'fixed',
      stderr: '',
      error: undefined
    });

    // The branch on the remote, and only that branch, was pushed; it passes its tests in Docker.
    const branch = `nightwatch/fix-${r.outputs.fingerprint.slice(0, 16)}`;
    const branches = await world.git.branches('acme', 'shop');
    expect(Object.keys(branches).sort()).toEqual(['main', branch]);
    expect(branches.main).toBe(seeded.sha);
    const fixed = join(scratch, 'fixed');
    await world.git.clone('acme', 'shop', branch, fixed);
    expect((await runInDocker(fixed, PYTHON_IMAGE, 'python3 -m pytest -q')).exitCode).toBe(0);
    expect(await world.git.changedFiles('acme', 'shop', seeded.sha, branch)).toEqual(['invoice/cart.py']);
    expect(await world.git.message('acme', 'shop', branch)).toMatch(/^Nightwatch-Run: 4101$/m);

    // One PR from the fix branch to the failing branch, whose body shows diagnosis, fix and evidence.
    expect(world.api.pulls).toHaveLength(1);
    const pr = world.api.pulls[0];
    expect({ head: pr.head, base: pr.base, state: pr.state }).toEqual({
      head: branch,
      base: 'main',
      state: 'open'
    });
    const body = pr.body ?? '';
    expect(body).toContain("NameError: name 'totl' is not defined");
    expect(body).toContain('-        return round_money(totl)');
    expect(body).toContain('+        return round_money(total)');
    expect(body).toContain(PYTHON_IMAGE);
    expect(body).toMatch(/exit(?: code)?\W+1/i);
    expect(body).toMatch(/exit(?: code)?\W+0/i);
    expect(body.match(FINGERPRINT_LINE)?.[1]).toBe(r.outputs.fingerprint);
    expect(pr.labels).toContain('nightwatch');
    expect(r.outputs['pr-url']).toContain('/pull/');
    expect(r.outputs['pr-number']).toBe(String(pr.number));
    expect(Number(r.outputs.attempts)).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(r.outputs.diagnosis).rootCause).toMatch(/totl/);
    expect(r.summary).toContain('fixed');
    expect(everything(r)).not.toContain(world.token);

    // The state was saved as an artifact of Nightwatch's own run.
    expect(
      world.artifacts.artifacts.some(a => a.name.startsWith('nightwatch-events-') && a.runId === 1000001)
    ).toBe(true);
  });

  it('heals demo-node (TS2551) on a workflow_dispatch with run-id', async () => {
    await seedFailingRun(world, {
      owner: 'acme',
      repo: 'web',
      demo: 'demo-node',
      runId: 4202,
      command: 'npm test',
      image: NODE_IMAGE
    });
    const r = await world.run({
      eventName: 'workflow_dispatch',
      eventPayload: workflowDispatchEvent({
        api: world.api,
        repository: 'acme/web',
        inputs: { 'run-id': '4202' }
      }),
      repository: 'acme/web',
      inputs: { image: NODE_IMAGE, 'run-id': '4202' }
    });
    expect({ exit: r.exitCode, status: r.outputs.status, stderr: r.stderr, error: errorOf(r) }).toEqual({
      exit: 0,
      status: 'fixed',
      stderr: '',
      error: undefined
    });
    const fixed = join(scratch, 'fixed');
    await world.git.clone('acme', 'web', `nightwatch/fix-${r.outputs.fingerprint.slice(0, 16)}`, fixed);
    expect((await runInDocker(fixed, NODE_IMAGE, 'npm test')).exitCode).toBe(0);
    expect(world.api.pulls).toHaveLength(1);
    expect(world.api.pulls[0].body).toMatch(/TS2551/);
    expect(world.api.pulls[0].body).toContain('subtotalCents');
  });

  it('runs the model loop: regression test, a failed patch fed back, the fix on attempt 2', async () => {
    await seedFailingRun(world, {
      owner: 'acme',
      repo: 'pricing',
      demo: 'demo-logic',
      runId: 4303,
      command: 'python3 -m pytest',
      image: PYTHON_IMAGE
    });
    world.gemini.enqueue(
      demoLogicDiagnosis(),
      demoLogicRegression(),
      modelPatch(
        [
          {
            file: 'pricing/discount.py',
            search: '    return Decimal("0.00")\n',
            replace: '    return Decimal("10.00")\n'
          }
        ],
        'Always give a discount.'
      ),
      modelPatch()
    );
    const r = await world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId: 4303 }),
      repository: 'acme/pricing',
      inputs: { image: PYTHON_IMAGE, 'gemini-api-key': world.geminiKey }
    });
    expect({ exit: r.exitCode, status: r.outputs.status, stderr: r.stderr, error: errorOf(r) }).toEqual({
      exit: 0,
      status: 'fixed',
      stderr: '',
      error: undefined
    });
    expect(world.gemini.pending).toBe(0);

    // The second patch prompt carried the first attempt's failing output.
    const prompts = world.gemini.generateRequests.map(q => q.promptText);
    expect(prompts).toHaveLength(4);
    expect(prompts[3]).toMatch(/test_no_discount_below_threshold/);
    expect(prompts[3]).not.toBe(prompts[2]);

    const changed = await world.git.changedFiles(
      'acme',
      'pricing',
      (await world.git.branches('acme', 'pricing')).main,
      `nightwatch/fix-${r.outputs.fingerprint.slice(0, 16)}`
    );
    expect(changed.sort()).toEqual(['pricing/discount.py', 'tests/test_discount_boundary.py']);
    const fixed = join(scratch, 'fixed');
    await world.git.clone('acme', 'pricing', `nightwatch/fix-${r.outputs.fingerprint.slice(0, 16)}`, fixed);
    expect((await runInDocker(fixed, PYTHON_IMAGE, 'python3 -m pytest -q')).exitCode).toBe(0);
    const body = world.api.pulls[0].body ?? '';
    expect(body).toContain('tests/test_discount_boundary.py');
    expect(body).toContain('if subtotal >= DISCOUNT_THRESHOLD:');
    // The proof: the failing test fail -> pass, the totals before and after, the re-runs.
    expect(body).toContain('### Proof');
    expect(body).toMatch(/test_discount_applies_at_exactly_the_threshold` \| fail \| pass/);
    expect(body).toMatch(/After \(this fix\) \| exit 0; \d+ passed, 0 failed, 0 skipped/);
    expect(body).toMatch(/Re-runs of the failing tests with the fix: 2, all passed/);
    expect(r.summary).toContain('### Proof');
    expect(r.outputs.attempts).toBe('2');
    expect(everything(r)).not.toContain(world.geminiKey);
  });

  it('escalates with every attempt when the model loop is exhausted', async () => {
    await seedFailingRun(world, {
      owner: 'acme',
      repo: 'pricing2',
      demo: 'demo-logic',
      runId: 4404,
      command: 'python3 -m pytest',
      image: PYTHON_IMAGE
    });
    world.gemini.enqueue(
      {
        json: {
          rootCause: 'The discount threshold comparison is wrong',
          category: 'test',
          confidence: 0.7,
          file: 'pricing/discount.py',
          line: 13,
          plan: 'Fix the comparison.'
        }
      },
      {
        json: {
          file: 'tests/test_boundary.py',
          content:
            'from decimal import Decimal\nfrom pricing.discount import discount_for\n\ndef test_threshold():\n    assert discount_for(Decimal("100.00")) == Decimal("10.00")\n',
          explanation: 'boundary'
        }
      },
      {
        json: {
          edits: [
            {
              file: 'pricing/discount.py',
              search: '    return Decimal("0.00")\n',
              replace: '    return Decimal("10.00")\n'
            }
          ],
          explanation: 'first try'
        }
      },
      {
        json: {
          edits: [{ file: 'pricing/discount.py', search: 'no such text', replace: 'x' }],
          explanation: 'second try'
        }
      }
    );
    const r = await world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId: 4404 }),
      repository: 'acme/pricing2',
      inputs: { image: PYTHON_IMAGE, 'gemini-api-key': world.geminiKey, 'max-attempts': '2' }
    });
    expect({ exit: r.exitCode, status: r.outputs.status, stderr: r.stderr, error: errorOf(r) }).toEqual({
      exit: 0,
      status: 'escalated',
      stderr: '',
      error: undefined
    });
    expect(Object.keys(await world.git.branches('acme', 'pricing2'))).toEqual(['main']);
    expect(world.api.pulls).toHaveLength(0);
    expect(world.api.issues).toHaveLength(1);
    const issue = world.api.issues[0];
    expect(issue.body).toContain('The discount threshold comparison is wrong');
    expect(issue.body).toContain('first try');
    expect(issue.body).toMatch(/no such text|not found|missing/i);
    expect(issue.body?.match(FINGERPRINT_LINE)?.[1]).toBe(r.outputs.fingerprint);
    expect(r.outputs['issue-url']).toContain(`/issues/${issue.number}`);
  });

  it('skips a successful run without writing anything', async () => {
    await seedFailingRun(world, {
      owner: 'acme',
      repo: 'ok',
      demo: 'demo-python',
      runId: 4505,
      command: 'python3 -m pytest',
      image: PYTHON_IMAGE,
      conclusion: 'success'
    });
    const r = await world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId: 4505 }),
      repository: 'acme/ok',
      inputs: { image: PYTHON_IMAGE }
    });
    expect({ exit: r.exitCode, status: r.outputs.status }).toEqual({ exit: 0, status: 'skipped' });
    expect(world.api.writes).toEqual([]);
    expect(world.git.pushes).toEqual([]);
    expect(world.results.calls.filter(c => c.method !== 'ListArtifacts')).toEqual([]);
  });

  it('mode diagnose writes the summary and outputs only', async () => {
    await seedFailingRun(world, {
      owner: 'acme',
      repo: 'diag',
      demo: 'demo-python',
      runId: 4606,
      command: 'python3 -m pytest',
      image: PYTHON_IMAGE
    });
    const r = await world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId: 4606 }),
      repository: 'acme/diag',
      inputs: { image: PYTHON_IMAGE, mode: 'diagnose' }
    });
    expect({ exit: r.exitCode, status: r.outputs.status }).toEqual({ exit: 0, status: 'diagnosed' });
    expect(world.api.writes).toEqual([]);
    expect(world.git.pushes).toEqual([]);
    expect(r.outputs.fingerprint).toMatch(/^[0-9a-f]{8,}$/);
    const diagnosis = JSON.parse(r.outputs.diagnosis);
    expect(diagnosis.rootCause).toMatch(/NameError/);
    expect(r.summary).toContain("name 'totl' is not defined");
  });

  it('fails a dispatch without run-id naming the input', async () => {
    world.api.addRepo({ owner: 'acme', name: 'none' });
    const r = await world.run({
      eventName: 'workflow_dispatch',
      eventPayload: workflowDispatchEvent({ api: world.api, repository: 'acme/none', inputs: {} }),
      repository: 'acme/none'
    });
    expect(r.exitCode).toBe(1);
    expect(r.annotations.find(a => a.command === 'error')?.message).toMatch(/'run-id' input is required/);
    expect(r.outputs.status).toBe('error');
    expect(world.api.writes).toEqual([]);
  });

  it('without Docker it diagnoses from the logs, warns with the reason and records the run', async () => {
    await seedFailingRun(world, {
      owner: 'acme',
      repo: 'nodocker',
      demo: 'demo-python',
      runId: 4707,
      command: 'python3 -m pytest',
      image: PYTHON_IMAGE
    });
    const r = await world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId: 4707 }),
      repository: 'acme/nodocker',
      inputs: { image: PYTHON_IMAGE },
      extraEnv: { DOCKER_HOST: `unix://${join(scratch, 'no-docker.sock')}` }
    });
    expect({ exit: r.exitCode, status: r.outputs.status, error: errorOf(r) }).toEqual({
      exit: 0,
      status: 'diagnosed',
      error: undefined
    });
    expect(
      r.annotations.find(a => a.command === 'warning' && /Cannot reproduce/.test(a.message))?.message
    ).toMatch(/Docker daemon (is )?not reachable/i);
    expect(JSON.parse(r.outputs.diagnosis).rootCause).toMatch(/NameError/);
    expect(r.summary).toContain("name 'totl' is not defined");
    expect(world.git.pushes).toEqual([]);
    expect(world.api.pulls).toEqual([]);
    // The run is remembered: the state artifact was uploaded.
    expect(world.results.calls.some(c => c.method === 'CreateArtifact')).toBe(true);
  });

  it('fails clearly when the log archive is not a zip', async () => {
    await seedFailingRun(world, {
      owner: 'acme',
      repo: 'badzip',
      demo: 'demo-python',
      runId: 4808,
      command: 'python3 -m pytest',
      image: PYTHON_IMAGE
    });
    world.api.setRunLogs(4808, Buffer.from('<html>Service Unavailable</html>\n'.repeat(3)));
    const r = await world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId: 4808 }),
      repository: 'acme/badzip',
      inputs: { image: PYTHON_IMAGE }
    });
    expect(r.exitCode).toBe(1);
    expect(r.annotations.find(a => a.command === 'error')?.message).toMatch(/not a zip/i);
    expect(world.git.pushes).toEqual([]);
  });
});
