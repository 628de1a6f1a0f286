import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { changedDependencyFiles, tieFailures, versionChanges } from '../../src/deps/attribution.js';
import { declaredIn } from '../../src/deps/manifests.js';
import { compareVersions, isMajorBump } from '../../src/deps/version.js';
import { createGit } from '../../src/delivery/git.js';

/** A Dependabot bump of commander 4.1.1 -> 5.0.0 as package.json and an npm v3 lockfile write it. */
const pkg = (v: string): string =>
  JSON.stringify(
    {
      name: 'app',
      dependencies: { commander: `^${v}`, chalk: '^4.1.2' },
      devDependencies: { jest: '^29.7.0' }
    },
    null,
    2
  );
const lock = (v: string): string =>
  JSON.stringify(
    {
      name: 'app',
      lockfileVersion: 3,
      requires: true,
      packages: {
        '': { name: 'app', dependencies: { commander: `^${v}` } },
        'node_modules/commander': {
          version: v,
          resolved: `https://registry.npmjs.org/commander/-/commander-${v}.tgz`,
          integrity: 'sha512-x'
        },
        'node_modules/chalk': { version: '4.1.2' },
        'node_modules/jest/node_modules/commander': { version: '2.20.3' }
      }
    },
    null,
    2
  );

describe('manifests: every format the lane reads', () => {
  it('npm: package.json ranges and the lockfile exact versions (top-level only)', () => {
    expect(declaredIn('package.json', pkg('4.1.1')).get('commander')).toEqual({
      ecosystem: 'npm',
      version: '^4.1.1',
      locked: false
    });
    const l = declaredIn('package-lock.json', lock('5.0.0'));
    expect(l.get('commander')).toEqual({ ecosystem: 'npm', version: '5.0.0', locked: true });
    expect(l.size).toBe(2);
  });

  it('yarn v1, yarn berry and pnpm v6/v9 lockfiles', () => {
    const yarn1 =
      '# yarn lockfile v1\n\n"@babel/core@^7.0.0", "@babel/core@^7.1.0":\n  version "7.23.2"\n  resolved "x"\n\ncommander@^5.0.0:\n  version "5.0.0"\n';
    expect(Object.fromEntries([...declaredIn('yarn.lock', yarn1)].map(([k, v]) => [k, v.version]))).toEqual({
      '@babel/core': '7.23.2',
      commander: '5.0.0'
    });
    const berry =
      '__metadata:\n  version: 6\n\n"commander@npm:^5.0.0":\n  version: 5.0.0\n  resolution: "commander@npm:5.0.0"\n';
    expect(declaredIn('yarn.lock', berry).get('commander')?.version).toBe('5.0.0');
    const pnpm9 =
      "lockfileVersion: '9.0'\n\npackages:\n\n  commander@5.0.0:\n    resolution: {integrity: x}\n\n  '@types/node@20.1.0':\n    resolution: {integrity: y}\n\nsnapshots:\n\n  commander@5.0.0: {}\n";
    const p = declaredIn('pnpm-lock.yaml', pnpm9);
    expect(p.get('commander')?.version).toBe('5.0.0');
    expect(p.get('@types/node')?.version).toBe('20.1.0');
    expect(
      declaredIn('pnpm-lock.yaml', 'packages:\n  /commander@5.0.0:\n    dev: false\n').get('commander')
        ?.version
    ).toBe('5.0.0');
  });

  it('Python: requirements, pyproject (PEP 621 and poetry), poetry.lock and uv.lock', () => {
    const req = declaredIn(
      'requirements-dev.txt',
      '# pinned\nhttpx==0.20.0  # via app\nPyYAML[extra]>=6.0 ; python_version > "3.8"\n-r base.txt\n'
    );
    expect(req.get('httpx')).toEqual({ ecosystem: 'pypi', version: '==0.20.0', locked: true });
    expect(req.get('pyyaml')?.version).toBe('>=6.0');
    const pep621 =
      '[project]\nname = "app"\ndependencies = [\n  "httpx>=0.20,<1",\n  "Flask_Login~=0.6",\n]\nversion = "1.0"\n';
    expect(declaredIn('pyproject.toml', pep621).get('httpx')?.version).toBe('>=0.20,<1');
    expect(declaredIn('pyproject.toml', pep621).get('flask-login')?.version).toBe('~=0.6');
    const poetry =
      '[tool.poetry.dependencies]\npython = "^3.11"\nhttpx = "^0.20.0"\nrequests = { version = "^2.31", optional = true }\n';
    expect(declaredIn('pyproject.toml', poetry).get('httpx')?.version).toBe('^0.20.0');
    expect(declaredIn('pyproject.toml', poetry).get('requests')?.version).toBe('^2.31');
    expect(declaredIn('pyproject.toml', poetry).has('python')).toBe(false);
    const lockText =
      '[[package]]\nname = "httpx"\nversion = "0.20.0"\ndescription = "x"\n\n[package.dependencies]\ncertifi = "*"\n\n[[package]]\nname = "Certifi"\nversion = "2023.7.22"\n';
    expect(declaredIn('poetry.lock', lockText).get('httpx')?.version).toBe('0.20.0');
    expect(declaredIn('uv.lock', lockText).get('certifi')?.version).toBe('2023.7.22');
  });

  it('go.mod, Cargo.toml/Cargo.lock, pom.xml (properties), Gradle and its version catalog', () => {
    const gomod =
      'module example.com/app\n\ngo 1.22\n\nrequire github.com/spf13/cobra v1.8.0\n\nrequire (\n\tgithub.com/stretchr/testify v1.9.0 // indirect\n)\n';
    expect(declaredIn('go.mod', gomod).get('github.com/spf13/cobra')?.version).toBe('v1.8.0');
    expect(declaredIn('go.mod', gomod).get('github.com/stretchr/testify')?.version).toBe('v1.9.0');
    const cargo =
      '[package]\nname = "app"\nversion = "0.1.0"\n\n[dependencies]\nclap = { version = "4.5", features = ["derive"] }\nserde = "1.0"\n\n[dependencies.tokio]\nversion = "1.36"\n';
    const c = declaredIn('Cargo.toml', cargo);
    expect([c.get('clap')?.version, c.get('serde')?.version, c.get('tokio')?.version]).toEqual([
      '4.5',
      '1.0',
      '1.36'
    ]);
    expect(c.has('app')).toBe(false);
    expect(
      declaredIn('Cargo.lock', '[[package]]\nname = "clap"\nversion = "4.5.1"\n').get('clap')?.version
    ).toBe('4.5.1');
    const pom =
      '<project><properties><jackson.version>2.17.0</jackson.version></properties><dependencies><dependency><groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId><version>${jackson.version}</version></dependency></dependencies></project>';
    expect(declaredIn('pom.xml', pom).get('com.fasterxml.jackson.core:jackson-databind')?.version).toBe(
      '2.17.0'
    );
    const gradle =
      'dependencies {\n  implementation \'com.google.guava:guava:33.0.0-jre\'\n  testImplementation("org.junit.jupiter:junit-jupiter:5.10.2")\n}\n';
    expect(declaredIn('build.gradle.kts', gradle).get('com.google.guava:guava')?.version).toBe('33.0.0-jre');
    const catalog =
      '[versions]\nguava = "33.0.0-jre"\n\n[libraries]\nguava = { module = "com.google.guava:guava", version.ref = "guava" }\n';
    expect(declaredIn('gradle/libs.versions.toml', catalog).get('com.google.guava:guava')?.version).toBe(
      '33.0.0-jre'
    );
  });

  it('a file in node_modules, or one that does not parse, declares nothing', () => {
    expect(declaredIn('node_modules/x/package.json', pkg('1.0.0')).size).toBe(0);
    expect(declaredIn('package.json', '{not json').size).toBe(0);
    expect(declaredIn('package-lock.json', 'null').size).toBe(0);
  });
});

describe('versions', () => {
  it('orders releases and pre-releases, and knows a major bump (0.x: the minor)', () => {
    expect(compareVersions('5.0.0', '4.1.1')).toBeGreaterThan(0);
    expect(compareVersions('6.0.0-0', '6.0.0')).toBeLessThan(0);
    expect(compareVersions('v1.10.0', '1.9.9')).toBeGreaterThan(0);
    expect(isMajorBump('4.1.1', '5.0.0')).toBe(true);
    expect(isMajorBump('0.19.0', '0.20.0')).toBe(true);
    expect(isMajorBump('1.2.0', '1.9.0')).toBe(false);
  });
});

describe('versionChanges', () => {
  it('a Dependabot bump: the lockfile exact versions win, the dependency is direct and major', () => {
    const changes = versionChanges([
      { path: 'package.json', before: pkg('4.1.1'), after: pkg('5.0.0') },
      { path: 'package-lock.json', before: lock('4.1.1'), after: lock('5.0.0') }
    ]);
    expect(changes).toEqual([
      {
        name: 'commander',
        ecosystem: 'npm',
        from: '4.1.1',
        to: '5.0.0',
        direct: true,
        major: true,
        files: ['package.json', 'package-lock.json']
      }
    ]);
  });

  it('added or removed dependencies and a respelled range are no version change', () => {
    const a = JSON.stringify({ dependencies: { a: '^1.2.0' } });
    const b = JSON.stringify({ dependencies: { a: '~1.2.0', b: '^2.0.0' } });
    expect(versionChanges([{ path: 'package.json', before: a, after: b }])).toEqual([]);
    expect(versionChanges([{ path: 'package.json', before: null, after: b }])).toEqual([]);
  });

  it('a lockfile with 100 000 entries, every one bumped, is read in one pass and capped', () => {
    const big = (v: number): string => {
      const packages: Record<string, { version: string }> = {};
      for (let i = 0; i < 100000; i++) packages[`node_modules/p${i}`] = { version: `1.0.${v}` };
      return JSON.stringify({ lockfileVersion: 3, packages });
    };
    const before = big(0);
    const after = big(1);
    const t0 = Date.now();
    const changes = versionChanges([{ path: 'package-lock.json', before, after }]);
    const ms = Date.now() - t0;
    expect(changes.length).toBe(500);
    expect(ms).toBeLessThan(5000);
  });
});

describe('tieFailures', () => {
  const change = {
    name: 'httpx',
    ecosystem: 'pypi' as const,
    from: '0.17.1',
    to: '0.20.0',
    direct: true,
    major: true,
    files: []
  };
  it('ties a missing export, a frame inside the package and an import, and nothing else', () => {
    const ties = tieFailures(change, [
      {
        tool: 'pytest',
        errorType: 'ImportError',
        message:
          "cannot import name 'ResponseClosed' from 'httpx' (/usr/lib/python3/site-packages/httpx/__init__.py)"
      },
      {
        tool: 'pytest',
        message: 'File "/work/.venv/lib/python3.12/site-packages/httpx/_client.py", line 10, in send'
      },
      { tool: 'pytest', errorType: 'ModuleNotFoundError', message: "No module named 'httpx'" },
      { tool: 'pytest', message: "cannot import name 'x' from 'httpx_mock'" },
      { tool: 'pytest', message: 'assert 1 == 2' }
    ]);
    expect(ties.map(t => [t.evidence, t.symbol])).toEqual([
      ['export', 'ResponseClosed'],
      ['frame', undefined],
      ['import', undefined]
    ]);
  });

  it('TypeScript TS2724 carries the compiler suggestion; TS2305 the missing name', () => {
    const c = {
      name: 'commander',
      ecosystem: 'npm' as const,
      from: '4.1.1',
      to: '5.0.0',
      direct: true,
      major: true,
      files: []
    };
    const [a, b] = tieFailures(c, [
      {
        tool: 'tsc',
        message: `Module '"commander"' has no exported member named 'CommanderStatic'. Did you mean 'Command'?`
      },
      { tool: 'tsc', message: `Module '"commander"' has no exported member 'program'.` }
    ]);
    expect(a).toMatchObject({ evidence: 'export', symbol: 'CommanderStatic', suggestion: 'Command' });
    expect(b).toMatchObject({ evidence: 'export', symbol: 'program' });
    expect(b.suggestion).toBeUndefined();
  });

  it('Node at run time: a member of the package bound under its own name is not a function', () => {
    const c = {
      name: '@acme/my-lib',
      ecosystem: 'npm' as const,
      from: '1.0.0',
      to: '2.0.0',
      direct: true,
      major: true,
      files: []
    };
    const ties = tieFailures(c, [
      { tool: 'node:test', errorType: 'TypeError', message: 'myLib.foo is not a function' },
      { tool: 'jest', message: 'TypeError: (0 , my_lib_1.parse) is not a function' },
      { tool: 'jest', message: 'TypeError: (0 , _myLib.Client) is not a constructor' },
      { tool: 'jest', message: 'TypeError: other.foo is not a function' },
      { tool: 'jest', message: 'TypeError: notmyLib.foo is not a function' }
    ]);
    expect(ties.map(t => [t.evidence, t.symbol])).toEqual([
      ['export', 'foo'],
      ['export', 'parse'],
      ['export', 'Client']
    ]);
    // Only for npm: a Python message of that shape is no export of a PyPI package.
    expect(
      tieFailures({ ...c, name: 'my-lib', ecosystem: 'pypi' }, [
        { tool: 'pytest', message: 'my_lib.foo is not a function' }
      ])
    ).toEqual([]);
  });
});

describe('changedDependencyFiles (real git through src/delivery/git.ts)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'nw-deps-git-'));
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

  it('reads both sides from git objects; a committed link is its target text, never followed; a blob over the cap is not read', async () => {
    git('init', '-q');
    await writeFile(path.join(dir, 'package.json'), pkg('4.1.1'));
    await writeFile(path.join(dir, 'requirements.txt'), 'httpx==0.17.1\n');
    await symlink('/etc/passwd', path.join(dir, 'package-lock.json'));
    git('add', '-A');
    git('commit', '-qm', 'base');
    const base = git('rev-parse', 'HEAD');
    await writeFile(path.join(dir, 'package.json'), pkg('5.0.0'));
    await writeFile(path.join(dir, 'requirements.txt'), `httpx==0.20.0\n${'#'.repeat(3000)}\n`);
    await rm(path.join(dir, 'package-lock.json'));
    await symlink('/etc/hostname', path.join(dir, 'package-lock.json'));
    await writeFile(path.join(dir, 'README.md'), 'not a manifest');
    git('add', '-A');
    git('commit', '-qm', 'bump');
    const head = git('rev-parse', 'HEAD');
    const g = await createGit(dir, undefined, { trusted: true });
    const { files, skipped } = await changedDependencyFiles(
      { changedFiles: (a, b) => g.changedFiles(a, b), showFile: (r, p, m) => g.showFile!(r, p, m) },
      base,
      head,
      2000
    );
    expect(files.map(f => f.path).sort()).toEqual(['package-lock.json', 'package.json', 'requirements.txt']);
    const link = files.find(f => f.path === 'package-lock.json');
    expect(link).toEqual({ path: 'package-lock.json', before: '/etc/passwd', after: '/etc/hostname' });
    const req = files.find(f => f.path === 'requirements.txt');
    expect(req?.before).toBe('httpx==0.17.1\n');
    expect(req?.after).toBeNull();
    expect(skipped).toEqual([]);
    expect(versionChanges(files).map(c => `${c.name} ${c.from}->${c.to}`)).toEqual([
      'commander 4.1.1->5.0.0'
    ]);
    await expect(g.showFile!('--output=/tmp/x', 'package.json')).rejects.toThrow(/Invalid revision/);
    await expect(g.showFile!(head, '../outside')).rejects.toThrow(/escapes/);
  });
});
