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
    expect(found.map(f => f.testName)).toEqual([
      'TestJWTGrantToken.test_issuer_raises_for_missing_iss_claim',
      'TestVerifiedJWTGrantToken.test_init_raises_for_missing_claims[aud-audience]',
      'TestVerifiedJWTGrantToken.test_init_raises_for_missing_claims[exp-expiry]',
      'TestVerifiedJWTGrantToken.test_init_raises_for_missing_claims[nbf-start time]',
      'TestVerifiedJWTGrantToken.test_init_raises_for_invalid_aud',
      'TestVerifiedJWTGrantToken.test_init_raises_for_invalid_timestamp_types[exp-expiry]',
      'TestVerifiedJWTGrantToken.test_init_raises_for_invalid_timestamp_types[nbf-start time]',
      'TestVerifiedJWTGrantToken.test_subject_raises_for_missing_sub_claim',
      'TestVerifiedJWTGrantToken.test_subject_raises_for_empty_sub_claim'
    ]);
    expect(found[3].message).toMatch(/^assert 'Missing clai\.\.\. grant token\.' == /);
  });
});
