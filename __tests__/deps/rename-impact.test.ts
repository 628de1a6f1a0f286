import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { analyzeDependencyChange, dependencyBranch, revertsUpdate } from '../../src/deps/analyze.js';
import { impactReport } from '../../src/deps/impact.js';
import { isNightwatchBranch, createGit } from '../../src/delivery/git.js';
import { applyEdits } from '../../src/repair/edits.js';
import {
  codeMask,
  dependencyRenameEdits,
  DependencyRenameFixer,
  renameInText
} from '../../src/repair/fixers/dependency-rename.js';

const httpxPlan = {
  name: 'httpx',
  ecosystem: 'pypi' as const,
  modules: ['httpx'],
  renames: [{ from: 'httpx.ResponseClosed', to: 'httpx.StreamClosed' }]
};

describe('dependency-rename: the rename at every use bound to the package', () => {
  it('Python: `from httpx import X`, `import httpx as hx`; strings, comments and other objects untouched', () => {
    const src = [
      'import httpx as hx',
      'from httpx import (',
      '    Client,',
      '    ResponseClosed,',
      ')',
      '',
      '# ResponseClosed is raised when the stream is gone',
      'def read(r):',
      '    try:',
      '        return r.read()',
      '    except (ResponseClosed, hx.ResponseClosed):',
      '        return "ResponseClosed"',
      ''
    ].join('\n');
    const r = renameInText('app/io.py', src, httpxPlan);
    expect(r.text).toContain('    StreamClosed,\n');
    expect(r.text).toContain('except (StreamClosed, hx.StreamClosed):');
    expect(r.text).toContain('# ResponseClosed is raised');
    expect(r.text).toContain('return "ResponseClosed"');
    expect(r.changed.map(c => c.line)).toEqual([11, 11]);
    expect(r.remaining).toEqual([]);
  });

  it('JS/TS: named import (alias kept), namespace, require destructuring, re-export keeps its public name', () => {
    const plan = {
      name: 'lib',
      ecosystem: 'npm' as const,
      modules: ['lib'],
      renames: [{ from: 'oldName', to: 'newName' }]
    };
    const src = [
      "import { oldName, other } from 'lib';",
      "import { oldName as alias } from 'lib';",
      "import * as L from 'lib';",
      "export { oldName } from 'lib';",
      "const { oldName: o2 } = require('lib');",
      'const t = `${oldName(1)} oldName`;',
      'L.oldName(alias, o2); // oldName'
    ].join('\n');
    const r = renameInText('src/a.ts', src, plan);
    expect(r.text.split('\n')).toEqual([
      "import { newName, other } from 'lib';",
      "import { newName as alias } from 'lib';",
      "import * as L from 'lib';",
      "export { newName as oldName } from 'lib';",
      "const { newName: o2 } = require('lib');",
      'const t = `${newName(1)} oldName`;',
      'L.newName(alias, o2); // oldName'
    ]);
  });

  it('a member of some other object is not tied to the package: left as remaining, the fixer declines', async () => {
    const plan = {
      name: 'lib',
      ecosystem: 'npm' as const,
      modules: ['lib'],
      renames: [{ from: 'oldName', to: 'newName' }]
    };
    const r = renameInText('a.js', "import { oldName } from 'lib';\nconfig.oldName = oldName;\n", plan);
    expect(r.remaining).toEqual([{ file: 'a.js', line: 2, symbol: 'oldName' }]);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'nw-deps-fx-'));
    try {
      await writeFile(path.join(dir, 'a.js'), "import { oldName } from 'lib';\nconfig.oldName = oldName;\n");
      const logs: string[] = [];
      const fixer = new DependencyRenameFixer(plan);
      const p = await fixer.propose({
        workdir: dir,
        failureOutput: '',
        failures: [],
        log: m => logs.push(m),
        spec: {} as never
      });
      expect(p).toBeNull();
      expect(logs.join('\n')).toMatch(/a\.js:2 oldName/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a file that already binds the new name is refused, not clobbered', () => {
    const r = renameInText(
      'a.py',
      'from httpx import ResponseClosed\nStreamClosed = 1\nraise ResponseClosed()\n',
      httpxPlan
    );
    expect(r.refused).toMatch(/'StreamClosed' is already a name/);
    expect(r.changed).toEqual([]);
  });

  it('codeMask blanks strings and comments, keeps template fields', () => {
    expect(codeMask('a("x") // y\nb`t${c}u`', 'npm')).toBe('a(" ")     \nb` ${c} `');
    expect(codeMask('x = """doc\nX"""  # X', 'pypi')).toBe('x = """   \n """     ');
  });

  it('across several files of a tree; a linked file is never read or edited', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'nw-deps-tree-'));
    try {
      await mkdir(path.join(dir, 'app'));
      await mkdir(path.join(dir, 'tests'));
      await mkdir(path.join(dir, '.venv/lib/python3.12/site-packages/httpx'), { recursive: true });
      await writeFile(
        path.join(dir, 'app/a.py'),
        'from httpx import ResponseClosed\n\nraise ResponseClosed()\n'
      );
      await writeFile(
        path.join(dir, 'app/b.py'),
        'import httpx\n\ndef f():\n    raise httpx.ResponseClosed()\n'
      );
      await writeFile(
        path.join(dir, 'tests/test_c.py'),
        'import httpx\nimport pytest\n\ndef test_x():\n    with pytest.raises(httpx.ResponseClosed):\n        pass\n'
      );
      await writeFile(path.join(dir, 'app/unrelated.py'), 'class ResponseClosed(Exception):\n    pass\n');
      await writeFile(
        path.join(dir, '.venv/lib/python3.12/site-packages/httpx/x.py'),
        'ResponseClosed = 1\n'
      );
      const outside = await mkdtemp(path.join(os.tmpdir(), 'nw-deps-outside-'));
      await writeFile(path.join(outside, 'host.py'), 'import httpx\nhttpx.ResponseClosed\n');
      await symlink(path.join(outside, 'host.py'), path.join(dir, 'app/link.py'));
      const r = await dependencyRenameEdits(dir, httpxPlan);
      expect(r.edits.map(e => e.file).sort()).toEqual(['app/a.py', 'app/b.py', 'tests/test_c.py']);
      expect(r.remaining).toEqual([]);
      const applied = await applyEdits(dir, r.edits);
      expect(applied.ok).toBe(true);
      expect(await readFile(path.join(dir, 'app/a.py'), 'utf8')).toBe(
        'from httpx import StreamClosed\n\nraise StreamClosed()\n'
      );
      expect(await readFile(path.join(dir, 'tests/test_c.py'), 'utf8')).toContain(
        'pytest.raises(httpx.StreamClosed)'
      );
      expect(await readFile(path.join(dir, 'app/unrelated.py'), 'utf8')).toContain('class ResponseClosed');
      expect(await readFile(path.join(outside, 'host.py'), 'utf8')).toBe(
        'import httpx\nhttpx.ResponseClosed\n'
      );

      const impact = await impactReport(
        dir,
        'pypi',
        ['httpx'],
        [{ text: 'httpx.StreamClosed', ident: 'StreamClosed', severity: 'breaks-build' }]
      );
      expect(impact.items.map(i => [i.file, i.line, i.severity])).toEqual([
        ['app/a.py', 1, 'breaks-build'],
        ['app/a.py', 3, 'breaks-build'],
        ['app/b.py', 4, 'breaks-build'],
        ['tests/test_c.py', 5, 'breaks-tests']
      ]);
      await rm(outside, { recursive: true, force: true });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('impactReport: code only', () => {
  it('does not count a name in a comment or a string as a use', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'nw-impact-code-'));
    try {
      await writeFile(
        path.join(dir, 'a.py'),
        'import minilib\n# add is what minilib 1 called it\nX = "add"\nY = minilib.add(1, 2)\n'
      );
      await writeFile(
        path.join(dir, 'b.js'),
        "const lib = require('lib');\n// lib.add is gone\nconst s = 'add';\nlib.add(1, 2);\n"
      );
      const sym = [{ text: 'add()', ident: 'add', severity: 'breaks-tests' as const }];
      const py = await impactReport(dir, 'pypi', ['minilib'], sym);
      expect(py.items.map(i => [i.file, i.line])).toEqual([['a.py', 4]]);
      const js = await impactReport(dir, 'npm', ['lib'], sym);
      expect(js.items.map(i => [i.file, i.line])).toEqual([['b.js', 4]]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('analyzeDependencyChange (real git, an installed changelog, the sources)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'nw-deps-an-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));
  const git = (...args: string[]): string =>
    execFileSync(
      'git',
      ['-c', 'user.email=t@e', '-c', 'user.name=t', '-c', 'core.hooksPath=/dev/null', ...args],
      {
        cwd: dir,
        encoding: 'utf8'
      }
    ).trim();

  async function repo(
    files: Record<string, string>,
    changelog: string
  ): Promise<{ base: string; head: string }> {
    git('init', '-q');
    await writeFile(path.join(dir, '.gitignore'), 'node_modules\n');
    await writeFile(path.join(dir, 'package.json'), JSON.stringify({ dependencies: { lib: '^1.4.0' } }));
    for (const [f, t] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, f)), { recursive: true });
      await writeFile(path.join(dir, f), t);
    }
    git('add', '-A');
    git('commit', '-qm', 'base');
    const base = git('rev-parse', 'HEAD');
    await writeFile(path.join(dir, 'package.json'), JSON.stringify({ dependencies: { lib: '^2.0.0' } }));
    git('commit', '-qam', 'build(deps): bump lib from 1.4.0 to 2.0.0');
    await mkdir(path.join(dir, 'node_modules/lib'), { recursive: true });
    await writeFile(path.join(dir, 'node_modules/lib/CHANGELOG.md'), changelog);
    return { base, head: git('rev-parse', 'HEAD') };
  }

  it('a rename the notes spell out: attributed, auto, edits at every use; the manifest keeps 2.0.0', async () => {
    const { base, head } = await repo(
      {
        'src/a.js': "const { fetchAll } = require('lib');\nmodule.exports = () => fetchAll();\n",
        'src/b.js': "import { fetchAll } from 'lib';\nexport const b = fetchAll;\n",
        'test/a.test.js': "import * as lib from 'lib';\ntest('x', () => lib.fetchAll());\n"
      },
      '# Changelog\n\n## 2.0.0\n\n### Breaking\n\n- `fetchAll` was renamed to `loadAll`.\n\n## 1.4.0\n\n- older\n'
    );
    const g = await createGit(dir, undefined, { trusted: true });
    const a = await analyzeDependencyChange({
      workdir: dir,
      git: { changedFiles: (x, y) => g.changedFiles(x, y), showFile: (r, p, m) => g.showFile!(r, p, m) },
      base,
      head,
      failures: [
        {
          tool: 'node',
          errorType: 'SyntaxError',
          message: "The requested module 'lib' does not provide an export named 'fetchAll'"
        }
      ]
    });
    expect(a).toBeDefined();
    expect(a!.change).toMatchObject({
      name: 'lib',
      ecosystem: 'npm',
      from: '1.4.0',
      to: '2.0.0',
      decision: 'auto'
    });
    expect(a!.change.notes[0]).toBe('2.0.0 (breaking): `fetchAll` was renamed to `loadAll`.');
    expect(a!.change.impact.map(i => `${i.file}:${i.line}`)).toEqual([
      'src/a.js:1',
      'src/a.js:2',
      'src/b.js:1',
      'src/b.js:2',
      'test/a.test.js:2'
    ]);
    expect(a!.ties.map(t => t.symbol)).toEqual(['fetchAll']);
    expect(a!.branch).toBe('nightwatch/deps-lib-2.0.0');
    expect(a!.proposal?.edits.map(e => e.file)).toEqual(['src/a.js', 'src/b.js', 'test/a.test.js']);
    expect(a!.proposal!.edits.some(e => e.file === 'package.json')).toBe(false);
    expect(a!.report).toMatch(/Decision:\*\* auto/);
    expect((await applyEdits(dir, a!.proposal!.edits)).ok).toBe(true);
    expect(await readFile(path.join(dir, 'src/b.js'), 'utf8')).toBe(
      "import { loadAll } from 'lib';\nexport const b = loadAll;\n"
    );
  });

  it('a rewrite too broad to patch ends with human; nothing mechanical and small goes to the model', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 15; i++) files[`src/m${i}.js`] = `import { connect } from 'lib';\nconnect(${i});\n`;
    const { base, head } = await repo(
      files,
      '## 2.0.0\n\n- BREAKING: `connect` was removed; the client is rewritten around sessions.\n'
    );
    const g = await createGit(dir, undefined, { trusted: true });
    const port = {
      changedFiles: (x: string, y: string) => g.changedFiles(x, y),
      showFile: (r: string, p: string, m?: number) => g.showFile!(r, p, m)
    };
    const a = await analyzeDependencyChange({ workdir: dir, git: port, base, head, failures: [] });
    expect(a!.change.decision).toBe('human');
    expect(a!.change.impact).toHaveLength(30);
    expect(a!.proposal).toBeUndefined();
    const small = await analyzeDependencyChange({
      workdir: dir,
      git: port,
      base,
      head,
      failures: [],
      limits: { maxFiles: 100, maxUsages: 100 }
    });
    expect(small!.change.decision).toBe('human');
    for (let i = 3; i < 15; i++) await rm(path.join(dir, `src/m${i}.js`));
    const few = await analyzeDependencyChange({ workdir: dir, git: port, base, head, failures: [] });
    expect(few!.change.decision).toBe('model');
  });

  it('no dependency changed: undefined', async () => {
    const { head } = await repo({}, '');
    const g = await createGit(dir, undefined, { trusted: true });
    const port = {
      changedFiles: (x: string, y: string) => g.changedFiles(x, y),
      showFile: (r: string, p: string, m?: number) => g.showFile!(r, p, m)
    };
    expect(
      await analyzeDependencyChange({ workdir: dir, git: port, base: head, head, failures: [] })
    ).toBeUndefined();
  });
});

describe('the update stays', () => {
  it('revertsUpdate flags a manifest or lockfile taken back, not a lockfile sync at the new version', () => {
    const change = { name: 'lib', from: '1.4.0', to: '2.0.0' };
    const files = new Map([
      ['package.json', JSON.stringify({ dependencies: { lib: '^1.4.0' } })],
      ['a/package.json', JSON.stringify({ dependencies: { lib: '^2.0.0' } })],
      ['package-lock.json', JSON.stringify({ packages: { 'node_modules/lib': { version: '2.0.0' } } })],
      ['b/package-lock.json', JSON.stringify({ packages: { 'node_modules/lib': { version: '1.9.0' } } })]
    ]);
    expect(revertsUpdate(change, files)).toEqual(['package.json', 'b/package-lock.json']);
  });

  it('the branch name is a valid nightwatch/* branch, also for hostile names', () => {
    for (const [n, v] of [
      ['@scope/pkg', '2.0.0'],
      ['github.com/spf13/cobra', 'v1.8.0'],
      ['..', '..lock'],
      ['a b~^:?*[', '1.0.0.lock']
    ]) {
      expect(isNightwatchBranch(dependencyBranch(n, v))).toBe(true);
    }
    expect(dependencyBranch('@scope/pkg', '2.0.0')).toBe('nightwatch/deps-scope-pkg-2.0.0');
  });
});
