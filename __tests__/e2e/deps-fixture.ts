/**
 * A Python project for the dependency lane's end-to-end tests, served without the internet: two
 * versions of a tiny pure-Python package `minilib`, built here as wheels (a wheel is a zip), in a
 * local index the requirements file names (`--find-links wheels`), installed by the project's own
 * stand-in for pip (the test image has none). The last commit bumps `minilib==1.0.0` to `==2.0.0`.
 */
import AdmZip from 'adm-zip';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cli, commitAll, filesDir, git } from './cli-runner.js';
import { PYTHON_IMAGE } from './scenario.js';

export interface HealOut {
  status: string;
  branch: string | null;
  reason: string | null;
  attempts: { verdict: string; source: string; summary?: string }[];
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
export function wheel(version: string, module: string, notes: string): Buffer {
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
export const INSTALLER = `import pathlib, re, sys, zipfile

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

export const INSTALL = 'python3 tools/install_wheels.py';
export const TEST = 'python3 -m pytest -q';
export const requirements = (version: string): string => `--find-links wheels\nminilib==${version}\n`;

export const V1 = 'def add(a, b):\n    return a + b\n';
export const V2 = 'def plus(a, b):\n    return a + b\n';

/** The project at minilib 1.0.0 (green), both wheels in its index, `notes` in 2.0.0's METADATA. */
export async function bumped(
  notes: string,
  extra: Record<string, string>,
  dirs: string[],
  v2: string = V2
): Promise<string> {
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
  await writeFile(join(repo, 'wheels/minilib-2.0.0-py3-none-any.whl'), wheel('2.0.0', v2, notes));
  await commitAll(repo, { message: 'minilib 1' });
  await writeFile(join(repo, 'requirements.txt'), requirements('2.0.0'));
  await git(repo, 'commit', '-qam', 'Bump minilib from 1.0.0 to 2.0.0');
  return repo;
}

export async function heal(
  repo: string,
  o: { env?: NodeJS.ProcessEnv; args?: string[] } = {}
): Promise<{ code: number; out: HealOut; stderr: string }> {
  const r = await cli(
    [
      'heal',
      '--repo',
      repo,
      '--image',
      PYTHON_IMAGE,
      '--install',
      INSTALL,
      '--command',
      TEST,
      '--json',
      ...(o.args ?? [])
    ],
    o.env ? { env: o.env } : {}
  );
  return { code: r.code, out: JSON.parse(r.stdout || '{}') as HealOut, stderr: r.stderr };
}

// ------------------------------------------------------------------ a Node project with a vendored `file:` dependency

/** The package.json of the Node project, `lib` at `file:vendor/lib-<version>`. */
export const nodePkg = (version: string): string =>
  `${JSON.stringify(
    {
      name: 'app',
      version: '1.0.0',
      private: true,
      scripts: { test: 'node --test test/' },
      dependencies: { lib: `file:vendor/lib-${version}` }
    },
    null,
    2
  )}\n`;

/** The project at lib 1.0.0 (green), with lib 2.0.0 vendored beside it and `changelog` as its notes. */
export function nodeProject(changelog: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'package.json': nodePkg('1.0.0'),
    'vendor/lib-1.0.0/package.json': '{ "name": "lib", "version": "1.0.0", "main": "index.js" }\n',
    'vendor/lib-1.0.0/index.js': 'exports.foo = (a, b) => a + b;\n',
    'vendor/lib-2.0.0/package.json': '{ "name": "lib", "version": "2.0.0", "main": "index.js" }\n',
    'vendor/lib-2.0.0/index.js': 'exports.bar = (a, b) => a + b;\n',
    'vendor/lib-2.0.0/CHANGELOG.md': changelog,
    'src/sum.js':
      "const lib = require('lib');\nconst { foo } = require('lib');\n\n" +
      'exports.sum = (a, b) => lib.foo(a, b);\n' +
      '// foo is what lib 1 called it\n' +
      'exports.total = xs => xs.reduce((n, x) => foo(n, x), 0);\n',
    'src/mean.js':
      "const { sum } = require('./sum.js');\nconst lib = require('lib');\n\n" +
      'exports.mean = xs => lib.foo(0, xs.reduce((n, x) => sum(n, x), 0)) / xs.length;\n',
    'test/sum.test.js':
      "const test = require('node:test');\nconst assert = require('node:assert');\n" +
      "const { sum, total } = require('../src/sum.js');\nconst { mean } = require('../src/mean.js');\n\n" +
      "test('sum adds', () => assert.strictEqual(sum(2, 3), 5));\n" +
      "test('total adds all', () => assert.strictEqual(total([1, 2, 3]), 6));\n" +
      "test('mean averages', () => assert.strictEqual(mean([2, 4]), 3));\n",
    ...extra
  };
}
