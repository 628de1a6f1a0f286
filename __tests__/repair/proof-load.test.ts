/**
 * The same tree and failure give the same verdict on a loaded machine (issue 12, point 4). mistune's
 * own timing tests (`assertLess(large, small * 8 + 0.02)` on `time.perf_counter()`) fail when the
 * machine is loaded, and its fix was declined once in three runs: the suite "still failed", or the
 * proof's re-run of the whole suite (the failing test was a file that failed to collect, so no
 * selection) read the timing test's failure as "the failing tests failed again". Here the timing
 * test is made certain: it fails whenever the whole suite runs and passes alone (the load of the
 * whole suite stands for the machine's). Real Docker sandbox, real fixers, real pytest.
 */
import { readFile, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { createGeminiModel } from '../../src/model/index.js';
import { repair } from '../../src/repair/index.js';
import { createDockerSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { SandboxError } from '../../src/sandbox/errors.js';
import type { ProjectSpec } from '../../src/sandbox/port.js';
import { GeminiEmulator } from '../world/gemini.js';
import { makeTree } from './helpers/tree.js';

const spec: ProjectSpec = {
  language: 'python',
  image: 'nightwatch-test-python:1',
  test: 'python3 -m pytest -q -p no:cacheprovider tests',
  detectedFrom: 'test'
};

/** mistune's shape: a plugin registered at import time names a misspelled pattern. */
const BROKEN = {
  'pkg/__init__.py': '',
  'pkg/plugins.py':
    'RUBY_PATTERN = r"\\[(?:\\w+\\(\\w+\\))+\\]"\n\n\ndef ruby(registry):\n    registry["ruby"] = RUBY_PATTRN\n',
  'tests/__init__.py': '',
  'tests/test_plugins.py':
    'from pkg.plugins import ruby\n\nREGISTRY = {}\nruby(REGISTRY)\n\n\ndef test_ruby_registered():\n    assert "ruby" in REGISTRY\n\n\ndef test_ruby_pattern():\n    assert REGISTRY["ruby"].startswith("\\\\[")\n',
  'tests/test_render.py': 'def test_render():\n    assert "a".upper() == "A"\n'
};
/** A timing test of the project: fails with the whole suite around it, passes alone. */
const TIMING =
  'def test_near_linear(request):\n    # stands for a timing assertion that a loaded machine fails\n    assert request.session.testscollected <= 1\n';
/** A test the fix does not fix: it fails alone too. */
const BROKEN_ELSEWHERE = 'def test_other_feature():\n    assert 1 + 1 == 3\n';

describe('proof: other tests that fail only under load do not decide the verdict', () => {
  let docker: Sandbox;
  const dirs: string[] = [];
  beforeAll(async () => {
    docker = await createDockerSandbox();
  });
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  async function heal(extra: Record<string, string>, sandbox: Sandbox = docker) {
    const workdir = await makeTree({ ...BROKEN, ...extra });
    dirs.push(workdir);
    const before = await docker.run({ workdir, spec });
    const logs: string[] = [];
    const res = await repair({
      workdir,
      spec,
      sandbox,
      failureOutput: before.output,
      failureReports: before.reports,
      failureExitCode: before.exitCode,
      failures: [],
      diagnosis: { source: 'rules', rootCause: 'tests fail', category: 'test', confidence: 0.5 },
      maxAttempts: 0,
      minConfidence: 0.6,
      protectedPaths: [],
      log: l => logs.push(l)
    });
    return { workdir, before, res, logs };
  }

  it('heals when the only other failure is a test that passes alone, and says so in the evidence', async () => {
    const { workdir, before, res, logs } = await heal({ 'tests/test_timing.py': TIMING });
    // The broken run collected nothing (pytest stops at the collection error): the timing test never ran.
    expect(before.exitCode).toBe(2);
    expect(before.output).toMatch(/NameError: name 'RUBY_PATTRN' is not defined/);
    expect(res.reason).toBeUndefined();
    expect(res.fixed).toBe(true);
    expect(await readFile(path.join(workdir, 'pkg/plugins.py'), 'utf8')).toContain(
      'registry["ruby"] = RUBY_PATTERN\n'
    );
    // The verified run did fail in the timing test, and the evidence says so, with the numbers.
    expect(res.after?.exitCode).toBe(1);
    expect(res.evidence?.after).toMatchObject({ exitCode: 1, failed: 1, passed: 3 });
    expect(res.evidence?.fixed).toEqual(['tests/test_plugins.py']);
    expect(res.evidence?.notes.join('\n')).toMatch(
      /tests\/test_timing\.py::test_near_linear is not one of the failing tests and failed in the verified run \(exit 1\), but passed on 3 of 3 runs of it alone/
    );
    // The proof's re-runs were whole-suite runs (a file id selects nothing): the failing file passed
    // in each, so they count as passed; the timing test was checked alone, not by its exit code.
    expect(res.evidence?.reruns).toBe(2);
    expect(logs.join('\n')).toMatch(
      /test_near_linear failed after the fix, not one of the failing tests; alone on the fixed tree it passed 3 of 3/
    );
  });

  it('still refuses when another test fails alone too: the fix did not make the suite pass', async () => {
    const { workdir, res, logs } = await heal({ 'tests/test_other.py': BROKEN_ELSEWHERE });
    expect(res.fixed).toBe(false);
    expect(await readFile(path.join(workdir, 'pkg/plugins.py'), 'utf8')).toContain('RUBY_PATTRN');
    expect(logs.join('\n')).toMatch(
      /tests\/test_other\.py::test_other_feature failed after the fix and again on 3 of 3 runs of it alone on the fixed tree/
    );
    // The result names the rule and the numbers, not only "did not make the suite pass".
    expect(res.reason).toMatch(
      /last: fixer:python-name: .*the suite still fails \(exit 1: 1 failed, 0 errored, 3 passed; tests\/test_other\.py::test_other_feature\)/
    );
  });

  it('a timing test in the file that failed to collect never ran before: it is checked alone like any other', async () => {
    const own = {
      'tests/test_plugins.py': `${BROKEN['tests/test_plugins.py']}\n\ndef test_ruby_timing(request):\n    assert request.session.testscollected <= 1\n`
    };
    const { res, logs } = await heal(own);
    expect(res.fixed).toBe(true);
    expect(logs.join('\n')).toMatch(
      /tests\/test_plugins\.py::test_ruby_timing failed after the fix, not one of the failing tests; alone on the fixed tree it passed 3 of 3/
    );
    expect(res.evidence?.fixed).toEqual(['tests/test_plugins.py']);
  });

  it('still refuses when a failing test the reproduction named fails after the fix, even if it passes alone', async () => {
    // The test that fails on the bug (a NameError when it runs) is itself timing-sensitive: it is one
    // of the failing tests, so the flaky-fix rule holds for it as before, never checked alone.
    const named = {
      'tests/test_plugins.py':
        'from pkg.plugins import ruby\n\n\ndef test_ruby_registered(request):\n    registry = {}\n    ruby(registry)\n    assert "ruby" in registry\n    assert request.session.testscollected <= 1\n'
    };
    const { before, res, logs } = await heal(named);
    expect(before.output).toMatch(/FAILED tests\/test_plugins\.py::test_ruby_registered - NameError/);
    expect(res.fixed).toBe(false);
    expect(logs.join('\n')).not.toMatch(/alone on the fixed tree it passed/);
    expect(res.reason).toMatch(
      /the suite still fails \(exit 1: 1 failed, 0 errored, 1 passed; tests\/test_plugins\.py::test_ruby_registered\)/
    );
  });

  it('a container Docker fails to start (a loaded daemon) is started again, not read as the fix failing', async () => {
    // The real sandbox, except that Docker's own error comes once, on the first run of the fixed tree.
    let failed = 0;
    const sandbox: Sandbox = {
      kind: docker.kind,
      isolated: docker.isolated,
      run: async opts => {
        const text = await readFile(path.join(opts.workdir, 'pkg/plugins.py'), 'utf8');
        if (failed === 0 && text.includes('= RUBY_PATTERN\n')) {
          failed++;
          throw new SandboxError(
            'docker run failed for nightwatch-test-python:1: failed to create task for container: context deadline exceeded'
          );
        }
        return docker.run(opts);
      }
    };
    const { res, logs } = await heal({}, sandbox);
    expect(failed).toBe(1);
    expect(res.reason).toBeUndefined();
    expect(res.fixed).toBe(true);
    expect(logs.join('\n')).toMatch(
      /sandbox error \(docker run failed .*context deadline exceeded\); running once more/
    );
  });

  it("a model's regression test that fails with the whole suite and passes alone is never cleared: it is the fix's own", async () => {
    const KEY = 'AIzaLOOPKEY-0123456789abcdefghijklmnopq';
    const gemini = new GeminiEmulator({ apiKey: KEY });
    await gemini.start();
    try {
      const workdir = await makeTree({
        'calc.py': 'def add(a, b):\n    return a - b\n',
        'tests/test_sum.py': 'from calc import add\n\n\ndef test_add():\n    assert add(2, 2) == 4\n',
        'tests/test_other.py': 'def test_other():\n    assert True\n'
      });
      dirs.push(workdir);
      const s: ProjectSpec = { ...spec, test: 'python3 -m pytest -q -p no:cacheprovider tests' };
      const before = await docker.run({ workdir, spec: s });
      expect(before.exitCode).toBe(1);
      gemini.enqueue(
        {
          json: {
            rootCause: 'add subtracts',
            category: 'test',
            confidence: 0.9,
            file: 'calc.py',
            line: 2,
            plan: 'use +'
          }
        },
        {
          // Fails on the broken code (as it must), and with the whole suite after any fix; passes alone.
          json: {
            file: 'tests/test_regression_add.py',
            content:
              'from calc import add\n\n\ndef test_add_regression(request):\n    assert add(1, 2) == 3\n    assert request.session.testscollected <= 1\n',
            explanation: 'add adds'
          }
        },
        {
          json: {
            edits: [{ file: 'calc.py', search: 'return a - b', replace: 'return a + b' }],
            explanation: 'add with +'
          }
        }
      );
      const logs: string[] = [];
      const res = await repair({
        workdir,
        spec: s,
        sandbox: docker,
        model: createGeminiModel({
          apiKey: KEY,
          model: 'gemini-2.5-flash',
          baseUrl: gemini.url,
          log: () => undefined
        }),
        failureOutput: before.output,
        failureReports: before.reports,
        failures: [],
        diagnosis: { source: 'rules', rootCause: 'an assertion failed', category: 'test', confidence: 0.4 },
        maxAttempts: 1,
        minConfidence: 0.6,
        protectedPaths: [],
        fixers: [],
        log: l => logs.push(l)
      });
      expect(res.fixed).toBe(false);
      expect(logs.join('\n')).toMatch(
        /regression test tests\/test_regression_add\.py fails on the broken code/
      );
      expect(logs.join('\n')).not.toMatch(/alone on the fixed tree/);
      expect(logs.join('\n')).toMatch(
        /attempt 1: the suite still fails \(exit 1: 1 failed, 0 errored, 2 passed; tests\/test_regression_add\.py::test_add_regression\)/
      );
    } finally {
      await gemini.stop();
    }
  });
});
