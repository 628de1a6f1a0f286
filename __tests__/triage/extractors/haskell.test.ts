import { haskell } from '../../../src/triage/extractors/haskell.js';
import { normalizeText } from '../../../src/triage/normalize.js';
import { triageOutput } from '../../../src/triage/index.js';
import { fixtureLines, plain } from '../logs.js';

// Real output of GHC 9.0.2, hspec 2.8.5, tasty 1.4.2 / tasty-hunit, HUnit 1.6.2 and hlint 3.3.6 (Debian 12),
// except GHC 7's error form, which is written as GHC 7 documented it.
const lines = (text: string[]) => normalizeText(text.join('\n') + '\n');

async function chunkOf(text: string): Promise<string[]> {
  return (await triageOutput(text)).chunk.text.split('\n');
}

describe('hspec', () => {
  it('reads each failure with the location above it and its expected/got or exception', async () => {
    expect(plain(haskell.extract(await fixtureLines('hspec.txt')))).toEqual([
      {
        tool: 'hspec',
        message: 'expected: 3\n but got: 2',
        file: 'FooSpec.hs',
        line: 5,
        testName: 'Foo.bar adds numbers'
      },
      {
        tool: 'hspec',
        errorType: 'ErrorCall',
        message: 'Prelude.head: empty list',
        file: 'FooSpec.hs',
        line: 8,
        testName: 'Foo.baz errors'
      }
    ]);
  });

  it('makes the chunk from the first failure’s location line through its message', async () => {
    const { readFileSync } = await import('node:fs');
    const chunk = await chunkOf(readFileSync(new URL('../fixtures/hspec.txt', import.meta.url), 'utf8'));
    expect(chunk.slice(0, 4)).toEqual([
      '  FooSpec.hs:5:40: ',
      '  1) Foo.bar adds numbers',
      '       expected: 3',
      '        but got: 2'
    ]);
  });

  it('reads older hspec: the location without a column, the exception with its message in parentheses', () => {
    // hspec-core 2.2's own test failures, as quoted in hspec/hspec#253.
    expect(
      plain(
        haskell.extract(
          lines([
            'Failures:',
            '',
            '  test/Test/Hspec/Core/FormattersSpec.hs:149: ',
            '  1) foobar',
            '       uncaught exception: ErrorCall (Prelude.undefined',
            '       CallStack (from ImplicitParams):',
            '         error, called at libraries/base/GHC/Err.hs:70:14 in base:GHC.Err)',
            '',
            'Randomized with seed 1639533136'
          ])
        )
      )
    ).toEqual([
      {
        tool: 'hspec',
        errorType: 'ErrorCall',
        message:
          'Prelude.undefined\nCallStack (from ImplicitParams):\n  error, called at libraries/base/GHC/Err.hs:70:14 in base:GHC.Err',
        file: 'test/Test/Hspec/Core/FormattersSpec.hs',
        line: 149,
        testName: 'foobar'
      }
    ]);
  });

  it('does not take an RSpec failure for an hspec one', () => {
    expect(
      haskell.extract(
        lines([
          'Failures:',
          '',
          '  1) Calculator adds',
          '     Failure/Error: expect(1 + 1).to eq(3)',
          '',
          '       expected: 3',
          '            got: 2',
          '     # ./spec/calc_spec.rb:4:in `block (2 levels) in <top (required)>`',
          '',
          '1 example, 1 failure'
        ])
      )
    ).toEqual([]);
  });
});

describe('tasty', () => {
  it('reads `name: FAIL` with the HUnit location and message under it', async () => {
    expect(plain(haskell.extract(await fixtureLines('tasty.txt')))).toEqual([
      { tool: 'tasty', message: 'expected: 3\n but got: 2', file: 'Tasty.hs', line: 5, testName: 'add' },
      { tool: 'tasty', message: 'something broke', file: 'Tasty.hs', line: 6, testName: 'boom' }
    ]);
  });

  it('reads an exception', () => {
    expect(
      plain(
        haskell.extract(
          lines([
            'Tests',
            '  throws: FAIL',
            '    Exception: Prelude.head: empty list',
            '',
            '1 out of 1 tests failed (0.00s)'
          ])
        )
      )
    ).toEqual([
      { tool: 'tasty', errorType: 'exception', message: 'Prelude.head: empty list', testName: 'throws' }
    ]);
  });

  it('finds nothing in a passing run, nor a `: FAIL` line outside a tasty run', () => {
    expect(
      haskell.extract(lines(['Tests', '  Arith', '    ok:  OK', '', 'All 1 tests passed (0.00s)']))
    ).toEqual([]);
    expect(
      haskell.extract(lines(['Checking links', '  status: FAIL', '    docs/a.md -> docs/b.md', 'done']))
    ).toEqual([]);
  });
});

describe('HUnit', () => {
  it('reads `### Failure in:` with its location, under the counters it redraws with \\r', async () => {
    const out =
      '\rCases: 2  Tried: 0  Errors: 0  Failures: 0\r                                          \r### Failure in: 0:add\nHU.hs:3\nexpected: 3\n but got: 2\n\rCases: 2  Tried: 1  Errors: 0  Failures: 1\r                                          \rCases: 2  Tried: 2  Errors: 0  Failures: 1\n';
    expect(plain(haskell.extract(normalizeText(out)))).toEqual([
      { tool: 'hunit', message: 'expected: 3\n but got: 2', file: 'HU.hs', line: 3, testName: '0:add' }
    ]);
    expect(await chunkOf(out)).toEqual(['### Failure in: 0:add', 'HU.hs:3', 'expected: 3', ' but got: 2']);
  });
});

describe('GHC and hlint', () => {
  it('reads GHC 7’s location-only error line and -ferror-spans locations, not a warning', () => {
    expect(
      plain(
        haskell.extract(
          lines([
            'src/X.hs:1:1:',
            '    Warning: Top-level binding with no type signature: bar :: Int',
            '',
            'src/X.hs:3:7:',
            "    Couldn't match type ‘[Char]’ with ‘Int’",
            '    Expected type: Int',
            '      Actual type: [Char]',
            '',
            'src/Y.hs:3:7-9: error:',
            "    • Couldn't match type ‘[Char]’ with ‘Int’",
            '  |',
            '3 | foo = "x"',
            '  |       ^^^'
          ])
        )
      )
    ).toEqual([
      {
        tool: 'ghc',
        errorType: 'error',
        message: "Couldn't match type ‘[Char]’ with ‘Int’",
        file: 'src/X.hs',
        line: 3
      },
      {
        tool: 'ghc',
        errorType: 'error',
        message: "• Couldn't match type ‘[Char]’ with ‘Int’",
        file: 'src/Y.hs',
        line: 3
      }
    ]);
  });

  it('reads an hlint hint with its Found/Perhaps lines', () => {
    const out = [
      'src/Y.hs:2:14-20: Warning: Use id',
      'Found:',
      '  \\ y -> y',
      'Perhaps:',
      '  id',
      '',
      'src/Y.hs:2:24-39: Warning: Use concatMap',
      'Found:',
      '  concat (map f x)',
      'Perhaps:',
      '  concatMap f x',
      '',
      '2 hints'
    ];
    expect(haskell.extract(lines(out))[0]).toEqual({
      tool: 'hlint',
      errorType: 'warning',
      message: 'Use id',
      file: 'src/Y.hs',
      line: 2,
      start: 0,
      end: 4
    });
  });
});
