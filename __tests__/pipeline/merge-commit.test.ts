/** Which merge commit is trusted, and a fix verified there that does not fit the head. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Git, Logger } from '../../src/delivery/ports.js';
import { applyFixToHead, checkoutMergeCommit } from '../../src/pipeline/merge-commit.js';
import type { FailedRun, Triage } from '../../src/types.js';

const HEAD = '1'.repeat(40);
const BASE = '2'.repeat(40);
const MERGE = '3'.repeat(40);

const run = { headSha: HEAD } as FailedRun;
const triage = (checkout: Triage['checkout']): Triage =>
  ({
    job: 'test',
    step: 'Run pytest',
    category: 'test',
    chunk: {},
    failures: [],
    fingerprint: 'f',
    checkout
  }) as unknown as Triage;

function recorder(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, debug: () => undefined, info: () => undefined, warning: m => warnings.push(m) };
}

function fakeGit(dir: string, o: { parents?: string[]; fetchFails?: boolean }): Git & { fetched: string[] } {
  const fetched: string[] = [];
  return {
    dir,
    fetched,
    fetchAndCheckout: async (_url: string, sha: string) => {
      if (o.fetchFails) throw new Error(`Commit ${sha} is not on the remote.`);
      fetched.push(sha);
    },
    commitParents: async () => o.parents ?? []
  } as unknown as Git & { fetched: string[] };
}

describe('checkoutMergeCommit', () => {
  const args = (t: Triage, git: Git, log: Logger) => ({
    run,
    triage: t,
    createGit: async () => git,
    dir: '/nowhere',
    repoUrl: 'http://127.0.0.1:1/acme/shop.git',
    log
  });

  it('checks out a merge of the run head whose parents git confirms', async () => {
    const log = recorder();
    const git = fakeGit('/x', { parents: [BASE, HEAD] });
    const m = await checkoutMergeCommit(args(triage({ sha: MERGE, head: HEAD, base: BASE }), git, log));
    expect(m?.merge).toEqual({ sha: MERGE, head: HEAD, base: BASE });
    expect(git.fetched).toEqual([MERGE]);
    expect(log.warnings).toEqual([]);
  });

  it('ignores a merge of another head without fetching it', async () => {
    const log = recorder();
    const git = fakeGit('/x', { parents: [BASE, '4'.repeat(40)] });
    const m = await checkoutMergeCommit(
      args(triage({ sha: MERGE, head: '4'.repeat(40), base: BASE }), git, log)
    );
    expect(m).toBeUndefined();
    expect(git.fetched).toEqual([]);
    expect(log.warnings[0]).toMatch(/names a merge of 4444444, not of the run's head 1111111/);
  });

  it('falls back to the head, with the reason, when the parents differ or the fetch fails', async () => {
    for (const [git, reason] of [
      [fakeGit('/x', { parents: [HEAD, BASE] }), /its parents are 1111111, 2222222, not 2222222 and 1111111/],
      [fakeGit('/x', { fetchFails: true }), /is not on the remote/]
    ] as const) {
      const log = recorder();
      expect(
        await checkoutMergeCommit(args(triage({ sha: MERGE, head: HEAD, base: BASE }), git, log))
      ).toBeUndefined();
      expect(log.warnings[0]).toMatch(reason);
      expect(log.warnings[0]).toContain('reproducing at the PR head 1111111');
    }
  });

  it('does nothing without a merge commit in the log', async () => {
    const log = recorder();
    expect(await checkoutMergeCommit(args(triage(undefined), fakeGit('/x', {}), log))).toBeUndefined();
    expect(log.warnings).toEqual([]);
  });
});

describe('applyFixToHead', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nw-fix-head-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const merge = { sha: MERGE, head: HEAD, base: BASE };

  it('applies the edits onto the head tree', async () => {
    await writeFile(join(dir, 'calc.py'), 'if x > 1:\n');
    const edits = [
      { file: 'calc.py', search: 'if x > 1:', replace: 'if x >= 1:' },
      { file: 'test_new.py', search: '', replace: 'def test(): pass\n' }
    ];
    expect(await applyFixToHead({ dir } as Git, '.', edits, merge)).toBeUndefined();
    expect(await readFile(join(dir, 'calc.py'), 'utf8')).toBe('if x >= 1:\n');
  });

  it('says why when they do not apply there, and changes nothing', async () => {
    await writeFile(join(dir, 'calc.py'), 'if y > 1:\n');
    const edits = [
      { file: 'test_new.py', search: '', replace: 'def test(): pass\n' },
      { file: 'calc.py', search: 'if x > 1:', replace: 'if x >= 1:' }
    ];
    const reason = await applyFixToHead({ dir } as Git, '.', edits, merge);
    expect(reason).toMatch(
      /verified at the merge commit 3333333 .* does not apply to the PR head 1111111: calc.py: search text not found/
    );
    expect(await readFile(join(dir, 'calc.py'), 'utf8')).toBe('if y > 1:\n');
    await expect(readFile(join(dir, 'test_new.py'), 'utf8')).rejects.toThrow();
  });
});
