/**
 * Ctrl-C and a cancelled job, through the bundled CLI (dist/cli.js) with real Docker: `heal` is
 * signalled while its sandbox container runs (the install, then the tests); it removes its
 * containers, the install network, its copies and its worktree, exits 130 (SIGINT) or 143
 * (SIGTERM), and the user's repository is as it was.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { containersUnder, docker, dockerImagesReady, PY_IMAGE } from '../sandbox/helpers.js';
import { CLI, git, removeDirs, repoFromFiles } from './cli-runner.js';

const ready = await dockerImagesReady();
const describeDocker = ready ? describe : describe.skip;

const FILES = {
  'pyproject.toml': '[project]\nname = "slow"\nversion = "0.1.0"\n',
  'slow.py': 'def answer():\n    return 41\n',
  'tests/test_slow.py':
    'import time\n\nfrom slow import answer\n\n\ndef test_answer():\n    time.sleep(300)\n    assert answer() == 42\n'
};

/** What of the user's repository a heal must leave as it was. */
async function repoState(repo: string): Promise<string> {
  return [
    await git(repo, 'rev-parse', 'HEAD'),
    await git(repo, 'status', '--porcelain', '--ignored'),
    await git(repo, 'branch', '--list'),
    await git(repo, 'worktree', 'list', '--porcelain'),
    await git(repo, 'stash', 'list'),
    (await readdir(repo)).sort().join(',')
  ].join('\n');
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 90_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 250));
  }
}

describeDocker('heal cancelled by a signal (bundled CLI, Docker)', () => {
  const dirs: string[] = [];
  afterAll(() => removeDirs(dirs));

  it.each([
    ['SIGINT', 'install', 130, ['--install', 'sleep 300']],
    ['SIGTERM', 'test', 143, []]
  ] as const)(
    '%s during the %s phase: exit %i, no container, network, copy or worktree left, the repository unchanged',
    async (signal, phase, code, extra) => {
      const repo = await repoFromFiles(FILES, { dirs });
      // The CLI's temp folder (copies, worktree, kept install) is this test's own.
      const tmp = await mkdtemp(join(tmpdir(), 'nw-cancel-tmp-'));
      dirs.push(tmp);
      const before = await repoState(repo);
      const child = spawn(
        process.execPath,
        [
          CLI,
          'heal',
          '--repo',
          repo,
          '--image',
          PY_IMAGE,
          '--command',
          'python3 -m pytest -q',
          ...extra,
          '--json'
        ],
        {
          env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: tmp },
          stdio: ['ignore', 'pipe', 'pipe']
        }
      );
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(resolve =>
        child.on('exit', (c, s) => resolve({ code: c, signal: s }))
      );
      try {
        // The sandbox container of the phase is running (its mount is under our temp folder).
        const id = await until('the sandbox container', async () => {
          for (const c of await containersUnder(tmp)) {
            const label = (
              await docker('inspect', '--format', '{{index .Config.Labels "nightwatch.sandbox"}}', c)
            ).trim();
            const running = (await docker('inspect', '--format', '{{.State.Running}}', c)).trim();
            if (label === phase && running === 'true') return c;
          }
          return undefined;
        });
        const networks = (
          await docker(
            'inspect',
            '--format',
            '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}',
            id
          )
        )
          .trim()
          .split(/\s+/)
          .filter(n => n.startsWith('nightwatch-'));
        if (phase === 'install') expect(networks).toHaveLength(1);
        expect((await readdir(tmp)).length).toBeGreaterThan(0);
        child.kill(signal);
        let timer: NodeJS.Timeout | undefined;
        const end = await Promise.race([
          exited,
          new Promise<'hung'>(r => {
            timer = setTimeout(() => r('hung'), 45_000);
          })
        ]);
        clearTimeout(timer);
        expect(end).toEqual({ code, signal: null });
        expect(stderr).toMatch(new RegExp(`${signal}: cancelling`));
        expect(await containersUnder(tmp)).toEqual([]);
        for (const n of networks) {
          const left = await docker('network', 'ls', '-q', '--filter', `name=^${n}$`);
          expect(left.trim()).toBe('');
        }
        // The worktree (nightwatch-heal-*), the copies and the kept install (nightwatch-sbx-*) are gone.
        expect(await readdir(tmp)).toEqual([]);
        expect(await repoState(repo)).toBe(before);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
        for (const c of await containersUnder(tmp)) await docker('rm', '--force', c).catch(() => undefined);
        await rm(tmp, { recursive: true, force: true });
      }
    },
    180_000
  );
});
