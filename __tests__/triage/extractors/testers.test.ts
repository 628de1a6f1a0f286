/**
 * Test runners whose SDKs are not packaged on this host, read in their documented forms: `dotnet test`
 * (vstest's console logger, microsoft/vstest ConsoleLogger.cs and its issue threads), `swift test` on
 * Linux (swift-corelibs-xctest, as Linux CI logs quoted in issue threads print it) and `dart test`
 * (package:test's compact/expanded reporter, as quoted in dart-lang/test issues).
 */
import { dart } from '../../../src/triage/extractors/dart.js';
import { dotnet } from '../../../src/triage/extractors/dotnet.js';
import { xcode } from '../../../src/triage/extractors/xcode.js';
import { triageOutput } from '../../../src/triage/index.js';
import { normalizeText } from '../../../src/triage/normalize.js';
import { plain } from '../logs.js';

async function chunkOf(lines: string[]): Promise<string[]> {
  return (await triageOutput(lines.join('\n') + '\n')).chunk.text.split('\n');
}

describe('dotnet test', () => {
  const run = [
    'Starting test execution, please wait...',
    'A total of 1 test files matched the specified pattern.',
    '  Failed Add_ReturnsSum [27 ms]',
    '  Error Message:',
    '     Expected: 3',
    '  But was:  2',
    '',
    '  Stack Trace:',
    '     at Calc.Tests.CalcTests.Add_ReturnsSum() in /home/runner/work/calc/Calc.Tests/CalcTests.cs:line 14',
    '',
    '  Failed Sub_ReturnsDifference [1 ms]',
    '  Error Message:',
    '   Assert.AreEqual failed. Expected:<1>. Actual:<-1>. ',
    '  Stack Trace:',
    '     at Calc.Tests.CalcTests.Sub_ReturnsDifference() in /home/runner/work/calc/Calc.Tests/CalcTests.cs:line 21',
    '',
    '',
    'Failed!  - Failed:     2, Passed:     3, Skipped:     0, Total:     5, Duration: 61 ms - Calc.Tests.dll (net8.0)'
  ];

  it('reads each failed test with its message and the first frame’s file and line (NUnit, MSTest)', () => {
    const found = dotnet.extract(normalizeText(run.join('\n')));
    expect(plain(found)).toEqual([
      {
        tool: 'dotnet-test',
        message: 'Expected: 3\nBut was:  2',
        file: '/home/runner/work/calc/Calc.Tests/CalcTests.cs',
        line: 14,
        testName: 'Add_ReturnsSum'
      },
      {
        tool: 'dotnet-test',
        message: 'Assert.AreEqual failed. Expected:<1>. Actual:<-1>.',
        file: '/home/runner/work/calc/Calc.Tests/CalcTests.cs',
        line: 21,
        testName: 'Sub_ReturnsDifference'
      }
    ]);
    expect(found.map(f => [f.start, f.end])).toEqual([
      [2, 8],
      [10, 14]
    ]);
  });

  it('starts the chunk at the first `Failed` report, not at the closing count', async () => {
    const chunk = await chunkOf(['$ dotnet test', ...run]);
    expect(chunk[0]).toBe('  Failed Add_ReturnsSum [27 ms]');
  });

  it('reads older SDKs’ unindented report with the exception type', () => {
    const found = dotnet.extract(
      normalizeText(
        [
          'Failed   SampleUnitTestProject.UnitTest1.FailingTest',
          'Error Message:',
          ' System.InvalidOperationException: boom',
          'Stack Trace:',
          '   at SampleUnitTestProject.UnitTest1.FailingTest() in /home/codito/Tests.cs:line 29',
          'Skipped  SampleUnitTestProject.UnitTest1.SkippingTest'
        ].join('\n')
      )
    );
    expect(plain(found)).toEqual([
      {
        tool: 'dotnet-test',
        errorType: 'System.InvalidOperationException',
        message: 'boom',
        file: '/home/codito/Tests.cs',
        line: 29,
        testName: 'SampleUnitTestProject.UnitTest1.FailingTest'
      }
    ]);
    expect(found[0].end).toBe(4);
  });

  it('does not read a `Failed` line without the logger’s banner under it, nor a passing run', () => {
    const lines = normalizeText(
      [
        '  Failed to download package, retrying',
        '  Error: timeout',
        'Passed!  - Failed:     0, Passed:     4, Skipped:     0, Total:     4, Duration: 50 ms - Calc.Tests.dll (net8.0)'
      ].join('\n')
    );
    expect(dotnet.extract(lines)).toEqual([]);
  });
});

describe('swift test on Linux (XCTest)', () => {
  const run = [
    "Test Suite 'FilesTests' started at 2017-11-16 11:38:50.490",
    "Test Case 'FilesTests.testCreatingAndDeletingFile' started at 2017-11-16 11:38:50.496",
    '/home/travis/build/JohnSundell/Files/Tests/FilesTests/FilesTests.swift:667: error: FilesTests.testCreatingAndDeletingFile : XCTAssertEqual failed: ("1") is not equal to ("2") - ',
    "Test Case 'FilesTests.testCreatingAndDeletingFile' failed (0.002 seconds)",
    "Test Case 'FilesTests.testReadingFile' started at 2017-11-16 11:38:50.498",
    "Test Case 'FilesTests.testReadingFile' passed (0.001 seconds)"
  ];

  it('reads the error line with the test case lines around it', () => {
    const found = xcode.extract(normalizeText(run.join('\n')));
    expect(plain(found)).toEqual([
      {
        tool: 'xctest',
        message: 'XCTAssertEqual failed: ("1") is not equal to ("2")',
        file: '/home/travis/build/JohnSundell/Files/Tests/FilesTests/FilesTests.swift',
        line: 667,
        testName: 'FilesTests.testCreatingAndDeletingFile'
      }
    ]);
    expect([found[0].start, found[0].end]).toEqual([1, 3]);
  });

  it('names the test in the triage’s failures (the compiler reader would not)', async () => {
    const t = await triageOutput(run.join('\n') + '\n');
    expect(t.failures.map(f => f.testName)).toEqual(['FilesTests.testCreatingAndDeletingFile']);
    expect(t.chunk.text.split('\n')).toEqual(run.slice(1, 4));
  });

  it('does not read a compiler error in a Swift file', () => {
    const lines = normalizeText("Sources/App/main.swift:3:5: error: cannot find 'x' in scope");
    expect(xcode.extract(lines)).toEqual([]);
  });
});

describe('dart test', () => {
  const run = [
    '00:00 +0: loading test/calc_test.dart',
    '00:01 +0: test/calc_test.dart: adds',
    '00:01 +0 -1: test/calc_test.dart: adds [E]',
    '  Expected: <3>',
    '    Actual: <2>',
    '  ',
    '  package:matcher                 expect',
    '  test/calc_test.dart 5:5         main.<fn>',
    '  ',
    '00:01 +0 -1: test/calc_test.dart: subtracts',
    '00:01 +1 -1: Some tests failed.'
  ];

  it('reads the failed test’s message and its frame in the test file', () => {
    const found = dart.extract(normalizeText(run.join('\n')));
    expect(plain(found)).toEqual([
      {
        tool: 'dart-test',
        message: 'Expected: <3>\nActual: <2>',
        file: 'test/calc_test.dart',
        line: 5,
        testName: 'adds'
      }
    ]);
    expect([found[0].start, found[0].end]).toEqual([2, 7]);
  });

  it('takes the chunk from the `[E]` line, not the closing `Some tests failed.`', async () => {
    const chunk = await chunkOf(['$ dart test', ...run]);
    expect([chunk[0], chunk[chunk.length - 1]]).toEqual([run[2], run[7]]);
  });

  it('does not read a passing run or a test whose name ends in [E] without the progress prefix', () => {
    const lines = normalizeText(
      ['00:01 +4: All tests passed!', 'note: parse [E] [E]', '00:01 +5: test/x.dart: handles [E]x'].join('\n')
    );
    expect(dart.extract(lines)).toEqual([]);
  });
});
