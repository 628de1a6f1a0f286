/**
 * The Python fixers on the shapes the fourth round of real projects had (tomli, pycparser): a method
 * of a compiled pattern misspelled (`'re.Pattern' object has no attribute 'matc'`), and a name in a
 * method's annotation as near to a class of the module as to a builtin (`-> Cord`: `Coord` or
 * `ord`). Each case runs the tests in nightwatch-test-python:1 and gives the fixer their real output.
 */
import { PythonNameFixer } from '../../src/repair/fixers/python-name.js';
import { loadProjects } from './corpus/real/real.js';
import { useHealInImage } from './helpers/python-heal.js';

const heal = useHealInImage();

it('keeps every project issue 12 sets aside out of the real-project corpus', async () => {
  const kept = /more.?itertools|boltons|toolz|cachetools|glom/i;
  for (const p of await loadProjects()) {
    expect(p.name).not.toMatch(kept);
    expect(p.repo).not.toMatch(kept);
  }
});

const TEST_SCAN = 'from scan import first\n\n\ndef test_first():\n    assert first("ab12") == "12"\n';

describe("python-name: a C type's attribute (`'re.Pattern' object`)", () => {
  it('takes the one near method of a compiled pattern', async () => {
    // tomli: `RE_DATETIME.match(src, pos)` misspelled `matc`; Python 3.11 under pytest gives no hint.
    const r = await heal(
      new PythonNameFixer(),
      {
        'scan.py':
          'import re\n\nRE_NUM = re.compile(r"[0-9]+")\n\n\ndef first(s):\n    return RE_NUM.serch(s).group()\n',
        'test_scan.py': TEST_SCAN
      },
      "AttributeError: 're.Pattern' object has no attribute 'serch'",
      'scan.py'
    );
    expect(r).toMatchObject({
      text: 'import re\n\nRE_NUM = re.compile(r"[0-9]+")\n\n\ndef first(s):\n    return RE_NUM.search(s).group()\n',
      code: 0
    });
  }, 180_000);

  it("never reads `'re.Match' object` as the project's own class `Match`", async () => {
    // The project's class of the same last name has a member one edit off: it is not the type the
    // error names (Python prints a class of Python code by its bare name), so it is no candidate.
    const r = await heal(
      new PythonNameFixer(),
      {
        'scan.py':
          'import re\n\n\nclass Match:\n    def grup(self):\n        return "x"\n\n\n' +
          'def first(s):\n    return re.search(r"[0-9]+", s).gruop(0)\n',
        'test_scan.py': TEST_SCAN
      },
      "AttributeError: 're.Match' object has no attribute 'gruop'",
      'scan.py'
    );
    expect(r).toMatchObject({
      text:
        'import re\n\n\nclass Match:\n    def grup(self):\n        return "x"\n\n\n' +
        'def first(s):\n    return re.search(r"[0-9]+", s).group(0)\n',
      code: 0
    });
  }, 180_000);

  it('declines a dotted type whose members are not known', async () => {
    const r = await heal(
      new PythonNameFixer(),
      {
        'scan.py':
          'import io\n\n\nclass StringIO:\n    def getval(self):\n        return "12"\n\n\n' +
          'def first(s):\n    return io.StringIO(s[2:]).getvalu()\n',
        'test_scan.py': TEST_SCAN
      },
      "AttributeError: '_io.StringIO' object has no attribute 'getvalu'",
      'scan.py'
    );
    expect(r).toBeNull();
  }, 180_000);
});

/** pycparser's shape: a class of the module named in a method's annotation, evaluated at class definition. */
const parser = (annotation: string, extra = ''): Record<string, string> => ({
  'cparse.py':
    `class Coord:\n    def __init__(self, line):\n        self.line = line\n\n${extra}\n` +
    `class Parser:\n    def coord(self, line: int) -> ${annotation}:\n        return Coord(line)\n`,
  'test_cparse.py':
    'from cparse import Parser\n\n\ndef test_coord():\n    assert Parser().coord(3).line == 3\n'
});

describe('python-name: a name as near to a name of the module as to a builtin', () => {
  it("takes the module's name, as Python looks it up before the builtins (`Cord`: `Coord`, not `ord`)", async () => {
    const r = await heal(
      new PythonNameFixer(),
      parser('Cord'),
      "NameError: name 'Cord' is not defined",
      'cparse.py'
    );
    expect(r).toMatchObject({ text: parser('Coord')['cparse.py'], code: 0 });
  }, 180_000);

  it('declines when two names of the module are as near', async () => {
    const extra = 'class Cords:\n    pass\n\n';
    const r = await heal(
      new PythonNameFixer(),
      parser('Cord', extra),
      "NameError: name 'Cord' is not defined",
      'cparse.py'
    );
    expect(r).toBeNull();
  }, 180_000);

  it('leaves a name the standard library exports to missing-import (`islice`: not `islicer` over `slice`)', async () => {
    // `from itertools import chain, islice` lost `islice`: a missing import, though a function of
    // the module (`islicer`) is as near as the builtin `slice`.
    const r = await heal(
      new PythonNameFixer(),
      {
        'cut.py':
          'from itertools import chain\n\n\ndef islicer(xs):\n    return list(chain(xs))\n\n\n' +
          'def head(xs):\n    return list(islice(xs, 2))\n',
        'test_cut.py': 'from cut import head\n\n\ndef test_head():\n    assert head([1, 2, 3]) == [1, 2]\n'
      },
      "NameError: name 'islice' is not defined",
      'cut.py'
    );
    expect(r).toBeNull();
  }, 180_000);
});
