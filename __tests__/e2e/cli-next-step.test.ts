/**
 * `nightwatch-ci heal` (bundled) ends each outcome with the next step a person can take, names its
 * fix branch as the README says (`nightwatch/fix-<16 hex of the fingerprint>`), and cuts the fix
 * commit's subject between words. Where the next step is a command, the test runs it.
 */
import { mkdtemp, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, git, removeDirs, repoFromDemo, repoFromFiles } from './cli-runner.js';
import { PYTHON_IMAGE } from './scenario.js';

const dirs: string[] = [];
afterAll(async () => {
  await removeDirs(dirs);
});

const lastLine = (s: string): string => s.trimEnd().split('\n').pop() ?? '';

describe('heal: branch, commit subject and the next step (bundled CLI)', () => {
  it('fixed: nightwatch/fix-<16 hex>, a subject cut between words, and the review command that works', async () => {
    const repo = await repoFromDemo('demo-python', { dirs });
    const head = (await git(repo, 'rev-parse', 'HEAD')).slice(0, 7);
    const json = await cli(['heal', '--repo', repo, '--image', PYTHON_IMAGE, '--json']);
    const out = JSON.parse(json.stdout) as { status: string; branch: string; fingerprint: string };
    expect({ code: json.code, status: out.status }).toEqual({ code: 0, status: 'fixed' });
    expect(out.fingerprint).toMatch(/^[0-9a-f]{16}/);
    expect(out.branch).toBe(`nightwatch/fix-${out.fingerprint.slice(0, 16)}`);

    // The subject: one line of at most 72 characters, the body's first words, cut between two words.
    const [subject, , body] = (await git(repo, 'log', '-1', '--format=%s%n%n%b', out.branch)).split('\n');
    expect(subject.length).toBeLessThanOrEqual(72);
    expect(subject).toMatch(/^nightwatch: .*\S…$/);
    const words = subject.slice('nightwatch: '.length, -1);
    expect(body.length).toBeGreaterThan(words.length); // demo-python's root cause is a long one
    expect(body.startsWith(words)).toBe(true);
    expect(body[words.length]).toMatch(/[\s,;:.(-]/);

    // Readable: the last line is what to do next, and the command in it runs.
    const r = await cli(['heal', '--repo', repo, '--image', PYTHON_IMAGE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Fix committed on branch ${out.branch} `);
    expect(lastLine(r.stdout)).toBe(
      `Next: review the fix and merge it: git log -p ${head}..${out.branch}, then git merge ${out.branch}`
    );
    const log = await git(repo, 'log', '-p', `${head}..${out.branch}`);
    expect(log).toMatch(/^\+\s+return round_money\(total\)$/m);
  });

  it('escalated without a key: set GEMINI_API_KEY to let the model try', async () => {
    const repo = await repoFromDemo('demo-logic', { dirs });
    const r = await cli(['heal', '--repo', repo, '--image', PYTHON_IMAGE]);
    expect(r.code).toBe(3);
    expect(lastLine(r.stdout)).toMatch(/^Next: set GEMINI_API_KEY to let the model try/);
  });

  it('flaky: re-run the job, and the quarantine command it prints works', async () => {
    // A test that fails on its first run and passes after: state kept outside the tree.
    const state = await mkdtemp(join(tmpdir(), 'nw-flaky-state-'));
    dirs.push(state);
    await chmod(state, 0o777); // the host sandbox may run the tests as nobody
    // A shell test (the host may have no pytest for the sandbox's user).
    const repo = await repoFromFiles(
      {
        'test.sh': [
          '#!/bin/sh',
          `f=${join(state, 'count')}`,
          'n=$(cat "$f" 2>/dev/null || echo 0)',
          'echo $((n + 1)) > "$f"',
          '[ "$n" -gt 0 ] || { echo "FAILED test_sometimes: first run"; exit 1; }',
          'echo "1 passed"',
          ''
        ].join('\n')
      },
      { dirs, prefix: 'nw-flaky-' }
    );
    const r = await cli(['heal', '--repo', repo, '--sandbox', 'host', '--command', 'sh test.sh']);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/flaky/);
    const next = lastLine(r.stdout);
    expect(next).toMatch(
      /^Next: re-run the job; to have this failure re-run, never patched, quarantine it: nightwatch-ci quarantine [0-9a-f]{16}\S* --repo \S+$/
    );
    const command = next.slice(next.indexOf('nightwatch-ci ') + 'nightwatch-ci '.length).split(' ');
    const q = await cli(command);
    expect({ code: q.code, stderr: q.stderr }).toEqual({ code: 0, stderr: '' });
    const status = await cli(['status', '--repo', repo, '--json']);
    expect(status.stdout).toContain(command[1]);
    expect(status.stdout).toMatch(/quarantin/);
  });

  it('not reproduced: check the command or the install, or try the other sandbox', async () => {
    const repo = await repoFromDemo('demo-logic', { dirs });
    const install = await cli(['heal', '--repo', repo, '--sandbox', 'host', '--install', 'sh -c "exit 3"']);
    expect(install.code).toBe(4);
    expect(lastLine(install.stdout)).toBe(
      'Next: check the install with --install CMD (and --install-network), or run in Docker with --sandbox docker --image IMG.'
    );
    const missing = await cli(['heal', '--repo', repo, '--image', PYTHON_IMAGE, '--command', 'no-such-tool']);
    expect(missing.code).toBe(4);
    expect(lastLine(missing.stdout)).toBe(
      'Next: check the command with --command CMD (and the image with --image IMG), or run with --sandbox host.'
    );
  });

  it('passing: nothing to heal, and how to name the failing command', async () => {
    const repo = await repoFromDemo('demo-logic', { dirs });
    const r = await cli(['heal', '--repo', repo, '--sandbox', 'host', '--command', 'true']);
    expect(r.code).toBe(0);
    expect(lastLine(r.stdout)).toMatch(/^Next: nothing to heal\. .*--command CMD/);
  });
});
