import type { Edit } from '../../types.js';
import {
  bindingLines,
  classMembers,
  findModules,
  moduleDefs,
  modelFor,
  namesAt,
  type PyModel,
  type PyModule
} from './python-ast.js';
import { parsePythonErrors, type PyError } from './python-errors.js';
import { PY_BUILTINS, classAttributes, fromImports, moduleNames, namesInScope } from './python-scope.js';
import { PY_C_TYPE_ATTRS, PY_STDLIB_EXPORTS, PY_STDLIB_MODULE_NAMES } from './python-stdlib.js';
import type { FixProposal, Fixer, FixerInput } from './types.js';
import {
  identifierPositions,
  pyLevenshtein,
  importedModuleFile,
  isAdjacentSwap,
  lineEdit,
  listFiles,
  locateFile,
  readSource,
  uniqueClosest
} from './util.js';

/** Methods of builtin types, for `'str' object has no attribute 'uper'` when Python gave no hint. */
const BUILTIN_TYPE_ATTRS: Record<string, string[]> = {
  str: 'capitalize casefold center count encode endswith expandtabs find format format_map index isalnum isalpha isascii isdecimal isdigit isidentifier islower isnumeric isprintable isspace istitle isupper join ljust lower lstrip maketrans partition removeprefix removesuffix replace rfind rindex rjust rpartition rsplit rstrip split splitlines startswith strip swapcase title translate upper zfill'.split(
    ' '
  ),
  list: 'append clear copy count extend index insert pop remove reverse sort'.split(' '),
  dict: 'clear copy fromkeys get items keys pop popitem setdefault update values'.split(' '),
  set: 'add clear copy difference difference_update discard intersection intersection_update isdisjoint issubset issuperset pop remove symmetric_difference symmetric_difference_update union update'.split(
    ' '
  ),
  tuple: ['count', 'index']
};

const EXC_ATTRS = ['args', 'with_traceback', 'add_note'];
const MAPPING = ['get', 'items', 'keys', 'values'];
const SEQUENCE = ['count', 'index'];
/**
 * Public attributes of standard-library bases that add no others (typing and collections.abc
 * mixins, exceptions, enums), for classes of the project that inherit from them.
 */
const EXTERNAL_BASE_ATTRS: Record<string, string[]> = {
  Generic: [],
  Protocol: [],
  ABC: [],
  Hashable: [],
  Sized: [],
  Container: [],
  Iterable: [],
  Iterator: [],
  Reversible: [],
  Collection: [],
  Callable: [],
  Mapping: MAPPING,
  MutableMapping: [...MAPPING, 'clear', 'pop', 'popitem', 'setdefault', 'update'],
  Sequence: SEQUENCE,
  MutableSequence: [...SEQUENCE, 'append', 'clear', 'extend', 'insert', 'pop', 'remove', 'reverse'],
  Set: ['isdisjoint'],
  MutableSet: ['isdisjoint', 'add', 'clear', 'discard', 'pop', 'remove'],
  Exception: EXC_ATTRS,
  BaseException: EXC_ATTRS,
  ValueError: EXC_ATTRS,
  TypeError: EXC_ATTRS,
  KeyError: EXC_ATTRS,
  IndexError: EXC_ATTRS,
  LookupError: EXC_ATTRS,
  RuntimeError: EXC_ATTRS,
  AttributeError: [...EXC_ATTRS, 'name', 'obj'],
  NotImplementedError: EXC_ATTRS,
  // typing.NamedTuple: a tuple with the namedtuple helpers (its fields are the class's own annotations).
  NamedTuple: [...SEQUENCE, '_asdict', '_fields', '_field_defaults', '_make', '_replace'],
  Enum: ['name', 'value'],
  Flag: ['name', 'value']
};

/** Public members of a standard-library or builtin base class, when known. */
const knownBase = (name: string): string[] | undefined =>
  ownEntry(EXTERNAL_BASE_ATTRS, name) ?? ownEntry(BUILTIN_TYPE_ATTRS, name);

const PY_CONSTANTS = new Set(['None', 'True', 'False', 'NotImplemented', 'Ellipsis']);

/** True when `a` becomes `b` by one insertion, deletion or substitution of a character. */
function oneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length < b.length ? a.slice(i) === b.slice(i + 1) : a.slice(i + 1) === b.slice(i);
}

/**
 * When Python's distance ties (`Lati1n`: `Latin1` and `LatinA` both two substitutions), the one
 * candidate a single adjacent swap away, if no other candidate is one edit away: counting a
 * transposition as one edit (Damerau), it is the one nearest name.
 */
export function swapBreaksTie(
  wrong: string,
  candidates: Iterable<string>,
  minLength = 4
): string | undefined {
  if (wrong.length < minLength) return undefined;
  const pool = [...new Set(candidates)].filter(c => c !== wrong);
  // A constant (`None`, `True`, …) is never the name meant, as in `uniqueClosest`.
  const swaps = pool.filter(c => isAdjacentSwap(wrong, c) && !PY_CONSTANTS.has(c));
  if (swaps.length !== 1 || pool.some(c => oneEditApart(wrong, c))) return undefined;
  return swaps[0];
}

/** Every public name of the standard-library modules whose exports are known. */
const STDLIB_EXPORTED: ReadonlySet<string> = new Set(Object.values(PY_STDLIB_EXPORTS).flat());

/**
 * When the nearest names of the scope tie and only one of them is the code's own (the others
 * builtins), that one: Python looks a name up in the function's and the module's names before the
 * builtins, and suggests from them first (`Cord` is `Coord` of the module, not the builtin `ord`).
 * Names of four letters or more only, and none a standard-library module exports; a builtin
 * strictly nearer, or two own names as near, decline.
 */
function ownBeforeBuiltin(wrong: string, scope: Set<string>, mod: PyModule): string | undefined {
  // A name the standard library exports (`wraps`, `Any`) may be a missing import: no guess on a tie.
  if (wrong.length < 4 || STDLIB_EXPORTED.has(wrong)) return undefined;
  const builtins = new Set(PY_BUILTINS);
  // A builtin name the module binds itself in any scope (`input = …`) counts as its own.
  const own = [...scope].filter(n => !builtins.has(n) || bindingLines(mod, n).length > 0);
  const right = uniqueClosest(wrong, own);
  if (!right) return undefined;
  const d = pyLevenshtein(wrong, right);
  // Within Python's own distance threshold (not an adjacent swap beyond it).
  if (d > Math.floor(((right.length + wrong.length + 3) * 2) / 6)) return undefined;
  const nearer = [...scope].some(n => !own.includes(n) && n !== wrong && pyLevenshtein(wrong, n) < d);
  return nearer ? undefined : right;
}

/** `table[key]` when it is the table's own entry (a name like `constructor` is not). */
function ownEntry(table: Record<string, string[]>, key: string): string[] | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

const NAME_MSG = /^name '([A-Za-z_]\w*)' is not defined$/;
const OBJ_ATTR_MSG = /^(?:type object )?'([A-Za-z_][\w.]*)' (?:object )?has no attribute '([A-Za-z_]\w*)'$/;
const MOD_ATTR_MSG = /^module '([A-Za-z_][\w.]*)' has no attribute '([A-Za-z_]\w*)'$/;

/**
 * True when column `col` of `line` is code: outside string literals and comments, or inside the
 * `{…}` replacement fields of an f-string (a simple scanner of one line).
 */
export function isCodeColumn(line: string, col: number): boolean {
  let quote: string | null = null;
  let fstring = false;
  let depth = 0; // brace depth inside an f-string's replacement field
  for (let i = 0; i < col; i++) {
    const c = line[i];
    if (quote && depth === 0) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      else if (fstring && c === '{') {
        if (line[i + 1] === '{') i++;
        else depth = 1;
      }
    } else if (quote && depth > 0) {
      if (c === '{') depth++;
      else if (c === '}') depth--;
    } else if (c === '#') return false;
    else if (c === '"' || c === "'") {
      quote = c;
      const prefix = /([A-Za-z]+)$/.exec(line.slice(0, i))?.[1] ?? '';
      fstring = /^(f|fr|rf)$/i.test(prefix);
    }
  }
  return quote === null || depth > 0;
}

interface TokenFix {
  file: string;
  line: number;
  wrong: string;
  right: string;
  attribute: boolean;
  why: string;
}

/**
 * Python NameError / AttributeError: replaces the misspelled name at the reported file:line with
 * the name Python suggested (`Did you mean: 'x'?`) or, on Pythons that print no hint inside pytest,
 * with the one closest name defined in scope (the class, the module) within Python's own distance
 * threshold. Anything less certain is left alone.
 */
export class PythonNameFixer implements Fixer {
  readonly name = 'python-name';

  async propose(input: FixerInput): Promise<FixProposal | null> {
    const errors = parsePythonErrors(input.failureOutput).filter(
      e => e.errorType === 'NameError' || e.errorType === 'AttributeError'
    );
    if (errors.length === 0) return null;
    // Python's own parse of the tree; the line scanner only where Python cannot run.
    const { model, scanner } = await modelFor(input, this.name);
    if (!model && !scanner) return null;
    const fixes: TokenFix[] = [];
    for (const err of errors) {
      const fix = model ? await this.decideAst(input, err, model) : await this.decide(input, err);
      if (fix) fixes.push(fix);
      else input.log(`fixer ${this.name}: not sure about ${err.errorType} at ${err.file}:${err.line}`);
    }
    return buildProposal(this.name, input.workdir, fixes);
  }

  /** The decision from Python's parse of the tree (same rules as `decide`, names as Python binds them). */
  private async decideAst(input: FixerInput, err: PyError, model: PyModel): Promise<TokenFix | undefined> {
    const file = await locateFile(input.workdir, err.file);
    if (!file || !file.endsWith('.py')) return undefined;
    const mod = model.byPath.get(file);
    if (!mod || mod.error) return undefined;
    const source = await readSource(input.workdir, file);
    const name = NAME_MSG.exec(err.message);
    if (err.errorType === 'NameError' && name) {
      const wrong = name[1];
      const scope = namesAt(mod, err.line);
      if (!scope) return undefined;
      let right = err.suggestion;
      if (right && !scope.has(right) && identifierPositions(source, right).length === 0) return undefined;
      // A name another module of the tree defines is a missing import, not a typo.
      if (!right) {
        if (!model.complete) return undefined;
        if (model.modules.some(m => m !== mod && moduleDefs(m).has(wrong))) return undefined;
        // A standard-library module's name is a missing import (Python 3.12 says so: "Did you
        // forget to import 'builtins'?"), not a misspelling of a near name.
        if (PY_STDLIB_MODULE_NAMES.has(wrong)) return undefined;
      }
      right ??=
        uniqueClosest(wrong, scope) ?? swapBreaksTie(wrong, scope) ?? ownBeforeBuiltin(wrong, scope, mod);
      if (!right) return undefined;
      return { file, line: err.line, wrong, right, attribute: false, why: `name '${wrong}' is not defined` };
    }
    const obj = OBJ_ATTR_MSG.exec(err.message);
    const modAttr = MOD_ATTR_MSG.exec(err.message);
    if (err.errorType === 'AttributeError' && (obj || modAttr)) {
      const wrong = (obj ?? modAttr)![2];
      let right = err.suggestion;
      if (!right) {
        let candidates: Set<string> | undefined;
        let ownClass = false;
        if (obj) {
          // A dotted type name is a C type (`'re.Pattern' object`): Python names a class of Python
          // code by its bare `__name__`, so it is never the project's class of the last component.
          const cType = obj[1].includes('.') ? ownEntry(PY_C_TYPE_ATTRS, obj[1]) : undefined;
          const builtin = obj[1].includes('.') ? undefined : ownEntry(BUILTIN_TYPE_ATTRS, obj[1]);
          candidates = cType
            ? new Set(cType)
            : builtin
              ? new Set(builtin)
              : obj[1].includes('.')
                ? undefined
                : classMembers(model, file, obj[1], knownBase);
          ownClass = !cType && !builtin;
        } else {
          const hits = findModules(model, modAttr![1]);
          candidates = hits.length === 1 && !hits[0].error ? moduleDefs(hits[0]) : undefined;
        }
        if (!candidates) return undefined;
        // The class itself binds that attribute (a slot, `self.x = …` elsewhere): it is not set
        // yet on this object, which is no misspelling.
        if (candidates.has(wrong)) return undefined;
        // A three-letter member of the project's own class may be one adjacent swap off too
        // (`self.mgs` for `self.msg`): the class's members are all known.
        right = uniqueClosest(wrong, candidates) ?? swapBreaksTie(wrong, candidates, ownClass ? 3 : 4);
      }
      if (!right) return undefined;
      return { file, line: err.line, wrong, right, attribute: true, why: err.message };
    }
    return undefined;
  }

  private async decide(input: FixerInput, err: PyError): Promise<TokenFix | undefined> {
    const file = await locateFile(input.workdir, err.file);
    if (!file || !file.endsWith('.py')) return undefined;
    const source = await readSource(input.workdir, file);
    const lineIdx = err.line - 1;
    const name = NAME_MSG.exec(err.message);
    if (err.errorType === 'NameError' && name) {
      const wrong = name[1];
      const scope = namesInScope(source, lineIdx);
      let right = err.suggestion;
      if (right && !scope.has(right) && identifierPositions(source, right).length === 0) return undefined;
      // A name another module of the tree defines is a missing import, not a typo.
      if (!right && (await definedElsewhere(input.workdir, file, wrong))) return undefined;
      if (!right && PY_STDLIB_MODULE_NAMES.has(wrong)) return undefined;
      right ??= uniqueClosest(wrong, scope);
      if (!right) return undefined;
      return { file, line: err.line, wrong, right, attribute: false, why: `name '${wrong}' is not defined` };
    }
    const obj = OBJ_ATTR_MSG.exec(err.message);
    const mod = MOD_ATTR_MSG.exec(err.message);
    if (err.errorType === 'AttributeError' && (obj || mod)) {
      const wrong = (obj ?? mod)![2];
      let right = err.suggestion;
      if (!right) {
        // A dotted type name is a C type, never the project's class (as in `decideAst`).
        const cType = obj?.[1].includes('.') ? ownEntry(PY_C_TYPE_ATTRS, obj[1]) : undefined;
        const candidates = obj
          ? obj[1].includes('.')
            ? cType && new Set(cType)
            : await this.classCandidates(input.workdir, obj[1], file)
          : await this.moduleCandidates(input.workdir, mod![1]);
        if (!candidates) return undefined;
        right = uniqueClosest(wrong, candidates);
      }
      if (!right) return undefined;
      return { file, line: err.line, wrong, right, attribute: true, why: err.message };
    }
    return undefined;
  }

  /**
   * Attributes of a class of the project, inherited ones included, or undefined when unsure. The
   * class is the one the reporting file defines under that name, else the one class of that name in
   * the tree; a base outside the tree counts only when its public attributes are known
   * (`EXTERNAL_BASE_ATTRS`), else the attribute could be the base's and nothing is sure.
   */
  private async classCandidates(
    workdir: string,
    cls: string,
    inFile?: string,
    depth = 0
  ): Promise<Set<string> | undefined> {
    if (depth === 0 && ownEntry(BUILTIN_TYPE_ATTRS, cls)) return new Set(ownEntry(BUILTIN_TYPE_ATTRS, cls));
    if (depth > 6) return undefined;
    let found: { attrs: Set<string>; bases: string[] }[] = [];
    if (inFile) {
      const source = await readSource(workdir, inFile);
      const own = classAttributes(source, cls);
      if (own) found = [own];
      // Else the class the file imports under that name, from the module that defines it.
      const imp = own ? undefined : fromImports(source).find(i => i.names.some(n => n.name === cls && !n.as));
      const target = imp && (await importedModuleFile(workdir, inFile, imp));
      const def = target ? classAttributes(await readSource(workdir, target), cls) : undefined;
      if (def) found = [def];
    }
    if (found.length === 0) {
      for (const f of await listFiles(workdir, ['.py'])) {
        const c = classAttributes(await readSource(workdir, f), cls);
        if (c) found.push(c);
      }
    }
    if (found.length === 0 && depth > 0) {
      const known = knownBase(cls);
      return known ? new Set(known) : undefined;
    }
    if (found.length !== 1) return undefined;
    const attrs = new Set(found[0].attrs);
    for (const base of found[0].bases) {
      const b = await this.classCandidates(workdir, base.split('.').pop()!, undefined, depth + 1);
      if (!b) return undefined;
      for (const a of b) attrs.add(a);
    }
    return attrs;
  }

  private async moduleCandidates(workdir: string, mod: string): Promise<Set<string> | undefined> {
    const rel = mod.replace(/\./g, '/');
    const files = (await listFiles(workdir, ['.py'])).filter(
      f =>
        f === `${rel}.py` ||
        f.endsWith(`/${rel}.py`) ||
        f === `${rel}/__init__.py` ||
        f.endsWith(`/${rel}/__init__.py`)
    );
    if (files.length !== 1) return undefined;
    return moduleNames(await readSource(workdir, files[0]));
  }
}

/** True when a module of the tree other than `file` binds `name` at its top level. */
async function definedElsewhere(workdir: string, file: string, name: string): Promise<boolean> {
  for (const f of await listFiles(workdir, ['.py'])) {
    if (f !== file && moduleNames(await readSource(workdir, f)).has(name)) return true;
  }
  return false;
}

/** Turns sure token fixes into line edits; a token that is not exactly once on its line is skipped. */
export async function buildProposal(
  fixer: string,
  workdir: string,
  fixes: TokenFix[]
): Promise<FixProposal | null> {
  const contents = new Map<string, string>();
  const edits: Edit[] = [];
  const done = new Set<string>();
  const summaries: string[] = [];
  for (const fix of fixes) {
    const key = `${fix.file}:${fix.line}:${fix.wrong}`;
    if (done.has(key)) continue;
    done.add(key);
    const content = contents.get(fix.file) ?? (await readSource(workdir, fix.file));
    const lines = content.split('\n');
    const line = lines[fix.line - 1];
    if (line === undefined) continue;
    const positions = identifierPositions(line, fix.wrong).filter(p => {
      const dotted = /\.\s*$/.test(line.slice(0, p));
      return (fix.attribute ? dotted : !dotted) && isCodeColumn(line, p);
    });
    if (positions.length !== 1) continue;
    const at = positions[0];
    const newLine = line.slice(0, at) + fix.right + line.slice(at + fix.wrong.length);
    const hasNl = fix.line < lines.length;
    const edit = lineEdit(fix.file, content, fix.line - 1, newLine + (hasNl ? '\n' : ''));
    if (!edit) continue;
    edits.push(edit);
    lines[fix.line - 1] = newLine;
    contents.set(fix.file, lines.join('\n'));
    summaries.push(`${fix.file}:${fix.line}: '${fix.wrong}' -> '${fix.right}' (${fix.why})`);
  }
  if (edits.length === 0) return null;
  return { fixer, edits, summary: summaries.join('; ') };
}
