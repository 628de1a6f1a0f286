/** Project kind -> image, install command and test command (DESIGN.md, sandbox/). */
import path from 'node:path';
import { listTreeDir, readTreeFile } from '../fs/index.js';
import { SANDBOX_STATE_DIR } from './env.js';
import { ProjectDetectionError } from './errors.js';
import type { ProjectSpec } from './port.js';

/** What the user (inputs, CLI flags) says instead of what detection finds; empty strings count as unset. */
export interface DetectOverrides {
  image?: string;
  install?: string;
  test?: string;
}

/** Default images: the official ones, which carry the toolchain and can run as any uid. */
export const DEFAULT_IMAGES = {
  python: 'python:3.12-slim',
  node: 'node:22',
  go: 'golang:1.23',
  rust: 'rust:1',
  maven: 'maven:3-eclipse-temurin-21',
  gradle: 'gradle:8-jdk21',
  unknown: 'buildpack-deps:bookworm'
} as const;

type Language = ProjectSpec['language'];

interface Detected {
  language: Language;
  image: string;
  install?: string;
  test: string;
  from: string[];
}

interface Tree {
  /** The names at the top (folders with a trailing `/`; a link is never a folder). */
  names: Set<string>;
  /** A project file's text; undefined when missing, a link, not a plain file or too large. */
  read(name: string): Promise<string | undefined>;
  /** The names in a folder below (empty when it is missing or a link). */
  list(dir: string): Promise<string[]>;
}

/** The project files at `root`/`sub`, read only through `src/fs` (no link is ever followed). */
async function openTree(root: string, sub = ''): Promise<Tree> {
  const at = (name: string): string => (sub === '' ? name : `${sub}/${name}`);
  const entries = await listTreeDir(root, sub);
  const names = new Set(entries.map(e => (e.kind === 'dir' ? `${e.name}/` : e.name)));
  const cache = new Map<string, Promise<string | undefined>>();
  return {
    names,
    read(name: string): Promise<string | undefined> {
      let p = cache.get(name);
      if (!p) {
        p = readTreeFile(root, at(name)).then(
          t => t ?? undefined,
          () => undefined
        );
        cache.set(name, p);
      }
      return p;
    },
    async list(dir: string): Promise<string[]> {
      const inside = await listTreeDir(root, at(dir)).catch(() => []);
      return inside.map(e => e.name);
    }
  };
}

const has = (t: Tree, ...names: string[]): boolean => names.some(n => t.names.has(n));

/**
 * Decides how to install and test the project at `dir`. Precedence, per field: `overrides`, then the
 * failing step's own command when it can run in a container (a plain test command, no secrets, no
 * network), then what the files say.
 */
export async function detectProject(
  dir: string,
  overrides: DetectOverrides = {},
  failingCommand?: string
): Promise<ProjectSpec> {
  const tree = await openTree(dir);
  const o = {
    image: overrides.image?.trim() || undefined,
    install: overrides.install?.trim() || undefined,
    test: overrides.test?.trim() || undefined
  };
  const step =
    failingCommand?.trim() && isRunnableTestCommand(failingCommand) ? failingCommand.trim() : undefined;
  const hint = commandLanguage(o.test ?? step);
  let d = await detect(tree, hint);
  // `cd backend && pytest`: when the root says nothing (or something else), the project is there.
  const sub = leadingCd(o.test ?? step);
  if (sub && (!d || d.language === 'unknown' || (hint !== undefined && d.language !== hint))) {
    const inner = await subProject(dir, sub, hint);
    if (inner) d = inner;
  }
  if (!d) {
    const test = o.test ?? step;
    if (!test) {
      throw new ProjectDetectionError(
        `Could not tell how to test ${dir}: no package.json, pyproject.toml, setup.py, go.mod, Cargo.toml, ` +
          `pom.xml, build.gradle or Makefile with a test target. Give the test command (input test-command, --command).`
      );
    }
    d = { language: hint ?? 'unknown', image: DEFAULT_IMAGES.unknown, test, from: ['no project files'] };
  }
  const from = [...d.from];
  let test = d.test;
  if (o.test) {
    test = o.test;
    from.push('test command given');
  } else if (step) {
    test = step;
    from.push(`the failing step's command`);
  } else if (failingCommand?.trim()) {
    from.push(`failing step's command not runnable in a sandbox`);
  }
  const install = o.install ?? d.install;
  if (o.install) from.push('install command given');
  if (o.image) from.push('image given');
  const spec: ProjectSpec = {
    language: d.language,
    image: o.image ?? d.image,
    test,
    detectedFrom: from.join('; ')
  };
  if (install) spec.install = install;
  // A guessed install that the image cannot run must not end the heal (README, "Detection").
  if (install && !o.install) spec.installFallback = 'tooling';
  return spec;
}

/** The folder of a leading `cd DIR &&` (or `;`), when it is a plain relative path inside the tree. */
function leadingCd(command: string | undefined): string | undefined {
  const m = command ? /^\s*cd\s+(['"]?)([\w./-]+)\1\s*(?:&&|;|\n)/.exec(command) : null;
  if (!m) return undefined;
  const dir = path.posix.normalize(m[2]).replace(/\/+$/, '');
  return dir === '.' || dir.startsWith('..') || path.posix.isAbsolute(dir) ? undefined : dir;
}

/** Detection in a sub-folder, with install and test run from there. */
async function subProject(
  root: string,
  sub: string,
  hint: Language | undefined
): Promise<Detected | undefined> {
  let t: Tree;
  try {
    t = await openTree(root, sub);
  } catch {
    return undefined;
  }
  const up = sub
    .split('/')
    .map(() => '..')
    .join('/');
  const d = await detect(t, hint, `${up}/${SANDBOX_STATE_DIR}`);
  if (!d) return undefined;
  const q = /^[\w./-]+$/.test(sub) ? sub : `'${sub}'`;
  return {
    ...d,
    install: d.install ? `cd ${q} && ${d.install}` : undefined,
    test: `cd ${q} && ${d.test}`,
    from: [`${sub}/: ${d.from[0]}`, ...d.from.slice(1)]
  };
}

async function detect(
  t: Tree,
  hint: Language | undefined,
  state: string = SANDBOX_STATE_DIR
): Promise<Detected | undefined> {
  const kinds: { lang: Language; present: boolean; run: () => Promise<Detected | undefined> }[] = [
    { lang: 'go', present: has(t, 'go.mod'), run: () => detectGo(t) },
    { lang: 'rust', present: has(t, 'Cargo.toml'), run: () => detectRust(t) },
    {
      lang: 'java',
      present: has(
        t,
        'pom.xml',
        'build.gradle',
        'build.gradle.kts',
        'settings.gradle',
        'settings.gradle.kts'
      ),
      run: () => detectJava(t)
    },
    {
      lang: 'python',
      present: has(
        t,
        'pyproject.toml',
        'setup.py',
        'setup.cfg',
        'tox.ini',
        'noxfile.py',
        'pytest.ini',
        'Pipfile'
      ),
      run: () => detectPython(t, state)
    },
    { lang: 'node', present: has(t, 'package.json'), run: () => detectNode(t) },
    // Weak signs last: a requirements file or loose test modules.
    {
      lang: 'python',
      present:
        [...t.names].some(n => /^requirements.*\.txt$/.test(n) || /^(test_.*|.*_test)\.py$/.test(n)) ||
        has(t, 'tests/', 'test/', 'conftest.py'),
      run: () => detectPython(t, state)
    }
  ];
  const order = hint ? [...kinds.filter(k => k.lang === hint), ...kinds.filter(k => k.lang !== hint)] : kinds;
  for (const k of order) {
    if (!k.present) continue;
    const d = await k.run();
    if (d) return d;
  }
  const makefile = await t.read('Makefile');
  if (makefile && /^test\s*:/m.test(makefile)) {
    return {
      language: 'unknown',
      image: DEFAULT_IMAGES.unknown,
      test: 'make test',
      from: ['Makefile test target']
    };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------- python

/**
 * Commands for a venv in the tree: the install phase is a separate container (and on the host we
 * must not touch the user's Python); --system-site-packages keeps what the image already has
 * (pytest, pip). The image's own pip then installs into the venv; only an image without pip pays for
 * ensurepip (~8 s). `state` is the sandbox state folder as seen from the project folder.
 */
function venvCommands(state: string): { mkVenv: string; pip: string } {
  const venv = `${state}/venv`;
  return {
    mkVenv:
      `python3 -m venv --system-site-packages --without-pip ${venv} && ` +
      `{ ${venv}/bin/python -m pip --version >/dev/null 2>&1 || ${venv}/bin/python -m ensurepip; }`,
    pip: `${venv}/bin/python -m pip install -q`
  };
}

const REQUIREMENTS = [
  'requirements.txt',
  'requirements-dev.txt',
  'requirements_dev.txt',
  'dev-requirements.txt',
  'requirements-test.txt',
  'requirements_test.txt',
  'test-requirements.txt',
  'requirements-tests.txt'
];

async function detectPython(t: Tree, state: string): Promise<Detected> {
  const { mkVenv, pip } = venvCommands(state);
  const from: string[] = [];
  const pyproject = (await t.read('pyproject.toml')) ?? '';
  const setupCfg = (await t.read('setup.cfg')) ?? '';
  const setupPy = (await t.read('setup.py')) ?? '';
  const toxIni = (await t.read('tox.ini')) ?? '';

  const reqFiles: string[] = [];
  for (const r of REQUIREMENTS) {
    const text = await t.read(r);
    if (text !== undefined && meaningfulLines(text).length > 0) reqFiles.push(r);
  }
  const projectDeps = tomlArray(pyproject, 'project', 'dependencies') ?? [];
  const extras = Object.keys(tomlTable(pyproject, 'project.optional-dependencies')).filter(k =>
    /^(tests?|testing|dev)$/.test(k)
  );
  const setupDeps = /install_requires|tests_require|extras_require/.test(setupPy + setupCfg);
  const poetry = /^\[tool\.poetry\]/m.test(pyproject);
  const installSelf = projectDeps.length > 0 || extras.length > 0 || setupDeps || poetry;

  const tox = toxIni !== '' || /^\[tool\.tox\]/m.test(pyproject) || /^\[tox:tox\]/m.test(setupCfg);
  const nox = has(t, 'noxfile.py');
  // Where dependencies are declared (a [tool.pytest] table configures pytest, it installs nothing).
  const declared = [
    ...projectDeps,
    ...[
      'project.optional-dependencies',
      'dependency-groups',
      'tool.poetry.dependencies',
      'tool.poetry.dev-dependencies',
      'tool.poetry.group.dev.dependencies',
      'tool.poetry.group.test.dependencies'
    ].map(n => tomlSection(pyproject, n) ?? ''),
    setupCfg.replace(/^\[tool:pytest\][\s\S]*?(?=^\[|(?![\s\S]))/m, ''),
    setupPy,
    toxIni.replace(/^\[pytest\][\s\S]*?(?=^\[|(?![\s\S]))/m, ''),
    ...(await Promise.all(reqFiles.map(r => t.read(r))))
  ].join('\n');

  let test: string;
  let install: string | undefined;
  if (tox) {
    from.push('tox configured');
    test = 'tox --skip-pkg-install';
    // tox builds its environments (network) in the install phase; the test phase reuses them.
    install = `${mkVenv} && ${pip} tox && tox --notest`;
  } else if (nox) {
    from.push('noxfile.py');
    test = 'nox --no-install --reuse-existing-virtualenvs';
    install = `${mkVenv} && ${pip} nox && nox --install-only`;
  } else {
    const runner = await pythonRunner(t, pyproject, setupCfg, toxIni, declared);
    from.push(runner.why);
    test = runner.test;
    const args: string[] = reqFiles.map(r => `-r ${r}`);
    if (installSelf) args.push(extras.length > 0 ? `-e '.[${extras.join(',')}]'` : '-e .');
    // pytest is usually installed by the workflow itself, not declared; add it when installing anyway.
    if (args.length > 0 && runner.pytest && !/\bpytest\b/i.test(declared)) args.push('pytest');
    if (args.length > 0) install = `${mkVenv} && ${pip} ${args.join(' ')}`;
    from.push(
      reqFiles.length > 0 || installSelf
        ? `installs ${[...reqFiles, ...(installSelf ? ['the package'] : [])].join(', ')}`
        : 'no requirements'
    );
  }
  return { language: 'python', image: `python:${await pythonVersion(t)}-slim`, install, test, from };
}

async function pythonRunner(
  t: Tree,
  pyproject: string,
  setupCfg: string,
  toxIni: string,
  declared: string
): Promise<{ test: string; why: string; pytest: boolean }> {
  const pytest = { test: 'python3 -m pytest', pytest: true };
  if (has(t, 'pytest.ini')) return { ...pytest, why: 'pytest.ini' };
  if (/^\[tool\.pytest\.ini_options\]/m.test(pyproject))
    return { ...pytest, why: 'pyproject.toml [tool.pytest]' };
  if (/^\[tool:pytest\]/m.test(setupCfg)) return { ...pytest, why: 'setup.cfg [tool:pytest]' };
  if (/^\[pytest\]/m.test(toxIni)) return { ...pytest, why: 'tox.ini [pytest]' };
  if (has(t, 'conftest.py')) return { ...pytest, why: 'conftest.py' };
  if (/\bpytest\b/i.test(declared)) return { ...pytest, why: 'pytest in the requirements' };
  const tests = await pythonTestSources(t);
  if (tests.some(s => /^\s*(import pytest|from pytest\b)/m.test(s)))
    return { ...pytest, why: 'tests import pytest' };
  if (tests.length > 0 && tests.every(s => /^\s*(import unittest|from unittest\b)/m.test(s))) {
    const dir = has(t, 'tests/') ? 'tests' : has(t, 'test/') ? 'test' : undefined;
    const pkg = dir !== undefined && (await t.read(`${dir}/__init__.py`)) !== undefined;
    return {
      test: `python3 -m unittest discover -v${dir && !pkg ? ` -s ${dir}` : ''}`,
      why: 'unittest tests',
      pytest: false
    };
  }
  return { ...pytest, why: 'python tests (pytest runs unittest too)' };
}

async function pythonTestSources(t: Tree): Promise<string[]> {
  const files: string[] = [...t.names].filter(n => /^(test_.*|.*_test)\.py$/.test(n));
  for (const d of ['tests', 'test']) {
    if (!has(t, `${d}/`)) continue;
    for (const n of await t.list(d)) if (/^(test_.*|.*_test)\.py$/.test(n)) files.push(`${d}/${n}`);
  }
  const texts = await Promise.all(files.slice(0, 50).map(f => t.read(f)));
  return texts.filter((s): s is string => s !== undefined);
}

async function pythonVersion(t: Tree): Promise<string> {
  const pinned = (await t.read('.python-version'))?.trim();
  const m = pinned ? /^(?:python-?)?(3\.\d+)/.exec(pinned) : null;
  return m ? m[1] : '3.12';
}

// ------------------------------------------------------------------------------------------ node

interface PackageJson {
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  workspaces?: unknown;
  packageManager?: string;
  engines?: Record<string, string>;
}

// What `npm init` writes when there are no tests.
const NPM_PLACEHOLDER = /no test specified/;

async function detectNode(t: Tree): Promise<Detected> {
  const from: string[] = [];
  let pkg: PackageJson = {};
  try {
    pkg = JSON.parse((await t.read('package.json')) ?? '{}') as PackageJson;
  } catch {
    from.push('package.json unreadable');
  }
  const pmField = /^(npm|yarn|pnpm)@(\d+)?/.exec(pkg.packageManager ?? '');
  let pm: 'npm' | 'yarn' | 'pnpm' = 'npm';
  if (pmField) pm = pmField[1] as typeof pm;
  else if (has(t, 'pnpm-lock.yaml')) pm = 'pnpm';
  else if (has(t, 'yarn.lock')) pm = 'yarn';
  const berry =
    pm === 'yarn' && (has(t, '.yarnrc.yml') || (pmField !== null && Number(pmField[2] ?? '1') >= 2));
  // pnpm and yarn 2+ come through corepack (in the node images, and runs without `corepack enable`,
  // which would need to write to /usr/local/bin).
  const run = pm === 'npm' ? 'npm' : pm === 'pnpm' || berry ? `corepack ${pm}` : 'yarn';
  const lock = has(t, 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml');
  from.push(`package.json (${pm}${lock ? ', lockfile' : ''})`);

  const deps = [pkg.dependencies, pkg.devDependencies, pkg.optionalDependencies].some(
    d => d !== undefined && Object.keys(d).length > 0
  );
  let install: string | undefined;
  if (deps || pkg.workspaces !== undefined) {
    if (pm === 'npm') install = has(t, 'package-lock.json', 'npm-shrinkwrap.json') ? 'npm ci' : 'npm install';
    else if (pm === 'pnpm')
      install = `corepack pnpm install${has(t, 'pnpm-lock.yaml') ? ' --frozen-lockfile' : ''}`;
    else if (berry) install = `corepack yarn install${has(t, 'yarn.lock') ? ' --immutable' : ''}`;
    else install = `yarn install${has(t, 'yarn.lock') ? ' --frozen-lockfile' : ''}`;
  } else {
    from.push('no dependencies');
  }

  const script = pkg.scripts?.test;
  let test: string;
  if (script && !NPM_PLACEHOLDER.test(script)) {
    test = `${run} test`;
    from.push('test script');
  } else {
    test = 'node --test';
    from.push('no test script: node --test');
  }
  return { language: 'node', image: `node:${await nodeMajor(t)}`, install, test, from };
}

async function nodeMajor(t: Tree): Promise<string> {
  for (const f of ['.nvmrc', '.node-version']) {
    const v = (await t.read(f))?.trim();
    const m = v ? /^v?(\d+)/.exec(v) : null;
    if (m) return m[1];
  }
  return DEFAULT_IMAGES.node.split(':')[1];
}

// -------------------------------------------------------------------------------------------- go

async function detectGo(t: Tree): Promise<Detected> {
  const mod = (await t.read('go.mod')) ?? '';
  const m = /^go\s+1\.(\d+)/m.exec(mod);
  const base = Number(DEFAULT_IMAGES.go.split('.')[1]);
  // The image must be at least as new as go.mod's `go` line (GOTOOLCHAIN=local: no download).
  const minor = m ? Math.max(base, Number(m[1])) : base;
  const hasDeps = has(t, 'go.sum') || /^require\b/m.test(mod);
  return {
    language: 'go',
    image: `golang:1.${minor}`,
    install: hasDeps ? 'go mod download' : undefined,
    test: 'go test ./...',
    from: [`go.mod${m ? ` (go 1.${m[1]})` : ''}`, hasDeps ? 'module downloads' : 'no dependencies']
  };
}

// ------------------------------------------------------------------------------------------ rust

async function detectRust(t: Tree): Promise<Detected> {
  const cargo = (await t.read('Cargo.toml')) ?? '';
  const hasDeps =
    ['dependencies', 'dev-dependencies', 'build-dependencies', 'workspace.dependencies'].some(
      s => Object.keys(tomlTable(cargo, s)).length > 0
    ) || /^\[workspace\]/m.test(cargo);
  return {
    language: 'rust',
    image: DEFAULT_IMAGES.rust,
    install: hasDeps ? 'cargo fetch' : undefined,
    test: 'cargo test',
    from: ['Cargo.toml', hasDeps ? 'crates fetched' : 'no dependencies']
  };
}

// ------------------------------------------------------------------------------------------ java

async function detectJava(t: Tree): Promise<Detected> {
  if (has(t, 'pom.xml')) {
    const mvn = has(t, 'mvnw') ? 'sh ./mvnw' : 'mvn';
    return {
      language: 'java',
      image: DEFAULT_IMAGES.maven,
      install: `${mvn} -B -ntp -q dependency:go-offline`,
      test: `${mvn} -B -ntp -o test`,
      from: [`pom.xml${mvn !== 'mvn' ? ' (mvnw)' : ''}`]
    };
  }
  const gradle = has(t, 'gradlew') ? 'sh ./gradlew' : 'gradle';
  return {
    language: 'java',
    image: DEFAULT_IMAGES.gradle,
    install: `${gradle} --no-daemon -q dependencies`,
    test: `${gradle} --no-daemon --offline test`,
    from: [`Gradle build${gradle !== 'gradle' ? ' (gradlew)' : ''}`]
  };
}

// ------------------------------------------------------------------------------ failing commands

const TEST_TOOLS =
  /^(?:\S*\/)?(pytest|py\.test|python[\d.]*|tox|nox|coverage|npm|npx|yarn|pnpm|corepack|node|bun|deno|jest|vitest|mocha|ava|tap|tsc|go|gofmt|black|ruff|prettier|cargo|mvn|mvnw|gradle|gradlew|make|sbt|dotnet|ruby|bundle|rake|rspec|phpunit|php)$/;
const HARMLESS = /^(cd|echo|set|export|true|:|printf|pwd|ls|cat|env|test|\[|exit)$/;
const INSTALLS =
  /\b(pip3?|uv|poetry|pipenv)\s+(install|sync|add)\b|\b(npm|pnpm)\s+(ci|install|i|add)\b|\byarn(\s+install)?\s*($|&|;|\|)|\byarn\s+add\b|\bgo\s+(mod\s+download|get|install)\b|\bcargo\s+(fetch|install)\b|\bapt(-get)?\b|\bbrew\b|\bbundle\s+install\b|\bsetup\.py\s+(install|develop)\b/;
const FORBIDDEN =
  /\$\{\{|\bsecrets\.|\$\{?[A-Z_]*(TOKEN|SECRET|PASSWORD|PASSWD|API_KEY|PRIVATE_KEY)\b|\$\{?(GITHUB_|ACTIONS_|RUNNER_)|\b(sudo|su|docker|podman|kubectl|helm|ssh|scp|rsync|curl|wget|gh|aws|gcloud|az|terraform)\b|\bgit\s+(push|fetch|pull|clone|remote)\b|\b(npm|yarn|pnpm)\s+(publish|login|adduser|token)\b|^\s*uses:|\bactions\//;

/**
 * True when a workflow step's command can stand in as the test command in a sandbox: only test
 * runners (and harmless shell), no expressions or secrets, nothing that needs the network
 * (installs, clones, uploads) or the host (sudo, docker).
 */
export function isRunnableTestCommand(command: string): boolean {
  const lines = command
    .split('\n')
    .map(l => l.trim())
    .filter(l => l !== '' && !l.startsWith('#'));
  if (lines.length === 0 || FORBIDDEN.test(command) || INSTALLS.test(command)) return false;
  let runners = 0;
  for (const line of lines) {
    for (const segment of line.split(/&&|\|\||;|\|/)) {
      const words = segment
        .trim()
        .split(/\s+/)
        .filter(w => w !== '');
      while (words.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])) words.shift();
      if (words.length === 0) continue;
      // `test -z "$(gofmt -l .)"`: the tools of command substitutions count as well.
      const tools = [words[0], ...[...segment.matchAll(/\$\(\s*([^\s)]+)/g)].map(m => m[1])];
      for (const word of tools) {
        const tool = word.replace(/^\.\//, '');
        if (TEST_TOOLS.test(tool)) runners++;
        else if (!HARMLESS.test(tool)) return false;
      }
    }
  }
  return runners > 0;
}

/** Which language a command is for, when its runner says so. */
export function commandLanguage(command: string | undefined): Language | undefined {
  if (!command) return undefined;
  if (/\b(pytest|py\.test|tox|nox|python[\d.]*|black|ruff)\b/.test(command)) return 'python';
  if (/\b(npm|npx|yarn|pnpm|node|jest|vitest|mocha|tsc|prettier)\b/.test(command)) return 'node';
  if (/\bgofmt\b|\bgo\s+(test|vet|build)\b/.test(command)) return 'go';
  if (/\bcargo\b/.test(command)) return 'rust';
  if (/\b(mvn|mvnw|gradle|gradlew)\b/.test(command)) return 'java';
  return undefined;
}

// ------------------------------------------------------------------------- small TOML/text reading

function meaningfulLines(text: string): string[] {
  return text
    .split('\n')
    .map(l => l.replace(/#.*$/, '').trim())
    .filter(l => l !== '');
}

/** The body of `[name]` in a TOML text (up to the next table header), or undefined. */
function tomlSection(text: string, name: string): string | undefined {
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`^\\[${esc}\\][ \\t]*(?:#.*)?$`, 'm').exec(text);
  if (!m) return undefined;
  const rest = text.slice(m.index + m[0].length);
  const next = /^\[/m.exec(rest);
  return next ? rest.slice(0, next.index) : rest;
}

/** Keys of `[name]` (enough to tell whether a dependency table is empty). */
function tomlTable(text: string, name: string): Record<string, true> {
  const body = tomlSection(text, name);
  const out: Record<string, true> = {};
  if (!body) return out;
  for (const m of body.matchAll(/^\s*("?)([A-Za-z0-9_.-]+)\1\s*=/gm)) out[m[2]] = true;
  return out;
}

/** The string items of `key = [ ... ]` in `[section]`, quotes and brackets in strings respected. */
function tomlArray(text: string, section: string, key: string): string[] | undefined {
  const body = tomlSection(text, section);
  if (!body) return undefined;
  const m = new RegExp(`^\\s*${key}\\s*=\\s*\\[`, 'm').exec(body);
  if (!m) return undefined;
  const items: string[] = [];
  let i = m.index + m[0].length;
  while (i < body.length) {
    const c = body[i];
    if (c === ']') return items;
    if (c === '#') {
      while (i < body.length && body[i] !== '\n') i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = body.indexOf(c, i + 1);
      if (end < 0) return items;
      items.push(body.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    i++;
  }
  return items;
}
