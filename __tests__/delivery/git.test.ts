import { promises as fs, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ForbiddenBranchError,
  GitError,
  createGit,
  isNightwatchBranch,
  isUpdateBranch,
  localBranchTip,
  localHead,
  remoteOrigin
} from '../../src/delivery/git.js';
import type { Logger } from '../../src/delivery/ports.js';
import { GitRemote, git as worldGit } from '../world/git-remote.js';

const TOKEN = 'ghs_gitTestToken_0123456789';
const CREDENTIAL = Buffer.from(`x-access-token:${TOKEN}`).toString('base64');

/** Every process argument vector visible in /proc while `fn` runs (what `ps` would show). */
async function watchProcesses<T>(fn: () => Promise<T>): Promise<{ result: T; cmdlines: string[] }> {
  const seen = new Set<string>();
  const scan = (): void => {
    for (const pid of readdirSync('/proc').filter(p => /^\d+$/.test(p))) {
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
        if (cmd.includes('git')) seen.add(cmd);
      } catch {
        // the process ended between readdir and read
      }
    }
  };
  const timer = setInterval(scan, 2);
  try {
    const result = await fn();
    return { result, cmdlines: [...seen] };
  } finally {
    clearInterval(timer);
  }
}

function recorder(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const log: Logger = {
    debug: m => lines.push(`debug ${m}`),
    info: m => lines.push(`info ${m}`),
    warning: m => lines.push(`warning ${m}`)
  };
  return { log, lines };
}

/** The environment of every git process seen in /proc while `fn` runs. */
async function watchGitEnvironments<T>(fn: () => Promise<T>): Promise<{ result: T; environs: string[] }> {
  const seen = new Map<string, string>();
  // Only this test's own descendants count: other git processes on the machine (a CI harness,
  // an editor) have environments of their own.
  const parentOf = (pid: string): string | undefined => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
  };
  const descendsFromUs = (pid: string): boolean => {
    let p: string | undefined = pid;
    for (let depth = 0; p && p !== '0' && p !== '1' && depth < 16; depth++) {
      p = parentOf(p);
      if (p === String(process.pid)) return true;
    }
    return false;
  };
  const scan = (): void => {
    for (const pid of readdirSync('/proc').filter(p => /^\d+$/.test(p) && Number(p) !== process.pid)) {
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        if (!/(^|\/)git(\0|-)/.test(cmd)) continue;
        if (!descendsFromUs(pid)) continue;
        seen.set(pid, readFileSync(`/proc/${pid}/environ`, 'utf8').replace(/\0/g, '\n'));
      } catch {
        // the process ended between readdir and read
      }
    }
  };
  const timer = setInterval(scan, 1);
  try {
    const result = await fn();
    return { result, environs: [...seen.values()] };
  } finally {
    clearInterval(timer);
  }
}

const LEAKED_TOKEN = 'ghs_leakedFromTheJobEnvironment_0123';

/**
 * A user's local repository that runs `marker`-writing code on every hook, through
 * core.fsmonitor, a filter driver and a diff textconv (config in .git/config, the attributes
 * committed), the way a real checkout with husky, git-lfs or watchman could.
 */
async function hostileLocalRepo(dir: string, marker: string): Promise<string> {
  const env = { cwd: dir };
  await fs.mkdir(dir, { recursive: true });
  await worldGit(['init', '-q', '-b', 'main'], env);
  await fs.writeFile(join(dir, 'calc.py'), 'def add(a, b):\n    return a - b\n');
  await fs.writeFile(join(dir, '.gitattributes'), '* filter=evil diff=evil\n');
  await worldGit(['add', '-A'], env);
  await worldGit(['commit', '-qm', 'broken'], env);
  const script = join(dir, '.git', 'evil.sh');
  await fs.writeFile(script, `#!/bin/sh\necho "$0 $*" >> "${marker}"\nenv >> "${marker}"\ncat\n`, {
    mode: 0o755
  });
  for (const hook of [
    'post-checkout',
    'reference-transaction',
    'pre-commit',
    'prepare-commit-msg',
    'commit-msg',
    'post-commit',
    'post-index-change',
    'pre-auto-gc',
    'pre-push'
  ]) {
    await fs.writeFile(join(dir, '.git', 'hooks', hook), `#!/bin/sh\nexec "${script}" ${hook}\n`, {
      mode: 0o755
    });
  }
  for (const [k, v] of [
    ['core.fsmonitor', script],
    ['filter.evil.smudge', script],
    ['filter.evil.clean', script],
    ['filter.evil.required', 'true'],
    ['diff.evil.textconv', script],
    ['core.pager', script]
  ]) {
    await worldGit(['config', k, v], env);
  }
  return (await worldGit(['rev-parse', 'HEAD'], env)).stdout.trim();
}

describe('delivery/git', () => {
  let remote: GitRemote;
  let tmp: string;
  let url: string;
  let base: string;

  beforeAll(async () => {
    remote = new GitRemote({ token: TOKEN });
    await remote.start();
    base = await remote.createRepo('acme', 'calc', {
      'calc.py': 'def add(a, b):\n    return a - b\n',
      'tests/test_calc.py': 'from calc import add\n\ndef test_add():\n    assert add(1, 2) == 3\n'
    });
    url = remote.repoUrl('acme', 'calc');
  });

  afterAll(async () => {
    await remote.stop();
  });

  beforeEach(async () => {
    tmp = await fs.mkdtemp(join(tmpdir(), 'nw-git-test-'));
  });

  afterEach(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('fetches one commit into an empty dir with the token only in a temporary extraheader', async () => {
    const args: string[][] = [];
    const dir = join(tmp, 'work');
    const g = await createGit(dir, undefined, { onExec: a => args.push([...a]) });
    const { cmdlines } = await watchProcesses(() => g.fetchAndCheckout(url, base, TOKEN));

    expect(await g.headSha()).toBe(base);
    expect(await fs.readFile(join(dir, 'calc.py'), 'utf8')).toContain('a - b');
    // Detached at the commit, and shallow: only the one commit was fetched.
    expect((await worldGit(['rev-parse', '--abbrev-ref', 'HEAD'], { cwd: g.dir })).stdout.trim()).toBe(
      'HEAD'
    );
    expect((await worldGit(['rev-list', '--count', 'HEAD'], { cwd: g.dir })).stdout.trim()).toBe('1');
    // The remote saw an authorised upload-pack.
    expect(remote.requests.some(r => r.service === 'git-upload-pack' && r.authorized)).toBe(true);

    const allArgs = args.flat().join(' ');
    expect(allArgs).toContain('fetch');
    expect(allArgs).not.toContain(TOKEN);
    expect(allArgs).not.toContain(CREDENTIAL);
    for (const c of cmdlines) {
      expect(c).not.toContain(TOKEN);
      expect(c).not.toContain(CREDENTIAL);
    }
    const config = await fs.readFile(join(dir, '.git', 'config'), 'utf8');
    expect(config).not.toContain(CREDENTIAL);
    expect(config).not.toMatch(/extraheader/i);
  });

  it('falls back to fetching the branches when the server refuses a bare sha', async () => {
    const dir = join(tmp, 'v0');
    await fs.mkdir(dir);
    // Protocol v0 over http-backend refuses unadvertised wants (no allowReachableSHA1InWant).
    await worldGit(['init', '-q', dir]);
    await worldGit(['config', 'protocol.version', '0'], { cwd: dir });
    // A commit that is not a branch tip is not advertised, so v0 will not hand it out by sha.
    const tip = await remote.createRepo(
      'acme',
      'history',
      { 'a.txt': '1\n' },
      { commits: [{ files: { 'a.txt': '2\n' }, message: 'two' }] }
    );
    const first = (
      await worldGit(['rev-parse', `${tip}~1`], { cwd: remote.barePath('acme', 'history') })
    ).stdout.trim();
    const { log, lines } = recorder();
    const g = await createGit(dir, log);
    await g.fetchAndCheckout(remote.repoUrl('acme', 'history'), first, TOKEN);
    expect(await g.headSha()).toBe(first);
    expect(await fs.readFile(join(dir, 'a.txt'), 'utf8')).toBe('1\n');
    expect(lines.some(l => l.includes('fetching all branches'))).toBe(true);
    // A fork PR's head is only under refs/pull/N/head on the base repository: found there too.
    const forkTip = await remote.commit('acme', 'history', 'scratch', {
      files: { 'a.txt': 'fork\n' },
      message: 'fork change'
    });
    await worldGit(['update-ref', 'refs/pull/7/head', forkTip], { cwd: remote.barePath('acme', 'history') });
    await worldGit(['update-ref', '-d', 'refs/heads/scratch'], { cwd: remote.barePath('acme', 'history') });
    const forkDir = join(tmp, 'v0-fork');
    await worldGit(['init', '-q', forkDir]);
    await worldGit(['config', 'protocol.version', '0'], { cwd: forkDir });
    const gf = await createGit(forkDir, log);
    await gf.fetchAndCheckout(remote.repoUrl('acme', 'history'), forkTip, TOKEN);
    expect(await gf.headSha()).toBe(forkTip);
    expect(await fs.readFile(join(dir, '.git', 'config'), 'utf8')).not.toMatch(/extraheader/i);
  });

  it('fails clearly with a wrong token, without the token in the error or the config', async () => {
    const dir = join(tmp, 'bad');
    const g = await createGit(dir);
    const wrong = 'ghs_wrong_token_999';
    const error = await g.fetchAndCheckout(url, base, wrong).then(
      () => undefined,
      (e: unknown) => e
    );
    expect(error).toBeInstanceOf(GitError);
    expect(String((error as Error).message)).not.toContain(wrong);
    expect(await fs.readFile(join(dir, '.git', 'config'), 'utf8')).not.toMatch(/extraheader/i);
  });

  it('commits as nightwatch with the run trailer, ignoring user config, env and hooks', async () => {
    const dir = join(tmp, 'commit');
    const g = await createGit(dir);
    await g.fetchAndCheckout(url, base, TOKEN);
    // A hook in the work tree is project code and must not run outside the sandbox.
    await fs.writeFile(
      join(dir, '.git', 'hooks', 'pre-commit'),
      `#!/bin/sh\ntouch "${join(tmp, 'hook-ran')}"\n`,
      {
        mode: 0o755
      }
    );
    const home = join(tmp, 'home');
    await fs.mkdir(home);
    await fs.writeFile(
      join(home, '.gitconfig'),
      '[user]\n\tname = Leaked User\n\temail = leak@example.test\n'
    );
    const saved = { HOME: process.env.HOME, GIT_DIR: process.env.GIT_DIR };
    process.env.HOME = home;
    process.env.GIT_DIR = join(tmp, 'nowhere');
    try {
      await fs.writeFile(join(dir, 'calc.py'), 'def add(a, b):\n    return a + b\n');
      await g.checkoutNewBranch('nightwatch/fix-1');
      const sha = await g.commitPaths(['calc.py'], 'Fix add\n\nadd subtracted', 4242);
      expect(sha).toMatch(/^[0-9a-f]{40}$/);
      const meta = (await worldGit(['log', '-1', '--format=%an <%ae>|%cn <%ce>|%B'], { cwd: g.dir })).stdout;
      expect(meta).toContain('nightwatch[bot] <nightwatch@users.noreply.github.com>|nightwatch[bot]');
      expect(meta).toMatch(/\n\nNightwatch-Run: 4242\s*$/);
      expect(meta).not.toContain('Leaked');
      const trailers = (
        await worldGit(['log', '-1', '--format=%(trailers:key=Nightwatch-Run,valueonly)'], { cwd: g.dir })
      ).stdout.trim();
      expect(trailers).toBe('4242');
      expect(await g.changedFiles(base, sha)).toEqual(['calc.py']);
      expect(await g.diff(base, sha)).toContain('+    return a + b');
      await expect(fs.access(join(tmp, 'hook-ran'))).rejects.toThrow();
    } finally {
      process.env.HOME = saved.HOME;
      if (saved.GIT_DIR === undefined) delete process.env.GIT_DIR;
      else process.env.GIT_DIR = saved.GIT_DIR;
    }
  });

  it('refuses an empty commit with a clear error', async () => {
    const g = await createGit(join(tmp, 'empty'));
    await g.fetchAndCheckout(url, base, TOKEN);
    await expect(g.commitPaths(['calc.py'], 'nothing')).rejects.toThrow(/git commit failed/);
  });

  it('pushes a nightwatch/* branch for real, token never on a command line or left in config', async () => {
    const dir = join(tmp, 'push');
    const args: string[][] = [];
    const g = await createGit(dir, undefined, { onExec: a => args.push([...a]) });
    await g.fetchAndCheckout(url, base, TOKEN);
    await g.checkoutNewBranch('nightwatch/fix-push');
    await fs.writeFile(join(dir, 'calc.py'), 'def add(a, b):\n    return a + b\n');
    const sha = await g.commitPaths(['calc.py'], 'Fix add', '77');

    expect(await g.remoteBranchSha(url, 'nightwatch/fix-push', TOKEN)).toBeUndefined();
    const { result: pushed, cmdlines } = await watchProcesses(() =>
      g.tryPush(url, 'nightwatch/fix-push', TOKEN)
    );
    expect(pushed).toBe(true);
    expect(await remote.branchSha('acme', 'calc', 'nightwatch/fix-push')).toBe(sha);
    expect(remote.pushes).toContainEqual(
      expect.objectContaining({
        owner: 'acme',
        repo: 'calc',
        ref: 'refs/heads/nightwatch/fix-push',
        after: sha
      })
    );
    expect(await remote.message('acme', 'calc', 'nightwatch/fix-push')).toContain('Nightwatch-Run: 77');
    expect(await g.remoteBranchSha(url, 'nightwatch/fix-push', TOKEN)).toBe(sha);

    // The watcher did see git at work (so the check below is not vacuous).
    expect(cmdlines.some(c => /git(-remote-https?| push| send-pack)/.test(c))).toBe(true);
    const all = args.flat().join(' ') + cmdlines.join('\n');
    expect(all).toContain('push');
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(CREDENTIAL);
    expect(await fs.readFile(join(dir, '.git', 'config'), 'utf8')).not.toMatch(/extraheader|x-access-token/i);
  });

  it('force-pushes over an existing nightwatch branch only when asked', async () => {
    const dir = join(tmp, 'force');
    const g = await createGit(dir);
    await g.fetchAndCheckout(url, base, TOKEN);
    await remote.commit('acme', 'calc', 'nightwatch/fix-force', {
      files: { 'other.txt': 'x\n' },
      message: 'older fix'
    });
    await g.checkoutNewBranch('nightwatch/fix-force');
    await fs.writeFile(join(dir, 'calc.py'), 'def add(a, b):\n    return b + a\n');
    const sha = await g.commitPaths(['calc.py'], 'Fix add again');
    expect(await g.tryPush(url, 'nightwatch/fix-force', TOKEN)).toBe(false);
    expect(await g.tryPush(url, 'nightwatch/fix-force', TOKEN, true)).toBe(true);
    expect(await remote.branchSha('acme', 'calc', 'nightwatch/fix-force')).toBe(sha);
  });

  it("refuses a branch name git does not accept, with git's reason", async () => {
    const dir = join(tmp, 'badname');
    const g = await createGit(dir);
    await g.fetchAndCheckout(url, base, TOKEN);
    await expect(g.checkoutNewBranch('nightwatch/fix..two')).rejects.toThrow(/not a valid branch name/);
    await expect(g.checkoutNewBranch('nightwatch/fix lock')).rejects.toThrow(/not a valid branch name/);
  });

  it('refuses in code to push anything outside nightwatch/*', async () => {
    const dir = join(tmp, 'forbidden');
    const g = await createGit(dir);
    await g.fetchAndCheckout(url, base, TOKEN);
    await g.checkoutNewBranch('main');
    await fs.writeFile(join(dir, 'calc.py'), 'broken\n');
    await g.commitPaths(['calc.py'], 'Should never land');
    const before = remote.pushes.length;
    await expect(g.tryPush(url, 'main', TOKEN)).rejects.toBeInstanceOf(ForbiddenBranchError);
    await expect(g.tryPush(url, 'nightwatch/../main', TOKEN)).rejects.toBeInstanceOf(ForbiddenBranchError);
    await expect(g.tryPush(url, 'nightwatch/', TOKEN)).rejects.toBeInstanceOf(ForbiddenBranchError);
    expect(remote.pushes.length).toBe(before);
    expect(await remote.branchSha('acme', 'calc', 'main')).toBe(base);
  });

  it('the update-branch exception pushes only the one dependabot/renovate branch named, never main or another, never forced', async () => {
    const update = 'dependabot/npm_and_yarn/lib-2.0.0';
    const start = await remote.commit('acme', 'calc', update, {
      files: { 'bump.txt': '2\n' },
      message: 'bump'
    });
    const dir = join(tmp, 'update');
    const g = await createGit(dir);
    await g.fetchAndCheckout(url, start, TOKEN);
    await g.checkoutNewBranch(update);
    await fs.writeFile(join(dir, 'calc.py'), 'def add(a, b):\n    return a + b\n');
    const sha = await g.commitPaths(['calc.py'], 'Fix add');
    const before = remote.pushes.length;
    // The exception names another branch, or the branch is not an update bot's: refused in code.
    await expect(g.tryPush(url, 'main', TOKEN, false, 'main')).rejects.toBeInstanceOf(ForbiddenBranchError);
    await expect(g.tryPush(url, 'main', TOKEN, false, update)).rejects.toBeInstanceOf(ForbiddenBranchError);
    await expect(g.tryPush(url, update, TOKEN, false, 'dependabot/other')).rejects.toBeInstanceOf(
      ForbiddenBranchError
    );
    await expect(g.tryPush(url, update, TOKEN)).rejects.toBeInstanceOf(ForbiddenBranchError);
    for (const bad of [
      'dependabot/../main',
      'dependabot/',
      'renovate/x.lock',
      'dependabot/.hidden',
      'renovate/a b'
    ])
      await expect(g.tryPush(url, bad, TOKEN, false, bad)).rejects.toBeInstanceOf(ForbiddenBranchError);
    // Never forced, even when named.
    await expect(g.tryPush(url, update, TOKEN, true, update)).rejects.toThrow(/only ever fast-forwarded/);
    expect(remote.pushes.length).toBe(before);
    expect(await remote.branchSha('acme', 'calc', 'main')).toBe(base);
    // Named and a fast-forward: pushed.
    expect(await g.tryPush(url, update, TOKEN, false, update)).toBe(true);
    expect(await remote.branchSha('acme', 'calc', update)).toBe(sha);
  });

  it('the update-branch exception does not overwrite a branch that moved (no fast-forward)', async () => {
    const update = 'renovate/lib-3.x';
    const start = await remote.commit('acme', 'calc', update, {
      files: { 'bump.txt': '3\n' },
      message: 'bump'
    });
    const dir = join(tmp, 'update-moved');
    const g = await createGit(dir);
    await g.fetchAndCheckout(url, start, TOKEN);
    await g.checkoutNewBranch(update);
    await fs.writeFile(join(dir, 'calc.py'), 'def add(a, b):\n    return a + b\n');
    await g.commitPaths(['calc.py'], 'Fix add');
    const moved = await remote.commit('acme', 'calc', update, {
      files: { 'bump.txt': '3.1\n' },
      message: 'rebump'
    });
    expect(await g.tryPush(url, update, TOKEN, false, update)).toBe(false);
    expect(await remote.branchSha('acme', 'calc', update)).toBe(moved);
  });

  it('isUpdateBranch: update bots’ branches with valid ref names only', () => {
    for (const ok of ['dependabot/npm_and_yarn/lib-2.0.0', 'renovate/lib-2.x', 'dependabot/pip/a/b-1.0'])
      expect(isUpdateBranch(ok)).toBe(true);
    for (const bad of [
      'main',
      'nightwatch/deps-lib-2',
      'dependabot/',
      'dependabot//x',
      'dependabot/../main',
      'dependabot/x.lock',
      'dependabot/.x',
      'dependabot/x.',
      'dependabot/x/',
      'dependabot/a@{1}',
      'dependabot/a b',
      'dependabot/a\tb',
      'dependabot/a~1',
      'dependabot/a:b',
      'refs/heads/dependabot/x',
      'Dependabot/x'
    ])
      expect(isUpdateBranch(bad)).toBe(false);
  });

  it('returns false when the remote rejects the push, and cleans the header', async () => {
    await remote.createRepo('acme', 'locked', { 'a.txt': 'a\n' });
    const lockedUrl = remote.repoUrl('acme', 'locked');
    const head = await remote.branchSha('acme', 'locked', 'main');
    const dir = join(tmp, 'locked');
    const { log, lines } = recorder();
    const g = await createGit(dir, log);
    await g.fetchAndCheckout(lockedUrl, head as string, TOKEN);
    await g.checkoutNewBranch('nightwatch/fix-locked');
    await fs.writeFile(join(dir, 'a.txt'), 'b\n');
    await g.commitPaths(['a.txt'], 'change');
    await remote.rejectPushes('acme', 'locked', 'protected by policy');
    try {
      expect(await g.tryPush(lockedUrl, 'nightwatch/fix-locked', TOKEN)).toBe(false);
    } finally {
      await remote.allowPushes('acme', 'locked');
    }
    expect(lines.some(l => l.startsWith('warning') && l.includes('rejected'))).toBe(true);
    expect(lines.join('\n')).not.toContain(TOKEN);
    expect(await remote.branchSha('acme', 'locked', 'nightwatch/fix-locked')).toBeUndefined();
    expect(await fs.readFile(join(dir, '.git', 'config'), 'utf8')).not.toMatch(/extraheader/i);
  });

  it('registers the derived credential as a secret and never logs the token', async () => {
    const masked: string[] = [];
    const { log, lines } = recorder();
    log.setSecret = v => masked.push(v);
    const g = await createGit(join(tmp, 'masked'), log);
    await g.fetchAndCheckout(url, base, TOKEN);
    expect(masked).toContain(CREDENTIAL);
    expect(lines.join('\n')).not.toContain(TOKEN);
    expect(lines.join('\n')).not.toContain(CREDENTIAL);
  });

  it('works in a linked worktree (the CLI heals in one): auth header in the common config, then gone', async () => {
    const main = join(tmp, 'main');
    const g = await createGit(main);
    await g.fetchAndCheckout(url, base, TOKEN);
    const wtDir = join(tmp, 'wt');
    await worldGit(['worktree', 'add', '--detach', wtDir, base], { cwd: g.dir });
    const wt = await createGit(wtDir);
    expect(await wt.remoteBranchSha(url, 'main', TOKEN)).toBe(base);
    await wt.checkoutNewBranch('nightwatch/fix-wt');
    await fs.writeFile(join(wtDir, 'calc.py'), 'def add(a, b):\n    return a + b\n');
    await wt.commitPaths(['calc.py'], 'wt fix', 'local-1');
    expect(await wt.tryPush(url, 'nightwatch/fix-wt', TOKEN)).toBe(true);
    expect(await remote.branchSha('acme', 'calc', 'nightwatch/fix-wt')).toBe(await wt.headSha());
    expect(await fs.readFile(join(main, '.git', 'config'), 'utf8')).not.toMatch(/extraheader/i);
  });

  it('serialises concurrent authenticated commands on one work tree', async () => {
    const dir = join(tmp, 'concurrent');
    const g = await createGit(dir);
    await g.fetchAndCheckout(url, base, TOKEN);
    const shas = await Promise.all([
      g.remoteBranchSha(url, 'main', TOKEN),
      g.remoteBranchSha(url, 'main', TOKEN),
      g.remoteBranchSha(url, 'nope', TOKEN)
    ]);
    expect(shas).toEqual([base, base, undefined]);
    expect(await fs.readFile(join(dir, '.git', 'config'), 'utf8')).not.toMatch(/extraheader/i);
  });

  it('heals from a hostile local repository without running its hooks, fsmonitor, filters or textconv, and git never sees a token', async () => {
    const src = join(tmp, 'user');
    const marker = join(tmp, 'ran');
    const head = await hostileLocalRepo(src, marker);
    // The trap is real: what the CLI did before (a worktree of DIR) springs it.
    await worldGit(['worktree', 'add', '-q', '--detach', join(tmp, 'old-way'), head], { cwd: src });
    expect(await fs.readFile(marker, 'utf8')).toMatch(/post-checkout|evil/);
    await fs.rm(marker);
    await worldGit(['worktree', 'remove', '--force', join(tmp, 'old-way')], { cwd: src });
    await fs.rm(marker, { force: true });

    const saved = { ...process.env };
    Object.assign(process.env, {
      GITHUB_TOKEN: LEAKED_TOKEN,
      'INPUT_GITHUB-TOKEN': LEAKED_TOKEN,
      ACTIONS_RUNTIME_TOKEN: LEAKED_TOKEN,
      GEMINI_API_KEY: LEAKED_TOKEN
    });
    try {
      const g = await createGit(join(tmp, 'heal'));
      const { result, environs } = await watchGitEnvironments(async () => {
        const sha = await localHead(src);
        await g.checkoutFromLocal(src, sha);
        await fs.writeFile(join(g.dir, 'calc.py'), 'def add(a, b):\n    return a + b\n');
        await g.checkoutNewBranch('nightwatch/fix-local');
        const fix = await g.commitPaths(['calc.py'], 'Fix add', 'local-1');
        const changed = await g.changedFiles(sha, fix);
        const diff = await g.diff(sha, fix);
        await g.deliverBranchTo(src, 'nightwatch/fix-local', false);
        return { sha, fix, changed, diff, tip: await localBranchTip(src, 'nightwatch/fix-local') };
      });
      expect(result.sha).toBe(head);
      expect(result.changed).toEqual(['calc.py']);
      expect(result.diff).toContain('+    return a + b');
      expect(result.tip).toEqual({ sha: result.fix, byNightwatch: true });
      // The checkout used no filter: the work tree holds the blob as committed.
      expect(await fs.readFile(join(g.dir, '.gitattributes'), 'utf8')).toBe('* filter=evil diff=evil\n');
      await expect(fs.access(marker)).rejects.toThrow();
      // DIR keeps its checkout and gets nothing but the branch.
      expect((await worldGit(['rev-parse', 'HEAD'], { cwd: src })).stdout.trim()).toBe(head);
      expect((await worldGit(['worktree', 'list'], { cwd: src })).stdout.trim().split('\n')).toHaveLength(1);
      // Not vacuous: git processes were seen, and none of them had a token in its environment.
      expect(environs.length).toBeGreaterThan(0);
      for (const e of environs) {
        expect(e).not.toContain(LEAKED_TOKEN);
        expect(e).toMatch(/^HOME=.*nightwatch-git-home-/m);
      }
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });

  it('commits only the paths asked for: files the tests wrote into the tree stay out', async () => {
    const dir = join(tmp, 'stray');
    const g = await createGit(dir);
    await g.fetchAndCheckout(url, base, TOKEN);
    await g.checkoutNewBranch('nightwatch/fix-stray');
    await fs.writeFile(join(dir, 'calc.py'), 'def add(a, b):\n    return a + b\n');
    await fs.mkdir(join(dir, '.github', 'workflows'), { recursive: true });
    await fs.writeFile(join(dir, '.github', 'workflows', 'evil.yml'), 'on: push\n');
    await fs.writeFile(join(dir, 'tests', 'test_calc.py'), 'def test_add():\n    pass\n');
    await fs.writeFile(join(dir, 'tests', 'test_new.py'), 'def test_new():\n    assert True\n');
    const sha = await g.commitPaths(['./calc.py', 'tests/../tests/test_new.py'], 'Fix add');
    expect((await g.changedFiles(base, sha)).sort()).toEqual(['calc.py', 'tests/test_new.py']);
    await expect(g.commitPaths(['../outside.txt'], 'x')).rejects.toThrow(/escapes the repository/);
    await expect(g.commitPaths(['*.py'], 'x')).rejects.toThrow(/did not match|pathspec/);
  });

  it('never moves a local nightwatch/* branch that holds a user commit or is checked out', async () => {
    const src = join(tmp, 'user2');
    const head = await hostileLocalRepo(src, join(tmp, 'ran2'));
    const g = await createGit(join(tmp, 'heal2'));
    await g.checkoutFromLocal(src, head);
    await g.checkoutNewBranch('nightwatch/fix-mine');
    await fs.writeFile(join(g.dir, 'calc.py'), 'def add(a, b):\n    return a + b\n');
    const fix = await g.commitPaths(['calc.py'], 'Fix add');
    await g.deliverBranchTo(src, 'nightwatch/fix-mine', false);
    expect(await localBranchTip(src, 'nightwatch/fix-mine')).toEqual({ sha: fix, byNightwatch: true });
    expect(await localBranchTip(src, 'nightwatch/none')).toBeUndefined();
    // The user builds on the fix.
    const hooksOff = ['-c', 'core.hooksPath=/dev/null'];
    await worldGit([...hooksOff, 'checkout', '-q', 'nightwatch/fix-mine'], { cwd: src });
    expect((await localBranchTip(src, 'nightwatch/fix-mine'))?.byNightwatch).toBe(false);
    await fs.writeFile(join(src, 'notes.txt'), 'mine\n');
    await worldGit([...hooksOff, 'add', 'notes.txt'], { cwd: src });
    await worldGit([...hooksOff, 'commit', '-qm', 'my work'], { cwd: src });
    const mine = (await worldGit(['rev-parse', 'HEAD'], { cwd: src })).stdout.trim();
    await worldGit([...hooksOff, 'checkout', '-q', 'main'], { cwd: src });
    expect(await localBranchTip(src, 'nightwatch/fix-mine')).toEqual({ sha: mine, byNightwatch: false });
    // Without `replace` the branch does not move, even for a Nightwatch-made tip.
    await expect(g.deliverBranchTo(src, 'nightwatch/fix-mine', false)).rejects.toThrow(GitError);
    expect((await worldGit(['rev-parse', 'nightwatch/fix-mine'], { cwd: src })).stdout.trim()).toBe(mine);
  });

  it("tells a remote branch Nightwatch made from a user's, and a forced push never replaces a tip pushed after the check", async () => {
    const dir = join(tmp, 'tips');
    const g = await createGit(dir);
    await g.fetchAndCheckout(url, base, TOKEN);
    expect(await g.remoteBranchTip(url, 'nightwatch/fix-tips', TOKEN)).toBeUndefined();
    await g.checkoutNewBranch('nightwatch/fix-tips');
    await fs.writeFile(join(dir, 'calc.py'), 'def add(a, b):\n    return a + b\n');
    const ours = await g.commitPaths(['calc.py'], 'Fix add');
    expect(await g.tryPush(url, 'nightwatch/fix-tips', TOKEN)).toBe(true);

    const again = await createGit(join(tmp, 'tips2'));
    await again.fetchAndCheckout(url, base, TOKEN);
    expect(await again.remoteBranchTip(url, 'nightwatch/fix-tips', TOKEN)).toEqual({
      sha: ours,
      byNightwatch: true
    });
    // A user pushes onto the fix branch after the check: the forced push must not replace it.
    const user = await remote.commit('acme', 'calc', 'nightwatch/fix-tips', {
      files: { 'notes.txt': 'mine\n' },
      message: 'my work'
    });
    await again.checkoutNewBranch('nightwatch/fix-tips');
    await fs.writeFile(join(again.dir, 'calc.py'), 'def add(a, b):\n    return b + a\n');
    await again.commitPaths(['calc.py'], 'Fix add again');
    expect(await again.tryPush(url, 'nightwatch/fix-tips', TOKEN, true)).toBe(false);
    expect(await remote.branchSha('acme', 'calc', 'nightwatch/fix-tips')).toBe(user);
    expect(await again.remoteBranchTip(url, 'nightwatch/fix-tips', TOKEN)).toEqual({
      sha: user,
      byNightwatch: false
    });
    expect(await fs.readFile(join(again.dir, '.git', 'config'), 'utf8')).not.toMatch(/extraheader/i);
  });

  it('rejects URLs that carry credentials and non-http remotes', () => {
    expect(() => remoteOrigin('https://x-access-token:abc@github.com/o/r.git')).toThrow(/credentials/);
    expect(() => remoteOrigin('file:///tmp/x')).toThrow(/http/);
    expect(remoteOrigin('https://github.com/o/r.git')).toBe('https://github.com');
  });

  it('accepts only well-formed nightwatch/* branch names', () => {
    expect(isNightwatchBranch('nightwatch/fix-123')).toBe(true);
    expect(isNightwatchBranch('nightwatch/a/b')).toBe(true);
    for (const bad of [
      'main',
      'nightwatch',
      'nightwatch/',
      'nightwatch/..',
      'nightwatch/a b',
      'nightwatch/x.lock',
      'feature/nightwatch/x',
      'nightwatch/a~1'
    ]) {
      expect(isNightwatchBranch(bad)).toBe(false);
    }
  });
});
