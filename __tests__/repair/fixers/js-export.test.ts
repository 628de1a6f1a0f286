/**
 * The js-export fixer on REAL output: each broken program runs in nightwatch-test-node:1 (Node 18,
 * tsc 5.9), its output goes to the fixer, and a proposed fix is applied and run again. The traps
 * are what an attacker (or bad luck) would write: ties, bases outside the tree, members added where
 * a parse does not see, links, shorthand properties.
 */
import { mkdir, symlink } from 'node:fs/promises';
import * as path from 'node:path';
import { applyEdits } from '../../../src/repair/edits.js';
import {
  JsExportFixer,
  parseMissingExports,
  parseMissingMembers
} from '../../../src/repair/fixers/js-export.js';
import type { FixerInput, FixProposal } from '../../../src/repair/fixers/types.js';
import { loadCorpus } from '../corpus/measure.js';
import { inImage } from '../helpers/local-sandbox.js';
import { makeTree } from '../helpers/tree.js';

const NODE = 'nightwatch-test-node:1';
const ESM = '{"type":"module"}';
const TSC_CONFIG = JSON.stringify({
  compilerOptions: {
    strict: true,
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    noEmit: true,
    types: []
  },
  include: ['src']
});

const input = (workdir: string, failureOutput: string, log: string[] = []): FixerInput => ({
  workdir,
  spec: { language: 'node', image: NODE, test: 'node main.js', detectedFrom: 'test' },
  failureOutput,
  failures: [],
  log: m => log.push(m)
});

/** Runs `command` on the tree in the Node image; the fixer's proposal for its (failing) output. */
async function proposeOn(
  files: Record<string, string>,
  command: string,
  links: Record<string, string> = {}
): Promise<{ dir: string; out: string; proposal: FixProposal | null; log: string[] }> {
  const dir = await makeTree(files);
  for (const [at, target] of Object.entries(links)) {
    await mkdir(path.dirname(path.join(dir, at)), { recursive: true });
    await symlink(target, path.join(dir, at));
  }
  const run = await inImage(dir, command, NODE);
  expect(run.code).not.toBe(0);
  const log: string[] = [];
  const proposal = await new JsExportFixer().propose(input(dir, run.out, log));
  return { dir, out: run.out, proposal, log };
}

/** Applies the proposal and runs the command again: it must pass now. */
async function appliedPasses(dir: string, proposal: FixProposal, command: string): Promise<string> {
  expect((await applyEdits(dir, proposal.edits)).ok).toBe(true);
  const after = await inImage(dir, command, NODE);
  expect(after.out).not.toMatch(/Error/);
  expect(after.code).toBe(0);
  return after.out;
}

const UTIL = `export function formatDate(d) {
  return d.toISOString().slice(0, 10);
}
export function parseDate(s) {
  return new Date(s);
}
`;

describe('js-export: a name the module does not export (real Node 18 output)', () => {
  it('ESM import: the import and every use of the binding are renamed, nothing else', async () => {
    const main = `import { formatDat } from './lib/util.js';\nimport { formatDat as other } from './lib/other.js';\nconst formatDat2 = other;\nconsole.log(formatDat(new Date(0)), formatDat2, 'formatDat');\nfunction g(formatDat) {\n  return formatDat;\n}\ng(1);\n`;
    const { dir, out, proposal } = await proposeOn(
      {
        'package.json': ESM,
        'main.js': main,
        'lib/util.js': UTIL,
        'lib/other.js': 'export const formatDat = 2;\n'
      },
      'node main.js'
    );
    expect(out).toContain("does not provide an export named 'formatDat'");
    expect(parseMissingExports(out)).toEqual([
      { file: '/work/main.js', line: 1, specifier: './lib/util.js', name: 'formatDat', how: 'node' }
    ]);
    expect(proposal?.fixer).toBe('js-export');
    await appliedPasses(dir, proposal!, 'node main.js');
    const { readFile } = await import('node:fs/promises');
    // The other module's export, the string, the other name and the parameter of g (another
    // binding) are left alone.
    expect(await readFile(path.join(dir, 'main.js'), 'utf8')).toBe(
      main.replace('{ formatDat }', '{ formatDate }').replace('log(formatDat(', 'log(formatDate(')
    );
  });

  it('node --test (TAP): the failing file is read from the "# file:///...:N" line', async () => {
    const t = `import { test } from 'node:test';\nimport assert from 'node:assert';\nimport { parseDte } from './util.js';\ntest('p', () => assert.equal(parseDte('2020-01-01').getUTCFullYear(), 2020));\n`;
    const { dir, proposal } = await proposeOn(
      { 'package.json': ESM, 'util.js': UTIL, 'p.test.js': t },
      'node --test'
    );
    expect(proposal?.summary).toContain("'parseDte' -> 'parseDate'");
    await appliedPasses(dir, proposal!, 'node --test');
  });

  it('a CommonJS module imported from ESM (Named export not found), through module.exports = require()', async () => {
    const { dir, out, proposal } = await proposeOn(
      {
        'package.json': ESM,
        'main.mjs': `import { sumAll } from './lib.cjs';\nconsole.log(sumAll([1, 2]));\n`,
        'lib.cjs': `module.exports = require('./impl.cjs');\n`,
        'impl.cjs': `function sumAl(xs) { return xs.reduce((a, b) => a + b, 0); }\nexports.sumAl = sumAl;\nexports.count = 0;\n`
      },
      'node main.mjs'
    );
    expect(out).toContain("Named export 'sumAll' not found");
    expect(proposal?.summary).toContain("'sumAll' -> 'sumAl'");
    await appliedPasses(dir, proposal!, 'node main.mjs');
  });

  it("tsc TS2305 (no suggestion of tsc's own): the one near export of the module", async () => {
    const files = {
      'package.json': ESM,
      'tsconfig.json': TSC_CONFIG,
      'src/limits.ts': 'export const MAX = 3;\nexport const MIN = 0;\n',
      'src/barrel.ts': "export * from './limits.js';\n",
      'src/a.ts': "import { MXA } from './barrel.js';\n\nexport const x: number = MXA + 1;\n"
    };
    const { dir, out, proposal } = await proposeOn(files, 'tsc -p .');
    expect(out).toContain("error TS2305: Module '\"./barrel.js\"' has no exported member 'MXA'.");
    expect(proposal?.summary).toContain("'MXA' -> 'MAX'");
    await appliedPasses(dir, proposal!, 'tsc -p .');
  });

  it("tsc TS2724 (with tsc's `Did you mean`): the import and every use, from the tree's exports", async () => {
    const files = {
      'package.json': ESM,
      'tsconfig.json': TSC_CONFIG,
      'src/ops.ts': 'export function multiply(a: number, b: number): number {\n  return a * b;\n}\n',
      'src/use.ts':
        "import { multiplyy } from './ops.js';\n\nexport const six = multiplyy(2, 3);\nexport const ten = multiplyy(2, 5);\n"
    };
    const { dir, out, proposal } = await proposeOn(files, 'tsc -p .');
    expect(out).toContain(
      "error TS2724: '\"./ops.js\"' has no exported member named 'multiplyy'. Did you mean 'multiply'?"
    );
    expect(proposal?.edits.map(e => e.file)).toEqual(['src/use.ts']);
    await appliedPasses(dir, proposal!, 'tsc -p .');
  });

  it("tsc TS2724 with two exports as near: tsc's pick is not taken", async () => {
    const { out, proposal, log } = await proposeOn(
      {
        'package.json': ESM,
        'tsconfig.json': TSC_CONFIG,
        'src/util.ts': 'export const formatDate = 1;\nexport const formatData = 2;\n',
        'src/main.ts': "import { formatDat } from './util.js';\n\nexport const y: number = formatDat;\n"
      },
      'tsc -p .'
    );
    expect(out).toMatch(/error TS2724: .* has no exported member named 'formatDat'\. Did you mean 'format/);
    expect(proposal).toBeNull();
    expect(log.join('\n')).toMatch(/no single export/);
  });

  it('declines a tie (formatDat: formatDate and formatData)', async () => {
    const { proposal, log } = await proposeOn(
      {
        'package.json': ESM,
        'util.js': UTIL + 'export const formatData = 1;\n',
        'main.js': "import { formatDat } from './util.js';\nformatDat();\n"
      },
      'node main.js'
    );
    expect(proposal).toBeNull();
    expect(log.join('\n')).toMatch(/no single export/);
  });

  it('declines when the module is a link (even one inside the tree) or re-exports a package', async () => {
    const linked = await proposeOn(
      { 'package.json': ESM, 'real/util.js': UTIL, 'main.js': "import { formatDat } from './util.js';\n" },
      'node main.js',
      { 'util.js': 'real/util.js' }
    );
    expect(linked.out).toContain("does not provide an export named 'formatDat'");
    expect(linked.proposal).toBeNull();
    const dirLink = await proposeOn(
      {
        'package.json': ESM,
        'real/util.js': UTIL,
        'main.js': "import { formatDat } from './lib/util.js';\n"
      },
      'node main.js',
      { lib: 'real' }
    );
    expect(dirLink.out).toContain("does not provide an export named 'formatDat'");
    expect(dirLink.proposal).toBeNull();
    const pkg = await proposeOn(
      {
        'package.json': ESM,
        'node_modules/dep/package.json': '{"name":"dep","type":"module","main":"index.js"}',
        'node_modules/dep/index.js': 'export const formatDay = 1;\n',
        'util.js': UTIL + "export * from 'dep';\n",
        'main.js': "import { formatDat } from './util.js';\n"
      },
      'node main.js'
    );
    expect(pkg.proposal).toBeNull(); // `export * from 'dep'` could hold a nearer name
  });

  it('declines a rename that would change an object key or an export of the binding', async () => {
    for (const use of ['export const api = { formatDat };\n', 'export { formatDat };\n']) {
      const { proposal } = await proposeOn(
        { 'package.json': ESM, 'util.js': UTIL, 'main.js': `import { formatDat } from './util.js';\n${use}` },
        'node main.js'
      );
      expect(proposal).toBeNull();
    }
  });
});

const SHAPES = `export class Shape {
  constructor(name) {
    this.name = name;
  }
  describe() {
    return 'a ' + this.name;
  }
  get label() {
    return this.name.toUpperCase();
  }
}
`;
const CIRCLE = `import { Shape } from './index.js';
export class Circle extends Shape {
  radius = 1;
  area() {
    return 3 * this.radius * this.radius;
  }
}
`;

describe('js-export: a member a class of the tree does not have (real Node 18 output)', () => {
  it('x.metod is not a function: an inherited method, the class imported through a barrel', async () => {
    const { dir, out, proposal } = await proposeOn(
      {
        'package.json': ESM,
        'shapes/shape.js': SHAPES,
        'shapes/index.js': "export { Shape } from './shape.js';\nexport * from './circle.js';\n",
        'shapes/circle.js': CIRCLE,
        'main.js':
          "import { Circle } from './shapes/index.js';\nconst c = new Circle('c');\nconsole.log(c.area(), c.descibe());\n"
      },
      'node main.js'
    );
    expect(parseMissingMembers(out)).toEqual([
      { kind: 'call', object: 'c', name: 'descibe', frame: { file: '/work/main.js', line: 3, col: 25 } }
    ]);
    expect(proposal?.summary).toContain("'descibe' -> 'describe'");
    expect(await appliedPasses(dir, proposal!, 'node main.js')).toContain('3 a c');
  });

  it('Cannot read properties of undefined: this.nmae.x inside a method; a getter and a field count', async () => {
    const shape = SHAPES.replace("return 'a ' + this.name;", "return 'a ' + this.nmae.trim();");
    const { dir, out, proposal } = await proposeOn(
      {
        'package.json': ESM,
        'shape.js': shape,
        'main.js': "import { Shape } from './shape.js';\nconsole.log(new Shape('s').describe());\n"
      },
      'node main.js'
    );
    expect(out).toContain("Cannot read properties of undefined (reading 'trim')");
    expect(proposal?.summary).toContain("'nmae' -> 'name'");
    await appliedPasses(dir, proposal!, 'node main.js');
  });

  it('reads the TAP form, which quotes a message holding a quote with "..." (recorded in the corpus)', async () => {
    const c = (await loadCorpus()).find(x => x.id === 'js-member-this-field');
    expect(c?.output).toContain(`error: "Cannot read properties of undefined (reading 'length')"`);
    expect(parseMissingMembers(c?.output ?? '')).toEqual([
      { kind: 'read', name: 'length', frame: { file: '/work/queue.js', line: 9, col: 24 } }
    ]);
  });

  it('a namespace import of a module of the tree: u.formatDat is not a function', async () => {
    const { dir, proposal } = await proposeOn(
      {
        'package.json': ESM,
        'util.js': UTIL,
        'main.js': "import * as u from './util.js';\nconsole.log(u.formatDat(new Date(0)));\n"
      },
      'node main.js'
    );
    expect(proposal?.summary).toContain("'formatDat' -> 'formatDate'");
    await appliedPasses(dir, proposal!, 'node main.js');
  });

  it('declines a base class outside the tree (its members are unknown), even with a near own method', async () => {
    const { proposal, log } = await proposeOn(
      {
        'package.json': ESM,
        'main.js':
          "import { EventEmitter } from 'node:events';\nclass Bus extends EventEmitter {\n  emitAll() {}\n}\nconst b = new Bus();\nb.emitAl();\n"
      },
      'node main.js'
    );
    expect(proposal).toBeNull();
    expect(log.join('\n')).toMatch(/not known/);
  });

  it('declines when members are added where a parse cannot see (Object.assign, prototype, this[k])', async () => {
    const variants = [
      'class C {\n  constructor(o) {\n    Object.assign(this, o);\n  }\n  start() {}\n}\nconst c = new C({ stat: 1 });\nc.stat();\n',
      'class C {\n  start() {}\n}\nC.prototype.stat = 1;\nconst c = new C();\nc.stat();\n',
      "class C {\n  constructor() {\n    this['sta' + 't'] = 1;\n  }\n  start() {}\n}\nconst c = new C();\nc.stat();\n"
    ];
    for (const main of variants) {
      const { out, proposal } = await proposeOn({ 'package.json': ESM, 'main.js': main }, 'node main.js');
      expect(out).toContain('c.stat is not a function');
      expect(proposal).toBeNull();
    }
  });

  it('declines an object not provably an instance (a let, a parameter, a call result) and a tie', async () => {
    const cls =
      'class C {\n  start() {}\n  stop() {}\n  get table() { return 1; }\n  get label() { return 1; }\n}\n';
    for (const main of [
      `${cls}let c = new C();\nc.strt();\n`,
      `${cls}function f(c) {\n  c.strt();\n}\nf(new C());\n`,
      `${cls}const make = () => new C();\nmake().strt();\n`,
      `${cls}const c = new C();\nc.lable.x;\n`
    ]) {
      const { proposal } = await proposeOn({ 'package.json': ESM, 'main.js': main }, 'node main.js');
      expect(proposal).toBeNull();
    }
  });

  it('same input, same edits', async () => {
    const files = {
      'package.json': ESM,
      'util.js': UTIL,
      'main.js': "import { parseDat } from './util.js';\nconsole.log(parseDat('2020-01-01'));\n"
    };
    const a = await proposeOn(files, 'node main.js');
    const b = await new JsExportFixer().propose(input(a.dir, a.out));
    expect(b).toEqual(a.proposal);
    expect(a.proposal).not.toBeNull();
  });
});

const QUEUE = `export function Queue() {
  this.items = [];
}
Queue.prototype.push = function (x) {
  this.items.push(x);
  return this.size();
};
Queue.prototype.size = function () {
  return this.items.length;
};
`;

describe('js-export: this.metod() in a class built the pre-ES6 way (real Node 18 output)', () => {
  it('C.prototype.m = function: the one near member of the constructor function and its prototype', async () => {
    const { dir, out, proposal } = await proposeOn(
      {
        'package.json': ESM,
        'queue.js': QUEUE.replace('return this.size();', 'return this.sise();'),
        'main.js': "import { Queue } from './queue.js';\nconsole.log(new Queue().push(7));\n"
      },
      'node main.js'
    );
    expect(out).toContain('this.sise is not a function');
    expect(proposal?.summary).toContain("'sise' -> 'size'");
    expect(await appliedPasses(dir, proposal!, 'node main.js')).toContain('1');
  });

  it('a method another module stores on the prototype (d3-quadtree: treeProto.add = tree_add)', async () => {
    const { dir, proposal } = await proposeOn(
      {
        'package.json': ESM,
        'add.js': 'export default function (x) {\n  this.items.push(x);\n  return this.sise();\n}\n',
        'queue.js':
          "import queue_add from './add.js';\nexport function Queue() {\n  this.items = [];\n}\nvar proto = Queue.prototype;\nproto.add = queue_add;\nproto.size = function () {\n  return this.items.length;\n};\n",
        'main.js': "import { Queue } from './queue.js';\nconsole.log(new Queue().add(7));\n"
      },
      'node main.js'
    );
    expect(proposal?.summary).toContain("'sise' -> 'size'");
    await appliedPasses(dir, proposal!, 'node main.js');
  });

  it('declines: this in a nested function, two members as near, a computed prototype write', async () => {
    const variants = [
      // the callback's this is the {} passed to forEach, not a Queue
      QUEUE.replace(
        'return this.size();',
        'let n;\n  [1].forEach(function () { n = this.sise(); }, {});\n  return n;'
      ),
      // 'sie' is one edit from 'size' and from 'sit'
      QUEUE.replace('return this.size();', 'return this.sie();') + 'Queue.prototype.sit = function () {};\n',
      // a member a parse cannot name
      QUEUE.replace('return this.size();', 'return this.sise();') + "Queue.prototype['si' + 'ze2'] = 1;\n"
    ];
    for (const queue of variants) {
      const { out, proposal } = await proposeOn(
        {
          'package.json': ESM,
          'queue.js': queue,
          'main.js': "import { Queue } from './queue.js';\nconsole.log(new Queue().push(7));\n"
        },
        'node main.js'
      );
      expect(out).toMatch(/this\.si(s?)e is not a function/);
      expect(proposal).toBeNull();
    }
  });
});
