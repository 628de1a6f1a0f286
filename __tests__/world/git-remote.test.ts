import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitRemote, git, hermeticGitEnv } from './git-remote.js';

const TOKEN = 'ghs_remote_token';

describe('GitRemote', () => {
  let remote: GitRemote;
  let tmp: string;

  beforeAll(async () => {
    remote = new GitRemote({ token: TOKEN });
    await remote.start();
  });

  afterAll(async () => {
    await remote.stop();
  });

  beforeEach(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'nw-git-remote-test-'));
  });

  afterEach(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  // The product authenticates the way actions/checkout does: an extraheader, never the URL.
  const withAuth = (token: string): string[] => ['-c', `http.extraheader=${remote.authHeader(token)}`];

  it('creates a bare repo from a directory and serves it to an authenticated clone', async () => {
    const src = join(tmp, 'src');
    await mkdir(join(src, 'pkg'), { recursive: true });
    await writeFile(join(src, 'pkg', 'calc.py'), 'def add(a, b):\n    return a - b\n');
    await writeFile(join(src, 'README.md'), '# demo\n');
    const sha = await remote.createRepo('acme', 'calc', src, {
      commits: [{ files: { 'tests/test_calc.py': 'x = 1\n' }, message: 'Add tests' }]
    });
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect(await remote.branches('acme', 'calc')).toEqual({ main: sha });
    expect(await remote.readFileAt('acme', 'calc', 'main', 'pkg/calc.py')).toContain('a - b');
    expect(await remote.readFileAt('acme', 'calc', 'main', 'nope.txt')).toBeUndefined();
    expect(await remote.message('acme', 'calc', sha)).toBe('Add tests');

    const dir = join(tmp, 'clone');
    await git([...withAuth(TOKEN), 'clone', '--quiet', remote.repoUrl('acme', 'calc'), dir]);
    expect(await readFile(join(dir, 'tests', 'test_calc.py'), 'utf8')).toBe('x = 1\n');
    expect(remote.requests.every(r => r.authorized)).toBe(true);
  });

  it('fetches one commit by sha (protocol v2, as actions/checkout does)', async () => {
    const sha = await remote.createRepo('acme', 'fetchsha', { 'a.txt': 'a\n' });
    const second = await remote.commit('acme', 'fetchsha', 'main', {
      files: { 'b.txt': 'b\n' },
      message: 'second'
    });
    const dir = join(tmp, 'w');
    await git(['init', '--quiet', dir]);
    await git(
      [...withAuth(TOKEN), 'fetch', '--quiet', '--depth=1', remote.repoUrl('acme', 'fetchsha'), sha],
      { cwd: dir }
    );
    await git(['checkout', '--quiet', '--detach', 'FETCH_HEAD'], { cwd: dir });
    expect((await git(['rev-parse', 'HEAD'], { cwd: dir })).stdout.trim()).toBe(sha);
    expect(second).not.toBe(sha);
  });

  it('answers 401 with WWW-Authenticate without the token, for fetch and push', async () => {
    await remote.createRepo('acme', 'private', { 'a.txt': 'a\n' });
    const res = await fetch(`${remote.repoUrl('acme', 'private')}/info/refs?service=git-upload-pack`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic /);

    const clone = await git(['clone', '--quiet', remote.repoUrl('acme', 'private'), join(tmp, 'x')], {
      allowFail: true
    });
    expect(clone.exitCode).not.toBe(0);
    const wrong = await git(
      [...withAuth('wrong'), 'clone', '--quiet', remote.repoUrl('acme', 'private'), join(tmp, 'y')],
      { allowFail: true }
    );
    expect(wrong.exitCode).not.toBe(0);

    const push = await fetch(`${remote.repoUrl('acme', 'private')}/info/refs?service=git-receive-pack`);
    expect(push.status).toBe(401);
  });

  it('accepts a real push of a new branch and records it', async () => {
    const base = await remote.createRepo('acme', 'push', { 'a.txt': 'a\n' });
    const dir = join(tmp, 'w');
    await git([...withAuth(TOKEN), 'clone', '--quiet', remote.repoUrl('acme', 'push'), dir]);
    await git(['checkout', '--quiet', '-b', 'nightwatch/fix-1'], { cwd: dir });
    await writeFile(join(dir, 'a.txt'), 'fixed\n');
    await git(['commit', '--quiet', '-am', 'fix'], { cwd: dir });
    const head = (await git(['rev-parse', 'HEAD'], { cwd: dir })).stdout.trim();
    remote.pushes.length = 0;
    await git([...withAuth(TOKEN), 'push', '--quiet', remote.repoUrl('acme', 'push'), 'nightwatch/fix-1'], {
      cwd: dir
    });
    expect(remote.pushes).toEqual([
      {
        owner: 'acme',
        repo: 'push',
        ref: 'refs/heads/nightwatch/fix-1',
        before: '0'.repeat(40),
        after: head,
        by: 'job'
      }
    ]);
    expect(await remote.branches('acme', 'push')).toEqual({ main: base, 'nightwatch/fix-1': head });
    expect(await remote.changedFiles('acme', 'push', 'main', 'nightwatch/fix-1')).toEqual(['a.txt']);

    const check = join(tmp, 'check');
    await remote.clone('acme', 'push', 'nightwatch/fix-1', check);
    expect(await readFile(join(check, 'a.txt'), 'utf8')).toBe('fixed\n');
  });

  it('accepts a second token, records which token pushed, and refuses it once revoked', async () => {
    const APP = 'ghs_remote_app_token';
    remote.acceptToken(APP, 'app');
    const base = await remote.createRepo('acme', 'twotokens', { 'a.txt': 'a\n' });
    const dir = join(tmp, 'w');
    await git([...withAuth(TOKEN), 'clone', '--quiet', remote.repoUrl('acme', 'twotokens'), dir]);
    await git(['checkout', '--quiet', '-b', 'nightwatch/app'], { cwd: dir });
    await git(['commit', '--quiet', '--allow-empty', '-m', 'x'], { cwd: dir });
    const head = (await git(['rev-parse', 'HEAD'], { cwd: dir })).stdout.trim();
    remote.pushes.length = 0;
    remote.requests.length = 0;
    await git([...withAuth(APP), 'push', '--quiet', remote.repoUrl('acme', 'twotokens'), 'nightwatch/app'], {
      cwd: dir
    });
    expect(remote.pushes).toEqual([
      {
        owner: 'acme',
        repo: 'twotokens',
        ref: 'refs/heads/nightwatch/app',
        before: '0'.repeat(40),
        after: head,
        by: 'app'
      }
    ]);
    expect(remote.requests.map(r => r.by)).toEqual(remote.requests.map(() => 'app'));

    remote.revokeToken(APP);
    remote.requests.length = 0;
    await git(['commit', '--quiet', '--allow-empty', '-m', 'y'], { cwd: dir });
    const r = await git([...withAuth(APP), 'push', remote.repoUrl('acme', 'twotokens'), 'nightwatch/app'], {
      cwd: dir,
      allowFail: true
    });
    expect(r.exitCode).not.toBe(0);
    // With the token in an extraheader, git meets the 401 by asking for a password (none here).
    expect(r.stderr).toMatch(/could not read Username|Authentication failed/);
    expect(remote.requests).toEqual([
      expect.objectContaining({ service: 'git-receive-pack', status: 401, authorized: false, by: 'app' })
    ]);
    expect(await remote.branches('acme', 'twotokens')).toEqual({ main: base, 'nightwatch/app': head });
    // The job token is untouched by the revocation.
    await git(
      [...withAuth(TOKEN), 'push', '--quiet', remote.repoUrl('acme', 'twotokens'), 'nightwatch/app'],
      {
        cwd: dir
      }
    );
    expect(remote.pushes.at(-1)?.by).toBe('job');
  });

  it('rejects pushes through a pre-receive hook when told to', async () => {
    await remote.createRepo('acme', 'locked', { 'a.txt': 'a\n' });
    await remote.rejectPushes('acme', 'locked', 'branch protection');
    const dir = join(tmp, 'w');
    await git([...withAuth(TOKEN), 'clone', '--quiet', remote.repoUrl('acme', 'locked'), dir]);
    await git(['checkout', '--quiet', '-b', 'nightwatch/x'], { cwd: dir });
    await git(['commit', '--quiet', '--allow-empty', '-m', 'x'], { cwd: dir });
    remote.pushes.length = 0;
    const r = await git([...withAuth(TOKEN), 'push', remote.repoUrl('acme', 'locked'), 'nightwatch/x'], {
      cwd: dir,
      allowFail: true,
      env: hermeticGitEnv()
    });
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain('branch protection');
    expect(remote.pushes).toEqual([]);
    expect(Object.keys(await remote.branches('acme', 'locked'))).toEqual(['main']);

    await remote.allowPushes('acme', 'locked');
    await git([...withAuth(TOKEN), 'push', '--quiet', remote.repoUrl('acme', 'locked'), 'nightwatch/x'], {
      cwd: dir
    });
    expect(remote.pushes.map(p => p.ref)).toEqual(['refs/heads/nightwatch/x']);
  });

  it('rejects only pushes to matching refs when given a pattern (a protected branch)', async () => {
    await remote.createRepo('acme', 'protected', { 'a.txt': 'a\n' });
    await remote.rejectPushes('acme', 'protected', 'main is protected', '^refs/heads/main$');
    const dir = join(tmp, 'w');
    await git([...withAuth(TOKEN), 'clone', '--quiet', remote.repoUrl('acme', 'protected'), dir]);
    await git(['commit', '--quiet', '--allow-empty', '-m', 'direct'], { cwd: dir });
    const toMain = await git([...withAuth(TOKEN), 'push', remote.repoUrl('acme', 'protected'), 'HEAD:main'], {
      cwd: dir,
      allowFail: true
    });
    expect(toMain.exitCode).not.toBe(0);
    expect(toMain.stderr).toContain('main is protected (refs/heads/main)');
    await git(
      [
        ...withAuth(TOKEN),
        'push',
        '--quiet',
        remote.repoUrl('acme', 'protected'),
        'HEAD:refs/heads/nightwatch/ok'
      ],
      { cwd: dir }
    );
    expect(Object.keys(await remote.branches('acme', 'protected')).sort()).toEqual(['main', 'nightwatch/ok']);
  });

  it('refuses a push that changes a workflow, as GitHub does for an app token without workflows permission', async () => {
    await remote.createRepo('acme', 'wf', { '.github/workflows/ci.yml': 'on: push\n', 'a.txt': 'a\n' });
    const dir = join(tmp, 'w');
    await git([...withAuth(TOKEN), 'clone', '--quiet', remote.repoUrl('acme', 'wf'), dir]);
    await writeFile(join(dir, 'a.txt'), 'b\n');
    await git(['commit', '--quiet', '-am', 'ok'], { cwd: dir });
    await git(
      [...withAuth(TOKEN), 'push', '--quiet', remote.repoUrl('acme', 'wf'), 'HEAD:refs/heads/nightwatch/ok'],
      { cwd: dir }
    );
    await writeFile(join(dir, '.github', 'workflows', 'ci.yml'), 'on: [push, pull_request]\n');
    await git(['commit', '--quiet', '-am', 'touch ci'], { cwd: dir });
    const r = await git(
      [...withAuth(TOKEN), 'push', remote.repoUrl('acme', 'wf'), 'HEAD:refs/heads/nightwatch/wf'],
      { cwd: dir, allowFail: true }
    );
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain(
      'refusing to allow a GitHub App to create or update workflow `.github/workflows/ci.yml` without `workflows` permission'
    );
    await remote.allowWorkflowChanges('acme', 'wf');
    await git(
      [...withAuth(TOKEN), 'push', '--quiet', remote.repoUrl('acme', 'wf'), 'HEAD:refs/heads/nightwatch/wf'],
      { cwd: dir }
    );
    expect(Object.keys(await remote.branches('acme', 'wf')).sort()).toEqual([
      'main',
      'nightwatch/ok',
      'nightwatch/wf'
    ]);
  });

  it('injects a failing push for one request', async () => {
    await remote.createRepo('acme', 'flaky', { 'a.txt': 'a\n' });
    const dir = join(tmp, 'w');
    await git([...withAuth(TOKEN), 'clone', '--quiet', remote.repoUrl('acme', 'flaky'), dir]);
    await git(['commit', '--quiet', '--allow-empty', '-m', 'x'], { cwd: dir });
    remote.failNext({ service: 'git-receive-pack', status: 503 });
    const first = await git(
      [...withAuth(TOKEN), 'push', remote.repoUrl('acme', 'flaky'), 'HEAD:refs/heads/nightwatch/f'],
      { cwd: dir, allowFail: true }
    );
    expect(first.exitCode).not.toBe(0);
    await git(
      [
        ...withAuth(TOKEN),
        'push',
        '--quiet',
        remote.repoUrl('acme', 'flaky'),
        'HEAD:refs/heads/nightwatch/f'
      ],
      { cwd: dir }
    );
    expect(Object.keys(await remote.branches('acme', 'flaky')).sort()).toEqual(['main', 'nightwatch/f']);
  });

  it('answers 404 for an unknown repository', async () => {
    const r = await git([...withAuth(TOKEN), 'ls-remote', remote.repoUrl('acme', 'missing')], {
      allowFail: true
    });
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/not found/i);
  });
});
