/**
 * Jasmine, AVA and QUnit's TAP: fixtures are their real output (jasmine 5, ava 6, qunit 2 from npm)
 * on a tiny failing spec each; absolute paths renamed to a runner's work tree.
 */
import { frameworks } from '../../../src/triage/extractors/frameworks.js';
import { jsrunners } from '../../../src/triage/extractors/jsrunners.js';
import { nodetest } from '../../../src/triage/extractors/nodetest.js';
import { triageOutput } from '../../../src/triage/index.js';
import { normalizeText } from '../../../src/triage/normalize.js';
import { fixtureLines, plain } from '../logs.js';

async function chunkOf(name: string): Promise<string[]> {
  const text = (await fixtureLines(name)).map(l => l.text).join('\n') + '\n';
  return (await triageOutput(text)).chunk.text.split('\n');
}

const ROOT = '/home/runner/work/app/app';

describe('Jasmine', () => {
  it('reads `1) Suite spec` with its Message and the first frame of its Stack', async () => {
    const lines = await fixtureLines('jasmine.txt');
    const found = jsrunners.extract(lines);
    expect(plain(found)).toEqual([
      {
        tool: 'jasmine',
        errorType: 'TypeError',
        message: "Cannot read properties of null (reading 'x')",
        file: `${ROOT}/spec/math.spec.js`,
        line: 4,
        testName: 'Math throws'
      },
      {
        tool: 'jasmine',
        message: 'Expected 2 to be 1.',
        file: `${ROOT}/spec/math.spec.js`,
        line: 3,
        testName: 'Math subtracts'
      }
    ]);
    expect([lines[found[0].start].text, lines[found[0].end].text]).toEqual([
      '1) Math throws',
      '        at <Jasmine>'
    ]);
    expect((await chunkOf('jasmine.txt'))[0]).toBe('1) Math throws');
  });

  it('a passing run and an RSpec `Failures:` list are not Jasmine', () => {
    const pass = ['Started', '.', '', '', '1 spec, 0 failures', 'Finished in 0.004 seconds'];
    expect(jsrunners.extract(normalizeText(pass.join('\n')))).toEqual([]);
    const rspec = [
      'Failures:',
      '',
      '  1) Calculator adds two numbers',
      '     Failure/Error: expect(calc.add(1, 2)).to eq(3)',
      '',
      '1 example, 1 failure'
    ];
    expect(jsrunners.extract(normalizeText(rspec.join('\n')))).toEqual([]);
    expect(plain(frameworks.extract(normalizeText(rspec.join('\n'))))[0].tool).toBe('rspec');
  });
});

describe('AVA', () => {
  it('reads the first failure report under the rule: title, file:line, message (not the code)', async () => {
    const lines = await fixtureLines('ava.txt');
    const found = jsrunners.extract(lines);
    expect(plain(found)).toEqual([
      {
        tool: 'ava',
        message: 'three minus one\nDifference (- actual, + expected):\n- 2\n+ 1',
        file: 't/ava.test.mjs',
        line: 3,
        testName: 'subtracts'
      }
    ]);
    const chunk = await chunkOf('ava.txt');
    expect([chunk[0], chunk[chunk.length - 1]]).toEqual(['  subtracts', '  › file://t/ava.test.mjs:3:28']);
  });

  it('reads AVA 3, whose summary lines are `✖ title message`', async () => {
    expect(plain(jsrunners.extract(await fixtureLines('ava3.txt')))).toEqual([
      {
        tool: 'ava',
        message: 'three minus one\nDifference:\n- 2\n+ 1',
        file: 't/ava.test.js',
        line: 3,
        testName: 'subtracts'
      }
    ]);
  });

  it('a passing run (it draws the rule too) is not read', () => {
    const pass = ['', '  ✔ works', '  ─', '', '  1 test passed'];
    expect(jsrunners.extract(normalizeText(pass.join('\n')))).toEqual([]);
  });

  it('a report whose title is not the failed test is not read', () => {
    const text = ['  ✘ [fail]: subtracts oops', '  ─', '', '  something else', '', '  t/a.js:3'];
    expect(jsrunners.extract(normalizeText(text.join('\n')))).toEqual([]);
  });
});

describe('Karma', () => {
  // Karma 6's own progress and dots reporters (createReporters) fed a browser and two failed
  // specs as karma-jasmine reports them (no browser on the host).
  const subtracts = {
    tool: 'karma',
    message: 'Expected 2 to be 1.',
    file: 'src/app/math.service.spec.ts',
    line: 14,
    testName: 'MathService subtracts'
  };

  it('reads `Browser (OS) Suite spec FAILED` and its tab-indented log; a webpack URL names its source', async () => {
    for (const name of ['karma-progress.txt', 'karma-dots.txt']) {
      const lines = await fixtureLines(name);
      const found = jsrunners.extract(lines);
      expect(plain(found)).toEqual([
        subtracts,
        {
          tool: 'karma',
          errorType: 'TypeError',
          message: "Cannot read properties of null (reading 'x')",
          file: 'src/math.spec.js',
          line: 18,
          testName: 'MathService throws'
        }
      ]);
      expect(lines[found[0].start].text).toBe(
        'Chrome Headless 120.0.6099.109 (Linux x86_64) MathService subtracts FAILED'
      );
    }
    expect((await chunkOf('karma-progress.txt'))[0]).toBe(
      'Chrome Headless 120.0.6099.109 (Linux x86_64) MathService subtracts FAILED'
    );
  });

  it('a passing run, and a `FAILED` line with nothing indented under it, are not read', () => {
    const pass = [
      'HeadlessChrome 76.0.3809 (Linux 0.0.0): Executed 437 of 437 SUCCESS (4.704 secs / 4.169 secs)'
    ];
    expect(jsrunners.extract(normalizeText(pass.join('\n')))).toEqual([]);
    const other = ['Build (release) step FAILED', 'see the log above'];
    expect(jsrunners.extract(normalizeText(other.join('\n')))).toEqual([]);
  });
});

describe('QUnit TAP', () => {
  it('reads a died test: its `|+` message block and the frames in it', async () => {
    const found = nodetest.extract(await fixtureLines('qunit-tap.txt'));
    expect(plain(found)).toEqual([
      { tool: 'tap', message: 'three minus one', testName: 'Math > subtracts' },
      {
        tool: 'tap',
        message: 'Died on test #1: boom',
        file: `${ROOT}/t/qunit.js`,
        line: 4,
        testName: 'Math > throws'
      }
    ]);
  });

  it('reads testem (ember-cli): its YAML block closed at the indent of its `---`, the name without launcher and time', async () => {
    // testem's own TapReporter (testem 3) printing results shaped as its QUnit adapter sends them.
    const lines = await fixtureLines('testem-tap.txt');
    const found = nodetest.extract(lines);
    expect(plain(found)).toEqual([
      { tool: 'tap', message: 'totals are equal', testName: 'Unit | Service | cart: totals the items' },
      {
        tool: 'tap',
        message: "Died on test #1: Cannot read properties of undefined (reading 'x')",
        testName: 'Unit | Service | cart: empties'
      }
    ]);
    expect(lines[found[0].end].text).toBe('    ...');
  });
});
