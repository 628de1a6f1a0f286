import { mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { applyEdits } from '../../../src/repair/edits.js';
import { JsExportFixer, parseMissingMembers } from '../../../src/repair/fixers/js-export.js';
import { JsReferenceFixer, parseJsReferences } from '../../../src/repair/fixers/js-reference.js';
import { frameOf, importedCallName, isTitleLine } from '../../../src/repair/fixers/js-stack.js';
import type { Fixer } from '../../../src/repair/fixers/types.js';
import { stripAnsi } from '../../../src/triage/ansi.js';
import { expectedFiles } from '../corpus/measure.js';
import { loadRecorded, type RecordedCase } from '../corpus/recorded/recorded.js';
import { makeTree } from '../helpers/tree.js';

// Real jest 29 (babel-jest, ts-jest) and vitest 4.1 / 1.6 / 0.34 output, recorded in the corpus
// (__tests__/repair/corpus/recorded, `measure-fixers.ts --recorded --record`).
let cases: Record<string, RecordedCase & { id: string }>;
beforeAll(async () => {
  cases = Object.fromEntries((await loadRecorded()).map(c => [c.id, c]));
});

/** The recorded output of a case for a runner (`jest 29`, `vitest/4`, `vitest/1`, `vitest/0`), colour off. */
function output(id: string, runner: string): string {
  const r = cases[id].runs!.find(
    x =>
      x.tool.includes(runner) &&
      /FORCE_COLOR=0|NO_COLOR=1/.test(x.command) &&
      x.command.includes(runner.split(/[ /]/)[0])
  );
  if (!r) throw new Error(`${id}: no ${runner} run`);
  return stripAnsi(r.output);
}

async function propose(fixer: Fixer, dir: string, failureOutput: string) {
  const log: string[] = [];
  const p = await fixer.propose({
    workdir: dir,
    spec: { language: 'node', image: '', test: 'npx jest', detectedFrom: 'test' },
    failureOutput,
    failures: [],
    log: m => log.push(m)
  });
  return { p, log };
}

/** The fixer heals the case's tree on the output: exactly the reference fix. */
async function heals(fixer: Fixer, id: string, out: string): Promise<string> {
  const c = cases[id];
  const dir = await makeTree(c.files);
  try {
    const { p, log } = await propose(fixer, dir, out);
    expect([id, p?.fixer ?? log.join('\n')]).toEqual([id, fixer.name]);
    expect((await applyEdits(dir, p!.edits)).ok).toBe(true);
    for (const [rel, want] of Object.entries(expectedFiles({ ...c, id, language: 'node', test: '' })))
      expect([rel, await readFile(path.join(dir, rel), 'utf8')]).toEqual([rel, want]);
    return p!.summary;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('js-stack: frames and titles of jest and vitest', () => {
  it('reads vitest ❯ frames (with and without a function) and jest/Node at frames', () => {
    expect(frameOf(' ❯ report src/report.js:6:13')).toEqual({ file: 'src/report.js', line: 6, col: 13 });
    expect(frameOf(' ❯ Module.report src/report.js:6:13')).toEqual({
      file: 'src/report.js',
      line: 6,
      col: 13
    });
    expect(frameOf(' ❯ test/report.test.js:5:10')).toEqual({ file: 'test/report.test.js', line: 5, col: 10 });
    expect(frameOf('      at Rect.aera [as describe] (src/shape.js:12:25)')).toEqual({
      file: 'src/shape.js',
      line: 12,
      col: 25
    });
    expect(frameOf('    at file:///work/a.mjs:3:1')).toEqual({ file: '/work/a.mjs', line: 3, col: 1 });
  });

  it('never takes a test title for a frame, whatever the test is called', () => {
    for (const title of [
      '  ● sums at src/util.js:12:10',
      '  ● suite › at src/util.js:12:10',
      ' FAIL  test/report.test.js > at src/util.js:12:10',
      '   × at src/util.js:12:10',
      '   ❯ test/report.test.js > x src/util.js:12:10',
      '     → at src/util.js:12:10',
      '  ✕ at src/util.js:12:10',
      'not ok 1 - at src/util.js:12:10',
      '# Subtest: at src/util.js:12:10',
      'test at src/util.js:12:10'
    ]) {
      expect([title, isTitleLine(title)]).toEqual([title, true]);
      expect([title, frameOf(title)]).toEqual([title, undefined]);
    }
  });

  it('reads the callee of a call a transform renamed, and nothing else', () => {
    expect(importedCallName('TypeError: (0 , _util.formatDat) is not a function')).toBe('formatDat');
    expect(importedCallName('TypeError: (0 , __vi_import_0__.formatDat) is not a function')).toBe(
      'formatDat'
    );
    expect(importedCallName('TypeError: __vi_import_1__.formatDat is not a function')).toBe('formatDat');
    expect(importedCallName('TypeError: formatDat is not a function')).toBe('formatDat');
    expect(importedCallName('TypeError: (0 , util_1.formatDat) is not a function')).toBe('formatDat');
    expect(importedCallName('formatDat is not a function')).toBeUndefined();
    expect(importedCallName('TypeError: _cache.get is not a function')).toBeUndefined();
    expect(importedCallName('TypeError: item_1.run is not a function')).toBeUndefined();
    expect(importedCallName('TypeError: this.aera is not a function')).toBeUndefined();
    expect(importedCallName('TypeError: r.describ is not a function')).toBeUndefined();
    expect(importedCallName('     → formatDat is not a function')).toBeUndefined();
  });

  it('parses real vitest output: ReferenceError frames and the bare callee', () => {
    for (const runner of ['vitest/4', 'vitest/1', 'vitest/0']) {
      const [ref] = parseJsReferences(output('js-reference-local', runner));
      expect([runner, ref?.name, ref?.frames[0]]).toEqual([
        runner,
        'totl',
        { file: 'src/util.js', line: 12 }
      ]);
      expect(parseMissingMembers(output('js-import-named', runner))).toEqual([
        { kind: 'call', name: 'formatDat', frame: { file: 'src/report.js', line: 6, col: 13 } }
      ]);
    }
  });

  it("parses real babel-jest output: `(0 , _util.formatDat)` past jest's code frame", () => {
    expect(parseMissingMembers(output('js-import-named', 'jest 29'))).toEqual([
      { kind: 'call', name: 'formatDat', frame: { file: 'src/report.js', line: 6, col: 22 } }
    ]);
  });
});

describe('the JS fixers on real jest and vitest output', () => {
  it('js-reference heals a ReferenceError from vitest ❯ frames (4.1, 1.6, 0.34)', async () => {
    for (const runner of ['vitest/4', 'vitest/1', 'vitest/0'])
      expect(
        await heals(new JsReferenceFixer(), 'js-reference-local', output('js-reference-local', runner))
      ).toBe("src/util.js:12: 'totl' -> 'total' (ReferenceError)");
    expect(
      await heals(new JsReferenceFixer(), 'cjs-reference-local', output('cjs-reference-local', 'vitest/4'))
    ).toMatch(/'midle' -> 'middle'/);
  });

  it('js-export heals a misspelled named import: babel-jest `(0 , _util.x)` and vitest `x` map back to the import', async () => {
    const runners: Record<string, string[]> = {
      'ts-import-named': ['vitest/4', 'jest 29'], // ts-jest type-checks: tsc's TS2724
      'ts-import-transpiled': ['jest 29'] // ts-jest without type-checking: `(0 , util_1.formatDat)`
    };
    for (const id of [
      'js-import-named',
      'js-import-barrel',
      'js-import-alias',
      'ts-import-named',
      'ts-import-transpiled'
    ])
      for (const runner of runners[id] ?? ['jest 29', 'vitest/4', 'vitest/1'])
        expect(await heals(new JsExportFixer(), id, output(id, runner))).toMatch(
          /'formatDat' -> 'formatDate'/
        );
  });

  it("js-export heals a namespace's member from vitest's bare name, and this.x from vitest frames", async () => {
    expect(
      await heals(new JsExportFixer(), 'js-namespace-member', output('js-namespace-member', 'vitest/4'))
    ).toMatch(/'formatDat' -> 'formatDate'/);
    for (const id of ['js-this-method', 'cjs-this-method', 'ts-this-method', 'js-instance-method'])
      expect(await heals(new JsExportFixer(), id, output(id, 'vitest/1'))).toMatch(/->/);
  });

  it('declines the real traps: two near exports, a bare name that is no import', async () => {
    for (const id of [
      'js-trap-two-near-exports',
      'js-trap-two-near-locals',
      'js-trap-dynamic-member',
      'ts-trap-transpiled-two-near'
    ])
      for (const runner of id.startsWith('ts') ? ['jest 29'] : ['jest 29', 'vitest/4']) {
        const dir = await makeTree(cases[id].files);
        for (const f of [new JsExportFixer(), new JsReferenceFixer()])
          expect([id, runner, (await propose(f, dir, output(id, runner))).p]).toEqual([id, runner, null]);
        await rm(dir, { recursive: true, force: true });
      }
    // `formatDat is not a function` where formatDat is a local, not an import: nothing to map back to.
    const dir = await makeTree({
      'src/report.js':
        'const formatDat = 1;\nexport function formatDate() {}\nexport const r = () => formatDat();\n'
    });
    const out = 'TypeError: formatDat is not a function\n ❯ r src/report.js:3:25\n';
    expect((await propose(new JsExportFixer(), dir, out)).p).toBeNull();
    await rm(dir, { recursive: true, force: true });
  });

  it("js-export finds the one importer jest's native ESM does not name (SyntaxError at link time)", async () => {
    const jest = (id: string): string => {
      const r = cases[id].runs!.find(x =>
        x.command.startsWith('FORCE_COLOR=0 node --experimental-vm-modules')
      );
      expect(r!.output).toMatch(
        /does not provide an export named 'formatDat'\n\n\s+at Runtime\.linkAndEvaluateModule/
      );
      return stripAnsi(r!.output);
    };
    for (const id of ['esm-import-named', 'esm-import-barrel'])
      expect(await heals(new JsExportFixer(), id, jest(id))).toMatch(
        /src\/report\.js:1: 'formatDat' -> 'formatDate'/
      );
    // Two files name formatDat from './util.js' (an import, a re-export): which one failed is not said.
    const dir = await makeTree(cases['esm-trap-two-importers'].files);
    expect((await propose(new JsExportFixer(), dir, jest('esm-trap-two-importers'))).p).toBeNull();
    await rm(dir, { recursive: true, force: true });
  });

  it('declines a ReferenceError thrown in a package vendored under node_modules (jest prints it relative)', async () => {
    const c = cases['js-trap-vendored-library'];
    for (const runner of ['jest 29', 'vitest/4']) {
      const dir = await makeTree(c.files);
      const out = output('js-trap-vendored-library', runner);
      expect(out).toMatch(/node_modules\/padlib\/index\.js:3:29/);
      expect([runner, (await propose(new JsReferenceFixer(), dir, out)).p]).toEqual([runner, null]);
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("Node 20's spec reporter (node:test): `ReferenceError [Error]: …`", () => {
  it('js-reference and js-export read the `[Error]` form and heal (real output)', async () => {
    const spec = JSON.parse(
      await readFile(path.resolve('__tests__/repair/fixtures/node20-spec.json'), 'utf8')
    ) as { files: Record<string, string>; output: string };
    expect(spec.output).toMatch(
      /ReferenceError \[Error\]: totl is not defined\n\s+at sum \(file:\/\/\/tmp\/nw-spec\/lib\.mjs:4:3\)/
    );
    expect(spec.output).toMatch(/TypeError \[Error\]: this\.aera is not a function/);
    const dir = await makeTree(spec.files);
    try {
      const ref = (await propose(new JsReferenceFixer(), dir, spec.output)).p;
      expect(ref?.summary).toBe("lib.mjs:4: 'totl' -> 'total' (ReferenceError)");
      const exp = (await propose(new JsExportFixer(), dir, spec.output)).p;
      expect(exp?.summary).toMatch(/^lib\.mjs:13: 'aera' -> 'area'/);
      expect((await applyEdits(dir, [...ref!.edits, ...exp!.edits])).ok).toBe(true);
      expect(await readFile(path.join(dir, 'lib.mjs'), 'utf8')).toBe(
        spec.files['lib.mjs'].replace('return totl;', 'return total;').replace('this.aera()', 'this.area()')
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('attacker output: frames that lead out of the tree or come from a test name', () => {
  const UTIL = 'src/util.js';
  const buggy = (): string => cases['js-reference-local'].files[UTIL];

  /** The tree of js-reference-local without src/util.js, and a copy of it with the bug outside. */
  async function outside(): Promise<{ dir: string; out: string }> {
    const files = { ...cases['js-reference-local'].files };
    delete files[UTIL];
    const dir = await makeTree(files);
    const out = `${dir}-outside`;
    await mkdir(path.join(out, 'src'), { recursive: true });
    await writeFile(path.join(out, UTIL), buggy());
    return { dir, out };
  }

  async function declined(dir: string, out: string, text: string): Promise<void> {
    for (const f of [new JsReferenceFixer(), new JsExportFixer()]) {
      const { p } = await propose(f, dir, text);
      expect([f.name, p]).toEqual([f.name, null]);
    }
    expect(await readFile(path.join(out, UTIL), 'utf8')).toBe(buggy());
    await rm(dir, { recursive: true, force: true });
    await rm(out, { recursive: true, force: true });
  }

  it('a frame path with `..` out of the work tree', async () => {
    const { dir, out } = await outside();
    const rel = `../${path.basename(out)}/${UTIL}`;
    const text = output('js-reference-local', 'vitest/4').replace(/src\/util\.js:12:3/, `${rel}:12:3`);
    expect(text).toContain(` ❯ sum ${rel}:12:3`);
    await declined(dir, out, text);
    const { dir: d2, out: o2 } = await outside();
    await declined(d2, o2, text.replace(rel, `src/../../${path.basename(o2)}/${UTIL}`));
  });

  it('an absolute path outside the work tree', async () => {
    const { dir, out } = await outside();
    const text = output('js-reference-local', 'jest 29').replace(
      '(src/util.js:12:3)',
      `(${out}/${UTIL}:12:3)`
    );
    expect(text).toContain(`at sum (${out}/${UTIL}:12:3)`);
    await declined(dir, out, text);
  });

  it('a link in the tree to a file outside', async () => {
    const { dir, out } = await outside();
    await symlink(path.join(out, UTIL), path.join(dir, UTIL));
    await declined(dir, out, output('js-reference-local', 'vitest/4'));
  });

  it('a frame imitated by the next test title (jest ● and vitest FAIL / ×)', async () => {
    // The error's own frames are all in a package; the next test's name reads like a frame.
    const c = cases['js-reference-local'];
    const jest =
      '  ● sums\n\n    ReferenceError: totl is not defined\n\n      at pad (node_modules/padlib/index.js:3:29)\n\n' +
      '  ● renders at src/util.js:12:10\n\n    expect(received).toBe(expected)\n';
    const vitest =
      ' FAIL  test/report.test.js > sums\nReferenceError: totl is not defined\n ❯ pad node_modules/padlib/index.js:3:29\n\n' +
      ' FAIL  test/report.test.js > at src/util.js:12:10\nAssertionError: expected 1 to be 2\n';
    const vitestList = 'ReferenceError: totl is not defined\n   × at src/util.js:12:10\n';
    for (const text of [jest, vitest, vitestList]) {
      const dir = await makeTree(c.files);
      expect([text, (await propose(new JsReferenceFixer(), dir, text)).p]).toEqual([text, null]);
      await rm(dir, { recursive: true, force: true });
    }
  });
});
