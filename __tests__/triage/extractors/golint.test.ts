import { readFileSync } from 'node:fs';
import { cargo } from '../../../src/triage/extractors/cargo.js';
import { gotest } from '../../../src/triage/extractors/go.js';
import { golint } from '../../../src/triage/extractors/golint.js';
import { normalizeText } from '../../../src/triage/normalize.js';
import { triageOutput } from '../../../src/triage/index.js';
import { fixtureLines, plain } from '../logs.js';

// Real output of staticcheck 2023.1 and go vet (Go 1.19, Debian 12) and clippy 0.1.95 (Rust 1.95);
// golangci-lint's report is its documented text format (`file:line:col: message (linter)`, the code
// line and a caret), as its issues show it.
const lines = (text: string[]) => normalizeText(text.join('\n') + '\n');
const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

describe('staticcheck', () => {
  it('reads each `file:line:col: message (check)` line', async () => {
    const found = golint.extract(await fixtureLines('staticcheck.txt'));
    expect(found).toHaveLength(5);
    expect(found[0]).toEqual({
      tool: 'staticcheck',
      errorType: 'SA5009',
      message: 'Printf format %d has arg #1 of wrong type string',
      file: 'main.go',
      line: 7,
      start: 0,
      end: 0
    });
    expect(found.map(f => f.errorType)).toEqual(['SA5009', 'S1021', 'SA4000', 'SA4017', 'S1025']);
  });

  it('reads a package that does not type-check (`(compile)`)', () => {
    expect(plain(golint.extract(lines(['main.go:4:7: undeclared name: undefinedThing (compile)'])))).toEqual([
      {
        tool: 'staticcheck',
        errorType: 'compile',
        message: 'undeclared name: undefinedThing',
        file: 'main.go',
        line: 4
      }
    ]);
  });

  it('reads `-f stylish`: the file line above its first row', async () => {
    const found = golint.extract(await fixtureLines('staticcheck-stylish.txt'));
    expect(found[0]).toEqual({
      tool: 'staticcheck',
      errorType: 'SA5009',
      message: 'Printf format %d has arg #1 of wrong type string',
      file: '/home/runner/work/demo/demo/main.go',
      line: 7,
      start: 0,
      end: 1
    });
    expect(found.map(f => [f.file?.split('/').pop(), f.line, f.errorType])).toEqual([
      ['main.go', 7, 'SA5009'],
      ['u.go', 6, 'S1021'],
      ['u.go', 12, 'SA4000'],
      ['u.go', 13, 'SA4017'],
      ['u.go', 13, 'S1025']
    ]);
  });
});

describe('golangci-lint', () => {
  const REPORT = [
    'main.go:7:3: printf: fmt.Printf format %d has arg "hello" of wrong type string (govet)',
    '\tfmt.Printf("%d\\n", "hello")',
    '\t^',
    'pkg/util/u.go:13: File is not `gofmt`-ed with `-s` (gofmt)',
    'func F() {',
    '2 issues:',
    '* govet: 1',
    '* gofmt: 1'
  ];

  it('reads each issue with its code line and caret, the linter as its type', async () => {
    const found = golint.extract(lines(REPORT));
    expect(found).toEqual([
      {
        tool: 'golangci-lint',
        errorType: 'govet',
        message: 'printf: fmt.Printf format %d has arg "hello" of wrong type string',
        file: 'main.go',
        line: 7,
        start: 0,
        end: 2
      },
      {
        tool: 'golangci-lint',
        errorType: 'gofmt',
        message: 'File is not `gofmt`-ed with `-s`',
        file: 'pkg/util/u.go',
        line: 13,
        start: 3,
        end: 3
      }
    ]);
    const chunk = (await triageOutput(REPORT.join('\n') + '\n')).chunk.text.split('\n');
    expect(chunk.slice(0, 3)).toEqual(REPORT.slice(0, 3));
  });

  it('reads a run that could not lint (`level=error msg="Running error: …"`, a timeout)', () => {
    expect(
      plain(
        golint.extract(
          lines([
            'level=info msg="[config_reader] Config search paths: [./ /app / /root]"',
            'level=error msg="Running error: context loading failed: no go files to analyze"',
            'level=error msg="Timeout exceeded: try increasing it by passing --timeout option"'
          ])
        )
      )
    ).toEqual([
      { tool: 'golangci-lint', errorType: 'run', message: 'context loading failed: no go files to analyze' },
      {
        tool: 'golangci-lint',
        errorType: 'timeout',
        message: 'try increasing it by passing --timeout option'
      }
    ]);
  });

  it('finds nothing in go test’s indented report lines or a build error without a linter', () => {
    expect(
      golint.extract(
        lines([
          '--- FAIL: TestX (0.00s)',
          '    x_test.go:12: got 1 (want)',
          './main.go:4:7: cannot use x (variable of type int) as string value in argument to f',
          'level=info msg="Running error: not an error"'
        ])
      )
    ).toEqual([]);
  });
});

describe('go vet', () => {
  it('reads its findings under `# package`, the package line as the first one’s title', async () => {
    const found = gotest.extract(await fixtureLines('go-vet.txt'));
    expect(found[0]).toEqual({
      tool: 'go-build',
      errorType: 'compile',
      message: 'fmt.Printf format %d has arg "hello" of wrong type string',
      file: './main.go',
      line: 7,
      start: 0,
      end: 1
    });
    expect(found[1]).toMatchObject({ file: 'pkg/util/u.go', line: 13, start: 2, end: 3 });
  });

  it('reads `vet: x.go:…` for a package that does not type-check', () => {
    expect(
      plain(gotest.extract(lines(['# example.com/b', 'vet: ./main.go:4:7: undeclared name: undefinedThing'])))
    ).toEqual([
      {
        tool: 'go-build',
        errorType: 'compile',
        message: 'undeclared name: undefinedThing',
        file: './main.go',
        line: 4
      }
    ]);
  });
});

describe('clippy -D warnings', () => {
  it('reads a denied lint as clippy’s, named by its notes, not the `could not compile` wrapper', async () => {
    const found = cargo.extract(await fixtureLines('clippy-deny.txt'));
    expect(plain(found)).toEqual([
      {
        tool: 'clippy',
        errorType: 'clone_on_copy',
        message: 'using `clone` on type `i32` which implements the `Copy` trait',
        file: 'src/main.rs',
        line: 3
      },
      {
        tool: 'clippy',
        errorType: 'len_zero',
        message: 'length comparison to zero',
        file: 'src/main.rs',
        line: 6
      }
    ]);
    expect(found[0]).toMatchObject({ start: 1, end: 9 });
    const chunk = (await triageOutput(fixture('clippy-deny.txt'))).chunk.text.split('\n');
    expect(chunk[0]).toBe('error: using `clone` on type `i32` which implements the `Copy` trait');
  });

  it('reads older clippy’s `#[deny(clippy::x)]` note; a rustc error stays rustc’s', () => {
    const found = cargo.extract(
      lines([
        'error: this comparison involving the minimum or maximum element for this type contains a case that is always true or always false',
        '  --> src/lib.rs:4:8',
        '   |',
        '4  |     if x >= 0 {',
        '   |        ^^^^^^',
        '   |',
        '   = note: `#[deny(clippy::absurd_extreme_comparisons)]` on by default',
        '',
        'error[E0425]: cannot find value `y` in this scope',
        ' --> src/lib.rs:9:5',
        '  |',
        '9 |     y',
        '  |     ^ not found in this scope'
      ])
    );
    expect(found.map(f => [f.tool, f.errorType])).toEqual([
      ['clippy', 'absurd_extreme_comparisons'],
      ['rustc', 'E0425']
    ]);
  });
});
