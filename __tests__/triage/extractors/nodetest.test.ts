import { nodetest } from '../../../src/triage/extractors/nodetest.js';
import { fixtureLines, plain } from '../logs.js';

const expected = [
  {
    tool: 'node:test',
    errorType: 'AssertionError',
    message: 'Expected values to be strictly equal:\n\n2 !== 3',
    file: '/tmp/fx/nt/t.test.mjs',
    line: 4,
    testName: 'fails equality'
  },
  {
    tool: 'node:test',
    errorType: 'TypeError',
    message: "Cannot read properties of undefined (reading 'x')",
    file: '/tmp/fx/nt/t.test.mjs',
    line: 5,
    testName: 'throws typeerror'
  },
  {
    tool: 'node:test',
    errorType: 'AssertionError',
    message: 'nested message',
    file: '/tmp/fx/nt/t.test.mjs',
    line: 6,
    testName: 'nested fails'
  }
];

describe('node:test extractor', () => {
  it('reads the TAP reporter (`not ok N - name` and its YAML), skipping the failed suite', async () => {
    expect(plain(nodetest.extract(await fixtureLines('nodetest-tap.txt')))).toEqual(expected);
  });

  it('reads the spec reporter (`✖ name`), once per test despite the repeated summary', async () => {
    const found = plain(nodetest.extract(await fixtureLines('nodetest-spec.txt')));
    const unique = [...new Map(found.map(f => [JSON.stringify(f), f])).values()];
    expect(unique).toEqual(expected);
  });
});
