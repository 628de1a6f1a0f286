/**
 * The dependency lane through the bundled CLI with real git and Docker: a repository whose last
 * commit bumps a vendored `file:` dependency across a release whose changelog renames an export is
 * fixed forward on nightwatch/deps-<package>-<version> (every use renamed, the manifest keeping the
 * new version); a release whose notes announce a rewrite is escalated with the decision `human`.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cli, git, removeDirs, repoFromFiles } from './cli-runner.js';
import { NODE_IMAGE } from './scenario.js';
import { nodePkg as pkg, nodeProject as project, type HealOut } from './deps-fixture.js';

/** `files` committed green, then a commit that bumps lib to 2.0.0 (the failing commit). */
async function bumped(files: Record<string, string>, dirs: string[]): Promise<string> {
  const repo = await repoFromFiles(files, { dirs, prefix: 'nw-deps-', message: 'lib 1' });
  await writeFile(join(repo, 'package.json'), pkg('2.0.0'));
  await git(repo, 'commit', '-qam', 'Bump lib from 1.0.0 to 2.0.0');
  return repo;
}

async function heal(repo: string): Promise<{ code: number; out: HealOut; stderr: string }> {
  const r = await cli(['heal', '--repo', repo, '--image', NODE_IMAGE, '--json']);
  return { code: r.code, out: JSON.parse(r.stdout || '{}') as HealOut, stderr: r.stderr };
}

describe('the dependency lane (bundled CLI)', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await removeDirs(dirs);
  });

  it('fixes a rename the changelog spells out at every use, on nightwatch/deps-lib-2.0.0, keeping the update', async () => {
    const repo = await bumped(
      project(
        '# Changelog\n\n## 2.0.0\n\n- **Breaking:** renamed `foo()` to `bar()`.\n\n## 1.0.0\n\n- First release.\n'
      ),
      dirs
    );
    const head = await git(repo, 'rev-parse', 'HEAD');
    const { code, out, stderr } = await heal(repo);
    expect({ code, status: out.status, branch: out.branch }).toEqual({
      code: 0,
      status: 'fixed',
      branch: 'nightwatch/deps-lib-2.0.0'
    });
    expect(out.dependency).toMatchObject({
      name: 'lib',
      ecosystem: 'npm',
      from: '1.0.0',
      to: '2.0.0',
      decision: 'auto',
      notes: [expect.stringMatching(/renamed `foo\(\)` to `bar\(\)`/)]
    });
    expect(out.dependency?.impact.map(i => i.file).sort()).toEqual(
      expect.arrayContaining(['src/mean.js', 'src/sum.js'])
    );
    // The lane's fixer made the fix, with the proof any fix carries.
    expect(out.attempts.at(-1)).toMatchObject({ source: 'fixer:dependency-rename', verdict: 'pass' });
    expect(out.evidence?.fixed.sort()).toEqual(['mean averages', 'sum adds', 'total adds all']);
    expect(stderr).toMatch(/Dependency update: lib 1\.0\.0 -> 2\.0\.0 \(npm\); decision auto/);

    // Every use renamed, the comment left alone, the manifest and the vendored package untouched.
    const changed = (await git(repo, 'diff', '--name-only', head, out.branch!)).split('\n').sort();
    expect(changed).toEqual(['src/mean.js', 'src/sum.js']);
    const sum = await git(repo, 'show', `${out.branch}:src/sum.js`);
    expect(sum).toContain("const { bar } = require('lib');");
    expect(sum).toContain('lib.bar(a, b)');
    expect(sum).toContain('foo is what lib 1 called it');
    expect(sum.replace('foo is what lib 1 called it', '')).not.toMatch(/\bfoo\b/);
    expect(await git(repo, 'show', `${out.branch}:src/mean.js`)).toContain('lib.bar(0,');
    expect(await git(repo, 'show', `${out.branch}:package.json`)).toBe(pkg('2.0.0').trim());
    // DIR's checkout is as it was.
    expect(await git(repo, 'rev-parse', 'HEAD')).toBe(head);
    expect(await git(repo, 'status', '--porcelain')).toBe('');
  }, 240_000);

  it('escalates a release whose notes announce a rewrite, with the decision human and nothing committed', async () => {
    const users: Record<string, string> = {};
    for (const n of ['a', 'b', 'c'])
      users[`src/${n}.js`] = `const lib = require('lib');\n\nexports.${n} = (x, y) => lib.foo(x, y);\n`;
    const repo = await bumped(
      project(
        '# Changelog\n\n## 2.0.0\n\n- **BREAKING:** complete rewrite: lib 2 is a new architecture with an entirely new API. Read the migration guide.\n',
        users
      ),
      dirs
    );
    const { code, out } = await heal(repo);
    expect({ code, status: out.status, branch: out.branch }).toEqual({
      code: 3,
      status: 'escalated',
      branch: null
    });
    expect(out.dependency).toMatchObject({ name: 'lib', from: '1.0.0', to: '2.0.0', decision: 'human' });
    expect(out.dependency?.notes[0]).toMatch(/complete rewrite/);
    expect(out.reason).toMatch(/lib 1\.0\.0 -> 2\.0\.0 needs a person: the release is architectural/);
    expect(out.attempts).toEqual([]);
    expect(await git(repo, 'branch', '--list', 'nightwatch/*')).toBe('');
  }, 240_000);
});
