/**
 * The bundled CLI against a repository that tries to run code through git on the host (DESIGN.md,
 * "The repository is hostile"): hooks, core.fsmonitor, a filter driver and a textconv in DIR's own
 * .git/config, with tokens in the environment; and a user's commit on a nightwatch/* branch that a
 * second heal must not reset. (Files the tests write into the tree: __tests__/delivery/git.test.ts;
 * as root the host sandbox runs the tests as another uid that cannot reach the tree at all.)
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../world/harness.js';
import { PYTHON_IMAGE } from './scenario.js';

const exec = promisify(execFile);
const CLI = join(REPO_ROOT, 'dist', 'cli.js');
const TOKEN = 'ghs_jobTokenThatGitMustNeverSee_42';

interface HealOut {
  status: string;
  branch: string | null;
  error?: string;
}

async function heal(repo: string, extra: string[]): Promise<{ code: number; out: HealOut; stderr: string }> {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_TOKEN: TOKEN,
    'INPUT_GITHUB-TOKEN': TOKEN,
    ACTIONS_RUNTIME_TOKEN: TOKEN
  };
  try {
    const { stdout, stderr } = await exec(
      process.execPath,
      [CLI, 'heal', '--repo', repo, '--json', ...extra],
      {
        env,
        maxBuffer: 32 * 1024 * 1024
      }
    );
    return { code: 0, out: JSON.parse(stdout) as HealOut, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof err.code === 'number' ? err.code : 1,
      out: JSON.parse(err.stdout || '{}') as HealOut,
      stderr: err.stderr ?? ''
    };
  }
}

/** git as the user runs it in their own repository (their hooks off: the test's own steps must not spring the trap). */
async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await exec(
    'git',
    ['-c', 'user.name=User', '-c', 'user.email=user@example.test', '-c', 'core.hooksPath=/dev/null', ...args],
    { cwd, env: { PATH: process.env.PATH, HOME: tmpdir(), GIT_CONFIG_NOSYSTEM: '1' } }
  );
  return stdout.trim();
}

async function demoRepo(files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'nw-hostile-'));
  await cp(join(REPO_ROOT, 'examples', 'demo-python'), dir, { recursive: true });
  for (const [f, c] of Object.entries(files)) await writeFile(join(dir, f), c);
  await git(dir, 'init', '-q', '-b', 'main');
  await git(dir, 'add', '-A');
  await git(dir, 'commit', '-qm', 'broken');
  return dir;
}

describe('nightwatch heal on a hostile repository (bundled CLI)', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map(d => rm(d, { recursive: true, force: true })));
  });

  it("runs none of DIR's hooks, fsmonitor, filters or textconv, and no token reaches them", async () => {
    const repo = await demoRepo({ '.gitattributes': '* filter=evil diff=evil\n' });
    dirs.push(repo);
    const marker = join(repo, '..', `${repo.split('/').pop()}-ran`);
    dirs.push(marker);
    const script = join(repo, '.git', 'evil.sh');
    await writeFile(script, `#!/bin/sh\necho "$0 $*" >> "${marker}"\nenv >> "${marker}"\ncat\n`);
    await chmod(script, 0o755);
    for (const hook of [
      'post-checkout',
      'reference-transaction',
      'pre-commit',
      'commit-msg',
      'post-commit',
      'post-index-change',
      'post-rewrite'
    ]) {
      await writeFile(join(repo, '.git', 'hooks', hook), `#!/bin/sh\nexec "${script}" ${hook}\n`);
      await chmod(join(repo, '.git', 'hooks', hook), 0o755);
    }
    for (const [k, v] of [
      ['core.fsmonitor', script],
      ['filter.evil.smudge', script],
      ['filter.evil.clean', script],
      ['filter.evil.required', 'true'],
      ['diff.evil.textconv', script]
    ]) {
      await git(repo, 'config', k, v);
    }
    const head = await git(repo, 'rev-parse', 'HEAD');

    const r = await heal(repo, ['--sandbox', 'docker', '--image', PYTHON_IMAGE]);
    expect({ code: r.code, status: r.out.status, error: r.out.error }).toEqual({
      code: 0,
      status: 'fixed',
      error: undefined
    });
    expect(existsSync(marker) ? await readFile(marker, 'utf8') : 'nothing ran').toBe('nothing ran');
    // The fix is on the branch in DIR, DIR's checkout is as it was.
    expect(await git(repo, 'show', `${r.out.branch}:invoice/cart.py`)).toContain('round_money(total)');
    expect(await git(repo, 'rev-parse', 'HEAD')).toBe(head);
    expect(await git(repo, 'worktree', 'list')).not.toContain('\n');
  });

  it("a second heal of the same HEAD never resets a nightwatch/* branch holding the user's commit", async () => {
    const repo = await demoRepo();
    dirs.push(repo);
    const args = ['--sandbox', 'docker', '--image', PYTHON_IMAGE];
    const first = await heal(repo, args);
    expect(first.out.status).toBe('fixed');
    const branch = first.out.branch as string;

    // The user builds on the fix branch.
    await git(repo, 'checkout', '-q', branch);
    await writeFile(join(repo, 'NOTES.md'), 'reviewed\n');
    await git(repo, 'add', 'NOTES.md');
    await git(repo, 'commit', '-qm', 'my review notes');
    const mine = await git(repo, 'rev-parse', 'HEAD');
    await git(repo, 'checkout', '-q', 'main');

    const second = await heal(repo, args);
    expect({ status: second.out.status, branch: second.out.branch }).toEqual({
      status: 'fixed',
      branch: `${branch}-2`
    });
    expect(await git(repo, 'rev-parse', branch)).toBe(mine);

    // A branch Nightwatch made is its own to replace: the third heal reuses -2.
    const third = await heal(repo, args);
    expect(third.out.branch).toBe(`${branch}-2`);
    expect(await git(repo, 'rev-parse', branch)).toBe(mine);
    expect(await git(repo, 'show', `${branch}-2:invoice/cart.py`)).toContain('round_money(total)');
  });
});
