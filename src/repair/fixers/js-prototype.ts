/**
 * Classes built the pre-ES6 way, read from a real parse (js-parse.ts): a constructor function and
 * what one file does to its `prototype`. Understood, and only at a place that is plain to see:
 *
 * - `function C() { this.x = ... }` (no `return` of a value);
 * - `C.prototype.m = ...`, `C.prototype = { ...literal }`, `Object.assign(C.prototype, {literal})`,
 *   `C.prototype = Object.create(B.prototype)` (B is the base);
 * - aliases: `var proto = C.prototype` (never reassigned), `F.prototype = C.prototype`.
 *
 * Anything else done with the prototype (a computed key, `prototype[k] =`, `delete`, the prototype
 * or, for a constructor function, the function itself handed to a call or stored elsewhere) makes
 * the members unknown: `null`, and the fixers decline.
 */
import type { Node, ParsedFile } from './js-parse.js';
import { descendants, resolveScope, scopeDecls, stringValue } from './js-project.js';

export type MemberKind = 'method' | 'field' | 'accessor';

/** What one file does to a class's prototype. */
export interface PrototypeInfo {
  /** Names given to the prototype. */
  members: Map<string, MemberKind>;
  /** Names set on the constructor itself (`C.x = ...`). */
  statics: Map<string, MemberKind>;
  /** Function nodes stored on the prototype: their `this` is an instance. */
  methods: Node[];
  /** Identifiers stored on the prototype (`C.prototype.m = f`): a function declared or imported. */
  methodRefs: Node[];
  /** `C.prototype = Object.create(B.prototype)`: the identifier B. */
  base?: Node;
  /** The functions whose `prototype` this is: the class or constructor, and aliases (`F.prototype = C.prototype`). */
  constructors: { decl: Node; name: string }[];
}

const ASSIGN = new Set(['assignment_expression', 'augmented_assignment_expression']);
const PATTERNS = new Set(['array_pattern', 'object_pattern', 'pair_pattern', 'rest_pattern']);
const FUNCTION_VALUES = new Set(['function_expression', 'function', 'generator_function']);

/** The declaration node a name node refers to (undefined: a global). */
export function declarationOf(n: Node): Node | undefined {
  const s = resolveScope(n, n.text);
  return s ? scopeDecls(s).values.get(n.text) : undefined;
}

/** Every use of the name `decl` declares (identifiers and shorthand properties), not its own name. */
export function referencesTo(root: Node, decl: Node, name: string): Node[] {
  const own = decl.childForFieldName('name');
  return descendants(root, ['identifier', 'shorthand_property_identifier']).filter(
    n =>
      n.text === name &&
      n.id !== own?.id &&
      n.id !== decl.id &&
      n.parent?.type !== 'import_specifier' && // the binding itself (`{ a as name }`)
      declarationOf(n)?.id === decl.id
  );
}

/** The assignment whose left side `n` is, directly. */
function assignmentTo(n: Node): Node | undefined {
  const p = n.parent;
  return p && ASSIGN.has(p.type) && p.childForFieldName('left')?.id === n.id ? p : undefined;
}

/** `n` is written: assigned, destructured into, deleted. */
function isWritten(n: Node): boolean {
  const p = n.parent;
  if (!p) return false;
  if (assignmentTo(n) || PATTERNS.has(p.type)) return true;
  if (p.type === 'unary_expression' && p.children[0]?.type === 'delete') return true;
  return p.type === 'update_expression';
}

function isTopLevelStatement(n: Node): boolean {
  return n.parent?.type === 'expression_statement' && n.parent.parent?.type === 'program';
}

/** A use of a constructor that cannot change its prototype: `new C`, `instanceof C`, `C(...)`, exports. */
export function harmlessUse(r: Node): boolean {
  const p = r.parent;
  if (!p) return false;
  if (p.type === 'new_expression' && p.childForFieldName('constructor')?.id === r.id) return true;
  if (p.type === 'call_expression' && p.childForFieldName('function')?.id === r.id) return true;
  if (
    p.type === 'binary_expression' &&
    p.childForFieldName('operator')?.type === 'instanceof' &&
    p.childForFieldName('right')?.id === r.id
  )
    return true;
  if (p.type === 'export_specifier') return true;
  return p.type === 'export_statement' && p.childForFieldName('value')?.id === r.id;
}

/** `constructor: C` in an object literal or `X.constructor = C`: harmless only on C's own prototype. */
function isConstructorValue(r: Node): boolean {
  const p = r.parent;
  if (p?.type === 'pair')
    return p.childForFieldName('value')?.id === r.id && p.childForFieldName('key')?.text === 'constructor';
  if (p?.type !== 'assignment_expression' || p.childForFieldName('right')?.id !== r.id) return false;
  return p.childForFieldName('left')?.childForFieldName('property')?.text === 'constructor';
}

/** The `Object.create(B.prototype)` base identifier, or undefined. */
function objectCreateBase(v: Node): Node | undefined {
  if (v.type !== 'call_expression' || v.childForFieldName('function')?.text !== 'Object.create')
    return undefined;
  const args = v.childForFieldName('arguments')?.namedChildren.filter(a => a?.type !== 'comment') ?? [];
  const a = args[0];
  if (args.length !== 1 || a?.type !== 'member_expression') return undefined;
  const o = a.childForFieldName('object');
  return o?.type === 'identifier' && a.childForFieldName('property')?.text === 'prototype' ? o : undefined;
}

/**
 * What file `f` does to the prototype of the class or constructor function `decl` named `name`.
 * `strict` (a constructor function): every use of the name must be one that cannot touch the
 * prototype; for an ES6 class only the uses of `C.prototype` are read. Null: not all known.
 */
export function prototypeOf(f: ParsedFile, decl: Node, name: string, strict: boolean): PrototypeInfo | null {
  const info: PrototypeInfo = {
    members: new Map(),
    statics: new Map(),
    methods: [],
    methodRefs: [],
    constructors: [{ decl, name }]
  };
  const work: Node[] = [];
  // `constructor: C` / `P.constructor = C`: harmless on this prototype, checked at the end
  const constructorValues: Node[] = [];
  const seenValues = new Set<number>();
  const skip = new Set<number>(); // `F.prototype` on the left of the assignment that aliases it
  let replaced: Node | undefined;
  const seenDecls = new Set<number>([decl.id]);

  /** The uses of a constructor (or of a function whose prototype aliases this one). */
  const constructorUses = (d: Node, n: string, isClass: boolean): boolean => {
    for (const r of referencesTo(f.root, d, n)) {
      const p = r.parent;
      if (p?.type === 'member_expression' && p.childForFieldName('object')?.id === r.id) {
        const prop = p.childForFieldName('property');
        if (prop?.text === 'prototype') {
          work.push(p);
          continue;
        }
        if (isClass && isWritten(p)) {
          if (prop?.type !== 'property_identifier' || !assignmentTo(p)) return false;
          info.statics.set(prop.text, 'field');
        }
        continue; // a read: C.call(this), C.name
      }
      if (isConstructorValue(r)) constructorValues.push(r);
      else if (strict && !harmlessUse(r)) return false;
    }
    return true;
  };

  const addValue = (key: string, value: Node | null): boolean => {
    if (key === '__proto__') return false;
    if (value) seenValues.add(value.id);
    let v = value;
    while (v && (v.type === 'assignment_expression' || v.type === 'parenthesized_expression'))
      v = v.type === 'assignment_expression' ? v.childForFieldName('right') : v.namedChildren[0];
    if (v && FUNCTION_VALUES.has(v.type)) {
      info.methods.push(v);
      info.members.set(key, 'method');
    } else if (v?.type === 'identifier') {
      info.methodRefs.push(v);
      info.members.set(key, 'method');
    } else if (!info.members.has(key))
      info.members.set(key, v?.type === 'arrow_function' ? 'method' : 'field');
    return true;
  };

  const literal = (obj: Node): boolean => {
    for (const p of obj.namedChildren) {
      if (!p || p.type === 'comment') continue;
      if (p.type === 'shorthand_property_identifier') {
        if (!addValue(p.text, null)) return false;
        info.methodRefs.push(p);
      } else if (p.type === 'pair' || p.type === 'method_definition') {
        const k = p.childForFieldName(p.type === 'pair' ? 'key' : 'name');
        let key: string | undefined;
        if (k?.type === 'property_identifier' || k?.type === 'number') key = k.text;
        else if (k?.type === 'string') key = stringValue(k);
        if (key === undefined) return false; // computed
        if (p.type === 'pair') {
          if (!addValue(key, p.childForFieldName('value'))) return false;
        } else {
          if (key === '__proto__') return false;
          const accessor = p.children.some(c => c?.type === 'get' || c?.type === 'set');
          info.members.set(key, accessor ? 'accessor' : 'method');
          info.methods.push(p);
        }
      } else return false; // a spread
    }
    return true;
  };

  /** `F.prototype` (the left of an assignment) is made this prototype: F's uses count too. */
  const aliasFunction = (l: Node | null): boolean => {
    const fn = l?.type === 'member_expression' ? l.childForFieldName('object') : null;
    if (!l || l.childForFieldName('property')?.text !== 'prototype' || fn?.type !== 'identifier')
      return false;
    const d = declarationOf(fn);
    if (!d || seenDecls.has(d.id)) return false;
    seenDecls.add(d.id);
    skip.add(l.id);
    info.constructors.push({ decl: d, name: fn.text });
    return constructorUses(d, fn.text, false) && strictUses(d, fn.text);
  };

  /** One place where the value of the prototype is (`P`): what is done with it. */
  const use = (P: Node): boolean => {
    const p = P.parent;
    if (!p) return false;
    if (p.type === 'parenthesized_expression') {
      work.push(p);
      return true;
    }
    if (
      (p.type === 'member_expression' || p.type === 'subscript_expression') &&
      p.childForFieldName('object')?.id === P.id
    ) {
      if (!isWritten(p)) return true; // a read: C.prototype.m.call(this)
      const prop = p.childForFieldName('property');
      const a = assignmentTo(p);
      if (p.type !== 'member_expression' || prop?.type !== 'property_identifier' || !a) return false;
      if (a.type === 'assignment_expression') return addValue(prop.text, a.childForFieldName('right'));
      if (!info.members.has(prop.text)) info.members.set(prop.text, 'field');
      return true;
    }
    if (p.type === 'assignment_expression' && p.childForFieldName('left')?.id === P.id) {
      // C.prototype = ...: once, at the top level, on the class's own name
      const obj = P.type === 'member_expression' ? P.childForFieldName('object') : null;
      if (obj?.text !== name || declarationOf(obj)?.id !== decl.id) return false;
      // (an ES6 class's prototype cannot be replaced: the assignment throws in a module)
      if (!strict || replaced || !isTopLevelStatement(p)) return false;
      replaced = P;
      let v = p.childForFieldName('right');
      // C.prototype = F.prototype = {...}: F's prototype is the same object
      while (v?.type === 'assignment_expression') {
        if (!aliasFunction(v.childForFieldName('left'))) return false;
        v = v.childForFieldName('right');
      }
      if (v?.type === 'object') return literal(v);
      const base = v ? objectCreateBase(v) : undefined;
      if (!base) return false;
      info.base = base;
      return true;
    }
    if (p.type === 'assignment_expression' && p.childForFieldName('right')?.id === P.id) {
      // F.prototype = C.prototype: F's prototype is this one
      if (!aliasFunction(p.childForFieldName('left'))) return false;
      work.push(p);
      return true;
    }
    if (p.type === 'expression_statement') return true;
    if (p.type === 'variable_declarator' && p.childForFieldName('value')?.id === P.id) {
      const id = p.childForFieldName('name');
      if (id?.type !== 'identifier' || seenDecls.has(p.id)) return false;
      seenDecls.add(p.id);
      for (const r of referencesTo(f.root, p, id.text)) {
        if (r.type !== 'identifier' || assignmentTo(r)) return false;
        work.push(r);
      }
      return true;
    }
    if (p.type === 'arguments') {
      const call = p.parent;
      const fn = call?.childForFieldName('function')?.text;
      const args = p.namedChildren.filter((a): a is Node => a !== null && a.type !== 'comment');
      if (fn === 'Object.assign' && args[0]?.id === P.id) {
        for (const a of args.slice(1)) if (a.type !== 'object' || !literal(a)) return false;
        work.push(call!);
        return true;
      }
      return fn === 'Object.create' && args.length === 1; // a new object inheriting it
    }
    if (p.type === 'binary_expression') {
      const op = p.childForFieldName('operator')?.type ?? '';
      return ['===', '!==', '==', '!='].includes(op);
    }
    return false;
  };

  /** The uses of an aliasing function other than through `.prototype`: none may hand it on. */
  const strictUses = (d: Node, n: string): boolean =>
    referencesTo(f.root, d, n).every(r => {
      const p = r.parent;
      return (
        (p?.type === 'member_expression' && p.childForFieldName('object')?.id === r.id) || harmlessUse(r)
      );
    });

  if (!constructorUses(decl, name, true)) return null;
  const uses: Node[] = [];
  while (work.length > 0) {
    const P = work.pop()!;
    if (skip.has(P.id)) continue;
    uses.push(P);
    if (!use(P)) return null;
  }
  if (!constructorValues.every(r => seenValues.has(r.id))) return null;
  // Uses before the prototype was replaced are of the old one: not read here.
  const r = replaced;
  if (r && uses.some(u => u.id !== r.id && u.startIndex < r.parent!.endIndex)) return null;
  return info;
}

/**
 * What node `c` says about the members of `this`: the name of a `this.x = …`, null when it gives
 * `this` members a parse cannot name (`this[k] = …`, `Object.assign(this, …)` & co.), else undefined.
 */
export function thisMemberWrite(c: Node): string | null | undefined {
  const object = c.childForFieldName('object')?.type;
  if (c.type === 'member_expression' && object === 'this' && assignmentTo(c)) {
    const p = c.childForFieldName('property');
    return p?.type === 'property_identifier' || p?.type === 'private_property_identifier'
      ? p.text
      : undefined;
  }
  if (c.type === 'subscript_expression' && object === 'this' && isWritten(c)) return null;
  if (
    c.type === 'call_expression' &&
    /^Object\.(assign|defineProperty|defineProperties|setPrototypeOf)$/.test(
      c.childForFieldName('function')?.text ?? ''
    ) &&
    /^\(\s*this\b/.test(c.childForFieldName('arguments')?.text ?? '')
  )
    return null;
  return undefined;
}

/**
 * `this.x = ...` in a function body (arrow functions included; not nested functions or classes,
 * where `this` is another object), into `into`. False when `this` gets members a parse cannot
 * name (see thisMemberWrite).
 */
export function thisWrites(body: Node, into: Map<string, MemberKind>): boolean {
  for (const c of body.namedChildren) {
    if (!c) continue;
    if (c.type === 'class_declaration' || c.type === 'class') continue;
    if (
      FUNCTION_VALUES.has(c.type) ||
      c.type === 'function_declaration' ||
      c.type === 'generator_function_declaration' ||
      c.type === 'method_definition'
    )
      continue;
    const w = thisMemberWrite(c);
    if (w === null) return false;
    if (w !== undefined && !into.has(w)) into.set(w, 'field');
    if (!thisWrites(c, into)) return false;
  }
  return true;
}

/** A `return <value>` of the function body itself (then `new C` may give another object). */
export function returnsValue(body: Node): boolean {
  for (const c of body.namedChildren) {
    if (!c) continue;
    if (FUNCTION_VALUES.has(c.type) || c.type === 'arrow_function' || c.type.endsWith('function_declaration'))
      continue;
    if (c.type === 'class_declaration' || c.type === 'class' || c.type === 'method_definition') continue;
    if (c.type === 'return_statement' && c.namedChildren.some(x => x && x.type !== 'comment')) return true;
    if (returnsValue(c)) return true;
  }
  return false;
}

/** The nearest function around `node` that has a `this` of its own (not an arrow function). */
export function thisFunction(node: Node): Node | undefined {
  for (let p: Node | null = node.parent; p; p = p.parent) {
    if (p.type === 'arrow_function') continue;
    if (
      FUNCTION_VALUES.has(p.type) ||
      p.type === 'function_declaration' ||
      p.type === 'generator_function_declaration' ||
      p.type === 'method_definition'
    )
      return p;
    if (
      p.type === 'field_definition' ||
      p.type === 'public_field_definition' ||
      p.type === 'class_static_block' ||
      p.type === 'class_body'
    )
      return undefined;
  }
  return undefined;
}

/**
 * The names under which a file exports the declaration `decl` named `name` (`export function C`,
 * `export { C as D }`, `export default C`); null when it leaves the file otherwise in a way not
 * followed here (`module.exports`, `exports.C =`).
 */
export function exportNames(root: Node, decl: Node, name: string): string[] | null {
  const out: string[] = [];
  if (decl.parent?.type === 'export_statement')
    out.push(decl.parent.children.some(c => c?.type === 'default') ? 'default' : name);
  for (const r of referencesTo(root, decl, name)) {
    const p = r.parent;
    if (p?.type === 'export_specifier') {
      const alias = p.childForFieldName('alias');
      out.push(stringValue(alias) ?? alias?.text ?? name);
    } else if (p?.type === 'export_statement') out.push('default');
  }
  const cjs = descendants(root, ['identifier', 'member_expression']).some(
    n => (n.type === 'identifier' && n.text === 'exports') || n.text === 'module.exports'
  );
  return cjs ? null : out;
}

/** The constructor functions and classes of a file whose `prototype` is used in it. */
export function prototypeOwners(root: Node): { decl: Node; name: string }[] {
  const out = new Map<number, { decl: Node; name: string }>();
  for (const m of descendants(root, 'member_expression')) {
    const o = m.childForFieldName('object');
    if (o?.type !== 'identifier' || m.childForFieldName('property')?.text !== 'prototype') continue;
    const d = declarationOf(o);
    if (d && (d.type === 'function_declaration' || d.type.includes('class')) && !out.has(d.id))
      out.set(d.id, { decl: d, name: o.text });
  }
  return [...out.values()];
}
