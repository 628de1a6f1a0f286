import { readFileSync } from 'node:fs';
import { format } from '../../../src/triage/extractors/format.js';
import { normalizeText } from '../../../src/triage/normalize.js';
import { triageLogs, triageOutput } from '../../../src/triage/index.js';
import { fixtureLines, jobLog, plain } from '../logs.js';

// Real output of Prettier 2.8 and 3.x (npm), black 23.1 and isort 5.6 (Debian 12), gofmt (Go 1.19),
// rustfmt 1.9 (`cargo fmt --check`, Rust 1.95) and clang-format 14; Prettier 1's report is as Travis
// CI logs show it, the `diff --git` report is a lint script's (bitcoin's lint-whitespace.sh) and
// `git diff --exit-code`'s.
const lines = (text: string[]) => normalizeText(text.join('\n') + '\n');
const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const chunkOf = async (text: string) => (await triageOutput(text)).chunk.text.split('\n');

const PRETTIER2 = [
  '> app@1.0.0 format:check',
  '> prettier --check .',
  '',
  'Checking formatting...',
  '[warn] src/x.js',
  '[warn] src/y.ts',
  '[warn] Code style issues found in 2 files. Forgot to run Prettier?',
  'npm ERR! code 1'
];

describe('Prettier --check', () => {
  it('reads each `[warn] file` above the summary (Prettier 2), the summary as the first one’s evidence', () => {
    const found = format.extract(lines(PRETTIER2));
    expect(found).toEqual([
      {
        tool: 'prettier',
        errorType: 'format',
        message: 'Code style issues found',
        file: 'src/x.js',
        start: 4,
        end: 4,
        more: [{ start: 6, end: 6 }]
      },
      {
        tool: 'prettier',
        errorType: 'format',
        message: 'Code style issues found',
        file: 'src/y.ts',
        start: 5,
        end: 5
      }
    ]);
  });

  it('reads Prettier 3: a syntax error with its code frame, then a file that is not formatted', async () => {
    const found = format.extract(await fixtureLines('prettier3-check.txt'));
    expect(plain(found)).toEqual([
      { tool: 'prettier', errorType: 'SyntaxError', message: 'Unexpected token', file: 'bad.js', line: 2 },
      { tool: 'prettier', errorType: 'format', message: 'Code style issues found', file: 'x.js' }
    ]);
    expect(found[0]).toMatchObject({ start: 1, end: 4 });
    expect(await chunkOf(fixture('prettier3-check.txt'))).toEqual([
      '[error] bad.js: SyntaxError: Unexpected token (2:1)',
      '[error]   1 | const a = {',
      '[error] > 2 |',
      '[error]     | ^',
      '[warn] x.js',
      'Error occurred when checking code style in the above file.'
    ]);
  });

  it('reads Prettier 1’s bare paths above its summary', () => {
    const found = format.extract(
      lines([
        "[18:30:44] Finished 'lint' after 7.37 s",
        'client/src/components/layouts/prism-night.css',
        'Code style issues found in the above file(s). Forgot to run Prettier?',
        'npm ERR! code ELIFECYCLE'
      ])
    );
    expect(plain(found)).toEqual([
      {
        tool: 'prettier',
        errorType: 'format',
        message: 'Code style issues found',
        file: 'client/src/components/layouts/prism-night.css'
      }
    ]);
    expect(found[0]).toMatchObject({ start: 1, end: 1, more: [{ start: 2, end: 2 }] });
  });

  it('finds nothing in a passing check, or in `[warn]` lines without Prettier’s summary', () => {
    expect(
      format.extract(lines(['Checking formatting...', 'All matched files use Prettier code style!']))
    ).toEqual([]);
    expect(format.extract(lines(['[warn] deprecated option', '[warn] src/x.js', 'done']))).toEqual([]);
  });

  it('makes the chunk the list and its summary inside a longer log', async () => {
    const noise = Array.from({ length: 80 }, (_, i) => `step ${i}: ok`);
    const chunk = await chunkOf([...noise, ...PRETTIER2, ...noise.slice(0, 3)].join('\n') + '\n');
    expect(chunk).toEqual(PRETTIER2.slice(4, 7));
  });
});

describe('black --check', () => {
  it('reads `would reformat` and `cannot format` once black says `Oh no!`', async () => {
    const found = format.extract(await fixtureLines('black-check.txt'));
    expect(found).toEqual([
      {
        tool: 'black',
        errorType: 'format',
        message: 'would reformat',
        file: '/home/runner/work/app/app/a.py',
        start: 0,
        end: 0,
        more: [{ start: 3, end: 4 }]
      },
      {
        tool: 'black',
        errorType: 'parse',
        message: 'Cannot parse: 1:6: def f(:',
        file: '/home/runner/work/app/app/bad.py',
        line: 1,
        start: 1,
        end: 1
      }
    ]);
    expect(await chunkOf(fixture('black-check.txt'))).toEqual(
      fixture('black-check.txt').trimEnd().split('\n')
    );
  });

  it('finds nothing when black passes, or lists files under `black --diff` without --check (exit 0)', () => {
    expect(format.extract(lines(['All done! ✨ 🍰 ✨', '1 file would be left unchanged.']))).toEqual([]);
    expect(
      format.extract(
        lines([
          'would reformat a.py',
          '',
          'All done! ✨ 🍰 ✨',
          '1 file would be reformatted.',
          'Oh no! later'
        ])
      )
    ).toEqual([]);
  });
});

describe('ruff format --check', () => {
  it('reads `Would reformat: x.py` once ruff counts them (its documented report)', () => {
    const found = format.extract(
      lines([
        'Would reformat: app/routers/api.py',
        '1 file would be reformatted, 109 files already formatted'
      ])
    );
    expect(found).toEqual([
      {
        tool: 'ruff',
        errorType: 'format',
        message: 'would reformat',
        file: 'app/routers/api.py',
        start: 0,
        end: 0,
        more: [{ start: 1, end: 1 }]
      }
    ]);
    expect(format.extract(lines(['Would reformat: a.py', 'Formatting stopped']))).toEqual([]);
  });
});

describe('isort --check-only', () => {
  it('reads the file and, with --diff, its diff', async () => {
    const found = format.extract(await fixtureLines('isort-diff.txt'));
    expect(found).toEqual([
      {
        tool: 'isort',
        errorType: 'format',
        message: 'Imports are incorrectly sorted and/or formatted.',
        file: '/home/runner/work/app/app/a.py',
        start: 0,
        end: 8
      }
    ]);
  });

  it('reads isort 4’s shorter message', () => {
    expect(plain(format.extract(lines(['ERROR: /src/app/x.py Imports are incorrectly sorted.'])))).toEqual([
      {
        tool: 'isort',
        errorType: 'format',
        message: 'Imports are incorrectly sorted and/or formatted.',
        file: '/src/app/x.py'
      }
    ]);
  });
});

describe('gofmt -d', () => {
  it('reads each file’s diff, the line of its first hunk', async () => {
    const found = format.extract(await fixtureLines('gofmt-diff.txt'));
    expect(found).toEqual([
      {
        tool: 'gofmt',
        errorType: 'format',
        message: 'file is not gofmt-ed',
        file: 'main.go',
        line: 4,
        start: 0,
        end: 11
      },
      {
        tool: 'gofmt',
        errorType: 'format',
        message: 'file is not gofmt-ed',
        file: 'pkg/util/u.go',
        line: 5,
        start: 12,
        end: 23
      }
    ]);
  });

  it('reads it inside `diff -u <(echo -n) <(gofmt -d .)` (every line behind a `+`) and older gofmt’s `diff -u`', () => {
    const found = format.extract(
      lines([
        '--- /dev/fd/63\t2024-01-02 03:04:05.000000000 +0000',
        '+++ /dev/fd/62\t2024-01-02 03:04:05.000000000 +0000',
        '@@ -0,0 +1,9 @@',
        '+diff -u main.go.orig main.go',
        '+--- main.go.orig\t2024-01-02 03:04:05.000000000 +0000',
        '++++ main.go\t2024-01-02 03:04:05.000000000 +0000',
        '+@@ -4,7 +4,7 @@',
        '+ func main() {',
        '+-  fmt.Println("x")',
        '++\tfmt.Println("x")',
        '+ }',
        'The command "diff -u <(echo -n) <(gofmt -d .)" exited with 1.'
      ])
    );
    expect(found).toEqual([
      {
        tool: 'gofmt',
        errorType: 'format',
        message: 'file is not gofmt-ed',
        file: 'main.go',
        line: 4,
        start: 3,
        end: 10
      }
    ]);
  });
});

describe('rustfmt --check', () => {
  it('reads each `Diff in file:line:` block (colours dropped)', async () => {
    const found = format.extract(await fixtureLines('rustfmt-check.txt'));
    expect(plain(found)).toEqual([
      {
        tool: 'rustfmt',
        errorType: 'format',
        message: 'file is not rustfmt-ed',
        file: '/home/runner/work/app/app/src/main.rs',
        line: 1
      },
      {
        tool: 'rustfmt',
        errorType: 'format',
        message: 'file is not rustfmt-ed',
        file: '/home/runner/work/app/app/src/main.rs',
        line: 8
      }
    ]);
    expect(found[0]).toMatchObject({ start: 0, end: 10 });
  });

  it('reads older rustfmt’s `Diff in file at line N:`', () => {
    expect(
      format.extract(
        lines(['Diff in /src/lib.rs at line 3:', ' fn a() {', '-    1+1', '+    1 + 1', ' }', 'error: x'])
      )
    ).toEqual([
      {
        tool: 'rustfmt',
        errorType: 'format',
        message: 'file is not rustfmt-ed',
        file: '/src/lib.rs',
        line: 3,
        start: 0,
        end: 4
      }
    ]);
  });
});

describe('clang-format --dry-run -Werror', () => {
  it('reads a violation with its code and caret, as clang-format’s (not a compiler’s)', async () => {
    const text = fixture('clang-format.txt');
    const t = await triageOutput(text);
    expect(t.failures[0]).toEqual({
      tool: 'clang-format',
      errorType: 'format',
      message: 'code should be clang-formatted',
      file: 'x.cc',
      line: 1
    });
    expect(t.chunk.text.split('\n').slice(0, 3)).toEqual([
      'x.cc:1:11: error: code should be clang-formatted [-Wclang-format-violations]',
      'int main(){',
      '          ^'
    ]);
  });

  it('finds nothing in its warnings without -Werror (they fail nothing)', () => {
    expect(
      format.extract(
        lines([
          'x.cc:1:11: warning: code should be clang-formatted [-Wclang-format-violations]',
          'int main(){',
          '          ^'
        ])
      )
    ).toEqual([]);
  });
});

describe('git diff --exit-code', () => {
  const DIFF = [
    'diff --git a/src/gen.go b/src/gen.go',
    'index 3b18e51..a9c3f0d 100644',
    '--- a/src/gen.go',
    '+++ b/src/gen.go',
    '@@ -1,3 +1,3 @@',
    ' package gen',
    '-const V = 1',
    '+const V = 2'
  ];

  it('reads a diff that ends the failing output, with the line that fails the step', () => {
    const found = format.extract(
      lines(['$ go generate ./...', ...DIFF, '', 'Error: Process completed with exit code 1.'])
    );
    expect(found).toEqual([
      {
        tool: 'git-diff',
        errorType: 'diff',
        message: 'files differ',
        file: 'src/gen.go',
        start: 1,
        end: 8,
        more: [{ start: 10, end: 10 }]
      }
    ]);
    expect(plain(format.extract(lines(DIFF)))).toHaveLength(1);
  });

  it('reads a lint script’s diff (hunks without headers) above its verdict', () => {
    const found = format.extract(
      lines([
        'The following changes were suspected:',
        '',
        'diff --git a/src/wallet/rpcwallet.cpp b/src/wallet/rpcwallet.cpp',
        '@@ -3338,4 +3342,5 @@ static UniValue bumpfee(const JSONRPCRequest& request)',
        '+            true, true); ',
        '^---- failure generated from test/lint/lint-whitespace.sh'
      ])
    );
    expect(found).toEqual([
      {
        tool: 'git-diff',
        errorType: 'diff',
        message: 'files differ',
        file: 'src/wallet/rpcwallet.cpp',
        start: 2,
        end: 4,
        more: [{ start: 5, end: 5 }]
      }
    ]);
  });

  it('makes the diff the chunk of a GitHub job whose step failed on it', async () => {
    const { text } = jobLog([
      { name: 'npm ci', output: ['added 10 packages'] },
      { name: 'go generate ./... && git diff --exit-code', output: DIFF, exitCode: 1 }
    ]);
    const t = await triageLogs(Buffer.from(text));
    expect(t.failures).toEqual([
      { tool: 'git-diff', errorType: 'diff', message: 'files differ', file: 'src/gen.go' }
    ]);
    expect(t.chunk.text.split('\n')).toEqual(DIFF);
  });

  it('finds nothing in a diff shown earlier in the output (a `git show`, a patch being applied)', () => {
    expect(
      format.extract(lines(['$ git show HEAD', ...DIFF, '', '$ npm test', '> jest', 'Tests: 3 passed']))
    ).toEqual([]);
  });
});

describe('hostile input', () => {
  it('stays linear on many summaries, long path lists and a huge diff', () => {
    const many = Array.from({ length: 20000 }, (_, i) =>
      i % 400 === 399 ? '[warn] Code style issues found in 2 files.' : `[warn] f${i}.js`
    );
    const diff = ['diff --git a/x b/x', ...Array.from({ length: 60000 }, () => '+' + 'a'.repeat(50))];
    const t0 = Date.now();
    expect(format.extract(lines(many)).length).toBe(20000 - 50);
    expect(format.extract(lines(diff))).toHaveLength(1);
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});
