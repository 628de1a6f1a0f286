/**
 * Perl Test::More / prove and bats: fixtures are their real output (Test::More 1.3, prove 3.44,
 * bats 1.8.2 on Debian), from a tiny failing test file each.
 */
import { nodetest } from '../../../src/triage/extractors/nodetest.js';
import { tap } from '../../../src/triage/extractors/tap.js';
import { triageOutput } from '../../../src/triage/index.js';
import { normalizeText } from '../../../src/triage/normalize.js';
import { fixtureLines, plain } from '../logs.js';

async function chunkOf(name: string): Promise<string[]> {
  const { readFileSync } = await import('node:fs');
  const text = readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
  return (await triageOutput(text)).chunk.text.split('\n');
}

const onePlusOne = {
  tool: 'test-more',
  message: "got: '2'\nexpected: '3'",
  file: 't/math.t',
  line: 4,
  testName: 'one plus one'
};

describe('Test::More', () => {
  it('reads `not ok` with the `#   Failed test` diagnostics under it (perl t/x.t)', async () => {
    const lines = await fixtureLines('test-more.txt');
    const found = tap.extract(lines);
    expect(plain(found)).toEqual([
      onePlusOne,
      {
        tool: 'test-more',
        message: "Structures begin differing at:\n$got->[1] = '2'\n$expected->[1] = '3'",
        file: 't/math.t',
        line: 5,
        testName: 'lists match'
      },
      {
        tool: 'test-more',
        message: "'hello'\ndoesn't match '(?^:bye)'",
        file: 't/math.t',
        line: 6,
        testName: 'greets'
      }
    ]);
    expect([lines[found[0].start].text, lines[found[0].end].text]).toEqual([
      'not ok 2 - one plus one',
      "#     expected: '3'"
    ]);
  });

  it('reads prove: the diagnostics without their `not ok` lines, and a script that died', async () => {
    const lines = await fixtureLines('prove.txt');
    const found = tap.extract(lines);
    expect(plain(found).slice(0, 2)).toEqual([
      { tool: 'test-more', message: 'cannot open config: No such file' },
      onePlusOne
    ]);
    expect(lines[found[1].start].text).toBe("#   Failed test 'one plus one'");
    expect(found).toHaveLength(4);
  });

  it('takes a death message prove printed after its progress dots (a terminal)', async () => {
    const lines = await fixtureLines('prove-tty.txt');
    expect(plain(tap.extract(lines))).toEqual([
      {
        tool: 'test-more',
        message: 'Connection error: Connect timeout at t2/https.t line 2.',
        file: 't2/https.t',
        line: 2
      }
    ]);
    expect(await chunkOf('prove-tty.txt')).toEqual([
      't2/https.t .. Connection error: Connect timeout at t2/https.t line 2.',
      '# Looks like your test exited with 255 before it could output anything.'
    ]);
  });

  it('makes one failure of a test whose diagnostics prove -v printed apart from its `not ok`', async () => {
    const t = await triageOutput(
      (await fixtureLines('prove-verbose.txt')).map(l => l.text).join('\n') + '\n'
    );
    expect(t.failures.map(f => f.testName)).toEqual(['one plus one', 'lists match', 'greets']);
    expect(t.failures[0]).toEqual(onePlusOne);
  });

  it('the chunk is the first failed test and its diagnostics', async () => {
    const chunk = await chunkOf('test-more.txt');
    expect(chunk.slice(0, 5)).toEqual([
      'not ok 2 - one plus one',
      "#   Failed test 'one plus one'",
      '#   at t/math.t line 4.',
      "#          got: '2'",
      "#     expected: '3'"
    ]);
  });

  it('a failed TODO test and a passing prove run are no failures', () => {
    const todo = [
      '1..2',
      'ok 1 - works',
      'not ok 2 - later # TODO not done',
      "#   Failed (TODO) test 'later'",
      '#   at t/todo.t line 3.',
      "#          got: '1'",
      "#     expected: '2'",
      't/ok.t .... ok',
      't/todo.t .. ok',
      'All tests successful.',
      'Result: PASS'
    ];
    expect(tap.extract(normalizeText(todo.join('\n')))).toEqual([]);
    expect(nodetest.extract(normalizeText(todo.join('\n')))).toEqual([]);
  });

  it('an unnamed failure and the old `(file at line N)` form', () => {
    const found = tap.extract(
      normalizeText(
        [
          'not ok 1',
          '#   Failed test at t/a.t line 9.',
          'not ok 2',
          '#     Failed test (t/b.t at line 3)',
          "#          got: 'x'"
        ].join('\n')
      )
    );
    expect(plain(found).map(f => [f.file, f.line, f.message])).toEqual([
      ['t/a.t', 9, 'failed'],
      ['t/b.t', 3, "got: 'x'"]
    ]);
  });

  it('a `# Looks like` line with only TAP above it is no death', () => {
    const text = ['ok 1 - a', '# Looks like your test exited with 255 just after 1.'].join('\n');
    expect(tap.extract(normalizeText(text))).toEqual([]);
  });
});

describe('bats', () => {
  const subtraction = {
    tool: 'bats',
    message: '`[ "$result" -eq 1 ]\' failed',
    file: 'test/x.bats',
    line: 7,
    testName: 'subtraction works'
  };

  it('reads TAP `not ok N name` with `# (in test file …, line N)`', async () => {
    const lines = await fixtureLines('bats.txt');
    const found = tap.extract(lines);
    expect(plain(found)).toEqual([
      subtraction,
      { ...subtraction, message: '`[ "$status" -eq 0 ]\' failed', line: 12, testName: 'runs a command' }
    ]);
    expect(await chunkOf('bats.txt')).toEqual(
      expect.arrayContaining(['not ok 2 subtraction works', '# (in test file test/x.bats, line 7)'])
    );
    expect((await chunkOf('bats.txt'))[0]).toBe('not ok 2 subtraction works');
  });

  it('reads the pretty formatter, its progress line run into the `✗` verdict', async () => {
    const found = tap.extract(await fixtureLines('bats-pretty.txt'));
    expect(plain(found)[0]).toEqual(subtraction);
    expect(found).toHaveLength(2);
  });

  it('a helper function frame above the test file line', () => {
    const found = tap.extract(
      normalizeText(
        [
          'not ok 1 compares',
          "# (from function `assert_equal' in file test/helper/assert.bash, line 40,",
          '#  in test file test/x.bats, line 3)',
          "#   `assert_equal 1 2' failed",
          '# expected: 1'
        ].join('\n')
      )
    );
    expect(plain(found)).toEqual([
      {
        tool: 'bats',
        message: "`assert_equal 1 2' failed\nexpected: 1",
        file: 'test/x.bats',
        line: 3,
        testName: 'compares'
      }
    ]);
  });

  it('a passing run and a `#` comment that is no bats location are not read', () => {
    expect(tap.extract(normalizeText(['1..1', 'ok 1 addition works'].join('\n')))).toEqual([]);
    const other = ['not ok 1 x', '# subtest comment', '# (in test file but not really)'];
    expect(tap.extract(normalizeText(other.join('\n')))).toEqual([]);
  });
});
