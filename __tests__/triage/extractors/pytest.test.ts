import { pytest } from '../../../src/triage/extractors/pytest.js';
import { normalizeText } from '../../../src/triage/normalize.js';
import { fixtureLines, plain } from '../logs.js';

describe('pytest extractor', () => {
  it('reads the FAILURES sections and the short summary of real pytest output', async () => {
    const lines = await fixtureLines('pytest.txt');
    const found = pytest.extract(lines);
    expect(plain(found)).toEqual([
      {
        tool: 'pytest',
        errorType: 'NameError',
        message: "name 'totl' is not defined",
        file: 'tests/test_calc.py',
        line: 9,
        testName: 'tests/test_calc.py::test_name'
      },
      {
        tool: 'pytest',
        errorType: 'AssertionError',
        message: 'assert 1.5 == 2',
        file: 'tests/test_calc.py',
        line: 12,
        testName: 'tests/test_calc.py::test_eq'
      },
      {
        tool: 'pytest',
        errorType: 'AssertionError',
        message: 'assert 2 == 1',
        file: 'tests/test_calc.py',
        line: 16,
        testName: 'tests/test_calc.py::test_param[2]'
      },
      {
        tool: 'pytest',
        errorType: 'ValueError',
        message: 'bad value 42',
        file: 'tests/test_calc.py',
        line: 20,
        testName: 'tests/test_calc.py::TestK::test_m'
      },
      // The error is raised in the code under test: its file and line, not the test's.
      {
        tool: 'pytest',
        errorType: 'ZeroDivisionError',
        message: 'division by zero',
        file: 'calc.py',
        line: 8,
        testName: 'tests/test_calc.py::test_zero'
      }
    ]);
    // Evidence is the test's section of the report.
    expect(lines[found[0].start].text).toMatch(/^_+ test_name _+$/);
    expect(lines[found[0].end].text).toBe('tests/test_calc.py:9: NameError');
  });

  it('keeps a "Did you mean" suggestion in the message (pytest on Python 3.12)', () => {
    const text = [
      '=================================== FAILURES ===================================',
      '___________________________________ test_dym ___________________________________',
      '',
      '    def compute():',
      '        total = 3',
      '>       return totl',
      "E       NameError: name 'totl' is not defined. Did you mean: 'total'?",
      '',
      'tests/test_dym.py:3: NameError',
      '=========================== short test summary info ============================',
      "FAILED tests/test_dym.py::test_dym - NameError: name 'totl' is not defined. Did you mean: 'total'?"
    ].join('\n');
    expect(plain(pytest.extract(normalizeText(text)))).toEqual([
      {
        tool: 'pytest',
        errorType: 'NameError',
        message: "name 'totl' is not defined. Did you mean: 'total'?",
        file: 'tests/test_dym.py',
        line: 3,
        testName: 'tests/test_dym.py::test_dym'
      }
    ]);
  });

  it('reads --tb=short and --tb=line reports the same way', async () => {
    for (const name of ['pytest-short.txt', 'pytest-line.txt']) {
      const found = plain(pytest.extract(await fixtureLines(name)));
      expect(found.map(f => f.testName)).toEqual([
        'tests/test_calc.py::test_name',
        'tests/test_calc.py::test_eq',
        'tests/test_calc.py::test_param[2]',
        'tests/test_calc.py::TestK::test_m',
        'tests/test_calc.py::test_zero'
      ]);
      expect(found[0]).toMatchObject({ errorType: 'NameError', message: "name 'totl' is not defined" });
    }
  });

  it('names collection errors by their module path', async () => {
    const found = plain(pytest.extract(await fixtureLines('pytest-collect.txt')));
    expect(found).toEqual([
      {
        tool: 'pytest',
        errorType: 'ModuleNotFoundError',
        message: "No module named 'nonexistent_mod'",
        file: 'tests/test_imp.py',
        line: 1,
        testName: 'tests/test_imp.py'
      },
      expect.objectContaining({
        errorType: 'SyntaxError',
        message: 'invalid syntax',
        testName: 'tests/test_syn.py'
      })
    ]);
  });

  it('reports a collection error that shows no `E` line (import file mismatch, pytest 7.2, -rN)', async () => {
    const found = plain(pytest.extract(await fixtureLines('pytest-import-mismatch.txt')));
    expect(found).toEqual([
      { tool: 'pytest', message: 'import file mismatch:', testName: 'b/tests/test_same.py' }
    ]);
  });

  it('takes failed tests from verbose progress lines when there is no summary', () => {
    const text = [
      '[gw1] [ 88%] FAILED tests/integration/test_db.py::TestCache::test_ttl ',
      '=================================== FAILURES ===================================',
      '___________________________ TestCache.test_ttl ____________________________',
      '>       assert response.from_cache is False',
      'E       assert True is False',
      'tests/integration/test_db.py:41: AssertionError'
    ].join('\n');
    expect(plain(pytest.extract(normalizeText(text)))).toEqual([
      {
        tool: 'pytest',
        errorType: 'AssertionError',
        message: 'assert True is False',
        file: 'tests/integration/test_db.py',
        line: 41,
        testName: 'tests/integration/test_db.py::TestCache::test_ttl'
      }
    ]);
  });
});

describe('pytest extractor: older pytest', () => {
  it('reads the `FAIL path::name` short summary of pytest before 3.x (BugSwarm Travis fixture 210833092)', async () => {
    const found = pytest.extract(await fixtureLines('pytest-old-summary.txt'));
    expect(found.map(f => f.testName)).toEqual([
      'tests/unit/test_readkey.py::ReadKeyTest::test_page_down',
      'tests/unit/test_readkey.py::ReadKeyTest::test_page_up'
    ]);
  });

  it('reads section titles too wide for their `_` fill (BugSwarm Travis fixture 256802843)', async () => {
    const found = pytest.extract(await fixtureLines('pytest-wide-titles.txt'));
    // No summary: the path is the test's own frame's (`def test_x(` … `tests/h/oauth/…py:51:`).
    const f = 'tests/h/oauth/jwt_grant_token_test.py';
    expect(found.map(f => f.testName)).toEqual([
      `${f}::TestJWTGrantToken::test_issuer_raises_for_missing_iss_claim`,
      `${f}::TestVerifiedJWTGrantToken::test_init_raises_for_missing_claims[aud-audience]`,
      `${f}::TestVerifiedJWTGrantToken::test_init_raises_for_missing_claims[exp-expiry]`,
      `${f}::TestVerifiedJWTGrantToken::test_init_raises_for_missing_claims[nbf-start time]`,
      `${f}::TestVerifiedJWTGrantToken::test_init_raises_for_invalid_aud`,
      `${f}::TestVerifiedJWTGrantToken::test_init_raises_for_invalid_timestamp_types[exp-expiry]`,
      `${f}::TestVerifiedJWTGrantToken::test_init_raises_for_invalid_timestamp_types[nbf-start time]`,
      `${f}::TestVerifiedJWTGrantToken::test_subject_raises_for_missing_sub_claim`,
      `${f}::TestVerifiedJWTGrantToken::test_subject_raises_for_empty_sub_claim`
    ]);
    expect(found[3].message).toMatch(/^assert 'Missing clai\.\.\. grant token\.' == /);
  });
});

describe('pytest extractor: a section title without its module', () => {
  // Real pytest 7.2 output (the Python test image), `-rN`: no short summary, only the sections,
  // titled `TestK.test_m` / `test_f`. The test files: tests/test_x.py (TestK, a unittest TestU whose
  // setUp fails in tests/helpers.py, test_f) and tests/h/test_plain.py (TestP).
  it('takes the file from the progress line of each `F`, in order', async () => {
    const found = pytest.extract(await fixtureLines('pytest-bare-titles.txt'));
    expect(found.map(f => f.testName)).toEqual([
      'tests/test_x.py::TestK::test_m',
      'tests/test_x.py::TestK::test_n',
      'tests/test_x.py::TestU::test_u',
      'tests/test_x.py::test_f',
      'tests/h/test_plain.py::TestP::test_q'
    ]);
    // The failure is raised in tests/helpers.py: that is its file; the name is the test's.
    expect(found[0]).toMatchObject({ file: 'tests/helpers.py', line: 2, errorType: 'AssertionError' });
  });

  // -q: the test's own frame (`def test_m(` down to its `path:N:` line); -q --tb=short: `path:N: in
  // test_m`. Never a helper's frame; TestU's first frame is setUp's, so no frame shows its file.
  it.each([
    ["the test's own frame when the progress shows none (-q)", 'pytest-bare-titles-q.txt'],
    ['`path:N: in test_m` (-q --tb=short)', 'pytest-bare-titles-short.txt']
  ])('takes the file from %s', async (_how, fixture) => {
    const found = pytest.extract(await fixtureLines(fixture));
    expect(found.map(f => f.testName)).toEqual([
      'tests/test_x.py::TestK::test_m',
      'tests/test_x.py::TestK::test_n',
      'TestU.test_u',
      'tests/test_x.py::test_f',
      'tests/h/test_plain.py::TestP::test_q'
    ]);
  });

  it('names a doctest `path::pkg.mod.f`, its node id', async () => {
    const found = pytest.extract(await fixtureLines('pytest-doctest.txt'));
    expect(plain(found)).toEqual([
      {
        tool: 'pytest',
        errorType: 'DocTestFailure',
        message: 'DocTestFailure',
        file: '/w/pkg/mod.py',
        line: 3,
        testName: 'pkg/mod.py::pkg.mod.double'
      }
    ]);
  });

  it('reads `-v` progress lines without a percentage (pytest < 3.3, console_output_style=classic)', async () => {
    const found = pytest.extract(await fixtureLines('pytest-classic-verbose.txt'));
    expect(found.map(f => f.testName)).toEqual([
      'tests/test_x.py::TestK::test_m',
      'tests/test_x.py::TestK::test_n',
      'tests/test_x.py::TestU::test_u',
      'tests/test_x.py::test_f'
    ]);
    // Each name is matched with its section: its error, not the progress line alone.
    expect(found[2]).toMatchObject({ message: 'AssertionError', file: 'tests/helpers.py', line: 2 });
  });

  it('invents no module when the log shows none: no progress file, no frame, or an absolute one', () => {
    const noFrame = [
      '=================================== FAILURES ===================================',
      '_________________________________ TestK.test_m _________________________________',
      '',
      '    def test_m(self):',
      '>       assert 0',
      'E       assert 0',
      '=========================== 1 failed in 0.01s ============================'
    ];
    // pytest run from outside the project (`cd /tmp && pytest /w/tests/h`), its progress line gone.
    const absolute = [
      '=================================== FAILURES ===================================',
      '_________________________________ TestP.test_q _________________________________',
      '',
      'self = <test_plain.TestP object at 0x7f20660ba750>',
      '',
      '    def test_q(self):',
      '>       assert 0',
      'E       assert 0',
      '',
      '/w/tests/h/test_plain.py:3: AssertionError',
      '============================== 1 failed in 0.02s ==============================='
    ];
    expect(pytest.extract(normalizeText(noFrame.join('\n'))).map(f => f.testName)).toEqual(['TestK.test_m']);
    expect(pytest.extract(normalizeText(absolute.join('\n'))).map(f => f.testName)).toEqual(['TestP.test_q']);
  });

  it('takes no progress file when the `F`s and the failure sections are not as many', async () => {
    const lines = (await fixtureLines('pytest-bare-titles.txt')).filter(l => !l.text.startsWith('tests/h/'));
    // 4 `F`s, 5 sections: the files come from the frames (TestU's shows none).
    expect(pytest.extract(lines).map(f => f.testName)[2]).toBe('TestU.test_u');
  });
});
