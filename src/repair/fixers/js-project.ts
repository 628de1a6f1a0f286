/**
 * What a real parse (js-parse.ts) says about a JavaScript/TypeScript project: per file the names in
 * scope at a place, the exports (ESM and CommonJS, re-exports followed within the tree) and classes
 * with their members (inherited ones through `extends` of a class of the tree). Every answer that
 * cannot be complete is `null` (unknown), never a guess: the fixers decline on it.
 */
import * as path from 'node:path';
import { isTreeFile, listTreeFiles } from '../../fs/index.js';
import { dialectOf, parseTreeFile, type Node, type ParsedFile } from './js-parse.js';
import {
  exportNames,
  harmlessUse,
  prototypeOf,
  prototypeOwners,
  referencesTo,
  returnsValue,
  thisFunction,
  thisMemberWrite,
  thisWrites,
  type PrototypeInfo
} from './js-prototype.js';

const FUNCTIONS = new Set([
  'function_declaration',
  'generator_function_declaration',
  'function_expression',
  'function',
  'generator_function',
  'arrow_function',
  'method_definition'
]);
const BLOCKS = new Set(['program', 'statement_block', 'switch_body', 'class_static_block']);
const CLASSES = new Set(['class_declaration', 'class', 'abstract_class_declaration']);
const TYPE_DECLS = new Set(['interface_declaration', 'type_alias_declaration']);

/** Names a binding pattern (or a TS parameter) declares. */
export function patternNames(node: Node | null | undefined, out: string[] = []): string[] {
  if (!node) return out;
  switch (node.type) {
    case 'identifier':
    case 'shorthand_property_identifier_pattern':
      out.push(node.text);
      break;
    case 'object_pattern':
    case 'array_pattern':
      for (const c of node.namedChildren) if (c) patternNames(c, out);
      break;
    case 'pair_pattern':
      patternNames(node.childForFieldName('value'), out);
      break;
    case 'assignment_pattern':
    case 'object_assignment_pattern':
      patternNames(node.childForFieldName('left'), out);
      break;
    case 'rest_pattern':
      patternNames(node.namedChildren[0], out);
      break;
    case 'required_parameter':
    case 'optional_parameter':
      patternNames(node.childForFieldName('pattern'), out);
      break;
    default:
      break;
  }
  return out;
}

/** The value and type names a scope node declares directly (hoisted `var`s of a function included). */
interface ScopeDecls {
  values: Map<string, Node>;
  types: Set<string>;
}

function declaratorNames(decl: Node, out: Map<string, Node>): void {
  for (const d of decl.namedChildren)
    if (d?.type === 'variable_declarator')
      for (const n of patternNames(d.childForFieldName('name'))) out.set(n, d);
}

/** `var` declarations below `node`, not inside a nested function. */
function hoistedVars(node: Node, out: Map<string, Node>): void {
  for (const c of node.namedChildren) {
    if (!c || FUNCTIONS.has(c.type) || CLASSES.has(c.type)) continue;
    if (c.type === 'variable_declaration') declaratorNames(c, out);
    hoistedVars(c, out);
  }
}

/** The declaration a statement of a block makes (through `export`), into `d`. */
function statementDecls(st: Node, d: ScopeDecls): void {
  const s = st.type === 'export_statement' ? (st.childForFieldName('declaration') ?? st) : st;
  const name = s.childForFieldName('name');
  if (s.type === 'lexical_declaration' || s.type === 'variable_declaration') declaratorNames(s, d.values);
  else if (
    CLASSES.has(s.type) ||
    s.type === 'function_declaration' ||
    s.type === 'generator_function_declaration' ||
    s.type === 'enum_declaration' ||
    s.type === 'internal_module'
  ) {
    if (name) d.values.set(name.text, s);
  } else if (TYPE_DECLS.has(s.type)) {
    if (name) d.types.add(name.text);
  } else if (s.type === 'import_statement') {
    for (const n of importBindings(s)) d.values.set(n.local, n.node);
  } else if (s.type === 'ambient_declaration') {
    for (const c of s.namedChildren) if (c) statementDecls(c, d);
  }
}

const declCache = new WeakMap<object, Map<number, ScopeDecls>>();

/** What scope node `s` declares (cached per tree). */
export function scopeDecls(s: Node): ScopeDecls {
  let perTree = declCache.get(s.tree);
  if (!perTree) {
    perTree = new Map();
    declCache.set(s.tree, perTree);
  }
  const hit = perTree.get(s.id);
  if (hit) return hit;
  const d: ScopeDecls = { values: new Map(), types: new Set() };
  if (FUNCTIONS.has(s.type)) {
    const params = s.childForFieldName('parameters');
    if (params)
      for (const p of params.namedChildren) for (const n of patternNames(p)) d.values.set(n, p ?? s);
    const single = s.childForFieldName('parameter');
    if (single) for (const n of patternNames(single)) d.values.set(n, single);
    const name = s.childForFieldName('name');
    if (
      name &&
      (s.type === 'function_expression' || s.type === 'function' || s.type === 'generator_function')
    )
      d.values.set(name.text, s);
    if (s.type !== 'arrow_function') d.values.set('arguments', s);
    const body = s.childForFieldName('body');
    if (body) hoistedVars(body, d.values);
  } else if (BLOCKS.has(s.type)) {
    if (s.type === 'program') hoistedVars(s, d.values);
    for (const st of s.namedChildren) {
      if (!st) continue;
      statementDecls(st, d);
      if (s.type === 'switch_body')
        for (const c of st.namedChildren) if (c && c.type !== 'statement_block') statementDecls(c, d);
    }
  } else if (s.type === 'for_statement') {
    const init = s.childForFieldName('initializer');
    if (init && (init.type === 'lexical_declaration' || init.type === 'variable_declaration'))
      declaratorNames(init, d.values);
  } else if (s.type === 'for_in_statement') {
    if (s.childForFieldName('kind'))
      for (const n of patternNames(s.childForFieldName('left'))) d.values.set(n, s);
  } else if (s.type === 'catch_clause') {
    for (const n of patternNames(s.childForFieldName('parameter'))) d.values.set(n, s);
  } else if (CLASSES.has(s.type)) {
    const name = s.childForFieldName('name');
    if (name) d.values.set(name.text, s);
  }
  perTree.set(s.id, d);
  return d;
}

function isScope(n: Node): boolean {
  return (
    FUNCTIONS.has(n.type) ||
    BLOCKS.has(n.type) ||
    CLASSES.has(n.type) ||
    n.type === 'for_statement' ||
    n.type === 'for_in_statement' ||
    n.type === 'catch_clause'
  );
}

/** The scopes around a node, innermost first (the node itself when it is one). */
export function scopeChain(node: Node): Node[] {
  const out: Node[] = [];
  for (let n: Node | null = node; n; n = n.parent) if (isScope(n)) out.push(n);
  return out;
}

/** The scope whose declaration of `name` a use at `node` refers to; undefined: none (a global). */
export function resolveScope(node: Node, name: string): Node | undefined {
  return scopeChain(node).find(s => scopeDecls(s).values.has(name));
}

/** The value names in scope at `node` (innermost first, without globals). */
export function namesInScope(node: Node): Set<string> {
  const out = new Set<string>();
  for (const s of scopeChain(node)) for (const n of scopeDecls(s).values.keys()) out.add(n);
  return out;
}

/** Every name any scope of the file declares (values and types): the file-wide superset. */
export function allDeclaredNames(root: Node): Set<string> {
  const out = new Set<string>();
  const walk = (n: Node): void => {
    if (isScope(n)) {
      const d = scopeDecls(n);
      for (const v of d.values.keys()) out.add(v);
      for (const t of d.types) out.add(t);
    }
    for (const c of n.namedChildren) if (c) walk(c);
  };
  walk(root);
  return out;
}

/** The top-level declarations of a file: value name -> its declaring node. */
export function topLevelDeclarations(root: Node): Map<string, Node> {
  return scopeDecls(root).values;
}

/** The innermost named node covering a 0-based character index. */
export function nodeAt(root: Node, index: number): Node | null {
  return root.namedDescendantForIndex(index, index);
}

/** All descendants of `root` (named) of one of the types, in source order. */
export function descendants(root: Node, types: string | string[]): Node[] {
  return root.descendantsOfType(types).filter((n): n is Node => n !== null);
}

/** One binding an import statement makes. */
export interface ImportBinding {
  /** The local name. */
  local: string;
  /** The imported name (`default`, `*` for a namespace). */
  imported: string;
  source: string;
  /** The node of the imported name (the specifier's `name`) or of the local name. */
  node: Node;
  typeOnly: boolean;
}

/** The string value of a string literal node (its fragment), or undefined for a template. */
export function stringValue(n: Node | null | undefined): string | undefined {
  if (!n || n.type !== 'string') return undefined;
  return n.namedChildren
    .filter((c): c is Node => c !== null)
    .map(c => c.text)
    .join('');
}

/** The bindings of one import statement. */
export function importBindings(st: Node): ImportBinding[] {
  const source = stringValue(st.childForFieldName('source'));
  if (source === undefined) return [];
  const typeOnlyStatement = st.children.some(c => c?.type === 'type');
  const out: ImportBinding[] = [];
  const clause = st.namedChildren.find(c => c?.type === 'import_clause');
  for (const c of clause?.namedChildren ?? []) {
    if (!c) continue;
    if (c.type === 'identifier')
      out.push({ local: c.text, imported: 'default', source, node: c, typeOnly: typeOnlyStatement });
    else if (c.type === 'namespace_import') {
      const id = c.namedChildren.find(x => x?.type === 'identifier');
      if (id) out.push({ local: id.text, imported: '*', source, node: id, typeOnly: typeOnlyStatement });
    } else if (c.type === 'named_imports') {
      for (const sp of c.namedChildren) {
        if (sp?.type !== 'import_specifier') continue;
        const name = sp.childForFieldName('name');
        const alias = sp.childForFieldName('alias');
        if (!name) continue;
        out.push({
          local: (alias ?? name).text,
          imported: stringValue(name) ?? name.text,
          source,
          node: name,
          typeOnly: typeOnlyStatement || sp.children.some(x => x?.type === 'type')
        });
      }
    }
  }
  return out;
}

/** How a module specifier is resolved: as Node does at run time, or as tsc does. */
export type Resolution = 'node' | 'ts';

/** The members of a class, own and inherited (none of Object.prototype's). */
export interface ClassMembers {
  /** Instance members: name -> kind. */
  instance: Map<string, 'method' | 'field' | 'accessor'>;
  /** Static members: name -> kind. */
  statics: Map<string, 'method' | 'field' | 'accessor'>;
}

/** Names every object has (Object.prototype); every function too (Function.prototype). */
export const OBJECT_MEMBERS = [
  'constructor',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'toString',
  'valueOf',
  '__proto__',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__'
];
export const FUNCTION_MEMBERS = [
  'apply',
  'bind',
  'call',
  'length',
  'name',
  'prototype',
  'arguments',
  'caller'
];

const MAX_FILES = 200;
const MAX_DEPTH = 16;

/** The project as parsed on demand; files are read link-safe and parsed once. */
export class JsProject {
  private readonly files = new Map<string, Promise<ParsedFile | null>>();
  private allFiles: Promise<string[] | null> | undefined;

  constructor(
    readonly workdir: string,
    private readonly log: (msg: string) => void = () => undefined
  ) {}

  /** The parse of a file of the tree, or null (not JS/TS, unreadable, a link, too large, a syntax error). */
  file(rel: string): Promise<ParsedFile | null> {
    let f = this.files.get(rel);
    if (!f) {
      if (this.files.size >= MAX_FILES) return Promise.resolve(null);
      f = parseTreeFile(this.workdir, rel, this.log);
      this.files.set(rel, f);
    }
    return f;
  }

  /** Frees the parse trees. */
  async dispose(): Promise<void> {
    for (const f of this.files.values()) (await f)?.tree.delete();
    this.files.clear();
  }

  /**
   * The file of the tree a relative specifier names from `from`; undefined for a package, a path
   * leaving the tree, a link, or nothing found. `node`: the path as written (CommonJS adds `.js`,
   * `/index.js`); `ts`: tsc's mapping (`./a.js` -> `./a.ts`, extensionless -> `.ts`, `/index.ts`).
   */
  async resolveModule(from: string, specifier: string, how: Resolution): Promise<string | undefined> {
    if (!/^\.\.?(\/|$)/.test(specifier)) return undefined;
    const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
    if (base === '..' || base.startsWith('../') || path.posix.isAbsolute(base)) return undefined;
    const tries: string[] = [];
    if (how === 'node') tries.push(base, `${base}.js`, `${base}.cjs`, `${base}/index.js`);
    else {
      const m = /^(.*)\.([cm]?)js(x?)$/.exec(base);
      if (m) tries.push(`${m[1]}.${m[2]}ts${m[3]}`, ...(m[3] || m[2] ? [] : [`${m[1]}.tsx`]), base);
      else
        tries.push(base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`, `${base}.js`);
    }
    for (const t of tries) {
      if (t === '.' || t === '') continue;
      if (await isTreeFile(this.workdir, t)) return t;
    }
    return undefined;
  }

  private resolutionOf(file: string): Resolution {
    return /\.[cm]?tsx?$/.test(file) ? 'ts' : 'node';
  }

  /**
   * The names a module exports (`default` included when it has one), ESM or CommonJS, with
   * `export * from` followed within the tree. Null when that cannot be known: the file does not
   * parse, re-exports from outside the tree, assigns `module.exports` something else than an object
   * literal of plain keys, or touches `exports` in a way not read here.
   */
  async exportsOf(rel: string, how?: Resolution, seen: Set<string> = new Set()): Promise<Set<string> | null> {
    if (seen.has(rel)) return new Set(); // a cycle adds nothing
    if (seen.size >= MAX_DEPTH) return null;
    seen.add(rel);
    const f = await this.file(rel);
    if (!f) return null;
    const mode = how ?? this.resolutionOf(rel);
    const out = new Set<string>();
    let esm = false;
    for (const st of f.root.namedChildren) {
      if (!st || st.type !== 'export_statement') continue;
      esm = true;
      const decl = st.childForFieldName('declaration');
      const source = st.childForFieldName('source');
      const clause = st.namedChildren.find(c => c?.type === 'export_clause');
      const nsExport = st.namedChildren.find(c => c?.type === 'namespace_export');
      if (st.children.some(c => c?.type === 'default')) out.add('default');
      else if (decl) {
        const d: ScopeDecls = { values: new Map(), types: new Set() };
        statementDecls(st, d);
        for (const n of d.values.keys()) out.add(n);
        for (const n of d.types) out.add(n);
      } else if (clause) {
        for (const sp of clause.namedChildren) {
          if (sp?.type !== 'export_specifier') continue;
          const n = sp.childForFieldName('alias') ?? sp.childForFieldName('name');
          if (n) out.add(stringValue(n) ?? n.text);
        }
      } else if (nsExport) {
        const id = nsExport.namedChildren.find(c => c?.type === 'identifier' || c?.type === 'string');
        if (!id) return null;
        out.add(stringValue(id) ?? id.text);
      } else if (source) {
        // export * from '...': every name of that module but its default
        const target = await this.resolveModule(rel, stringValue(source) ?? '', mode);
        if (!target) {
          this.log(`js-project: ${rel} re-exports everything of ${source.text}, not a file of the tree`);
          return null;
        }
        const names = await this.exportsOf(target, mode, seen);
        if (!names) return null;
        for (const n of names) if (n !== 'default') out.add(n);
      } else return null; // `export = x` (TypeScript): not a list of names
    }
    const cjs = await this.commonJsExports(f, rel, mode, seen);
    if (cjs === null) return null;
    if (cjs !== 'none') {
      if (esm) return null; // both forms in one file: not read here
      return cjs;
    }
    return out;
  }

  /** `module.exports = {...}` / `exports.x =` / `module.exports = require('./x')`; 'none' without any. */
  private async commonJsExports(
    f: ParsedFile,
    rel: string,
    how: Resolution,
    seen: Set<string>
  ): Promise<Set<string> | null | 'none'> {
    const isModuleExports = (n: Node | null): boolean =>
      n?.type === 'member_expression' &&
      n.childForFieldName('object')?.text === 'module' &&
      n.childForFieldName('property')?.text === 'exports';
    const uses = [
      ...descendants(f.root, 'identifier').filter(n => n.text === 'exports'),
      ...descendants(f.root, 'member_expression').filter(isModuleExports)
    ];
    if (uses.length === 0) return 'none';
    const out = new Set<string>();
    let understood = 0;
    for (const st of f.root.namedChildren) {
      if (st?.type !== 'expression_statement') continue;
      const a = st.namedChildren[0];
      if (a?.type !== 'assignment_expression') continue;
      const left = a.childForFieldName('left');
      const right = a.childForFieldName('right');
      if (!left || !right) continue;
      if (isModuleExports(left)) {
        understood++;
        if (right.type === 'object') {
          for (const p of right.namedChildren) {
            if (!p) continue;
            if (p.type === 'shorthand_property_identifier') out.add(p.text);
            else if (p.type === 'pair' || p.type === 'method_definition') {
              const k = p.childForFieldName(p.type === 'pair' ? 'key' : 'name');
              if (k?.type === 'property_identifier') out.add(k.text);
              else if (k?.type === 'string') out.add(stringValue(k) ?? '');
              else return null;
            } else if (p.type !== 'comment') return null;
          }
        } else if (
          right.type === 'call_expression' &&
          right.childForFieldName('function')?.text === 'require' &&
          /^\(\s*['"]/.test(right.childForFieldName('arguments')?.text ?? '')
        ) {
          const spec = stringValue(right.childForFieldName('arguments')?.namedChildren[0]);
          const target = spec ? await this.resolveModule(rel, spec, how) : undefined;
          const names = target ? await this.exportsOf(target, how, seen) : null;
          if (!names) return null;
          for (const n of names) out.add(n);
        } else return null;
      } else if (left.type === 'member_expression') {
        const obj = left.childForFieldName('object');
        const prop = left.childForFieldName('property');
        if (prop?.type !== 'property_identifier') continue;
        if (obj?.type === 'identifier' && obj.text === 'exports') {
          understood++;
          out.add(prop.text);
        } else if (isModuleExports(obj)) {
          understood++;
          out.add(prop.text);
        }
      }
    }
    // Any other use (`exports[k] =`, Object.assign(module.exports, ...), a nested assignment): unknown.
    return understood === uses.length ? out : null;
  }

  /**
   * Where an exported name of a module is declared: follows `export { a as b }`, `export { a } from`,
   * `export *` and `export default <identifier>` within the tree. Undefined when not found in the tree.
   */
  async exportOrigin(
    rel: string,
    name: string,
    seen: Set<string> = new Set()
  ): Promise<{ file: string; decl: Node } | undefined> {
    const key = `${rel}#${name}`;
    if (seen.has(key) || seen.size >= MAX_DEPTH) return undefined;
    seen.add(key);
    const f = await this.file(rel);
    if (!f) return undefined;
    const how = this.resolutionOf(rel);
    const top = topLevelDeclarations(f.root);
    const local = async (n: string): Promise<{ file: string; decl: Node } | undefined> => {
      const d = top.get(n);
      if (!d) return undefined;
      if (d.type === 'identifier' || d.type === 'string') {
        // an import binding: follow it
        const b = importBindings(importStatementOf(d) ?? d).find(x => x.local === n);
        if (!b || b.imported === '*') return undefined;
        const target = await this.resolveModule(rel, b.source, how);
        return target ? this.exportOrigin(target, b.imported, seen) : undefined;
      }
      return { file: rel, decl: d };
    };
    for (const st of f.root.namedChildren) {
      if (st?.type !== 'export_statement') continue;
      const decl = st.childForFieldName('declaration');
      const source = st.childForFieldName('source');
      const clause = st.namedChildren.find(c => c?.type === 'export_clause');
      if (st.children.some(c => c?.type === 'default')) {
        if (name !== 'default') continue;
        if (decl) return { file: rel, decl };
        const value = st.childForFieldName('value');
        if (value?.type === 'identifier') return local(value.text);
        if (value && (CLASSES.has(value.type) || FUNCTIONS.has(value.type)))
          return { file: rel, decl: value };
        return undefined;
      }
      if (decl) {
        const d: ScopeDecls = { values: new Map(), types: new Set() };
        statementDecls(st, d);
        const hit = d.values.get(name);
        if (hit) return { file: rel, decl: hit };
      } else if (clause) {
        for (const sp of clause.namedChildren) {
          if (sp?.type !== 'export_specifier') continue;
          const n = sp.childForFieldName('name');
          const exported = sp.childForFieldName('alias') ?? n;
          if (!n || (stringValue(exported) ?? exported?.text) !== name) continue;
          const inner = stringValue(n) ?? n.text;
          if (!source) return local(inner);
          const target = await this.resolveModule(rel, stringValue(source) ?? '', how);
          return target ? this.exportOrigin(target, inner, seen) : undefined;
        }
      } else if (
        source &&
        !st.namedChildren.some(c => c?.type === 'namespace_export') &&
        name !== 'default'
      ) {
        const target = await this.resolveModule(rel, stringValue(source) ?? '', how);
        const hit = target ? await this.exportOrigin(target, name, seen) : undefined;
        if (hit) return hit;
      }
    }
    return undefined;
  }

  /**
   * The class a name refers to at `node` of file `rel`: a class or a function (a constructor
   * function, see classMembers) declared in the file or imported from a module of the tree.
   * Undefined when the name is anything else or not known.
   */
  async classNamed(rel: string, node: Node, name: string): Promise<{ file: string; decl: Node } | undefined> {
    const scope = resolveScope(node, name);
    if (!scope) return undefined;
    const d = scopeDecls(scope).values.get(name);
    if (!d) return undefined;
    if (CLASSES.has(d.type) || d.type === 'function_declaration') return { file: rel, decl: d };
    if (d.type === 'variable_declarator') {
      const v = d.childForFieldName('value');
      const isConst = d.parent?.type === 'lexical_declaration' && d.parent.children[0]?.type === 'const';
      if (v && CLASSES.has(v.type) && isConst && d.childForFieldName('name')?.type === 'identifier')
        return { file: rel, decl: v };
      return undefined;
    }
    const st = importStatementOf(d);
    if (st && scope.type === 'program') {
      const b = importBindings(st).find(x => x.local === name);
      if (!b || b.imported === '*' || b.typeOnly) return undefined;
      const target = await this.resolveModule(rel, b.source, this.resolutionOf(rel));
      const origin = target ? await this.exportOrigin(target, b.imported) : undefined;
      if (!origin) return undefined;
      if (CLASSES.has(origin.decl.type) || origin.decl.type === 'function_declaration') return origin;
      if (origin.decl.type === 'variable_declarator') {
        const v = origin.decl.childForFieldName('value');
        if (v && CLASSES.has(v.type)) return { file: origin.file, decl: v };
      }
    }
    return undefined;
  }

  /**
   * The members of a class (a class node of file `rel`), own and inherited through `extends` of a
   * class of the tree. Null when they cannot all be known: a base outside the tree or not a plain
   * name (a mixin call), computed or index-signature members, decorators, `this[...] =`, a
   * same-named interface or namespace (declaration merging),
   * `Object.assign(this, ...)`, or a use of its `prototype` not plain to see (js-prototype.ts).
   */
  async classMembers(rel: string, cls: Node, depth = 0): Promise<ClassMembers | null> {
    if (depth > MAX_DEPTH) return null;
    const f = await this.file(rel);
    if (!f) return null;
    if (cls.type === 'function_declaration') return this.functionClassMembers(f, cls, depth);
    const out: ClassMembers = { instance: new Map(), statics: new Map() };
    if (cls.children.some(c => c?.type === 'decorator')) return null;
    const body = cls.childForFieldName('body');
    if (!body) return null;
    const className = cls.childForFieldName('name')?.text;
    // A same-named interface or namespace merges into the class (TypeScript): not read here.
    const merged = descendants(f.root, ['interface_declaration', 'internal_module', 'module']).some(
      d => d.childForFieldName('name')?.text === className
    );
    if (merged) return null;
    if (className) {
      // `C.prototype.m = ...` and its aliases, as for a constructor function (no replacing it)
      const proto = prototypeOf(f, cls, className, false);
      if (!proto || !(await this.prototypeThisWrites(rel, proto, out.instance))) return null;
      for (const [k, v] of proto.members) out.instance.set(k, v);
      for (const [k, v] of proto.statics) out.statics.set(k, v);
    }
    for (const m of body.namedChildren) {
      if (!m || m.type === 'comment' || m.type === 'class_static_block' || m.type === 'decorator') continue;
      if (m.type === 'index_signature') return null;
      const isStatic = m.children.some(c => c?.type === 'static');
      const target = isStatic ? out.statics : out.instance;
      const nameNode = m.childForFieldName('name') ?? m.childForFieldName('property');
      if (!nameNode) return null;
      let name: string;
      if (
        nameNode.type === 'property_identifier' ||
        nameNode.type === 'private_property_identifier' ||
        nameNode.type === 'identifier'
      )
        name = nameNode.text;
      else if (nameNode.type === 'string') name = stringValue(nameNode) ?? '';
      else return null; // computed: unknown
      if (
        m.type === 'method_definition' ||
        m.type === 'abstract_method_signature' ||
        m.type === 'method_signature'
      ) {
        const accessor = m.children.some(c => c?.type === 'get' || c?.type === 'set');
        if (name === 'constructor' && !isStatic) {
          const params = m.childForFieldName('parameters');
          for (const p of params?.namedChildren ?? []) {
            if (p && p.children.some(c => c?.type === 'accessibility_modifier' || c?.type === 'readonly'))
              for (const n of patternNames(p)) out.instance.set(n, 'field');
          }
          continue;
        }
        target.set(name, accessor ? 'accessor' : 'method');
      } else if (m.type === 'field_definition' || m.type === 'public_field_definition') {
        if (!target.has(name)) target.set(name, 'field');
      } else return null;
    }
    // `this.x = ...` in methods, field initialisers and arrow functions of the class (not in a nested
    // function or class, where `this` is something else).
    const walk = (n: Node, isStatic: boolean): boolean => {
      for (const c of n.namedChildren) {
        if (!c) continue;
        if (CLASSES.has(c.type)) continue;
        if (FUNCTIONS.has(c.type) && c.type !== 'arrow_function' && c.type !== 'method_definition') continue;
        const w = thisMemberWrite(c);
        if (w === null) return false;
        const into = isStatic ? out.statics : out.instance;
        if (w !== undefined && !into.has(w)) into.set(w, 'field');
        const inStatic =
          c.type === 'method_definition' ? c.children.some(x => x?.type === 'static') : isStatic;
        if (!walk(c, inStatic)) return false;
      }
      return true;
    };
    if (!walk(body, false)) return null;
    // The base class.
    const heritage = cls.namedChildren.find(c => c?.type === 'class_heritage');
    if (heritage) {
      const ext =
        heritage.namedChildren.find(c => c?.type === 'extends_clause')?.childForFieldName('value') ??
        (heritage.namedChildren[0]?.type === 'implements_clause' ? undefined : heritage.namedChildren[0]);
      if (ext) {
        if (ext.type !== 'identifier') return null;
        const base = await this.classNamed(rel, ext, ext.text);
        if (!base) {
          this.log(`js-project: ${rel}: base class ${ext.text} is not a class of the tree: members unknown`);
          return null;
        }
        const inherited = await this.classMembers(base.file, base.decl, depth + 1);
        if (!inherited) return null;
        for (const [k, v] of inherited.instance) if (!out.instance.has(k)) out.instance.set(k, v);
        for (const [k, v] of inherited.statics) if (!out.statics.has(k)) out.statics.set(k, v);
      }
    }
    return out;
  }

  /**
   * The members of a constructor function `fn` of file `f` (prototype-built, js-prototype.ts):
   * `this.x =` in its body and in the methods stored on its prototype, the prototype's names, and a
   * base's members (`Object.create(B.prototype)`). Null when not all known, or when `new` on it may
   * give another object (it returns a value).
   */
  private async functionClassMembers(f: ParsedFile, fn: Node, depth: number): Promise<ClassMembers | null> {
    const name = fn.childForFieldName('name')?.text;
    const body = fn.childForFieldName('body');
    if (!name || !body || returnsValue(body)) return null;
    const proto = prototypeOf(f, fn, name, true);
    if (!proto) {
      this.log(`js-project: ${f.file}: what is done to ${name}.prototype is not all plain: members unknown`);
      return null;
    }
    for (const c of proto.constructors) {
      const names = exportNames(f.root, c.decl, c.name);
      let ok = names !== null;
      for (const n of names ?? []) ok = ok && (await this.usedHarmlessly(f.file, n));
      if (!ok) {
        this.log(
          `js-project: ${f.file}: ${c.name} is exported and used elsewhere in a way not read: members unknown`
        );
        return null;
      }
    }
    const out: ClassMembers = { instance: new Map(proto.members), statics: new Map(proto.statics) };
    if (!thisWrites(body, out.instance) || !(await this.prototypeThisWrites(f.file, proto, out.instance)))
      return null;
    if (proto.base) {
      const base = await this.classNamed(f.file, proto.base, proto.base.text);
      const inherited = base ? await this.classMembers(base.file, base.decl, depth + 1) : null;
      if (!inherited) {
        this.log(`js-project: ${f.file}: base ${proto.base.text} of ${name} is not a class of the tree`);
        return null;
      }
      for (const [k, v] of inherited.instance) if (!out.instance.has(k)) out.instance.set(k, v);
    }
    return out;
  }

  /** `this.x =` in the methods stored on a prototype, found where they are declared. */
  private async prototypeThisWrites(
    rel: string,
    proto: PrototypeInfo,
    into: Map<string, 'method' | 'field' | 'accessor'>
  ): Promise<boolean> {
    for (const m of proto.methods) {
      const body = m.childForFieldName('body');
      if (body && !thisWrites(body, into)) return false;
    }
    for (const ref of proto.methodRefs) {
      const fn = await this.functionOf(rel, ref);
      const body = fn?.decl.childForFieldName('body');
      if (!body || !thisWrites(body, into)) return false;
    }
    return true;
  }

  /** The function an identifier names: declared in the file, or imported from a module of the tree. */
  async functionOf(rel: string, ref: Node): Promise<{ file: string; decl: Node } | undefined> {
    const scope = resolveScope(ref, ref.text);
    const d = scope ? scopeDecls(scope).values.get(ref.text) : undefined;
    if (!d) return undefined;
    if (d.type === 'function_declaration' || d.type === 'generator_function_declaration')
      return { file: rel, decl: d };
    const st = importStatementOf(d);
    if (!st || scope?.type !== 'program') return undefined;
    const b = importBindings(st).find(x => x.local === ref.text);
    if (!b || b.imported === '*' || b.typeOnly) return undefined;
    const target = await this.resolveModule(rel, b.source, this.resolutionOf(rel));
    const origin = target ? await this.exportOrigin(target, b.imported) : undefined;
    return origin && FUNCTIONS.has(origin.decl.type) && origin.decl.type !== 'arrow_function'
      ? origin
      : undefined;
  }

  /**
   * The class whose instance `this` is at node `thisNode` of file `rel`: a method of an ES6 class
   * (thisClass), a constructor function, or a function stored on one prototype and used nowhere
   * else (`C.prototype.m = function () {...}`, a prototype literal, a function declaration used
   * only as `C.prototype.m = f`, or a function a module exports that every module of the tree
   * importing it uses only so). Undefined when not provable: a plain function used elsewhere too,
   * two classes storing it, a nested `function` (its own `this`), a module named where a parse
   * cannot follow (re-exported, required, a namespace import, `import()`).
   */
  async thisOf(
    rel: string,
    thisNode: Node
  ): Promise<{ file: string; decl: Node; isStatic: boolean } | undefined> {
    const t = thisClass(thisNode);
    if (t) return { file: rel, decl: t.cls, isStatic: t.isStatic };
    const f = await this.file(rel);
    const fn = thisFunction(thisNode);
    if (!f || !fn || (fn.type === 'method_definition' && fn.parent?.type !== 'object')) return undefined;
    const owners = prototypeOwners(f.root).map(o => ({
      ...o,
      info: prototypeOf(f, o.decl, o.name, o.decl.type === 'function_declaration')
    }));
    const exported = fn.parent?.type === 'export_statement' ? fn.parent : undefined;
    const instance = (file: string, decl: Node) => ({ file, decl, isStatic: false });
    if (fn.type !== 'function_declaration') {
      const hs = owners.filter(o => o.info?.methods.some(m => m.id === fn.id));
      if (hs.length === 1) return instance(rel, hs[0].decl);
      if (hs.length > 0 || !exported) return undefined;
      const h = await this.storedByImporters(rel, exported, fn);
      return h && instance(h.file, h.decl);
    }
    const name = fn.childForFieldName('name')?.text ?? '';
    const refs = referencesTo(f.root, fn, name);
    // the constructor function itself: its prototype is used, or it is called with `new`
    if (owners.some(o => o.decl.id === fn.id) || refs.some(r => r.parent?.type === 'new_expression'))
      return instance(rel, fn);
    if (exported) {
      if (refs.length > 0) return undefined;
      const h = await this.storedByImporters(rel, exported, fn);
      return h && instance(h.file, h.decl);
    }
    const h = storedOnlyOn(owners, refs);
    return h && instance(rel, h);
  }

  /** The JS/TS files of the tree (no node_modules, no dot folders, no links); null when over MAX_FILES. */
  private async treeFiles(): Promise<string[] | null> {
    this.allFiles ??= listTreeFiles(this.workdir, '', {
      skipDir: n => n === 'node_modules' || n.startsWith('.'),
      acceptFile: n => dialectOf(n) !== undefined,
      limit: MAX_FILES + 1
    }).then(
      fs => (fs.length > MAX_FILES ? null : fs),
      () => null
    );
    return this.allFiles;
  }

  /**
   * Every module of the tree that imports export `name` of file `rel` (re-exports followed) only
   * constructs it, calls it, tests `instanceof` or reads a member other than `prototype`: nothing
   * there can change its prototype or statics. False when not provable (a namespace handed on,
   * `require` or `import()` of the module, a file that does not parse).
   */
  async usedHarmlessly(rel: string, name: string, seen: Set<string> = new Set()): Promise<boolean> {
    const key = `${rel}#${name}`;
    if (seen.has(key)) return true;
    if (seen.size >= MAX_DEPTH) return false;
    seen.add(key);
    const files = await this.treeFiles();
    if (!files) return false;
    const harmless = (r: Node): boolean => {
      const p = r.parent;
      if (harmlessUse(r)) return true;
      if (p?.type !== 'member_expression' || p.childForFieldName('object')?.id !== r.id) return false;
      if (p.childForFieldName('property')?.text !== 'prototype') return !assignmentTarget(p);
      // C.prototype read: Object.create(C.prototype) (a subclass), C.prototype.m.call(this, ...)
      const q = p.parent;
      if (q?.type === 'arguments' && q.namedChildren.length === 1)
        return q.parent?.childForFieldName('function')?.text === 'Object.create';
      return (
        q?.type === 'member_expression' &&
        q.childForFieldName('object')?.id === p.id &&
        q.parent?.type === 'member_expression' &&
        q.parent.childForFieldName('object')?.id === q.id &&
        !assignmentTarget(q.parent)
      );
    };
    for (const g of files) {
      const gf = await this.file(g);
      if (!gf) return false;
      const how = this.resolutionOf(g);
      for (const c of descendants(gf.root, 'call_expression')) {
        const callee = c.childForFieldName('function');
        if (callee?.type !== 'import' && callee?.text !== 'require') continue;
        const spec = stringValue(c.childForFieldName('arguments')?.namedChildren[0]);
        if (spec === undefined || (await this.resolveModule(g, spec, how)) === rel) return false;
      }
      for (const st of descendants(gf.root, ['import_statement', 'export_statement'])) {
        const spec = stringValue(st.childForFieldName('source'));
        if (spec === undefined || (await this.resolveModule(g, spec, how)) !== rel) continue;
        if (st.type === 'export_statement') {
          const clause = st.namedChildren.find(c => c?.type === 'export_clause');
          if (st.namedChildren.some(c => c?.type === 'namespace_export')) return false;
          if (!clause) {
            if (name !== 'default' && !(await this.usedHarmlessly(g, name, seen))) return false;
            continue;
          }
          for (const sp of clause.namedChildren) {
            const n = sp?.type === 'export_specifier' ? sp.childForFieldName('name') : null;
            if (!n || (stringValue(n) ?? n.text) !== name) continue;
            const alias = sp!.childForFieldName('alias');
            if (!(await this.usedHarmlessly(g, stringValue(alias) ?? alias?.text ?? name, seen)))
              return false;
          }
          continue;
        }
        for (const b of importBindings(st)) {
          const refs = referencesTo(gf.root, b.node, b.local);
          if (b.imported === '*') {
            // a namespace: `ns.C` may only be used as C itself may
            for (const r of refs) {
              const p = r.parent;
              if (p?.type !== 'member_expression' || p.childForFieldName('object')?.id !== r.id) return false;
              if (p.childForFieldName('property')?.text === name && !harmless(p)) return false;
            }
          } else if (b.imported === name && !refs.every(harmless)) return false;
        }
      }
    }
    return true;
  }

  /**
   * The class on whose prototype every module of the tree that imports function `fn` (exported by
   * statement `exported` of file `rel`) stores it, and nothing else: one class, or undefined.
   */
  private async storedByImporters(
    rel: string,
    exported: Node,
    fn: Node
  ): Promise<{ file: string; decl: Node } | undefined> {
    const name = exported.children.some(c => c?.type === 'default')
      ? 'default'
      : fn.childForFieldName('name')?.text;
    const files = await this.treeFiles();
    if (!name || !files) return undefined;
    let holder: { file: string; decl: Node } | undefined;
    for (const g of files) {
      const gf = await this.file(g);
      if (!gf) {
        this.log(`js-project: ${g} is not parsed: who imports ${rel} is not known`);
        return undefined;
      }
      const how = this.resolutionOf(g);
      for (const c of descendants(gf.root, 'call_expression')) {
        const callee = c.childForFieldName('function');
        if (callee?.type !== 'import' && callee?.text !== 'require') continue;
        const arg = c.childForFieldName('arguments')?.namedChildren[0];
        const spec = stringValue(arg);
        if (spec === undefined || (await this.resolveModule(g, spec, how)) === rel) return undefined;
      }
      for (const st of descendants(gf.root, ['import_statement', 'export_statement'])) {
        const spec = stringValue(st.childForFieldName('source'));
        if (spec === undefined || (await this.resolveModule(g, spec, how)) !== rel) continue;
        if (st.type === 'export_statement') return undefined; // re-exported: anyone may call it
        for (const b of importBindings(st)) {
          if (b.imported === '*') return undefined;
          if (b.imported !== name) continue;
          const owners = prototypeOwners(gf.root).map(o => ({
            ...o,
            info: prototypeOf(gf, o.decl, o.name, o.decl.type === 'function_declaration')
          }));
          const h = storedOnlyOn(owners, referencesTo(gf.root, b.node, b.local));
          if (!h || (holder && (holder.file !== g || holder.decl.id !== h.id))) return undefined;
          holder = { file: g, decl: h };
        }
      }
    }
    return holder;
  }
}

/**
 * The one class of `owners` on whose prototype every use in `refs` stores the function (each is a
 * `C.prototype.m = f` or a prototype literal's value); undefined when there is no use, or another.
 */
function storedOnlyOn(owners: { decl: Node; info: PrototypeInfo | null }[], refs: Node[]): Node | undefined {
  if (refs.length === 0) return undefined;
  const hs = owners.filter(o => {
    const ids = new Set(o.info?.methodRefs.map(r => r.id));
    return refs.every(r => ids.has(r.id));
  });
  return hs.length === 1 ? hs[0].decl : undefined;
}

/** `n` is the left of an assignment (written). */
function assignmentTarget(n: Node): boolean {
  const p = n.parent;
  return (
    (p?.type === 'assignment_expression' || p?.type === 'augmented_assignment_expression') &&
    p.childForFieldName('left')?.id === n.id
  );
}

/** The import statement a binding node belongs to. */
export function importStatementOf(n: Node): Node | undefined {
  for (let p: Node | null = n; p; p = p.parent) if (p.type === 'import_statement') return p;
  return undefined;
}

/** The enclosing class of a node where `this` is the instance (or the class, in a static method). */
export function thisClass(node: Node): { cls: Node; isStatic: boolean } | undefined {
  let fn: Node | undefined;
  for (let p: Node | null = node.parent; p; p = p.parent) {
    if (FUNCTIONS.has(p.type) && p.type !== 'arrow_function') {
      fn = p;
      break;
    }
    if (p.type === 'field_definition' || p.type === 'public_field_definition') {
      const cls = p.parent?.parent;
      if (cls && CLASSES.has(cls.type)) return { cls, isStatic: p.children.some(c => c?.type === 'static') };
      return undefined;
    }
    if (p.type === 'class_static_block') {
      const cls = p.parent?.parent;
      return cls && CLASSES.has(cls.type) ? { cls, isStatic: true } : undefined;
    }
  }
  if (fn?.type !== 'method_definition') return undefined;
  const cls = fn.parent?.parent;
  if (fn.parent?.type !== 'class_body' || !cls || !CLASSES.has(cls.type)) return undefined;
  return { cls, isStatic: fn.children.some(c => c?.type === 'static') };
}
