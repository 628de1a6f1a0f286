import { mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { applyEdits } from '../../../src/repair/edits.js';
import { scanGoFile } from '../../../src/repair/fixers/go-scan.js';
import { GoUndefinedFixer, parseGoUndefined } from '../../../src/repair/fixers/go-undefined.js';
import type { FixerInput } from '../../../src/repair/fixers/types.js';
import { repair } from '../../../src/repair/index.js';
import { createDockerSandbox, type ProjectSpec, type Sandbox } from '../../../src/sandbox/index.js';
import { makeTree } from '../helpers/tree.js';

const GO = 'nightwatch-test-go:1';
const spec: ProjectSpec = { language: 'go', image: GO, test: 'go build ./...', detectedFrom: 'test' };
const logs: string[] = [];
const input = (workdir: string, failureOutput: string, test = spec.test): FixerInput => ({
  workdir,
  spec: { ...spec, test },
  failureOutput,
  failures: [],
  log: m => logs.push(m)
});

const GOMOD = 'module example.com/m\n\ngo 1.19\n';
const MAIN = `package main

import (
	"fmt"
	"strings"

	"example.com/m/sub"
)

type Counter struct {
	count int
	Label string
}

func (c *Counter) Increment() { c.count++ }

const maxItems = 10

var (
	defaultName  = "x"
	other, third int
)

func helper(total int) int { return total * 2 }

func main() {
	c := &Counter{}
	c.increment()
	fmt.Println(c.Count, c.label)
	items := []string{"a"}
	fmt.Println(len(itms), maxItem, defaultNmae, helpr(3), other, third)
	fmt.Println(strings.ToUpper("é"), sub.Valeu)
	fmt.Println("é", lenn(items))
}
`;
const SUB = 'package sub\n\nvar Value = 1\n';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createDockerSandbox();
});
const build = (dir: string, test = spec.test) => sandbox.run({ workdir: dir, spec: { ...spec, test } });

describe('GoUndefinedFixer on real go build output', () => {
  it('fixes near names in scope, a package of the module, and the compiler`s "but does have"; it builds', async () => {
    const dir = await makeTree({ 'go.mod': GOMOD, 'main.go': MAIN, 'sub/sub.go': SUB });
    const before = await build(dir);
    expect(before.exitCode).not.toBe(0);
    expect(before.output).toContain('./main.go:31:18: undefined: itms');
    expect(before.output).toContain(
      'c.increment undefined (type *Counter has no field or method increment, but does have Increment)'
    );
    expect(before.output).toMatch(/main\.go:32:41: undefined: sub\.Valeu/); // a byte column: "é" is 2 bytes
    const p = await new GoUndefinedFixer().propose(input(dir, before.output));
    expect(p).not.toBeNull();
    expect((await applyEdits(dir, p!.edits)).ok).toBe(true);
    const after = await build(dir);
    expect(after.output).toBe('');
    expect(after.exitCode).toBe(0);
    const main = await readFile(path.join(dir, 'main.go'), 'utf8');
    expect(main).toContain('c.Increment()');
    expect(main).toContain('fmt.Println(c.count, c.Label)');
    expect(main).toContain('fmt.Println(len(items), maxItems, defaultName, helper(3), other, third)');
    expect(main).toContain('sub.Value)');
    expect(main).toContain('len(items))');
  });

  it('heals a typo in a test file through repair() with `go test` (locals and the package of the test)', async () => {
    const dir = await makeTree({
      'go.mod': GOMOD,
      'sub/sub.go': 'package sub\n\nfunc Twice(n int) int {\n\tresult := n * 2\n\treturn reslt\n}\n',
      'sub/sub_test.go':
        'package sub\n\nimport "testing"\n\nfunc TestTwice(t *testing.T) {\n\tif Twicee(2) != 4 {\n\t\tt.Fatal("bad")\n\t}\n}\n'
    });
    const test = 'go test ./...';
    const before = await build(dir, test);
    expect(before.output).toContain('sub/sub.go:5:9: undefined: reslt');
    expect(before.output).toContain('sub/sub_test.go:6:5: undefined: Twicee');
    const res = await repair({
      workdir: dir,
      spec: { ...spec, test },
      sandbox,
      failureOutput: before.output,
      failures: [],
      diagnosis: { source: 'rules', rootCause: 'undefined', category: 'build', confidence: 0.9 },
      maxAttempts: 0,
      minConfidence: 0.6,
      protectedPaths: [],
      reruns: 1,
      log: m => logs.push(m)
    });
    expect(res.attempts.map(a => `${a.source}:${a.verdict}`)).toEqual(['fixer:go-undefined:pass']);
    expect(res.fixed).toBe(true);
    expect(await readFile(path.join(dir, 'sub/sub.go'), 'utf8')).toContain('\treturn result\n');
    expect(await readFile(path.join(dir, 'sub/sub_test.go'), 'utf8')).toContain('if Twice(2) != 4');
  });

  it('declines: two names as near, a far name, a standard-library package, a dot import, a moved line', async () => {
    const dir = await makeTree({
      'go.mod': GOMOD,
      'a.go':
        'package main\n\nimport "fmt"\n\nvar total, totem = 1, 2\n\nfunc main() {\n\tfmt.Println(totel, quantity, fmt.Printn)\n}\n'
    });
    const before = await build(dir);
    expect(before.output).toContain('undefined: totel');
    expect(before.output).toContain('undefined: quantity');
    expect(before.output).toContain('undefined: fmt.Printn');
    logs.length = 0;
    expect(await new GoUndefinedFixer().propose(input(dir, before.output))).toBeNull();
    expect(logs.join('\n')).toMatch(/no single near name for 'totel'/);
    expect(logs.join('\n')).toMatch(/fmt is not a package of this module/);

    const dot = await makeTree({
      'go.mod': GOMOD,
      'a.go':
        'package main\n\nimport . "strings"\n\nvar limit = 3\n\nfunc main() {\n\t_ = ToUpper("a") + limt\n}\n'
    });
    const out = await build(dot);
    expect(out.output).toContain('undefined: limt');
    expect(await new GoUndefinedFixer().propose(input(dot, out.output))).toBeNull();
    // Same report, but the file moved on a line: the name is not at the reported column.
    await writeFile(
      path.join(dot, 'a.go'),
      'package main\n\nvar limit = 3\n\nfunc main() {\n\t_ = limt\n}\n'
    );
    expect(await new GoUndefinedFixer().propose(input(dot, out.output))).toBeNull();
  });

  it('declines when a name it cannot place (a struct field, a method) is as near as the best candidate', async () => {
    const src = (field: string): string =>
      `package main\n\ntype Box struct{ ${field} []int }\n\nvar size = 3\n\nfunc main() {\n\tb := Box{}\n\t_ = b\n\t_ = sizs\n}\n`;
    const out = './a.go:10:6: undefined: sizs\n';
    const blocked = await makeTree({ 'go.mod': GOMOD, 'a.go': src('sizes') });
    expect(await new GoUndefinedFixer().propose(input(blocked, out))).toBeNull();
    const control = await makeTree({ 'go.mod': GOMOD, 'a.go': src('items') });
    expect((await new GoUndefinedFixer().propose(input(control, out)))?.summary).toMatch(/'sizs' -> 'size'/);
  });

  it('does not follow the output out of the tree: ../, absolute toolchain paths, a linked file or package', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'nw-outside-'));
    const victim = 'package main\n\nvar limit = 3\n\nfunc main() {\n\t_ = limt\n}\n';
    await writeFile(path.join(outside, 'a.go'), victim);
    const dir = await makeTree({ 'go.mod': GOMOD, 'b.go': 'package main\n' });
    await symlink(path.join(outside, 'a.go'), path.join(dir, 'a.go'));
    await symlink(outside, path.join(dir, 'linked'));
    const fixer = new GoUndefinedFixer();
    for (const reported of [
      './a.go',
      'linked/a.go',
      '../' + path.basename(outside) + '/a.go',
      `${outside}/a.go`
    ])
      expect(await fixer.propose(input(dir, `${reported}:6:6: undefined: limt\n`))).toBeNull();
    // A file of the toolchain whose suffix is also a path in the tree.
    const tree = await makeTree({ 'go.mod': GOMOD, 'src/fmt/print.go': victim });
    expect(
      await fixer.propose(input(tree, '/usr/local/go/src/fmt/print.go:6:6: undefined: limt\n'))
    ).toBeNull();
    // Control: the same report on the tree's own file is fixed.
    expect(await fixer.propose(input(tree, 'src/fmt/print.go:6:6: undefined: limt\n'))).not.toBeNull();
    // A package holding a linked .go file: its names cannot be read, so nothing is sure.
    const pkg = await makeTree({ 'go.mod': GOMOD, 'c.go': victim });
    await symlink(path.join(outside, 'a.go'), path.join(pkg, 'd.go'));
    expect(await fixer.propose(input(pkg, 'c.go:6:6: undefined: limt\n'))).toBeNull();
    expect(await readFile(path.join(outside, 'a.go'), 'utf8')).toBe(victim);
  });
});

describe('parseGoUndefined and scanGoFile', () => {
  it('reads vet`s and newer compilers` forms', () => {
    const out = [
      'vet: sub/sub.go:7:9: undeclared name: reslt',
      './x.go:3:4: x.Foo undefined (type T has no field or method Foo, but does have field foo)',
      './x.go:4:4: x.bar undefined (type *T has no field or method bar, but does have method Bar)',
      './x.go:5:4: x.baz undefined (type T has no field or method baz)'
    ].join('\n');
    expect(parseGoUndefined(out)).toEqual([
      { file: 'sub/sub.go', line: 7, col: 9, qualifier: undefined, wrong: 'reslt' },
      { file: './x.go', line: 3, col: 4, wrong: 'Foo', suggested: 'foo' },
      { file: './x.go', line: 4, col: 4, wrong: 'bar', suggested: 'Bar' }
    ]);
  });

  it('lists declarations, not what strings, raw strings and comments say', () => {
    const src = [
      'package p',
      '// func commented() {}',
      'import (',
      '\tstr "strings"',
      '\t"gopkg.in/yaml.v3"',
      '\t"github.com/x/y/v2"',
      ')',
      'const (',
      '\tA = iota',
      '\tB',
      '\tC, D = 1, 2',
      ')',
      'var s = `func raw() {',
      '}`',
      'type (',
      '\tT struct{ x int }',
      '\tU[K comparable] map[K]int',
      ')',
      'func (t *T) M(a int) (res string) {',
      '\tb, c := "func fake() {}", 2',
      '\tvar d int',
      '\tfor i, v := range []int{} {',
      '\t\t_ = func(inner int) {}',
      '\t}',
      '\treturn',
      '}',
      'func F[E any](xs []E) {}'
    ].join('\n');
    const f = scanGoFile(src);
    expect(f.pkg).toBe('p');
    expect(f.imports.map(i => i.names.includes(['str', 'yaml', 'y'][f.imports.indexOf(i)]))).toEqual([
      true,
      true,
      true
    ]);
    expect(f.topLevel).toEqual(['A', 'B', 'C', 'D', 's', 'T', 'U', 'F']);
    expect(f.methods.get('T')).toEqual(['M']);
    const locals = f.funcs[0].locals.map(l => l.name);
    for (const n of ['t', 'a', 'res', 'b', 'c', 'd', 'i', 'v', 'inner']) expect(locals).toContain(n);
    expect(locals).not.toContain('fake');
  });
});
