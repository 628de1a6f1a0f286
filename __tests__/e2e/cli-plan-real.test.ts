/**
 * `nightwatch-ci plan` (bundled CLI) on real workflows of other projects (__tests__/plan/fixtures):
 * the JSON of a monorepo job of langchain-ai/langsmith-sdk as the contract has it, and the readable
 * form of a knex/knex job saying which steps it skips and why.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '../world/harness.js';
import { cli, filesDir, removeDirs } from './cli-runner.js';

const FIXTURES = join(REPO_ROOT, '__tests__', 'plan', 'fixtures');
let dirs: string[] = [];

async function repoWith(fixture: string): Promise<string> {
  const text = await readFile(join(FIXTURES, fixture), 'utf8');
  return filesDir({ [`.github/workflows/${fixture}`]: text }, { dirs, prefix: 'nw-cli-plan-real-' });
}

afterEach(async () => {
  await removeDirs(dirs);
  dirs = [];
});

describe('nightwatch-ci plan on real workflows (bundled CLI)', () => {
  it("langsmith-sdk 'Python Test 3.12' --json: the folder, setup-uv's Python, uv installed, the install steps in python/", async () => {
    const dir = await repoWith('langsmith-sdk-ci.yml');
    const r = await cli(['plan', '--repo', dir, '--job', 'Python Test 3.12', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      image: 'python:3.12-slim',
      language: 'python',
      version: '3.12',
      services: [],
      install:
        "python3 -m pip install -q uv && (cd python && bash -e -c 'uv sync --group dev --group lint\nuv pip install langchain') && (cd python && uv build)",
      test: 'make tests',
      workingDirectory: 'python',
      env: { NODE_VERSION: '24.x' },
      workflow: '.github/workflows/langsmith-sdk-ci.yml',
      job: 'Python Test 3.12',
      step: 'Run Unit tests 3.12',
      notes: ["step 'Install uv': uv installed with pip"]
    });
  });

  it('knex CI (20.x, mysql): the readable plan lists the Docker steps as skipped, with why', async () => {
    const dir = await repoWith('knex-integration-tests.yml');
    const r = await cli(['plan', '--repo', dir, '--job', 'CI (20.x, mysql)']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/node:20/);
    expect(r.stdout).toMatch(/npm run test:db/);
    expect(r.stdout).toMatch(
      /- Start Database\(s\): runs Docker: the sandbox has no Docker; a database it starts must be a job service/
    );
    expect(r.stdout).toMatch(/- Install pg-native: its if: \(matrix\.database-type == 'pgnative'\) is false/);
  });
});
