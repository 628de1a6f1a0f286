import { tsc } from '../../../src/triage/extractors/tsc.js';
import { fixtureLines, plain } from '../logs.js';

const expected = [
  {
    tool: 'tsc',
    errorType: 'TS2551',
    message: "Property 'lenght' does not exist on type 'string'. Did you mean 'length'?",
    file: 'src/a.ts',
    line: 2
  },
  {
    tool: 'tsc',
    errorType: 'TS2322',
    message: "Type 'number' is not assignable to type 'string'.",
    file: 'src/a.ts',
    line: 4
  }
];

describe('tsc extractor', () => {
  it('reads the plain `file(line,col): error TSnnnn:` form', async () => {
    expect(plain(tsc.extract(await fixtureLines('tsc.txt')))).toEqual(expected);
  });

  it('reads the pretty `file:line:col - error TSnnnn:` form, colours and all, with its code frame as evidence', async () => {
    const lines = await fixtureLines('tsc-pretty.txt');
    const found = tsc.extract(lines);
    expect(plain(found)).toEqual(expected);
    expect(found[0].end).toBeGreaterThan(found[0].start);
    expect(lines[found[0].end].text).not.toBe('');
  });
});
