/**
 * js-project on small trees: exports (re-export chains, CommonJS), class members (inherited through
 * imports), scopes, and the hostile tree: links, a huge file, a syntax error.
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { MAX_PARSE_BYTES, parseSource, type Node } from '../../../src/repair/fixers/js-parse.js';
import {
  allDeclaredNames,
  descendants,
  JsProject,
  namesInScope,
  resolveScope
} from '../../../src/repair/fixers/js-project.js';
import { makeTree } from '../helpers/tree.js';

const sorted = (s: Set<string> | null | undefined): string[] | null => (s ? [...s].sort() : null);

async function project(files: Record<string, string>): Promise<{ dir: string; p: JsProject; log: string[] }> {
  const dir = await makeTree(files);
  const log: string[] = [];
  return { dir, p: new JsProject(dir, m => log.push(m)), log };
}

/** The class node named `name` of a parsed file. */
async function classOf(p: JsProject, file: string, name: string): Promise<Node> {
  const f = await p.file(file);
  const cls = descendants(f!.root, ['class_declaration', 'class']).find(
    c => c.childForFieldName('name')?.text === name
  );
  if (!cls) throw new Error(`no class ${name} in ${file}`);
  return cls;
}

describe('JsProject exports', () => {
  it('follows re-export chains: export *, export { a as b } from, a barrel of barrels; default is not re-exported by *', async () => {
    const { p } = await project({
      'src/index.ts':
        "export * from './a.js';\nexport { helper as help, other } from './b';\nexport * as ns from './c';\n",
      'src/a.ts':
        "export * from './deep/index';\nexport const alpha = 1;\nexport default function main() {}\n",
      'src/deep/index.ts':
        'export function deep() {}\nexport class Deep {}\nexport interface Shape { x: number }\nexport type Id = string;\nexport enum Color { Red }\n',
      'src/b.ts': 'export function helper() {}\nexport let other = 2, more = 3;\n',
      'src/c.ts': 'export const gamma = 3;\n'
    });
    expect(sorted(await p.exportsOf('src/index.ts'))).toEqual(
      ['Color', 'Deep', 'Id', 'Shape', 'alpha', 'deep', 'help', 'ns', 'other'].sort()
    );
    expect(sorted(await p.exportsOf('src/a.ts'))).toContain('default');
    const origin = await p.exportOrigin('src/index.ts', 'help');
    expect(origin?.file).toBe('src/b.ts');
    expect(origin?.decl.childForFieldName('name')?.text).toBe('helper');
    expect((await p.exportOrigin('src/index.ts', 'Deep'))?.file).toBe('src/deep/index.ts');
  });

  it('export cycles add nothing; export * from a package or a missing file: unknown', async () => {
    const { p } = await project({
      'a.js': "export * from './b.js';\nexport const a = 1;\n",
      'b.js': "export * from './a.js';\nexport const b = 1;\n",
      'pkg.js': "export * from 'lodash';\nexport const c = 1;\n",
      'gone.js': "export * from './nowhere.js';\n"
    });
    expect(sorted(await p.exportsOf('a.js'))).toEqual(['a', 'b']);
    expect(await p.exportsOf('pkg.js')).toBeNull();
    expect(await p.exportsOf('gone.js')).toBeNull();
  });

  it('CommonJS: module.exports = {...}, exports.x =, module.exports.y =, = require(); anything else unknown', async () => {
    const { p } = await project({
      'obj.js': "function a() {}\nmodule.exports = { a, b: 1, 'c': 2, d() {} };\n",
      'dots.js': 'exports.x = 1;\nmodule.exports.y = 2;\n',
      'req.js': "module.exports = require('./obj');\n",
      'computed.js': "const k = 'z';\nexports[k] = 1;\nexports.w = 1;\n",
      'spread.js': 'const base = {};\nmodule.exports = { ...base, q: 1 };\n',
      'fn.js': 'module.exports = function () {};\n',
      'assign.js': 'Object.assign(module.exports, { r: 1 });\nexports.s = 1;\n',
      'nested.js': 'if (true) {\n  exports.t = 1;\n}\n'
    });
    expect(sorted(await p.exportsOf('obj.js'))).toEqual(['a', 'b', 'c', 'd']);
    expect(sorted(await p.exportsOf('dots.js'))).toEqual(['x', 'y']);
    expect(sorted(await p.exportsOf('req.js'))).toEqual(['a', 'b', 'c', 'd']);
    for (const f of ['computed.js', 'spread.js', 'fn.js', 'assign.js', 'nested.js'])
      expect([f, await p.exportsOf(f)]).toEqual([f, null]);
  });

  it('TypeScript resolution maps ./x.js to x.ts and tries index.ts; Node resolution takes the path as written', async () => {
    const { p } = await project({ 'src/x.ts': '', 'src/lib/index.ts': '', 'src/y.js': '', 'src/y.ts': '' });
    expect(await p.resolveModule('src/a.ts', './x.js', 'ts')).toBe('src/x.ts');
    expect(await p.resolveModule('src/a.ts', './lib', 'ts')).toBe('src/lib/index.ts');
    expect(await p.resolveModule('src/a.js', './y.js', 'node')).toBe('src/y.js');
    expect(await p.resolveModule('src/a.ts', './y.js', 'ts')).toBe('src/y.ts');
    expect(await p.resolveModule('src/a.ts', '../../etc/passwd', 'node')).toBeUndefined();
    expect(await p.resolveModule('src/a.ts', 'fs', 'node')).toBeUndefined();
  });
});

describe('JsProject class members', () => {
  it('own and inherited (through a barrel import): methods, fields, accessors, this.x =, TS parameter properties, statics', async () => {
    const { p } = await project({
      'src/base.ts':
        'export class Base {\n  static create() { return new Base(); }\n  count = 0;\n  constructor(private readonly id: string, plain: number) {\n    this.extra = plain;\n  }\n  extra: number;\n  get size() { return 1; }\n  set size(v) {}\n  reset() { this.later = 1; }\n  later?: number;\n}\n',
      'src/index.ts': "export { Base as Root } from './base';\n",
      'src/child.ts':
        "import { Root } from './index';\nexport class Child extends Root {\n  #secret = 1;\n  grow() {\n    const f = function () { this.notMine = 1; };\n    this.grown = true;\n  }\n}\n"
    });
    const m = await p.classMembers('src/child.ts', await classOf(p, 'src/child.ts', 'Child'));
    expect(sorted(new Set(m!.instance.keys()))).toEqual(
      ['#secret', 'count', 'extra', 'grow', 'grown', 'id', 'later', 'reset', 'size'].sort()
    );
    expect(m!.instance.get('size')).toBe('accessor');
    expect(m!.instance.get('reset')).toBe('method');
    expect(sorted(new Set(m!.statics.keys()))).toEqual(['create']);
  });

  it('this.x = in a static method is a static member; a delete or destructuring into this[k] is unknown', async () => {
    const { p } = await project({
      'a.js':
        'class Reg {\n  static init() { this.cache = new Map(); }\n  use() { this.hits = 1; }\n}\n' +
        'class Del {\n  drop(k) { delete this[k]; }\n}\n' +
        'class Destr {\n  load(o) { [this[o.k]] = o.v; }\n}\n'
    });
    const reg = await p.classMembers('a.js', await classOf(p, 'a.js', 'Reg'));
    expect(sorted(new Set(reg!.statics.keys()))).toEqual(['cache', 'init']);
    expect(sorted(new Set(reg!.instance.keys()))).toEqual(['hits', 'use']);
    for (const name of ['Del', 'Destr'])
      expect([name, await p.classMembers('a.js', await classOf(p, 'a.js', name))]).toEqual([name, null]);
  });

  it('unknown: a base outside the tree, a mixin call, computed names, index signatures, decorators, prototype edits, Object.assign(this)', async () => {
    const { p, log } = await project({
      'a.ts':
        "import { EventEmitter } from 'node:events';\nexport class A extends EventEmitter {}\nconst mix = (b: any) => b;\nclass M extends mix(Object) {}\nconst k = 'x';\nclass Comp { [k]() {} }\nclass Idx { [key: string]: unknown }\nclass Proto { m() {} }\nProto.prototype[k] = 1;\nclass Assign { constructor(o: object) { Object.assign(this, o); } }\nclass Missing extends Nowhere {}\n",
      'd.ts': 'function dec(c: any) { return c; }\n@dec\nclass D { m() {} }\n'
    });
    for (const name of ['A', 'M', 'Comp', 'Idx', 'Proto', 'Assign', 'Missing'])
      expect([name, await p.classMembers('a.ts', await classOf(p, 'a.ts', name))]).toEqual([name, null]);
    expect(await p.classMembers('d.ts', await classOf(p, 'd.ts', 'D'))).toBeNull();
    expect(log.join('\n')).toMatch(/base class EventEmitter is not a class of the tree/);
  });
});

describe('scopes', () => {
  const SRC = `import def, { a as b } from './m.js';
var top = 1;
function outer(p1, { p2, k: p3 }, [p4], ...p5) {
  const inOuter = 1;
  if (p1) {
    let inBlock = 2;
    var hoisted = 3;
    HERE1;
  }
  try {} catch (err) { HERE2; }
  for (const item of p5) { HERE3; }
  return HERE4;
}
const later = () => HERE5;
class K { m(x) { HERE6; } }
`;
  const at = async (marker: string): Promise<Set<string>> => {
    const tree = await parseSource(SRC, 'javascript');
    const node = descendants(tree!.rootNode, 'identifier').find(n => n.text === marker)!;
    return namesInScope(node);
  };

  it('names in scope at a place: parameters, block scopes, hoisted var and functions, catch, for-of, imports', async () => {
    const common = ['def', 'b', 'top', 'outer', 'later', 'K'];
    const h1 = await at('HERE1');
    for (const n of [...common, 'p1', 'p2', 'p3', 'p4', 'p5', 'inOuter', 'inBlock', 'hoisted', 'arguments'])
      expect([n, h1.has(n)]).toEqual([n, true]);
    expect(h1.has('a')).toBe(false); // the imported name, not the local one
    expect(h1.has('k')).toBe(false); // a key of the pattern
    expect((await at('HERE2')).has('err')).toBe(true);
    expect((await at('HERE2')).has('inBlock')).toBe(false);
    expect((await at('HERE3')).has('item')).toBe(true);
    expect((await at('HERE4')).has('hoisted')).toBe(true);
    expect((await at('HERE4')).has('item')).toBe(false);
    expect((await at('HERE5')).has('inOuter')).toBe(false);
    expect((await at('HERE5')).has('arguments')).toBe(false);
    expect((await at('HERE6')).has('x')).toBe(true);
  });

  it('resolveScope finds the declaring scope; allDeclaredNames is the file-wide superset', async () => {
    const tree = await parseSource(
      'const x = 1;\nfunction f(x) { return x; }\nfunction g() { return x; }\n',
      'javascript'
    );
    const uses = descendants(tree!.rootNode, 'identifier').filter(
      n => n.text === 'x' && n.parent?.type === 'return_statement'
    );
    expect(resolveScope(uses[0], 'x')?.type).toBe('function_declaration');
    expect(resolveScope(uses[1], 'x')?.type).toBe('program');
    expect(resolveScope(uses[1], 'nope')).toBeUndefined();
    expect(sorted(allDeclaredNames(tree!.rootNode))).toEqual(['arguments', 'f', 'g', 'x']);
  });
});

describe('the hostile tree', () => {
  it('a .js that is a link to /etc/passwd, or inside a linked directory, is never read', async () => {
    const { dir, p, log } = await project({ 'main.js': "export * from './evil.js';\n" });
    await symlink('/etc/passwd', path.join(dir, 'evil.js'));
    await mkdir(path.join(dir, 'real'));
    await writeFile(path.join(dir, 'real', 'x.js'), 'export const x = 1;\n');
    await symlink(path.join(dir, 'real'), path.join(dir, 'linked'));
    expect(await p.file('evil.js')).toBeNull();
    expect(await p.file('linked/x.js')).toBeNull();
    expect(await p.resolveModule('main.js', './evil.js', 'node')).toBeUndefined();
    expect(await p.resolveModule('main.js', './linked/x.js', 'node')).toBeUndefined();
    expect(await p.exportsOf('main.js')).toBeNull();
    expect(log.join('\n')).toMatch(/evil\.js not read: .*symbolic link/);
    expect(log.join('\n')).not.toMatch(/root:/);
  });

  it('a file over the cap is not read; a syntax error or a parse over its time is unknown', async () => {
    const big = `export const a = 1;\n${'// filler\n'.repeat(MAX_PARSE_BYTES / 10 + 1)}`;
    const { p, log } = await project({
      'big.js': big,
      'bad.js': 'export const a = ;\n',
      'ok.js': 'export const a = 1;\n',
      'flow.js': '// @flow\nexport function f(x: number): string { return String(x); }\n'
    });
    expect(await p.file('big.js')).toBeNull();
    expect(log.join('\n')).toMatch(/big\.js not read: .*larger than/);
    expect(await p.file('bad.js')).toBeNull();
    expect(await p.exportsOf('bad.js')).toBeNull();
    expect(await p.file('flow.js')).toBeNull(); // type annotations are not JavaScript
    expect(sorted(await p.exportsOf('ok.js'))).toEqual(['a']);
    const text = 'const x = [' + '1, '.repeat(200000) + '];\n';
    expect(await parseSource(text, 'javascript', -1)).toBeNull();
    expect(await parseSource(text, 'javascript')).not.toBeNull();
  });
});
