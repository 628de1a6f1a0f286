/**
 * Install once across heals (issue 11), through the bundled CLI with real Docker: two heals in the
 * same CI job (the same RUNNER_TEMP) of two checkouts with the same dependency files and install:
 * the first installs, the second starts from its install ("install: reused", `installs` 0) and
 * still fixes; outside a job (no RUNNER_TEMP) each heal installs and leaves nothing behind.
 */
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerImagesReady, PY_IMAGE } from '../sandbox/helpers.js';
import { cli, removeDirs, repoFromDemo } from './cli-runner.js';

const ready = await dockerImagesReady();
const describeDocker = ready ? describe : describe.skip;
// An install that makes something (the kept tree holds it).
const INSTALL = 'mkdir -p .deps && echo installed > .deps/stamp';

describeDocker('heal: the install survives between heals of the same job (bundled CLI, Docker)', () => {
  const dirs: string[] = [];
  afterAll(() => removeDirs(dirs));

  async function heal(env: NodeJS.ProcessEnv): Promise<{ installs: number; status: string; stderr: string }> {
    const repo = await repoFromDemo('demo-python', { dirs });
    const r = await cli(['heal', '--repo', repo, '--image', PY_IMAGE, '--install', INSTALL, '--json'], {
      env
    });
    const out = JSON.parse(r.stdout) as { status: string; installs?: number };
    return { installs: out.installs ?? -1, status: out.status, stderr: r.stderr };
  }

  it('the second heal of the job reuses the first heal’s install', async () => {
    const runnerTemp = await mkdtemp(join(tmpdir(), 'nw-runner-temp-'));
    dirs.push(runnerTemp);
    const first = await heal({ RUNNER_TEMP: runnerTemp });
    expect(first).toMatchObject({ status: 'fixed', installs: 1 });
    const second = await heal({ RUNNER_TEMP: runnerTemp });
    expect(second).toMatchObject({ status: 'fixed', installs: 0 });
    expect(second.stderr).toMatch(/install: reused the install of an earlier heal in this job/);
    expect(await readdir(join(runnerTemp, 'nightwatch-install-cache'))).toHaveLength(1);
  });

  it('outside a job each heal installs', async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'nw-no-job-'));
    dirs.push(tmp);
    expect(await heal({ TMPDIR: tmp })).toMatchObject({ status: 'fixed', installs: 1 });
    expect(await heal({ TMPDIR: tmp })).toMatchObject({ status: 'fixed', installs: 1 });
    expect(await readdir(tmp)).toEqual([]);
  });
});
