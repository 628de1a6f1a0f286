import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { applyEdits } from '../../../src/repair/edits.js';
import { MissingImportFixer } from '../../../src/repair/fixers/missing-import.js';
import { PythonImportFixer, renameImportedModule } from '../../../src/repair/fixers/python-import.js';
import { PythonNameFixer } from '../../../src/repair/fixers/python-name.js';
import type { Fixer, FixerInput } from '../../../src/repair/fixers/types.js';
import { inImage } from '../helpers/local-sandbox.js';
import { makeTree } from '../helpers/tree.js';

/** Fixers that know the project: its package's modules, its classes' members, its imports. */
const TEST = 'python3 -m pytest -q -p no:cacheprovider';
const input = (workdir: string, failureOutput: string): FixerInput => ({
  workdir,
  spec: { language: 'python', image: 'nightwatch-test-python:1', test: TEST, detectedFrom: 'test' },
  failureOutput,
  failures: [],
  log: () => undefined
});

/** Runs the tests, the fixer on their real output, applies its edits; the file after, and the new run. */
async function heal(
  fixer: Fixer,
  files: Record<string, string>,
  expectError: string,
  file: string
): Promise<{ text: string; code: number } | null> {
  const dir = await makeTree(files);
  const before = await inImage(dir, TEST);
  expect(before.out).toContain(expectError);
  const p = await fixer.propose(input(dir, before.out));
  if (!p) return null;
  expect((await applyEdits(dir, p.edits)).ok).toBe(true);
  return { text: await readFile(path.join(dir, file), 'utf8'), code: (await inImage(dir, TEST)).code };
}

const STORE = {
  'store/__init__.py': 'from .table import Table\n',
  'store/model.py': 'def row(**kw):\n    return dict(kw)\n',
  'store/utils.py': 'def freeze(x):\n    return tuple(x)\n\n\ndef thaw(x):\n    return list(x)\n'
};

describe('fixers that resolve names in the project', () => {
  it('fixes a misspelled module of the same package in a relative import', async () => {
    const r = await heal(
      new PythonImportFixer(),
      {
        ...STORE,
        'store/table.py':
          'from .modle import row\n\n\nclass Table:\n    def get(self):\n        return row(a=1)\n',
        'tests/test_t.py':
          'from store import Table\n\n\ndef test_get():\n    assert Table().get() == {"a": 1}\n'
      },
      "ModuleNotFoundError: No module named 'store.modle'",
      'store/table.py'
    );
    expect(r).toEqual({ text: expect.stringMatching(/^from \.model import row\n/) as unknown, code: 0 });
  });

  it('renames only the module a relative import names, and only when its tail is the missing one', () => {
    expect(renameImportedModule('from .modle import x', 'pkg.modle', 'pkg.model')).toBe(
      'from .model import x'
    );
    expect(renameImportedModule('from ..sub.modle import x', 'pkg.sub.modle', 'pkg.sub.model')).toBe(
      'from ..sub.model import x'
    );
    expect(renameImportedModule('from .other import x', 'pkg.modle', 'pkg.model')).toBeUndefined();
    expect(renameImportedModule('from . import modle', 'pkg.modle', 'pkg.model')).toBeUndefined();
  });

  it("fixes a misspelled method of the project's own class with typing and collections.abc bases", async () => {
    const r = await heal(
      new PythonNameFixer(),
      {
        'cache.py':
          'from collections.abc import MutableMapping\nfrom typing import Generic, TypeVar\n\nK = TypeVar("K")\nV = TypeVar("V")\n\n\nclass Cache(MutableMapping, Generic[K, V]):\n    def __init__(self):\n        self.data = {}\n\n    def __getitem__(self, k):\n        return self.data[k]\n\n    def __setitem__(self, k, v):\n        self.data[k] = v\n\n    def __delitem__(self, k):\n        del self.data[k]\n\n    def __iter__(self):\n        return iter(self.data)\n\n    def __len__(self):\n        return len(self.data)\n\n    def total(self):\n        return sum(self.vaules())\n',
        'tests/test_c.py':
          'from cache import Cache\n\n\ndef test_total():\n    c = Cache()\n    c["a"] = 2\n    assert c.total() == 2\n',
        'pyproject.toml': '[tool.pytest.ini_options]\npythonpath = ["."]\n'
      },
      "AttributeError: 'Cache' object has no attribute 'vaules'",
      'cache.py'
    );
    expect(r?.code).toBe(0);
    expect(r?.text).toContain('return sum(self.values())\n');
  });

  it('declines when the class inherits from a base whose members it cannot know', async () => {
    const r = await heal(
      new PythonNameFixer(),
      {
        'dec.py':
          'import json\n\n\nclass Dec(json.JSONDecoder):\n    def parse(self, s):\n        return self.decod(s)\n\n    def decade(self):\n        return 10\n',
        'tests/test_d.py': 'from dec import Dec\n\n\ndef test_parse():\n    assert Dec().parse("1") == 1\n',
        'pyproject.toml': '[tool.pytest.ini_options]\npythonpath = ["."]\n'
      },
      "AttributeError: 'Dec' object has no attribute 'decod'",
      'dec.py'
    );
    // `decode` is JSONDecoder's; the class's own nearest member (`decade`) would be a wrong fix.
    expect(r).toBeNull();
  });

  it('adds a missing name to the import of the module that defines it (one line and parenthesized)', async () => {
    const fixer = new MissingImportFixer();
    const one = await heal(
      fixer,
      {
        ...STORE,
        'store/table.py':
          'from .utils import freeze\n\n\nclass Table:\n    def get(self):\n        return thaw(freeze([1]))\n',
        'tests/test_t.py': 'from store import Table\n\n\ndef test_get():\n    assert Table().get() == [1]\n'
      },
      "NameError: name 'thaw' is not defined",
      'store/table.py'
    );
    expect(one).toEqual({
      text: expect.stringMatching(/^from \.utils import freeze, thaw\n\n\nclass/) as unknown,
      code: 0
    });
    const paren = await heal(
      fixer,
      {
        ...STORE,
        'store/table.py':
          'from store.utils import (\n    freeze,\n)\n\n\nclass Table:\n    def get(self):\n        return thaw(freeze([1]))\n',
        'tests/test_t.py': 'from store import Table\n\n\ndef test_get():\n    assert Table().get() == [1]\n'
      },
      "NameError: name 'thaw' is not defined",
      'store/table.py'
    );
    expect(paren?.text).toMatch(/^from store\.utils import \(\n {4}freeze,\n {4}thaw,\n\)\n/);
    expect(paren?.code).toBe(0);
  });

  it('declines when two modules the file imports from define the name, and leaves the typo fixer out', async () => {
    const files = {
      ...STORE,
      'store/other.py': 'def thaw(x):\n    return set(x)\n\n\ndef keep():\n    return 1\n',
      'store/table.py':
        'from .utils import freeze\nfrom .other import keep\n\nthew = 0\n\n\nclass Table:\n    def get(self):\n        return thaw(freeze([keep()]))\n',
      'tests/test_t.py': 'from store import Table\n\n\ndef test_get():\n    assert Table().get() == [1]\n'
    };
    expect(
      await heal(new MissingImportFixer(), files, "NameError: name 'thaw' is not defined", 'store/table.py')
    ).toBeNull();
    // `thaw` is no typo of a name in scope: the name fixer must not rename it (to `thaw`'s neighbour).
    expect(
      await heal(new PythonNameFixer(), files, "NameError: name 'thaw' is not defined", 'store/table.py')
    ).toBeNull();
  });

  it('imports a name a function of the file uses as its own local elsewhere', async () => {
    const r = await heal(
      new MissingImportFixer(),
      {
        ...STORE,
        'store/table.py':
          'from .utils import freeze\n\n\ndef other(thaw=1):\n    return thaw\n\n\nclass Table:\n    def get(self):\n        return thaw(freeze([1]))\n',
        'tests/test_t.py': 'from store import Table\n\n\ndef test_get():\n    assert Table().get() == [1]\n'
      },
      "NameError: name 'thaw' is not defined",
      'store/table.py'
    );
    expect(r?.text).toMatch(/^from \.utils import freeze, thaw\n/);
    expect(r?.code).toBe(0);
  });

  it('fixes a misspelled submodule imported from its package, in a circular import', async () => {
    const r = await heal(
      new PythonImportFixer(),
      {
        'pkg/__init__.py': 'from pkg import lexer\n',
        'pkg/tokens.py': 'NAME = "name"\n',
        'pkg/lexer.py': 'from pkg import tokns\n\n\ndef kind():\n    return tokens.NAME\n',
        'tests/test_l.py': 'from pkg import lexer\n\n\ndef test_kind():\n    assert lexer.kind() == "name"\n'
      },
      "cannot import name 'tokns' from partially initialized module 'pkg'",
      'pkg/lexer.py'
    );
    expect(r).toEqual({ text: expect.stringMatching(/^from pkg import tokens\n/) as unknown, code: 0 });
  });

  it('finds the class the file imports, when another class of that name is elsewhere', async () => {
    const r = await heal(
      new PythonNameFixer(),
      {
        'pkg/__init__.py': '',
        'pkg/version.py':
          'class Version:\n    @classmethod\n    def is_valid(cls, s):\n        return True\n',
        'pkg/cli.py': 'from .version import Version\n\n\ndef check(s):\n    return Version.i_svalid(s)\n',
        'tests/test_cli.py':
          'from pkg.cli import check\n\n\nclass Version:\n    is_vaild = False\n\n\ndef test_check():\n    assert check("1")\n'
      },
      "AttributeError: type object 'Version' has no attribute 'i_svalid'",
      'pkg/cli.py'
    );
    expect(r).toEqual({ text: expect.stringContaining('return Version.is_valid(s)\n') as unknown, code: 0 });
  });

  it('gives the same proposal for the same input, every time', async () => {
    const dir = await makeTree({
      ...STORE,
      'store/table.py':
        'from .utils import freeze\nfrom .modle import row\n\n\nclass Table:\n    def get(self):\n        return thaw(freeze([row()]))\n',
      'tests/test_t.py': 'from store import Table\n\n\ndef test_get():\n    assert Table().get() == [{}]\n'
    });
    const out = (await inImage(dir, TEST)).out;
    for (const fixer of [new PythonImportFixer(), new MissingImportFixer(), new PythonNameFixer()]) {
      const runs = [];
      for (let i = 0; i < 5; i++) runs.push(JSON.stringify(await fixer.propose(input(dir, out))));
      expect(new Set(runs).size).toBe(1);
    }
  });
});
