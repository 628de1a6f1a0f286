import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createDockerSandbox, type DockerSandbox } from '../../src/sandbox/docker.js';
import type { ProjectSpec, Sandbox, SandboxResult } from '../../src/sandbox/port.js';
import { reproduce, sameFailure } from '../../src/sandbox/reproduce.js';
import { extractFailures } from '../../src/triage/index.js';
import type { Failure } from '../../src/types.js';
import { dockerImagesReady, NODE_IMAGE, PY_IMAGE, TempDirs } from './helpers.js';

const ready = await dockerImagesReady();
const describeDocker = ready ? describe : describe.skip;

const pySpec: ProjectSpec = {
  language: 'python',
  image: PY_IMAGE,
  test: 'python3 -m pytest',
  detectedFrom: 'test'
};

/** What the triage would read from the CI log of the broken python demo (runner paths, timestamps). */
const CI_LOG = [
  '2026-11-23T08:00:01.0000000Z ##[group]Run python -m pytest',
  '2026-11-23T08:00:01.0000000Z python -m pytest',
  '2026-11-23T08:00:02.0000000Z ============================= test session starts ==============================',
  '2026-11-23T08:00:02.0000000Z rootdir: /home/runner/work/shop/shop',
  '2026-11-23T08:00:02.0000000Z =================================== FAILURES ===================================',
  '2026-11-23T08:00:02.0000000Z ________________________ test_subtotal_sums_line_items _________________________',
  '2026-11-23T08:00:02.0000000Z >       return round_money(totl)',
  "2026-11-23T08:00:02.0000000Z E       NameError: name 'totl' is not defined",
  '2026-11-23T08:00:02.0000000Z ',
  '2026-11-23T08:00:02.0000000Z invoice/cart.py:43: NameError',
  '2026-11-23T08:00:02.0000000Z =========================== short test summary info ============================',
  "2026-11-23T08:00:02.0000000Z FAILED tests/test_cart.py::test_subtotal_sums_line_items - NameError: name 'totl' is not defined",
  '2026-11-23T08:00:02.0000000Z ========================= 1 failed, 7 passed in 0.05s ==========================',
  '2026-11-23T08:00:02.0000000Z ##[error]Process completed with exit code 1.'
].join('\n');

describeDocker('reproduce (real Docker, demo projects)', () => {
  const temps = new TempDirs();
  let sandbox: DockerSandbox;

  beforeAll(async () => {
    sandbox = await createDockerSandbox({ pull: false });
  });
  afterAll(async () => {
    await temps.cleanup();
  });

  it("confirms the CI failure of demo-python: the same test and error as the triage's", async () => {
    const expected = extractFailures(CI_LOG);
    expect(expected.length).toBeGreaterThan(0);
    const r = await reproduce(
      sandbox,
      await temps.copyExample('demo-python'),
      pySpec,
      expected,
      extractFailures
    );
    expect(r).toMatchObject({
      reproduced: true,
      exitCode: 1,
      image: PY_IMAGE,
      command: 'python3 -m pytest',
      phase: 'test'
    });
    expect(r.reason).toMatch(
      /^Reproduced in nightwatch-test-python:1: tests\/test_cart.py::test_subtotal_sums_line_items/
    );
    expect(r.matched.length).toBeGreaterThan(0);
    expect(r.failures.map(f => f.testName)).toContain('tests/test_cart.py::test_total_includes_tax');
    expect(r.outputTail).toContain("NameError: name 'totl' is not defined");
    expect(r.durationMs).toBeGreaterThan(0);
  });

  it('does not count a different failure as reproduced, and says why', async () => {
    const expected: Failure[] = [
      {
        tool: 'pytest',
        errorType: 'ConnectionRefusedError',
        message: '[Errno 111] Connection refused',
        file: 'tests/test_db.py',
        testName: 'tests/test_db.py::test_orders_are_saved'
      }
    ];
    const r = await reproduce(
      sandbox,
      await temps.copyExample('demo-python'),
      pySpec,
      expected,
      extractFailures
    );
    expect(r.reproduced).toBe(false);
    expect(r.exitCode).toBe(1);
    expect(r.reason).toMatch(/but not as in CI .*ConnectionRefusedError.*NameError.*Likely environmental/);
  });

  it('does not reproduce when the tests pass: likely flaky or environmental', async () => {
    const workdir = await temps.copyExample('demo-python');
    const cart = path.join(workdir, 'invoice', 'cart.py');
    await writeFile(cart, (await readFile(cart, 'utf8')).replace('round_money(totl)', 'round_money(total)'));
    const r = await reproduce(sandbox, workdir, pySpec, extractFailures(CI_LOG), extractFailures);
    expect(r).toMatchObject({ reproduced: false, exitCode: 0 });
    expect(r.reason).toMatch(/tests pass .*did not reproduce.*flaky or environmental/);
  });

  it('with no expected failures (a local heal), any failing test run counts', async () => {
    const spec: ProjectSpec = { language: 'node', image: NODE_IMAGE, test: 'npm test', detectedFrom: 'test' };
    const r = await reproduce(
      sandbox,
      await temps.copyExample('demo-node'),
      spec,
      undefined,
      extractFailures
    );
    expect(r.reproduced).toBe(true);
    expect(r.failures[0]).toMatchObject({ errorType: 'TS2551', file: 'src/shipping.ts', line: 10 });
    expect(r.reason).toMatch(
      /The tests fail in nightwatch-test-node:1: 1 failure\(s\), first: src\/shipping.ts:10 — TS2551/
    );
  });
});

/** A sandbox that answers with a canned result: for the decisions that need no container. */
function fake(result: Partial<SandboxResult>): Sandbox {
  return {
    kind: 'docker',
    isolated: true,
    run: () =>
      Promise.resolve({
        exitCode: 1,
        output: '',
        durationMs: 5,
        timedOut: false,
        image: 'img:1',
        phase: 'test',
        ...result
      })
  };
}

describe('reproduce: decisions', () => {
  const spec: ProjectSpec = {
    language: 'python',
    image: 'img:1',
    install: 'pip install -r r.txt',
    test: 'pytest',
    detectedFrom: 't'
  };
  const nameError: Failure = {
    tool: 'pytest',
    errorType: 'NameError',
    message: "name 'x' is not defined",
    file: 'a.py'
  };
  const none = (): Failure[] => [];

  it('a test run with no output (or only NULs) says so, with or without failures to match', async () => {
    for (const output of ['', '\0\0\n']) {
      const local = await reproduce(
        fake({ phase: 'test', exitCode: 3, output }),
        '/x',
        spec,
        undefined,
        none
      );
      expect(local).toMatchObject({ reproduced: true });
      expect(local.reason).toBe(
        'The tests fail in img:1: exit 3 with no output at all (nothing to diagnose from).'
      );
      const ci = await reproduce(fake({ phase: 'test', exitCode: 3, output }), '/x', spec, [nameError], none);
      expect(ci).toMatchObject({ reproduced: false });
      expect(ci.reason).toMatch(/sandbox: exit 3 with no output at all\)/);
    }
  });

  it('an install that fails is environmental, unless it fails as in CI', async () => {
    const r = await reproduce(
      fake({ phase: 'install', exitCode: 1, output: 'ERROR: No matching distribution\n' }),
      '/x',
      spec,
      [nameError],
      none
    );
    expect(r).toMatchObject({ reproduced: false, command: 'pip install -r r.txt', phase: 'install' });
    expect(r.reason).toMatch(
      /^Install failed in img:1 \(exit 1\) before the tests ran: environmental \(ERROR: No matching distribution\)/
    );
    const dep: Failure = {
      tool: 'pip',
      errorType: 'ResolutionImpossible',
      message: 'No matching distribution found for foo==9'
    };
    const same = await reproduce(fake({ phase: 'install', output: 'x' }), '/x', spec, [dep], () => [
      { ...dep }
    ]);
    expect(same.reproduced).toBe(true);
  });

  it('a command missing from the image is not the failure', async () => {
    const r = await reproduce(
      fake({ exitCode: 127, output: 'sh: 1: pytest: not found\n' }),
      '/x',
      spec,
      [nameError],
      none
    );
    expect(r.reproduced).toBe(false);
    expect(r.reason).toMatch(
      /could not run in img:1 \(exit 127: sh: 1: pytest: not found\): wrong image or missing tool/
    );
    const local = await reproduce(
      fake({ exitCode: 127, output: 'sh: 1: pytest: not found\n' }),
      '/x',
      spec,
      undefined,
      none
    );
    expect(local.reproduced).toBe(false);
  });

  it('a timeout cannot confirm anything', async () => {
    const r = await reproduce(
      fake({ exitCode: 124, timedOut: true, durationMs: 600_000 }),
      '/x',
      spec,
      undefined,
      none
    );
    expect(r).toMatchObject({ reproduced: false, timedOut: true });
    expect(r.reason).toBe('The test phase timed out in img:1 (600s): cannot confirm the failure.');
  });

  it('survives an extractor that throws, matching on the output text instead', async () => {
    const output = "FAILED tests/test_a.py::test_sum - NameError: name 'x' is not defined\n";
    const boom = (): Failure[] => {
      throw new Error('extractor bug');
    };
    const r = await reproduce(
      fake({ output }),
      '/x',
      spec,
      [{ ...nameError, testName: 'tests/test_a.py::test_sum' }],
      boom
    );
    expect(r.reproduced).toBe(true);
    expect(r.failures).toEqual([]);
  });

  it('keeps the tail of a long output, from a line start, on the host too', async () => {
    const output = Array.from({ length: 5000 }, (_, i) => `line ${i}`).join('\n');
    const r = await reproduce(fake({ output, image: 'host' }), '/x', spec, undefined, none, {
      tailChars: 100
    });
    expect(r.outputTail.startsWith('line ')).toBe(true);
    expect(r.outputTail.endsWith('line 4999')).toBe(true);
    expect(r.outputTail.length).toBeLessThanOrEqual(100);
    expect(r.reason).toBe('The tests fail on the host: exit 1.');
  });
});

describe('sameFailure', () => {
  it('matches the same test across a sub-folder prefix, and not a different test', () => {
    const ci: Failure = { tool: 'pytest', message: 'x', testName: 'backend/tests/test_a.py::test_sum' };
    expect(sameFailure(ci, { tool: 'pytest', message: 'y', testName: 'tests/test_a.py::test_sum' })).toBe(
      true
    );
    expect(
      sameFailure(ci, { tool: 'pytest', message: 'y', testName: 'tests/test_a.py::test_sum_empty' })
    ).toBe(false);
    expect(sameFailure(ci, { tool: 'pytest', message: 'y', testName: 'sum' })).toBe(false);
  });

  it('matches the same error with a message cut to the terminal width or with other absolute paths', () => {
    const full: Failure = { tool: 'pytest', errorType: 'NameError', message: "name 'totl' is not defined" };
    expect(sameFailure(full, { tool: 'pytest', errorType: 'NameError', message: "name 'totl' i..." })).toBe(
      true
    );
    const a: Failure = {
      tool: 'python',
      errorType: 'FileNotFoundError',
      message: "[Errno 2] No such file or directory: '/home/runner/work/shop/shop/data/rates.csv'"
    };
    const b: Failure = { ...a, message: "[Errno 2] No such file or directory: '/work/data/rates.csv'" };
    expect(sameFailure(a, b)).toBe(true);
  });

  it('matches the same error type in the same file, but never two different types', () => {
    const a: Failure = {
      tool: 'tsc',
      errorType: 'TS2551',
      message: "Property 'a' does not exist",
      file: 'src/x.ts',
      line: 3
    };
    expect(
      sameFailure(a, {
        ...a,
        message: "Property 'a' does not exist on type 'Y'. Did you mean 'b'?",
        file: './src/x.ts'
      })
    ).toBe(true);
    expect(sameFailure(a, { ...a, errorType: 'TS2304' })).toBe(false);
    expect(sameFailure(a, { ...a, message: 'something else entirely', file: 'src/other.ts' })).toBe(false);
  });

  it('compares dotted and bare error types alike', () => {
    const a: Failure = {
      tool: 'python',
      errorType: 'requests.exceptions.ConnectionError',
      message: 'Max retries exceeded'
    };
    expect(
      sameFailure(a, { tool: 'pytest', errorType: 'ConnectionError', message: 'Max retries exceeded' })
    ).toBe(true);
  });
});
