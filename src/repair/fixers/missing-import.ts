import * as path from 'node:path';
import type { Edit } from '../../types.js';
import {
  importBinding,
  importedOrigin,
  modelFor,
  moduleDefs,
  namesAt,
  originOf,
  resolveFrom,
  type PyImport,
  type PyModel,
  type PyModule
} from './python-ast.js';
import { osaDistance } from './near.js';
import { parsePythonErrors } from './python-errors.js';
import { isCodeColumn } from './python-name.js';
import { fromImports, moduleNames, namesInScope, type FromImport } from './python-scope.js';
import { PY_STDLIB_EXPORTS, PY_STDLIB_MODULE_NAMES, PY_STDLIB_SAME_NAME } from './python-stdlib.js';
import type { FixProposal, Fixer, FixerInput } from './types.js';
import {
  identifierPositions,
  importedModuleFile,
  lineEdit,
  listFiles,
  locateFile,
  minimalEdit,
  readSource
} from './util.js';

/** Standard-library modules commonly used under their own name (`os.path`, `json.dumps`). */
const PY_STDLIB_MODULES = new Set(
  (
    'abc argparse array ast asyncio base64 binascii bisect calendar cmath collections colorsys contextlib copy csv ' +
    'dataclasses decimal difflib enum errno fnmatch fractions functools gc getpass glob gzip hashlib heapq hmac html ' +
    'http importlib inspect io ipaddress itertools json keyword locale logging lzma math mimetypes numbers operator os ' +
    'pathlib pickle platform pprint queue random re sched secrets shlex shutil signal socket sqlite3 statistics string ' +
    'struct subprocess sys tarfile tempfile textwrap threading time timeit tomllib traceback types typing unicodedata ' +
    'unittest urllib uuid warnings weakref zipfile zlib atexit builtins codecs concurrent contextvars ctypes datetime ' +
    'email getopt gettext linecache marshal multiprocessing optparse reprlib select selectors ssl stat sysconfig ' +
    'token tokenize tracemalloc xml zoneinfo'
  ).split(' ')
);

/** Standard-library names imported from a module, where the name is unambiguous. */
const PY_STDLIB_NAMES: Record<string, string> = {
  Decimal: 'decimal',
  ROUND_HALF_UP: 'decimal',
  ROUND_HALF_EVEN: 'decimal',
  InvalidOperation: 'decimal',
  Fraction: 'fractions',
  Path: 'pathlib',
  PurePath: 'pathlib',
  dataclass: 'dataclasses',
  asdict: 'dataclasses',
  astuple: 'dataclasses',
  defaultdict: 'collections',
  Counter: 'collections',
  OrderedDict: 'collections',
  namedtuple: 'collections',
  deque: 'collections',
  partial: 'functools',
  reduce: 'functools',
  lru_cache: 'functools',
  wraps: 'functools',
  cached_property: 'functools',
  total_ordering: 'functools',
  Enum: 'enum',
  IntEnum: 'enum',
  auto: 'enum',
  ABC: 'abc',
  abstractmethod: 'abc',
  Optional: 'typing',
  Any: 'typing',
  Union: 'typing',
  Callable: 'typing',
  Iterable: 'typing',
  Iterator: 'typing',
  Sequence: 'typing',
  Mapping: 'typing',
  TypeVar: 'typing',
  Generic: 'typing',
  Protocol: 'typing',
  cast: 'typing',
  contextmanager: 'contextlib',
  suppress: 'contextlib',
  timedelta: 'datetime',
  timezone: 'datetime',
  deepcopy: 'copy',
  pprint: 'pprint',
  dedent: 'textwrap',
  sleep: 'time',
  perf_counter: 'time',
  mean: 'statistics',
  median: 'statistics',
  sqrt: 'math',
  floor: 'math',
  ceil: 'math',
  isclose: 'math',
  pi: 'math'
};

/** True when `module` is the standard-library module that defines `name` (as far as known). */
const isStdName = (module: string, name: string): boolean =>
  (Object.hasOwn(PY_STDLIB_NAMES, name) && PY_STDLIB_NAMES[name] === module) ||
  (Object.hasOwn(PY_STDLIB_EXPORTS, module) && PY_STDLIB_EXPORTS[module].includes(name));

/** A top-level `from` import of the model, in the scanner's shape. */
const asFromImport = (imp: PyImport): FromImport => ({
  start: imp.line - 1,
  end: imp.end - 1,
  level: imp.level,
  module: imp.module,
  names: imp.names
});

/**
 * `joinExistingImport` from Python's parse of the tree: the file's top-level `from` imports, each
 * module resolved as Python does (relative to the file's package, or by its dotted name), and the
 * name's origin followed through re-exports.
 */
function joinExistingImportAst(
  model: PyModel,
  file: string,
  content: string,
  name: string
): { edit: Edit; module: string } | 'ambiguous' | undefined {
  const mod = model.byPath.get(file);
  if (!mod || mod.error) return undefined;
  const found: { imp: FromImport; origin: string; isOrigin: boolean; reexport?: boolean }[] = [];
  for (const imp of mod.imports) {
    if (!imp.from || !imp.top || imp.names.some(n => n.name === '*')) continue;
    const target = resolveFrom(model, file, imp.level, imp.module);
    if (target === mod) continue;
    const origin = target
      ? importedOrigin(model, target, name, isStdName)
      : imp.level === 0 && isStdName(imp.module, name)
        ? `std:${imp.module}`
        : undefined;
    // A module the target imports (`import re` there) is no name to import from it: `import re`.
    if (!origin || origin.startsWith('module:')) continue;
    found.push({
      imp: asFromImport(imp),
      origin,
      // A package's own submodule (`from pkg import sub`) is taken from the package.
      isOrigin:
        origin === (target?.path ?? `std:${imp.module}`) ||
        (target !== undefined && isSubmoduleOf(origin, target, name)),
      reexport: target !== undefined && origin !== target.path && exportsOnPurpose(model, target, name)
    });
  }
  return joinChosen(file, content, name, found);
}

/** True when `origin` is package `pkg`'s own submodule `name` (as `importedOrigin` gives it). */
const isSubmoduleOf = (origin: string, pkg: PyModule, name: string): boolean => {
  const dir = `submodule:${pkg.path.slice(0, -'__init__.py'.length)}${name}`;
  return pkg.package && (origin === `${dir}.py` || origin === `${dir}/__init__.py`);
};

/**
 * True when module `m` re-exports `name` as part of its interface: its literal `__all__` lists it,
 * a package's `__init__` imports it by name, or a star import brings it from a module that lists
 * it in `__all__` or defines it there. Not when it only passes along a name that a starred module
 * imported for its own use (`wraps` reaching a package through `from .validators import *`).
 */
function exportsOnPurpose(model: PyModel, m: PyModule, name: string, depth = 0): boolean {
  if (m.all?.includes(name)) return true;
  if (depth > 4 || m.all) return false;
  if (moduleDefs(m).has(name)) return m.package && importBinding(m, name) !== undefined;
  for (const imp of m.imports) {
    if (!imp.from || !imp.moduleScope || !imp.names.some(n => n.name === '*')) continue;
    const t = resolveFrom(model, m.path, imp.level, imp.module);
    if (!t || t === m || t.error) continue;
    if (
      t.all
        ? t.all.includes(name)
        : !name.startsWith('_') && (ownDefinition(t, name) || exportsOnPurpose(model, t, name, depth + 1))
    )
      return true;
  }
  return false;
}

/** True when module `m` binds `name` itself (a def, class or assignment), not by an import. */
const ownDefinition = (m: PyModule, name: string): boolean =>
  moduleDefs(m).has(name) &&
  importBinding(m, name) === undefined &&
  !m.imports.some(
    i => !i.from && i.moduleScope && i.names.some(n => (n.as ?? n.name.split('.')[0]) === name)
  );

/**
 * Where `name`, bound at the top level of module file `file`, comes from: the file itself when it
 * defines it, the module it imports it from (followed through the tree, `std:m` for the standard
 * library); undefined when the module does not bind it, `?file` when it binds it from elsewhere unknown.
 */
async function nameOrigin(
  workdir: string,
  file: string,
  name: string,
  depth = 0
): Promise<string | undefined> {
  const source = await readSource(workdir, file);
  if (!moduleNames(source).has(name)) return undefined;
  const imp = fromImports(source).find(i => i.names.some(n => (n.as ?? n.name) === name));
  if (!imp) return file; // bound by a def, class or assignment (or `import name`): its own
  const original = imp.names.find(n => (n.as ?? n.name) === name)!.name;
  const target = await importedModuleFile(workdir, file, imp);
  // Bound, but from where is not known: an origin of its own, so that it never looks like another's.
  const unknown = `?${file}`;
  if (target)
    return depth < 4 && target !== file
      ? ((await nameOrigin(workdir, target, original, depth + 1)) ?? unknown)
      : unknown;
  const std =
    imp.level === 0 &&
    original === name &&
    (PY_STDLIB_NAMES[name] === imp.module || (PY_STDLIB_EXPORTS[imp.module]?.includes(name) ?? false));
  return std ? `std:${imp.module}` : unknown;
}

/**
 * The edit adding `name` to the one top-level `from M import …` of the file whose module defines
 * it (a module of the tree that binds it at its top level, or the standard-library module that
 * `PY_STDLIB_NAMES` names); 'ambiguous' when two such modules do, undefined when none does.
 */
async function joinExistingImport(
  workdir: string,
  file: string,
  content: string,
  name: string
): Promise<{ edit: Edit; module: string } | 'ambiguous' | undefined> {
  const imports = fromImports(content).filter(i => !i.names.some(n => n.name === '*'));
  // Each import's module, by where the name really comes from (a re-export is its origin's name).
  const found: { imp: FromImport; origin: string; isOrigin: boolean; reexport?: boolean }[] = [];
  for (const imp of imports) {
    const target = await importedModuleFile(workdir, file, imp);
    if (target === file) continue;
    const origin = target
      ? await nameOrigin(workdir, target, name)
      : imp.level === 0 &&
          (PY_STDLIB_NAMES[name] === imp.module || (PY_STDLIB_EXPORTS[imp.module]?.includes(name) ?? false))
        ? `std:${imp.module}`
        : undefined;
    if (origin) found.push({ imp, origin, isOrigin: origin === (target ?? `std:${imp.module}`) });
  }
  return joinChosen(file, content, name, found);
}

/** The edit joining `name` to the one import of its one origin among `found`. */
function joinChosen(
  file: string,
  content: string,
  name: string,
  found: { imp: FromImport; origin: string; isOrigin: boolean; reexport?: boolean }[]
): { edit: Edit; module: string } | 'ambiguous' | undefined {
  if (new Set(found.map(f => f.origin)).size > 1) return 'ambiguous';
  // One origin: join its own import when the file has one, else the one import that re-exports it.
  const own = found.filter(f => f.isOrigin);
  // Both its own module and a package or `__all__` that re-exports it on purpose: either could be
  // the line it was dropped from, and nothing tells which.
  if (own.length > 0 && found.some(f => !f.isOrigin && f.reexport)) return 'ambiguous';
  const pick = own.length > 0 ? own : found;
  const defining = [...new Map(pick.map(f => [`${f.imp.level}:${f.imp.module}`, f.imp])).values()];
  if (defining.length !== 1) return undefined;
  const imp = defining[0];
  const lines = content.split('\n');
  const stmt = lines.slice(imp.start, imp.end + 1);
  let newStmt: string[];
  if (imp.start === imp.end && !stmt[0].includes('(') && !stmt[0].includes('#')) {
    newStmt = [`${stmt[0].replace(/\s+$/, '')}, ${name}`];
  } else if (imp.end > imp.start && /^\s*\)/.test(stmt[stmt.length - 1])) {
    // One name per line, the closing parenthesis on its own line: a new line before it.
    const last = stmt[stmt.length - 2];
    const indent = /^\s*/.exec(last)?.[0] ?? '    ';
    const withComma = /,\s*(#.*)?$/.test(last) ? last : last.replace(/(\s*(#.*)?)$/, ',$1');
    newStmt = [...stmt.slice(0, -2), withComma, `${indent}${name},`, stmt[stmt.length - 1]];
  } else return undefined;
  const newContent = [...lines.slice(0, imp.start), ...newStmt, ...lines.slice(imp.end + 1)].join('\n');
  const edit = minimalEdit(file, content, newContent);
  return edit ? { edit, module: `${'.'.repeat(imp.level)}${imp.module}` } : undefined;
}

/** A test module (`test_x.py`, `x_test.py`, `conftest.py`, or under a `test`/`tests` directory). */
const isTestModule = (file: string): boolean =>
  /(^|\/)(test_[^/]*|[^/]*_test|conftest)\.py$/.test(file) || /(^|\/)(tests?|testing)\//.test(file);

/** Python: `import line` or undefined, for a name missing at a reported line. */
async function pythonImportFor(
  workdir: string,
  file: string,
  name: string,
  usedAsModule: boolean,
  scope: Set<string>,
  model?: PyModel
): Promise<string | undefined> {
  if (usedAsModule && (PY_STDLIB_MODULES.has(name) || PY_STDLIB_MODULE_NAMES.has(name)))
    return `import ${name}`;
  if (!usedAsModule && Object.hasOwn(PY_STDLIB_NAMES, name))
    return `from ${PY_STDLIB_NAMES[name]} import ${name}`;
  if (model) return pythonImportFromModel(workdir, model, file, name, usedAsModule, scope);
  // A name defined at the top level of exactly one module of the tree.
  const defining: string[] = [];
  const pyFiles = await listFiles(workdir, ['.py']);
  for (const f of pyFiles) {
    if (f === file) continue;
    if (moduleNames(await readSource(workdir, f)).has(name)) defining.push(f);
  }
  const defs = defining.filter(f => !/(^|\/)(test_[^/]*|[^/]*_test|conftest)\.py$/.test(f));
  if (defs.length !== 1) return undefined;
  const mod = await dottedModule(workdir, defs[0], pyFiles);
  return mod ? `from ${mod} import ${name}` : undefined;
}

/**
 * The import of `name` from Python's parse of the tree: where the modules that bind it take it
 * from (a name a module imports is its origin's, not its own), one origin or none. A test module
 * is no source for the library; a package's submodule is imported from the package when the name
 * is used as a module; a standard-library module (a bare use, `dir(builtins)`) is imported whole
 * unless it also has a member of its own name (`datetime`, `time`: either could be meant).
 */
async function pythonImportFromModel(
  workdir: string,
  model: PyModel,
  file: string,
  name: string,
  usedAsModule: boolean,
  scope: Set<string>
): Promise<string | undefined> {
  if (!model.complete) return undefined;
  const origins = new Set<string>();
  for (const m of model.modules) {
    if (m.path === file || m.error || (isTestModule(m.path) && !isTestModule(file))) continue;
    if (moduleDefs(m).has(name)) origins.add(originOf(model, m.path, name, isStdName) ?? `?${m.path}`);
    if (usedAsModule && m.package) {
      const sub = importedOrigin(model, m, name, isStdName);
      if (sub?.startsWith('submodule:')) origins.add(sub);
    }
  }
  if (
    origins.size === 0 &&
    !usedAsModule &&
    PY_STDLIB_MODULE_NAMES.has(name) &&
    !PY_STDLIB_SAME_NAME.has(name) &&
    // `len(string)` beside a local `strings`: a one-letter slip as likely as a missing import.
    ![...scope].some(n => n !== name && osaDistance(n, name) <= 1)
  )
    return `import ${name}`;
  if (origins.size !== 1) return undefined;
  const origin = [...origins][0];
  if (origin.startsWith('?')) return undefined;
  if (origin.startsWith('module:')) return origin === `module:${name}` ? `import ${name}` : undefined;
  if (origin.startsWith('std:')) return `from ${origin.slice(4)} import ${name}`;
  const sub = origin.startsWith('submodule:');
  const path = sub ? origin.slice('submodule:'.length) : origin;
  const defining = sub ? parentPackage(model, path) : model.byPath.get(path);
  if (!defining) return undefined;
  const mod =
    (await dottedModule(
      workdir,
      defining.path,
      model.modules.map(m => m.path),
      model
    )) ?? defining.module;
  return mod ? `from ${mod} import ${name}` : undefined;
}

/** The package (`__init__.py`) a module of the tree belongs to. */
function parentPackage(model: PyModel, path: string): PyModule | undefined {
  const dir = path.replace(/\/__init__\.py$/, '').replace(/\/[^/]*$/, '');
  return model.byPath.get(`${dir}/__init__.py`);
}

/**
 * The dotted name a module is imported by: its path from the source root that the tree's own
 * imports use (`invoice.money` for invoice/money.py, with or without a `src/` root).
 */
async function dottedModule(
  workdir: string,
  file: string,
  pyFiles: string[],
  model?: PyModel
): Promise<string | undefined> {
  const parts = file.replace(/\.py$/, '').split('/');
  if (parts[parts.length - 1] === '__init__') parts.pop();
  const tops = new Set<string>();
  // The first component of each absolute import of the tree, as Python parsed it.
  if (model)
    for (const m of model.modules)
      for (const imp of m.imports)
        if (imp.level === 0)
          for (const t of imp.from ? [imp.module] : imp.names.map(n => n.name)) tops.add(t.split('.')[0]);
  for (const f of model ? [] : pyFiles) {
    for (const l of (await readSource(workdir, f)).split('\n')) {
      const m = /^\s*(?:from|import)\s+([A-Za-z_]\w*)/.exec(l);
      if (m) tops.add(m[1]);
    }
  }
  for (let i = 0; i < parts.length; i++) {
    if (tops.has(parts[i]) && (i === 0 || parts[i - 1] === 'src' || parts[i - 1] === 'lib'))
      return parts.slice(i).join('.');
  }
  return parts.length === 1 ? parts[0] : undefined;
}

/** Index of the line after which a new import goes: after the last top-level import, else after the docstring. */
function pythonImportAnchor(lines: string[]): number {
  let last = -1;
  for (let i = 0; i < lines.length; i++) {
    if (/^(from\s+\S+\s+import\s|import\s)/.test(lines[i])) {
      last = i;
      if (lines[i].includes('(') && !lines[i].includes(')'))
        while (last + 1 < lines.length && !lines[last].includes(')')) last++;
    }
  }
  if (last >= 0) return last;
  let i = 0;
  while (i < lines.length && (lines[i].startsWith('#') || lines[i].trim() === '')) i++;
  const doc = /^[rbuRBU]?("""|''')/.exec(lines[i] ?? '');
  if (doc) {
    const q = doc[1];
    if (lines[i].indexOf(q, doc[0].length) >= 0) return i;
    for (let j = i + 1; j < lines.length; j++) if (lines[j].includes(q)) return j;
  }
  return i - 1;
}

/** The same from Python's parse: after the last top-level import, else after the module docstring. */
function importAnchorAst(mod: { imports: PyImport[]; doc: number }, lines: string[]): number {
  const last = Math.max(0, ...mod.imports.filter(i => i.top).map(i => i.end));
  if (last > 0) return last - 1;
  if (mod.doc > 0) return mod.doc - 1;
  let i = 0;
  while (i < lines.length && (lines[i].startsWith('#') || lines[i].trim() === '')) i++;
  return i - 1;
}

/** An edit inserting `text` as a new line after line index `anchor` (-1: at the top). */
function insertAfter(file: string, content: string, anchor: number, text: string): Edit | undefined {
  const lines = content.split('\n');
  if (anchor < 0) return lineEdit(file, content, 0, `${text}\n${lines[0]}${lines.length > 1 ? '\n' : ''}`);
  return lineEdit(file, content, anchor, `${lines[anchor]}\n${text}${anchor < lines.length - 1 ? '\n' : ''}`);
}

/** TypeScript: `Cannot find name 'X'` (TS2304) for a name one module of the tree exports. */
const TS_CANNOT_FIND =
  /^(.+?)(?:\((\d+),(\d+)\):|:(\d+):(\d+) -) error TS2304: Cannot find name '([\w$]+)'\.$/;

/**
 * A missing import of a name that the standard library (Python) or exactly one module of the tree
 * defines: NameError with no near-miss in scope, or TS2304. The import joins the file's imports.
 */
export class MissingImportFixer implements Fixer {
  readonly name = 'missing-import';

  async propose(input: FixerInput): Promise<FixProposal | null> {
    const edits: Edit[] = [];
    const summaries: string[] = [];
    const handled = new Set<string>();
    let source: { model?: PyModel; scanner: boolean } | undefined;
    for (const err of parsePythonErrors(input.failureOutput)) {
      const m = /^name '([A-Za-z_]\w*)' is not defined$/.exec(err.message);
      if (err.errorType !== 'NameError' || !m) continue;
      source ??= await modelFor(input, this.name);
      const model = source.model;
      if (!model && !source.scanner) break;
      const name = m[1];
      const file = await locateFile(input.workdir, err.file);
      if (!file || handled.has(`${file}:${name}`) || edits.some(e => e.file === file)) continue;
      const content = await readSource(input.workdir, file);
      const lines = content.split('\n');
      const line = lines[err.line - 1] ?? '';
      const at = identifierPositions(line, name).filter(
        p => !/\.\s*$/.test(line.slice(0, p)) && isCodeColumn(line, p)
      );
      if (at.length === 0) continue;
      // Python's own near miss is the name fixer's case; a name bound in the file is not a missing import.
      if (err.suggestion) continue;
      // A name bound in the file where the error is (its module level or an enclosing function) is
      // not a missing import; a local of another function is no binding here.
      const fileModel = model?.byPath.get(file);
      if (model && (!fileModel || fileModel.error)) continue;
      const scope = fileModel ? namesAt(fileModel, err.line) : namesInScope(content, err.line - 1);
      if (!scope || scope.has(name)) continue;
      const usedAsModule = new RegExp(`^\\s*\\.`).test(line.slice(at[0] + name.length));
      // `time.mktime(…)`: the standard-library module `time` has that member, so it is the module,
      // not `datetime.time` from an import the file already has.
      const attr = /^\s*\.\s*([A-Za-z_]\w*)/.exec(line.slice(at[0] + name.length))?.[1];
      const stdModule =
        attr !== undefined &&
        PY_STDLIB_MODULE_NAMES.has(name) &&
        Object.hasOwn(PY_STDLIB_EXPORTS, name) &&
        PY_STDLIB_EXPORTS[name].includes(attr);
      // A module the file already imports from that defines the name: the name joins that import.
      const joined = stdModule
        ? undefined
        : model
          ? joinExistingImportAst(model, file, content, name)
          : await joinExistingImport(input.workdir, file, content, name);
      if (joined === 'ambiguous') {
        input.log(`fixer ${this.name}: '${name}' is defined by more than one module ${file} imports from`);
        continue;
      }
      if (joined) {
        handled.add(`${file}:${name}`);
        edits.push(joined.edit);
        summaries.push(`${file}: import '${name}' from ${joined.module} too (NameError at line ${err.line})`);
        continue;
      }
      const imp =
        err.forgotImport === name && PY_STDLIB_MODULES.has(name)
          ? `import ${name}`
          : await pythonImportFor(input.workdir, file, name, usedAsModule, scope, model);
      if (!imp) {
        input.log(`fixer ${this.name}: no unambiguous definition of '${name}'`);
        continue;
      }
      const edit = insertAfter(
        file,
        content,
        fileModel ? importAnchorAst(fileModel, lines) : pythonImportAnchor(lines),
        imp
      );
      if (!edit) continue;
      handled.add(`${file}:${name}`);
      edits.push(edit);
      summaries.push(`${file}: add '${imp}' (NameError '${name}' at line ${err.line})`);
    }

    for (const raw of input.failureOutput.split(/\r?\n/)) {
      const m = TS_CANNOT_FIND.exec(raw.trim());
      if (!m) continue;
      const name = m[6];
      const file = await locateFile(input.workdir, m[1]);
      if (!file || handled.has(`${file}:${name}`) || edits.some(e => e.file === file)) continue;
      const edit = await this.tsImport(input.workdir, file, name);
      if (!edit) continue;
      handled.add(`${file}:${name}`);
      edits.push(edit.edit);
      summaries.push(edit.summary);
    }
    return edits.length > 0 ? { fixer: this.name, edits, summary: summaries.join('; ') } : null;
  }

  private async tsImport(
    workdir: string,
    file: string,
    name: string
  ): Promise<{ edit: Edit; summary: string } | undefined> {
    const content = await readSource(workdir, file);
    const exportRe = new RegExp(
      `^export\\s+(?:declare\\s+)?(?:default\\s+)?(?:(async\\s+function|function\\*?|const|let|var|class|abstract\\s+class|enum|const\\s+enum)|(interface|type))\\s+${name.replace(/\$/g, '\\$')}\\b`,
      'm'
    );
    const hits: { file: string; typeOnly: boolean }[] = [];
    for (const f of await listFiles(workdir, ['.ts', '.tsx', '.mts', '.cts'])) {
      if (f === file || /\.d\.ts$/.test(f) || /\.(test|spec)\.[cm]?tsx?$/.test(f)) continue;
      const m = exportRe.exec(await readSource(workdir, f));
      if (m && !/^export\s+(?:declare\s+)?default/.test(m[0]))
        hits.push({ file: f, typeOnly: Boolean(m[2]) });
    }
    if (hits.length !== 1) return undefined;
    const target = hits[0];
    // Follow the file's own style of relative specifiers (with `.js` or without an extension).
    const specs = [...content.matchAll(/from\s+['"](\.{1,2}\/[^'"]+)['"]/g)].map(m => m[1]);
    if (specs.length === 0) return undefined;
    const withJs = specs.every(s => /\.js$/.test(s));
    const without = specs.every(s => !/\.[cm]?[jt]sx?$/.test(s));
    if (!withJs && !without) return undefined;
    let rel = path.posix
      .relative(path.posix.dirname(file), target.file)
      .replace(/\.[cm]?tsx?$/, withJs ? '.js' : '');
    if (!rel.startsWith('.')) rel = `./${rel}`;
    const lines = content.split('\n');
    const quote = /from\s+(['"])/.exec(content)?.[1] ?? "'";
    const semi = /from\s+['"][^'"]+['"];/.test(content) ? ';' : '';
    // Join an existing single-line import of the same module when there is one.
    const same = lines.findIndex(l =>
      new RegExp(`^import\\s+(type\\s+)?\\{([^}]*)\\}\\s+from\\s+['"]${rel.replace(/\./g, '\\.')}['"]`).test(
        l
      )
    );
    if (same >= 0 && !(target.typeOnly === false && /^import\s+type\s/.test(lines[same]))) {
      const newLine = lines[same].replace(
        /\{([^}]*)\}/,
        (_m, inner: string) =>
          `{ ${[
            ...inner
              .split(',')
              .map(s => s.trim())
              .filter(Boolean),
            name
          ].join(', ')} }`
      );
      const edit = lineEdit(file, content, same, newLine + (same < lines.length - 1 ? '\n' : ''));
      return edit ? { edit, summary: `${file}: import '${name}' from ${rel}` } : undefined;
    }
    let anchor = -1;
    for (let i = 0; i < lines.length; i++)
      if (/^import\s/.test(lines[i]) && /from\s+['"][^'"]+['"];?\s*$/.test(lines[i])) anchor = i;
    const imp = `import ${target.typeOnly ? 'type ' : ''}{ ${name} } from ${quote}${rel}${quote}${semi}`;
    const edit = insertAfter(file, content, anchor, imp);
    return edit ? { edit, summary: `${file}: add '${imp}' (TS2304 '${name}')` } : undefined;
  }
}
