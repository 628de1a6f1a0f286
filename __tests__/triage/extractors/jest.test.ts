import { jest as jestExtractor } from '../../../src/triage/extractors/jest.js';
import { mocha } from '../../../src/triage/extractors/mocha.js';
import { normalizeText } from '../../../src/triage/normalize.js';
import { fixtureLines, plain } from '../logs.js';

describe('jest extractor', () => {
  it('reads `● Suite › test` blocks with the message above the code frame and the test file frame', async () => {
    expect(plain(jestExtractor.extract(await fixtureLines('jest.txt')))).toEqual([
      {
        tool: 'jest',
        message: 'expect(received).toBe(expected) // Object.is equality\n\nExpected: 3\nReceived: -1',
        file: 'sum.test.js',
        line: 5,
        testName: 'math › sum › adds two numbers'
      },
      {
        tool: 'jest',
        errorType: 'TypeError',
        message: "Cannot read properties of undefined (reading 'x')",
        file: 'sum.test.js',
        line: 10,
        testName: 'math › throws nicely'
      }
    ]);
  });

  it('reads vitest `FAIL file > suite > test` blocks', () => {
    const text = [
      ' FAIL  src/sum.test.ts > math > adds two numbers',
      'AssertionError: expected -1 to be 3 // Object.is equality',
      '',
      '- Expected',
      '+ Received',
      '',
      ' ❯ src/sum.test.ts:5:25',
      '',
      '⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯[1/1]⎯'
    ].join('\n');
    expect(plain(jestExtractor.extract(normalizeText(text)))).toEqual([
      {
        tool: 'vitest',
        errorType: 'AssertionError',
        message: 'expected -1 to be 3 // Object.is equality\n\n- Expected\n+ Received',
        file: 'src/sum.test.ts',
        line: 5,
        testName: 'math > adds two numbers'
      }
    ]);
  });
});

describe('mocha extractor', () => {
  it('joins the numbered title lines and reads the error under them (BugSwarm log)', async () => {
    const found = plain(mocha.extract(await fixtureLines('mocha.txt')));
    expect(found.map(f => f.testName)).toEqual(['Lookup should lookup seed', 'Lookup should fail resolve']);
    expect(found[0]).toMatchObject({
      errorType: 'Error',
      message: expect.stringMatching(/^Timeout of 10000ms exceeded/)
    });
    expect(found[1]).toMatchObject({
      errorType: 'AssertionError',
      message: expect.stringContaining('strictEqual')
    });
  });
});

describe('mocha extractor: titles', () => {
  it('reads a `#0`-style title and a hook failure (nodegit run, BugSwarm analyzer fixture 2284801118)', async () => {
    const found = mocha.extract(await fixtureLines('mocha-hash-title.txt'));
    // BugSwarm expects `Worker can kill worker thread while in use #0:` and `"after each" hook:`.
    expect(found.map(f => f.testName)).toEqual([
      'Worker can kill worker thread while in use #0',
      '"after each" hook'
    ]);
    expect(found[0]).toMatchObject({
      file: 'test/tests/worker.js',
      line: 81,
      message: 'Uncaught AssertionError [ERR_ASSERTION]: Failed'
    });
  });

  it("goes on past a suite title that ends with `:` when the next line is indented as mocha's next title line", () => {
    // Base.list: `  N) ` + the title path, one suite a line indented 5 + 2k; the message at 5.
    const lines = normalizeText(
      [
        '  2 failing',
        '',
        '  1) Worker:',
        '       #0:',
        '         can kill worker thread while in use:',
        '     AssertionError [ERR_ASSERTION]: Failed',
        '      at Worker.<anonymous> (test/tests/worker.js:81:22)',
        '',
        '  2) Suite title test title:',
        '     Error: old mocha writes the full title on one line',
        '      at Context.<anonymous> (test/a.js:3:9)',
        ''
      ].join('\n')
    );
    expect(mocha.extract(lines).map(f => [f.testName, f.message])).toEqual([
      ['Worker: #0: can kill worker thread while in use', 'Failed'],
      ['Suite title test title', 'old mocha writes the full title on one line']
    ]);
  });
});

describe('jest extractor: what is not a test', () => {
  it("does not take jest's configuration notices or a console call's output for a failed test", () => {
    const text = [
      '● Validation Warning:',
      '',
      '  Unknown option "testURL" with value "http://localhost/" was found.',
      '',
      'FAIL src/a.test.js',
      '  ● Console',
      '',
      '    console.error',
      '      ● Widget › renders: props.size is required',
      '',
      '      at printWarning (node_modules/react/cjs/react.development.js:12:5)',
      '',
      '  ● Widget › renders the size',
      '',
      '    expect(received).toBe(expected)',
      '',
      '      at Object.<anonymous> (src/a.test.js:5:20)',
      '',
      'Tests:       1 failed, 1 total'
    ].join('\n');
    const found = plain(jestExtractor.extract(normalizeText(text)));
    expect(found.map(f => f.testName)).toEqual(['Widget › renders the size']);
  });
});
