import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { extractFailures, triageLogs, TriageError } from '../../src/triage/index.js';
import type { JobInfo } from '../../src/delivery/ports.js';
import { jobLog, makeZip, runArchive } from './logs.js';

const FIX = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string): string => readFileSync(path.join(FIX, name), 'utf8');
const lines = (name: string): string[] => fixture(name).replace(/\n$/, '').split('\n');

const pytestJob = {
  name: 'test (3.11)',
  steps: [
    { name: 'actions/checkout@v4', output: ['Syncing repository: acme/widgets'] },
    { name: 'Install', title: 'Run pip install -e .', output: ['Successfully installed widgets-0.1.0'] },
    { name: 'Tests', title: 'Run python -m pytest', output: lines('pytest.txt'), exitCode: 1 }
  ]
};
const lintJob = {
  name: 'lint',
  steps: [{ name: 'Lint', title: 'Run npx tsc --noEmit', output: ['ok'] }]
};

describe('triageLogs', () => {
  it('finds the failing job, step and pytest failures in a run-log zip without the jobs API', async () => {
    const zip = makeZip(runArchive([lintJob, pytestJob]));
    const t = await triageLogs(zip);
    expect(t.job).toBe('test (3.11)');
    expect(t.step).toBe('Tests');
    expect(t.chunk.file).toBe('test (3.11)/4_Tests.txt');
    expect(t.category).toBe('test');
    const nameError = t.failures.find(f => f.testName === 'tests/test_calc.py::test_name');
    expect(nameError).toMatchObject({
      tool: 'pytest',
      errorType: 'NameError',
      file: 'tests/test_calc.py',
      line: 9
    });
    expect(nameError?.message).toBe("name 'totl' is not defined");
    expect(t.failures.map(f => f.testName)).toEqual([
      'tests/test_calc.py::test_name',
      'tests/test_calc.py::test_eq',
      'tests/test_calc.py::test_param[2]',
      'tests/test_calc.py::TestK::test_m',
      'tests/test_calc.py::test_zero'
    ]);
    // The chunk's line numbers point into the step file as given.
    const stepFile = runArchive([lintJob, pytestJob]).find(e => e.name === t.chunk.file)!;
    const stepLines = stepFile.data!.toString().split('\n');
    expect(stepLines[t.chunk.startLine - 1]).toContain('test_name');
    expect(t.chunk.endLine - t.chunk.startLine + 1).toBeLessThanOrEqual(50);
    expect(t.chunk.text.split('\n')).toHaveLength(t.chunk.endLine - t.chunk.startLine + 1);
    expect(t.chunk.text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d/);
    expect(t.chunk.text).not.toContain('Process completed with exit code');
    expect(t.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('uses the jobs API step conclusions and falls back to the job file when the step file is missing', async () => {
    const entries = runArchive([lintJob, { ...pytestJob, stepFiles: false }]);
    const jobs: JobInfo[] = [
      {
        id: 1,
        name: 'lint',
        conclusion: 'success',
        steps: [{ name: 'Lint', number: 2, conclusion: 'success' }]
      },
      {
        id: 2,
        name: 'test (3.11)',
        conclusion: 'failure',
        steps: [
          { name: 'Set up job', number: 1, conclusion: 'success' },
          { name: 'Run actions/checkout@v4', number: 2, conclusion: 'success' },
          { name: 'Optional', number: 3, conclusion: 'skipped' },
          { name: 'Install', number: 4, conclusion: 'success' },
          { name: 'Tests', number: 5, conclusion: 'failure' },
          { name: 'Post Run actions/checkout@v4', number: 8, conclusion: 'success' },
          { name: 'Complete job', number: 9, conclusion: 'success' }
        ]
      }
    ];
    const t = await triageLogs(makeZip(entries), { jobs });
    expect(t.job).toBe('test (3.11)');
    expect(t.step).toBe('Tests');
    expect(t.chunk.file).toBe('2_test (3.11).txt');
    expect(t.notes?.join(' ')).toMatch(/no step file for "Tests"/);
    const jobText = entries
      .find(e => e.name === '2_test (3.11).txt')!
      .data!.toString()
      .split('\n');
    expect(jobText[t.chunk.startLine - 1]).toContain('test_name');
    expect(t.failures).toHaveLength(5);
  });

  it('matches duplicate job names to their " (1)" files', async () => {
    const passing = { name: 'build', steps: [{ name: 'Build', output: ['done'] }], stepFiles: false };
    const failing = {
      name: 'build (1)',
      steps: [{ name: 'Build', title: 'Run npx tsc', output: lines('tsc.txt'), exitCode: 2 }],
      stepFiles: false
    };
    const jobs: JobInfo[] = [
      { id: 1, name: 'build', conclusion: 'success', steps: [] },
      {
        id: 2,
        name: 'build',
        conclusion: 'failure',
        steps: [{ name: 'Build', number: 2, conclusion: 'failure' }]
      }
    ];
    const t = await triageLogs(makeZip(runArchive([passing, failing])), { jobs });
    expect(t.chunk.file).toBe('2_build (1).txt');
    expect(t.category).toBe('build');
    expect(t.failures[0]).toMatchObject({ tool: 'tsc', errorType: 'TS2551', file: 'src/a.ts', line: 2 });
  });

  it('reads a folder of an extracted archive the same way as the zip', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nw-triage-'));
    try {
      for (const e of runArchive([lintJob, pytestJob])) {
        if (e.name.endsWith('/')) mkdirSync(path.join(dir, e.name), { recursive: true });
        else writeFileSync(path.join(dir, e.name), e.data!);
      }
      const fromDir = await triageLogs(dir);
      const fromZip = await triageLogs(makeZip(runArchive([lintJob, pytestJob])));
      expect(fromDir).toEqual(fromZip);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts lines at LF: CRLF is one break and a lone CR none', async () => {
    const { text } = jobLog(
      [{ name: 'Tests', title: 'Run pytest', output: lines('pytest.txt'), exitCode: 1 }],
      {
        crlf: true
      }
    );
    // A progress bar redrawn with lone CRs stays one line.
    const withCr = text.replace('collected 7 items', 'collected 7 items\r 10%\r 50%\r100%');
    const t = await triageLogs(Buffer.from(withCr));
    const asGiven = withCr.split('\n');
    expect(asGiven[t.chunk.startLine - 1]).toContain('test_name');
    expect(t.chunk.text).not.toContain('\r');
    expect(t.failures[0].message).toBe("name 'totl' is not defined");
  });

  it('gives the same fingerprint for a re-run and a different one for a different failure', async () => {
    const run = (start: number, output: string[]): Promise<string> =>
      triageLogs(
        Buffer.from(jobLog([{ name: 'Tests', title: 'Run pytest', output, exitCode: 1 }], { start }).text)
      ).then(t => t.fingerprint);
    const out = lines('pytest.txt');
    // A re-run: other timestamps, durations and object addresses.
    const rerun = out.map(l => l.replace('1.64s', '2.07s').replace('0x7f031d806d90', '0x7f5e2a1b0c40'));
    const a = await run(Date.UTC(2024, 0, 1), out);
    const b = await run(Date.UTC(2024, 5, 9), rerun);
    expect(a).toBe(b);
    const other = out.map(l => l.replace(/totl/g, 'count'));
    const c = await run(Date.UTC(2024, 0, 1), other);
    expect(c).not.toBe(a);
  });

  it('redacts secrets in the chunk and in failure messages', async () => {
    const token = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
    const masked = 'hunter2-very-secret';
    const output = [
      `::add-mask::${masked}`,
      `Traceback (most recent call last):`,
      `  File "deploy.py", line 3, in <module>`,
      `RuntimeError: push failed with ${token} for user ${masked}`
    ];
    const t = await triageLogs(Buffer.from(jobLog([{ name: 'Deploy', output, exitCode: 1 }]).text));
    const all = JSON.stringify(t);
    expect(all).not.toContain(token);
    expect(all).not.toContain(masked);
    expect(t.failures[0].message).toBe('push failed with *** for user ***');
  });

  it('classifies a network timeout as infra with a known pattern', async () => {
    const output = [
      'npm ERR! code ETIMEDOUT',
      'npm ERR! errno ETIMEDOUT',
      'npm ERR! network request to https://registry.npmjs.org/left-pad failed, reason: connect ETIMEDOUT 104.16.0.35:443'
    ];
    const t = await triageLogs(
      Buffer.from(jobLog([{ name: 'Install', title: 'Run npm ci', output, exitCode: 1 }]).text)
    );
    expect(t.category).toBe('infra');
    expect(t.knownPattern).toBe('network-timeout');
  });

  it('reports a cancelled run as cancelled', async () => {
    const { text } = jobLog([
      { name: 'Tests', title: 'Run sleep 1000', output: ['##[error]The operation was canceled.'] }
    ]);
    const t = await triageLogs(Buffer.from(text));
    expect(t.category).toBe('cancelled');
  });

  it('counts lines the last green run also printed against a region', async () => {
    const noise = Array.from({ length: 30 }, (_, i) => `warning: deprecated option ${i} will be removed`);
    const failing = jobLog([
      {
        name: 'Build',
        title: 'Run make',
        output: ['fatal error: foo.h: No such file or directory', ...noise],
        exitCode: 2
      }
    ]).text;
    const green = jobLog([{ name: 'Build', title: 'Run make', output: [...noise] }]).text;
    const without = await triageLogs(Buffer.from(failing));
    const withBaseline = await triageLogs(Buffer.from(failing), { baseline: Buffer.from(green) });
    expect(withBaseline.chunk.text).toContain('foo.h: No such file or directory');
    expect(withBaseline.chunk.text).not.toContain('deprecated option 29');
    expect(without.chunk.text).toContain('deprecated option 29');
  });
});

describe('extractFailures', () => {
  it('reads plain tool output without any log decoration', () => {
    const f = extractFailures(fixture('tsc.txt'));
    expect(f).toEqual([
      {
        tool: 'tsc',
        errorType: 'TS2551',
        message: "Property 'lenght' does not exist on type 'string'. Did you mean 'length'?",
        file: 'src/a.ts',
        line: 2
      },
      {
        tool: 'tsc',
        errorType: 'TS2322',
        message: "Type 'number' is not assignable to type 'string'.",
        file: 'src/a.ts',
        line: 4
      }
    ]);
  });
});

describe('TriageError', () => {
  it('is raised for a path that does not exist, naming the path', async () => {
    const err = await triageLogs('/nonexistent/run.zip').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TriageError);
    expect((err as Error).message).toContain('/nonexistent/run.zip');
  });
});

describe('triageLogs on one job log with the jobs API', () => {
  it('names the failed job and step from the API when the log is that job alone', async () => {
    const { text } = jobLog([
      { name: 'checkout', title: 'Run actions/checkout@v4', output: ['Syncing repository: acme/widgets'] },
      { name: 'Tests', title: 'Run python -m pytest', output: lines('pytest.txt'), exitCode: 1 }
    ]);
    const jobs: JobInfo[] = [
      {
        id: 7,
        name: 'unit (3.12)',
        conclusion: 'failure',
        steps: [
          { name: 'Set up job', number: 1, conclusion: 'success' },
          { name: 'Checkout', number: 2, conclusion: 'success' },
          { name: 'Unit tests', number: 3, conclusion: 'failure' },
          { name: 'Complete job', number: 6, conclusion: 'success' }
        ]
      }
    ];
    const t = await triageLogs(Buffer.from(text), { jobs });
    expect(t.job).toBe('unit (3.12)');
    expect(t.step).toBe('Unit tests');
    expect(t.failures[0].testName).toBe('tests/test_calc.py::test_name');
  });
});
