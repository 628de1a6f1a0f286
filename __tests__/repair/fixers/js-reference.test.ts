import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { applyEdits } from '../../../src/repair/edits.js';
import { JsReferenceFixer, parseJsReferences } from '../../../src/repair/fixers/js-reference.js';
import { loadCorpus } from '../corpus/measure.js';
import { inImage } from '../helpers/local-sandbox.js';
import { makeTree } from '../helpers/tree.js';

const NODE = 'nightwatch-test-node:1';

/** Runs main.js of the files in the Node image and gives its real output to the fixer. */
async function onRealOutput(main: string) {
  const dir = await makeTree({ 'package.json': '{"type":"module"}', 'main.js': main });
  const run = await inImage(dir, 'node main.js', NODE);
  expect(run.out).toMatch(/ReferenceError: \w+ is not defined/);
  const log: string[] = [];
  const proposal = await new JsReferenceFixer().propose({
    workdir: dir,
    spec: { language: 'node', image: NODE, test: 'node main.js', detectedFrom: 'test' },
    failureOutput: run.out,
    failures: [],
    log: m => log.push(m)
  });
  return { dir, proposal, log };
}

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

  it('fixes with a name in scope (a parameter); a string and a key of the same text stay', async () => {
    const main =
      "function count(items) {\n  return [itms.length, 'itms', { itms: 1 }.itms];\n}\nconsole.log(count([1]));\n";
    const { dir, proposal } = await onRealOutput(main);
    expect(proposal?.summary).toBe("main.js:2: 'itms' -> 'items' (ReferenceError)");
    expect((await applyEdits(dir, proposal!.edits)).ok).toBe(true);
    expect(await readFile(path.join(dir, 'main.js'), 'utf8')).toBe(main.replace('[itms.', '[items.'));
    const after = await inImage(dir, 'node main.js', NODE);
    expect(after).toEqual({ code: 0, out: "[ 1, 'itms', 1 ]\n" });
  });

  it('declines a name declared only out of scope (another function, a closed block): it would fail again', async () => {
    for (const main of [
      'function a() {\n  const total = 1;\n  return total;\n}\nfunction b() {\n  return totl;\n}\na();\nb();\n',
      'function f(x) {\n  if (x) {\n    let count = 1;\n  }\n  return cont;\n}\nf(1);\n'
    ]) {
      const { proposal } = await onRealOutput(main);
      expect(proposal).toBeNull();
    }
  });

  it('declines when an out-of-scope name is as close as the one in scope', async () => {
    const main =
      'function a() {\n  const valu = 1;\n  return valu;\n}\nfunction b(vals) {\n  return val;\n}\na();\nb([]);\n';
    const { proposal, log } = await onRealOutput(main);
    expect(proposal).toBeNull();
    expect(log.join('\n')).toMatch(/'valu' \(not in scope\) is as close/);
  });

  it('declines a shorthand property (renaming it would change the key)', async () => {
    const { proposal } = await onRealOutput('function f(items) {\n  return { itms };\n}\nf([]);\n');
    expect(proposal).toBeNull();
  });

  it('breaks a tie of nearest names by the one adjacent swap (hxe: hex, not hsl), as in d3-color', async () => {
    const main =
      'function hex(v) {\n  return v.toString(16);\n}\nfunction hsl(v) {\n  return v;\n}\n' +
      'function fmt(r) {\n  return `#${hxe(r)}${hsl(r)}`;\n}\nconsole.log(fmt(255));\n';
    const { dir, proposal } = await onRealOutput(main);
    expect(proposal?.summary).toBe("main.js:8: 'hxe' -> 'hex' (ReferenceError)");
    expect((await applyEdits(dir, proposal!.edits)).ok).toBe(true);
    expect(await inImage(dir, 'node main.js', NODE)).toEqual({ code: 0, out: '#ff255\n' });
  });

  it('declines a tie when no nearest name, or two, are a swap, or an out-of-scope name is a swap too', async () => {
    for (const main of [
      // hxe is as near to hsl as to hba: neither a swap.
      'function hsl(v) {\n  return v;\n}\nfunction hba(v) {\n  return v;\n}\nfunction f(r) {\n  return hxe(r);\n}\nf(1);\n',
      // abc -> bac and acb: two swaps.
      'function bac() {}\nfunction acb() {}\nfunction f() {\n  return abc();\n}\nf();\n',
      // hex is in scope, hsl ties; xhe (a swap) is declared only in another function.
      'function hex() {}\nfunction hsl() {}\nfunction g() {\n  const xhe = 1;\n  return xhe;\n}\nfunction f() {\n  return hxe();\n}\ng();\nf();\n'
    ]) {
      const { proposal } = await onRealOutput(main);
      expect(proposal).toBeNull();
    }
  });
});
