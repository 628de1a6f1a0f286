/**
 * Verify fast (issue 11), with the Docker sandbox and the Gemini SDK against the loopback emulator:
 * a candidate is checked first by the failing tests alone, and only one that passes them gets the
 * whole suite, once. The sandbox is the real one; a thin wrapper records which commands it ran.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createGeminiModel } from '../../src/model/index.js';
import { repair } from '../../src/repair/index.js';
import { createDockerSandbox, detectProject, type Sandbox } from '../../src/sandbox/index.js';
import { GeminiEmulator } from '../world/gemini.js';

const KEY = 'AIzaLOOPKEY-0123456789abcdefghijklmnopq';
const DIAG = {
  rootCause: 'discount_for compares with > so exactly 100.00 gets no discount',
  category: 'test',
  confidence: 0.85,
  file: 'pricing/discount.py',
  line: 13,
  plan: 'compare with >='
};
const REGRESSION = {
  file: 'tests/test_regression_threshold.py',
  content:
    'from decimal import Decimal\n\nfrom pricing.discount import discount_for\n\n\ndef test_exact_threshold_gets_discount():\n    assert discount_for(Decimal("100.00")) == Decimal("10.00")\n',
  explanation: 'exactly 100.00 is discounted'
};
const patch = (search: string, replace: string) => ({
  json: { edits: [{ file: 'pricing/discount.py', search, replace }], explanation: `${search} -> ${replace}` }
});
// Two candidates that leave the failing test failing, then the fix.
const NOT_IT_1 = patch('DISCOUNT_RATE = Decimal("0.10")', 'DISCOUNT_RATE = Decimal("0.100")');
const NOT_IT_2 = patch('rounding=ROUND_HALF_UP', 'rounding=ROUND_HALF_EVEN');
const RIGHT = patch('if subtotal > DISCOUNT_THRESHOLD:', 'if subtotal >= DISCOUNT_THRESHOLD:');

describe('verify fast: the failing tests alone first, the whole suite once', () => {
  let docker: Sandbox;
  let gemini: GeminiEmulator;
  let workdir: string;
  beforeAll(async () => {
    docker = await createDockerSandbox();
  });
  beforeEach(async () => {
    gemini = new GeminiEmulator({ apiKey: KEY });
    await gemini.start();
    workdir = await mkdtemp(path.join(tmpdir(), 'nw-fast-'));
    await cp(path.resolve('examples/demo-logic'), workdir, { recursive: true });
    await rm(path.join(workdir, '.github'), { recursive: true, force: true });
    // An unrelated slow test: a whole-suite run costs at least this.
    await writeFile(
      path.join(workdir, 'tests/test_slow.py'),
      'import time\n\n\ndef test_slow_and_unrelated():\n    time.sleep(2)\n'
    );
  });
  afterEach(async () => {
    await gemini.stop();
    await rm(workdir, { recursive: true, force: true });
  });

  it('fixed at the third attempt: the two wrong candidates never run the whole suite; the fix runs it once', async () => {
    const spec = await detectProject(workdir, { image: 'nightwatch-test-python:1' });
    const before = await docker.run({ workdir, spec });
    expect(before.exitCode).not.toBe(0);
    const ran: string[] = [];
    const sandbox: Sandbox = {
      kind: docker.kind,
      isolated: docker.isolated,
      run: opts => {
        ran.push(opts.spec.test);
        return docker.run(opts);
      }
    };
    gemini.enqueue({ json: DIAG }, { json: REGRESSION }, NOT_IT_1, NOT_IT_2, RIGHT);
    const logs: string[] = [];
    const res = await repair({
      workdir,
      spec,
      sandbox,
      model: createGeminiModel({
        apiKey: KEY,
        model: 'gemini-2.5-flash',
        baseUrl: gemini.url,
        log: () => undefined
      }),
      failureOutput: before.output,
      failures: [],
      diagnosis: { source: 'rules', rootCause: 'an assertion failed', category: 'test', confidence: 0.4 },
      maxAttempts: 3,
      minConfidence: 0.6,
      protectedPaths: [],
      log: m => logs.push(m)
    });
    expect(res.fixed).toBe(true);
    expect(res.attempts.map(a => a.verdict)).toEqual(['fail', 'fail', 'pass']);
    const whole = ran.filter(t => t === spec.test);
    // Once: the fix's verification (the flake re-runs and both wrong candidates ran the failing test alone).
    expect(whole).toHaveLength(1);
    const alone = ran.filter(t =>
      t.includes('tests/test_discount.py::test_discount_applies_at_exactly_the_threshold')
    );
    // 2 flake re-runs on the broken commit + 3 candidates + 1 proof re-run (the fast check counts as the other).
    expect(alone).toHaveLength(6);
    expect(res.evidence?.reruns).toBe(2);
    expect(res.after?.output).toMatch(/passed/);
    expect(logs.join('\n')).toMatch(/attempt \d+: the failing tests alone still fail .*the suite is not run/);
    // The wrong candidates' outcome fed back to the model is the failing test's own output.
    expect(res.attempts[0].outputTail).toMatch(/test_discount_applies_at_exactly_the_threshold/);
    expect(await readFile(path.join(workdir, 'pricing/discount.py'), 'utf8')).toContain(
      '>= DISCOUNT_THRESHOLD'
    );
  });
});
