import { compiler } from '../../../src/triage/extractors/compiler.js';
import { eslint } from '../../../src/triage/extractors/eslint.js';
import { frameworks } from '../../../src/triage/extractors/frameworks.js';
import { node } from '../../../src/triage/extractors/node.js';
import { nodetest } from '../../../src/triage/extractors/nodetest.js';
import { phpunit } from '../../../src/triage/extractors/phpunit.js';
import { xcode } from '../../../src/triage/extractors/xcode.js';
import { normalizeText } from '../../../src/triage/normalize.js';
import { fixtureLines, plain } from '../logs.js';

// Excerpts of real Travis CI logs from the LogChunks data set.
describe('PHPUnit extractor', () => {
  it('reads a numbered failure with its message and the test file line, not the mock frame', async () => {
    const found = phpunit.extract(await fixtureLines('phpunit.txt'));
    expect(plain(found)).toEqual([
      {
        tool: 'phpunit',
        errorType: 'failure',
        message:
          "Failed asserting that two strings are equal.\n--- Expected\n+++ Actual\n@@ @@\n'LEVEL - Timestamp --> Message\n'",
        file: '/home/travis/build/bcit-ci/CodeIgniter/tests/codeigniter/core/Log_test.php',
        line: 61,
        testName: 'Log_test::test_format_line'
      }
    ]);
  });
});

describe('test framework extractor', () => {
  it('reads Pester `[-] name -> message`, skipping its own dependency frames', async () => {
    expect(plain(frameworks.extract(await fixtureLines('pester.txt')))).toEqual([
      {
        tool: 'pester',
        message: 'Expected and actual values differ!',
        file: '/Users/travis/build/pester/Pester/new-runtimepoc/Pester.RSpec.ts.ps1',
        line: 184,
        testName: 'Running without any params runs all files from the local folder'
      }
    ]);
  });

  it('reads ExUnit `1) test name (Module)` with the exception', async () => {
    expect(plain(frameworks.extract(await fixtureLines('exunit.txt')))).toEqual([
      {
        tool: 'exunit',
        errorType: 'ArgumentError',
        message: 'argument error',
        file: 'test/phoenix/code_reloader_test.exs',
        line: 39,
        testName: 'test reloads on every request (Phoenix.CodeReloaderTest)'
      }
    ]);
  });

  it('reads xUnit.net `[FAIL]` with the assertion and the frame under Stack Trace', async () => {
    expect(plain(frameworks.extract(await fixtureLines('xunit.txt')))).toEqual([
      {
        tool: 'xunit',
        message: 'Assert.Equal() Failure\nExpected: 1\nActual:   0',
        file: '/Users/travis/build/NancyFx/Nancy/test/Nancy.Testing.Tests/BrowserFixture.cs',
        line: 445,
        testName: 'Nancy.Testing.Tests.BrowserFixture.Should_return_JSON_serialized_form'
      }
    ]);
  });

  it('reads common_test `suite:case failed on line N` and its Reason', async () => {
    expect(plain(frameworks.extract(await fixtureLines('common-test.txt')))).toEqual([
      {
        tool: 'common_test',
        message: 'expecting_nack_got_ack',
        file: 'confirms_rejects_SUITE.erl',
        line: 195,
        testName: 'confirms_rejects_SUITE:mixed_dead_alive_queues_reject'
      }
    ]);
  });

  it('reads R CMD check test failures with the testthat failure named', async () => {
    const found = frameworks.extract(await fixtureLines('r-check.txt'));
    expect(plain(found)).toEqual([
      {
        tool: 'testthat',
        message: 'Choices are correctly assigned names',
        file: 'test-bootstrap.r',
        line: 138,
        testName: 'Choices are correctly assigned names'
      }
    ]);
    expect(found[0].start).toBe(1); // from `Running 'test-all.R'` on
  });

  it('reads RSpec failures with Failure/Error and the spec line', () => {
    const text = [
      'Failures:',
      '',
      '  1) Calculator adds two numbers',
      '     Failure/Error: expect(calc.add(1, 2)).to eq(3)',
      '',
      '       expected: 3',
      '            got: -1',
      '',
      "     # ./spec/calculator_spec.rb:5:in `block (2 levels) in <top (required)>'",
      '',
      'Finished in 0.01 seconds'
    ].join('\n');
    expect(plain(frameworks.extract(normalizeText(text)))).toEqual([
      {
        tool: 'rspec',
        message: 'expected: 3\ngot: -1',
        file: './spec/calculator_spec.rb',
        line: 5,
        testName: 'Calculator adds two numbers'
      }
    ]);
  });
});

describe('TAP from tape', () => {
  it('reads `not ok N name` without a dash and its YAML block', async () => {
    const found = plain(nodetest.extract(await fixtureLines('tape.txt')));
    expect(found[0]).toEqual({
      tool: 'tap',
      message: 'notOk: expected false, actual 1',
      file: '/home/travis/build/airbnb/javascript/packages/eslint-config-airbnb/test/test-react-order.js',
      line: 57,
      testName: 'no errors'
    });
  });
});

describe('lint extractors', () => {
  it('reads RuboCop offenses with their cop', async () => {
    const found = eslint.extract(await fixtureLines('rubocop.txt'));
    expect(plain(found).map(f => [f.tool, f.errorType, f.file, f.line])).toEqual([
      ['rubocop', 'Performance/RegexpMatch', 'lib/jekyll/excerpt.rb', 158],
      ['rubocop', 'Performance/RegexpMatch', 'lib/jekyll/readers/post_reader.rb', 53],
      ['rubocop', 'Performance/RegexpMatch', 'lib/jekyll/filters.rb', 374]
    ]);
    expect(found[0].start).toBe(2); // the `Offenses:` header
  });

  it("reads standard's `file:line:col: message` under its banner", async () => {
    const found = compiler.extract(await fixtureLines('standard.txt'));
    expect(plain(found)).toEqual([
      {
        tool: 'standard',
        message: "A space is required after ','.",
        file: '/home/travis/build/jlord/git-it-electron/lib/build-challenges.js',
        line: 178
      }
    ]);
    expect(found[0].start).toBe(2);
  });

  it('reads warnings as the failure only when -Werror made them one (GHC)', async () => {
    const lines = await fixtureLines('ghc-werror.txt');
    expect(plain(compiler.extract(lines))).toEqual([
      {
        tool: 'ghc',
        errorType: 'warning',
        message: 'The import of ‘Control.Monad’ is redundant',
        file: 'src/Text/Pandoc/Writers/Ipynb.hs',
        line: 38
      }
    ]);
    const without = lines.filter(l => !/-Werror/.test(l.text));
    expect(compiler.extract(without)).toEqual([]);
  });
});

describe('node extractor', () => {
  it("reads Node's uncaught exception: location, error and stack", async () => {
    const found = node.extract(await fixtureLines('node-uncaught.txt'));
    expect(plain(found)).toEqual([
      {
        tool: 'node',
        errorType: 'SyntaxError',
        message: 'Unexpected token function',
        file: '/home/travis/build/google/web-starter-kit/gulp-tasks/serviceWorker.js',
        line: 6
      }
    ]);
    expect(found[0].end - found[0].start).toBe(14);
  });
});

describe('xcode extractor', () => {
  it('reads xcpretty failures under their test case class', () => {
    const text = [
      'Alamofire_iOS_Tests.SessionTestCase',
      '',
      '  testThatDataRequestWithInvalidURLStringThrowsResponseHandlerError, XCTAssertTrue failed',
      '',
      '  /Users/travis/build/Alamofire/Alamofire/Tests/SessionTests.swift:550',
      '',
      '  ```',
      '            XCTAssertTrue(error.isInvalidURLError)',
      '  ```',
      ''
    ].join('\n');
    const found = xcode.extract(normalizeText(text));
    expect(plain(found)).toEqual([
      {
        tool: 'xcodebuild',
        message: 'XCTAssertTrue failed',
        file: '/Users/travis/build/Alamofire/Alamofire/Tests/SessionTests.swift',
        line: 550,
        testName: 'SessionTestCase.testThatDataRequestWithInvalidURLStringThrowsResponseHandlerError'
      }
    ]);
    expect(found[0]).toMatchObject({ start: 0, end: 8 });
  });
});
