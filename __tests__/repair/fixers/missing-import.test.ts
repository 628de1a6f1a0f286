import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { applyEdits } from '../../../src/repair/edits.js';
import { MissingImportFixer } from '../../../src/repair/fixers/missing-import.js';
import type { FixerInput } from '../../../src/repair/fixers/types.js';
import type { ProjectSpec } from '../../../src/sandbox/port.js';
import { inImage, sh } from '../helpers/local-sandbox.js';
import { makeTree } from '../helpers/tree.js';

const PYTEST = 'python3 -m pytest -q -p no:cacheprovider';
const pySpec: ProjectSpec = {
  language: 'python' as const,
  image: 'nightwatch-test-python:1',
  test: PYTEST,
  detectedFrom: 'test'
};
const TSC = path.resolve('node_modules/.bin/tsc');
const tsSpec: ProjectSpec = {
  language: 'node' as const,
  image: 'nightwatch-test-node:1',
  test: `${TSC} -p .`,
  detectedFrom: 'test'
};
const input = (workdir: string, failureOutput: string, spec = pySpec): FixerInput => ({
  workdir,
  spec,
  failureOutput,
  failures: [],
  log: () => undefined
});

describe('MissingImportFixer', () => {
  it('adds a standard-library import (module and name) after the existing imports', async () => {
    const dir = await makeTree({
      'shop/__init__.py': '',
      'shop/paths.py':
        '"""Paths."""\nimport sys\n\n\ndef sep():\n    return os.path.sep + str(len(sys.argv) >= 0)\n\n\ndef price():\n    return Decimal("1.50")\n',
      'tests/test_paths.py':
        'from shop.paths import sep, price\n\n\ndef test_sep():\n    assert sep() == "/True"\n\n\ndef test_price():\n    assert str(price()) == "1.50"\n'
    });
    let out = (await inImage(dir, PYTEST)).out;
    expect(out).toContain("NameError: name 'os' is not defined");
    const p1 = await new MissingImportFixer().propose(input(dir, out));
    expect(p1!.edits).toEqual([
      { file: 'shop/paths.py', search: 'import sys\n', replace: 'import sys\nimport os\n' }
    ]);
    await applyEdits(dir, p1!.edits);
    out = (await inImage(dir, PYTEST)).out;
    expect(out).toContain("NameError: name 'Decimal' is not defined");
    const p2 = await new MissingImportFixer().propose(input(dir, out));
    await applyEdits(dir, p2!.edits);
    expect(await readFile(path.join(dir, 'shop/paths.py'), 'utf8')).toMatch(
      /^"""Paths\."""\nimport sys\nimport os\nfrom decimal import Decimal\n/
    );
    expect((await inImage(dir, PYTEST)).code).toBe(0);
  });

  it('imports a name that exactly one module of the tree defines, by the dotted path the tree uses', async () => {
    const dir = await makeTree({
      'invoice/__init__.py': '',
      'invoice/money.py': 'def round_money(x):\n    return round(x, 2)\n',
      'invoice/cart.py':
        'from invoice import money\n\n\ndef subtotal(xs):\n    return round_money(sum(xs))\n',
      'tests/test_cart.py':
        'from invoice.cart import subtotal\n\n\ndef test_subtotal():\n    assert subtotal([1.111, 2]) == 3.11\n'
    });
    const out = (await inImage(dir, PYTEST)).out;
    const p = await new MissingImportFixer().propose(input(dir, out));
    expect(p!.edits[0].replace).toBe('from invoice import money\nfrom invoice.money import round_money\n');
    await applyEdits(dir, p!.edits);
    expect((await inImage(dir, PYTEST)).code).toBe(0);
  });

  it('does nothing when two modules define the name, or none does', async () => {
    const dir = await makeTree({
      'a.py': 'def helper():\n    return 1\n',
      'b.py': 'def helper():\n    return 2\n',
      'test_x.py':
        'def test_x():\n    assert helper() == 1\n\n\ndef test_y():\n    assert frobnicate() == 1\n'
    });
    const out = (await inImage(dir, PYTEST)).out;
    expect(out).toContain("name 'helper' is not defined");
    expect(await new MissingImportFixer().propose(input(dir, out))).toBeNull();
  });

  it("adds a TypeScript import (TS2304) in the file's own specifier style", async () => {
    const dir = await makeTree({
      'tsconfig.json': JSON.stringify({
        compilerOptions: {
          strict: true,
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          noEmit: true,
          types: []
        },
        include: ['src']
      }),
      'package.json': '{"type":"module"}',
      'src/money.ts':
        'export function cents(x: number): number {\n  return Math.round(x * 100);\n}\nexport interface Price {\n  cents: number;\n}\n',
      'src/other.ts': 'export const other = 1;\n',
      'src/cart.ts':
        "import { other } from './other.js';\n\nexport function total(xs: number[]): Price {\n  return { cents: cents(xs.reduce((a, b) => a + b, other)) };\n}\n"
    });
    let out = (await sh(dir, tsSpec.test)).out;
    expect(out).toContain("error TS2304: Cannot find name 'Price'.");
    expect(out).toContain("error TS2304: Cannot find name 'cents'.");
    for (let i = 0; i < 2 && /TS2304/.test(out); i++) {
      const p = await new MissingImportFixer().propose(input(dir, out, tsSpec));
      await applyEdits(dir, p!.edits);
      out = (await sh(dir, tsSpec.test)).out;
    }
    expect(out).toBe('');
    const cart = await readFile(path.join(dir, 'src/cart.ts'), 'utf8');
    expect(cart).toContain("import type { Price } from './money.js';");
    expect(cart).toContain("import { cents } from './money.js';");
  });
});
