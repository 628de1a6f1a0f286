import { lint } from '../../../src/triage/extractors/lint.js';
import { normalizeText } from '../../../src/triage/normalize.js';
import { triageOutput } from '../../../src/triage/index.js';

// Real output of ShellCheck 0.9.0, flake8 5.0, pylint 2.16 and mypy 1.0 (Debian 12), stylelint 14 and
// 16 (npm); ruff's line is its documented concise format, the wrapped stylelint row is older
// stylelint's (as Travis CI logs show it).
const lines = (text: string[]) => normalizeText(text.join('\n') + '\n');

const SHELLCHECK = [
  '',
  'In x.sh line 3:',
  'rm $files',
  '   ^----^ SC2086 (info): Double quote to prevent globbing and word splitting.',
  '',
  'Did you mean: ',
  'rm "$files"',
  '',
  '',
  'In x.sh line 4:',
  'echo `date`',
  '     ^----^ SC2046 (warning): Quote this to prevent word splitting.',
  "     ^----^ SC2005 (style): Useless echo? Instead of 'echo $(cmd)', just use 'cmd'.",
  '',
  'Did you mean: ',
  'echo $(date)',
  '',
  'For more information:',
  '  https://www.shellcheck.net/wiki/SC2046 -- Quote this to prevent word splitt...',
  '  https://www.shellcheck.net/wiki/SC2086 -- Double quote to prevent globbing ...'
];

describe('ShellCheck', () => {
  it('reads each `In x.sh line N:` block: its first note, through the suggested fix', () => {
    expect(lint.extract(lines(SHELLCHECK))).toEqual([
      {
        tool: 'shellcheck',
        errorType: 'SC2086',
        message: 'Double quote to prevent globbing and word splitting.',
        file: 'x.sh',
        line: 3,
        start: 1,
        end: 6
      },
      {
        tool: 'shellcheck',
        errorType: 'SC2046',
        message: 'Quote this to prevent word splitting.',
        file: 'x.sh',
        line: 4,
        start: 9,
        end: 15
      }
    ]);
  });

  it('makes the chunk start at the first block, not at the last one', async () => {
    const chunk = (await triageOutput(SHELLCHECK.join('\n') + '\n')).chunk.text.split('\n');
    expect(chunk[0]).toBe('In x.sh line 3:');
  });

  it('reads -f gcc lines, and not an `In … line N:` line with no note under it', () => {
    expect(
      lint.extract(
        lines([
          'x.sh:3:4: note: Double quote to prevent globbing and word splitting. [SC2086]',
          'In the docs line 4:',
          'some prose',
          ''
        ])
      )
    ).toEqual([
      {
        tool: 'shellcheck',
        errorType: 'SC2086',
        message: 'Double quote to prevent globbing and word splitting.',
        file: 'x.sh',
        line: 3,
        start: 0,
        end: 0
      }
    ]);
  });
});

describe('Python linters', () => {
  it('reads flake8 (pycodestyle and pyflakes codes) and ruff', () => {
    expect(
      lint
        .extract(
          lines([
            "x.py:1:1: F401 'os' imported but unused",
            'x.py:3:1: E302 expected 2 blank lines, found 1',
            'src/a.py:1:8: F401 [*] `os` imported but unused'
          ])
        )
        .map(f => [f.tool, f.errorType, f.message, f.file, f.line])
    ).toEqual([
      ['flake8', 'F401', "'os' imported but unused", 'x.py', 1],
      ['flake8', 'E302', 'expected 2 blank lines, found 1', 'x.py', 3],
      ['flake8', 'F401', '`os` imported but unused', 'src/a.py', 1]
    ]);
  });

  it('reads pylint with its module banner as the first message’s title', () => {
    const found = lint.extract(
      lines([
        '************* Module y',
        'y.py:1:0: W0611: Unused import os (unused-import)',
        '',
        '-----------------------------------',
        'Your code has been rated at 0.00/10'
      ])
    );
    expect(found).toEqual([
      {
        tool: 'pylint',
        errorType: 'W0611',
        message: 'Unused import os (unused-import)',
        file: 'y.py',
        line: 1,
        start: 0,
        end: 1
      }
    ]);
  });

  it('reads mypy with its error code, its notes and, with --pretty, the wrapped code and the source', () => {
    expect(
      lint.extract(
        lines([
          'n.py:6: error: Argument 1 to "f" has incompatible type "str"; expected "int"  [arg-type]',
          'n.py:6: note: This is a note about it',
          'n.py:7: note: Revealed type is "types.ModuleType"',
          'Found 1 error in 1 file (checked 1 source file)'
        ])
      )
    ).toEqual([
      {
        tool: 'mypy',
        errorType: 'arg-type',
        message: 'Argument 1 to "f" has incompatible type "str"; expected "int"',
        file: 'n.py',
        line: 6,
        start: 0,
        end: 1
      }
    ]);
    const pretty = lint.extract(
      lines([
        'm.py:2: error: Incompatible return value type (got "int", expected "str") ',
        '[return-value]',
        '        return a',
        '               ^',
        'm.py:4: error: Argument 1 to "f" has incompatible type "str"; expected "int" ',
        '[arg-type]',
        '    f("x")',
        '      ^~~',
        'Found 2 errors in 1 file (checked 1 source file)'
      ])
    );
    expect(pretty.map(f => [f.errorType, f.line, f.start, f.end])).toEqual([
      ['return-value', 2, 0, 3],
      ['arg-type', 4, 4, 7]
    ]);
  });

  it('finds nothing in a clean run or a pytest location line', () => {
    expect(
      lint.extract(
        lines([
          'Success: no issues found in 3 source files',
          'tests/test_x.py:33: in TestPowershell',
          'Your code has been rated at 10.00/10',
          'x.py:3: note: By default the bodies of untyped functions are not checked'
        ])
      )
    ).toEqual([]);
  });
});

describe('stylelint', () => {
  const report = [
    '',
    'a.css',
    ' 1:12  ✖  Expected "#FFF" to be "#fff"        color-hex-case',
    ' 2:3   ⚠  Unexpected empty block              block-no-empty',
    ' 3:6   ✖  Unexpected unknown property "colr"  property-no-unknown',
    '',
    '3 problems (2 errors, 1 warning)'
  ];

  it('reads its string report: the file above, the errors (✖) and their rules, not the warnings (⚠)', () => {
    const found = lint.extract(lines(report));
    expect(found.map(f => [f.errorType, f.message, f.file, f.line, f.start, f.end])).toEqual([
      ['color-hex-case', 'Expected "#FFF" to be "#fff"', 'a.css', 1, 1, 2],
      ['property-no-unknown', 'Unexpected unknown property "colr"', 'a.css', 3, 4, 4]
    ]);
  });

  it('joins a message older versions wrap onto the next line', () => {
    const found = lint.extract(
      lines([
        'src/a.css',
        ' 3:6  ✖  Unexpected unknown property     property-no-unknown',
        '          "colr"                                                  ',
        ''
      ])
    );
    expect(found.map(f => [f.message, f.errorType, f.start, f.end])).toEqual([
      ['Unexpected unknown property "colr"', 'property-no-unknown', 0, 2]
    ]);
  });

  it('reads -f unix and -f compact', () => {
    expect(
      lint
        .extract(
          lines([
            '/tmp/sl/a.css:2:3: Unexpected empty block (block-no-empty) [error]',
            '/tmp/sl/a.css: line 3, col 6, error - Unexpected unknown property "colr" (property-no-unknown)',
            '/tmp/sl/a.css:4:1: Expected a leading zero (number-leading-zero) [warning]'
          ])
        )
        .map(f => [f.errorType, f.message, f.file, f.line])
    ).toEqual([
      ['block-no-empty', 'Unexpected empty block', '/tmp/sl/a.css', 2],
      ['property-no-unknown', 'Unexpected unknown property "colr"', '/tmp/sl/a.css', 3]
    ]);
  });

  it('finds nothing under a path line when the rows are ESLint’s or only warnings', () => {
    expect(
      lint.extract(
        lines([
          'src/a.js',
          '  1:1  error  Unexpected var  no-var',
          '',
          'b.css',
          ' 2:3   ⚠  Unexpected empty block  block-no-empty',
          '✖ 1 problem (1 error, 0 warnings)'
        ])
      )
    ).toEqual([]);
  });
});
