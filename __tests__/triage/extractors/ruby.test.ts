/**
 * minitest, test-unit and Cucumber: fixtures are their real output (Ruby 3.1, minitest 5.15,
 * test-unit 3.5, cucumber 2.4 on Debian), from a tiny failing test each.
 */
import { ruby } from '../../../src/triage/extractors/ruby.js';
import { triageOutput } from '../../../src/triage/index.js';
import { normalizeText } from '../../../src/triage/normalize.js';
import { fixtureLines, plain } from '../logs.js';

async function chunkOf(name: string): Promise<string[]> {
  const text = (await fixtureLines(name)).map(l => l.text).join('\n') + '\n';
  return (await triageOutput(text)).chunk.text.split('\n');
}

describe('minitest', () => {
  it('reads `  1) Error:` and `  2) Failure:` with the test name, location and message', async () => {
    const lines = await fixtureLines('minitest.txt');
    const found = ruby.extract(lines);
    expect(plain(found)).toEqual([
      {
        tool: 'minitest',
        errorType: 'NoMethodError',
        message: "undefined method `upcase' for nil:NilClass",
        file: 'test_math.rb',
        line: 5,
        testName: 'MathTest#test_raises'
      },
      {
        tool: 'minitest',
        message: 'three minus one.\nExpected: 1\nActual: 2',
        file: 'test_math.rb',
        line: 4,
        testName: 'MathTest#test_subtracts'
      }
    ]);
    expect([lines[found[0].start].text, lines[found[0].end].text]).toEqual([
      '  1) Error:',
      "    test_math.rb:5:in `test_raises'"
    ]);
    const chunk = await chunkOf('minitest.txt');
    expect(chunk[0]).toBe('  1) Error:');
    expect(chunk).not.toContain('3 runs, 2 assertions, 1 failures, 1 errors, 0 skips');
  });

  it("reads Rails' inline, unnumbered reports, each ending above its `bin/rails test file:line`", async () => {
    // minitest's own Result#to_s, framed as Rails' TestUnitReporter#record prints it.
    const lines = await fixtureLines('minitest-rails.txt');
    const found = ruby.extract(lines);
    expect(plain(found)).toEqual([
      {
        tool: 'minitest',
        message: 'Expected false to be truthy.',
        file: 'test/models/user_test.rb',
        line: 23,
        testName: 'UserTest#test_valid'
      },
      {
        tool: 'minitest',
        errorType: 'NameError',
        message: 'uninitialized constant UserTest::User',
        file: 'test/models/user_test.rb',
        line: 24,
        testName: 'UserTest#test_name'
      }
    ]);
    expect([lines[found[0].start].text, lines[found[0].end].text]).toEqual([
      'Failure:',
      'Expected false to be truthy.'
    ]);
  });

  it("reads minitest-reporters' default reporter: a failure's title without its colon", async () => {
    const lines = await fixtureLines('minitest-reporters.txt');
    const found = ruby.extract(lines);
    expect(plain(found)[1]).toEqual({
      tool: 'minitest',
      message: 'three minus one.\nExpected: 1\nActual: 2',
      file: 'test_rep.rb',
      line: 6,
      testName: 'Minitest::Result#test_subtracts'
    });
    expect(plain(found)[0].testName).toBe('Minitest::Result#test_raises');
    expect(lines[found[1].end].text).toBe('  Actual: 2');
  });

  it('an unnumbered `Failure:` without a `Class#test` title under it is not read', () => {
    const text = ['Failure:', 'could not connect to the database:', 'retrying'];
    expect(ruby.extract(normalizeText(text.join('\n')))).toEqual([]);
    // A title without its colon needs the `[file:line]` minitest-reporters gives it.
    const bare = ['Failure:', 'Deploy#step failed', 'retrying'];
    expect(ruby.extract(normalizeText(bare.join('\n')))).toEqual([]);
  });

  it('reads the old `test_name(Class) [file:line]:` title', () => {
    const text = [
      '  1) Failure:',
      'test_adds(CalcTest) [test/calc_test.rb:9]:',
      '<3> expected but was',
      '<4>.',
      ''
    ];
    expect(plain(ruby.extract(normalizeText(text.join('\n'))))).toEqual([
      {
        tool: 'minitest',
        message: '<3> expected but was\n<4>.',
        file: 'test/calc_test.rb',
        line: 9,
        testName: 'test_adds(CalcTest)'
      }
    ]);
  });

  it('a passing run with a skip, and a numbered list that is no report, are not read', () => {
    const pass = [
      '  1) Skipped:',
      'PassTest#test_skip [test_pass.rb:4]:',
      'later',
      '',
      '2 runs, 1 assertions, 0 failures, 0 errors, 1 skips'
    ];
    expect(ruby.extract(normalizeText(pass.join('\n')))).toEqual([]);
    const list = ['Steps:', '  1) Error:', 'see the docs for what to do', '  2) Failure:', ''];
    expect(ruby.extract(normalizeText(list.join('\n')))).toEqual([]);
  });
});

describe('test-unit', () => {
  it('reads `Error:` / `Failure:` between its rules, skipping the code it quotes', async () => {
    const lines = await fixtureLines('test-unit.txt');
    const found = ruby.extract(lines);
    expect(plain(found)).toEqual([
      {
        tool: 'test-unit',
        errorType: 'NoMethodError',
        message: "undefined method `upcase' for nil:NilClass",
        file: 'tu_math.rb',
        line: 5,
        testName: 'test_raises(MathTest)'
      },
      {
        tool: 'test-unit',
        message: 'three minus one\n<1> expected but was\n<2>',
        file: 'tu_math.rb',
        line: 4,
        testName: 'test_subtracts(MathTest)'
      }
    ]);
    expect([lines[found[1].start].text, lines[found[1].end].text]).toEqual([
      'Failure: test_subtracts(MathTest)',
      '<2>'
    ]);
  });

  it('a `Failure:` line without the rule above it is not read', () => {
    const text = ['Failure: test_x(Foo)', 'foo.rb:3:in `test_x`', 'boom'];
    expect(ruby.extract(normalizeText(text.join('\n')))).toEqual([]);
  });
});

describe('Cucumber', () => {
  const failure = {
    tool: 'cucumber',
    errorType: 'RuntimeError',
    message: 'expected 1 but got 2',
    file: './features/step_definitions/steps.rb',
    line: 4,
    testName: 'Subtracting'
  };

  it('reads the failing step above `Failing Scenarios:` (pretty formatter)', async () => {
    expect(plain(ruby.extract(await fixtureLines('cucumber.txt')))).toEqual([failure]);
    expect(await chunkOf('cucumber.txt')).toEqual([
      '    Then I get 1        # features/step_definitions/steps.rb:4',
      '      expected 1 but got 2 (RuntimeError)',
      "      ./features/step_definitions/steps.rb:4:in `/^I get (\\d+)$/'",
      "      features/math.feature:10:in `Then I get 1'"
    ]);
  });

  it('reads a message with blank lines in it, in both formatters', async () => {
    const multi = { ...failure, errorType: 'ArgumentError', message: 'totals differ\n\nexpected: 1\ngot: 2' };
    expect(plain(ruby.extract(await fixtureLines('cucumber-multiline.txt')))).toEqual([multi]);
    // The progress formatter: the `(::) failed steps (::)` block.
    expect(plain(ruby.extract(await fixtureLines('cucumber-progress.txt')))).toEqual([multi]);
    expect((await chunkOf('cucumber-progress.txt'))[0]).toBe('totals differ');
  });

  it('reads an RSpec expectation message (its class on a line of its own)', () => {
    const text = [
      '    Then the total is 3       # features/step_definitions/cart_steps.rb:12',
      '      ',
      '      expected: 3',
      '           got: 2',
      '      ',
      '      (compared using ==)',
      '       (RSpec::Expectations::ExpectationNotMetError)',
      "      ./features/step_definitions/cart_steps.rb:13:in `/^the total is (\\d+)$/'",
      "      features/cart.feature:9:in `Then the total is 3'",
      '',
      'Failing Scenarios:',
      'cucumber features/cart.feature:6 # Scenario: Totals',
      '',
      '1 scenario (1 failed)'
    ];
    const found = ruby.extract(normalizeText(text.join('\n')));
    expect(plain(found)).toEqual([
      {
        tool: 'cucumber',
        errorType: 'RSpec::Expectations::ExpectationNotMetError',
        message: 'expected: 3\ngot: 2\n\n(compared using ==)',
        file: './features/step_definitions/cart_steps.rb',
        line: 13,
        testName: 'Totals'
      }
    ]);
  });

  it('without an error block (an undefined step under --strict) the list itself is the report', () => {
    const text = [
      'Failing Scenarios:',
      'cucumber features/a.feature:3 # Scenario: Logs in',
      '',
      '1 scenario (1 failed)'
    ];
    expect(plain(ruby.extract(normalizeText(text.join('\n'))))).toEqual([
      {
        tool: 'cucumber',
        message: 'scenario failed',
        file: 'features/a.feature',
        line: 3,
        testName: 'Logs in'
      }
    ]);
  });

  it('a passing run is not read', () => {
    const text = ['2 scenarios (2 passed)', '6 steps (6 passed)', '0m0.010s'];
    expect(ruby.extract(normalizeText(text.join('\n')))).toEqual([]);
  });
});
