/**
 * The locator's rules on small logs in the real tools' formats (the data they were checked on is
 * LogChunks, see docs/triage-measurement.md). Each log is given as the lines it has; the chunk is
 * compared by its first and last line.
 */
import { triageLogs, triageOutput } from '../../src/triage/index.js';

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

  it('takes the findings a lone closing count stands under, across blank lines (linkinator)', async () => {
    const run = [
      '> site@1.0.0 links /home/travis/build/o/site',
      '> linkinator _site --recurse --silent',
      '',
      '  [404] http://localhost:5710/docs/dist/js/bundle.js',
      '  [404] http://localhost:5710/docs/img/logo.svg',
      '',
      '',
      'ERROR: Detected 2 broken links. Scanned 589 links in 5.881 seconds.',
      'npm ERR! code ELIFECYCLE',
      'npm ERR! errno 1'
    ];
    const chunk = await chunkOf(run);
    expect([chunk[0], chunk[chunk.length - 1]]).toEqual([run[3], run[7]]);
    // Not across more than two blank lines, nor a line that counts nothing.
    const far = await chunkOf([...run.slice(0, 6), '', ...run.slice(6)]);
    expect(far).toEqual([run[7]]);
    const plain = await chunkOf([...run.slice(0, 7), 'ERROR: the link checker stopped.']);
    expect(plain).toEqual(['ERROR: the link checker stopped.']);
  });

  it("does not take a command's echo for the title of the error below it", async () => {
    for (const echo of ['$ ./check-links.sh', '> ./check-links.sh'])
      expect(
        await chunkOf([
          'Done in 8.00s.',
          echo,
          'Broken link: docs/a.md -> docs/b.md',
          'Broken link: docs/c.md -> docs/d.md',
          'The command "./check-links.sh" exited with 1.'
        ])
      ).toEqual(['Broken link: docs/a.md -> docs/b.md', 'Broken link: docs/c.md -> docs/d.md']);
    // A line of output is still the title.
    expect(
      (
        await chunkOf([
          'Checking docs',
          'Broken link: docs/a.md -> docs/b.md',
          'The command "x" exited with 1.'
        ])
      )[0]
    ).toBe('Checking docs');
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

  it('starts the chunk where an error block begins when the 50-line window would cut it', async () => {
    const browsers = [
      'IE 9.0.0 (Windows 7.0.0)',
      'IE 8.0.0 (Windows 7.0.0)',
      'Safari 8.0.8 (Mac OS X 10.10.5)'
    ];
    const disconnects = browsers.flatMap(b => [
      `${b} ERROR`,
      '  Disconnectedreconnect failed before timeout of 2000ms (ping timeout)',
      `${b}: Executed 50 of 220 DISCONNECTED (33.106 secs / 1.059 secs)`,
      '03 08 2019 14:13:39.543:ERROR [reporter.browserlabs]: ✖ Test Disconnected'
    ]);
    const dots = Array.from({ length: 40 }, () => '.'.repeat(80));
    const chunk = await chunkOf([
      'Running "exec:browserstack" (exec) task',
      '.'.repeat(74),
      ...disconnects,
      ...dots,
      'Chrome 75.0.3770 (Mac OS X 10.10.5): Executed 220 of 220 SUCCESS (29.813 secs / 29.686 secs)',
      '>> Exited with code: 1.',
      '>> Error executing child process: Error: Process exited with code 1.',
      'Warning: Task "exec:browserstack" failed. Use --force to continue.',
      '',
      'Aborted due to warnings.'
    ]);
    expect(chunk.length).toBeLessThanOrEqual(50);
    expect(chunk).toContain('IE 9.0.0 (Windows 7.0.0) ERROR');
    expect(chunk[chunk.length - 1]).not.toBe('Aborted due to warnings.');
  });

  it('keeps the end of the step when the error block begins 50 lines or more above the window', async () => {
    const trace = Array.from({ length: 130 }, (_, i) => `[error] \tat sbt.Execute.work(Execute.scala:${i})`);
    const chunk = await chunkOf([
      '[info] Done compiling.',
      '[error] java.lang.RuntimeException: akka-cluster: Binary compatibility check failed!',
      ...trace,
      '[error] (akka-cluster / mimaReportBinaryIssues) akka-cluster: Binary compatibility check failed!'
    ]);
    expect(chunk[chunk.length - 1]).toContain('(akka-cluster / mimaReportBinaryIssues)');
  });

  it("does not end the chunk at make's `recipe for target 'x' failed` (GNU make before 4.0)", async () => {
    const chunk = await chunkOf([
      ' ERLC   amqqueue.erl rabbit.erl',
      'src/rabbit_vhost.erl:91: field description undefined in record vhost',
      "src/rabbit_vhost.erl:344: variable 'Description' is unbound",
      "erlang.mk:5360: recipe for target 'ebin/rabbit.app' failed",
      'make[1]: *** [ebin/rabbit.app] Error 1',
      "erlang.mk:5107: recipe for target 'app' failed",
      'make: *** [app] Error 2'
    ]);
    expect(chunk[chunk.length - 1]).toBe("src/rabbit_vhost.erl:344: variable 'Description' is unbound");
  });

  it("leaves out rake's own backtrace after `rake aborted!` / `Command failed with status`", async () => {
    const rake = [
      'rake aborted!',
      'Command failed with status (1): [ruby -w -I"lib:lib:test" "/vendor/bundle/ruby/2.6.0/gems/rake-12.3.2/lib/rake/rake_test_loader.rb" ]',
      "/vendor/bundle/ruby/2.6.0/gems/rake-12.3.2/exe/rake:27:in `<top (required)>'",
      "/home/travis/.rvm/gems/ruby-2.6.0/gems/bundler-2.0.2/lib/bundler/cli/exec.rb:74:in `load'",
      "/home/travis/.rvm/gems/ruby-2.6.0/bin/bundle:23:in `<main>'",
      'Tasks: TOP => test',
      '(See full trace by running task with --trace)'
    ];
    const chunk = await chunkOf([
      'Failure:',
      "TestKramdown#test_: kramdown should use the chosen highlighter if it's available.  [test/test_kramdown.rb:106]",
      'Minitest::Assertion: Expected true to not be truthy.',
      '',
      '868 tests, 1555 assertions, 1 failures, 0 errors, 0 skips',
      ...rake
    ]);
    // minitest-reporters' report is read as such (extractors/ruby.ts): the chunk is the report.
    expect([chunk[0], chunk[chunk.length - 1]]).toEqual([
      'Failure:',
      'Minitest::Assertion: Expected true to not be truthy.'
    ]);
    // Output no extractor reads: the chunk still stops at rake's verdict, its backtrace left out.
    const generic = await chunkOf([
      'Errno::ECONNREFUSED: Failed to open TCP connection to localhost:9200 (Connection refused)',
      ...rake
    ]);
    expect(generic[generic.length - 1]).toMatch(/^Command failed with status \(1\)/);
  });

  it("stops at Maven's BUILD FAILURE footer, which repeats the compile error (format of healthnlp/examples#1)", async () => {
    const file =
      '/root/examples-master/ctakes-web-client/src/main/java/org/apache/ctakes/web/client/servlet/Pipeline.java';
    const chunk = await chunkOf([
      '[INFO] Compiling 1 source file to /root/examples-master/ctakes-web-client/target/classes',
      '[INFO] -------------------------------------------------------------',
      '[ERROR] COMPILATION ERROR :',
      '[INFO] -------------------------------------------------------------',
      `[ERROR] ${file}:[42,41] cannot find symbol`,
      '[ERROR]   symbol:   class ParserError',
      '[ERROR]   location: class org.apache.ctakes.web.client.servlet.Pipeline',
      '[INFO] 1 error',
      '[INFO] -------------------------------------------------------------',
      '[INFO] ------------------------------------------------------------------------',
      '[INFO] BUILD FAILURE',
      '[INFO] ------------------------------------------------------------------------',
      '[INFO] Total time: 9.019 s',
      '[INFO] Finished at: 2015-12-01T00:48:48-05:00',
      '[INFO] Final Memory: 20M/54M',
      '[INFO] ------------------------------------------------------------------------',
      '[ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin:2.4:compile (default-compile) on project ctakes-web-client: Compilation failure',
      `[ERROR] ${file}:[42,41] cannot find symbol`,
      '[ERROR] -> [Help 1]'
    ]);
    expect(chunk).toEqual([
      `[ERROR] ${file}:[42,41] cannot find symbol`,
      '[ERROR]   symbol:   class ParserError',
      '[ERROR]   location: class org.apache.ctakes.web.client.servlet.Pipeline'
    ]);
  });

  it("does not end the chunk at npm 7+'s closing lines (`code 1`, `command failed`, `command sh -c`)", async () => {
    const chunk = await chunkOf([
      '> app@1.0.0 build',
      '> webpack --mode production',
      '',
      'ERROR in ./src/index.js 3:0-24',
      "Module not found: Error: Can't resolve './missing' in '/home/runner/work/app/app/src'",
      '',
      'webpack 5.88.2 compiled with 1 error in 312 ms',
      'npm ERR! code 1',
      'npm ERR! path /home/runner/work/app/app',
      'npm ERR! command failed',
      'npm ERR! command sh -c webpack --mode production',
      '',
      'npm ERR! A complete log of this run can be found in:',
      'npm ERR!     /home/runner/.npm/_logs/2024-05-01T10_00_00_000Z-debug-0.log'
    ]);
    expect(chunk[0]).toBe('ERROR in ./src/index.js 3:0-24');
    expect(chunk[chunk.length - 1]).toBe('npm ERR! path /home/runner/work/app/app');
  });

  it("keeps the script's own error that npm 7+ prints among its closing lines (format of codemirror/dev#1342)", async () => {
    const chunk = await chunkOf([
      'npm ERR! code 127',
      'npm ERR! path src/node_modules/.pnpm/codemirror@6.0.1/node_modules/codemirror',
      'npm ERR! command failed',
      'npm ERR! command sh -c cm-buildhelper src/codemirror.ts',
      'npm ERR! sh: 1: cm-buildhelper: not found'
    ]);
    expect(chunk).toContain('npm ERR! sh: 1: cm-buildhelper: not found');
  });

  it('takes `Errors were encountered while processing:` (apt, dpkg) for an error line', async () => {
    const chunk = await chunkOf([
      'Setting up liblwp-protocol-https-perl (6.02-1) ...',
      'Processing triggers for libc-bin ...',
      'ldconfig deferred processing now taking place',
      'Errors were encountered while processing:',
      ' at',
      'E: Sub-process /usr/bin/dpkg returned an error code (1)'
    ]);
    expect(chunk).toContain('Errors were encountered while processing:');
  });

  it("does not end the chunk at Maven's bare `[ERROR] ` line", async () => {
    const chunk = await chunkOf([
      ...Array.from({ length: 10 }, (_, i) => `Running org.acme.T${i}Tests`),
      'java.lang.IllegalStateException: boom',
      '[ERROR] For more information about the errors and possible solutions, please read the following articles:',
      '[ERROR] [Help 1] http://cwiki.apache.org/confluence/display/MAVEN/MojoFailureException',
      '[ERROR] '
    ]);
    expect(chunk[chunk.length - 1]).toBe('java.lang.IllegalStateException: boom');
  });

  it('does not start the chunk at a deprecation or warning notice above the error', async () => {
    const chunk = await chunkOf([
      '$ npm run docs-lint',
      '(node:11491) [DEP0005] DeprecationWarning: Buffer() is deprecated due to security and usability issues.',
      '> site@1.0.0 docs-lint /home/travis/build/o/r',
      '> node build/check-links.js',
      'Checked 589 links',
      '  [404] http://localhost:5710/docs/dist/js/bundle.js',
      'ERROR: Detected 1 broken links.'
    ]);
    expect(chunk[0]).toBe('  [404] http://localhost:5710/docs/dist/js/bundle.js');
    const sbt = await chunkOf([
      '[info] Compiling 12 Scala sources to /home/travis/build/o/r/target/classes ...',
      '[warn] /home/travis/build/o/r/src/main/scala/A.scala:3:7: method x in class B is deprecated: use y',
      '[info] Done compiling.',
      '[info] Run completed in 2 seconds.',
      '[info] Tests: succeeded 12, failed 1',
      '[error] Failed tests: org.acme.ASpec'
    ]);
    expect(sbt[0]).toBe('[info] Run completed in 2 seconds.');
  });

  it("takes Elixir's and Erlang's `** (Error) message` for the error line", async () => {
    const chunk = await chunkOf([
      ...Array.from({ length: 60 }, (_, i) => `\t'Lib ${i}' https://example.org/${i} 'a library'`),
      '[debug] Ensure entries are in alphabetic order.',
      '** (throw) "Words not in order \\"exos\\" and \\"ex_lttb\\""',
      '    check.exs:9: Awesome.Order.check_string_list_in_order/1',
      '    (elixir) lib/code.ex:370: Code.require_file/2'
    ]);
    expect(chunk[0]).toBe('[debug] Ensure entries are in alphabetic order.');
  });

  it("takes a Python process's last uncaught traceback, not one it printed and survived", async () => {
    const chunk = await chunkOf([
      '$ python scripts/build.py',
      'Traceback (most recent call last):',
      '  File "scripts/build.py", line 4, in <module>',
      "KeyError: 'k'",
      'no cached settings; using defaults',
      'reading /etc/app/settings.ini',
      'reading ~/.app/settings.ini',
      'reading /nonexistent/settings.ini',
      'Traceback (most recent call last):',
      '  File "scripts/build.py", line 7, in <module>',
      "FileNotFoundError: [Errno 2] No such file or directory: '/nonexistent/settings.ini'"
    ]);
    expect(chunk).toEqual([
      'Traceback (most recent call last):',
      '  File "scripts/build.py", line 7, in <module>',
      "FileNotFoundError: [Errno 2] No such file or directory: '/nonexistent/settings.ini'"
    ]);
  });

  it('with a baseline, looks above a tail with nothing error-like (a timing table) for the new error block', async () => {
    // The table lists other pages each run (not the green run's lines), and nothing in it is error-like.
    const timings = (dir: string): string[] =>
      Array.from({ length: 60 }, (_, i) => `  ${dir}/page-${i}.md   ${(i % 7) + 1}.${i % 10}s`);
    const run = (spelling: string[], dir: string): string =>
      [
        '$ ./script/check-docs',
        'check links ... ok',
        ...spelling,
        'check anchors ... ok',
        '',
        'Slowest pages:',
        ...timings(dir),
        'The command "./script/check-docs" exited with 1.',
        ''
      ].join('\n');
    const green = run(['check spelling ... ok'], 'docs');
    const failing = run(
      [
        'check spelling ... FAILED',
        "  docs/intro.md:3: 'teh' should be 'the'",
        "  docs/usage.md:12: 'recieve' should be 'receive'"
      ],
      'guide'
    );
    const t = await triageLogs(Buffer.from(failing), { baseline: Buffer.from(green) });
    expect(t.chunk.text.split('\n')).toEqual([
      'check links ... ok',
      'check spelling ... FAILED',
      "  docs/intro.md:3: 'teh' should be 'the'",
      "  docs/usage.md:12: 'recieve' should be 'receive'"
    ]);
    // Without a baseline nothing says the table is the green run's: the tail stays the evidence.
    expect((await triageOutput(failing)).chunk.text).not.toContain('FAILED');
  });

  describe('a list of failure reports that begin alike', () => {
    // A checker no extractor reads: each finding is a `BROKEN` line and its context, 30 lines apart.
    const report = (n: number, page: string): string[] => [
      `BROKEN docs/${page}.md: link to ./missing-${n}.md`,
      `    in section "Usage", line ${n * 7}`,
      ...Array.from({ length: 28 }, (_, i) => `checked docs/${page}-part-${i}.md`)
    ];
    const log = (reports: string[][]): string[] => [
      '$ ./script/check-links',
      ...reports.flat(),
      'The command "./script/check-links" exited with 1.'
    ];

    it('starts the chunk at the first report, not at the last one inside the 50-line window', async () => {
      const chunk = await chunkOf(log([report(1, 'intro'), report(2, 'usage'), report(3, 'api')]));
      expect(chunk[0]).toBe('BROKEN docs/intro.md: link to ./missing-1.md');
      // It runs to the next report, not into it.
      expect(chunk.some(l => l.includes('missing-2'))).toBe(false);
      expect(chunk.length).toBeLessThanOrEqual(50);
    });

    it("takes a run of one-line reports from its first line (hugo's `ERROR <date> [en] REF_NOT_FOUND`)", async () => {
      // Page names in letters: a report differs from the others in more than its numbers.
      const word = (i: number): string => 'abcdefghij'[i % 10] + 'klmnopqrst'[Math.floor(i / 10) % 10];
      const refs = Array.from(
        { length: 120 },
        (_, i) =>
          `ERROR 2019/08/01 15:12:45 [en] REF_NOT_FOUND: Ref "/docs/${word(i)}": "/site/content/${word(i + 7)}.md:3:1": page not found`
      );
      const chunk = await chunkOf([
        '$ hugo --cleanDestinationDir',
        ...refs,
        'Error: Error building site: logged 120 error(s)',
        'The command "hugo --cleanDestinationDir" exited with 255.'
      ]);
      expect(chunk).toEqual(refs.slice(0, 50));
    });

    it('does not go back to the same message printed by an earlier pass (a rerun, not a list)', async () => {
      const pass = (n: number): string[] => [
        'Run number 1 of rule pdflatex',
        `  failed to resolve ${n} reference(s)`,
        ...Array.from({ length: 40 }, (_, i) => `Scanning input file part-${i}.glo ... done`)
      ];
      const chunk = await chunkOf([
        '$ latexmk -pdf std',
        ...pass(8004),
        ...pass(12),
        '  failed to resolve 3 reference(s)',
        'The command "latexmk -pdf std" exited with 1.'
      ]);
      expect(chunk.join('\n')).not.toContain('8004');
      expect(chunk[chunk.length - 1]).toBe('  failed to resolve 3 reference(s)');
    });

    it('does not take progress lines with a count for a list (`[ 25 of 162] Compiling X.Errors`)', async () => {
      const module = (i: number): string =>
        i === 20 ? 'Lib.Errors' : i === 60 ? 'Lib.Errors.Pretty' : `Lib.M${i}`;
      const chunk = await chunkOf([
        '$ stack build',
        ...Array.from({ length: 90 }, (_, i) => `[ ${i + 1} of 92] Compiling ${module(i)}`),
        'ld: cannot open output file dist/build/lib.so: Permission denied',
        'The command "stack build" exited with 1.'
      ]);
      expect(chunk.join('\n')).not.toContain('[ 21 of 92]');
      expect(chunk[chunk.length - 1]).toBe(
        'ld: cannot open output file dist/build/lib.so: Permission denied'
      );
    });
  });

  describe('a coverage report at the end of the step', () => {
    const istanbul = [
      '-------------|---------|----------|---------|---------|-------------------',
      'File         | % Stmts | % Branch | % Funcs | % Lines | Uncovered Line #s ',
      '-------------|---------|----------|---------|---------|-------------------',
      'All files    |   85.71 |    66.67 |     100 |   85.71 |                   ',
      ...Array.from(
        { length: 60 },
        (_, i) => ` lib/m${i}.js  |     100 |      100 |     100 |     100 |                   `
      ),
      '-------------|---------|----------|---------|---------|-------------------'
    ];
    const failing = [
      '$ ./script/check-api',
      'checking /v1/users ... ok',
      'checking /v1/orders ... FAILED',
      '  expected status 200, got 500'
    ];

    it("is passed over for the failure above it (Istanbul's text table)", async () => {
      const chunk = await chunkOf([
        ...failing,
        '',
        ...istanbul,
        'The command "./script/check-api" exited with 1.'
      ]);
      expect(chunk).toEqual(failing.slice(1));
    });

    it("is passed over with its headings and class names (PHPUnit's text report)", async () => {
      const phpunit = [
        'Code Coverage Report:        ',
        '  2019-03-16 05:03:38        ',
        '                             ',
        ' Summary:                    ',
        '  Classes: 13.33% (4/30)     ',
        '  Methods: 44.63% (241/540)  ',
        '  Lines:   61.20% (5387/8803)',
        '',
        ...Array.from({ length: 30 }, (_, i) => [
          `@App.Lib::Module${i}`,
          `  Methods:  44.44% ( 4/ 9)   Lines:  19.35% (  6/ 31)`
        ]).flat()
      ];
      const chunk = await chunkOf([...failing, '', ...phpunit]);
      expect(chunk).toEqual(failing.slice(1));
    });

    it('is the chunk when it says the coverage check failed (a threshold not met)', async () => {
      const verdict = 'Jest: "global" coverage threshold for lines (90%) not met: 85.71%';
      const chunk = await chunkOf(['$ jest --coverage', 'Tests: 12 passed, 12 total', ...istanbul, verdict]);
      expect(chunk[chunk.length - 1]).toBe(verdict);
    });

    it('does not hide an error printed after it', async () => {
      const chunk = await chunkOf([
        ...failing,
        ...istanbul,
        'Error: could not upload coverage: 403 Forbidden'
      ]);
      expect(chunk[chunk.length - 1]).toBe('Error: could not upload coverage: 403 Forbidden');
      expect(chunk.join('\n')).not.toContain('FAILED');
    });
  });
});
