import { mkdir, symlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { applyEdits } from '../../src/repair/edits.js';
import {
  classMembers,
  findModules,
  moduleDefs,
  namesAt,
  parseModelOutput,
  pythonModel,
  type PyModel
} from '../../src/repair/fixers/python-ast.js';
import { MissingImportFixer } from '../../src/repair/fixers/missing-import.js';
import { PythonNameFixer } from '../../src/repair/fixers/python-name.js';
import type { FixerInput } from '../../src/repair/fixers/types.js';
import { createDockerSandbox, type Sandbox, type SandboxRunOptions } from '../../src/sandbox/index.js';
import { inImage } from './helpers/local-sandbox.js';
import { makeTree } from './helpers/tree.js';

const NONCE = 'n0nce';
const wrap = (doc: unknown): string =>
  `noise\n@@NW-PYAST-BEGIN ${NONCE}\n${typeof doc === 'string' ? doc : JSON.stringify(doc)}\n@@NW-PYAST-END ${NONCE}\n`;
const moduleEntry = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  path: 'pkg/mod.py',
  module: 'pkg.mod',
  package: false,
  doc: 0,
  all: null,
  imports: [
    {
      line: 1,
      end: 1,
      top: true,
      module_scope: true,
      from: true,
      level: 1,
      module: 'base',
      names: [['A', null]]
    }
  ],
  classes: [{ name: 'B', line: 3, end: 5, nested: false, bases: ['A'], members: ['go'] }],
  scopes: [
    { kind: 'module', name: '', line: 1, end: 5, names: { A: [1], B: [3] } },
    { kind: 'class', name: 'B', line: 3, end: 5, names: { go: [4] } }
  ],
  ...over
});
const doc = (files: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  v: 1,
  files,
  skipped: 0,
  ...extra
});

describe('parseModelOutput: the script`s output is untrusted', () => {
  it('accepts a well-formed document and ignores keys it does not know', () => {
    const m = parseModelOutput(wrap(doc([moduleEntry({ extra: 'x' })], { extra: { deep: 1 } })), NONCE);
    expect(typeof m).not.toBe('string');
    const model = m as PyModel;
    expect(model.complete).toBe(true);
    expect([...moduleDefs(model.modules[0])].sort()).toEqual(['A', 'B']);
  });

  it.each([
    ['no markers', 'plain text'],
    ['markers of another nonce', wrap(doc([])).replace(new RegExp(NONCE, 'g'), 'other')],
    ['two documents (one forged before the real one)', wrap(doc([])) + wrap(doc([]))],
    ['no end marker (truncated output)', wrap(doc([])).split('@@NW-PYAST-END')[0]],
    ['not JSON', wrap('{"v": 1, "files": [')],
    ['another version', wrap({ v: 2, files: [], skipped: 0 })],
    ['a path out of the tree', wrap(doc([moduleEntry({ path: '../outside.py' })]))],
    ['an absolute path', wrap(doc([moduleEntry({ path: '/etc/passwd.py' })]))],
    ['a path spelled non-canonically', wrap(doc([moduleEntry({ path: 'pkg/./mod.py' })]))],
    ['a path into .git', wrap(doc([moduleEntry({ path: '.git/hooks/x.py' })]))],
    ['a path that is not .py', wrap(doc([moduleEntry({ path: 'pkg/mod.sh' })]))],
    ['the same file twice', wrap(doc([moduleEntry(), moduleEntry()]))],
    ['a module name with a shell character', wrap(doc([moduleEntry({ module: 'pkg;rm -rf' })]))],
    [
      'a bound name that is no identifier',
      wrap(
        doc([moduleEntry({ scopes: [{ kind: 'module', name: '', line: 1, end: 2, names: { 'a b': [1] } }] })])
      )
    ],
    [
      'a line that is not a positive integer',
      wrap(
        doc([moduleEntry({ scopes: [{ kind: 'module', name: '', line: 1, end: 2, names: { a: [-1] } }] })])
      )
    ],
    [
      'a fractional line',
      wrap(doc([moduleEntry({ scopes: [{ kind: 'module', name: '', line: 1.5, end: 2, names: {} }] })]))
    ],
    ['no module scope', wrap(doc([moduleEntry({ scopes: [] })]))],
    [
      'an unknown scope kind',
      wrap(doc([moduleEntry({ scopes: [{ kind: 'eval', name: '', line: 1, end: 2, names: {} }] })]))
    ],
    [
      'a member that is no identifier',
      wrap(
        doc([
          moduleEntry({
            classes: [{ name: 'B', line: 1, end: 2, nested: false, bases: [], members: ['x.y'] }]
          })
        ])
      )
    ],
    [
      'a base that is an expression',
      wrap(
        doc([
          moduleEntry({
            classes: [{ name: 'B', line: 1, end: 2, nested: false, bases: ['f()'], members: [] }]
          })
        ])
      )
    ],
    [
      'a star import with an alias',
      wrap(
        doc([
          moduleEntry({
            imports: [
              {
                line: 1,
                end: 1,
                top: true,
                module_scope: true,
                from: true,
                level: 0,
                module: 'os',
                names: [['*', 'x']]
              }
            ]
          })
        ])
      )
    ],
    [
      'too many files',
      wrap(doc(Array.from({ length: 4001 }, (_, i) => moduleEntry({ path: `m${i}.py`, module: `m${i}` }))))
    ],
    ['a files field that is an object', wrap({ v: 1, files: { length: 1 }, skipped: 0 })],
    ['a document over the size cap', wrap(doc([moduleEntry({ pad: 'x'.repeat(8_100_000) })]))]
  ])('refuses %s, with a reason', (_what, output) => {
    const m = parseModelOutput(output, NONCE);
    expect(typeof m).toBe('string');
  });

  it('takes `__proto__` as a plain name, polluting nothing', () => {
    const text = wrap(doc([moduleEntry()])).replace('"A":[1]', '"__proto__":[1],"A":[1]');
    const model = parseModelOutput(text, NONCE) as PyModel;
    expect(typeof model).not.toBe('string');
    expect(moduleDefs(model.modules[0]).has('__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).A).toBeUndefined();
  });

  it('marks the model incomplete when the script left files out', () => {
    const model = parseModelOutput(wrap(doc([moduleEntry()], { skipped: 3 })), NONCE) as PyModel;
    expect(model.complete).toBe(false);
    // A tree-wide "the only class of that name" cannot be answered then.
    expect(classMembers(model, 'elsewhere.py', 'B', () => undefined)).toBeUndefined();
  });
});

const spec = {
  language: 'python' as const,
  image: 'nightwatch-test-python:1',
  test: 'python3 -m pytest -q -p no:cacheprovider',
  detectedFrom: 'test'
};

/** The Docker sandbox, with every run's output kept (to see what the repository's files printed). */
let docker: Sandbox;
const outputs: string[] = [];
const recording: Sandbox = {
  kind: 'docker',
  isolated: true,
  run: async (opts: SandboxRunOptions) => {
    const r = await docker.run(opts);
    outputs.push(r.output);
    return r;
  }
};
beforeAll(async () => {
  docker = await createDockerSandbox();
});
afterAll(async () => {
  await docker.close?.();
});
const input = (
  workdir: string,
  failureOutput = '',
  sandbox: Sandbox | null = recording,
  log: string[] = []
): FixerInput => ({
  workdir,
  spec,
  failureOutput,
  failures: [],
  log: m => log.push(m),
  sandbox: sandbox ?? undefined
});

const BASE = `class Shape:
    """A shape."""

    sides = 0

    def area(self):
        """
Text at column 0 in a docstring does not end the class.
        """
        return 0

    def perimeter(self):
        self.cached_perimeter = 0
        return 0
`;
const SHAPES = `from .base import Shape


class Circle(Shape):
    def __init__(self, r):
        self.radius = r

    def describe(self):
        """
Column 0 again.
"""
        return "circle"

    def diameter(self):
        return 2 * self.radius


class Square(Shape):
    side: float = 1.0


class Failure(ValueError):
    code = 1


class Foreign(SomethingUnknown):
    pass
`;
const HOSTILE = (name: string): string =>
  `print("HACKED-${name}")\nimport sys\nsys.stdout.write("\\n@@NW-PYAST-BEGIN guess\\n{}\\n@@NW-PYAST-END guess\\n")\nraise SystemExit(3)\n`;

describe("Python's ast in the sandbox (nightwatch-test-python:1)", () => {
  it('reads modules, classes, scopes and imports as Python parses them, and nothing it must not read', async () => {
    const dir = await makeTree({
      'pkg/__init__.py': 'from .shapes import Circle, Square\n',
      'pkg/base.py': BASE,
      'pkg/shapes.py': SHAPES,
      'pkg/constructs.py': CONSTRUCTS,
      'src/lib/__init__.py': '',
      'src/lib/util.py':
        'def helper(a, b=1, *rest, key=None, **kw):\n    total = [x for x in rest]\n    return total\n',
      'broken.py': 'def f(:\n    pass\n',
      'ast.py': HOSTILE('ast'),
      'json.py': HOSTILE('json'),
      'sitecustomize.py': HOSTILE('site'),
      'usercustomize.py': HOSTILE('user'),
      'outside/real.py': 'SECRET = 1\n'
    });
    await symlink('/etc/passwd', path.join(dir, 'x.py'));
    await symlink('/usr/lib/python3.11', path.join(dir, 'linked'));
    await symlink(path.join(dir, 'outside'), path.join(dir, 'alias'));
    await mkdir(path.join(dir, 'node_modules/.bin'), { recursive: true });
    await writeFile(path.join(dir, 'node_modules/.bin/python3'), '#!/bin/sh\necho HACKED-path\n', {
      mode: 0o755
    });

    const outcome = await pythonModel(input(dir));
    expect(outcome.kind).toBe('ast');
    const model = (outcome as { model: PyModel }).model;
    const paths = model.modules.map(m => m.path);
    expect(paths).toEqual([
      'ast.py',
      'broken.py',
      'json.py',
      'outside/real.py',
      'pkg/__init__.py',
      'pkg/base.py',
      'pkg/constructs.py',
      'pkg/shapes.py',
      'sitecustomize.py',
      'src/lib/__init__.py',
      'src/lib/util.py',
      'usercustomize.py'
    ]);
    // Links (to /etc/passwd, to the interpreter's library, to a directory of the tree) are not read.
    expect(paths.some(p => p === 'x.py' || p.startsWith('linked/') || p.startsWith('alias/'))).toBe(false);
    // The repository's ast.py, json.py, sitecustomize.py and python3 on PATH did not run.
    expect(outputs.join('\n')).not.toMatch(/HACKED/);
    expect(moduleDefs(model.byPath.get('ast.py')!).has('sys')).toBe(true);

    expect(model.byPath.get('broken.py')!.error?.line).toBe(1);
    expect(findModules(model, 'lib.util').map(m => m.path)).toEqual(['src/lib/util.py']);
    expect(model.byPath.get('pkg/__init__.py')!.module).toBe('pkg');
    expect(model.byPath.get('pkg/__init__.py')!.imports[0]).toMatchObject({
      from: true,
      level: 1,
      module: 'shapes',
      names: [{ name: 'Circle' }, { name: 'Square' }]
    });

    // The column-0 docstring text ends nothing: members after it, and the inherited ones.
    const known = (n: string): string[] | undefined => (n === 'ValueError' ? ['args'] : undefined);
    const circle = classMembers(model, 'pkg/__init__.py', 'Circle', known)!;
    expect(circle).toBeDefined();
    for (const m of ['radius', 'describe', 'diameter', 'area', 'perimeter', 'sides', 'cached_perimeter'])
      expect(circle.has(m)).toBe(true);
    expect(classMembers(model, 'pkg/shapes.py', 'Square', known)?.has('side')).toBe(true);
    expect([...(classMembers(model, 'pkg/shapes.py', 'Failure', known) ?? [])].sort()).toEqual([
      'args',
      'code'
    ]);
    expect(classMembers(model, 'pkg/shapes.py', 'Foreign', known)).toBeUndefined();

    // Every construct of the language: parsed and analysed, with the bindings Python makes.
    const c = model.byPath.get('pkg/constructs.py')!;
    expect(c.error).toBeUndefined();
    expect(model.complete).toBe(true);
    for (const n of [
      'osp',
      'sys',
      'sibling',
      'other',
      'fast',
      'exc',
      'FLAG',
      'fh',
      'gh',
      'i',
      'j',
      'k',
      'counter',
      'run',
      'Outer',
      'bump'
    ])
      expect(moduleDefs(c).has(n)).toBe(true);
    expect(moduleDefs(c).has('os')).toBe(false);
    expect(c.all).toEqual(['run', 'Outer', 'extra']);
    const runLine = CONSTRUCTS.split('\n').findIndex(l => l.startsWith('async def run')) + 1;
    const inRun = namesAt(c, runLine + 4)!;
    for (const n of [
      'a',
      'b',
      'c',
      'kw',
      'conn',
      'row',
      'n',
      'xv',
      'rest',
      'first',
      'others',
      'px',
      'total',
      'squares'
    ])
      expect(inRun.has(n)).toBe(true);
    expect(inRun.has('u')).toBe(false);
    const outer = c.classes.find(k => k.name === 'Outer')!;
    expect(outer.bases).toEqual(['Base']);
    for (const m of [
      'slot_a',
      'slot_b',
      'field',
      'value',
      'Inner',
      'helper',
      'prop',
      'a',
      'b',
      'c',
      'd',
      'e'
    ])
      expect(outer.members.has(m)).toBe(true);
    expect(outer.members.has('inner_only')).toBe(false);
    expect(outer.members.has('not_a_member')).toBe(false);
    expect(c.classes.find(k => k.name === 'Inner')).toMatchObject({ nested: true });

    // Names in scope: parameters, locals, the comprehension's variable on its line; not other functions'.
    const util = model.byPath.get('src/lib/util.py')!;
    const at2 = namesAt(util, 2)!;
    for (const n of ['a', 'b', 'rest', 'key', 'kw', 'total', 'x', 'helper', 'len'])
      expect(at2.has(n)).toBe(true);
    expect(namesAt(util, 3)!.has('x')).toBe(false);
    // A default or a base is evaluated outside: the header line does not see the body's names.
    expect(namesAt(util, 1)!.has('a')).toBe(false);
    expect(namesAt(model.byPath.get('pkg/shapes.py')!, 4)!.has('describe')).toBe(false);
    expect(namesAt(model.byPath.get('pkg/shapes.py')!, 8)!.has('describe')).toBe(true);
    const shapes = model.byPath.get('pkg/shapes.py')!;
    expect(namesAt(shapes, 15)!.has('r')).toBe(false);
    expect(namesAt(shapes, 6)!.has('r')).toBe(true);
  }, 120_000);
});

const CONSTRUCTS = `import os.path as osp, sys
from . import sibling
from ..up import thing as other
__all__ = ["run", "Outer"]
__all__ += ["extra"]
try:
    import fast
except ImportError as exc:
    fast = None
if sys.version_info > (3,):
    FLAG = True
with open(osp.devnull) as fh, open(osp.devnull) as (gh):
    pass
for i, (j, *k) in enumerate([]):
    pass
counter = 0


def bump():
    global counter
    counter += 1


@decorator(lambda q: q + 1)
async def run(a, /, b, *, c=[z for z in range(3)], **kw):
    async with ctx() as conn:
        async for row in conn:
            if (n := len(row)) > 2:
                yield n
    match kw:
        case {"x": xv, **rest}:
            pass
        case [first, *others]:
            pass
        case Point(x=px) | Point(y=px):
            pass
        case _:
            pass
    total = sum(w for w in range(n))
    squares = {u: u * u for u in range(3)}


class Outer(Base, metaclass=Meta):
    __slots__ = ("slot_a", "slot_b")
    field: int
    value = 1

    class Inner:
        def set(this):
            this.inner_only = 1

    def __init__(self):
        self.a, (self.b, self.c) = 1, (2, 3)
        self.d: int = 4
        for self.e in range(1):
            pass

    @staticmethod
    def helper(obj):
        obj.not_a_member = 1

    @property
    def prop(self):
        return self.a
`;

const VERSION = `class Version:
    def __init__(self, text):
        self.text = text

    def compare(self, other):
        """
Compare two versions.

:param other: the other version
        """
        return (self.text > other) - (self.text < other)

    @classmethod
    def parse(cls, text):
        return cls(text)

    @staticmethod
    def is_valid(text):
        return text.count(".") == 2
`;
const CLI = `from .version import Version


def check(text):
    if Version.isvalid(text):
        return None
    raise ValueError(text)
`;
const TEST = `from semverlike.cli import check


def test_check():
    assert check("1.2.3") is None
`;

describe('PythonNameFixer with the ast model (the python-semver docstring shape)', () => {
  it('heals a class attribute after a column-0 docstring, where the line scanner declines', async () => {
    const dir = await makeTree({
      'semverlike/__init__.py': '',
      'semverlike/version.py': VERSION,
      'semverlike/cli.py': CLI,
      'tests/test_cli.py': TEST
    });
    const before = await inImage(dir, spec.test);
    expect(before.out).toMatch(/type object 'Version' has no attribute 'isvalid'/);

    const scannerLog: string[] = [];
    const scanner = await new PythonNameFixer().propose(input(dir, before.out, null, scannerLog));
    expect(scanner).toBeNull();
    expect(scannerLog.join('\n')).toMatch(/line scanner \(no sandbox/);

    const results = [];
    for (let i = 0; i < 3; i++) results.push(await new PythonNameFixer().propose(input(dir, before.out)));
    const proposal = results[0];
    expect(proposal).not.toBeNull();
    expect(proposal!.edits).toEqual([
      {
        file: 'semverlike/cli.py',
        search: expect.stringContaining('Version.isvalid(text)'),
        replace: expect.stringContaining('Version.is_valid(text)')
      }
    ]);
    // Same input, same outcome.
    expect(results[1]).toEqual(proposal);
    expect(results[2]).toEqual(proposal);
    await applyEdits(dir, proposal!.edits);
    const after = await inImage(dir, spec.test);
    expect(after.code).toBe(0);
  }, 180_000);
});

describe('the other Python fixers with the ast model', () => {
  it('missing-import joins `from .shapes import Circle` with the dropped name, resolved through the package', async () => {
    const dir = await makeTree({
      'pkg/__init__.py': '',
      'pkg/shapes.py': 'class Circle:\n    pass\n\n\nclass Square:\n    pass\n',
      'pkg/use.py': 'from .shapes import Circle\n\n\ndef make():\n    return Circle(), Square()\n',
      'tests/test_use.py': 'from pkg.use import make\n\n\ndef test_make():\n    assert len(make()) == 2\n'
    });
    const before = await inImage(dir, spec.test);
    expect(before.out).toMatch(/NameError: name 'Square' is not defined/);
    const log: string[] = [];
    const proposal = await new MissingImportFixer().propose(input(dir, before.out, recording, log));
    expect(proposal?.edits).toEqual([
      {
        file: 'pkg/use.py',
        search: 'from .shapes import Circle\n',
        replace: 'from .shapes import Circle, Square\n'
      }
    ]);
    expect(log.join('\n')).not.toMatch(/line scanner/);
    await applyEdits(dir, proposal!.edits);
    expect((await inImage(dir, spec.test)).code).toBe(0);
  }, 120_000);

  it('missing-import declines when two imported modules define the name (a tie)', async () => {
    const dir = await makeTree({
      'pkg/__init__.py': '',
      'pkg/a.py': 'def helper():\n    return 1\n',
      'pkg/b.py': 'def helper():\n    return 2\n\n\ndef other():\n    return 3\n',
      'pkg/use.py':
        'from .a import helper as h\nfrom .b import other\n\n\ndef run():\n    return helper() + h() + other()\n',
      'tests/test_use.py': 'from pkg.use import run\n\n\ndef test_run():\n    assert run()\n'
    });
    const before = await inImage(dir, spec.test);
    expect(before.out).toMatch(/NameError: name 'helper' is not defined/);
    const log: string[] = [];
    expect(await new MissingImportFixer().propose(input(dir, before.out, recording, log))).toBeNull();
    expect(log.join('\n')).toMatch(/more than one module/);
  }, 120_000);

  it('falls back to the line scanner, and says so, when the image has no python3', async () => {
    const dir = await makeTree({
      'calc.py': 'def add(a, b):\n    total = a + b\n    return totl\n',
      'tests/test_calc.py': 'from calc import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n'
    });
    const before = await inImage(dir, spec.test);
    expect(before.out).toMatch(/NameError: name 'totl' is not defined/);
    const log: string[] = [];
    const noPython: FixerInput = {
      ...input(dir, before.out, recording, log),
      spec: { ...spec, image: 'nightwatch-test-node:1' }
    };
    const proposal = await new PythonNameFixer().propose(noPython);
    expect(log.join('\n')).toMatch(/line scanner \(no python3 in nightwatch-test-node:1\)/);
    expect(proposal?.summary).toMatch(/'totl' -> 'total'/);
  }, 120_000);
});
