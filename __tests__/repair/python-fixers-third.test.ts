/**
 * The Python fixers on the shapes the third round of real projects had (pyflakes, tomlkit): a
 * package's submodule imported by name, a name a test helper imports, a standard-library module
 * deleted from the imports, a three-letter name of `typing` swapped, and a base class defined
 * under `if TYPE_CHECKING: … else: …`. Each case runs the tests in nightwatch-test-python:1 and
 * gives the fixer their real output.
 */
import { MissingImportFixer } from '../../src/repair/fixers/missing-import.js';
import { PythonImportFixer } from '../../src/repair/fixers/python-import.js';
import { PythonNameFixer } from '../../src/repair/fixers/python-name.js';
import { useHealInImage } from './helpers/python-heal.js';

const heal = useHealInImage();

/** A package with a submodule `checker` and a test helper (not a test file) that imports it. */
const FPKG = {
  'fpkg/__init__.py': "__version__ = '1.0'\n",
  'fpkg/checker.py': 'class Checker:\n    def run(self):\n        return 1\n',
  'fpkg/test/__init__.py': '',
  'fpkg/test/harness.py': 'from fpkg import checker\n\n\ndef make():\n    return checker.Checker()\n',
  'tests/test_api.py': 'from fpkg.api import check\n\n\ndef test_check():\n    assert check() == 1\n'
};

describe('missing-import: where a name really comes from', () => {
  it("joins `from pkg import …` for the package's submodule, not a test helper that imports it", async () => {
    // pyflakes: `checker` dropped from `from pyflakes import checker, __version__`; the only module
    // binding `checker` was pyflakes/test/harness.py, and the fixer imported it from there.
    const r = await heal(
      new MissingImportFixer(),
      {
        ...FPKG,
        'fpkg/api.py': 'from fpkg import __version__\n\n\ndef check():\n    return checker.Checker().run()\n'
      },
      "NameError: name 'checker' is not defined",
      'fpkg/api.py'
    );
    expect(r).toMatchObject({
      text: 'from fpkg import __version__, checker\n\n\ndef check():\n    return checker.Checker().run()\n',
      code: 0
    });
  }, 180_000);

  it('imports the submodule from its package when the file imports nothing from it', async () => {
    const r = await heal(
      new MissingImportFixer(),
      { ...FPKG, 'fpkg/api.py': 'import os\n\n\ndef check():\n    return checker.Checker().run()\n' },
      "NameError: name 'checker' is not defined",
      'fpkg/api.py'
    );
    expect(r).toMatchObject({
      text: 'import os\nfrom fpkg import checker\n\n\ndef check():\n    return checker.Checker().run()\n',
      code: 0
    });
  }, 180_000);

  it('imports a name from the module that defines it, however many siblings import it from there', async () => {
    const r = await heal(
      new MissingImportFixer(),
      {
        ...FPKG,
        'fpkg/util.py': 'from fpkg.checker import Checker\n\n\ndef fresh():\n    return Checker()\n',
        'fpkg/api.py': 'import os\n\n\ndef check():\n    return Checker().run()\n'
      },
      "NameError: name 'Checker' is not defined",
      'fpkg/api.py'
    );
    expect(r).toMatchObject({
      text: 'import os\nfrom fpkg.checker import Checker\n\n\ndef check():\n    return Checker().run()\n',
      code: 0
    });
  }, 180_000);

  it('takes no import for the library from a module under a tests directory', async () => {
    const log: string[] = [];
    const r = await heal(
      new MissingImportFixer(),
      {
        'lib/__init__.py': '',
        'lib/core.py': 'def double(x):\n    return helper(x) * 2\n',
        'tests/__init__.py': '',
        'tests/helpers.py': 'def helper(x):\n    return x\n',
        'tests/test_core.py':
          'from lib.core import double\nfrom tests.helpers import helper\n\n\ndef test_double():\n    assert double(2) == helper(4)\n'
      },
      "NameError: name 'helper' is not defined",
      'lib/core.py',
      log
    );
    expect(r).toBeNull();
    expect(log.join('\n')).toMatch(/no unambiguous definition of 'helper'/);
  }, 180_000);
});

describe('a deleted `import` of a standard-library module', () => {
  const BUILTINS = {
    'bpkg/__init__.py': '',
    'bpkg/names.py':
      'class Builtin:\n    pass\n\n\nbuiltin_vars = dir(builtins)\n\n\ndef known(name):\n    return name in builtin_vars\n',
    'tests/test_names.py': "from bpkg.names import known\n\n\ndef test_known():\n    assert known('len')\n"
  };

  it('is a missing `import builtins`, not a misspelling of the class `Builtin`', async () => {
    const r = await heal(
      new PythonNameFixer(),
      BUILTINS,
      "NameError: name 'builtins' is not defined",
      'bpkg/names.py'
    );
    expect(r).toBeNull();
    const m = await heal(
      new MissingImportFixer(),
      BUILTINS,
      "NameError: name 'builtins' is not defined",
      'bpkg/names.py'
    );
    expect(m).toMatchObject({ text: `import builtins\n${BUILTINS['bpkg/names.py']}`, code: 0 });
  }, 180_000);

  it('adds `import doctest` for a module used by its attributes, from the full list of the standard library', async () => {
    const r = await heal(
      new MissingImportFixer(),
      {
        'dpkg/__init__.py': '',
        'dpkg/doc.py': '"""Docs."""\n\n\ndef parser():\n    return doctest.DocTestParser()\n',
        'tests/test_doc.py': 'from dpkg.doc import parser\n\n\ndef test_parser():\n    assert parser()\n'
      },
      "NameError: name 'doctest' is not defined",
      'dpkg/doc.py'
    );
    expect(r).toMatchObject({
      text: '"""Docs."""\nimport doctest\n\n\ndef parser():\n    return doctest.DocTestParser()\n',
      code: 0
    });
  }, 180_000);

  it('adds `import time` for `time.timezone`, not `time` from the `from datetime import …` the file has', async () => {
    // isodate: `import time` deleted; `datetime.time` is a class, with no `timezone`.
    const r = await heal(
      new MissingImportFixer(),
      {
        'zpkg/__init__.py': '',
        'zpkg/tz.py':
          'from datetime import datetime, timedelta\n\nOFFSET = timedelta(seconds=-time.timezone)\n\n\ndef now():\n    return datetime.now() + OFFSET\n',
        'tests/test_tz.py': 'from zpkg.tz import now\n\n\ndef test_now():\n    assert now()\n'
      },
      "NameError: name 'time' is not defined",
      'zpkg/tz.py'
    );
    expect(r).toMatchObject({
      text: 'from datetime import datetime, timedelta\nimport time\n\nOFFSET = timedelta(seconds=-time.timezone)\n\n\ndef now():\n    return datetime.now() + OFFSET\n',
      code: 0
    });
  }, 180_000);

  it('declines a bare `datetime`: the module and its class of the same name are both candidates', async () => {
    const log: string[] = [];
    const r = await heal(
      new MissingImportFixer(),
      {
        'tpkg/__init__.py': '',
        'tpkg/t.py': 'def is_dt(x):\n    return isinstance(x, datetime)\n',
        'tests/test_t.py': 'from tpkg.t import is_dt\n\n\ndef test_dt():\n    assert not is_dt(1)\n'
      },
      "NameError: name 'datetime' is not defined",
      'tpkg/t.py',
      log
    );
    expect(r).toBeNull();
  }, 180_000);
});

describe('a bare standard-library module name beside a name one letter off', () => {
  it('adds no `import string` for `len(string)` when a local `strings` is in scope', async () => {
    const log: string[] = [];
    const r = await heal(
      new MissingImportFixer(),
      {
        'npkg/__init__.py': '',
        'npkg/n.py': "def count():\n    strings = ['a', 'b']\n    return len(string)\n",
        'tests/test_n.py': 'from npkg.n import count\n\n\ndef test_count():\n    assert count() == 2\n'
      },
      "NameError: name 'string' is not defined",
      'npkg/n.py',
      log
    );
    expect(r).toBeNull();
  }, 180_000);
});

describe('python-import: a name of the standard library swapped', () => {
  it("fixes `from typing import Ayn` (a three-letter swap; typing's names are all known)", async () => {
    const r = await heal(
      new PythonImportFixer(),
      {
        'spkg/__init__.py': '',
        'spkg/source.py': 'from typing import Ayn\n\n\ndef ident(x: Any) -> Any:\n    return x\n',
        'tests/test_s.py': 'from spkg.source import ident\n\n\ndef test_i():\n    assert ident(3) == 3\n'
      },
      "ImportError: cannot import name 'Ayn' from 'typing'",
      'spkg/source.py'
    );
    expect(r).toMatchObject({
      text: 'from typing import Any\n\n\ndef ident(x: Any) -> Any:\n    return x\n',
      code: 0
    });
  }, 180_000);
});

describe('python-name: a base class defined under `if TYPE_CHECKING: … else: …`', () => {
  it('reads the branch that runs (tomlkit `_CustomDict`) and fixes the member', async () => {
    const r = await heal(
      new PythonNameFixer(),
      {
        'kpkg/__init__.py': '',
        'kpkg/_types.py':
          'from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from builtins import dict as _CustomDict\nelse:\n    from collections.abc import MutableMapping\n\n    class _CustomDict(MutableMapping, dict):\n        pass\n',
        'kpkg/container.py':
          'from kpkg._types import _CustomDict\n\n\nclass Container(_CustomDict):\n    def __init__(self):\n        self._map = {}\n\n    def add(self, k):\n        self._mp[k] = 1\n        return self._map\n',
        'tests/test_c.py':
          "from kpkg.container import Container\n\n\ndef test_add():\n    assert Container().add('a') == {'a': 1}\n"
      },
      "AttributeError: 'Container' object has no attribute '_mp'",
      'kpkg/container.py'
    );
    expect(r).toMatchObject({ text: expect.stringContaining('        self._map[k] = 1\n'), code: 0 });
  }, 180_000);
});
