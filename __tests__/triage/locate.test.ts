/**
 * The locator's rules on small logs in the real tools' formats (the data they were checked on is
 * LogChunks, see docs/triage-measurement.md). Each log is given as the lines it has; the chunk is
 * compared by its first and last line.
 */
import { triageOutput } from '../../src/triage/index.js';

async function chunkOf(lines: string[]): Promise<string[]> {
  const t = await triageOutput(lines.join('\n') + '\n');
  return t.chunk.text.split('\n');
}

describe('locate', () => {
  it('does not end the chunk at the first line of a wrapped Travis CI verdict', async () => {
    const chunk = await chunkOf([
      '$ script/lint && script/build',
      '',
      'src/grammar-registry.js:1 Strings must use singlequote. (quotes)',
      'src/grammar-registry.js:1 Extra semicolon. (semi)',
      'The command "script/lint && script/build',
      '" exited with 1.'
    ]);
    expect(chunk[chunk.length - 1]).toBe('src/grammar-registry.js:1 Extra semicolon. (semi)');
  });

  it('does not take a blank line for the title of the error below it', async () => {
    const chunk = await chunkOf([
      "[05:26:24] Finished 'default' after 2.65 μs",
      '',
      '  Package size limit has exceeded by 934 B',
      '  Package size: 103.91 KB',
      '  Size limit:   103 KB',
      '',
      'error Command failed with exit code 3.'
    ]);
    expect(chunk[0]).toBe('  Package size limit has exceeded by 934 B');
  });

  it("ends a pytest failure at pytest-cov's report", async () => {
    const body = Array.from({ length: 60 }, (_, i) => `    x${i} = compute(${i})`);
    const t = await triageOutput(
      [
        '=================================== FAILURES ===================================',
        '____________________________ test_unsorted_indices _____________________________',
        '',
        '    def test_unsorted_indices():',
        ...body,
        '>       raise TypeError("could not interpret data type")',
        'E       TypeError: could not interpret data type',
        '',
        'sklearn/svm/tests/test_sparse.py:101: TypeError',
        '',
        '---------- coverage: platform linux2, python 2.7.6-final-0 -----------',
        'Name                     Stmts   Miss  Cover',
        '---------------------------------------------',
        'sklearn/__init__.py         32     11    66%',
        '========== 1 failed, 7000 passed in 900.00 seconds =========='
      ].join('\n')
    );
    const chunk = t.chunk.text.split('\n');
    expect(chunk).toContain('E       TypeError: could not interpret data type');
    expect(chunk.some(l => l.includes('coverage:'))).toBe(false);
    expect(chunk.length).toBeLessThanOrEqual(50);
  });

  it('takes the error block above a closing summary that only counts the failures (tasty)', async () => {
    const ok = Array.from({ length: 60 }, (_, i) => `      case ${i}:${' '.repeat(40)}OK (0.01s)`);
    const chunk = await chunkOf([
      'Running 1 test suites...',
      'Test suite test-pandoc: RUNNING...',
      '  Writers',
      '    custom writer',
      '      basic:                                                         OK (0.20s)',
      '      tables:                                                        FAIL (0.06s)',
      '        ',
      '        ------------------------------------------------------------------------',
      '        --- tables.custom',
      '        +++ pandoc --quiet tables.native -f native -t ../data/sample.lua',
      '        +  29 </table>',
      '        -  29 </table',
      '        ------------------------------------------------------------------------',
      '    man',
      ...ok,
      '',
      '1 out of 2041 tests failed (45.46s)',
      'Test suite test-pandoc: FAIL',
      'Test suite logged to: dist/test/pandoc-2.6-test-pandoc.log',
      '0 of 1 test suites (0 of 1 test cases) passed.'
    ]);
    expect(chunk.some(l => l.includes('tables:') && l.endsWith('FAIL (0.06s)'))).toBe(true);
    expect(chunk).toContain('        --- tables.custom');
    expect(chunk.some(l => /tests failed|: FAIL$/.test(l))).toBe(false);
  });

  it('keeps the closing lines when they say more than a count (a timeout above `rake aborted!`)', async () => {
    const chunk = await chunkOf([
      'Acceptance: Topic::edit',
      'TypeError: Cannot read property of undefined',
      ...Array.from({ length: 60 }, (_, i) => `Acceptance: Composer::case ${i}\n.`.split('\n')).flat(),
      'Tests timed out',
      'rake aborted!',
      'Command failed with status (124): [node /home/travis/build/x/run-qunit.js...]',
      "/home/travis/build/x/lib/tasks/qunit.rake:92:in `block in <main>'",
      'Tasks: TOP => qunit:test',
      '(See full trace by running task with --trace)'
    ]);
    expect(chunk).toContain('Tests timed out');
  });
});
