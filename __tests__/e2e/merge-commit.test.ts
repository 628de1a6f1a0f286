/**
 * What CI really checked out, end to end through the bundled action: a `pull_request` run tests
 * GitHub's merge commit (refs/pull/N/merge), not the PR head. Here the head alone passes and only
 * the merge fails (the base branch gained the test the PR's change breaks): Nightwatch must
 * reproduce at the merge commit its checkout step names, put the fix onto the head, and say so.
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  git,
  jobSeeds,
  makeRunLogZip,
  prCheckoutLines,
  startWorld,
  workflowRunEvent,
  type World
} from '../world/index.js';
import { REPO_ROOT } from '../world/harness.js';
import { defineLabels, demoLogicAnswers, errorOf, PYTHON_IMAGE, runInDocker } from './scenario.js';

const DEMO = join(REPO_ROOT, 'examples', 'demo-logic');
const BOUNDARY_TEST = /\n\ndef test_discount_applies_at_exactly_the_threshold\(\):\n(?: {4}.*\n)+/;

interface PullScenario {
  head: string;
  base: string;
  merge: string;
  pull: number;
}

describe('the commit CI really checked out (pull_request: the merge commit)', () => {
  let world: World;
  let scratch: string;

  beforeEach(async () => {
    world = await startWorld();
    scratch = await mkdtemp(join(tmpdir(), 'nw-e2e-merge-'));
  });
  afterEach(async () => {
    await world.stop();
    await rm(scratch, { recursive: true, force: true });
  });

  /** A checkout of `ref` (a branch, or a sha only refs/pull/* reach) of the remote's repository. */
  async function checkout(repo: string, ref: string, dir: string): Promise<string> {
    const to = join(scratch, dir);
    await git(['clone', '--quiet', world.git.barePath('acme', repo), to]);
    await git(['fetch', '--quiet', 'origin', '+refs/pull/*:refs/pull/*'], { cwd: to });
    await git(['checkout', '--quiet', '--detach', ref], { cwd: to });
    return to;
  }

  /**
   * demo-logic as a PR story: main starts correct (>=) without the boundary test; the PR `feature`
   * "simplifies" the check to > (its own tests pass); then main gains the boundary test. GitHub's
   * merge of the PR into main fails; the PR head alone passes.
   */
  async function seedPull(
    repo: string,
    runId: number,
    checkoutOf: (s: PullScenario) => string[]
  ): Promise<PullScenario> {
    const discount = await readFile(join(DEMO, 'pricing/discount.py'), 'utf8');
    const tests = await readFile(join(DEMO, 'tests/test_discount.py'), 'utf8');
    expect(tests).toMatch(BOUNDARY_TEST);
    await world.git.createRepo('acme', repo, DEMO, {
      message: 'Add demo-logic',
      commits: [
        {
          message: 'Pricing as the page says',
          files: {
            'pricing/discount.py': discount.replace('if subtotal > DISCOUNT', 'if subtotal >= DISCOUNT'),
            'tests/test_discount.py': tests.replace(BOUNDARY_TEST, '\n')
          }
        }
      ]
    });
    world.api.addRepo({ owner: 'acme', name: repo });
    defineLabels(world, 'acme', repo);
    const head = await world.git.commit('acme', repo, 'feature', {
      files: { 'pricing/discount.py': discount },
      message: 'Simplify the discount check'
    });
    const base = await world.git.commit('acme', repo, 'main', {
      files: { 'tests/test_discount.py': tests },
      message: 'Test the discount at exactly the threshold'
    });
    const pr = world.api.addPull({
      owner: 'acme',
      repo,
      head: 'feature',
      base: 'main',
      headSha: head,
      title: 'Simplify'
    });
    const merge = await world.git.publishPullMerge('acme', repo, pr.number, { head, base });
    const s = { head, base, merge, pull: pr.number };

    // The story holds: the merge fails, the head alone passes.
    const atMerge = await runInDocker(
      await checkout(repo, merge, `${repo}-merge`),
      PYTHON_IMAGE,
      'python3 -m pytest'
    );
    const atHead = await runInDocker(
      await checkout(repo, head, `${repo}-head`),
      PYTHON_IMAGE,
      'python3 -m pytest'
    );
    expect({ merge: atMerge.exitCode, head: atHead.exitCode }).toEqual({ merge: 1, head: 0 });

    const logJobs = [
      {
        name: 'test',
        steps: [
          { name: 'Run actions/checkout@v4', uses: true, lines: checkoutOf(s) },
          { name: 'Run python3 -m pytest', lines: atMerge.lines, conclusion: 'failure' as const, exitCode: 1 }
        ]
      }
    ];
    world.api.addRun({
      owner: 'acme',
      repo,
      id: runId,
      name: 'CI',
      workflow: '.github/workflows/ci.yml',
      headSha: head,
      headBranch: 'feature',
      event: 'pull_request',
      status: 'completed',
      conclusion: 'failure',
      pullRequests: [
        { number: pr.number, headRef: 'feature', headSha: head, baseRef: 'main', baseSha: base }
      ],
      jobs: jobSeeds(logJobs),
      logs: makeRunLogZip(logJobs)
    });
    return s;
  }

  it('reproduces at the merge commit, opens the fix from the head and names the merge commit', async () => {
    const s = await seedPull('pr-shop', 5101, p =>
      prCheckoutLines({
        repository: 'acme/pr-shop',
        pull: p.pull,
        merge: p.merge,
        head: p.head,
        base: p.base
      })
    );
    world.gemini.enqueue(...demoLogicAnswers());
    const r = await world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId: 5101 }),
      repository: 'acme/pr-shop',
      inputs: { image: PYTHON_IMAGE, 'gemini-api-key': world.geminiKey }
    });
    expect({ status: r.outputs.status, error: errorOf(r) }).toEqual({ status: 'fixed', error: undefined });

    // The fix branch starts at the PR head (not the merge commit) and holds only the fix.
    const branch = `nightwatch/fix-${r.outputs.fingerprint.slice(0, 16)}`;
    const bare = world.git.barePath('acme', 'pr-shop');
    const parents = (await git(['rev-list', '--parents', '--no-walk', `refs/heads/${branch}`], { cwd: bare }))
      .stdout;
    expect(parents.trim().split(' ').slice(1)).toEqual([s.head]);
    expect((await world.git.changedFiles('acme', 'pr-shop', s.head, branch)).sort()).toEqual([
      'pricing/discount.py',
      'tests/test_discount_boundary.py'
    ]);
    expect(world.api.pulls.map(p => ({ head: p.head, base: p.base }))).toContainEqual({
      head: branch,
      base: 'feature'
    });

    // What the fixed PR's CI will test, head + fix merged into main, passes.
    const ciMerge = await world.git.publishPullMerge('acme', 'pr-shop', 99, {
      head: (await world.git.branches('acme', 'pr-shop'))[branch],
      base: s.base
    });
    expect(
      (await runInDocker(await checkout('pr-shop', ciMerge, 'ci'), PYTHON_IMAGE, 'python3 -m pytest -q'))
        .exitCode
    ).toBe(0);

    // Said in the PR and the job summary.
    const said = `Reproduced at the merge commit \`${s.merge.slice(0, 12)}\` of \`${s.head.slice(0, 12)}\` into \`${s.base.slice(0, 12)}\``;
    const pr = world.api.pulls.find(p => p.head === branch);
    expect(pr?.body).toContain(said);
    expect(r.summary).toContain(said);
    expect(r.stdout).toContain(`CI tested the merge commit ${s.merge}`);
  });

  it('does not trust a checkout log whose merge commit git does not confirm: the head is reproduced, with a warning', async () => {
    // The log names the real merge commit but another base than its parent (what a forged log would do).
    const s = await seedPull('pr-lie', 5102, p =>
      prCheckoutLines({ repository: 'acme/pr-lie', pull: p.pull, merge: p.merge, head: p.head, base: p.head })
    );
    world.gemini.enqueue(...demoLogicAnswers());
    const r = await world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId: 5102 }),
      repository: 'acme/pr-lie',
      inputs: { image: PYTHON_IMAGE, 'gemini-api-key': world.geminiKey }
    });
    // At the head the tests pass: nothing to fix, nothing pushed.
    expect({ status: r.outputs.status, error: errorOf(r) }).toEqual({
      status: 'not-reproduced',
      error: undefined
    });
    expect(world.git.pushes).toEqual([]);
    const warning = r.annotations.find(a => a.command === 'warning' && a.message.includes(s.merge));
    expect(warning?.message).toMatch(/its parents are .* not .* as its log says/);
    expect(warning?.message).toContain(`reproducing at the PR head ${s.head.slice(0, 7)}`);
  });
});
