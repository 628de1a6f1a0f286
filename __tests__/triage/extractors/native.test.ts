import { native } from '../../../src/triage/extractors/native.js';
import { normalizeText } from '../../../src/triage/normalize.js';
import { triageOutput } from '../../../src/triage/index.js';
import { fixtureLines, plain } from '../logs.js';

// Real output: GoogleTest 1.12.1 run by CTest 3.25 (--output-on-failure), Catch2 2.13.10, on Debian 12.
const lines = (text: string[]) => normalizeText(text.join('\n') + '\n');

async function chunkOf(text: string): Promise<string[]> {
  return (await triageOutput(text)).chunk.text.split('\n');
}

describe('GoogleTest', () => {
  it('reads each failed test with its failure line and message; CTest’s line about the program gives way', async () => {
    const found = native.extract(await fixtureLines('googletest-ctest.txt'));
    expect(plain(found)).toEqual([
      {
        tool: 'googletest',
        message: 'Expected equality of these values:\n  Add(3, 4)\n    Which is: 8\n  7',
        file: '/home/runner/work/demo/demo/foo_test.cc',
        line: 5,
        testName: 'MathTest.AddsLarge'
      },
      {
        tool: 'googletest',
        message: 'C++ exception with description "boom" thrown in the test body.',
        testName: 'MathTest.Throws'
      },
      {
        tool: 'googletest',
        message: 'Value of: Add(0,0) == 1\n  Actual: false\nExpected: true\nzero case',
        file: '/home/runner/work/demo/demo/foo_test.cc',
        line: 7,
        testName: 'StrTest.Truth'
      },
      {
        tool: 'googletest',
        message: 'Expected equality of these values:\n  GetParam() % 2\n    Which is: 1\n  0',
        file: '/home/runner/work/demo/demo/foo_test.cc',
        line: 9,
        testName: 'Nums/P.Even/1'
      },
      // Another test program that printed nothing: CTest's line is all there is.
      { tool: 'ctest', message: 'Failed', testName: 'other_fail' }
    ]);
  });

  it('makes the chunk from the first failed test’s RUN line through its FAILED line', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(new URL('../fixtures/googletest-ctest.txt', import.meta.url), 'utf8');
    const chunk = await chunkOf(text);
    expect(chunk[0]).toBe('[ RUN      ] MathTest.AddsLarge');
    expect(chunk).toContain('[  FAILED  ] MathTest.AddsLarge (0 ms)');
    expect(chunk).not.toContain('[ RUN      ] MathTest.AddsSmall');
  });

  it('reads --gtest_brief output (no RUN lines) and MSVC’s `file(line): error:` form', () => {
    const found = native.extract(
      lines([
        'Running main() from gtest_main.cc',
        'D:\\a\\demo\\foo_test.cc(5): error: Expected equality of these values:',
        '  Add(3, 4)',
        '    Which is: 8',
        '  7',
        '[  FAILED  ] MathTest.AddsLarge (1 ms)',
        '[==========] 6 tests from 3 test suites ran. (2 ms total)'
      ])
    );
    expect(found).toEqual([
      {
        tool: 'googletest',
        message: 'Expected equality of these values:\n  Add(3, 4)\n    Which is: 8\n  7',
        file: 'D:\\a\\demo\\foo_test.cc',
        line: 5,
        testName: 'MathTest.AddsLarge',
        start: 1,
        end: 5,
        focus: 1
      }
    ]);
  });

  it('finds nothing in a passing run, nor in a FAILED line with no failure above it', () => {
    expect(
      native.extract(
        lines([
          '[ RUN      ] MathTest.AddsSmall',
          'src/a.cc:3: Failure',
          '[       OK ] MathTest.AddsSmall (0 ms)',
          '[ RUN      ] MathTest.Other',
          '[  FAILED  ] MathTest.Other (0 ms)',
          '[  PASSED  ] 1 test.'
        ])
      )
    ).toEqual([]);
  });
});

describe('GoogleTest, a test that crashed', () => {
  const crash = [
    '[ RUN      ] CrashTest.Ok',
    '[       OK ] CrashTest.Ok (0 ms)',
    '[ RUN      ] CrashTest.Segv'
  ];

  it('names the test its program died in, with the shell’s crash line', () => {
    expect(
      plain(
        native.extract(
          lines([...crash, 'bash: line 137: 24280 Segmentation fault      ./crash_test', 'exit 139'])
        )
      )
    ).toEqual([
      {
        tool: 'googletest',
        message: 'bash: line 137: 24280 Segmentation fault      ./crash_test',
        testName: 'CrashTest.Segv'
      }
    ]);
  });

  it('takes CTest’s verdict on the program when the output just stops (--output-on-failure)', () => {
    const found = native.extract(
      lines([
        '    Start 6: crash_test',
        '1/1 Test #6: crash_test .......................***Exception: SegFault  0.00 sec',
        'Running main() from ./googletest/src/gtest_main.cc',
        ...crash,
        '',
        '',
        '0% tests passed, 1 tests failed out of 1'
      ])
    );
    expect(found).toEqual([
      { tool: 'googletest', message: 'Exception: SegFault', testName: 'CrashTest.Segv', start: 5, end: 5 }
    ]);
  });

  it('keeps the first failure of a test that failed and then crashed', () => {
    expect(
      native.extract(
        lines([
          '[ RUN      ] CrashTest.FailsThenDies',
          'crash2_test.cc:2: Failure',
          'Expected equality of these values:',
          '  1',
          '  2',
          'bash: line 191: 14004 Segmentation fault      ./crash2',
          'exit 139'
        ])
      )
    ).toEqual([
      {
        tool: 'googletest',
        message: 'Expected equality of these values:\n  1\n  2',
        file: 'crash2_test.cc',
        line: 2,
        testName: 'CrashTest.FailsThenDies',
        start: 0,
        end: 6,
        focus: 1
      }
    ]);
  });

  it('does not call a test that stopped printing crashed without a crash line or a verdict', () => {
    expect(
      native.extract(lines([...crash, 'still working...', '[==========] Running 2 tests from 1 test suite.']))
    ).toEqual([]);
  });
});

describe('CTest', () => {
  it('reads each failed, crashed and timed-out test from its result lines, not again from the list', async () => {
    const found = native.extract(await fixtureLines('ctest.txt'));
    expect(plain(found)).toEqual([
      { tool: 'ctest', message: 'Failed', testName: 'foo_test' },
      { tool: 'ctest', message: 'Failed', testName: 'other_fail' },
      { tool: 'ctest', message: 'Exception: SegFault', testName: 'seg_test' },
      { tool: 'ctest', message: 'Timeout', testName: 'slow_test' }
    ]);
  });

  it('reads the `The following tests FAILED:` list when it is all there is', () => {
    expect(
      plain(
        native.extract(
          lines([
            '50% tests passed, 1 tests failed out of 2',
            '',
            'The following tests FAILED:',
            '\t  4 - seg_test (SEGFAULT)',
            'Errors while running CTest'
          ])
        )
      )
    ).toEqual([{ tool: 'ctest', message: 'SEGFAULT', testName: 'seg_test' }]);
  });

  it('finds nothing in a passing run', () => {
    expect(
      native.extract(
        lines([
          '    Start 2: ok_test',
          '1/1 Test #2: ok_test ..........................   Passed    0.00 sec',
          '',
          '100% tests passed, 0 tests failed out of 1'
        ])
      )
    ).toEqual([]);
  });
});

describe('Catch2', () => {
  it('reads the first failed assertion of each test case with its expansion', async () => {
    const found = native.extract(await fixtureLines('catch2.txt'));
    expect(plain(found)).toEqual([
      {
        tool: 'catch2',
        message: 'REQUIRE( f(2) == 4 )\nwith expansion:\n  5 == 4',
        file: 't.cpp',
        line: 6,
        testName: 'doubles big numbers'
      },
      {
        tool: 'catch2',
        message: 'CHECK( f(3) == 6 )\nwith expansion:\n  7 == 6',
        file: 't.cpp',
        line: 8,
        testName: 'checks'
      },
      {
        tool: 'catch2',
        message: 'due to unexpected exception with message:\n  kaboom',
        file: 't.cpp',
        line: 10,
        testName: 'throws unexpectedly'
      }
    ]);
  });

  it('makes the chunk from the test case’s header through the first assertion’s expansion', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(new URL('../fixtures/catch2.txt', import.meta.url), 'utf8');
    const chunk = await chunkOf(text);
    expect(chunk.slice(0, 2)).toEqual(['-'.repeat(79), 'doubles big numbers']);
    expect(chunk).toContain('t.cpp:6: FAILED:');
    expect(chunk).toContain('  5 == 4');
  });

  it('finds nothing under a dashed rule that is not a Catch2 header, nor in a passing run', () => {
    expect(
      native.extract(
        lines([
          '-'.repeat(79),
          'Your code has been rated at 0.00/10',
          '-'.repeat(79),
          'x.cpp:6',
          'not dots',
          'x.cpp:6: FAILED:',
          '  REQUIRE( a )',
          '='.repeat(79),
          'All tests passed (1 assertion in 1 test case)'
        ])
      )
    ).toEqual([]);
  });
});
