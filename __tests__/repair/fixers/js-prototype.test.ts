/**
 * Classes built the pre-ES6 way (js-prototype.ts through JsProject): the members a parse can prove,
 * what `this` is in a function stored on a prototype, and the traps that must stay unknown.
 */
import type { Node } from '../../../src/repair/fixers/js-parse.js';
import { descendants, JsProject } from '../../../src/repair/fixers/js-project.js';
import { makeTree } from '../helpers/tree.js';

const sorted = (m: Map<string, unknown> | undefined): string[] | null => (m ? [...m.keys()].sort() : null);

async function project(files: Record<string, string>): Promise<{ p: JsProject; log: string[] }> {
  const dir = await makeTree(files);
  const log: string[] = [];
  return { p: new JsProject(dir, m => log.push(m)), log };
}

/** The function or class declaration named `name` of a file. */
async function declOf(p: JsProject, file: string, name: string): Promise<Node> {
  const f = await p.file(file);
  const d = descendants(f!.root, ['function_declaration', 'class_declaration']).find(
    c => c.childForFieldName('name')?.text === name
  );
  if (!d) throw new Error(`no ${name} in ${file}`);
  return d;
}

const instance = async (p: JsProject, file: string, name: string): Promise<string[] | null> =>
  sorted((await p.classMembers(file, await declOf(p, file, name)))?.instance);

/** The class `this` is at the `this` of line `line` (1-based) of a file: its name, or undefined. */
async function thisAt(p: JsProject, file: string, line: number): Promise<string | undefined> {
  const f = await p.file(file);
  const t = descendants(f!.root, 'this').filter(n => n.startPosition.row === line - 1);
  if (t.length !== 1) throw new Error(`not one this on line ${line}`);
  const c = await p.thisOf(file, t[0]);
  return c ? (c.decl.childForFieldName('name')?.text ?? '?') : undefined;
}

describe('prototype-built classes: members', () => {
  it('this.x = in the constructor and in stored methods, C.prototype.m =, Object.assign, an alias, a stored declaration', async () => {
    const { p } = await project({
      'c.js': [
        'export function C(a) {',
        '  this.x = a;',
        '  const f = () => { this.arrow = 1; };',
        '  function inner() { this.notMine = 1; }',
        '}',
        'C.prototype.m = function () { this.y = 2; };',
        'C.prototype.n = helper;',
        'function helper() { this.z = 3; }',
        'Object.assign(C.prototype, { a() {}, b: 1, get c() { return 1; } });',
        'var proto = C.prototype;',
        'proto.k = function () {};',
        'C.create = function () { return new C(1); };',
        'if (C.prototype.m.length > 0) C.prototype.m.call(new C(1));',
        ''
      ].join('\n')
    });
    expect(await instance(p, 'c.js', 'C')).toEqual(['a', 'arrow', 'b', 'c', 'k', 'm', 'n', 'x', 'y', 'z']);
    expect(sorted((await p.classMembers('c.js', await declOf(p, 'c.js', 'C')))?.statics)).toEqual(['create']);
  });

  it('a literal replaces the prototype; Object.create(B.prototype) inherits B (imported from the tree)', async () => {
    const { p } = await project({
      'package.json': '{"type":"module"}',
      'd.js':
        'export function D() { this.id = 1; }\nD.prototype = {\n  constructor: D,\n  get size() { return 0; },\n  run() {},\n  "quoted": 1\n};\n',
      'e.js':
        "import { D } from './d.js';\nfunction E() { D.call(this); this.own = 1; }\nE.prototype = Object.create(D.prototype);\nE.prototype.extra = function () {};\nexport const e = new E();\n"
    });
    expect(await instance(p, 'd.js', 'D')).toEqual(['constructor', 'id', 'quoted', 'run', 'size']);
    expect(await instance(p, 'e.js', 'E')).toEqual([
      'constructor',
      'extra',
      'id',
      'own',
      'quoted',
      'run',
      'size'
    ]);
  });

  it("an ES6 class whose prototype another function shares (d3-path's `path.prototype = Path.prototype`)", async () => {
    const { p } = await project({
      'p.js':
        'export class Path {\n  constructor() { this._ = ""; }\n  moveTo() {}\n}\nexport function path() {\n  return new Path();\n}\npath.prototype = Path.prototype;\npath.prototype.lineTo = function () {};\n'
    });
    expect(await instance(p, 'p.js', 'Path')).toEqual(['_', 'lineTo', 'moveTo']);
  });

  it('C.prototype = F.prototype = {...}: one object, written through either name; unknown when F is handed on', async () => {
    const SRC =
      'function C() {}\nexport function make() {\n  return new C();\n}\nC.prototype = make.prototype = {\n  constructor: C,\n  m() { return this; }\n};\nmake.prototype.k = 1;\n';
    const { p } = await project({ 'c.js': SRC, 'd.js': SRC + 'register(make);\n' });
    expect(await instance(p, 'c.js', 'C')).toEqual(['constructor', 'k', 'm']);
    expect(await thisAt(p, 'c.js', 7)).toBe('C');
    expect(await instance(p, 'd.js', 'C')).toBeNull();
  });

  it('an exported constructor: known while every importer (re-exports and namespaces followed) only uses it; unknown when one writes its prototype', async () => {
    const base = {
      'package.json': '{"type":"module"}',
      'src/queue.js':
        'export function Queue() {\n  this.items = [];\n}\nQueue.prototype.size = function () {};\n',
      'src/index.js': "export { Queue as Q } from './queue.js';\nexport * from './queue.js';\n",
      'test/q-test.js':
        "import { Q } from '../src/index.js';\nimport * as all from '../src/index.js';\nconst q = new Q();\nconsole.log(q instanceof all.Queue, Q.name, new all.Q());\n"
    };
    const known = await project(base);
    expect(await instance(known.p, 'src/queue.js', 'Queue')).toEqual(['items', 'size']);
    const traps: Record<string, string> = {
      direct: "import { Queue } from '../src/queue.js';\nQueue.prototype.extra = 1;\n",
      barrel: "import { Q } from '../src/index.js';\nQ.prototype.extra = 1;\n",
      star: "import { Queue } from '../src/index.js';\nObject.assign(Queue.prototype, { extra: 1 });\n",
      namespace: "import * as all from '../src/index.js';\nall.Q.prototype.extra = 1;\n",
      namespaceHandedOn: "import * as all from '../src/index.js';\npatch(all);\n",
      staticWrite: "import { Q } from '../src/index.js';\nQ.extra = 1;\n",
      required: "const { Queue } = require('../src/queue.js');\n"
    };
    for (const [name, src] of Object.entries(traps)) {
      const { p, log } = await project({ ...base, 'test/trap-test.js': src });
      expect([name, await instance(p, 'src/queue.js', 'Queue')]).toEqual([name, null]);
      expect(log.join('\n')).toMatch(/Queue is exported and used elsewhere/);
    }
  });

  it('unknown: computed keys, the prototype or the constructor handed on, replaced late or by unknown code, delete, spreads', async () => {
    const traps: Record<string, string> = {
      computed: 'function C() {}\nconst k = "m";\nC.prototype[k] = function () {};\n',
      computedKey: 'function C() {}\nconst k = "m";\nC.prototype = { [k]() {} };\n',
      helper: 'function define(c, p) { c.prototype = p; }\nfunction C() {}\ndefine(C, { m() {} });\n',
      protoToCall: 'function C() {}\nfunction mixin(p) { p.m = 1; }\nmixin(C.prototype);\n',
      defineProperty: 'function C() {}\nObject.defineProperty(C.prototype, "m", { value: 1 });\n',
      assignNotLiteral: 'function C() {}\nconst more = { m() {} };\nObject.assign(C.prototype, more);\n',
      replacedByCall: 'function C() {}\nfunction make() { return {}; }\nC.prototype = make();\n',
      replacedAfterWrite: 'function C() {}\nC.prototype.a = 1;\nC.prototype = { b() {} };\n',
      replacedInFunction:
        'function C() {}\nC.prototype.a = 1;\nexport function later() { C.prototype = {}; }\n',
      aliasReassigned: 'function C() {}\nvar p = C.prototype;\np.a = 1;\np = {};\np.b = 2;\n',
      aliasOfCtor: 'function C() {}\nconst K = C;\nK.prototype.m = 1;\n',
      deleted: 'function C() {}\nC.prototype.m = 1;\ndelete C.prototype.m;\n',
      protoChain: 'function B() {}\nfunction C() {}\nC.prototype.__proto__ = B.prototype;\n',
      spread: 'function C() {}\nconst o = { m() {} };\nC.prototype = { ...o };\n',
      thisComputed: 'function C(k) { this[k] = 1; }\nC.prototype.m = function () {};\n',
      thisAssign: 'function C() {}\nC.prototype.init = function (o) { Object.assign(this, o); };\n',
      returnsObject: 'function C() { return { other: 1 }; }\nC.prototype.m = function () {};\n',
      storedImport: "import { far } from 'elsewhere';\nfunction C() {}\nC.prototype.m = far;\n",
      baseOutside:
        "import { B } from 'elsewhere';\nfunction C() {}\nC.prototype = Object.create(B.prototype);\n",
      setPrototypeOf: 'function B() {}\nfunction C() {}\nObject.setPrototypeOf(C.prototype, B.prototype);\n'
    };
    for (const [name, src] of Object.entries(traps)) {
      const { p } = await project({ 'package.json': '{"type":"module"}', 'c.js': src });
      expect([name, await instance(p, 'c.js', 'C')]).toEqual([name, null]);
    }
  });

  it('an ES6 class: C.prototype.m = adds a member; a computed write or a replacement is unknown', async () => {
    const { p } = await project({
      'a.js': 'class A { m() {} }\nA.prototype.n = function () {};\n',
      'b.js': 'class B { m() {} }\nB.prototype = { n() {} };\n',
      'c.js': 'class C { m() {} }\nconst k = "n";\nC.prototype[k] = 1;\n'
    });
    expect(await instance(p, 'a.js', 'A')).toEqual(['m', 'n']);
    expect(await instance(p, 'b.js', 'B')).toBeNull();
    expect(await instance(p, 'c.js', 'C')).toBeNull();
  });
});

describe('prototype-built classes: what `this` is', () => {
  const SRC = [
    'function C() {', // 1
    '  this.a = 1;', // 2
    '}',
    'C.prototype.m = function () {',
    '  const f = () => this.a;', // 5: an arrow function has the method's this
    '  function g() { return this; }', // 6: a nested function has its own
    '  return [f, g];',
    '};',
    'C.prototype.w = 1;',
    'function stored() { return this.a; }', // 10: used only as a method of C
    'C.prototype.s = stored;',
    'function shared() { return this.a; }', // 12: a method of C and of D
    'C.prototype.t = shared;',
    'function D() {}',
    'D.prototype.t = shared;',
    'function called() { return this; }', // 16: also called plainly
    'C.prototype.u = called;',
    'called();',
    'function plain() { return this; }', // 19: never constructed nor stored
    'plain();',
    'const lit = { v() { return this; } };', // 21: an object that is no prototype
    ''
  ].join('\n');

  it('the constructor, a stored function expression and an arrow in it, a declaration stored once', async () => {
    const { p } = await project({ 'c.js': SRC });
    expect(await thisAt(p, 'c.js', 2)).toBe('C');
    expect(await thisAt(p, 'c.js', 5)).toBe('C');
    expect(await thisAt(p, 'c.js', 10)).toBe('C');
  });

  it('unknown: a nested function, a function stored on two classes or also called plainly, a plain function, an object literal', async () => {
    const { p } = await project({ 'c.js': SRC });
    for (const line of [6, 12, 16, 19, 21])
      expect([line, await thisAt(p, 'c.js', line)]).toEqual([line, undefined]);
  });

  it('a method in a prototype literal; nothing when the prototype is not all known', async () => {
    const { p } = await project({
      'ok.js': 'function C() {}\nC.prototype = {\n  m() { return this; }\n};\n',
      'no.js':
        'function C() {}\nC.prototype = {\n  m() { return this; }\n};\nconst k = "x";\nC.prototype[k] = 1;\n'
    });
    expect(await thisAt(p, 'ok.js', 3)).toBe('C');
    expect(await thisAt(p, 'no.js', 3)).toBeUndefined();
  });
});

describe('prototype-built classes: a method another module stores (d3-quadtree: treeProto.add = tree_add)', () => {
  const ADD =
    'export default function (d) {\n  return this.cover(d);\n}\nexport function addAll(d) {\n  return this.cover(d);\n}\n';
  const TREE =
    "import tree_add, { addAll as tree_addAll } from './add.js';\nexport function Tree() {\n  this._x = 1;\n}\nvar proto = Tree.prototype;\nproto.add = tree_add;\nproto.addAll = tree_addAll;\nproto.cover = function () { return this; };\n";
  const base = {
    'package.json': '{"type":"module"}',
    'src/add.js': ADD,
    'src/tree.js': TREE,
    'src/index.js': "export { Tree } from './tree.js';\n",
    'test/tree-test.js': "import { Tree } from '../src/index.js';\nnew Tree().add(1);\n"
  };

  it('this in an exported function every importer stores on one prototype: that class, with its members', async () => {
    const { p } = await project(base);
    expect(await thisAt(p, 'src/add.js', 2)).toBe('Tree');
    expect(await thisAt(p, 'src/add.js', 5)).toBe('Tree');
    expect(await instance(p, 'src/tree.js', 'Tree')).toEqual(['_x', 'add', 'addAll', 'cover']);
  });

  it('unknown when any module uses it otherwise, re-exports it, names the module where a parse cannot follow, or does not parse', async () => {
    const traps: Record<string, Record<string, string>> = {
      calledPlainly: { 'src/other.js': "import add from './add.js';\nadd.call({ cover() {} }, 1);\n" },
      reExported: {
        'src/index.js': "export { Tree } from './tree.js';\nexport { default as add } from './add.js';\n"
      },
      namespace: { 'src/other.js': "import * as a from './add.js';\nexport const f = a.addAll;\n" },
      required: { 'src/other.cjs': "const a = require('./add.js');\n" },
      dynamicImport: { 'src/other.js': "const which = './add.js';\nexport const a = import(which);\n" },
      twoClasses: {
        'src/other.js':
          "import tree_add, { addAll } from './add.js';\nfunction Other() {}\nOther.prototype.add = tree_add;\nOther.prototype.addAll = addAll;\n"
      },
      syntaxError: { 'test/broken-test.js': 'import { Tree } from "../src/index.js";\nnew Tree(;\n' }
    };
    for (const [name, extra] of Object.entries(traps)) {
      const { p } = await project({ ...base, ...extra });
      expect([name, await thisAt(p, 'src/add.js', 2)]).toEqual([name, undefined]);
    }
  });
});
