/**
 * Alerts about Nightwatch itself, and backfill, through the bundled action, the bundled CLI and the
 * loopback world (issue 15, points 9-10): Docker unavailable on two runs the same day is told to Slack
 * once (the job summary of each run lists it); the `backfill` dispatch input and `nightwatch-ci
 * backfill` triage the failed runs of the last days into the memory, heal nothing, print a line per
 * run, and stop at the bound on API calls saying so.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../world/harness.js';
import { git, startWorld, workflowDispatchEvent, workflowRunEvent, type World } from '../world/index.js';
import { addSameFailure, errorOf, seedScenario, PYTHON_IMAGE, type SeededScenario } from './scenario.js';

const exec = promisify(execFile);

describe('alerts about Nightwatch itself, and backfill (bundled action and CLI)', () => {
  let world: World;
  let scratch: string;
  beforeEach(async () => {
    world = await startWorld();
    scratch = await mkdtemp(join(tmpdir(), 'nw-e2e-alerts-'));
  });
  afterEach(async () => {
    await world.stop();
    await rm(scratch, { recursive: true, force: true });
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

  async function cli(args: string[], env: Record<string, string> = {}) {
    return exec('node', [join(REPO_ROOT, 'dist', 'cli.js'), ...args], {
      env: { ...process.env, GITHUB_TOKEN: world.token, GITHUB_API_URL: world.api.url, ...env }
    });
  }

  it('Docker unavailable on two runs the same day: Slack hears it once, each job summary lists it', async () => {
    const posts: string[] = [];
    const slack: Server = createServer((req, res) => {
      let body = '';
      req.on('data', c => (body += c));
      req.on('end', () => {
        posts.push((JSON.parse(body) as { text: string }).text);
        res.end('ok');
      });
    });
    await new Promise<void>(r => slack.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(slack.address() as AddressInfo).port}/services/T000/B000/XXXX`;
      const seeded = await seed('nodock', 8801);
      addSameFailure(world, seeded, 8802);
      const run = (runId: number, own: number) =>
        world.run({
          eventName: 'workflow_run',
          eventPayload: workflowRunEvent({ api: world.api, runId }),
          repository: 'acme/nodock',
          runId: own,
          inputs: { image: PYTHON_IMAGE, 'slack-webhook-url': url },
          extraEnv: { DOCKER_HOST: `unix://${join(scratch, 'no-docker.sock')}` }
        });
      const first = await run(8801, 4000001);
      expect({ status: first.outputs.status, error: errorOf(first) }).toEqual({
        status: 'diagnosed',
        error: undefined
      });
      const second = await run(8802, 4000002);
      expect(second.outputs.status).toBe('diagnosed');

      const alerts = posts.filter(p => /Nightwatch itself failed/.test(p));
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatch(/in acme\/nodock: Docker is not available on the runner/);
      // The outcomes are still announced run by run.
      expect(posts.filter(p => /^:mag: Nightwatch diagnosed run 880[12] /.test(p))).toHaveLength(2);
      expect(first.summary).toMatch(/### Nightwatch itself[\s\S]*docker-unavailable[\s\S]*alerted on Slack/);
      expect(second.summary).toMatch(
        /### Nightwatch itself[\s\S]*docker-unavailable[\s\S]*already alerted today/
      );
      // The webhook URL is a credential: never printed (the runner's mask command aside).
      const printed = (first.stdout + second.stdout + first.summary + second.summary)
        .split('\n')
        .filter(l => !l.startsWith('::add-mask::'));
      expect(printed.join('\n')).not.toContain('B000/XXXX');
    } finally {
      await new Promise<void>(r => slack.close(() => r()));
    }
  });

  it('the backfill dispatch input seeds the memory from the failed runs, heals nothing, and prints a line per run', async () => {
    const seeded = await seed('seedme', 8901);
    addSameFailure(world, seeded, 8902, { headBranch: 'feature/y' });
    const inputs = { backfill: '7', 'backfill-max-calls': '50' };
    const r = await world.run({
      eventName: 'workflow_dispatch',
      eventPayload: workflowDispatchEvent({ api: world.api, repository: 'acme/seedme', inputs }),
      repository: 'acme/seedme',
      runId: 4000010,
      inputs
    });
    expect({ exit: r.exitCode, status: r.outputs.status, error: errorOf(r) }).toMatchObject({
      exit: 0,
      status: 'skipped'
    });
    expect(r.stdout).toMatch(/\[\d\/2\] run 8901 \(CI on main, .*\): test failure in test/);
    expect(r.stdout).toMatch(/\[\d\/2\] run 8902 \(CI on feature\/y/);
    expect(r.stdout).toMatch(/2 failed runs found, 2 triaged into 1 fingerprints/);
    // Nothing healed: no push, no PR, no issue, no comment.
    expect(world.git.pushes).toEqual([]);
    expect(world.api.writes.filter(w => !/\/artifacts/.test(w.path))).toEqual([]);

    const { stdout } = await cli(['status', '--github', 'acme/seedme', '--json']);
    const ledger = (
      JSON.parse(stdout) as { ledger: { runId: number; status: string; fingerprint: string }[] }
    ).ledger;
    expect(ledger.map(e => [e.runId, e.status]).sort()).toEqual([
      [8901, 'backfilled'],
      [8902, 'backfilled']
    ]);
    const explained = JSON.parse(
      (await cli(['explain', ledger[0].fingerprint, '--github', 'acme/seedme', '--json'])).stdout
    ) as {
      count: number;
      outcomes: Record<string, number>;
    };
    expect(explained).toMatchObject({ count: 2, outcomes: { backfilled: 2 } });

    // A failed run that comes after is healed as usual (the memory knows it, it was never handled).
    addSameFailure(world, seeded, 8903);
    const heal = await world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId: 8903 }),
      repository: 'acme/seedme',
      runId: 4000011,
      inputs: { image: PYTHON_IMAGE, mode: 'diagnose' }
    });
    expect(heal.outputs.status).toBe('diagnosed');
    // And a backfilled run is not healed again: it is in the memory.
    const again = await world.run({
      eventName: 'workflow_run',
      eventPayload: workflowRunEvent({ api: world.api, runId: 8901 }),
      repository: 'acme/seedme',
      runId: 4000012,
      inputs: { image: PYTHON_IMAGE, mode: 'diagnose' }
    });
    expect(again.outputs.status).toBe('skipped');
  });

  it('nightwatch-ci backfill triages into a local memory with progress lines, and stops at --max-calls saying so', async () => {
    const seeded = await seed('cli', 9001);
    addSameFailure(world, seeded, 9002);
    addSameFailure(world, seeded, 9003);
    const repo = join(scratch, 'local');
    await git(['init', '-q', repo]);
    const r = await cli([
      'backfill',
      '--github',
      'acme/cli',
      '--days',
      '3',
      '--max-calls',
      '4',
      '--repo',
      repo
    ]);
    expect(r.stderr).toMatch(/^Backfill: the failed runs since .* \(3 days\), at most 4 API calls$/m);
    expect(r.stderr).toMatch(/^\[1\/3\] run 9003 .*fingerprint [0-9a-f]{16}$/m);
    expect(r.stdout).toMatch(
      /Stopped at the bound of 4 API calls with 2 of 3 failed runs left: run the backfill again/
    );
    const status = JSON.parse((await cli(['status', '--repo', repo, '--json'])).stdout) as {
      ledger: { runId: number; status: string }[];
    };
    expect(status.ledger).toEqual([expect.objectContaining({ runId: 9003, status: 'backfilled' })]);

    // Again with room: the run already in the memory costs no call; the other two are triaged.
    const more = await cli(['backfill', '--github', 'acme/cli', '--days', '3', '--repo', repo, '--json']);
    const report = JSON.parse(more.stdout) as {
      triaged: number;
      known: number;
      calls: number;
      stopped?: string;
    };
    expect(report).toMatchObject({ triaged: 2, known: 1, calls: 5 });
    expect(report.stopped).toBeUndefined();

    // Bad input is a usage error that says what to do.
    const bad = await cli(['backfill', '--github', 'acme/cli', '--days', '400', '--repo', repo]).catch(
      (e: { code: number; stderr: string }) => e
    );
    expect(bad).toMatchObject({ code: 2 });
    expect((bad as { stderr: string }).stderr).toMatch(
      /Invalid --days '400'. Expected a whole number from 1 to 90/
    );
  });
});
