/**
 * Fixes that carry their own proof, through the bundled CLI with the scripted loopback Gemini: every
 * cheat a model may propose ends escalated with nothing committed and the refusal named; a real fix
 * carries the evidence (the failing test fail -> pass, the totals, the re-runs); a failure that
 * passes on a re-run of the broken commit is flaky and is not patched.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GeminiEmulator, type GeminiAnswer } from '../world/gemini.js';
import { cli, git, removeDirs, repoFromDemo } from './cli-runner.js';
import {
  DEMO_LOGIC_FIX,
  demoLogicDiagnosis,
  demoLogicRegression,
  modelPatch,
  PYTHON_IMAGE
} from './scenario.js';

const FAILING = 'tests/test_discount.py::test_discount_applies_at_exactly_the_threshold';

interface HealOut {
  status: string;
  branch: string | null;
  reason: string | null;
  attempts: { verdict: string; source: string; summary?: string }[];
  evidence: {
    failing: string[];
    fixed: string[];
    before: { passed: number; failed: number; skipped: number };
    after: { passed: number; failed: number; skipped: number };
    reruns: number;
    guard?: string;
    runners: string[];
  } | null;
}

const DIAGNOSIS = (file?: string): GeminiAnswer => demoLogicDiagnosis({ file });
const REGRESSION = demoLogicRegression();
const patch = (file: string, search: string, replace: string): GeminiAnswer =>
  modelPatch([{ file, search, replace }], 'make CI green');
const THRESHOLD_TEST = 'def test_discount_applies_at_exactly_the_threshold():';

describe('fixes that carry their own proof (bundled CLI)', () => {
  let gemini: GeminiEmulator;
  let url: string;
  const dirs: string[] = [];
  beforeAll(async () => {
    gemini = new GeminiEmulator({ apiKey: 'proof-test-key' });
    ({ url } = await gemini.start());
  });
  afterAll(async () => {
    await gemini.stop();
    await removeDirs(dirs);
  });

  const demo = (): Promise<string> => repoFromDemo('demo-logic', { dirs, prefix: 'nw-proof-' });

  async function heal(
    repo: string,
    extra: string[] = []
  ): Promise<{ code: number; out: HealOut; stderr: string }> {
    const r = await cli(['heal', '--repo', repo, '--image', PYTHON_IMAGE, '--json', ...extra], {
      env: { GEMINI_API_KEY: 'proof-test-key', GOOGLE_GEMINI_BASE_URL: url }
    });
    return { code: r.code, out: JSON.parse(r.stdout || '{}') as HealOut, stderr: r.stderr };
  }

  it.each<[string, GeminiAnswer, GeminiAnswer, RegExp]>([
    [
      'a skip marker',
      DIAGNOSIS('tests/test_discount.py'),
      patch('tests/test_discount.py', THRESHOLD_TEST, `@pytest.mark.skip(reason="later")\n${THRESHOLD_TEST}`),
      /skip\/xfail\/deselect marker/
    ],
    [
      'an xfail marker',
      DIAGNOSIS('tests/test_discount.py'),
      patch('tests/test_discount.py', THRESHOLD_TEST, `@pytest.mark.xfail\n${THRESHOLD_TEST}`),
      /skip\/xfail\/deselect marker/
    ],
    [
      'a conftest that skips every test, offered as the regression test',
      DIAGNOSIS(),
      {
        json: {
          file: 'conftest.py',
          content:
            'import pytest\n\n\ndef pytest_collection_modifyitems(items):\n    for item in items:\n        item.add_marker(pytest.mark.skip)\n',
          explanation: 'a test that fails before the fix'
        }
      },
      /conftest\.py.*(not a test file|not where the test runner looks)/
    ],
    [
      'a deleted test',
      DIAGNOSIS('tests/test_discount.py'),
      patch(
        'tests/test_discount.py',
        `${THRESHOLD_TEST}\n    # The pricing page promises 10% off "from 100.00": an order of exactly 100.00 qualifies.\n    assert discount_for(Decimal("100.00")) == Decimal("10.00")\n`,
        ''
      ),
      /deletes or renames 1 existing test/
    ],
    [
      'assert True',
      DIAGNOSIS('tests/test_discount.py'),
      patch(
        'tests/test_discount.py',
        '    assert discount_for(Decimal("100.00")) == Decimal("10.00")',
        '    assert True'
      ),
      /assertion that cannot fail/
    ],
    [
      '--deselect in the test configuration',
      DIAGNOSIS(),
      patch('pyproject.toml', 'addopts = "-ra"', `addopts = "-ra --deselect ${FAILING}"`),
      /pytest's configuration|skip\/xfail\/deselect/
    ],
    [
      'a try/except that swallows the failure',
      DIAGNOSIS(),
      patch(
        'pricing/discount.py',
        '    if subtotal > DISCOUNT_THRESHOLD:\n        return (subtotal * DISCOUNT_RATE).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)\n',
        '    try:\n        if subtotal > DISCOUNT_THRESHOLD:\n            return (subtotal * DISCOUNT_RATE).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)\n    except Exception:\n        pass\n'
      ),
      /swallows an exception/
    ]
  ])(
    'refuses %s on every attempt: escalated, nothing committed, the refusal named',
    async (_name, diagnosis, cheat, why) => {
      const repo = await demo();
      // A cheat is the patch, or (a conftest) the regression test itself, offered on every attempt.
      const asTest = 'json' in cheat && (cheat.json as { content?: string }).content !== undefined;
      if (asTest) gemini.enqueue(diagnosis, cheat, cheat);
      else gemini.enqueue(diagnosis, REGRESSION, cheat, cheat);
      const r = await heal(repo, ['--max-attempts', '2']);
      expect({ status: r.out.status, branch: r.out.branch }).toEqual({ status: 'escalated', branch: null });
      const model = r.out.attempts.filter(a => a.source === 'model');
      expect(model).toHaveLength(2);
      for (const a of model) {
        expect(a.verdict).not.toBe('pass');
        expect(a.summary).toMatch(why);
      }
      expect(await git(repo, 'branch', '--list', 'nightwatch/*')).toBe('');
      expect(await git(repo, 'status', '--porcelain')).toBe('');
      expect(gemini.pending).toBe(0);
    }
  );

  it('a real fix ends fixed with the failing test fail -> pass, nothing newly skipped, re-runs counted', async () => {
    const repo = await demo();
    gemini.enqueue(DIAGNOSIS(), REGRESSION, modelPatch([DEMO_LOGIC_FIX], 'make CI green'));
    const r = await heal(repo);
    expect({ code: r.code, status: r.out.status }).toEqual({ code: 0, status: 'fixed' });
    const e = r.out.evidence;
    expect(e).not.toBeNull();
    expect(e?.failing).toContain(FAILING);
    expect(e?.fixed).toContain(FAILING);
    expect(e?.after.failed).toBe(0);
    expect(e?.after.skipped).toBeLessThanOrEqual(e?.before.skipped ?? 0);
    expect(e?.after.passed).toBeGreaterThan(e?.before.passed ?? 0);
    expect(e?.reruns).toBe(2);
    expect(e?.guard).toBe('regression-test');
  });

  it('counts come from the JUnit XML pytest was asked for; a committed Surefire report saying all passed is not read', async () => {
    const repo = await demo();
    // What a repository can commit to look green (many do commit target/): 25 tests, all passed.
    const cases = Array.from(
      { length: 25 },
      (_, i) => `  <testcase name="t${i}" classname="pricing.DiscountTest" time="0"/>`
    );
    await mkdir(join(repo, 'target', 'surefire-reports'), { recursive: true });
    await writeFile(
      join(repo, 'target', 'surefire-reports', 'TEST-pricing.DiscountTest.xml'),
      `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="pricing.DiscountTest" tests="25" errors="0" skipped="0" failures="0">\n${cases.join('\n')}\n</testsuite>\n`
    );
    await git(repo, 'add', '-A');
    await git(repo, 'commit', '-qm', 'commit the build output');
    gemini.enqueue(DIAGNOSIS(), REGRESSION, modelPatch([DEMO_LOGIC_FIX], 'make CI green'));
    const r = await heal(repo);
    expect({ code: r.code, status: r.out.status }).toEqual({ code: 0, status: 'fixed' });
    const e = r.out.evidence;
    // Read from pytest's report alone: neither its console summary nor the committed Surefire file.
    expect(e?.runners).toEqual(['junit:pytest']);
    expect(e?.failing).toEqual([FAILING]);
    expect(e?.fixed).toEqual([FAILING]);
    // demo-logic has 7 tests, one red; the verified run adds the regression test.
    expect(e?.before).toMatchObject({ passed: 6, failed: 1, skipped: 0 });
    expect(e?.after).toMatchObject({ passed: 8, failed: 0, skipped: 0 });
    expect(await git(repo, 'status', '--porcelain')).toBe('');
  });

  it('a failure that passes on a re-run of the broken commit is flaky: reported, not patched', async () => {
    const repo = await demo();
    // Fails on its first run on this machine, passes after: the host sandbox shares /tmp between runs.
    const marker = join(tmpdir(), `nw-flaky-${process.pid}-${Date.now()}`);
    dirs.push(marker);
    await writeFile(
      join(repo, 'check_flaky.py'),
      `import os\nimport sys\n\nseen = os.path.exists(${JSON.stringify(marker)})\n` +
        `open(${JSON.stringify(marker)}, "w").close()\n` +
        `if not seen:\n    print("AssertionError: the first run fails")\n    sys.exit(1)\nprint("ok")\n`
    );
    await git(repo, 'add', '-A');
    await git(repo, 'commit', '-qm', 'a flaky check');
    const r = await heal(repo, ['--sandbox', 'host', '--command', 'python3 check_flaky.py']);
    expect(r.out.status).toBe('escalated');
    expect(r.out.reason).toMatch(/flaky: the failing tests passed on re-run 1/);
    expect(r.out.attempts).toEqual([]);
    expect(await git(repo, 'branch', '--list', 'nightwatch/*')).toBe('');
  });
});
