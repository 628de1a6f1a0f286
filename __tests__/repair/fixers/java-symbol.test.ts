import { mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { applyEdits } from '../../../src/repair/edits.js';
import { JavaSymbolFixer, parseJavaMissingSymbols } from '../../../src/repair/fixers/java-symbol.js';
import type { FixerInput } from '../../../src/repair/fixers/types.js';
import { makeTree } from '../helpers/tree.js';

// No JDK in the test world: the outputs below are javac's and Maven's formats as they print them
// (javac 17: `file:line: error: cannot find symbol`, the source line, a caret, `symbol:`/`location:`;
// maven-compiler-plugin 3.x: `[ERROR] file:[line,col] cannot find symbol`; Java 6/7: `symbol  :`).
const logs: string[] = [];
const input = (workdir: string, failureOutput: string): FixerInput => ({
  workdir,
  spec: { language: 'java', image: 'maven:3-eclipse-temurin-17', test: 'mvn -B test', detectedFrom: 'test' },
  failureOutput,
  failures: [],
  log: m => logs.push(m)
});

const FILE = 'src/main/java/com/example/Calc.java';
const CALC = `package com.example;

import java.util.List;

public class Calc {
    private int total;
    private final String label = "calc";

    public int scale(int value, int factor) {
        return value * factor;
    }

    public int scaled(int value) {
        return scale(value, 2);
    }

    public int addAll(List<Integer> xs) {
        int sum = 0;
        for (int x : xs) {
            sum = scael(scael(sum, x), 1);
        }
        total += sum;
        return summ;
    }

    public String describe() {
        return lable + total;
    }
}
`;
const JAVAC = `${FILE}:20: error: cannot find symbol
            sum = scael(scael(sum, x), 1);
                  ^
  symbol:   method scael(int,int)
  location: class Calc
${FILE}:20: error: cannot find symbol
            sum = scael(scael(sum, x), 1);
                        ^
  symbol:   method scael(int,int)
  location: class Calc
${FILE}:23: error: cannot find symbol
        return summ;
               ^
  symbol:   variable summ
  location: class Calc
${FILE}:27: error: cannot find symbol
        return lable + total;
               ^
  symbol:   variable lable
  location: class Calc
4 errors
`;
const MAVEN = `[INFO] -------------------------------------------------------------
[ERROR] COMPILATION ERROR :
[INFO] -------------------------------------------------------------
[ERROR] /home/runner/work/calc/calc/${FILE}:[20,19] cannot find symbol
  symbol:   method scael(int,int)
  location: class com.example.Calc
[ERROR] /home/runner/work/calc/calc/${FILE}:[20,25] cannot find symbol
  symbol:   method scael(int,int)
  location: class com.example.Calc
[ERROR] /home/runner/work/calc/calc/${FILE}:[23,16] cannot find symbol
  symbol:   variable summ
  location: class com.example.Calc
[ERROR] /home/runner/work/calc/calc/${FILE}:[27,16] cannot find symbol
  symbol:   variable lable
  location: class com.example.Calc
[INFO] 4 errors
[INFO] -------------------------------------------------------------
[INFO] BUILD FAILURE
`;
const FIXED = CALC.replace('scael(scael(sum, x), 1)', 'scale(scale(sum, x), 1)')
  .replace('return summ;', 'return sum;')
  .replace('return lable +', 'return label +');

describe('JavaSymbolFixer', () => {
  it('parses javac, Maven and the Java 6 forms', () => {
    expect(
      parseJavaMissingSymbols(JAVAC).map(
        s => `${s.line}:${s.col}:${s.kind}:${s.wrong}/${s.arity}@${s.location}`
      )
    ).toEqual([
      '20:19:method:scael/2@Calc',
      '20:25:method:scael/2@Calc',
      '23:16:variable:summ/undefined@Calc',
      '27:16:variable:lable/undefined@Calc'
    ]);
    expect(parseJavaMissingSymbols(MAVEN).map(s => `${s.file}:${s.col}:${s.wrong}@${s.location}`)[0]).toBe(
      `/home/runner/work/calc/calc/${FILE}:19:scael@com.example.Calc`
    );
    const old =
      '[ERROR] \\work\\app\\App.java:[11,45] cannot find symbol\n[ERROR] symbol  : variable Dummy\n[ERROR] location: class com.mycompany.app.App\n';
    expect(parseJavaMissingSymbols(old)).toMatchObject([
      { line: 11, col: 45, kind: 'variable', wrong: 'Dummy' }
    ]);
  });

  for (const [form, output] of [
    ['javac', JAVAC],
    ['Maven', MAVEN]
  ]) {
    it(`fixes methods (same argument count), fields and locals of the class from ${form} output`, async () => {
      const dir = await makeTree({ [FILE]: CALC });
      const p = await new JavaSymbolFixer().propose(input(dir, output));
      expect(p).not.toBeNull();
      expect((await applyEdits(dir, p!.edits)).ok).toBe(true);
      expect(await readFile(path.join(dir, FILE), 'utf8')).toBe(FIXED);
    });
  }

  it('declines: inherited members unknown, two as near, a class of another package or file, a static wildcard', async () => {
    const fixer = new JavaSymbolFixer();
    const at = (line: number, sym: string, loc = 'class Calc'): string =>
      `${FILE}:${line}: error: cannot find symbol\n  symbol:   ${sym}\n  location: ${loc}\n`;
    const inherits = await makeTree({
      [FILE]: CALC.replace('public class Calc {', 'public class Calc extends Base {')
    });
    logs.length = 0;
    expect(await fixer.propose(input(inherits, at(27, 'variable lable')))).toBeNull();
    expect(logs.join('\n')).toMatch(/inherits from a type outside/);
    const tie = await makeTree({
      [FILE]: CALC.replace(
        '    private int total;\n',
        '    private int total;\n    private int price;\n    private int prize;\n'
      ).replace('return lable + total;', 'return prie + total;')
    });
    expect(await fixer.propose(input(tie, at(29, 'variable prie')))).toBeNull();
    const dir = await makeTree({ [FILE]: CALC });
    expect(await fixer.propose(input(dir, at(27, 'variable lable', 'class org.other.Calc')))).toBeNull();
    expect(await fixer.propose(input(dir, at(27, 'variable lable', 'variable c of type Calc')))).toBeNull();
    const wildcard = await makeTree({
      [FILE]: CALC.replace(
        'import java.util.List;',
        'import java.util.List;\nimport static com.example.Util.*;'
      )
    });
    expect(await fixer.propose(input(wildcard, at(28, 'variable lable')))).toBeNull();
    // Control: the same report on the plain file is fixed.
    expect(await fixer.propose(input(dir, at(27, 'variable lable')))).not.toBeNull();
  });

  it('never edits through a link or outside the tree (a Maven repository path whose suffix is in the tree)', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'nw-outside-'));
    await writeFile(path.join(outside, 'Calc.java'), CALC);
    const dir = await makeTree({ 'pom.xml': '<project/>\n' });
    await symlink(outside, path.join(dir, 'src'));
    const fixer = new JavaSymbolFixer();
    const out = (file: string): string =>
      `${file}:27: error: cannot find symbol\n        return lable + total;\n               ^\n  symbol:   variable lable\n  location: class Calc\n`;
    expect(await fixer.propose(input(dir, out('src/Calc.java')))).toBeNull();
    expect(await fixer.propose(input(dir, out(`${outside}/Calc.java`)))).toBeNull();
    const tree = await makeTree({ [FILE]: CALC });
    expect(await fixer.propose(input(tree, out(`/root/.m2/repository/x/1.0/${FILE}`)))).toBeNull();
    expect(await readFile(path.join(outside, 'Calc.java'), 'utf8')).toBe(CALC);
  });
});
