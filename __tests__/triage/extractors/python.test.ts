import { python } from '../../../src/triage/extractors/python.js';
import { unittest } from '../../../src/triage/extractors/unittest.js';
import { fixtureLines, plain } from '../logs.js';

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
