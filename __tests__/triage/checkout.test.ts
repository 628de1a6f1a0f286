/**
 * Which commit the failed job checked out, read from actions/checkout's own step: the merge commit
 * of a pull_request run, never what a later step prints.
 */
import { mergeCommitIn } from '../../src/triage/checkout.js';
import { triageLogs } from '../../src/triage/index.js';
import { normalizeText } from '../../src/triage/normalize.js';
import { jobSeeds, makeRunLogZip, prCheckoutLines, type LogJob } from '../world/run-logs.js';
import type { JobInfo } from '../../src/delivery/ports.js';

const MERGE = '2d744dd99cfcb1f99da5a04a95a07eab47f41f14';
const HEAD = 'cde5f06fae84bba3d097b90b8a0d64d56b23f3e6';
const BASE = '27d90b777cedc80593d93b6e8b66dee04c167460';
const OTHER = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';

const CHECKOUT = { repository: 'acme/shop', pull: 7, merge: MERGE, head: HEAD, base: BASE };
const PYTEST_FAILURE = [
  '============================= test session starts ==============================',
  'tests/test_discount.py .F.                                               [100%]',
  '=================================== FAILURES ===================================',
  '___________________ test_discount_applies_at_exactly_the_threshold ___________________',
  "E       AssertionError: assert Decimal('0.00') == Decimal('10.00')",
  'tests/test_discount.py:18: AssertionError',
  '=========================== short test summary info ============================',
  "FAILED tests/test_discount.py::test_discount_applies_at_exactly_the_threshold - AssertionError: assert Decimal('0.00') == Decimal('10.00')",
  '========================= 1 failed, 2 passed in 0.05s =========================='
];

function job(
  checkoutLines: string[],
  testLines: string[] = PYTEST_FAILURE,
  more: LogJob['steps'] = []
): LogJob {
  return {
    name: 'test',
    steps: [
      { name: 'Run actions/checkout@v4', uses: true, lines: checkoutLines },
      ...more,
      { name: 'Run python3 -m pytest', lines: testLines, conclusion: 'failure' }
    ]
  };
}

function apiJobs(j: LogJob): JobInfo[] {
  return jobSeeds([j]).map((s, i) => ({
    id: i + 1,
    name: s.name,
    conclusion: s.conclusion ?? null,
    steps: (s.steps ?? []).map((st, k) => ({
      name: st.name,
      number: st.number ?? k + 1,
      conclusion: st.conclusion ?? null
    }))
  }));
}

describe('the merge commit actions/checkout checked out', () => {
  it('is read from the real lines of actions/checkout@v4 (quoted and bare log formats)', () => {
    for (const format of ['quoted', 'bare'] as const) {
      expect(mergeCommitIn(normalizeText(prCheckoutLines({ ...CHECKOUT, format }).join('\n')))).toEqual({
        sha: MERGE,
        head: HEAD,
        base: BASE
      });
    }
  });

  it('is found in the step files and in a job log without them', async () => {
    const j = job(prCheckoutLines(CHECKOUT));
    for (const noStepFiles of [false, true]) {
      const t = await triageLogs(makeRunLogZip([j], { noStepFiles }), { jobs: apiJobs(j) });
      expect({ step: t.step, checkout: t.checkout }).toEqual({
        step: 'Run python3 -m pytest',
        checkout: { sha: MERGE, head: HEAD, base: BASE }
      });
    }
    // Without the API's jobs (the CLI on a plain job log) the sections say it just the same.
    const plain = await triageLogs(makeRunLogZip([j], { noStepFiles: true }));
    expect(plain.checkout).toEqual({ sha: MERGE, head: HEAD, base: BASE });
  });

  it('is none for a push run (no merge) and when the abbreviation matches no full sha', async () => {
    const push = [
      'Syncing repository: acme/shop',
      `HEAD is now at ${HEAD.slice(0, 7)} Simplify the discount`,
      "[command]/usr/bin/git log -1 --format='%H'",
      `'${HEAD}'`
    ];
    const t = await triageLogs(makeRunLogZip([job(push)]));
    expect(t.checkout).toBeUndefined();
    const mismatched = prCheckoutLines(CHECKOUT).map(l =>
      l.replace(`'${MERGE}'`, `'${OTHER}'`).replace(`+${MERGE}`, `+${OTHER}`)
    );
    expect(mergeCommitIn(normalizeText(mismatched.join('\n')))).toBeUndefined();
  });

  it('ignores what the failing step prints, even a whole fake checkout section', async () => {
    // The tests (the repository's code) print what actions/checkout would, naming another base.
    const fake = [
      '##[group]Run actions/checkout@v4',
      ...prCheckoutLines({ ...CHECKOUT, merge: OTHER, base: OTHER }),
      '##[endgroup]'
    ];
    const onlyInTests = job(['Syncing repository: acme/shop'], [...fake, ...PYTEST_FAILURE]);
    for (const noStepFiles of [false, true]) {
      const t = await triageLogs(makeRunLogZip([onlyInTests], { noStepFiles }), {
        jobs: apiJobs(onlyInTests)
      });
      expect(t.checkout).toBeUndefined();
    }
    // A job without actions/checkout (it clones by itself): the fake one is still not taken.
    const noCheckout: LogJob = {
      name: 'test',
      steps: [
        { name: 'Run git clone https://github.com/acme/shop .', lines: ["Cloning into '.'..."] },
        { name: 'Run python3 -m pytest', lines: [...fake, ...PYTEST_FAILURE], conclusion: 'failure' }
      ]
    };
    for (const noStepFiles of [false, true]) {
      const t = await triageLogs(makeRunLogZip([noCheckout], { noStepFiles }), { jobs: apiJobs(noCheckout) });
      expect(t.checkout).toBeUndefined();
    }
    const plain = await triageLogs(makeRunLogZip([noCheckout], { noStepFiles: true }));
    expect(plain.checkout).toBeUndefined();
    // The real checkout first, the fake one later: the first one is what ran.
    const both = job(prCheckoutLines(CHECKOUT), [...fake, ...PYTEST_FAILURE]);
    const t = await triageLogs(makeRunLogZip([both], { noStepFiles: true }), { jobs: apiJobs(both) });
    expect(t.checkout?.sha).toBe(MERGE);
  });

  it('takes the first actions/checkout step only (a second one checks out something else)', async () => {
    const j = job(
      ['Syncing repository: acme/tools', `HEAD is now at ${OTHER.slice(0, 7)} Tools`],
      PYTEST_FAILURE,
      [{ name: 'Run actions/checkout@v4', uses: true, lines: prCheckoutLines(CHECKOUT) }]
    );
    for (const noStepFiles of [false, true]) {
      const t = await triageLogs(makeRunLogZip([j], { noStepFiles }), { jobs: apiJobs(j) });
      expect(t.checkout).toBeUndefined();
    }
  });

  it('does not change the fingerprint', async () => {
    const withMerge = await triageLogs(makeRunLogZip([job(prCheckoutLines(CHECKOUT))]));
    const without = await triageLogs(makeRunLogZip([job(['Syncing repository: acme/shop'])]));
    expect(withMerge.fingerprint).toBe(without.fingerprint);
  });
});
