/**
 * The git remote publishes a pull request as GitHub does (refs/pull/N/head and refs/pull/N/merge),
 * and the product's git fetches that merge commit by sha over HTTP and reads its parents.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGit } from '../../src/delivery/git.js';
import { GitRemote, git } from './git-remote.js';

const TOKEN = 'ghs_pull_merge_token';

describe('GitRemote.publishPullMerge', () => {
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
    tmp = await mkdtemp(join(tmpdir(), 'nw-pull-merge-'));
  });
  afterEach(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('makes refs/pull/N/merge a merge of the head into the base, fetchable by sha', async () => {
    await remote.createRepo('acme', 'pm', { 'a.txt': 'a\n', 'b.txt': 'b\n' });
    const head = await remote.commit('acme', 'pm', 'feature', {
      files: { 'a.txt': 'A\n' },
      message: 'Feature'
    });
    const base = await remote.commit('acme', 'pm', 'main', {
      files: { 'b.txt': 'B\n' },
      message: 'Main moves on'
    });
    const merge = await remote.publishPullMerge('acme', 'pm', 3, { head, base });

    const bare = remote.barePath('acme', 'pm');
    const refs = (
      await git(['for-each-ref', '--format=%(refname) %(objectname)', 'refs/pull'], { cwd: bare })
    ).stdout;
    expect(refs.trim().split('\n').sort()).toEqual([
      `refs/pull/3/head ${head}`,
      `refs/pull/3/merge ${merge}`
    ]);
    expect(await remote.message('acme', 'pm', merge)).toBe(`Merge ${head} into ${base}`);
    expect(await remote.readFileAt('acme', 'pm', merge, 'a.txt')).toBe('A\n');
    expect(await remote.readFileAt('acme', 'pm', merge, 'b.txt')).toBe('B\n');
    // No branch moved: the merge commit is reachable from refs/pull only.
    expect(await remote.branches('acme', 'pm')).toEqual({ main: base, feature: head });

    const g = await createGit(join(tmp, 'clone'));
    await g.fetchAndCheckout(remote.repoUrl('acme', 'pm'), merge, TOKEN);
    expect(await g.headSha()).toBe(merge);
    expect(await g.commitParents!(merge)).toEqual([base, head]);
    // The head is the shallow fetch's boundary: git knows no parents of it here.
    expect(await g.commitParents!(head)).toEqual([]);
  });

  it('refuses a head that does not merge cleanly, as GitHub makes no merge commit then', async () => {
    await remote.createRepo('acme', 'conflict', { 'a.txt': 'a\n' });
    const head = await remote.commit('acme', 'conflict', 'feature', {
      files: { 'a.txt': 'x\n' },
      message: 'x'
    });
    const base = await remote.commit('acme', 'conflict', 'main', { files: { 'a.txt': 'y\n' }, message: 'y' });
    await expect(remote.publishPullMerge('acme', 'conflict', 4, { head, base })).rejects.toThrow(
      /does not merge cleanly/
    );
  });
});
