/**
 * The dependency lane for a Python package through the bundled CLI, with real git and Docker and no
 * internet: two versions of a tiny pure-Python package are built here as wheels (a wheel is a zip)
 * and committed in a local index the requirements file names (`--find-links wheels`). The last
 * commit bumps `minilib==1.0.0` to `==2.0.0` across a release whose notes (the wheel's METADATA)
 * rename `add()` to `plus()`: the code is adapted at every use on nightwatch/deps-minilib-2.0.0 and
 * the requirements keep 2.0.0. A release announcing a rewrite is escalated with the decision human.
 */
import { removeDirs, git } from './cli-runner.js';
import { bumped, heal, requirements } from './deps-fixture.js';

describe('the dependency lane for a Python package from a local wheel index (bundled CLI)', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await removeDirs(dirs);
  });

  it('fixes a rename the wheel’s notes spell out at every use, on nightwatch/deps-minilib-2.0.0, keeping the update', async () => {
    const repo = await bumped(
      '# Changelog\n\n## 2.0.0\n\n- **Breaking:** renamed `add()` to `plus()`.\n\n## 1.0.0\n\n- First release.\n',
      {},
      dirs
    );
    const head = await git(repo, 'rev-parse', 'HEAD');
    const { code, out, stderr } = await heal(repo);
    expect({ code, status: out.status, branch: out.branch }).toEqual({
      code: 0,
      status: 'fixed',
      branch: 'nightwatch/deps-minilib-2.0.0'
    });
    expect(out.reason).toMatch(/AttributeError: module 'minilib' has no attribute 'add'/);
    expect(out.dependency).toMatchObject({
      name: 'minilib',
      ecosystem: 'pypi',
      from: '1.0.0',
      to: '2.0.0',
      decision: 'auto',
      notes: [expect.stringMatching(/renamed `add\(\)` to `plus\(\)`/)]
    });
    expect([...new Set(out.dependency?.impact.map(i => i.file))].sort()).toEqual([
      'app/mean.py',
      'app/stats.py'
    ]);
    expect(stderr).toMatch(/Dependency update: minilib 1\.0\.0 -> 2\.0\.0 \(pypi\); decision auto/);
    expect(out.attempts.at(-1)).toMatchObject({ source: 'fixer:dependency-rename', verdict: 'pass' });
    expect(out.evidence?.fixed.sort()).toEqual([
      'tests/test_stats.py::test_mean',
      'tests/test_stats.py::test_pair',
      'tests/test_stats.py::test_total'
    ]);

    // Every use renamed (attribute, from-import, call), the comment left alone, the requirements kept.
    const changed = (await git(repo, 'diff', '--name-only', head, out.branch!)).split('\n').sort();
    expect(changed).toEqual(['app/mean.py', 'app/stats.py']);
    const stats = await git(repo, 'show', `${out.branch}:app/stats.py`);
    expect(stats).toContain('minilib.plus(n, x)');
    expect(stats).toContain('from minilib import plus');
    expect(stats).toContain('return plus(a, b)');
    expect(stats).toContain('# add is what minilib 1 called it');
    expect(stats.replace('# add is what minilib 1 called it', '')).not.toMatch(/\badd\b/);
    expect(await git(repo, 'show', `${out.branch}:app/mean.py`)).toContain('minilib.plus(0, total(xs))');
    expect(await git(repo, 'show', `${out.branch}:requirements.txt`)).toBe(requirements('2.0.0').trim());
    expect(await git(repo, 'rev-parse', 'HEAD')).toBe(head);
    expect(await git(repo, 'status', '--porcelain')).toBe('');
  }, 300_000);

  it('escalates a release whose notes announce a rewrite, with the decision human and nothing committed', async () => {
    const users: Record<string, string> = {};
    for (const n of ['a', 'b', 'c'])
      users[`app/${n}.py`] = `import minilib\n\n\ndef ${n}(x, y):\n    return minilib.add(x, y)\n`;
    const repo = await bumped(
      '# Changelog\n\n## 2.0.0\n\n- **BREAKING:** complete rewrite: minilib 2 is a new architecture with an entirely new API. Read the migration guide.\n',
      users,
      dirs
    );
    const { code, out } = await heal(repo);
    expect({ code, status: out.status, branch: out.branch }).toEqual({
      code: 3,
      status: 'escalated',
      branch: null
    });
    expect(out.dependency).toMatchObject({
      name: 'minilib',
      ecosystem: 'pypi',
      from: '1.0.0',
      to: '2.0.0',
      decision: 'human'
    });
    expect(out.dependency?.notes[0]).toMatch(/complete rewrite/);
    expect(out.dependency?.impact.map(i => i.file)).toEqual(
      expect.arrayContaining(['app/a.py', 'app/mean.py'])
    );
    expect(out.reason).toMatch(/minilib 1\.0\.0 -> 2\.0\.0 needs a person: the release is architectural/);
    expect(out.attempts).toEqual([]);
    expect(await git(repo, 'branch', '--list', 'nightwatch/*')).toBe('');
  }, 300_000);
});
