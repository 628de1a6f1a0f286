/**
 * Python's own parse of the project, for the Python fixers: one run of Python's `ast` in the
 * sandbox (the interpreter that raised the error, where the project's code runs; nothing from npm)
 * prints the package's module tree, each module's definitions, imports, classes (bases, members)
 * and scopes as JSON. Nothing of the project is imported or executed: `python3 -I -S` (no cwd or
 * script directory on sys.path, no site, no PYTHON* variables) reads the files with `ast.parse`.
 * Its output is untrusted (the image's python and the repository are the attacker's): it is read
 * with a size cap and a strict shape, and anything else makes the model unavailable.
 */
import { createHash, randomBytes } from 'node:crypto';
import { normalizeRelative } from '../../fs/index.js';
import { PY_AST_SCRIPT } from './python-ast-script.js';
import { PY_BUILTINS } from './python-scope.js';
import type { FixerInput } from './types.js';
import { listFiles, readSource } from './util.js';

/** Limits of what is accepted from the script (its own caps are lower). */
const MAX_OUTPUT_CHARS = 8_000_000;
const MAX_FILES = 4000;
const MAX_PER_FILE = 50_000;
const MAX_LINES_PER_NAME = 50;
const MAX_LINE = 10_000_000;
const RUN_TIMEOUT_MS = 120_000;

// Python's identifiers (PEP 3131): a letter or `_`, then letters, digits, marks, connectors; not
// spaces, dots, quotes, controls, bidi overrides or the zero-width joiners Python refuses
// (`pyparsing.unicode` names classes `Ελληνικά`).
const IDENT = /^(?![^]*[\u200c\u200d])[\p{ID_Start}_]\p{ID_Continue}*$/u;
const DOTTED =
  /^(?![^]*[\u200c\u200d])[\p{ID_Start}_]\p{ID_Continue}*(?:\.[\p{ID_Start}_]\p{ID_Continue}*)*$/u;

/** One scope of a module: the module itself, a class body, a function, a lambda, a comprehension. */
export interface PyScope {
  kind: 'module' | 'class' | 'function' | 'lambda' | 'comp';
  name: string;
  /** 1-based first and last line. */
  line: number;
  end: number;
  /** Names bound in this scope, with the lines that bind them. */
  names: Map<string, number[]>;
}

/** One `import` or `from … import …` statement outside any function or class. */
export interface PyImport {
  line: number;
  end: number;
  /** A direct statement of the module body (not inside `if`/`try`). */
  top: boolean;
  /** In the module's scope (not in a function or class body). */
  moduleScope: boolean;
  from: boolean;
  level: number;
  /** `from M import …`: M ('' for `from . import x`); `import`: ''. */
  module: string;
  /** `import a.b as c`: { name: 'a.b', as: 'c' }; `from m import x`: { name: 'x' }; '*' for a star. */
  names: { name: string; as?: string }[];
}

export interface PyClass {
  name: string;
  line: number;
  end: number;
  /** Defined inside a function or another class. */
  nested: boolean;
  /** Each base as dotted text without subscripts (`Generic[K]` is `Generic`); null when not a name. */
  bases: (string | null)[];
  /** Names its body binds, `self.x` assigned in its methods, `__slots__` entries. */
  members: Set<string>;
}

export interface PyModule {
  /** Relative to the tree, forward slashes. */
  path: string;
  /** The dotted name relative to its package root (the first directory up without `__init__.py`). */
  module?: string;
  package: boolean;
  /** Python could not parse it: it defines nothing. */
  error?: { line: number; message: string };
  /** Last line of the module docstring, 0 when none. */
  doc: number;
  /** `__all__` when it is a literal list of strings. */
  all?: string[];
  imports: PyImport[];
  classes: PyClass[];
  /** scopes[0] is the module scope. */
  scopes: PyScope[];
}

export interface PyModel {
  modules: PyModule[];
  byPath: Map<string, PyModule>;
  /** No file was left out (a cap, an unreadable file): tree-wide "only one" questions can be answered. */
  complete: boolean;
}

/** What the fixers get: the model, or the line scanner (no sandbox, no python3), or nothing. */
export type PyModelOutcome =
  { kind: 'ast'; model: PyModel } | { kind: 'scanner'; reason: string } | { kind: 'none'; reason: string };

class Invalid extends Error {}

const fail = (why: string): never => {
  throw new Invalid(why);
};
const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown, max: number, what: string): unknown[] =>
  Array.isArray(v) && v.length <= max ? v : fail(`${what} is not a list of at most ${max}`);
const int = (v: unknown, what: string, min = 0): number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= MAX_LINE
    ? v
    : fail(`${what} is not a line`);
const ident = (v: unknown, what: string): string =>
  typeof v === 'string' && IDENT.test(v) ? v : fail(`${what} is not an identifier`);
const dotted = (v: unknown, what: string): string =>
  typeof v === 'string' && v.length <= 1000 && DOTTED.test(v) ? v : fail(`${what} is not a dotted name`);
const bool = (v: unknown, what: string): boolean =>
  typeof v === 'boolean' ? v : fail(`${what} is not a boolean`);

function readScope(v: unknown): PyScope {
  if (!isObj(v)) return fail('a scope is not an object');
  const kinds = ['module', 'class', 'function', 'lambda', 'comp'] as const;
  const kind = kinds.find(k => k === v.kind) ?? fail('a scope has an unknown kind');
  const name =
    kind === 'module' ? '' : kind === 'lambda' || kind === 'comp' ? kind : ident(v.name, 'a scope name');
  const line = int(v.line, 'a scope line', 1);
  const end = int(v.end, 'a scope end', line);
  if (!isObj(v.names)) return fail('scope names are not an object');
  const entries = Object.entries(v.names);
  if (entries.length > MAX_PER_FILE) fail('too many names in a scope');
  const names = new Map<string, number[]>();
  for (const [n, lines] of entries)
    names.set(
      ident(n, 'a bound name'),
      arr(lines, MAX_LINES_PER_NAME, 'binding lines').map(l => int(l, 'a binding line', 1))
    );
  return { kind, name, line, end, names };
}

function readImport(v: unknown): PyImport {
  if (!isObj(v)) return fail('an import is not an object');
  const line = int(v.line, 'an import line', 1);
  const from = bool(v.from, 'import kind');
  const level = int(v.level, 'an import level');
  if (level > 100 || (!from && level > 0)) fail('an import level is out of range');
  const module = v.module === '' ? '' : dotted(v.module, 'an imported module');
  if (!from && module !== '') fail('a plain import has a from-module');
  if (from && level === 0 && module === '') fail('an absolute from-import names no module');
  const names = arr(v.names, 10_000, 'imported names').map(p => {
    const pair = arr(p, 2, 'an imported name');
    if (pair.length !== 2) fail('an imported name is not a pair');
    const name =
      from && pair[0] === '*'
        ? '*'
        : from
          ? ident(pair[0], 'an imported name')
          : dotted(pair[0], 'an imported module');
    if (pair[1] === null) return { name };
    if (name === '*') fail('a star import has an alias');
    return { name, as: ident(pair[1], 'an import alias') };
  });
  if (names.length === 0) fail('an import binds nothing');
  return {
    line,
    end: int(v.end, 'an import end', line),
    top: bool(v.top, 'import top'),
    moduleScope: bool(v.module_scope, 'import scope'),
    from,
    level,
    module,
    names
  };
}

function readClass(v: unknown): PyClass {
  if (!isObj(v)) return fail('a class is not an object');
  const line = int(v.line, 'a class line', 1);
  return {
    name: ident(v.name, 'a class name'),
    line,
    end: int(v.end, 'a class end', line),
    nested: bool(v.nested, 'class nesting'),
    bases: arr(v.bases, 1000, 'bases').map(b => (b === null ? null : dotted(b, 'a base'))),
    members: new Set(arr(v.members, MAX_PER_FILE, 'members').map(m => ident(m, 'a member')))
  };
}

function readModule(v: unknown): PyModule {
  if (!isObj(v)) return fail('a file entry is not an object');
  if (typeof v.path !== 'string' || v.path.length > 4096) return fail('a file path is not a string');
  let path: string;
  try {
    path = normalizeRelative(v.path);
  } catch {
    return fail(`file path '${v.path.slice(0, 200)}' is not inside the tree`);
  }
  if (path !== v.path || !path.endsWith('.py') || path.split('/').some(c => c.startsWith('.')))
    fail(`file path '${v.path.slice(0, 200)}' is not a canonical .py path of the tree`);
  const module = v.module === null ? undefined : dotted(v.module, 'a module name');
  const base: PyModule = {
    path,
    module,
    package: bool(v.package, 'package'),
    doc: 0,
    imports: [],
    classes: [],
    scopes: []
  };
  if (v.error !== undefined) {
    if (!isObj(v.error) || typeof v.error.msg !== 'string') return fail('a syntax error is not an object');
    return {
      ...base,
      error: { line: int(v.error.line, 'an error line'), message: v.error.msg.slice(0, 200) }
    };
  }
  const scopes = arr(v.scopes, MAX_PER_FILE, 'scopes').map(readScope);
  if (scopes.length === 0 || scopes[0].kind !== 'module' || scopes.slice(1).some(s => s.kind === 'module'))
    fail('the module scope is not the first and only one');
  return {
    ...base,
    doc: int(v.doc, 'the docstring end'),
    all:
      v.all === null ? undefined : arr(v.all, MAX_PER_FILE, '__all__').map(n => ident(n, 'an __all__ name')),
    imports: arr(v.imports, MAX_PER_FILE, 'imports').map(readImport),
    classes: arr(v.classes, MAX_PER_FILE, 'classes').map(readClass),
    scopes
  };
}

/**
 * The model from the script's output (untrusted): the one document between the nonce's markers,
 * parsed with a size cap and checked field by field; a string says why it was refused.
 */
export function parseModelOutput(output: string, nonce: string): PyModel | string {
  const begin = `\n@@NW-PYAST-BEGIN ${nonce}\n`;
  const end = `\n@@NW-PYAST-END ${nonce}\n`;
  const b = output.indexOf(begin);
  if (b < 0 || output.indexOf(begin, b + 1) >= 0) return 'no single output document';
  const e = output.indexOf(end, b + begin.length);
  if (e < 0) return 'the output document is not complete';
  const text = output.slice(b + begin.length, e);
  if (text.length > MAX_OUTPUT_CHARS) return 'the output document is too large';
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return 'the output document is not JSON';
  }
  try {
    if (!isObj(doc) || doc.v !== 1) return fail('not a version-1 document');
    if (doc.too_large !== undefined) return fail('the project is too large for one document');
    const modules = arr(doc.files, MAX_FILES, 'files').map(readModule);
    const byPath = new Map<string, PyModule>();
    for (const m of modules) {
      if (byPath.has(m.path)) fail(`file '${m.path}' is listed twice`);
      byPath.set(m.path, m);
    }
    const skipped = int(doc.skipped, 'the skipped count');
    return { modules, byPath, complete: skipped === 0 };
  } catch (err) {
    if (err instanceof Invalid) return err.message;
    throw err;
  }
}

/**
 * The sandbox command: the tree's path as an argument, `/` as the working directory, PATH without
 * the tree's or HOME's directories (a `node_modules/.bin/python3` of the repository is not run).
 */
export function pyAstCommand(nonce: string): string {
  return [
    'nw_tree=$(pwd -P)',
    'nw_path=',
    'set -f; nw_ifs=$IFS; IFS=:',
    'for d in $PATH; do case "$d" in "$nw_tree"|"$nw_tree"/*|"${HOME:-/nonexistent}"|"${HOME:-/nonexistent}"/*|""|[!/]*) ;; *) nw_path="${nw_path:+$nw_path:}$d" ;; esac; done',
    'IFS=$nw_ifs; set +f',
    'PATH=$nw_path; export PATH',
    "command -v python3 >/dev/null 2>&1 || { echo '@@NW-PYAST-NO-PYTHON'; exit 0; }",
    'cd / || exit 2',
    `python3 -I -S -W ignore - "$nw_tree" ${nonce} <<'NW_PYAST_EOF'`,
    PY_AST_SCRIPT,
    'NW_PYAST_EOF'
  ].join('\n');
}

const cache = new Map<string, Promise<PyModelOutcome>>();

/** Content key of the tree's Python files (paths and text), as the host sees them. */
async function treeKey(workdir: string): Promise<string> {
  const h = createHash('sha256');
  for (const f of await listFiles(workdir, ['.py'])) {
    h.update(f).update('\0');
    h.update(await readSource(workdir, f).catch(() => '\u0000unreadable')).update('\0');
  }
  return h.digest('hex');
}

/**
 * Python's parse of the tree, run once per work tree content and image within this process (the
 * fixers of one attempt share it). No sandbox, or no python3 in its image: the line scanner.
 */
export async function pythonModel(input: FixerInput): Promise<PyModelOutcome> {
  const sandbox = input.sandbox;
  if (!sandbox) return { kind: 'scanner', reason: 'no sandbox to run Python in' };
  const key = `${input.workdir}\0${input.spec.image}\0${await treeKey(input.workdir)}`;
  let p = cache.get(key);
  if (!p) {
    p = (async (): Promise<PyModelOutcome> => {
      const nonce = randomBytes(12).toString('hex');
      const res = await sandbox.run({
        workdir: input.workdir,
        // Nothing installed, no services, none of the workflow's variables: Python and the files only.
        spec: {
          ...input.spec,
          install: undefined,
          services: undefined,
          env: undefined,
          test: pyAstCommand(nonce)
        },
        timeoutMs: RUN_TIMEOUT_MS
      });
      if (/^@@NW-PYAST-NO-PYTHON$/m.test(res.output))
        return { kind: 'scanner', reason: `no python3 in ${res.image}` };
      if (/^@@NW-PYAST-OLD-PYTHON$/m.test(res.output))
        return {
          kind: 'scanner',
          reason: `python3 in ${res.image} is older than 3.8 (no end lines in its ast)`
        };
      const parsed = parseModelOutput(res.output, nonce);
      if (typeof parsed === 'string')
        return { kind: 'none', reason: `Python's ast in ${res.image} gave no usable model: ${parsed}` };
      return { kind: 'ast', model: parsed };
    })().catch((err: unknown): PyModelOutcome => ({
      kind: 'none',
      reason: `Python's ast could not run: ${err instanceof Error ? err.message : String(err)}`
    }));
    cache.set(key, p);
    while (cache.size > 16) cache.delete(cache.keys().next().value!);
  }
  return p;
}

/** The model, logged as the fixer's source of names; undefined with `scanner` when it falls back. */
export async function modelFor(
  input: FixerInput,
  fixer: string
): Promise<{ model?: PyModel; scanner: boolean }> {
  const o = await pythonModel(input);
  if (o.kind === 'ast') return { model: o.model, scanner: false };
  if (o.kind === 'scanner') {
    input.log(`fixer ${fixer}: reading Python with the line scanner (${o.reason})`);
    return { scanner: true };
  }
  input.log(`fixer ${fixer}: ${o.reason}; declining`);
  return { scanner: false };
}

// ---- Questions the fixers ask of the model ----

/** Names a module binds at its top level (an unparsable module binds nothing). */
export function moduleDefs(m: PyModule): Set<string> {
  return new Set(m.scopes[0]?.names.keys() ?? []);
}

/**
 * Names visible at 1-based `line`: builtins, the module's names, those of each enclosing function,
 * lambda and comprehension, and the class body's when the line is directly in it (Python skips
 * class bodies for the functions inside them). Undefined when the module did not parse.
 */
export function namesAt(m: PyModule, line: number): Set<string> | undefined {
  if (m.error || m.scopes.length === 0) return undefined;
  const names = new Set<string>(PY_BUILTINS);
  for (const n of m.scopes[0].names.keys()) names.add(n);
  const enclosing = m.scopes.slice(1).filter(s => s.line <= line && line <= s.end);
  for (const s of enclosing) if (s.kind !== 'class') for (const n of s.names.keys()) names.add(n);
  // Innermost: the latest start, then the shortest; scopes are listed parent before child.
  let inner: PyScope | undefined;
  for (const s of enclosing)
    if (!inner || s.line > inner.line || (s.line === inner.line && s.end <= inner.end)) inner = s;
  if (inner?.kind === 'class') for (const n of inner.names.keys()) names.add(n);
  return names;
}

/** Lines of the module that bind `name`, in any scope. */
export function bindingLines(m: PyModule, name: string): number[] {
  return m.scopes.flatMap(s => s.names.get(name) ?? []);
}

/** Modules of the tree whose dotted name is `dotted`, else those whose path ends with it. */
export function findModules(model: PyModel, name: string): PyModule[] {
  const exact = model.modules.filter(m => m.module === name);
  if (exact.length > 0) return exact;
  const rel = name.replace(/\./g, '/');
  return model.modules.filter(
    m =>
      m.path === `${rel}.py` ||
      m.path.endsWith(`/${rel}.py`) ||
      m.path === `${rel}/__init__.py` ||
      m.path.endsWith(`/${rel}/__init__.py`)
  );
}

/** The module of the tree that `from <level dots><module> import …` in `fromPath` names, if one. */
export function resolveFrom(
  model: PyModel,
  fromPath: string,
  level: number,
  module: string
): PyModule | undefined {
  if (level > 0) {
    const dir = fromPath.split('/').slice(0, -1);
    if (level - 1 > dir.length) return undefined;
    const rel = [...dir.slice(0, dir.length - (level - 1)), ...(module ? module.split('.') : [])].join('/');
    return model.byPath.get(`${rel}.py`) ?? model.byPath.get(`${rel}/__init__.py`);
  }
  const hits = findModules(model, module);
  return hits.length === 1 ? hits[0] : undefined;
}

/** Submodule names of a package module (`from pkg import sub`). */
export function submodules(model: PyModel, pkg: PyModule): Set<string> {
  const out = new Set<string>();
  if (!pkg.package) return out;
  const dir = pkg.path.slice(0, -'__init__.py'.length);
  for (const m of model.modules) {
    if (!m.path.startsWith(dir) || m === pkg) continue;
    const sub = m.path.slice(dir.length).split('/');
    if (sub.length === 1) out.add(sub[0].replace(/\.py$/, ''));
    if (sub.length === 2 && sub[1] === '__init__.py') out.add(sub[0]);
  }
  return out;
}

/** The module-scope `from` import that binds `name` in `m`, with the name it imports. */
export function importBinding(m: PyModule, name: string): { imp: PyImport; original: string } | undefined {
  for (const imp of m.imports) {
    if (!imp.from || !imp.moduleScope) continue;
    const n = imp.names.find(x => x.name !== '*' && (x.as ?? x.name) === name);
    if (n) return { imp, original: n.name };
  }
  return undefined;
}

/** Standard-library modules whose classes `KNOWN_BASE_ATTRS` describes. */
const STD_BASE_MODULES = new Set([
  'typing',
  'typing_extensions',
  'collections',
  'collections.abc',
  'abc',
  'enum',
  'builtins'
]);

/**
 * Members of class `cls` as the file `path` sees it (defined there, or imported, followed to the
 * module that defines it), inherited ones included; undefined when a base is unknown or the class
 * cannot be told. `known(name)` gives the public members of a standard-library or builtin base.
 */
export function classMembers(
  model: PyModel,
  path: string,
  cls: string,
  known: (name: string) => string[] | undefined
): Set<string> | undefined {
  const m = model.byPath.get(path);
  let found: { m: PyModule; c: PyClass } | undefined;
  if (m && !m.error) {
    const own = m.classes.filter(c => c.name === cls);
    if (own.length > 1) return undefined;
    if (own.length === 1) found = { m, c: own[0] };
    else {
      const b = importBinding(m, cls);
      if (b && b.original === cls && !b.imp.names.find(n => n.name === cls)?.as) {
        const r = classIn(model, m, cls, 0);
        if (r === 'unknown') return undefined;
        found = r;
      }
    }
  }
  if (!found) {
    if (!model.complete) return undefined;
    const all = model.modules.flatMap(x => x.classes.filter(c => c.name === cls).map(c => ({ m: x, c })));
    if (all.length !== 1) return undefined;
    found = all[0];
  }
  return withBases(model, found.m, found.c, known, 0, new Set());
}

/**
 * The class `name` binds at the top level of module `m`: its own class statement, or the class an
 * import brings in (followed through re-exports); 'unknown' when it is bound otherwise or elsewhere.
 */
function classIn(
  model: PyModel,
  m: PyModule,
  name: string,
  depth: number
): { m: PyModule; c: PyClass } | 'unknown' {
  if (depth > 8 || m.error) return 'unknown';
  const own = m.classes.filter(c => c.name === name && !c.nested);
  const imp = importBinding(m, name);
  if (own.length === 1 && !imp) return { m, c: own[0] };
  if (own.length > 0 || !imp) return 'unknown';
  const target = resolveFrom(model, m.path, imp.imp.level, imp.imp.module);
  if (!target || target === m) return 'unknown';
  return classIn(model, target, imp.original, depth + 1);
}

function withBases(
  model: PyModel,
  m: PyModule,
  c: PyClass,
  known: (name: string) => string[] | undefined,
  depth: number,
  seen: Set<PyClass>
): Set<string> | undefined {
  if (depth > 8 || seen.has(c)) return undefined;
  seen.add(c);
  const out = new Set(c.members);
  for (const base of c.bases) {
    if (base === 'object' && !moduleDefs(m).has('object')) continue;
    const members = base === null ? undefined : baseMembers(model, m, base, known, depth, seen);
    if (!members) return undefined;
    for (const x of members) out.add(x);
  }
  return out;
}

/** Members of a base written as `base` (dotted) in module `m`. */
function baseMembers(
  model: PyModel,
  m: PyModule,
  base: string,
  known: (name: string) => string[] | undefined,
  depth: number,
  seen: Set<PyClass>
): Set<string> | undefined {
  const parts = base.split('.');
  const head = parts[0];
  const defs = moduleDefs(m);
  const external = (mod: string, name: string): Set<string> | undefined => {
    const k = STD_BASE_MODULES.has(mod) ? known(name) : undefined;
    return k ? new Set(k) : undefined;
  };
  if (parts.length === 1) {
    if (!defs.has(head)) {
      const k = PY_BUILTINS.includes(head) ? known(head) : undefined;
      return k ? new Set(k) : undefined;
    }
    const imp = importBinding(m, head);
    if (imp) {
      const target = resolveFrom(model, m.path, imp.imp.level, imp.imp.module);
      if (!target) return imp.imp.level === 0 ? external(imp.imp.module, imp.original) : undefined;
    }
    const r = classIn(model, m, head, 0);
    return r === 'unknown' ? undefined : withBases(model, r.m, r.c, known, depth + 1, seen);
  }
  // `mod.Class`, `pkg.mod.Class`: the module the head names, then the longest project module prefix.
  let modName: string | undefined;
  for (const imp of m.imports) {
    if (!imp.moduleScope) continue;
    for (const n of imp.names) {
      if (imp.from && (n.as ?? n.name) === head) {
        const sub = imp.level > 0 ? undefined : imp.module ? `${imp.module}.${n.name}` : n.name;
        const target = resolveFrom(model, m.path, imp.level, imp.module ? `${imp.module}.${n.name}` : n.name);
        if (target) return memberOfModule(model, target, parts.slice(1), known, depth, seen);
        modName = sub;
      } else if (!imp.from && n.as === head) modName = n.name;
      else if (!imp.from && !n.as && n.name.split('.')[0] === head) modName = head;
    }
  }
  if (!modName) return undefined;
  const full = [...modName.split('.'), ...parts.slice(1)];
  for (let i = full.length - 1; i >= 1; i--) {
    const hits = findModules(model, full.slice(0, i).join('.'));
    if (hits.length === 1) return memberOfModule(model, hits[0], full.slice(i), known, depth, seen);
    if (hits.length > 1) return undefined;
  }
  return external(full.slice(0, -1).join('.'), full[full.length - 1]);
}

function memberOfModule(
  model: PyModel,
  target: PyModule,
  rest: string[],
  known: (name: string) => string[] | undefined,
  depth: number,
  seen: Set<PyClass>
): Set<string> | undefined {
  if (rest.length !== 1) return undefined;
  const r = classIn(model, target, rest[0], 0);
  return r === 'unknown' ? undefined : withBases(model, r.m, r.c, known, depth + 1, seen);
}

/**
 * Where `name`, bound at the top level of module `path`, comes from: the module itself when it
 * defines it, else the origin of the module it imports it from (`std:m` for a standard-library
 * module `isStd` accepts; `from m import *` followed to the tree module whose public names, or
 * `__all__`, hold it); `module:m` when the module binds it by `import m` (a module, not a name it
 * exports); undefined when the module does not bind it, `?path` when unknown.
 */
export function originOf(
  model: PyModel,
  path: string,
  name: string,
  isStd: (module: string, name: string) => boolean,
  depth = 0
): string | undefined {
  const m = model.byPath.get(path);
  if (!m || m.error) return undefined;
  if (!moduleDefs(m).has(name)) return depth < 4 ? starOrigin(model, m, name, isStd, depth) : undefined;
  const b = importBinding(m, name);
  if (!b) {
    const mod = moduleImportBinding(m, name);
    return mod ? `module:${mod}` : path;
  }
  const unknown = `?${path}`;
  const target = resolveFrom(model, path, b.imp.level, b.imp.module);
  // `from . import sub` in a package's `__init__`: its own submodule.
  if (target === m) return submoduleOrigin(model, m, b.original) ?? unknown;
  if (target)
    return depth < 4 ? (importedOrigin(model, target, b.original, isStd, depth + 1) ?? unknown) : unknown;
  return b.imp.level === 0 && b.original === name && isStd(b.imp.module, name)
    ? `std:${b.imp.module}`
    : unknown;
}

/**
 * Where `from <target> import name` takes `name` from, as Python does: the name the module binds
 * (`originOf`), else, for a package, its submodule of that name (`submodule:<path>`).
 */
export function importedOrigin(
  model: PyModel,
  target: PyModule,
  name: string,
  isStd: (module: string, name: string) => boolean,
  depth = 0
): string | undefined {
  return originOf(model, target.path, name, isStd, depth) ?? submoduleOrigin(model, target, name);
}

/** `submodule:<path>` for the submodule `name` of package `pkg`, when the tree has it. */
function submoduleOrigin(model: PyModel, pkg: PyModule, name: string): string | undefined {
  if (!pkg.package || pkg.error) return undefined;
  const dir = pkg.path.slice(0, -'__init__.py'.length);
  const sub = model.byPath.get(`${dir}${name}.py`) ?? model.byPath.get(`${dir}${name}/__init__.py`);
  return sub ? `submodule:${sub.path}` : undefined;
}

/**
 * The module a module-scope `import m` / `import m.sub` / `import m.sub as name` binds under
 * `name` (the name is that module, not a name of the file), when no other statement binds it.
 */
export function moduleImportBinding(m: PyModule, name: string): string | undefined {
  const lines = m.scopes[0]?.names.get(name) ?? [];
  let found: string | undefined;
  for (const imp of m.imports) {
    if (imp.from || !imp.moduleScope) continue;
    for (const n of imp.names)
      if ((n.as ?? n.name.split('.')[0]) === name) found = n.as ? n.name : n.name.split('.')[0];
  }
  if (!found) return undefined;
  // Every line binding it is an `import` statement.
  const importLines = m.imports.filter(i => !i.from && i.moduleScope);
  return lines.every(l => importLines.some(i => i.line <= l && l <= i.end)) ? found : undefined;
}

/**
 * The origin of `name` reached through the module-scope `from x import *` statements of `m`: a
 * module of the tree whose `__all__` lists it (or, without `__all__`, that binds it, not starting
 * with `_`, as Python's star import takes). Star imports that give it from two origins, or from a
 * module whose `__all__` is not a literal list, are unknown (`?path`).
 */
function starOrigin(
  model: PyModel,
  m: PyModule,
  name: string,
  isStd: (module: string, name: string) => boolean,
  depth: number
): string | undefined {
  const hits: string[] = [];
  for (const imp of m.imports) {
    if (!imp.from || !imp.moduleScope || !imp.names.some(n => n.name === '*')) continue;
    const target = resolveFrom(model, m.path, imp.level, imp.module);
    if (!target || target === m || target.error) {
      // A star from outside the tree: a standard module binds what its public names hold; what
      // another module's star binds is not known, and a guess is no origin.
      if (imp.level === 0 && isStd(imp.module, name)) hits.push(`std:${imp.module}`);
      continue;
    }
    // Bound there (or by its own star imports): the star binds it here too, when it is public.
    const origin = originOf(model, target.path, name, isStd, depth + 1);
    if (!origin) continue;
    // `__all__` bound but not as a literal list: whether the star takes it is not known.
    if (!target.all && moduleDefs(target).has('__all__')) hits.push(`?${m.path}`);
    else if (target.all ? target.all.includes(name) : !name.startsWith('_')) hits.push(origin);
  }
  // Several stars that give the same origin agree (a module re-exporting another's names).
  const origins = new Set(hits);
  if (origins.size === 1 && !hits[0].startsWith('?')) return hits[0];
  return hits.length > 0 ? `?${m.path}` : undefined;
}
