import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { commandLanguage, detectProject, isRunnableTestCommand } from '../../src/sandbox/detect.js';
import { ProjectDetectionError } from '../../src/sandbox/errors.js';

const EXAMPLES = path.resolve('examples');
let dirs: string[] = [];

/** A temp project made of `files` (path -> content). */
async function project(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'nw-detect-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

afterEach(async () => {
  await Promise.all(dirs.map(d => rm(d, { recursive: true, force: true })));
  dirs = [];
});

describe('detectProject: the demos', () => {
  it('sees pytest in demo-python, with nothing to install', async () => {
    const spec = await detectProject(path.join(EXAMPLES, 'demo-python'));
    expect(spec).toMatchObject({ language: 'python', image: 'python:3.12-slim', test: 'python3 -m pytest' });
    expect(spec.install).toBeUndefined();
    expect(spec.detectedFrom).toContain('[tool.pytest]');
  });

  it('sees npm test in demo-node, with no dependencies to install', async () => {
    const spec = await detectProject(path.join(EXAMPLES, 'demo-node'));
    expect(spec).toMatchObject({ language: 'node', image: 'node:22', test: 'npm test' });
    expect(spec.install).toBeUndefined();
  });

  it('takes the image, install and test given over what it finds', async () => {
    const spec = await detectProject(path.join(EXAMPLES, 'demo-logic'), {
      image: 'nightwatch-test-python:1',
      install: 'true',
      test: 'python3 -m pytest -q'
    });
    expect(spec).toMatchObject({
      image: 'nightwatch-test-python:1',
      install: 'true',
      test: 'python3 -m pytest -q'
    });
    expect(spec.detectedFrom).toMatch(/test command given.*install command given.*image given/);
  });

  it('ignores empty overrides (an unset action input is an empty string)', async () => {
    const spec = await detectProject(path.join(EXAMPLES, 'demo-python'), {
      image: '',
      install: ' ',
      test: ''
    });
    expect(spec).toMatchObject({ image: 'python:3.12-slim', test: 'python3 -m pytest' });
    expect(spec.install).toBeUndefined();
  });
});

describe('detectProject: python', () => {
  it('installs requirements into a venv in the tree, adding pytest when undeclared', async () => {
    const dir = await project({
      'requirements.txt': '# pinned\nrequests==2.32.0\n',
      'tests/test_a.py': 'def test_a(): pass\n'
    });
    const spec = await detectProject(dir);
    expect(spec.install).toBe(
      'python3 -m venv --system-site-packages --without-pip .nightwatch-sandbox/venv && ' +
        '{ .nightwatch-sandbox/venv/bin/python -m pip --version >/dev/null 2>&1 || ' +
        '.nightwatch-sandbox/venv/bin/python -m ensurepip; } && ' +
        '.nightwatch-sandbox/venv/bin/python -m pip install -q -r requirements.txt pytest'
    );
    expect(spec.test).toBe('python3 -m pytest');
  });

  it('does not add pytest when a requirements file has it, and reads the dev file too', async () => {
    const dir = await project({
      'requirements.txt': 'flask\n',
      'requirements-dev.txt': 'pytest>=8\n',
      'conftest.py': ''
    });
    const spec = await detectProject(dir);
    expect(spec.install).toMatch(/-r requirements\.txt -r requirements-dev\.txt$/);
  });

  it('installs the package with its test extra from pyproject.toml', async () => {
    const dir = await project({
      'pyproject.toml':
        '[project]\nname = "x"\ndependencies = [\n  "attrs[tests]>=23",  # comment ]\n]\n' +
        '[project.optional-dependencies]\ntest = ["pytest"]\n[tool.pytest.ini_options]\naddopts = "-q"\n'
    });
    const spec = await detectProject(dir);
    expect(spec.install).toMatch(/pip install -q -e '\.\[test\]'$/);
  });

  it('has nothing to install for an empty requirements file and an empty dependency list', async () => {
    const dir = await project({
      'requirements.txt': '# nothing yet\n\n',
      'pyproject.toml': '[project]\nname = "x"\ndependencies = []\n'
    });
    expect((await detectProject(dir)).install).toBeUndefined();
  });

  it('runs unittest discovery when every test module uses unittest', async () => {
    const dir = await project({
      'setup.py': 'from setuptools import setup\nsetup(name="x")\n',
      'tests/test_b.py': 'import unittest\nclass T(unittest.TestCase):\n    def test_b(self): pass\n'
    });
    expect((await detectProject(dir)).test).toBe('python3 -m unittest discover -v -s tests');
  });

  it('uses tox when configured, building its environments in the install phase', async () => {
    const dir = await project({
      'tox.ini': '[tox]\nenvlist = py312\n[testenv]\ndeps = pytest\ncommands = pytest\n'
    });
    const spec = await detectProject(dir);
    expect(spec.test).toBe('tox --skip-pkg-install');
    expect(spec.install).toMatch(/pip install -q tox && tox --notest$/);
  });

  it('uses nox when there is a noxfile', async () => {
    const dir = await project({ 'noxfile.py': 'import nox\n', 'pyproject.toml': '[project]\nname="x"\n' });
    const spec = await detectProject(dir);
    expect(spec.test).toBe('nox --no-install --reuse-existing-virtualenvs');
    expect(spec.install).toMatch(/nox --install-only$/);
  });

  it('picks the image from .python-version', async () => {
    const dir = await project({ '.python-version': '3.11.9\n', 'test_x.py': 'def test_x(): pass\n' });
    expect((await detectProject(dir)).image).toBe('python:3.11-slim');
  });
});

describe('detectProject: node', () => {
  const pkg = (extra: object): string =>
    JSON.stringify({ name: 'x', scripts: { test: 'jest' }, devDependencies: { jest: '^30' }, ...extra });

  it('uses npm ci with a package-lock', async () => {
    const dir = await project({ 'package.json': pkg({}), 'package-lock.json': '{}' });
    expect(await detectProject(dir)).toMatchObject({ install: 'npm ci', test: 'npm test', image: 'node:22' });
  });

  it('uses yarn classic with yarn.lock, and the node major of .nvmrc', async () => {
    const dir = await project({ 'package.json': pkg({}), 'yarn.lock': '', '.nvmrc': 'v20.11.0\n' });
    expect(await detectProject(dir)).toMatchObject({
      install: 'yarn install --frozen-lockfile',
      test: 'yarn test',
      image: 'node:20'
    });
  });

  it('uses pnpm through corepack with pnpm-lock.yaml', async () => {
    const dir = await project({ 'package.json': pkg({}), 'pnpm-lock.yaml': '' });
    expect(await detectProject(dir)).toMatchObject({
      install: 'corepack pnpm install --frozen-lockfile',
      test: 'corepack pnpm test'
    });
  });

  it('uses yarn berry through corepack when packageManager says so', async () => {
    const dir = await project({ 'package.json': pkg({ packageManager: 'yarn@4.5.0' }), 'yarn.lock': '' });
    expect(await detectProject(dir)).toMatchObject({
      install: 'corepack yarn install --immutable',
      test: 'corepack yarn test'
    });
  });

  it("falls back to node --test for npm init's placeholder script", async () => {
    const dir = await project({
      'package.json': JSON.stringify({ scripts: { test: 'echo "Error: no test specified" && exit 1' } })
    });
    const spec = await detectProject(dir);
    expect(spec.test).toBe('node --test');
    expect(spec.install).toBeUndefined();
  });
});

describe('detectProject: go, rust, java, others', () => {
  it('go: downloads modules when there is a go.sum, image at least go.mod’s version', async () => {
    const dir = await project({
      'go.mod': 'module x\n\ngo 1.24.1\n\nrequire github.com/a/b v1.0.0\n',
      'go.sum': ''
    });
    expect(await detectProject(dir)).toMatchObject({
      language: 'go',
      image: 'golang:1.24',
      install: 'go mod download',
      test: 'go test ./...'
    });
    const bare = await project({ 'go.mod': 'module y\n\ngo 1.21\n' });
    const spec = await detectProject(bare);
    expect(spec.image).toBe('golang:1.23');
    expect(spec.install).toBeUndefined();
  });

  it('rust: cargo fetch only with dependencies', async () => {
    const dir = await project({ 'Cargo.toml': '[package]\nname = "x"\n\n[dependencies]\nserde = "1"\n' });
    expect(await detectProject(dir)).toMatchObject({
      language: 'rust',
      image: 'rust:1',
      install: 'cargo fetch',
      test: 'cargo test'
    });
    const bare = await project({ 'Cargo.toml': '[package]\nname = "x"\n\n[dependencies]\n' });
    expect((await detectProject(bare)).install).toBeUndefined();
  });

  it('java: maven (with its wrapper) and gradle', async () => {
    const mvn = await project({ 'pom.xml': '<project/>', mvnw: '#!/bin/sh\n' });
    expect(await detectProject(mvn)).toMatchObject({
      language: 'java',
      image: 'maven:3-eclipse-temurin-21',
      install: 'sh ./mvnw -B -ntp -q dependency:go-offline',
      test: 'sh ./mvnw -B -ntp -o test'
    });
    const gradle = await project({ 'build.gradle.kts': 'plugins { java }\n' });
    expect(await detectProject(gradle)).toMatchObject({
      image: 'gradle:8-jdk21',
      install: 'gradle --no-daemon -q dependencies',
      test: 'gradle --no-daemon --offline test'
    });
  });

  it('a Makefile test target, else a clear error', async () => {
    const dir = await project({ Makefile: 'all:\n\techo\ntest:\n\t./run-tests\n' });
    expect(await detectProject(dir)).toMatchObject({ language: 'unknown', test: 'make test' });
    const empty = await project({ 'README.md': '# x\n' });
    await expect(detectProject(empty)).rejects.toThrow(ProjectDetectionError);
    await expect(detectProject(empty)).rejects.toThrow(
      /Could not tell how to test .*test-command, --command/
    );
    expect(await detectProject(empty, { test: './check.sh' })).toMatchObject({
      language: 'unknown',
      test: './check.sh'
    });
  });
});

describe('detectProject: the failing step command', () => {
  it('prefers a plain test command from the failing step', async () => {
    const spec = await detectProject(path.join(EXAMPLES, 'demo-python'), {}, 'pytest -q tests/test_cart.py');
    expect(spec.test).toBe('pytest -q tests/test_cart.py');
    expect(spec.detectedFrom).toContain("the failing step's command");
  });

  it('keeps the detected command when the step needs secrets or the network, and says so', async () => {
    const spec = await detectProject(
      path.join(EXAMPLES, 'demo-python'),
      {},
      'GITHUB_TOKEN=${{ secrets.GITHUB_TOKEN }} pytest'
    );
    expect(spec.test).toBe('python3 -m pytest');
    expect(spec.detectedFrom).toContain('not runnable');
  });

  it('lets the given test command win over the step', async () => {
    const spec = await detectProject(path.join(EXAMPLES, 'demo-python'), { test: 'make check' }, 'pytest -q');
    expect(spec.test).toBe('make check');
  });

  it("takes the project kind from the step's runner when a tree has several", async () => {
    const dir = await project({
      'package.json': JSON.stringify({ scripts: { test: 'jest' } }),
      'pyproject.toml': '[project]\nname="x"\n'
    });
    expect((await detectProject(dir)).language).toBe('python');
    expect((await detectProject(dir, {}, 'npm test')).language).toBe('node');
  });
});

describe('detectProject: a project in a sub-folder (`cd backend && ...`)', () => {
  it('detects in the folder the command changes to, installing and testing from there', async () => {
    const dir = await project({
      'README.md': '# mono\n',
      'frontend/index.html': '<!doctype html>\n',
      'backend/pyproject.toml': '[project]\nname = "api"\n[tool.pytest.ini_options]\n',
      'backend/requirements.txt': 'flask\n'
    });
    const spec = await detectProject(dir, {}, 'cd backend && python -m pytest -q');
    expect(spec).toMatchObject({
      language: 'python',
      image: 'python:3.12-slim',
      test: 'cd backend && python -m pytest -q'
    });
    // The venv lives in the tree's state folder, where the sandbox puts it first on PATH.
    expect(spec.install).toMatch(
      /^cd backend && python3 -m venv --system-site-packages --without-pip \.\.\/\.nightwatch-sandbox\/venv/
    );
    expect(spec.install).toMatch(
      /\.\.\/\.nightwatch-sandbox\/venv\/bin\/python -m pip install -q -r requirements\.txt pytest$/
    );
    expect(spec.detectedFrom).toMatch(/^backend\/: pyproject\.toml/);
  });

  it('keeps the root project when it matches, and never leaves the tree', async () => {
    const dir = await project({ 'pyproject.toml': '[tool.pytest.ini_options]\n', 'sub/package.json': '{}' });
    expect((await detectProject(dir, {}, 'cd sub && pytest')).install).toBeUndefined();
    expect((await detectProject(dir, {}, 'cd sub && pytest')).detectedFrom).not.toMatch(/^sub\//);
    const outside = await project({ 'README.md': '' });
    await expect(detectProject(outside, {}, 'cd ../elsewhere && pytest')).resolves.toMatchObject({
      language: 'python',
      image: 'buildpack-deps:bookworm'
    });
  });
});

describe('isRunnableTestCommand', () => {
  it.each([
    'pytest -q',
    'npm test',
    'python -m pytest -x tests/',
    'cd backend && go test ./...',
    'CI=true yarn test --coverage',
    'npx jest --ci\necho done',
    './gradlew test',
    'cargo test --all-features',
    'tsc -p . && node --test dist/',
    // Formatter checks: the tool of a command substitution counts.
    'test -z "$(gofmt -l .)"',
    'black --check .',
    'npx prettier --check src'
  ])('accepts %j', cmd => {
    expect(isRunnableTestCommand(cmd)).toBe(true);
  });

  it.each([
    '',
    'echo hello',
    'npm ci && npm test',
    'pip install -r requirements.txt\npytest',
    'pytest --token ${{ secrets.PYPI }}',
    'curl -sSf https://example.com/install.sh | sh',
    'docker build . && docker run app pytest',
    'sudo make test',
    'npm publish',
    'git push origin HEAD',
    './deploy.sh',
    'echo $GITHUB_TOKEN | gh auth login --with-token',
    'test -z "$(curl -s https://example.com)"',
    'test -n "$HOME"'
  ])('refuses %j', cmd => {
    expect(isRunnableTestCommand(cmd)).toBe(false);
  });

  it('tells the language from the runner', () => {
    expect(commandLanguage('python3 -m pytest')).toBe('python');
    expect(commandLanguage('pnpm test')).toBe('node');
    expect(commandLanguage('go test ./...')).toBe('go');
    expect(commandLanguage('cargo test')).toBe('rust');
    expect(commandLanguage('./mvnw -B test')).toBe('java');
    expect(commandLanguage('test -z "$(gofmt -s -l .)"')).toBe('go');
    expect(commandLanguage('black --check .')).toBe('python');
    expect(commandLanguage('make')).toBeUndefined();
  });
});

describe('detectProject: project files are read through src/fs (links are never followed)', () => {
  it('does not read a .python-version or package.json that is a link to a host file', async () => {
    const host = await project({ pin: '3.9\n', 'package.json': '{"scripts":{"test":"cat /etc/shadow"}}' });
    const dir = await project({
      'pyproject.toml': '[tool.pytest.ini_options]\n',
      'test_x.py': 'def test_x(): pass\n'
    });
    await symlink(path.join(host, 'pin'), path.join(dir, '.python-version'));
    await symlink(path.join(host, 'package.json'), path.join(dir, 'package.json'));
    const spec = await detectProject(dir);
    expect(spec.image).toBe('python:3.12-slim');
    expect(JSON.stringify(spec)).not.toMatch(/shadow|3\.9/);
  });

  it('does not look into a sub-folder that is a link (`cd backend && ...`, backend -> elsewhere)', async () => {
    const host = await project({ 'package.json': '{"scripts":{"test":"node --test"}}', 'test_y.py': '' });
    const dir = await project({ 'README.md': 'hi\n' });
    await symlink(host, path.join(dir, 'backend'));
    await expect(detectProject(dir, {}, 'cd backend && npm test')).resolves.toMatchObject({
      language: 'node',
      test: 'cd backend && npm test',
      detectedFrom: expect.not.stringContaining('backend/:')
    });
  });
});
