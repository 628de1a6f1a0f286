import { python } from '../../../src/triage/extractors/python.js';
import { unittest } from '../../../src/triage/extractors/unittest.js';
import { normalizeLine, type LogLine } from '../../../src/triage/normalize.js';
import { fixtureLines, plain } from '../logs.js';

function logLines(lines: string[]): LogLine[] {
  return lines.map((t, i) => ({ n: i + 1, ...normalizeLine(t) }));
}

describe('python traceback extractor', () => {
  it('reads the exception, its message with the suggestion, and the innermost own frame', async () => {
    expect(plain(python.extract(await fixtureLines('traceback-dym.txt')))).toEqual([
      {
        tool: 'python',
        errorType: 'NameError',
        message: "name 'totl' is not defined. Did you mean: 'total'?",
        file: '<string>',
        line: 4
      }
    ]);
    expect(plain(python.extract(await fixtureLines('traceback.txt')))).toEqual([
      {
        tool: 'python',
        errorType: 'UnboundLocalError',
        message: "cannot access local variable 'total' where it is not associated with a value",
        file: '/tmp/fx/py/calc.py',
        line: 4
      }
    ]);
  });
});

describe('python traceback extractor: chained exceptions (real python3 output)', () => {
  const chained = [
    'Traceback (most recent call last):',
    '  File "/tmp/tri/chain.py", line 6, in main',
    '    fetch()',
    '  File "/tmp/tri/chain.py", line 3, in fetch',
    '    raise http.client.RemoteDisconnected("Remote end closed connection without response")',
    'http.client.RemoteDisconnected: Remote end closed connection without response',
    '',
    'During handling of the above exception, another exception occurred:',
    '',
    'Traceback (most recent call last):',
    '  File "/tmp/tri/chain.py", line 9, in <module>',
    '    main()',
    '  File "/tmp/tri/chain.py", line 8, in main',
    '    raise ConnectionRefusedError(111, "Connection refused")',
    'ConnectionRefusedError: [Errno 111] Connection refused'
  ];

  it('reads a chain as one report, from its first traceback to what was raised last', () => {
    const found = python.extract(logLines(chained));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      errorType: 'ConnectionRefusedError',
      message: '[Errno 111] Connection refused',
      start: 0,
      end: chained.length - 1
    });
  });

  it("keeps a chain's parts together when a logger indents them under its own line", () => {
    const pad = ' '.repeat(35);
    const lines = [
      ' test  2019-08-03T02:07:32.581000Z TestFramework (ERROR): Unexpected exception caught during testing',
      // The combined log a test framework reprints drops the blank lines.
      ...chained.filter(l => l !== '').map(l => pad + l)
    ];
    const found = python.extract(logLines(lines));
    expect(found).toHaveLength(1);
    // The logger's own record above the traceback is the report's title.
    expect(found[0]).toMatchObject({ errorType: 'ConnectionRefusedError', start: 0 });
  });

  it('takes the error-level record `logging.exception()` writes above the traceback as its title (real python3 output)', () => {
    const traceback = [
      'Traceback (most recent call last):',
      '  File "/tmp/logx.py", line 7, in <module>',
      '    run()',
      '  File "/tmp/logx.py", line 5, in run',
      '    raise ConnectionRefusedError(111, "Connection refused")',
      'ConnectionRefusedError: [Errno 111] Connection refused'
    ];
    const logged = python.extract(
      logLines([
        'INFO: stopping nodes',
        'ERROR:TestFramework:Unexpected exception caught during testing',
        ...traceback
      ])
    );
    expect(logged.map(f => [f.errorType, f.start, f.end])).toEqual([['ConnectionRefusedError', 1, 7]]);
    // A record of another level, or any other line, stays out.
    for (const above of ['INFO:TestFramework:retrying', 'collected 3 items', 'an error occurred'])
      expect(python.extract(logLines([above, ...traceback])).map(f => f.start)).toEqual([1]);
  });

  it('reads any raised class (`raise X(...) from e`), not only names ending in Error', () => {
    const found = python.extract(
      logLines([
        'Traceback (most recent call last):',
        '  File "/tmp/tri/cause.py", line 6, in <module>',
        '    load()',
        "KeyError: 'pytest_cov'",
        '',
        'The above exception was the direct cause of the following exception:',
        '',
        'Traceback (most recent call last):',
        '  File "/tmp/tri/cause.py", line 8, in <module>',
        '    raise PluginValidationError("Plugin \'pytest_cov\' could not be loaded") from e',
        "PluginValidationError: Plugin 'pytest_cov' could not be loaded"
      ])
    );
    expect(found.map(f => [f.errorType, f.message, f.start])).toEqual([
      ['PluginValidationError', "Plugin 'pytest_cov' could not be loaded", 0]
    ]);
  });
});

describe('unittest extractor', () => {
  it('reads FAIL and ERROR blocks with the test id in unittest form', async () => {
    expect(plain(unittest.extract(await fixtureLines('unittest.txt')))).toEqual([
      {
        tool: 'unittest',
        errorType: 'NameError',
        message: "name 'undefined_name' is not defined",
        file: '/tmp/fx/ut/test_u.py',
        line: 8,
        testName: 'test_err (test_u.TestA.test_err)'
      },
      {
        tool: 'unittest',
        errorType: 'AssertionError',
        message: '2 != 3',
        file: '/tmp/fx/ut/test_u.py',
        line: 6,
        testName: 'test_bad (test_u.TestA.test_bad)'
      }
    ]);
  });
});

describe('unittest extractor: names with spaces', () => {
  // Real output of `python3 -m unittest` (Python 3.11, the test image): a sub-test, and methods made
  // with setattr whose names hold spaces and parentheses (BugSwarm Travis fixture 113007194 has one).
  it("takes the test's whole str() between unittest's rules", async () => {
    const found = unittest.extract(await fixtureLines('unittest-spaced-names.txt'));
    expect(found.map(f => f.testName)).toEqual([
      "test_names('./m.json', ...) (tests.test_gen.GenTests.test_names('./m.json', ...))",
      'test_sub (tests.test_gen.GenTests.test_sub) (i=1)'
    ]);
    expect(found[0]).toMatchObject({ errorType: 'AssertionError', file: '/w/tests/test_gen.py', line: 11 });
  });

  it("takes no name from nose's `Failure: ImportError (…)` (a module that failed to import)", () => {
    // BugSwarm Travis fixture 78170279 (nose on Python 3.4), the head of its report.
    const text = [
      '======================================================================',
      "ERROR: Failure: ImportError (No module named 'six')",
      '----------------------------------------------------------------------',
      'Traceback (most recent call last):',
      '  File "/home/travis/virtualenv/python3.4.2/lib/python3.4/site-packages/nose/failure.py", line 39, in runTest',
      '    raise self.exc_val.with_traceback(self.tb)'
    ];
    expect(unittest.extract(logLines(text))).toEqual([]);
  });

  it('takes no spaced name from a FAIL: line outside the rules', () => {
    const text = [
      '======================================================================',
      'FAIL: some words here',
      'more'
    ];
    expect(unittest.extract(logLines(text))).toEqual([]);
  });
});
