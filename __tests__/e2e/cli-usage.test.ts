/**
 * The bundled CLI (dist/cli.js) as a person meets it: --version, --help for every command, a usage
 * error (exit 2) for every kind of bad input, an exit code per heal outcome, --working-directory,
 * the warning about uncommitted changes, and no sandbox or worktree path in what it prints.
 * Most runs use `--sandbox host` or never get past the arguments; one heal uses Docker.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../world/harness.js';
import { cli, git, removeDirs, repoFromDemo } from './cli-runner.js';
import { PYTHON_IMAGE } from './scenario.js';

const pkg = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
};
const PROGRAM = Object.keys(pkg.bin)[0];

const dirs: string[] = [];
afterAll(async () => {
  await removeDirs(dirs);
});

/** A fresh git repository holding `demo` at `sub` ('' for the root), committed. */
const repoWith = (demo: string, sub = ''): Promise<string> =>
  repoFromDemo(demo, { dirs, sub, prefix: 'nw-usage-', files: { 'README.md': 'a monorepo\n' } });

/** Absolute paths of the sandbox (host copy, container) or the throwaway worktree. */
const SANDBOX_PATH = /nightwatch-sbx-|nightwatch-heal-|(?<![\w./-])\/work(?![\w.-])/;

describe('nightwatch CLI usage (bundled)', () => {
  it('--version prints the package version', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await cli([flag]);
      expect(r).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    }
  });

  it.each([
    ['heal', ['--repo', '--working-directory', '--max-attempts', '--sandbox', '--json', 'Exit codes']],
    ['diagnose', ['PATH', '--baseline', '--json']],
    ['status', ['--repo', '--json']],
    ['metrics', ['--repo']],
    ['export', ['--repo']],
    ['explain', ['FINGERPRINT', '--repo']]
  ])('%s --help prints its usage and exits 0', async (command, mentions) => {
    for (const flag of ['--help', '-h']) {
      const r = await cli([command, flag]);
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      expect(r.stdout).toMatch(new RegExp(`^Usage: ${PROGRAM} ${command}`));
      for (const m of mentions) expect(r.stdout).toContain(m);
    }
  });

  it('--help lists every command; no command at all is a usage error', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const c of ['heal', 'diagnose', 'status', 'metrics', 'export', 'explain', '--version'])
      expect(help.stdout).toContain(c);
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/give a command/);
  });

  describe('bad input is a usage error (exit 2) that names the problem', () => {
    let repo: string;
    beforeAll(async () => {
      repo = await repoWith('demo-python');
    });
    const cases: [string, () => string[], RegExp][] = [
      ['an unknown command', () => ['heel'], /unknown command 'heel'/],
      ['heal without --repo', () => ['heal'], /--repo DIR is required/],
      ['--repo without its value', () => ['heal', '--repo'], /'--repo <value>' argument missing/],
      [
        'a --repo that does not exist',
        () => ['heal', '--repo', join(repo, 'nope')],
        /nope: no such directory/
      ],
      [
        '--max-attempts abc',
        () => ['heal', '--repo', repo, '--max-attempts', 'abc'],
        /Invalid --max-attempts 'abc'.*0 to 10/
      ],
      [
        '--max-attempts 1.5',
        () => ['heal', '--repo', repo, '--max-attempts', '1.5'],
        /Invalid --max-attempts '1\.5'/
      ],
      [
        '--max-attempts 99',
        () => ['heal', '--repo', repo, '--max-attempts', '99'],
        /Invalid --max-attempts '99'/
      ],
      [
        '--min-confidence x',
        () => ['heal', '--repo', repo, '--min-confidence', 'x'],
        /Invalid --min-confidence 'x'/
      ],
      ['--sandbox vm', () => ['heal', '--repo', repo, '--sandbox', 'vm'], /Invalid --sandbox 'vm'/],
      ['an unknown option', () => ['heal', '--repo', repo, '--fast'], /Unknown option '--fast'/],
      [
        'a --working-directory outside the repository',
        () => ['heal', '--repo', repo, '--working-directory', '../elsewhere'],
        /--working-directory '\.\.\/elsewhere'.*escapes the repository/
      ],
      [
        'an absolute --working-directory',
        () => ['heal', '--repo', repo, '--working-directory', '/etc'],
        /--working-directory '\/etc'.*relative/
      ],
      [
        'a --working-directory not in HEAD',
        () => ['heal', '--repo', repo, '--working-directory', 'services/api'],
        /--working-directory services\/api is not in the commit/
      ],
      ['diagnose without PATH', () => ['diagnose'], /give a PATH/],
      [
        'diagnose of a path that does not exist',
        () => ['diagnose', join(repo, 'logs.zip')],
        /logs\.zip: no such file or folder/
      ],
      ['diagnose of two paths', () => ['diagnose', repo, repo], /give one PATH, not 2/],
      [
        'a --baseline that does not exist',
        () => ['diagnose', join(repo, 'README.md'), '--baseline', join(repo, 'old.zip')],
        /--baseline .*old\.zip: no such file or folder/
      ],
      ['explain without FINGERPRINT', () => ['explain', '--repo', repo], /give a FINGERPRINT/],
      [
        'status of a folder that is not a repository',
        () => ['status', '--repo', join(repo, 'nope')],
        /not a git repository/
      ],
      ['a number where a flag takes none', () => ['status', '--repo', repo, '--json=3'], /--json/]
    ];
    it.each(cases)('%s', async (_name, args, message) => {
      const r = await cli(args());
      expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: '' });
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/at .*\.js:\d+|TypeError|ERR_PARSE_ARGS/);
    });

    it('heal --json on a folder that is not a repository: exit 2 and the error as JSON', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'nw-usage-nogit-'));
      dirs.push(dir);
      const r = await cli(['heal', '--repo', dir, '--json']);
      expect(r.code).toBe(2);
      expect(JSON.parse(r.stdout)).toMatchObject({
        status: 'error',
        error: expect.stringMatching(/git init/)
      });
    });
  });

  it('heal --working-directory heals the project in a subfolder, warns about uncommitted changes and keeps them', async () => {
    const repo = await repoWith('demo-python', 'services/billing');
    // An uncommitted change the heal does not see: it is warned about, and still there afterwards.
    await writeFile(join(repo, 'README.md'), 'a monorepo, edited\n');
    const r = await cli([
      'heal',
      '--repo',
      repo,
      '--working-directory',
      'services/billing',
      '--image',
      PYTHON_IMAGE,
      '--json'
    ]);
    const out = JSON.parse(r.stdout) as { status: string; branch: string };
    expect({ code: r.code, status: out.status }).toEqual({ code: 0, status: 'fixed' });
    expect(await git(repo, 'diff', '--name-only', 'main', out.branch)).toBe(
      'services/billing/invoice/cart.py'
    );
    expect(r.stderr).toMatch(
      /uncommitted changes \(README\.md\)\. The heal works on HEAD \([0-9a-f]{7}\) and ignores them/
    );
    expect(await readFile(join(repo, 'README.md'), 'utf8')).toBe('a monorepo, edited\n');
    // The container's /work (pytest prints its rootdir) never shows: paths are the repository's.
    expect(r.stdout + r.stderr).not.toMatch(SANDBOX_PATH);
    expect(r.stdout).toContain('rootdir: .');
  });

  it('a clean checkout gets no warning', async () => {
    const repo = await repoWith('demo-python');
    const r = await cli(['heal', '--repo', repo, '--sandbox', 'host', '--command', 'true']);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/uncommitted/);
  });

  it('heal in Docker: no /work or sandbox path in the messages or the JSON', async () => {
    const repo = await repoWith('demo-python');
    const r = await cli(['heal', '--repo', repo, '--image', PYTHON_IMAGE, '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'fixed' });
    expect(r.stdout + r.stderr).not.toMatch(SANDBOX_PATH);
  });

  it('exit codes tell the outcomes apart: escalated 3, not reproduced 4', async () => {
    // demo-logic's bug needs the model: without GEMINI_API_KEY the heal escalates.
    const logic = await repoWith('demo-logic');
    const escalated = await cli(['heal', '--repo', logic, '--image', PYTHON_IMAGE, '--json']);
    expect({ code: escalated.code, status: JSON.parse(escalated.stdout).status }).toEqual({
      code: 3,
      status: 'escalated'
    });
    // An install that fails: the failure cannot be confirmed.
    const notReproduced = await cli([
      'heal',
      '--repo',
      logic,
      '--sandbox',
      'host',
      '--install',
      'sh -c "exit 3"',
      '--json'
    ]);
    expect({ code: notReproduced.code, status: JSON.parse(notReproduced.stdout).status }).toEqual({
      code: 4,
      status: 'not-reproduced'
    });
    expect(await git(logic, 'branch', '--list', 'nightwatch/*')).toBe('');
  });
});
