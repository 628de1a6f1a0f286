import { cargo } from '../../../src/triage/extractors/cargo.js';
import { compiler } from '../../../src/triage/extractors/compiler.js';
import { eslint } from '../../../src/triage/extractors/eslint.js';
import { gotest } from '../../../src/triage/extractors/go.js';
import { maven } from '../../../src/triage/extractors/maven.js';
import { normalizeText } from '../../../src/triage/normalize.js';
import { fixtureLines, plain } from '../logs.js';

describe('go extractor', () => {
  it('reads `--- FAIL:` with its first report line (go-ethereum log)', async () => {
    expect(plain(gotest.extract(await fixtureLines('go-test.txt')))).toEqual([
      {
        tool: 'go-test',
        message:
          'failed to start the first server. err: listen udp 127.0.0.1:41777: bind: address already in use',
        file: 'peer_test.go',
        line: 235,
        testName: 'TestSimulation'
      }
    ]);
  });

  it('reads `go test -v` output, where the report stands above `--- FAIL:` (go1.19 in the test image)', async () => {
    const lines = await fixtureLines('go-test-v.txt');
    const found = gotest.extract(lines);
    expect(found.map(f => [f.testName, f.message, f.file, f.line])).toEqual([
      ['TestAdd', 'checking', 'calc_test.go', 6],
      ['TestTable/case', 'Add(1, 1) = 3, want 2', 'calc_test.go', 16],
      ['TestTable/case#01', 'Add(2, 2) = 5, want 4', 'calc_test.go', 16]
    ]);
    // The evidence starts at the test's own `=== RUN` line.
    expect(lines[found[0].start].text).toBe('=== RUN   TestAdd');
    expect(lines[found[1].start].text).toBe('=== RUN   TestTable/case');
  });

  it('reads go build errors under their `# package` line', () => {
    const text = [
      '# github.com/acme/app/pkg/render',
      './render.go:12:9: undefined: tmpl',
      'FAIL\tgithub.com/acme/app [build failed]'
    ].join('\n');
    expect(plain(gotest.extract(normalizeText(text)))).toEqual([
      { tool: 'go-build', errorType: 'compile', message: 'undefined: tmpl', file: './render.go', line: 12 }
    ]);
  });
});

describe('cargo extractor', () => {
  it('reads a cargo test panic with its assertion', async () => {
    expect(plain(cargo.extract(await fixtureLines('cargo-test.txt')))).toEqual([
      {
        tool: 'cargo-test',
        errorType: 'panic',
        message: 'assertion `left == right` failed\nleft: 0\nright: 4',
        file: 'src/lib.rs',
        line: 6,
        testName: 'tests::adds'
      }
    ]);
  });

  it('reads rustc errors and skips the "could not compile" wrapper', async () => {
    expect(plain(cargo.extract(await fixtureLines('cargo-build.txt')))).toEqual([
      {
        tool: 'rustc',
        errorType: 'E0425',
        message: 'cannot find value `c` in this scope',
        file: 'src/lib.rs',
        line: 1
      }
    ]);
  });
});

describe('eslint extractor', () => {
  it('reads errors (not warnings) of the stylish report with their rule', async () => {
    expect(plain(eslint.extract(await fixtureLines('eslint.txt')))).toEqual([
      {
        tool: 'eslint',
        errorType: 'no-unused-vars',
        message: "'a' is assigned a value but never used",
        file: '/tmp/fx/es/bad.js',
        line: 1
      },
      {
        tool: 'eslint',
        errorType: 'no-unused-vars',
        message: "'f' is defined but never used",
        file: '/tmp/fx/es/bad.js',
        line: 2
      },
      {
        tool: 'eslint',
        errorType: 'no-undef',
        message: "'b' is not defined",
        file: '/tmp/fx/es/bad.js',
        line: 2
      },
      {
        tool: 'eslint',
        errorType: 'no-unused-vars',
        message: "'unused' is assigned a value but never used",
        file: '/tmp/fx/es/bad.js',
        line: 3
      }
    ]);
  });
});

describe('compiler extractor', () => {
  it('reads gcc and javac diagnostics', async () => {
    expect(plain(compiler.extract(await fixtureLines('gcc.txt')))).toEqual([
      {
        tool: 'gcc',
        errorType: 'error',
        message: 'expected ‘,’ or ‘;’ before ‘printf’',
        file: 'bad.c',
        line: 4
      }
    ]);
    expect(plain(compiler.extract(await fixtureLines('javac.txt')))).toEqual([
      {
        tool: 'javac',
        errorType: 'error',
        message: 'incompatible types: String cannot be converted to int',
        file: 'jv/Main.java',
        line: 3
      },
      { tool: 'javac', errorType: 'error', message: 'cannot find symbol', file: 'jv/Main.java', line: 4 }
    ]);
  });

  it('reads MSBuild and Maven compiler lines', () => {
    const text = [
      "Program.cs(12,17): error CS0103: The name 'foo' does not exist in the current context [/src/App/App.csproj]",
      '[ERROR] /home/runner/work/app/src/main/java/App.java:[7,9] cannot find symbol'
    ].join('\n');
    expect(plain(compiler.extract(normalizeText(text)))).toEqual([
      {
        tool: 'dotnet',
        errorType: 'CS0103',
        message: "The name 'foo' does not exist in the current context",
        file: 'Program.cs',
        line: 12
      },
      {
        tool: 'maven',
        errorType: 'compilation',
        message: 'cannot find symbol',
        file: '/home/runner/work/app/src/main/java/App.java',
        line: 7
      }
    ]);
  });

  it("takes sbt's closing lines of a failed compile into the report, up to `[error] Total time:`", () => {
    const text = [
      '[info] Compiling 10 Scala sources to /w/target/classes ...',
      '[error] /w/src/main/scala/S.scala:369:9: value addFailed is not a member of B',
      '[error]       b.addFailed(sid).build()',
      '[error]         ^',
      '[error] one error found',
      '[error] (cluster / Compile / compileIncremental) Compilation failed',
      '[error] Total time: 304 s, completed Jul 29, 2019 8:32:10 AM',
      'The command "sbt test" exited with 1.'
    ].join('\n');
    expect(compiler.extract(normalizeText(text)).map(f => [f.tool, f.message, f.start, f.end])).toEqual([
      ['scalac', 'value addFailed is not a member of B', 1, 6]
    ]);
  });
});

describe('maven/gradle build extractor', () => {
  it('reads a failed goal, but not the one that only points at test reports', () => {
    const text = [
      '[ERROR] Failed to execute goal on project api: Could not resolve dependencies for project com.acme:api:jar:1.0: Could not find artifact com.acme:core:jar:9.9 in central (https://repo.maven.apache.org/maven2) -> [Help 1]',
      '[ERROR] Failed to execute goal org.apache.maven.plugins:maven-surefire-plugin:2.22.2:test (default-test) on project core: There are test failures.'
    ].join('\n');
    const found = plain(maven.extract(normalizeText(text)));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ tool: 'maven', errorType: 'dependency-resolution' });
  });

  it("reads Gradle's `* What went wrong:` block", () => {
    const text = [
      'FAILURE: Build failed with an exception.',
      '',
      '* What went wrong:',
      "Execution failed for task ':app:compileKotlin'.",
      '> Compilation error. See log for more details',
      '',
      '* Try:'
    ].join('\n');
    expect(plain(maven.extract(normalizeText(text)))).toEqual([
      {
        tool: 'gradle',
        errorType: 'build-failed',
        message:
          "Execution failed for task ':app:compileKotlin'.\n> Compilation error. See log for more details"
      }
    ]);
  });
});
