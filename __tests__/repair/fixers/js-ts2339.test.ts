/**
 * tsc's TS2339 "Property 'x' does not exist on type 'Y'." WITHOUT "Did you mean" (tsc found no
 * name near enough by its own rule, e.g. a swap of two letters in a short name): js-export fixes it
 * when Y is a class of the tree and exactly one member is near; real tsc output (the checkout's
 * typescript), and tsc passes after the fix.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { applyEdits } from '../../../src/repair/edits.js';
import { JsExportFixer, parseTsMissingProperties } from '../../../src/repair/fixers/js-export.js';
import type { FixProposal } from '../../../src/repair/fixers/types.js';
import { makeTree } from '../helpers/tree.js';

const TSC = path.resolve('node_modules/typescript/bin/tsc');

/** tsc on the tree's .ts files: its exit code and output. */
async function tsc(dir: string, files: string[], pretty = false): Promise<{ code: number; out: string }> {
  const args = [TSC, '--noEmit', '--strict', '--target', 'es2022', `--pretty`, String(pretty), ...files];
  return promisify(execFile)(process.execPath, args, { cwd: dir }).then(
    r => ({ code: 0, out: r.stdout }),
    (e: { code?: number; stdout?: string }) => ({ code: e.code ?? -1, out: e.stdout ?? '' })
  );
}

async function proposeOn(
  files: Record<string, string>
): Promise<{ dir: string; out: string; proposal: FixProposal | null; log: string[] }> {
  const dir = await makeTree(files);
  const names = Object.keys(files).filter(f => f.endsWith('.ts'));
  const run = await tsc(dir, names);
  expect(run.code).not.toBe(0);
  const log: string[] = [];
  const proposal = await new JsExportFixer().propose({
    workdir: dir,
    spec: { language: 'node', image: 'nightwatch-test-node:1', test: 'npx tsc', detectedFrom: 'test' },
    failureOutput: run.out,
    failures: [],
    log: m => log.push(m)
  });
  return { dir, out: run.out, proposal, log };
}

const COLOR = `export class Color {
  constructor(public r: number) {}
  rgb(): number {
    return this.r;
  }
  hex(): string {
    return this.rgb().toString(16);
  }
}
`;

describe('js-export: TS2339 without a suggestion (real tsc output)', () => {
  it('this.rbg() in a method and c.hxe() on an instance of an imported class: the one near member', async () => {
    const { dir, out, proposal } = await proposeOn({
      'src/color.ts': COLOR.replace('return this.rgb().toString(16);', 'return this.rbg().toString(16);'),
      'src/main.ts': "import { Color } from './color';\nconst c = new Color(1);\nconsole.log(c.hxe());\n"
    });
    expect(out).toContain("error TS2339: Property 'rbg' does not exist on type 'Color'.");
    expect(out).not.toMatch(/Did you mean/);
    expect(proposal?.summary).toContain("'rbg' -> 'rgb'");
    expect(proposal?.summary).toContain("'hxe' -> 'hex'");
    expect((await applyEdits(dir, proposal!.edits)).ok).toBe(true);
    expect(await tsc(dir, ['src/color.ts', 'src/main.ts'])).toEqual({ code: 0, out: '' });
  });

  it('reads the pretty (coloured) form too', async () => {
    const dir = await makeTree({ 'a.ts': COLOR.replace('this.rgb()', 'this.rbg()') });
    const { out } = await tsc(dir, ['a.ts'], true);
    expect(out).toContain('\u001b[');
    expect(parseTsMissingProperties(out)).toEqual([
      { kind: 'ts', name: 'rbg', type: 'Color', frame: { file: 'a.ts', line: 7, col: 17 } }
    ]);
  });

  it("declines two members as near, a class merged with an interface, and a type other than the object's class", async () => {
    const variants: Record<string, string>[] = [
      // 'shl' is one swap from 'hsl' and from 'slh'
      {
        'f.ts':
          'export class Fmt {\n  hsl() { return 1; }\n  slh() { return 2; }\n  go() { return this.shl(); }\n}\n'
      },
      // the interface adds a member a class body does not show: 'rgb' as near as the class's 'brg'
      {
        'f.ts':
          'export interface Color {\n  rgb(): number;\n}\n' +
          'export class Color {\n  r = 1;\n  brg() {\n    return 1;\n  }\n  hex() {\n    return this.rbg();\n  }\n}\n'
      },
      // tsc types c as the Base (no 'stat'); the object is a Child (which has one)
      {
        'f.ts':
          'class Base {\n  start() {}\n}\nclass Child extends Base {\n  stat() {}\n}\nconst c: Base = new Child();\nc.stta();\n'
      }
    ];
    for (const files of variants) {
      const { out, proposal } = await proposeOn(files);
      expect(out).toMatch(/error TS2339: Property '(shl|rbg|stta)' does not exist/);
      expect(out).not.toMatch(/Did you mean/);
      expect(proposal).toBeNull();
    }
  });
});
