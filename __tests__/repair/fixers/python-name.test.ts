import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { applyEdits } from '../../../src/repair/edits.js';
import { parsePythonErrors } from '../../../src/repair/fixers/python-errors.js';
import { PythonNameFixer } from '../../../src/repair/fixers/python-name.js';
import type { FixerInput } from '../../../src/repair/fixers/types.js';
import { inImage } from '../helpers/local-sandbox.js';
import { makeTree } from '../helpers/tree.js';

const spec = {
  language: 'python' as const,
  image: 'nightwatch-test-python:1',
  test: 'python3 -m pytest -q -p no:cacheprovider',
  detectedFrom: 'test'
};
const input = (workdir: string, failureOutput: string): FixerInput => ({
  workdir,
  spec,
  failureOutput,
  failures: [],
  log: () => undefined
});

const CALC = `class Box:
    def __init__(self, name):
        self.name = name


def add(a, b):
    total = a + b
    return totl


def label(box):
    return box.nme.upper()
`;
const TESTS = `from calc import add, label, Box


def test_add():
    assert add(1, 2) == 3


def test_label():
    assert label(Box("x")) == "X"


def test_local():
    value = 3
    assert valeu == 3
`;

describe('PythonNameFixer on real pytest output', () => {
  it('fixes NameError and AttributeError at the reported lines, in code and in the test where the error is', async () => {
    const dir = await makeTree({ 'calc.py': CALC, 'tests/test_calc.py': TESTS });
    const before = await inImage(dir, spec.test);
    expect(before.code).not.toBe(0);
    expect(before.out).toMatch(/calc\.py:8: NameError/);
    const proposal = await new PythonNameFixer().propose(input(dir, before.out));
    expect(proposal).not.toBeNull();
    expect(proposal!.summary).toContain("'totl' -> 'total'");
    expect(proposal!.summary).toContain("'nme' -> 'name'");
    expect(proposal!.summary).toContain("'valeu' -> 'value'");
    const applied = await applyEdits(dir, proposal!.edits);
    expect(applied.ok).toBe(true);
    const after = await inImage(dir, spec.test);
    expect(after.code).toBe(0);
    // Only the reported tokens changed.
    expect(await readFile(path.join(dir, 'calc.py'), 'utf8')).toBe(
      CALC.replace('return totl', 'return total').replace('box.nme', 'box.name')
    );
  });

  it("uses Python's own `Did you mean` from a plain traceback", async () => {
    const dir = await makeTree({
      'app.py':
        'import sys\n\n\ndef main(argv):\n    count = len(argv)\n    print(cuont)\n\n\nmain(sys.argv)\n'
    });
    const run = await inImage(dir, 'python3 app.py');
    expect(run.out).toContain("Did you mean: 'count'?");
    const [err] = parsePythonErrors(run.out);
    expect(err).toMatchObject({ errorType: 'NameError', line: 6, suggestion: 'count' });
    const proposal = await new PythonNameFixer().propose(input(dir, run.out));
    expect(proposal!.edits).toEqual([
      { file: 'app.py', search: '    print(cuont)\n', replace: '    print(count)\n' }
    ]);
  });

  it('does nothing when two names are equally close (ambiguous)', async () => {
    const dir = await makeTree({
      'm.py': 'def f():\n    bat = 1\n    hat = 2\n    return cat\n',
      'test_m.py': 'from m import f\n\n\ndef test_f():\n    assert f() == 1\n'
    });
    const run = await inImage(dir, spec.test);
    expect(run.out).toMatch(/m\.py:4: NameError/);
    expect(await new PythonNameFixer().propose(input(dir, run.out))).toBeNull();
  });

  it('does nothing when the name is not defined anywhere near', async () => {
    const dir = await makeTree({
      'm.py': 'def f(values):\n    return frobnicate(values)\n',
      'test_m.py': 'from m import f\n\n\ndef test_f():\n    assert f([1]) == 1\n'
    });
    const run = await inImage(dir, spec.test);
    expect(run.out).toMatch(/NameError: name 'frobnicate' is not defined/);
    expect(await new PythonNameFixer().propose(input(dir, run.out))).toBeNull();
  });

  it('does nothing when the token is not on the reported line any more', async () => {
    const dir = await makeTree({ 'calc.py': CALC, 'tests/test_calc.py': TESTS });
    const run = await inImage(dir, spec.test);
    // The tree moved on since the output was produced: line 8 no longer holds the token.
    await writeFile(path.join(dir, 'calc.py'), '# header\n' + CALC, 'utf8');
    await writeFile(path.join(dir, 'tests/test_calc.py'), '# header\n' + TESTS, 'utf8');
    expect(await new PythonNameFixer().propose(input(dir, run.out))).toBeNull();
  });

  it('does nothing for a frame outside the tree or a token only inside a string', async () => {
    const dir = await makeTree({
      'm.py': 'def f():\n    total = 1\n    return eval("totl")\n',
      'test_m.py': 'from m import f\n\n\ndef test_f():\n    assert f() == 1\n'
    });
    const run = await inImage(dir, spec.test);
    expect(run.out).toMatch(/NameError: name 'totl' is not defined/);
    expect(await new PythonNameFixer().propose(input(dir, run.out))).toBeNull();
  });
});
