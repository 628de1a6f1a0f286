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

describe('JavaSymbolFixer on what real javac 17 prints', () => {
  const P = 'src/main/java/com/example/';
  const SHAPE = `package com.example;

import java.io.Serializable;

public abstract class Shape implements Marker {
    protected String describe() {
        return "shape";
    }

    private String descript() {
        return "secret";
    }
}
`;
  const MARKER =
    'package com.example;\n\npublic interface Marker {\n    default String unit() {\n        return "cm";\n    }\n}\n';
  const SQUARE = `package com.example;

public class Square extends Shape {
    private final String label = "sq";

    public String report() {
        return descrbe() + unti() + this.lable;
    }
}
`;
  const at = (line: number, col: number, sym: string, loc?: string): string =>
    `${P}Square.java:${line}: error: cannot find symbol\n${' '.repeat(col - 1)}^\n  symbol:   ${sym}\n${loc ? `  location: ${loc}\n` : ''}`;

  it('finds members inherited from classes and interfaces of other files, and this.x (no location line)', async () => {
    const dir = await makeTree({
      [P + 'Shape.java']: SHAPE,
      [P + 'Marker.java']: MARKER,
      [P + 'Square.java']: SQUARE
    });
    const out =
      `${P}Square.java:7: error: cannot find symbol\n        return descrbe() + unti() + this.lable;\n               ^\n  symbol:   method descrbe()\n  location: class Square\n` +
      `${P}Square.java:7: error: cannot find symbol\n        return descrbe() + unti() + this.lable;\n                           ^\n  symbol:   method unti()\n  location: class Square\n` +
      `${P}Square.java:7: error: cannot find symbol\n        return descrbe() + unti() + this.lable;\n                                       ^\n  symbol: variable lable\n3 errors\n`;
    const p = await new JavaSymbolFixer().propose(input(dir, out));
    expect(p).not.toBeNull();
    expect((await applyEdits(dir, p!.edits)).ok).toBe(true);
    expect(await readFile(path.join(dir, P, 'Square.java'), 'utf8')).toBe(
      SQUARE.replace('descrbe() + unti() + this.lable', 'describe() + unit() + this.label')
    );
  });

  it('declines: a private member of a superclass, a supertype outside the tree, a generic variable type, a bare name without location', async () => {
    const fixer = new JavaSymbolFixer();
    // Shape's `descript` is private: not inherited, so not a member of Square (control: protected, it is).
    const priv = SHAPE.replace('protected String describe()', 'protected String summary()');
    const dir = await makeTree({
      [P + 'Shape.java']: priv,
      [P + 'Marker.java']: MARKER,
      [P + 'Square.java']: SQUARE.replace('descrbe()', 'descripe()')
    });
    expect(await fixer.propose(input(dir, at(7, 16, 'method descripe()', 'class Square')))).toBeNull();
    await writeFile(
      path.join(dir, P, 'Shape.java'),
      priv.replace('private String descript()', 'protected String descript()')
    );
    expect(
      (await fixer.propose(input(dir, at(7, 16, 'method descripe()', 'class Square'))))?.edits[0].replace
    ).toContain('descript()');
    // Marker extends a library interface: Square's members are no longer all known.
    const lib = await makeTree({
      [P + 'Shape.java']: SHAPE,
      [P + 'Marker.java']: MARKER.replace(
        'public interface Marker {',
        'public interface Marker extends Serializable {'
      ),
      [P + 'Square.java']: SQUARE
    });
    logs.length = 0;
    expect(await fixer.propose(input(lib, at(7, 16, 'method descrbe()', 'class Square')))).toBeNull();
    expect(logs.join('\n')).toMatch(/inherits from a type outside the tree/);
    // `location: variable xs of type List<String>`: a type this fixer does not read (control: Square).
    const plain = await makeTree({
      [P + 'Shape.java']: SHAPE,
      [P + 'Marker.java']: MARKER,
      [P + 'Square.java']: SQUARE
    });
    expect(
      await fixer.propose(
        input(plain, at(7, 16, 'method descrbe()', 'variable xs of type java.util.List<String>'))
      )
    ).toBeNull();
    expect(await fixer.propose(input(plain, at(7, 16, 'method descrbe()', 'class Square')))).not.toBeNull();
    // No location line, and the name is not after `this.`: not javac's `this.x` form.
    const bare = await makeTree({
      [P + 'Shape.java']: SHAPE,
      [P + 'Marker.java']: MARKER,
      [P + 'Square.java']: SQUARE.replace('this.lable', 'lable')
    });
    expect(await fixer.propose(input(bare, at(7, 35, 'variable lable')))).toBeNull();
    // A class found by an on-demand import only: not guessed.
    const other = await makeTree({
      'src/main/java/com/other/Util.java':
        'package com.other;\n\npublic class Util {\n    public static int clamp(int v) {\n        return v;\n    }\n}\n',
      [P + 'App.java']:
        'package com.example;\n\nimport com.other.*;\n\npublic class App {\n    int f() {\n        return Util.clmap(1);\n    }\n}\n'
    });
    const appOut = `${P}App.java:7: error: cannot find symbol\n        return Util.clmap(1);\n                   ^\n  symbol:   method clmap(int)\n  location: class Util\n`;
    expect(await fixer.propose(input(other, appOut))).toBeNull();
    // Control: the single-type import finds it.
    await writeFile(
      path.join(other, P, 'App.java'),
      'package com.example;\n\nimport com.other.Util;\n\npublic class App {\n    int f() {\n        return Util.clmap(1);\n    }\n}\n'
    );
    expect((await fixer.propose(input(other, appOut)))?.edits[0].replace).toBe(
      '        return Util.clamp(1);\n'
    );
  });

  it('does not take the location of the next diagnostic for a report that has none', () => {
    const out = `${P}Square.java:7: error: cannot find symbol
        return this.lable;
                   ^
  symbol: variable lable
${P}Square.java:9: error: incompatible types: int cannot be converted to String
        return 1;
               ^
${P}Other.java:3: error: cannot find symbol
  symbol:   variable x
  location: class Other
`;
    expect(
      parseJavaMissingSymbols(out).map(s => `${s.line}:${s.wrong}:${s.via}:${s.location ?? '-'}`)
    ).toEqual(['7:lable:none:-', '3:x:class:Other']);
  });
});
