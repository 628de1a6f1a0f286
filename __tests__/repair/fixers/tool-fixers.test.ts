import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { stripAnsi } from '../../../src/ansi.js';
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
  failureOutput,
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

  it('declines (a stub) when black is configured but not in the image', async () => {
    const sandbox = await createDockerSandbox();
    const dir = await makeTree({
      'pyproject.toml': '[tool.black]\nline-length = 100\n',
      'app.py': 'x = {  "a":1 }\n'
    });
    const spec: ProjectSpec = {
      language: 'python',
      image: 'nightwatch-test-python:1',
      test: 'python3 -m black --check .',
      detectedFrom: 'test'
    };
    // black's check output (black 24), as a repository's CI prints it.
    const out = 'would reformat /work/app.py\n\nOh no! 💥 💔 💥\n1 file would be reformatted.\n';
    logs.length = 0;
    expect(await new FormatterFixer().propose(input(dir, spec, out, sandbox))).toBeNull();
    expect(logs.join('\n')).toMatch(/black is not available in the image/);
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
