/**
 * `nightwatch heal` (bundled CLI, real Docker) on a repository whose CI workflow says how to
 * reproduce: a job container image, a `run:` step that installs a local package, a service with a
 * health check, and a workflow env value. The heal follows the plan, installs once and fixes.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../world/harness.js';
import { buildServiceImage, dockerImagesReady, PY_IMAGE, SERVICE_IMAGE } from '../sandbox/helpers.js';

const exec = promisify(execFile);
const CLI = join(REPO_ROOT, 'dist', 'cli.js');
const ready = await dockerImagesReady();
const describeDocker = ready ? describe : describe.skip;

const WORKFLOW = `name: CI
on: [push]
env:
  SHOP_CURRENCY: EUR
jobs:
  test:
    runs-on: ubuntu-latest
    container: ${PY_IMAGE}
    services:
      web:
        image: ${SERVICE_IMAGE}
        options: >-
          --health-cmd "python3 /healthcheck.py"
          --health-interval 1s --health-retries 20
    steps:
      - uses: actions/checkout@v4
      - name: Install
        run: |
          python3 -m venv --system-site-packages .venv
          .venv/bin/pip install -q --no-index --no-build-isolation ./mylib
      - name: Test
        run: .venv/bin/python -m pytest -q
`;

const ENV_TEST = `import os
import urllib.request

import mylib


def test_local_package_installed():
    assert mylib.GREETING == "hello"


def test_service_at_localhost():
    with urllib.request.urlopen("http://localhost:8080/", timeout=5) as r:
        assert r.status == 200


def test_service_by_name():
    with urllib.request.urlopen("http://web:8080/", timeout=5) as r:
        assert r.status == 200


def test_workflow_env():
    assert os.environ.get("SHOP_CURRENCY") == "EUR"
`;

async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await exec('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd
  });
  return stdout.trim();
}

describeDocker('nightwatch heal follows the failed job plan (bundled CLI)', () => {
  let repo: string;
  let scratch: string;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'nw-plan-heal-'));
    await buildServiceImage(scratch);
    repo = join(scratch, 'repo');
    await cp(join(REPO_ROOT, 'examples', 'demo-python'), repo, { recursive: true });
    await mkdir(join(repo, 'mylib', 'mylib'), { recursive: true });
    await mkdir(join(repo, '.github', 'workflows'), { recursive: true });
    await writeFile(
      join(repo, 'mylib', 'setup.py'),
      'from setuptools import setup\nsetup(name="mylib", version="1.0", packages=["mylib"])\n'
    );
    await writeFile(join(repo, 'mylib', 'mylib', '__init__.py'), 'GREETING = "hello"\n');
    await writeFile(join(repo, 'tests', 'test_env.py'), ENV_TEST);
    await writeFile(join(repo, '.github', 'workflows', 'ci.yml'), WORKFLOW);
    await git(repo, 'init', '-q', '-b', 'main');
    await git(repo, 'add', '-A');
    await git(repo, 'commit', '-qm', 'broken');
  });

  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('reproduces from the plan, installs once, reaches the service, and fixes', async () => {
    const { stdout, stderr } = await exec(
      process.execPath,
      [CLI, 'heal', '--repo', repo, '--sandbox', 'docker', '--json'],
      {
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
        maxBuffer: 32 * 1024 * 1024
      }
    );
    const out = JSON.parse(stdout) as {
      status: string;
      branch: string;
      installs: number;
      reproduction: { image: string; command: string };
    };
    expect(out.status).toBe('fixed');
    expect(out.reproduction).toMatchObject({ image: PY_IMAGE, command: '.venv/bin/python -m pytest -q' });
    // The heal logs its plan.
    expect(stderr).toMatch(/Plan: \.github\/workflows\/ci\.yml, job 'test', step 'Test'/);
    expect(stderr).toMatch(/service web: nightwatch-test-service:1 healthy after/);
    // One install for the reproduction, the flake re-runs and the verification: counted by the
    // sandbox and seen as one install container in the progress lines.
    expect(out.installs).toBe(1);
    expect(stderr.match(/^install: bash -e -c/gm)).toHaveLength(1);
    expect(stderr.match(/^install: reusing/gm)?.length ?? 0).toBeGreaterThanOrEqual(1);
    // The service tests and the env test passed in the reproduction: only the real bug failed.
    expect(stderr).toMatch(/Reproduction: exit 1 .*2 failure\(s\), first: tests\/test_cart\.py::/);
    expect(await git(repo, 'diff', 'main', out.branch, '--stat')).toMatch(/invoice\/cart\.py/);
    // Nothing left behind: no service container, no services network.
    const { stdout: left } = await exec('docker', ['ps', '-a', '-q', '--filter', 'label=nightwatch.service']);
    expect(left.trim()).toBe('');
  }, 240_000);

  it('refuses a --job the workflow does not have (exit 2, naming the jobs)', async () => {
    const r = await exec(
      process.execPath,
      [CLI, 'heal', '--repo', repo, '--job', 'lint', '--sandbox', 'docker'],
      {
        env: { PATH: process.env.PATH, HOME: process.env.HOME }
      }
    ).catch((e: { code: number; stderr: string }) => e);
    expect(r).toMatchObject({ code: 2 });
    expect((r as { stderr: string }).stderr).toMatch(/no job named 'lint'.*'test'/);
  });
});
