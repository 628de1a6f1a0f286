import { mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { applyEdits } from '../../../src/repair/edits.js';
import { LintFixFixer, LINTERS } from '../../../src/repair/fixers/lint-fix.js';
import type { FixerInput } from '../../../src/repair/fixers/types.js';
import { stripAnsi } from '../../../src/triage/ansi.js';
import { createDockerSandbox, type ProjectSpec, type Sandbox } from '../../../src/sandbox/index.js';
import { LocalSandbox, sh } from '../helpers/local-sandbox.js';
import { makeTree } from '../helpers/tree.js';

const BIN = path.resolve('node_modules/.bin');
const logs: string[] = [];
const input = (workdir: string, spec: ProjectSpec, failureOutput: string, sandbox?: Sandbox): FixerInput => ({
  workdir,
  spec,
  failureOutput: stripAnsi(failureOutput),
  failures: [],
  log: m => logs.push(m),
  sandbox
});

const CONFIG = `export default [
  { files: ['**/*.js'], rules: { 'prefer-const': 'error', 'no-var': 'error', 'object-shorthand': 'error' } }
];
`;
const BAD =
  'export function make(name) {\n  var size = 1;\n  let label = name + size;\n  return { label: label };\n}\n';
const GOOD =
  'export function make(name) {\n  const size = 1;\n  const label = name + size;\n  return { label };\n}\n';

describe('LintFixFixer: eslint --fix (the project`s eslint 9, on this machine)', () => {
  const savedPath = process.env.PATH;
  beforeAll(() => {
    process.env.PATH = `${BIN}:${savedPath ?? ''}`;
  });
  afterAll(() => {
    process.env.PATH = savedPath;
  });
  const spec: ProjectSpec = { language: 'node', image: 'host', test: 'eslint src', detectedFrom: 'test' };

  it('fixes what the configured eslint reported, only in the files it named; eslint passes afterwards', async () => {
    const dir = await makeTree({
      'package.json': '{"name":"l","type":"module"}\n',
      'eslint.config.js': CONFIG,
      'src/a.js': BAD,
      'src/ok.js': 'export const ok = 1;\n',
      'other/b.js': BAD
    });
    const before = await sh(dir, spec.test);
    expect(before.code).toBe(1);
    expect(stripAnsi(before.out)).toMatch(
      /src\/a\.js\n\s+2:3\s+error\s+Unexpected var, use let or const instead\s+no-var/
    );
    const p = await new LintFixFixer().propose(input(dir, spec, before.out, new LocalSandbox()));
    expect(p?.edits.map(e => e.file)).toEqual(['src/a.js']);
    expect((await applyEdits(dir, p!.edits)).ok).toBe(true);
    expect(await readFile(path.join(dir, 'src/a.js'), 'utf8')).toBe(GOOD);
    expect(await readFile(path.join(dir, 'other/b.js'), 'utf8')).toBe(BAD);
    expect((await sh(dir, spec.test)).code).toBe(0);
  });

  it('recognises `npm run lint` by the script npm echoes', async () => {
    const dir = await makeTree({
      'package.json': '{"name":"l","type":"module","scripts":{"lint":"eslint src"}}\n',
      'eslint.config.js': CONFIG,
      'src/a.js': BAD
    });
    const npmSpec = { ...spec, test: 'npm run lint' };
    const before = await sh(dir, npmSpec.test);
    expect(before.out).toMatch(/^> eslint src$/m);
    const p = await new LintFixFixer().propose(input(dir, npmSpec, before.out, new LocalSandbox()));
    expect(p?.edits.map(e => e.file)).toEqual(['src/a.js']);
  });

  it('declines: no eslint config, another failing step, no sandbox, eslint missing', async () => {
    const unconfigured = await makeTree({
      'package.json': '{"name":"l","type":"module"}\n',
      'src/a.js': BAD
    });
    const dir = await makeTree({
      'package.json': '{"name":"l","type":"module"}\n',
      'eslint.config.js': CONFIG,
      'src/a.js': BAD
    });
    const out = (await sh(dir, spec.test)).out;
    const fixer = new LintFixFixer();
    logs.length = 0;
    expect(await fixer.propose(input(unconfigured, spec, out, new LocalSandbox()))).toBeNull();
    expect(logs.join('\n')).toMatch(/does not configure eslint/);
    expect(
      await fixer.propose(input(dir, { ...spec, test: 'node --test' }, out, new LocalSandbox()))
    ).toBeNull();
    expect(await fixer.propose(input(dir, spec, out))).toBeNull();
    // No eslint on PATH: not the project's (npm test puts node_modules/.bin there), not a global one.
    process.env.PATH = '/usr/bin:/bin';
    try {
      logs.length = 0;
      expect(await fixer.propose(input(dir, spec, out, new LocalSandbox()))).toBeNull();
      expect(logs.join('\n')).toMatch(/eslint is not available/);
    } finally {
      process.env.PATH = `${BIN}:${savedPath ?? ''}`;
    }
    expect(await readFile(path.join(dir, 'src/a.js'), 'utf8')).toBe(BAD);
  });

  it('edits no file reached through a link or outside the tree, whatever the report names', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'nw-outside-'));
    await writeFile(path.join(outside, 'a.js'), BAD);
    const dir = await makeTree({
      'package.json': '{"name":"l","type":"module"}\n',
      'eslint.config.js': CONFIG,
      'src/ok.js': BAD
    });
    await symlink(outside, path.join(dir, 'linked'));
    await symlink(path.join(outside, 'a.js'), path.join(dir, 'src/link.js'));
    const report = (file: string): string =>
      `\n${file}\n  2:3  error  Unexpected var, use let or const instead  no-var\n\n✖ 1 problem (1 error, 0 warnings)\n  1 error and 0 warnings potentially fixable with the \`--fix\` option.\n`;
    const fixer = new LintFixFixer();
    for (const f of ['linked/a.js', 'src/link.js', `${outside}/a.js`, `../${path.basename(outside)}/a.js`])
      expect(await fixer.propose(input(dir, spec, report(f), new LocalSandbox()))).toBeNull();
    expect(await readFile(path.join(outside, 'a.js'), 'utf8')).toBe(BAD);
    // Control: the tree's own file named the same way is fixed.
    expect(
      (await fixer.propose(input(dir, spec, report(`${dir}/src/ok.js`), new LocalSandbox())))?.edits
    ).toHaveLength(1);
  });
});

describe('LintFixFixer: ruff check --fix', () => {
  const ruff = LINTERS.find(l => l.name === 'ruff')!;
  // ruff < 0.12 (concise and the old full form) and ruff >= 0.12 (the rustc-like full form).
  const OLD =
    'app.py:1:8: F401 [*] `os` imported but unused\nFound 1 error.\n[*] 1 fixable with the `--fix` option.\n';
  const NEW =
    'F401 [*] `os` imported but unused\n --> pkg/app.py:1:8\n  |\n1 | import os\n  |        ^^\n  |\nhelp: Remove unused import: `os`\n\nFound 1 error.\n[*] 1 fixable with the `--fix` option.\n';

  it('knows the check from `ruff format`, and reads both report forms', () => {
    expect(ruff.runs('ruff check .', '')).toBe(true);
    expect(ruff.runs('python -m ruff check src', '')).toBe(true);
    expect(ruff.runs('ruff .', '')).toBe(true);
    expect(ruff.runs('ruff format --check .', '')).toBe(false);
    const files = (out: string): string[] =>
      out
        .split('\n')
        .flatMap(l => ruff.file.map(re => re.exec(l)?.[1]).filter((f): f is string => Boolean(f)));
    expect(files(OLD)).toEqual(['app.py']);
    expect(files(NEW)).toEqual(['pkg/app.py']);
    // The command is fixed: safe fixes only, the reported files only, nothing from the repository.
    expect(ruff.fix(['pkg/app.py', "we'ird.py"])).toContain(
      "check --fix --no-unsafe-fixes --exit-zero --quiet -- pkg/app.py 'we'\\''ird.py'"
    );
  });

  it('declines in the Python image, which has no ruff, and when the repository does not configure ruff', async () => {
    const sandbox = await createDockerSandbox();
    const spec: ProjectSpec = {
      language: 'python',
      image: 'nightwatch-test-python:1',
      test: 'ruff check .',
      detectedFrom: 'test'
    };
    const configured = await makeTree({
      'pyproject.toml': '[tool.ruff]\nline-length = 100\n',
      'app.py': 'import os\n'
    });
    logs.length = 0;
    expect(await new LintFixFixer().propose(input(configured, spec, OLD, sandbox))).toBeNull();
    expect(logs.join('\n')).toMatch(/ruff is not available in the image/);
    const bare = await makeTree({ 'app.py': 'import os\n' });
    logs.length = 0;
    expect(await new LintFixFixer().propose(input(bare, spec, OLD, sandbox))).toBeNull();
    expect(logs.join('\n')).toMatch(/does not configure ruff/);
  });
});
