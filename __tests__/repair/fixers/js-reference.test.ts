import { jsDeclaredNames, jsIsCode, parseJsReferences } from '../../../src/repair/fixers/js-reference.js';
import { loadCorpus } from '../corpus/measure.js';

describe('JsReferenceFixer parsing (real Node 18 output recorded in the corpus)', () => {
  it('reads the node:test TAP form and the crash form', async () => {
    const cases = Object.fromEntries((await loadCorpus()).map(c => [c.id, c]));
    const [tap] = parseJsReferences(cases['js-reference-error'].output ?? '');
    expect(tap.name).toBe('summ');
    expect(tap.frames.slice(0, 2)).toEqual([
      { file: '/work/lib.js', line: 4 },
      { file: '/work/lib.test.js', line: 6 }
    ]);
    const crash = parseJsReferences(cases['js-crash-script'].output ?? '');
    expect(crash[0].name).toBe('itms');
    expect(crash[0].frames[0]).toEqual({ file: '/work/report.js', line: 2 });
  });

  it('jsIsCode: strings, template text and comments are not code; template fields are', () => {
    const line = 'f(`${summ} summ`, "summ") // summ';
    const cols = [...line.matchAll(/summ/g)].map(m => m.index ?? -1);
    expect(cols.map(c => jsIsCode(line, c))).toEqual([true, false, false, false]);
  });

  it('collects declared names: bindings, parameters, destructuring, imports', () => {
    const names = jsDeclaredNames(
      "import a, { b as c, d } from 'm';\nconst { e, f: g } = x;\nfunction h(i, j = 1) {}\nconst k = (l) => l;\n"
    );
    for (const n of ['a', 'c', 'd', 'e', 'g', 'h', 'i', 'j', 'k', 'l', 'console'])
      expect(names.has(n)).toBe(true);
  });
});
