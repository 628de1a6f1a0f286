/**
 * PHP tools. PHP's fatal and parse errors and PHP_CodeSniffer's report are real output on this host
 * (php-cli 8.2, phpcs 3.7.1 on Debian); PHPStan's table and Psalm's lines are their documented forms
 * (PHPStan's output-format docs, Psalm issue threads), as neither is packaged here.
 */
import { php } from '../../../src/triage/extractors/php.js';
import { triageOutput } from '../../../src/triage/index.js';
import { normalizeText } from '../../../src/triage/normalize.js';
import { fixtureLines, plain } from '../logs.js';

async function chunkOf(text: string): Promise<string[]> {
  return (await triageOutput(text)).chunk.text.split('\n');
}

async function fixture(name: string): Promise<string> {
  const { readFileSync } = await import('node:fs');
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
}

describe('PHP fatal errors', () => {
  it('reads an uncaught exception with its stack trace and `thrown in` line', async () => {
    const lines = await fixtureLines('php-fatal.txt');
    const found = php.extract(lines);
    expect(plain(found)).toEqual([
      {
        tool: 'php',
        errorType: 'RuntimeException',
        message: 'config not found: /etc/app.ini',
        file: '/tmp/deps/php/app.php',
        line: 3
      }
    ]);
    expect(await chunkOf(await fixture('php-fatal.txt'))).toEqual(
      (await fixture('php-fatal.txt')).trimEnd().split('\n').slice(1)
    );
  });

  it('reads a parse error and the display_errors copy without the `PHP ` prefix as one failure', async () => {
    const text = [
      '$ php parse.php',
      'PHP Parse error:  syntax error, unexpected token "}", expecting ";" in /tmp/deps/php/parse.php on line 4',
      '',
      'Parse error: syntax error, unexpected token "}", expecting ";" in /tmp/deps/php/parse.php on line 4'
    ].join('\n');
    const found = php.extract(normalizeText(text));
    expect(plain(found)).toEqual([
      {
        tool: 'php',
        errorType: 'Parse error',
        message: 'syntax error, unexpected token "}", expecting ";"',
        file: '/tmp/deps/php/parse.php',
        line: 4
      },
      {
        tool: 'php',
        errorType: 'Parse error',
        message: 'syntax error, unexpected token "}", expecting ";"',
        file: '/tmp/deps/php/parse.php',
        line: 4
      }
    ]);
    expect((await triageOutput(text)).failures).toHaveLength(1);
  });

  it('does not take another runtime’s `Fatal error:` (Swift) or a PHP warning', () => {
    const lines = normalizeText(
      [
        'Fatal error: Index out of range: file Sources/App/main.swift, line 12',
        'PHP Warning:  Undefined variable $x in /app/a.php on line 3',
        'Deprecated: Creation of dynamic property is deprecated in /app/a.php on line 9'
      ].join('\n')
    );
    expect(php.extract(lines)).toEqual([]);
  });

  it('leaves a fatal error to the PHPUnit report in the same log', () => {
    const lines = normalizeText(
      [
        'PHP Fatal error:  Uncaught Error: Call to undefined function f() in /app/a.php:3',
        'There was 1 failure:',
        '',
        '1) FooTest::testBar',
        'Failed asserting that false is true.'
      ].join('\n')
    );
    expect(php.extract(lines)).toEqual([]);
  });
});

describe('PHP_CodeSniffer', () => {
  it('reads each ERROR row with its wrapped lines, the first from the FILE line (real phpcs 3.7)', async () => {
    const lines = await fixtureLines('phpcs.txt');
    const found = php.extract(lines);
    expect(plain(found).slice(0, 2)).toEqual([
      {
        tool: 'phpcs',
        errorType: 'error',
        message: 'Header blocks must be separated by a single blank line',
        file: '/tmp/deps/php/cs.php',
        line: 1
      },
      {
        tool: 'phpcs',
        errorType: 'error',
        message: 'Expected 0 spaces after opening parenthesis; 1 found',
        file: '/tmp/deps/php/cs.php',
        line: 2
      }
    ]);
    expect(found).toHaveLength(6);
    expect([lines[found[0].start].text, lines[found[0].end].text]).toEqual([
      'FILE: /tmp/deps/php/cs.php',
      '   |       |     line'
    ]);
    const chunk = await chunkOf(await fixture('phpcs.txt'));
    expect([chunk[0], chunk[chunk.length - 1]]).toEqual([
      'FILE: /tmp/deps/php/cs.php',
      ' 3 | ERROR | [x] Closing brace must be on a line by itself'
    ]);
  });

  it('does not read a report with warnings only', () => {
    const lines = normalizeText(
      [
        'FILE: /app/src/a.php',
        '----------------------------------------------------------------------',
        'FOUND 0 ERRORS AND 1 WARNING AFFECTING 1 LINE',
        '----------------------------------------------------------------------',
        ' 7 | WARNING | Line exceeds 120 characters; contains 130 characters',
        '----------------------------------------------------------------------'
      ].join('\n')
    );
    expect(php.extract(lines)).toEqual([]);
  });
});

describe('PHPStan', () => {
  const table = [
    ' 3/3 [============================] 100%',
    '',
    ' ------ ---------------------------------------------------------------- ',
    '  Line   src/Foo.php                                                      ',
    ' ------ ---------------------------------------------------------------- ',
    '  12     Method Foo::bar() should return int but returns string.          ',
    '         🪪  return.type                                                   ',
    '  20     Call to an undefined method Foo::baz().                          ',
    ' ------ ---------------------------------------------------------------- ',
    '',
    ' [ERROR] Found 2 errors                                                        '
  ];

  it('reads each row of a file table, the first from its top rule, without the identifier line', () => {
    const lines = normalizeText(table.join('\n'));
    const found = php.extract(lines);
    expect(plain(found)).toEqual([
      {
        tool: 'phpstan',
        errorType: 'error',
        message: 'Method Foo::bar() should return int but returns string.',
        file: 'src/Foo.php',
        line: 12
      },
      {
        tool: 'phpstan',
        errorType: 'error',
        message: 'Call to an undefined method Foo::baz().',
        file: 'src/Foo.php',
        line: 20
      }
    ]);
    expect(found.map(f => [f.start, f.end])).toEqual([
      [2, 6],
      [7, 7]
    ]);
  });

  it('does not read a table that is not PHPStan’s', () => {
    const lines = normalizeText(
      [
        ' ------ -------- ',
        '  Name   Version ',
        ' ------ -------- ',
        '  12     acme/lib ',
        ' ------ -------- '
      ].join('\n')
    );
    expect(php.extract(lines)).toEqual([]);
  });
});

describe('Psalm', () => {
  it('reads the issue line and the code under it, without the docs link', () => {
    const lines = normalizeText(
      [
        'ERROR: MissingReturnType - src/basics.php:46:14 - Method debug does not have a return type (see https://psalm.dev/050)',
        '    function debug($var, $showHtml = null, $showFrom = true)',
        '',
        '',
        '------------------------------',
        '1 errors found',
        '------------------------------'
      ].join('\n')
    );
    const found = php.extract(lines);
    expect(plain(found)).toEqual([
      {
        tool: 'psalm',
        errorType: 'MissingReturnType',
        message: 'Method debug does not have a return type',
        file: 'src/basics.php',
        line: 46
      }
    ]);
    expect([found[0].start, found[0].end]).toEqual([0, 1]);
  });

  it('does not read pip’s or other tools’ `ERROR:` lines', () => {
    const lines = normalizeText(
      [
        'ERROR: Could not find a version that satisfies the requirement x',
        'ERROR: job failed - see log'
      ].join('\n')
    );
    expect(php.extract(lines)).toEqual([]);
  });
});
