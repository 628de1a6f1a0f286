import { erlang } from '../../../src/triage/extractors/erlang.js';
import { normalizeText } from '../../../src/triage/normalize.js';
import { triageOutput } from '../../../src/triage/index.js';
import { fixtureLines, plain } from '../logs.js';

// Real output of Erlang/OTP 25 (EUnit, erlc, dialyzer) and rebar3 3.19 on Debian 12; the pre-OTP-19 EUnit form
// is the one quoted in public bug reports (lager, 2012).
const lines = (text: string[]) => normalizeText(text.join('\n') + '\n');

async function chunkOf(text: string): Promise<string[]> {
  return (await triageOutput(text)).chunk.text.split('\n');
}

describe('EUnit', () => {
  it('reads each failed test with its error class, reason and the function that raised it', async () => {
    expect(plain(erlang.extract(await fixtureLines('eunit.txt')))).toEqual([
      {
        tool: 'eunit',
        errorType: 'error',
        message: 'oops',
        file: 'src/x.erl',
        line: 4,
        testName: 'x_tests: bad_test'
      },
      {
        tool: 'eunit',
        errorType: 'error',
        message:
          '{assertMatch,[{module,x_tests},\n{line,6},\n{expression,"{ error , 1 }"},\n{pattern,"{ ok , _ }"},\n{value,{error,1}}]}',
        file: 'test/x_tests.erl',
        line: 6,
        testName: 'x_tests: match_test'
      }
    ]);
  });

  it('reads the old `::error:` form with `in function` under the reason', () => {
    expect(
      plain(
        erlang.extract(
          lines([
            'lager_test_backend: lager_test_ (tracing works)...*failed*',
            '::error:{assertEqual_failed,[{module,lager_test_backend},',
            '                     {line,189},',
            '                     {expected,1},',
            '                     {value,2}]}',
            "  in function lager_test_backend:'-lager_test_/0-fun-6-'/0 (test/lager_test_backend.erl, line 189)",
            '',
            '======================================================',
            '  Failed: 1.  Skipped: 0.  Passed: 12.'
          ])
        )
      )
    ).toEqual([
      {
        tool: 'eunit',
        errorType: 'error',
        message: '{assertEqual_failed,[{module,lager_test_backend},\n{line,189},\n{expected,1},\n{value,2}]}',
        file: 'test/lager_test_backend.erl',
        line: 189,
        testName: 'lager_test_backend: lager_test_ (tracing works)'
      }
    ]);
  });

  it('finds nothing in a passing run, nor a `...*failed*` line that names no module', () => {
    expect(
      erlang.extract(
        lines([
          "module 'x_tests'",
          '  x_tests: add_test...[0.001 s] ok',
          '  x_tests: ok_test...ok',
          '  [done in 0.014 s]',
          'Downloading assets...*failed*',
          '  All 2 tests passed.'
        ])
      )
    ).toEqual([]);
  });
});

describe('rebar3', () => {
  it('reads its EUnit report: the error class and the project frame, or the assertion and expected/got', async () => {
    expect(plain(erlang.extract(await fixtureLines('rebar3-eunit.txt')))).toEqual([
      {
        tool: 'eunit',
        errorType: 'error',
        message: 'oops',
        file: '/home/runner/work/x/x/src/x.erl',
        line: 4,
        testName: 'x_tests:bad_test/0'
      },
      {
        tool: 'eunit',
        message: '?assertMatch({ ok , _ }, { error , 1 })\nexpected: = { ok , _ }\ngot: {error,1}',
        testName: 'x_tests:match_test/0'
      }
    ]);
  });

  it('reads a compile error, which names no severity, under `Compiling … failed`; a warning only fails alone', async () => {
    const run = [
      '===> Compiling x',
      '===> Compiling src/y.erl failed',
      'src/y.erl:3:8: function undefined_fun/1 undefined',
      '',
      'src/y.erl:4:1: Warning: function g/1 is unused',
      ''
    ];
    expect(plain(erlang.extract(lines(run)))).toEqual([
      {
        tool: 'erlc',
        errorType: 'error',
        message: 'function undefined_fun/1 undefined',
        file: 'src/y.erl',
        line: 3
      }
    ]);
    expect(await chunkOf(run.join('\n'))).toEqual(run.slice(1, 3));
    // warnings_as_errors: the warning is all there is.
    expect(plain(erlang.extract(lines([run[1], run[4]])))).toEqual([
      { tool: 'erlc', errorType: 'warning', message: 'function g/1 is unused', file: 'src/y.erl', line: 4 }
    ]);
    // Without the failed compile, a warning is not a failure.
    expect(erlang.extract(lines([run[0], run[4]]))).toEqual([]);
  });

  it('reads erlc’s OTP 24 error with the code it draws, and the older form without a column', () => {
    const found = erlang.extract(
      lines([
        "z.erl:3:12: syntax error before: '.'",
        '%    3| f() -> foo(.',
        '%     |            ^',
        '',
        "src/rabbit.erl:91: variable 'Description' is unbound"
      ])
    );
    expect(found.map(f => [f.message, f.file, f.line, f.start, f.end])).toEqual([
      ["syntax error before: '.'", 'z.erl', 3, 0, 2],
      ["variable 'Description' is unbound", 'src/rabbit.erl', 91, 4, 4]
    ]);
  });
});

describe('dialyzer', () => {
  it('reads its warnings with the message lines indented under them, in a run that emitted warnings', () => {
    const run = [
      '  Checking whether the PLT mini.plt is up-to-date... yes',
      '  Proceeding with analysis...',
      'd.erl:3:2: Invalid type specification for function d:f/0. The success typing is ',
      "          () -> 'atom'",
      'd.erl:5:1: Function g/1 has no local return',
      ' done in 0m0.07s',
      'done (warnings were emitted)'
    ];
    expect(erlang.extract(lines(run)).map(f => [f.tool, f.message, f.file, f.line, f.start, f.end])).toEqual([
      [
        'dialyzer',
        "Invalid type specification for function d:f/0. The success typing is () -> 'atom'",
        'd.erl',
        3,
        2,
        3
      ],
      ['dialyzer', 'Function g/1 has no local return', 'd.erl', 5, 4, 4]
    ]);
  });

  it("reads rebar3's `Line N Column M:` rows under the file, not a `Line` row far from one", async () => {
    expect(plain(erlang.extract(await fixtureLines('rebar3-dialyzer.txt')))).toEqual([
      {
        tool: 'dialyzer',
        errorType: 'warning',
        message: "Invalid type specification for function d:f/0. The success typing is () -> 'atom'",
        file: 'src/d.erl',
        line: 3
      },
      {
        tool: 'dialyzer',
        errorType: 'warning',
        message: 'Function g/1 has no local return',
        file: 'src/d.erl',
        line: 5
      },
      {
        tool: 'dialyzer',
        errorType: 'warning',
        message:
          "The call erlang:'+'(X::any(), 'a') will never return since it differs in the 2nd argument from the success typing arguments: (number(), number())",
        file: 'src/d.erl',
        line: 5
      }
    ]);
    expect(erlang.extract(lines(['src/d.erl', '', 'Line 3: not a warning']))).toEqual([]);
  });
});
