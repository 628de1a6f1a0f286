/**
 * The bundled CLI against a repository that tries to run code through git on the host (DESIGN.md,
 * "The repository is hostile"): hooks, core.fsmonitor, a filter driver and a textconv in DIR's own
 * .git/config, with tokens in the environment; and a user's commit on a nightwatch/* branch that a
 * second heal must not reset. (Files the tests write into the tree: __tests__/delivery/git.test.ts;
 * as root the host sandbox runs the tests as another uid that cannot reach the tree at all.)
 */
import { existsSync } from 'node:fs';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, exec, removeDirs, repoFromDemo } from './cli-runner.js';
import { PYTHON_IMAGE } from './scenario.js';

const TOKEN = 'ghs_jobTokenThatGitMustNeverSee_42';

interface HealOut {
  status: string;
  branch: string | null;
  error?: string;
}

async function heal(repo: string, extra: string[]): Promise<{ code: number; out: HealOut; stderr: string }> {
  const r = await cli(['heal', '--repo', repo, '--json', ...extra], {
    env: { GITHUB_TOKEN: TOKEN, 'INPUT_GITHUB-TOKEN': TOKEN, ACTIONS_RUNTIME_TOKEN: TOKEN }
  });
  return { code: r.code, out: JSON.parse(r.stdout || '{}') as HealOut, stderr: r.stderr };
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

const demoRepo = (files: Record<string, string> = {}): Promise<string> =>
  repoFromDemo('demo-python', { files, git, prefix: 'nw-hostile-' });

describe('nightwatch heal on a hostile repository (bundled CLI)', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await removeDirs(dirs);
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
