/**
 * Test reports of a sandbox run (src/sandbox/reports.ts): pytest is asked for JUnit XML inside the
 * run's private folder, the build tools' reports are read from the copy, and the repository's own
 * files cannot pass for the run's: committed reports, reports the install made, links, huge files.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { accountRun } from '../../src/repair/accounting.js';
import { judgeRuns } from '../../src/repair/proof.js';
import { createDockerSandbox } from '../../src/sandbox/docker.js';
import { createHostSandbox } from '../../src/sandbox/host.js';
import type { ProjectSpec, SandboxResult } from '../../src/sandbox/port.js';
import { askReports, MAX_REPORT_BYTES, renderGoJson } from '../../src/sandbox/reports.js';
import { containersUnder, dockerImagesReady, entries, PY_IMAGE, TempDirs } from './helpers.js';

const ready = await dockerImagesReady();
const GO_IMAGE = 'nightwatch-test-go:1';

function hostHasPytest(): boolean {
  try {
    execFileSync('python3', ['-m', 'pytest', '--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('askReports: which commands get --junitxml', () => {
  it.each([
    ['pytest', 'pytest --junitxml=DIR/pytest-0.xml -o junit_family=xunit1'],
    [
      'python -m pytest -q tests',
      'python -m pytest --junitxml=DIR/pytest-0.xml -o junit_family=xunit1 -q tests'
    ],
    [
      'cd sub && python3.12 -m pytest -x 2>&1 | tee log',
      'cd sub && python3.12 -m pytest --junitxml=DIR/pytest-0.xml -o junit_family=xunit1 -x 2>&1 | tee log'
    ],
    [
      'PYTHONPATH=. .venv/bin/pytest',
      'PYTHONPATH=. .venv/bin/pytest --junitxml=DIR/pytest-0.xml -o junit_family=xunit1'
    ],
    ['poetry run pytest -q', 'poetry run pytest --junitxml=DIR/pytest-0.xml -o junit_family=xunit1 -q'],
    [
      'coverage run --source=pkg -m pytest',
      'coverage run --source=pkg -m pytest --junitxml=DIR/pytest-0.xml -o junit_family=xunit1'
    ],
    [
      'pytest unit; pytest integration',
      'pytest --junitxml=DIR/pytest-0.xml -o junit_family=xunit1 unit; pytest --junitxml=DIR/pytest-1.xml -o junit_family=xunit1 integration'
    ]
  ])('%s', (command, expected) => {
    const asked = askReports(command, '/work');
    const fresh = /\/work\/\.nightwatch-sandbox\/reports\/[0-9a-f-]{36}\//g;
    expect(asked.command.replace(fresh, 'DIR/')).toBe(expected);
    expect(asked.files).toHaveLength(expected.split('--junitxml').length - 1);
    for (const f of asked.files)
      expect(f).toMatch(/^\.nightwatch-sandbox\/reports\/[0-9a-f-]{36}\/pytest-\d\.xml$/);
  });

  it.each([
    'pytest --junitxml=out.xml',
    'pytest --junit-xml out.xml',
    'tox -e py312',
    'npm test',
    'echo pytest',
    'pytest $(cat tests.txt)',
    'pytest `ls tests`',
    '(cd sub && pytest)',
    'uv run --with x pytest',
    "pytest -k 'unclosed"
  ])('leaves %s as it is', command => {
    expect(askReports(command, '/work')).toEqual({ command, files: [] });
  });

  it('a fresh folder per run, quoted where the tree path needs it', () => {
    const a = askReports('pytest', "/tmp/my tree's copy");
    const b = askReports('pytest', "/tmp/my tree's copy");
    expect(a.files[0]).not.toBe(b.files[0]);
    expect(a.command).toContain(`--junitxml='/tmp/my tree'\\''s copy/${a.files[0]}'`);
  });
});

describe('go test -json', () => {
  it.each([
    ['go test ./...', 'go test -json ./...', false],
    [
      'cd svc && GOFLAGS=-mod=mod go test -race ./... 2>&1',
      'cd svc && GOFLAGS=-mod=mod go test -json -race ./... 2>&1',
      false
    ],
    ['go vet ./... && go test -v -count=1 ./...', 'go vet ./... && go test -json -v -count=1 ./...', true]
  ])('%s', (command, expected, verbose) => {
    expect(askReports(command, '/work')).toEqual({ command: expected, files: [], goJson: { verbose } });
  });

  it.each([
    'go test -json ./...',
    'go test -v ./... | go-junit-report > report.xml',
    'go test ./... > out.txt',
    'go test -c -o x.test ./pkg',
    'go build ./...',
    'make test'
  ])('leaves %s as it is (something else reads its output)', command => {
    expect(askReports(command, '/work')).toEqual({ command, files: [] });
  });

  // Real `go test -json` of Go 1.19 (the offline image): 2 tests fail, one through a subtest.
  const events = readFileSync(
    path.join(
      path.dirname(fileURLToPath(import.meta.url)),
      '..',
      'repair',
      'fixtures',
      'accounting',
      'go-json-subtests.txt'
    ),
    'utf8'
  );

  it('renders the events as go test prints without -v: failing tests under their --- FAIL line', () => {
    const { output, events: kept } = renderGoJson(events, false);
    expect(output).toBe(
      '--- FAIL: TestAdd (0.00s)\n    calc_test.go:7: Add(2, 3) = -1, want 5\n' +
        '--- FAIL: TestTable (0.00s)\n    --- FAIL: TestTable/two (0.00s)\n    calc_test.go:17: 1+1 is not 2\n' +
        'FAIL\nFAIL\texample.com/calc\t0.006s\n'
    );
    expect(kept.split('\n')).toHaveLength(events.trim().split('\n').length);
    const acc = accountRun(output, [{ file: '(go test -json)', kind: 'go-json', text: kept }]);
    expect(acc.runners).toEqual(['go-json']);
    expect(acc.counts).toEqual({ passed: 2, failed: 3, errored: 0, skipped: 1 });
    expect(acc.tests.get('example.com/calc.TestTable/two')).toBe('failed');
    expect(acc.tests.get('example.com/calc.TestOk')).toBe('passed');
  });

  it('with -v, everything in order; lines that are not events stay; a test cannot print an event', () => {
    const printed = JSON.stringify({ Action: 'pass', Package: 'p', Test: 'TestFake' });
    const raw =
      '# example.com/calc\n./x.go:1: vet says\n' +
      JSON.stringify({ Action: 'output', Package: 'p', Test: 'TestA', Output: `${printed}\n` }) +
      '\n' +
      JSON.stringify({ Action: 'fail', Package: 'p', Test: 'TestA' }) +
      '\n';
    const { output, events: kept } = renderGoJson(raw, true);
    expect(output).toBe(`# example.com/calc\n./x.go:1: vet says\n${printed}\n`);
    const acc = accountRun(output, [{ file: '(go test -json)', kind: 'go-json', text: kept }]);
    expect(Object.fromEntries(acc.tests)).toEqual({ 'p.TestA': 'failed' });
  });
});

const sh = (test: string, install?: string, image = 'ignored'): ProjectSpec => ({
  language: 'python',
  image,
  test,
  install,
  detectedFrom: 'test'
});

const PYTEST_PROJECT: Record<string, string> = {
  'tests/__init__.py': '',
  'tests/test_calc.py':
    'def test_adds():\n    assert 1 + 1 == 2\n\n\nclass TestTimes:\n    def test_times(self):\n        assert 2 * 3 == 5\n'
};
/** What a repository can commit (or an install leave) to look green: every test passed. */
const ALL_PASSED =
  '<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="x" tests="3" errors="0" skipped="0" failures="0">\n' +
  '  <testcase name="test_times" classname="tests.test_calc.TestTimes" time="0.001"/>\n' +
  '  <testcase name="a" classname="x" time="0.001"/>\n  <testcase name="b" classname="x" time="0.001"/>\n</testsuite>\n';

async function writeTree(dir: string, files: Record<string, string>): Promise<void> {
  for (const [f, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, f)), { recursive: true });
    await writeFile(path.join(dir, f), text);
  }
}

const kinds = (r: SandboxResult): string[] => (r.reports ?? []).map(x => `${x.kind} ${x.file}`);

describe('HostSandbox: the reports of a run', () => {
  const temps = new TempDirs();
  let tmpRoot: string;
  const log: string[] = [];
  const sandbox = () => createHostSandbox(m => log.push(m), { tmpRoot, runAs: 'self' });
  beforeEach(async () => {
    tmpRoot = await temps.make('nw-reports-root-');
    log.length = 0;
  });
  afterEach(async () => {
    expect(await entries(tmpRoot)).toEqual([]);
  });
  afterAll(() => temps.cleanup());

  (hostHasPytest() ? it : it.skip)(
    'pytest writes its report in the private folder; the tests are counted from it, by node id',
    async () => {
      const dir = await temps.make();
      await writeTree(dir, PYTEST_PROJECT);
      const r = await sandbox().run({ workdir: dir, spec: sh('python3 -m pytest -q -p no:cacheprovider') });
      expect(r.exitCode).toBe(1);
      expect(kinds(r)).toEqual([
        expect.stringMatching(/^pytest \.nightwatch-sandbox\/reports\/[0-9a-f-]+\/pytest-0\.xml$/)
      ]);
      const acc = accountRun(r.output, r.reports);
      expect(acc.runners).toEqual(['junit:pytest']);
      expect(Object.fromEntries(acc.tests)).toEqual({
        'tests/test_calc.py::test_adds': 'passed',
        'tests/test_calc.py::TestTimes::test_times': 'failed'
      });
      // Nothing is written into the repository itself.
      expect((await readdir(dir)).sort()).toEqual(['tests']);
    }
  );

  (hostHasPytest() ? it : it.skip)(
    'a committed Surefire/Gradle report saying all passed does not count; one the run writes does',
    async () => {
      const dir = await temps.make();
      await writeTree(dir, {
        ...PYTEST_PROJECT,
        'target/surefire-reports/TEST-x.xml': ALL_PASSED,
        'build/test-results/test/TEST-x.xml': ALL_PASSED,
        'mod/target/surefire-reports/TEST-stale.xml': ALL_PASSED
      });
      const fresh = ALL_PASSED.replace(
        'name="b" classname="x" time="0.001"/>',
        'name="b" classname="x"><failure/></testcase>'
      );
      await writeFile(path.join(dir, 'fresh.xml'), fresh);
      const r = await sandbox().run({
        workdir: dir,
        spec: sh(
          'python3 -m pytest -q -p no:cacheprovider; cp fresh.xml mod/target/surefire-reports/TEST-stale.xml; exit 1'
        )
      });
      expect(kinds(r).sort()).toEqual(
        ['surefire mod/target/surefire-reports/TEST-stale.xml', expect.stringMatching(/^pytest /)].sort()
      );
      expect(log.join('\n')).toMatch(
        /target\/surefire-reports\/TEST-x\.xml: in the tree before this run's tests started/
      );
      expect(log.join('\n')).toMatch(/build\/test-results\/test\/TEST-x\.xml: in the tree before/);
      const acc = accountRun(r.output, r.reports);
      expect(acc.tests.get('tests/test_calc.py::TestTimes::test_times')).toBe('failed');
      expect(acc.tests.get('x.b')).toBe('failed');
    }
  );

  it('a report that is a link (to /etc/passwd, or through a linked folder) or too large is ignored', async () => {
    const dir = await temps.make();
    const outside = await temps.make();
    await writeTree(outside, { 'surefire-reports/TEST-out.xml': ALL_PASSED });
    await mkdir(path.join(dir, 'a', 'target', 'surefire-reports'), { recursive: true });
    await symlink('/etc/passwd', path.join(dir, 'a', 'target', 'surefire-reports', 'TEST-passwd.xml'));
    await mkdir(path.join(dir, 'b'), { recursive: true });
    await symlink(outside, path.join(dir, 'b', 'target'));
    const big = ALL_PASSED.replace('</testsuite>', `<!-- ${'x'.repeat(MAX_REPORT_BYTES)} --></testsuite>`);
    await writeFile(path.join(dir, 'big.xml'), big);
    // The run writes its reports: as links, through the linked folder, and one too large.
    const r = await sandbox().run({
      workdir: dir,
      spec: sh(
        'mkdir -p c/target/surefire-reports && ln -s /etc/passwd c/target/surefire-reports/TEST-new.xml && ' +
          'cp big.xml b/target/surefire-reports/TEST-new.xml; ' +
          'mkdir -p d/target/surefire-reports && cp big.xml d/target/surefire-reports/TEST-big.xml; exit 1'
      )
    });
    expect(r.reports).toEqual([]);
    expect(log.join('\n')).toMatch(/TEST-big\.xml: .*larger than/);
  });

  (hostHasPytest() ? it : it.skip)(
    'the report pytest was asked for, swapped for a link by the tests, is ignored',
    async () => {
      const dir = await temps.make();
      await writeTree(dir, PYTEST_PROJECT);
      const r = await sandbox().run({
        workdir: dir,
        spec: sh(
          'python3 -m pytest -q -p no:cacheprovider; for f in .nightwatch-sandbox/reports/*/pytest-0.xml; do ln -sf /etc/passwd "$f"; done; exit 1'
        )
      });
      expect(r.reports).toEqual([]);
      expect(log.join('\n')).toMatch(/pytest-0\.xml.*symbolic link/);
    }
  );

  (hostHasPytest() ? it : it.skip)(
    'a project that turns the junitxml plugin off is run as given',
    async () => {
      const dir = await temps.make();
      await writeTree(dir, { ...PYTEST_PROJECT, 'pytest.ini': '[pytest]\naddopts = -p no:junitxml\n' });
      const r = await sandbox().run({ workdir: dir, spec: sh('python3 -m pytest -q -p no:cacheprovider') });
      expect(r.exitCode).toBe(1);
      expect(r.output).toMatch(/1 failed, 1 passed/);
      expect(r.reports).toEqual([]);
    }
  );
});

(ready ? describe : describe.skip)('DockerSandbox: the reports of a run', () => {
  const temps = new TempDirs();
  let tmpRoot: string;
  afterAll(async () => {
    expect(await containersUnder(tmpRoot)).toEqual([]);
    await temps.cleanup();
  });

  it('pytest reports from the container; a report the kept install left does not count', async () => {
    tmpRoot = await temps.make('nw-reports-docker-');
    const log: string[] = [];
    const sb = await createDockerSandbox({ tmpRoot, log: m => log.push(m), pull: false });
    try {
      const dir = await temps.make();
      await writeTree(dir, { ...PYTEST_PROJECT, 'all-passed.xml': ALL_PASSED });
      // The install (the repository's code) leaves a green Surefire report; the tests never touch it.
      const install =
        'mkdir -p target/surefire-reports && cp all-passed.xml target/surefire-reports/TEST-x.xml';
      for (let i = 0; i < 2; i++) {
        const r = await sb.run({
          workdir: dir,
          spec: sh('python3 -m pytest -q -p no:cacheprovider', install, PY_IMAGE)
        });
        expect(r.exitCode).toBe(1);
        expect(kinds(r)).toEqual([expect.stringMatching(/^pytest /)]);
        const acc = accountRun(r.output, r.reports);
        expect(acc.tests.get('tests/test_calc.py::TestTimes::test_times')).toBe('failed');
        expect(acc.counts).toEqual({ passed: 1, failed: 1, errored: 0, skipped: 0 });
      }
      expect(sb.installs).toBe(1);
      expect(log.join('\n')).toMatch(/TEST-x\.xml: in the tree before this run's tests started/);
    } finally {
      await sb.close();
    }
  }, 120_000);

  it('go test in the container: the console as go prints it, the tests from the events, a fix proven', async () => {
    const sb = await createDockerSandbox({ tmpRoot, log: () => undefined, pull: false });
    const dir = await temps.make();
    await writeTree(dir, {
      'go.mod': 'module example.com/calc\n\ngo 1.19\n',
      'calc.go': 'package calc\n\nfunc Add(a, b int) int { return a - b }\n',
      'calc_test.go':
        'package calc\n\nimport "testing"\n\nfunc TestAdd(t *testing.T) {\n\tif Add(2, 3) != 5 {\n\t\tt.Errorf("Add(2, 3) = %d, want 5", Add(2, 3))\n\t}\n}\n\n' +
        'func TestOk(t *testing.T) {}\n'
    });
    const spec: ProjectSpec = {
      language: 'go',
      image: GO_IMAGE,
      test: 'go test ./...',
      detectedFrom: 'test'
    };
    const before = await sb.run({ workdir: dir, spec });
    expect(before.exitCode).toBe(1);
    expect(before.output).toMatch(/^--- FAIL: TestAdd \(/m);
    expect(before.output).not.toMatch(/"Action"/);
    expect(kinds(before)).toEqual(['go-json (go test -json)']);
    await writeFile(path.join(dir, 'calc.go'), 'package calc\n\nfunc Add(a, b int) int { return a + b }\n');
    const after = await sb.run({ workdir: dir, spec });
    expect(after.exitCode).toBe(0);
    // Without -v go prints no passing test: the events still name them, so the fix is proven.
    expect(after.output).toMatch(/^ok\s+example\.com\/calc/m);
    const v = judgeRuns({ before, after });
    expect(v.reasons).toEqual([]);
    expect(v.evidence).toMatchObject({
      failing: ['example.com/calc.TestAdd'],
      fixed: ['example.com/calc.TestAdd'],
      runners: ['go-json']
    });
  }, 180_000);
});
