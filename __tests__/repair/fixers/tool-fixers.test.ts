import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { stripAnsi } from '../../../src/triage/ansi.js';
import { applyEdits } from '../../../src/repair/edits.js';
import { FormatterFixer } from '../../../src/repair/fixers/formatter.js';
import { NpmLockfileFixer } from '../../../src/repair/fixers/npm-lockfile.js';
import type { FixerInput } from '../../../src/repair/fixers/types.js';
import { repair } from '../../../src/repair/index.js';
import { createDockerSandbox, type ProjectSpec, type Sandbox } from '../../../src/sandbox/index.js';
import { LocalSandbox, sh } from '../helpers/local-sandbox.js';
import { makeTree } from '../helpers/tree.js';

const BIN = path.resolve('node_modules/.bin');
const logs: string[] = [];
const input = (workdir: string, spec: ProjectSpec, failureOutput: string, sandbox: Sandbox): FixerInput => ({
  workdir,
  spec,
  // As repair() hands it to every fixer: plain text (the loop test proves that with coloured output).
  failureOutput: stripAnsi(failureOutput),
  failures: [],
  log: m => logs.push(m),
  sandbox
});

describe('FormatterFixer', () => {
  const savedPath = process.env.PATH;
  beforeAll(() => {
    process.env.PATH = `${BIN}:${savedPath ?? ''}`;
  });
  afterAll(() => {
    process.env.PATH = savedPath;
  });

  it('runs the configured prettier on the files its check named; the check passes afterwards', async () => {
    const dir = await makeTree({
      'package.json': '{"name":"f","devDependencies":{"prettier":"^3"}}\n',
      '.prettierrc': '{"singleQuote":true}\n',
      'src/a.js': 'export const a = 1;\n\n\nexport function f( x ){ return x+"y" }\n',
      'src/b.js': "export const b = 'ok';\n"
    });
    const spec: ProjectSpec = {
      language: 'node',
      image: 'host',
      test: 'prettier --check src',
      detectedFrom: 'test'
    };
    const before = await sh(dir, spec.test);
    expect(before.code).not.toBe(0);
    expect(stripAnsi(before.out)).toContain('[warn] src/a.js');
    expect(stripAnsi(before.out)).toMatch(/Code style issues found in the above file/);
    const p = await new FormatterFixer().propose(input(dir, spec, before.out, new LocalSandbox()));
    expect(p).not.toBeNull();
    expect(p!.edits.map(e => e.file)).toEqual(['src/a.js']);
    // Only the changed lines are in the edit.
    expect(p!.edits[0].search).not.toContain('export const a');
    await applyEdits(dir, p!.edits);
    expect((await sh(dir, spec.test)).code).toBe(0);
    expect(await readFile(path.join(dir, 'src/a.js'), 'utf8')).toContain("return x + 'y';");
  });

  it('declines when the repository does not configure the formatter', async () => {
    const dir = await makeTree({ 'package.json': '{"name":"f"}\n', 'src/a.js': 'export const a = 1\n' });
    const spec: ProjectSpec = {
      language: 'node',
      image: 'host',
      test: 'prettier --check src',
      detectedFrom: 'test'
    };
    const before = await sh(dir, spec.test);
    expect(stripAnsi(before.out)).toContain('[warn] src/a.js');
    expect(await new FormatterFixer().propose(input(dir, spec, before.out, new LocalSandbox()))).toBeNull();
  });

  it('runs the configured black in the python image on what `black --check` named; repair() verifies it', async () => {
    const sandbox = await createDockerSandbox();
    const dir = await makeTree({
      'pyproject.toml': '[tool.black]\nline-length = 100\n',
      'app.py': 'def total(xs):\n    return sum( x for x in xs )\n\n\n\nCONFIG = {  "a":1 }\n',
      'ok.py': 'VALUE = 1\n'
    });
    const spec: ProjectSpec = {
      language: 'python',
      image: 'nightwatch-test-python:1',
      test: 'black --check .',
      detectedFrom: 'test'
    };
    const before = await sandbox.run({ workdir: dir, spec });
    expect(before.exitCode).toBe(1);
    expect(before.output).toMatch(/would reformat \/work\/app\.py/);
    const res = await repair({
      workdir: dir,
      spec,
      sandbox,
      failureOutput: before.output,
      failures: [],
      diagnosis: { source: 'rules', rootCause: 'black', category: 'lint', confidence: 0.9 },
      maxAttempts: 0,
      minConfidence: 0.6,
      protectedPaths: [],
      log: m => logs.push(m)
    });
    expect(res.attempts.map(a => `${a.source}:${a.verdict}`)).toEqual(['fixer:formatter:pass']);
    expect(res.edits.map(e => e.file)).toEqual(['app.py']);
    const fixed = await readFile(path.join(dir, 'app.py'), 'utf8');
    expect(fixed).toContain('return sum(x for x in xs)');
    expect(fixed).toContain('CONFIG = {"a": 1}');
    expect((await sandbox.run({ workdir: dir, spec })).exitCode).toBe(0);
  });

  it('declines when black fails the check but the repository does not configure black', async () => {
    const sandbox = await createDockerSandbox();
    const dir = await makeTree({ 'pyproject.toml': '[project]\nname = "x"\n', 'app.py': 'x = {  "a":1 }\n' });
    const spec: ProjectSpec = {
      language: 'python',
      image: 'nightwatch-test-python:1',
      test: 'black --check .',
      detectedFrom: 'test'
    };
    const before = await sandbox.run({ workdir: dir, spec });
    expect(before.exitCode).toBe(1);
    logs.length = 0;
    expect(await new FormatterFixer().propose(input(dir, spec, before.output, sandbox))).toBeNull();
    expect(logs.join('\n')).toMatch(/does not configure black/);
  });

  it('declines when black is configured but not in the image (the node image has none)', async () => {
    const sandbox = await createDockerSandbox();
    const dir = await makeTree({
      'pyproject.toml': '[tool.black]\nline-length = 100\n',
      'app.py': 'x = {  "a":1 }\n'
    });
    const spec: ProjectSpec = {
      language: 'python',
      image: 'nightwatch-test-node:1',
      test: 'python3 -m black --check .',
      detectedFrom: 'test'
    };
    // black's check output, as the python image printed it for this tree.
    const out = 'would reformat /work/app.py\n\nOh no! 💥 💔 💥\n1 file would be reformatted.\n';
    logs.length = 0;
    expect(await new FormatterFixer().propose(input(dir, spec, out, sandbox))).toBeNull();
    expect(logs.join('\n')).toMatch(/black is not available in the image/);
  });
});

describe('FormatterFixer: gofmt in the Go image', () => {
  const GO = 'nightwatch-test-go:1';
  const UNFORMATTED = 'package calc\n\nfunc Add(a int,b int) int {\nreturn a+b\n}\n';
  const tree = (extra: Record<string, string> = {}): Promise<string> =>
    makeTree({
      'go.mod': 'module example.com/calc\n\ngo 1.19\n',
      'calc.go': UNFORMATTED,
      'calc_test.go':
        'package calc\n\nimport "testing"\n\nfunc TestAdd(t *testing.T) {\n\tif Add(1, 2) != 3 {\n\t\tt.Fatal("sum")\n\t}\n}\n',
      'testdata/x.go': 'package x\nfunc  X() {}\n',
      ...extra
    });

  it('formats what `test -z "$(gofmt -l .)"` rejects (no output: gofmt lists the files), testdata left alone', async () => {
    const sandbox = await createDockerSandbox();
    const dir = await tree();
    const spec: ProjectSpec = {
      language: 'go',
      image: GO,
      test: 'test -z "$(gofmt -l .)"',
      detectedFrom: 'test'
    };
    const before = await sandbox.run({ workdir: dir, spec });
    expect(before.exitCode).toBe(1);
    const res = await repair({
      workdir: dir,
      spec: { ...spec, test: 'test -z "$(gofmt -l . | grep -v ^testdata/)" && go test ./...' },
      sandbox,
      failureOutput: before.output,
      failures: [],
      diagnosis: { source: 'rules', rootCause: 'gofmt', category: 'lint', confidence: 0.9 },
      maxAttempts: 0,
      minConfidence: 0.6,
      protectedPaths: [],
      log: m => logs.push(m)
    });
    expect(res.attempts.map(a => `${a.source}:${a.verdict}`)).toEqual(['fixer:formatter:pass']);
    expect(res.edits.map(e => e.file)).toEqual(['calc.go']);
    expect(await readFile(path.join(dir, 'calc.go'), 'utf8')).toBe(
      'package calc\n\nfunc Add(a int, b int) int {\n\treturn a + b\n}\n'
    );
    expect(await readFile(path.join(dir, 'testdata/x.go'), 'utf8')).toBe('package x\nfunc  X() {}\n');
  });

  it('takes the files from `gofmt -s -d` output and simplifies as the check does', async () => {
    const sandbox = await createDockerSandbox();
    const dir = await tree({
      'calc.go': 'package calc\n\nfunc Add(a int, b int) int {\n\treturn a + b\n}\n',
      'list.go': 'package calc\n\nvar Pairs = [][]int{[]int{1, 2}, []int{3, 4}}\n'
    });
    const spec: ProjectSpec = {
      language: 'go',
      image: GO,
      test: 'out="$(gofmt -s -d calc.go list.go)"; echo "$out"; test -z "$out"',
      detectedFrom: 'test'
    };
    const before = await sandbox.run({ workdir: dir, spec });
    expect(before.exitCode).toBe(1);
    expect(before.output).toMatch(/^diff list\.go\.orig list\.go$/m);
    const p = await new FormatterFixer().propose(input(dir, spec, before.output, sandbox));
    expect(p?.edits.map(e => e.file)).toEqual(['list.go']);
    await applyEdits(dir, p!.edits);
    expect(await readFile(path.join(dir, 'list.go'), 'utf8')).toContain('[][]int{{1, 2}, {3, 4}}');
    expect((await sandbox.run({ workdir: dir, spec })).exitCode).toBe(0);
  });

  it('declines a gofmt-looking failure outside a Go module, and a `go test` failure', async () => {
    const sandbox = new LocalSandbox();
    const noMod = await makeTree({ 'calc.go': UNFORMATTED });
    const gofmtSpec: ProjectSpec = {
      language: 'go',
      image: 'host',
      test: 'test -z "$(gofmt -l .)"',
      detectedFrom: 'test'
    };
    expect(await new FormatterFixer().propose(input(noMod, gofmtSpec, '', sandbox))).toBeNull();
    const mod = await tree();
    const goTest: ProjectSpec = {
      language: 'go',
      image: 'host',
      test: 'go test ./...',
      detectedFrom: 'test'
    };
    const out = '--- FAIL: TestAdd (0.00s)\n    calc_test.go:7: sum\nFAIL\nFAIL\texample.com/calc\t0.002s\n';
    expect(await new FormatterFixer().propose(input(mod, goTest, out, sandbox))).toBeNull();
  });
});

describe('NpmLockfileFixer in the Docker node image', () => {
  it('regenerates a lockfile that npm ci refuses, and repair() verifies it', async () => {
    const sandbox = await createDockerSandbox();
    const dir = await makeTree({
      'vendor/leftpad/package.json': '{"name":"leftpad","version":"1.0.0","main":"index.js"}\n',
      'vendor/leftpad/index.js': 'module.exports = (s, n) => String(s).padStart(n);\n',
      'package.json':
        '{\n  "name": "lk",\n  "version": "1.0.0",\n  "scripts": { "test": "node test.js" },\n  "dependencies": { "leftpad": "file:vendor/leftpad" }\n}\n',
      'package-lock.json':
        '{\n  "name": "lk",\n  "version": "1.0.0",\n  "lockfileVersion": 3,\n  "requires": true,\n  "packages": {\n    "": {\n      "name": "lk",\n      "version": "1.0.0"\n    }\n  }\n}\n',
      'test.js': "const pad = require('leftpad');\nif (pad('a', 3) !== '  a') process.exit(1);\n"
    });
    const spec: ProjectSpec = {
      language: 'node',
      image: 'nightwatch-test-node:1',
      install: 'npm ci',
      test: 'npm test',
      detectedFrom: 'test'
    };
    const before = await sandbox.run({ workdir: dir, spec });
    expect(before.phase).toBe('install');
    expect(before.output).toContain(
      '`npm ci` can only install packages when your package.json and package-lock.json'
    );
    const res = await repair({
      workdir: dir,
      spec,
      sandbox,
      failureOutput: before.output,
      failures: [],
      diagnosis: { source: 'rules', rootCause: 'lockfile', category: 'dependency', confidence: 0.9 },
      maxAttempts: 3,
      minConfidence: 0.6,
      protectedPaths: [],
      log: m => logs.push(m)
    });
    expect(res.fixed).toBe(true);
    expect(res.attempts.map(a => `${a.source}:${a.verdict}`)).toEqual(['fixer:npm-lockfile:pass']);
    const lock = JSON.parse(await readFile(path.join(dir, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, unknown>;
    };
    expect(Object.keys(lock.packages)).toContain('node_modules/leftpad');
  });

  it('does nothing for other install failures', async () => {
    const dir = await makeTree({ 'package.json': '{}', 'package-lock.json': '{}' });
    const out =
      'npm error code E404\nnpm error 404 Not Found - GET https://registry.npmjs.org/nope - Not found\n';
    expect(
      await new NpmLockfileFixer().propose(
        input(
          dir,
          { language: 'node', image: 'x', test: 'npm test', detectedFrom: '' },
          out,
          new LocalSandbox()
        )
      )
    ).toBeNull();
  });
});
