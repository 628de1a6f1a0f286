/**
 * `nightwatch-ci plan` through the bundled CLI (dist/cli.js): a matrix job by its display name as
 * JSON per the contract, the readable form, and hostile workflows (a link, an alias bomb, 10 MB)
 * ending in a clear usage error in well under a second.
 */
import { join } from 'node:path';
import { cli, filesDir, removeDirs } from './cli-runner.js';

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
const repo = (files: Record<string, string>): Promise<string> =>
  filesDir(files, { dirs, prefix: 'nw-cli-plan-' });
afterEach(async () => {
  await removeDirs(dirs);
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
      setup: null,
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
    const linked = await filesDir(
      {},
      { dirs, links: { '.github/workflows/ci.yml': join(outside, 'x.yml') } }
    );
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
      const r = await cli(['plan', '--repo', dir, '--workflow', '.github/workflows/ci.yml', '--json']);
      expect(r.ms).toBeLessThan(5000);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    }
  });
});
