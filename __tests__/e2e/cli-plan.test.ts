/**
 * `nightwatch-ci plan` through the bundled CLI (dist/cli.js): a matrix job by its display name as
 * JSON per the contract, the readable form, and hostile workflows (a link, an alias bomb, 10 MB)
 * ending in a clear usage error in well under a second.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../world/harness.js';

const exec = promisify(execFile);
const CLI = join(REPO_ROOT, 'dist', 'cli.js');

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      maxBuffer: 8 * 1024 * 1024
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof err.code === 'number' ? err.code : -1,
      stdout: err.stdout ?? '',
      stderr: err.stderr ?? ''
    };
  }
}

const WORKFLOW = `name: CI
on: [push]
env:
  CI_FLAG: "1"
  DEPLOY_KEY: \${{ secrets.DEPLOY_KEY }}
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: ruff check .
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        python-version: ['3.11', '3.12']
    services:
      redis:
        image: redis:7
        options: --health-cmd "redis-cli ping" --health-interval 1s --privileged
    defaults:
      run:
        working-directory: app
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: \${{ matrix.python-version }}
      - name: Install dependencies
        run: |
          python -m pip install --upgrade pip
          pip install pytest
      - name: Run tests
        run: pytest -q
        env:
          PY: \${{ matrix.python-version }}
          TOKEN: \${{ github.token }}
`;

let dirs: string[] = [];
async function repo(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'nw-cli-plan-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.map(d => rm(d, { recursive: true, force: true })));
  dirs = [];
});

describe('nightwatch-ci plan (bundled CLI)', () => {
  it("--job 'test (3.12)' --json prints the Plan of that matrix job", async () => {
    const dir = await repo({ '.github/workflows/ci.yml': WORKFLOW });
    const r = await cli(['plan', '--repo', dir, '--job', 'test (3.12)', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(plan).toEqual({
      image: 'python:3.12-slim',
      language: 'python',
      version: '3.12',
      services: [
        {
          name: 'redis',
          image: 'redis:7',
          env: {},
          health: { cmd: 'redis-cli ping', interval: '1s' }
        }
      ],
      install: `(cd app && bash -e -c 'python -m pip install --upgrade pip\npip install pytest')`,
      test: 'pytest -q',
      workingDirectory: 'app',
      env: { CI_FLAG: '1', PY: '3.12' },
      from: {
        image: "step 'Run actions/setup-python@v5'",
        install: "1 run: step before 'Run tests'",
        test: "step 'Run tests' of job 'test (3.12)' in .github/workflows/ci.yml"
      },
      skipped: [{ step: 'Run actions/checkout@v4', why: 'the sandbox already holds the failing commit' }],
      notes: [
        'env DEPLOY_KEY dropped: it uses secrets or github.token',
        "step 'Run tests' env TOKEN dropped: it uses secrets or github.token",
        'service redis: options --privileged dropped (only --health-* are kept)'
      ],
      workflow: '.github/workflows/ci.yml',
      job: 'test (3.12)',
      step: 'Run tests'
    });
  });

  it('prints the readable form; an unknown job is a usage error that lists the jobs', async () => {
    const dir = await repo({ '.github/workflows/ci.yml': WORKFLOW });
    const r = await cli(['plan', '--repo', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Job:        test (3.11)');
    expect(r.stdout).toContain('Image:      python:3.11-slim');
    const bad = await cli(['plan', '--repo', dir, '--job', 'test (3.13)']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      "no job named 'test (3.13)' in .github/workflows. Jobs: 'lint', 'test (3.11)', 'test (3.12)'."
    );
  });

  it('hostile workflows: a link, an alias bomb and 10 MB end at once with a clear error', async () => {
    const outside = await repo({ 'x.yml': WORKFLOW });
    const linked = await repo({});
    await mkdir(join(linked, '.github/workflows'), { recursive: true });
    await symlink(join(outside, 'x.yml'), join(linked, '.github/workflows/ci.yml'));
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) {
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(', ')}]`
      );
    }
    bomb.push('jobs:\n  t:\n    env: { X: *l }\n    steps:\n      - run: pytest\n');
    const cases: [string, RegExp][] = [
      [linked, /ci.yml cannot be read as a workflow: .*symbolic link/],
      [
        await repo({ '.github/workflows/ci.yml': bomb.join('\n') }),
        /could not be read as a workflow: .*alias/i
      ],
      [
        await repo({ '.github/workflows/ci.yml': `${WORKFLOW}#${'x'.repeat(10 * 1024 * 1024)}\n` }),
        /larger than 524288 bytes/
      ]
    ];
    for (const [dir, message] of cases) {
      const t0 = Date.now();
      const r = await cli(['plan', '--repo', dir, '--workflow', '.github/workflows/ci.yml', '--json']);
      expect(Date.now() - t0).toBeLessThan(5000);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    }
  });
});
