import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { applyEdits } from '../../../src/repair/edits.js';
import { parseTsSuggestions, TsSuggestionFixer } from '../../../src/repair/fixers/ts-suggestion.js';
import type { FixerInput } from '../../../src/repair/fixers/types.js';
import { sh } from '../helpers/local-sandbox.js';
import { makeTree } from '../helpers/tree.js';

const TSC = path.resolve('node_modules/.bin/tsc');
const spec = {
  language: 'node' as const,
  image: 'nightwatch-test-node:1',
  test: `${TSC} -p .`,
  detectedFrom: 'test'
};
const input = (workdir: string, failureOutput: string): FixerInput => ({
  workdir,
  spec,
  failureOutput,
  failures: [],
  log: () => undefined
});

const TSCONFIG = JSON.stringify({
  compilerOptions: {
    strict: true,
    target: 'ES2022',
    module: 'commonjs',
    noEmit: true,
    types: [],
    lib: ['ES2022', 'DOM']
  },
  include: ['src']
});
const MATH = `export function add(a: number, b: number): number {
  return a + b;
}
export const values = [1, 2, 3];
`;
const MAIN = `import { ad, values } from './math';
import { multiply } from './ops';

interface Person {
  name: string;
  age: number;
}

export function describe(p: Person): string {
  const total = values.lenght + multply(2, 3);
  cosnole.log(total);
  return p.name + ad(1, 2);
}
export const q: Person = { name: 'a', agee: 3 };
`;
const OPS = `export function multiply(a: number, b: number): number {
  return a * b;
}
export function multiplier(n: number): (x: number) => number {
  return (x) => x * n;
}
`;

describe('TsSuggestionFixer on real tsc output', () => {
  it('fixes every suggested name at its exact column (plain form) and the project compiles', async () => {
    const dir = await makeTree({
      'tsconfig.json': TSCONFIG,
      'src/math.ts': MATH,
      'src/main.ts': MAIN.replace('ad(1, 2)', 'add(1, 2)').replace('{ ad,', '{ add,'),
      'src/ops.ts': OPS
    });
    const before = await sh(dir, spec.test);
    expect(before.out).toContain(
      "error TS2551: Property 'lenght' does not exist on type 'number[]'. Did you mean 'length'?"
    );
    expect(before.out).toContain("error TS2552: Cannot find name 'cosnole'. Did you mean 'console'?");
    expect(before.out).toContain('error TS2561');
    const proposal = await new TsSuggestionFixer().propose(input(dir, before.out));
    expect(proposal).not.toBeNull();
    expect((await applyEdits(dir, proposal!.edits)).ok).toBe(true);
    const after = await sh(dir, spec.test);
    expect(after.out).toBe('');
    expect(after.code).toBe(0);
    const main = await readFile(path.join(dir, 'src/main.ts'), 'utf8');
    expect(main).toContain('values.length + multiply(2, 3)');
    expect(main).toContain('console.log(total)');
    expect(main).toContain('age: 3 }');
  });

  it('reads the pretty `file:line:col - error` form', async () => {
    const dir = await makeTree({
      'tsconfig.json': TSCONFIG,
      'src/math.ts': MATH,
      'src/main.ts': MAIN.replace('ad(1, 2)', 'add(1, 2)').replace('{ ad,', '{ add,'),
      'src/ops.ts': OPS
    });
    const before = await sh(dir, `${spec.test} --pretty`);
    expect(before.out).toContain('\u001b[');
    const items = parseTsSuggestions(before.out);
    expect(items.map(i => `${i.code}:${i.wrong}->${i.right}`).sort()).toEqual(
      [
        'TS2551:lenght->length',
        'TS2552:cosnole->console',
        'TS2552:multply->multiply',
        'TS2561:agee->age'
      ].sort()
    );
    const proposal = await new TsSuggestionFixer().propose(input(dir, before.out));
    expect(proposal!.edits.length).toBe(4);
  });

  it('leaves TS2724 (import of a misspelled export) to js-export: the import alone would leave the uses', async () => {
    const dir = await makeTree({
      'tsconfig.json': TSCONFIG,
      'src/ops.ts': OPS,
      'src/use.ts': "import { multiplyy } from './ops';\nexport const six = multiplyy(2, 3);\n"
    });
    const before = await sh(dir, spec.test);
    expect(before.out).toMatch(
      /error TS2724: '"\.\/ops"' has no exported member named 'multiplyy'\. Did you mean 'multiply'\?/
    );
    expect(parseTsSuggestions(before.out)).toEqual([]);
    expect(await new TsSuggestionFixer().propose(input(dir, before.out))).toBeNull();
  });

  it('does nothing without a suggestion (TS2339, TS2305) or when the column does not hold the token', async () => {
    const dir = await makeTree({
      'tsconfig.json': TSCONFIG,
      'src/math.ts': MATH,
      'src/main.ts': MAIN,
      'src/ops.ts': OPS
    });
    const before = await sh(dir, spec.test);
    expect(before.out).toContain('error TS2305');
    const none = await new TsSuggestionFixer().propose(
      input(
        dir,
        before.out
          .split('\n')
          .filter(l => !/Did you mean/.test(l))
          .join('\n')
      )
    );
    expect(none).toBeNull();
    // Shift every line by one column: the reported columns no longer hold the tokens.
    await writeFile(
      path.join(dir, 'src/main.ts'),
      MAIN.split('\n')
        .map(l => ` ${l}`)
        .join('\n'),
      'utf8'
    );
    expect(await new TsSuggestionFixer().propose(input(dir, before.out))).toBeNull();
  });

  it('does nothing for a file outside the tree', async () => {
    const dir = await makeTree({ 'src/a.ts': 'const x = 1;\n' });
    const out = "../elsewhere/src/a.ts(1,7): error TS2552: Cannot find name 'x'. Did you mean 'y'?\n";
    expect(await new TsSuggestionFixer().propose(input(dir, out))).toBeNull();
  });
});
