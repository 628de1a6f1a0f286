/**
 * The bundled CLI (dist/cli.js) end to end: `heal` on fresh git copies of the demos with real Docker,
 * `diagnose` on the real run-log archive of the datasets, and the state commands.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GeminiEmulator } from '../world/gemini.js';
import { REPO_ROOT } from '../world/harness.js';
import { cli, exec, git, removeDirs, repoFromDemo } from './cli-runner.js';
import { demoLogicAnswers, NODE_IMAGE, PYTHON_IMAGE } from './scenario.js';

/** The real run-log archive of the datasets (next to the checkout, or where this machine keeps them). */
const ARCHIVE = [
  process.env.NIGHTWATCH_DATASETS && join(process.env.NIGHTWATCH_DATASETS, 'gha-run-archive.zip'),
  join(REPO_ROOT, '..', 'shared', 'datasets', 'gha-run-archive.zip'),
  '/work/shared/datasets/gha-run-archive.zip'
].find((p): p is string => typeof p === 'string' && existsSync(p));

describe('nightwatch CLI (bundled)', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await removeDirs(dirs);
  });

  it.each([
    ['demo-python', PYTHON_IMAGE, 'python3 -m pytest -q'],
    ['demo-node', NODE_IMAGE, 'npm test']
  ])(
    'heal --json fixes %s on a new nightwatch/* branch and leaves the checkout as it was',
    async (demo, image, test) => {
      const repo = await repoFromDemo(demo, { dirs });
      const head = await git(repo, 'rev-parse', 'HEAD');
      const r = await cli(['heal', '--repo', repo, '--image', image, '--json']);
      const out = JSON.parse(r.stdout) as {
        status: string;
        branch: string;
        attempts: { verdict: string; source: string }[];
        diagnosis: { rootCause: string };
      };
      expect({ code: r.code, status: out.status }).toEqual({ code: 0, status: 'fixed' });
      expect(out.branch).toMatch(/^nightwatch\/fix-/);
      expect(out.attempts.at(-1)).toMatchObject({
        verdict: 'pass',
        source: expect.stringMatching(/^fixer:/)
      });
      // DIR's checkout is untouched: same HEAD, same branch, clean, no leftover worktree.
      expect(await git(repo, 'rev-parse', 'HEAD')).toBe(head);
      expect(await git(repo, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
      expect(await git(repo, 'status', '--porcelain')).toBe('');
      expect((await git(repo, 'worktree', 'list')).split('\n')).toHaveLength(1);
      // The fix branch really passes: check it out in a copy and run the tests in Docker.
      const check = await mkdtemp(join(tmpdir(), 'nw-cli-check-'));
      dirs.push(check);
      await git(check, 'clone', '-q', '--branch', out.branch, repo, 'w');
      const { stdout } = await exec('docker', [
        'run',
        '--rm',
        '--network',
        'none',
        '-v',
        `${join(check, 'w')}:/work`,
        '-w',
        '/work',
        image,
        'sh',
        '-c',
        `${test} >/dev/null 2>&1; echo exit=$?`
      ]);
      expect(stdout.trim()).toBe('exit=0');

      // The state commands read what heal recorded.
      const status = await cli(['status', '--repo', repo, '--json']);
      expect(JSON.parse(status.stdout).ledger.at(-1)).toMatchObject({ status: 'fixed', branch: out.branch });
      const metrics = await cli(['metrics', '--repo', repo, '--json']);
      expect(JSON.parse(metrics.stdout)).toMatchObject({ runs: 1, fixed: 1 });
    }
  );

  it('heal with GEMINI_API_KEY runs the model loop through the SDK (loopback Gemini): regression test, then the fix', async () => {
    const gemini = new GeminiEmulator({ apiKey: 'cli-test-gemini-key' });
    const { url } = await gemini.start();
    try {
      gemini.enqueue(...demoLogicAnswers());
      const repo = await repoFromDemo('demo-logic', { dirs });
      const r = await cli(['heal', '--repo', repo, '--image', PYTHON_IMAGE, '--json'], {
        env: { GEMINI_API_KEY: 'cli-test-gemini-key', GOOGLE_GEMINI_BASE_URL: url }
      });
      const out = JSON.parse(r.stdout) as {
        status: string;
        branch: string;
        attempts: { verdict: string; source: string }[];
        diagnosis: { source: string };
      };
      expect({ code: r.code, status: out.status, error: (out as { error?: string }).error }).toEqual({
        code: 0,
        status: 'fixed',
        error: undefined
      });
      expect(out.diagnosis.source).toBe('model');
      expect(out.attempts.at(-1)).toMatchObject({ verdict: 'pass', source: expect.stringMatching(/model/) });
      expect(gemini.pending).toBe(0);
      expect(await git(repo, 'show', `${out.branch}:pricing/discount.py`)).toContain(
        'if subtotal >= DISCOUNT_THRESHOLD:'
      );
      expect(await git(repo, 'show', `${out.branch}:tests/test_discount_boundary.py`)).toContain(
        'test_exactly_the_threshold_gets_the_discount'
      );
      expect(r.stdout + r.stderr).not.toContain('cli-test-gemini-key');
    } finally {
      await gemini.stop();
    }
  });

  it('heal says passing on a healthy repository and creates no branch', async () => {
    const repo = await repoFromDemo('demo-python', { dirs });
    const cart = join(repo, 'invoice', 'cart.py');
    await writeFile(cart, (await readFile(cart, 'utf8')).replace('round_money(totl)', 'round_money(total)'));
    await git(repo, 'commit', '-qam', 'fixed by hand');
    const r = await cli(['heal', '--repo', repo, '--image', PYTHON_IMAGE, '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'passing', branch: null });
    expect(await git(repo, 'branch', '--list', 'nightwatch/*')).toBe('');
  });

  it('heal fails clearly on a folder that is not a git repository', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nw-cli-nogit-'));
    dirs.push(dir);
    const r = await cli(['heal', '--repo', dir, '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({
      status: 'error',
      error: expect.stringMatching(/not a git repository.*git init/)
    });
  });

  (ARCHIVE ? it : it.skip)('diagnose --json reads the real run-log archive per the contract', async () => {
    if (!ARCHIVE) return;
    const r = await cli(['diagnose', ARCHIVE, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown> & {
      chunk: { file: string; startLine: number; endLine: number; text: string };
    };
    expect(Object.keys(out)).toEqual(
      expect.arrayContaining(['category', 'job', 'step', 'chunk', 'failures', 'fingerprint', 'knownPattern'])
    );
    expect(out.chunk.endLine - out.chunk.startLine + 1).toBeLessThanOrEqual(50);
    expect(out.chunk.text).not.toMatch(/Process completed with exit code/);
    // The chunk's lines are the lines of that file in the archive, 1-based, end inclusive.
    const { stdout: listing } = await exec('unzip', ['-Z1', ARCHIVE]);
    expect(listing.split('\n')).toContain(out.chunk.file);
    const { stdout: file } = await exec('unzip', ['-p', ARCHIVE, out.chunk.file], {
      maxBuffer: 64 * 1024 * 1024
    });
    const lines = file.split('\n').slice(out.chunk.startLine - 1, out.chunk.endLine);
    expect(lines.join('\n')).toContain(out.chunk.text.split('\n')[0].slice(0, 40));
  });

  it('diagnose fails clearly on a file that is not a log', async () => {
    const r = await cli(['diagnose', join(REPO_ROOT, 'no-such-file.zip')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no-such-file\.zip/);
  });
});
