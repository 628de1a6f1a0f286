import { junit } from '../../../src/triage/extractors/junit.js';
import { normalizeText } from '../../../src/triage/normalize.js';
import { fixtureLines, plain } from '../logs.js';

// Real logs from BugSwarm's GitHub Actions fixtures (timestamps and all).
describe('JVM test runner extractor', () => {
  it('reads Maven surefire `<<< FAILURE!` with the exception and the test class frame', async () => {
    expect(plain(junit.extract(await fixtureLines('surefire.txt')))).toEqual([
      {
        tool: 'surefire',
        errorType: 'AssertionFailedError',
        message: 'expected: <true> but was: <false>',
        file: 'JSONReaderStrTest.java',
        line: 62,
        testName: 'com.alibaba.fastjson2.JSONReaderStrTest.test_UUID'
      }
    ]);
  });

  it('reads Gradle `Class > method() FAILED`, nested classes and the short exception form', async () => {
    expect(plain(junit.extract(await fixtureLines('gradle-test.txt')))).toEqual([
      {
        tool: 'gradle',
        errorType: 'TooFewActualInvocations',
        message: 'object.apply(<any>);',
        // The test method's own frame, not the helper above it.
        file: 'RetryInterceptorTest.java',
        line: 154,
        testName: 'RetryInterceptorTest > connectTimeout()'
      }
    ]);
    expect(plain(junit.extract(await fixtureLines('gradle-nested.txt')))).toEqual([
      {
        tool: 'gradle',
        errorType: 'AssertionError',
        message: 'java.lang.AssertionError at UserEndpointTest.java:82',
        file: 'UserEndpointTest.java',
        line: 82,
        testName: 'UserEndpointTest > GetUserDetail > shouldResponseErrorIfUserNotFound()'
      }
    ]);
  });

  it("reads Ant's junit task in both its forms", async () => {
    expect(plain(junit.extract(await fixtureLines('ant-junit.txt')))).toEqual([
      {
        tool: 'junit',
        errorType: 'IndexOutOfBoundsException',
        message: 'Index: 0, Size: 0',
        file: 'FiliereParDefaultTest.java',
        line: 16,
        testName: 'abstraction.FiliereParDefaultTest.testNext'
      }
    ]);
    const classic = plain(junit.extract(await fixtureLines('ant-junit-classic.txt')));
    expect(classic).toHaveLength(1);
    expect(classic[0]).toMatchObject({
      errorType: 'AssertionFailedError',
      testName: 'testInvokeCallback(com.sun.jna.DirectCallbacksTest)',
      message: expect.stringMatching(/^Existing native function wrapper should be reused/)
    });
  });

  it('reads the JUnit platform summary, one failure per MethodSource', async () => {
    const found = junit.extract(await fixtureLines('junit-platform.txt'));
    expect(plain(found).map(f => [f.testName, f.errorType, f.message])).toEqual([
      [
        'com.exedio.cope.vault.VaultFileServicePropertiesProbeTest.probeGroups',
        'RuntimeException',
        'copevaultfilesv2'
      ],
      [
        'com.exedio.cope.vault.VaultFileServicePosixGroupTest.putStreamInfo',
        'RuntimeException',
        'copevaultfilesv1'
      ],
      [
        'com.exedio.cope.vault.VaultFileServicePosixGroupTest.foundGetBytes',
        'RuntimeException',
        'copevaultfilesv1'
      ]
    ]);
    expect(found[0]).toMatchObject({ file: 'VaultFileServicePropertiesProbeTest.java', line: 555 });
    // Each failure's evidence stops where the next one starts.
    expect(found[0].end).toBeLessThan(found[1].start);
  });

  it("reads sbt's junit-interface line", async () => {
    expect(plain(junit.extract(await fixtureLines('sbt.txt')))).toEqual([
      {
        tool: 'junit',
        errorType: 'AssertionError',
        message: 'Because I am supposed to fail',
        testName: 'basic.FooTest.failingTest'
      }
    ]);
  });
});

describe('JVM test runner extractor: GitHub Actions level prefixes', () => {
  it('reads surefire lines shown with `Error:  ` in place of `[ERROR] `', () => {
    const text = [
      'Error:  Tests run: 3, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.05 s <<< FAILURE! - in com.acme.AppTest',
      'Error:  com.acme.AppTest.adds  Time elapsed: 0.01 s  <<< FAILURE!',
      'org.opentest4j.AssertionFailedError: expected: <3> but was: <4>',
      '\tat com.acme.AppTest.adds(AppTest.java:12)',
      '',
      'Error:  Failures: ',
      'Error:    AppTest.adds:12 expected: <3> but was: <4>'
    ].join('\n');
    const names = plain(junit.extract(normalizeText(text))).map(f => f.testName);
    expect(names).toEqual(['com.acme.AppTest.adds']);
  });
});

// Real Travis CI logs from BugSwarm's analyzer fixtures (tests/analyzer/travis_data/maven), with the
// names BugSwarm's analyzer expects for them.
describe('JVM test runner extractor: surefire names of every shape', () => {
  const names = async (fixture: string): Promise<(string | undefined)[]> =>
    junit
      .extract(await fixtureLines(fixture))
      .filter((f, i, all) => all.findIndex(g => g.testName === f.testName) === i)
      .map(f => f.testName);

  it('reads a class whose package holds a masked secret (`[secure]`), 109895373', async () => {
    expect(await names('surefire-secure.txt')).toEqual([
      'addList(com.tagtraum.perf.[secure].view.model.TestRecentGCResourcesModel)',
      'addString(com.tagtraum.perf.[secure].view.model.TestRecentGCResourcesModel)'
    ]);
  });

  it('reads parameterized names with spaces, brackets and parentheses, 106770373', async () => {
    const found = junit.extract(await fixtureLines('surefire-parameterized.txt'));
    expect(found.map(f => f.testName)).toEqual([
      'run[5: batchTest(mode=FAIL_VIA_SELECT, position=FIRST_ROW, autoCommit=YES, batchType=SIMPLE, generateKeys=YES, binary=FORCE)](org.postgresql.test.jdbc2.BatchFailureTest)',
      'run[7: batchTest(mode=FAIL_VIA_SELECT, position=FIRST_ROW, autoCommit=NO, batchType=SIMPLE, generateKeys=NO, binary=FORCE)](org.postgresql.test.jdbc2.BatchFailureTest)'
    ]);
    expect(found[0]).toMatchObject({ errorType: 'PSQLException', message: 'ERROR: division by zero' });
  });

  it('reads a Kotlin name with spaces under `[ERROR] `, 610576045', async () => {
    expect(await names('surefire-spaces.txt')).toEqual([
      'TypeAliases with the same backing type should share the same adapter(com.squareup.moshi.kotlin.codegen.JsonClassCodegenProcessorTest)'
    ]);
  });

  it('names the tests from the summary when surefire printed no report of its own, 99251245', async () => {
    const found = junit.extract(await fixtureLines('surefire-summary-only.txt'));
    expect(found.map(f => [f.testName, f.message])).toEqual([
      ['BasicsTestCase.testOBORoundTripEscapeChars', 'Expected no diffs. expected:<0> but was:<2>'],
      ['BasicsTestCase.testWriteCurlyBracesInComments', 'null'],
      ['RoundTripTestCase.testRoundTripOWLRO', 'OWLRuntime']
    ]);
  });

  it('reads the `m on instance m(Class)(Class)` summary form, 190697114', async () => {
    expect(await names('surefire-on-instance.txt')).toEqual([
      'testAcceptFileWithMaxSize(org.apache.struts2.interceptor.FileUploadInterceptorTest)'
    ]);
  });

  it("does not take the `Tests run: .. <<< FAILURE!` count line or sbt's class list for a test", () => {
    const lines = normalizeText(
      [
        'Tests run: 1680, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 61.456 sec <<< FAILURE!',
        '[error] Test basic.FooTest.failingTest failed: java.lang.AssertionError: Because I am supposed to fail, took 0.001 sec',
        '[error] Failed: Total 3, Failed 1, Errors 0, Passed 1, Skipped 1',
        '[error] Failed tests:',
        '[error] \tbasic.FooTest'
      ].join('\n')
    );
    expect(junit.extract(lines).map(f => f.testName)).toEqual(['basic.FooTest.failingTest']);
  });

  it('reads the first item old surefire writes on the `Failed tests:` line itself (Travis log eb3c28eb-206.1)', async () => {
    const found = junit.extract(await fixtureLines('surefire-inline-summary.txt'));
    expect(found.map(f => [f.testName, f.message])).toEqual([
      [
        'testListGroupsWithNameEqFilter(org.cloudfoundry.identity.uaa.scim.endpoints.ScimGroupEndpointsTests)',
        'expected:<1> but was:<0>'
      ]
    ]);
  });

  it("does not take the classes of sbt's `[error] Failed tests:` list (specs2, no test lines) for tests", () => {
    const lines = normalizeText(
      [
        '[error] Failed: Total 12, Failed 1, Errors 0, Passed 11',
        '[error] Failed tests:',
        '[error] \tcom.github.levkhomich.akka.tracing.TracingSpecification',
        '[error] (test:test) sbt.TestsFailedException: Tests unsuccessful'
      ].join('\n')
    );
    expect(junit.extract(lines)).toEqual([]);
  });

  it('reads TestNG under Gradle, `Suite > Test > pkg.Class.method FAILED` (Travis log 68605615)', () => {
    const lines = normalizeText(
      [
        'TestNG > MethodInterceptor > test.methodinterceptors.multipleinterceptors.MultipleInterceptorsTest.testMultipleInterceptorsWithPreserveOrder FAILED',
        '    java.lang.IndexOutOfBoundsException at MultipleInterceptorsTest.java:37',
        '',
        '1143 tests completed, 1 failed',
        ':test FAILED'
      ].join('\n')
    );
    expect(junit.extract(lines).map(f => f.testName)).toEqual([
      'test.methodinterceptors.multipleinterceptors.MultipleInterceptorsTest.testMultipleInterceptorsWithPreserveOrder'
    ]);
  });
});
