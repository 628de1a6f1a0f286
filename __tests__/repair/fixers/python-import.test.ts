import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { applyEdits } from '../../../src/repair/edits.js';
import { PythonImportFixer } from '../../../src/repair/fixers/python-import.js';
import type { FixerInput } from '../../../src/repair/fixers/types.js';
import { inImage } from '../helpers/local-sandbox.js';
import { makeTree } from '../helpers/tree.js';

const TEST = 'python3 -m pytest -q -p no:cacheprovider';
const spec = {
  language: 'python' as const,
  image: 'nightwatch-test-python:1',
  test: TEST,
  detectedFrom: 'test'
};
const input = (workdir: string, failureOutput: string): FixerInput => ({
  workdir,
  spec,
  failureOutput,
  failures: [],
  log: () => undefined
});
const CALC = 'def add(a, b):\n    return a + b\n\n\ndef mul(a, b):\n    return a * b\n';

describe('PythonImportFixer on real pytest output', () => {
  it('renames a misspelled imported name at the import and at its uses in that file', async () => {
    const dir = await makeTree({
      'pkg/__init__.py': '',
      'pkg/calc.py': CALC,
      'tests/test_a.py':
        'from pkg.calc import ad, mul\n\n\ndef test_add():\n    assert ad(1, 2) == 3\n    assert "ad" != mul(1, 1)\n'
    });
    const before = await inImage(dir, TEST);
    expect(before.out).toContain("ImportError: cannot import name 'ad' from 'pkg.calc'");
    const p = await new PythonImportFixer().propose(input(dir, before.out));
    expect(p).not.toBeNull();
    expect((await applyEdits(dir, p!.edits)).ok).toBe(true);
    expect(await readFile(path.join(dir, 'tests/test_a.py'), 'utf8')).toBe(
      'from pkg.calc import add, mul\n\n\ndef test_add():\n    assert add(1, 2) == 3\n    assert "ad" != mul(1, 1)\n'
    );
    expect((await inImage(dir, TEST)).code).toBe(0);
  });

  it('fixes a misspelled module of the tree', async () => {
    const dir = await makeTree({
      'pkg/__init__.py': '',
      'pkg/calc.py': CALC,
      'tests/test_b.py': 'import pkg.calcc as c\n\n\ndef test_b():\n    assert c.add(1, 1) == 2\n'
    });
    const before = await inImage(dir, TEST);
    expect(before.out).toContain("ModuleNotFoundError: No module named 'pkg.calcc'");
    const p = await new PythonImportFixer().propose(input(dir, before.out));
    expect(p!.edits).toEqual([
      { file: 'tests/test_b.py', search: 'import pkg.calcc as c\n', replace: 'import pkg.calc as c\n' }
    ]);
  });

  it('does nothing for a missing third-party module or an ambiguous name', async () => {
    const dir = await makeTree({
      'pkg/__init__.py': '',
      'pkg/calc.py': 'def add_a(a):\n    return a\n\n\ndef add_b(b):\n    return b\n',
      'tests/test_c.py': 'import leftpadx\n\n\ndef test_c():\n    assert leftpadx\n',
      'tests/test_d.py': 'from pkg.calc import add_c\n\n\ndef test_d():\n    assert add_c(1) == 1\n'
    });
    const before = await inImage(dir, TEST);
    expect(before.out).toContain("No module named 'leftpadx'");
    expect(before.out).toContain("cannot import name 'add_c'");
    expect(await new PythonImportFixer().propose(input(dir, before.out))).toBeNull();
  });
});
