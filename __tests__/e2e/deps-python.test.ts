/**
 * The dependency lane for a Python package through the bundled CLI, with real git and Docker and no
 * internet: two versions of a tiny pure-Python package are built here as wheels (a wheel is a zip)
 * and committed in a local index the requirements file names (`--find-links wheels`). The last
 * commit bumps `minilib==1.0.0` to `==2.0.0` across a release whose notes (the wheel's METADATA)
 * rename `add()` to `plus()`: the code is adapted at every use on nightwatch/deps-minilib-2.0.0 and
 * the requirements keep 2.0.0. A release announcing a rewrite is escalated with the decision human.
 */
import AdmZip from 'adm-zip';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cli, commitAll, filesDir, git, removeDirs } from './cli-runner.js';
import { PYTHON_IMAGE } from './scenario.js';

interface HealOut {
  status: string;
  branch: string | null;
  reason: string | null;
  attempts: { verdict: string; source: string }[];
  evidence: { failing: string[]; fixed: string[] } | null;
  dependency?: {
    name: string;
    ecosystem: string;
    from: string;
    to: string;
    notes: string[];
    impact: { file: string; line: number; symbol: string; severity: string }[];
    decision: string;
  };
}

/** A pure-Python wheel of `minilib` at `version`: the module, and METADATA whose description is `notes`. */
function wheel(version: string, module: string, notes: string): Buffer {
  const zip = new AdmZip();
  const info = `minilib-${version}.dist-info`;
  zip.addFile('minilib/__init__.py', Buffer.from(module));
  zip.addFile(
    `${info}/METADATA`,
    Buffer.from(
      `Metadata-Version: 2.1\nName: minilib\nVersion: ${version}\nSummary: A tiny test library\n` +
        `Description-Content-Type: text/markdown\n\n${notes}`
    )
  );
  zip.addFile(
    `${info}/WHEEL`,
    Buffer.from('Wheel-Version: 1.0\nGenerator: nightwatch-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n')
  );
  zip.addFile(`${info}/RECORD`, Buffer.from(''));
  return zip.toBuffer();
}

/**
 * What `pip install --no-index --find-links DIR -r requirements.txt --target .pydeps` does for pure
 * wheels, committed with the project because the test image has no pip (its install step).
 */
const INSTALLER = `import pathlib, re, sys, zipfile

lines = pathlib.Path("requirements.txt").read_text().splitlines()
links = [l.split(None, 1)[1].strip() for l in lines if l.startswith("--find-links")]
for line in lines:
    m = re.match(r"^([A-Za-z0-9_.-]+)==(\\S+)$", line.strip())
    if not m:
        continue
    name = re.sub(r"[-_.]+", "_", m.group(1))
    for d in links:
        w = pathlib.Path(d) / f"{name}-{m.group(2)}-py3-none-any.whl"
        if w.exists():
            zipfile.ZipFile(w).extractall(".pydeps")
            print("installed", w)
            break
    else:
        sys.exit(f"ERROR: No matching distribution found for {line}")
`;

const INSTALL = 'python3 tools/install_wheels.py';
const TEST = 'python3 -m pytest -q';
const requirements = (version: string): string => `--find-links wheels\nminilib==${version}\n`;

const V1 = 'def add(a, b):\n    return a + b\n';
const V2 = 'def plus(a, b):\n    return a + b\n';

/** The project at minilib 1.0.0 (green), both wheels in its index, `notes` in 2.0.0's METADATA. */
async function bumped(notes: string, extra: Record<string, string>, dirs: string[]): Promise<string> {
  const repo = await filesDir(
    {
      'requirements.txt': requirements('1.0.0'),
      'pytest.ini': '[pytest]\npythonpath = .pydeps .\n',
      '.gitignore': '.pydeps/\n',
      'tools/install_wheels.py': INSTALLER,
      'app/__init__.py': '',
      'app/stats.py':
        'import minilib\n\n\ndef total(xs):\n    n = 0\n    for x in xs:\n        n = minilib.add(n, x)\n    return n\n\n\n' +
        '# add is what minilib 1 called it\ndef pair(a, b):\n    from minilib import add\n\n    return add(a, b)\n',
      'app/mean.py':
        'import minilib\n\nfrom app.stats import total\n\n\ndef mean(xs):\n    return minilib.add(0, total(xs)) / len(xs)\n',
      'tests/test_stats.py':
        'from app.mean import mean\nfrom app.stats import pair, total\n\n\n' +
        'def test_total():\n    assert total([1, 2, 3]) == 6\n\n\n' +
        'def test_pair():\n    assert pair(2, 3) == 5\n\n\n' +
        'def test_mean():\n    assert mean([2, 4]) == 3\n',
      ...extra
    },
    { dirs, prefix: 'nw-deps-py-' }
  );
  await mkdir(join(repo, 'wheels'));
  await writeFile(join(repo, 'wheels/minilib-1.0.0-py3-none-any.whl'), wheel('1.0.0', V1, '# minilib\n'));
  await writeFile(join(repo, 'wheels/minilib-2.0.0-py3-none-any.whl'), wheel('2.0.0', V2, notes));
  await commitAll(repo, { message: 'minilib 1' });
  await writeFile(join(repo, 'requirements.txt'), requirements('2.0.0'));
  await git(repo, 'commit', '-qam', 'Bump minilib from 1.0.0 to 2.0.0');
  return repo;
}

async function heal(repo: string): Promise<{ code: number; out: HealOut; stderr: string }> {
  const r = await cli([
    'heal',
    '--repo',
    repo,
    '--image',
    PYTHON_IMAGE,
    '--install',
    INSTALL,
    '--command',
    TEST,
    '--json'
  ]);
  return { code: r.code, out: JSON.parse(r.stdout || '{}') as HealOut, stderr: r.stderr };
}

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
