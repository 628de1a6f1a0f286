import { closeSync, mkdtempSync, openSync, rmSync, writeSync, ftruncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateRawSync, crc32 } from 'node:zlib';
import { openLogs, classifyPath } from '../../src/triage/archive.js';
import { triageLogs, TriageError } from '../../src/triage/index.js';
import { jobLog, makeZip, runArchive } from './logs.js';

const failingStep = {
  name: 'Tests',
  title: 'Run python -m pytest',
  output: [
    '=========================== short test summary info ============================',
    "FAILED tests/test_calc.py::test_name - NameError: name 'totl' is not defined",
    '========================= 1 failed, 2 passed in 0.61s =========================='
  ],
  exitCode: 1
};
const archive = (): Buffer => makeZip(runArchive([{ name: 'test', steps: [failingStep] }]));

async function rejection(p: Promise<unknown>): Promise<TriageError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e
  );
  expect(err).toBeInstanceOf(TriageError);
  return err as TriageError;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'nw-archive-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openLogs', () => {
  it('names jobs and steps the way GitHub lays out the archive', () => {
    expect(classifyPath('3_build (ubuntu-latest, 20).txt')).toEqual({
      kind: 'job',
      jobIndex: 3,
      job: 'build (ubuntu-latest, 20)'
    });
    expect(classifyPath('build (ubuntu-latest, 20)/4_Run npm test.txt')).toEqual({
      kind: 'step',
      job: 'build (ubuntu-latest, 20)',
      stepNumber: 4,
      stepName: 'Run npm test'
    });
    expect(classifyPath('notes/readme.md')).toEqual({ kind: 'plain' });
  });

  it('reads the real run-log archive from the datasets when it is there', async () => {
    const real = '/work/shared/datasets/gha-run-archive.zip';
    const { set, close } = await openLogs(real).catch(() => ({
      set: undefined,
      close: async () => undefined
    }));
    await close();
    if (!set) return; // the data set is not on every machine
    const jobs = set.entries.filter(e => e.kind === 'job');
    expect(jobs.map(j => j.job)).toContain('Build source distribution (1)');
    expect(set.entries.some(e => e.kind === 'step' && e.stepName === 'Run actionscheckout@v3')).toBe(true);
    const t = await triageLogs(real);
    expect(t.notes?.join(' ')).toMatch(/no log reports an error/);
  });
});

describe('bad input', () => {
  it('rejects a truncated zip with a TriageError that says what to pass', async () => {
    const zip = archive();
    const err = await rejection(triageLogs(zip.subarray(0, zip.length - 30)));
    expect(err.name).toBe('TriageError');
    expect(err.message).toMatch(/truncated|corrupt/);
    expect(err.message).toContain('/actions/runs/{id}/logs');
  });

  it('triages what is readable in a zip whose data is corrupt, and says what it skipped', async () => {
    const good = Buffer.from(jobLog([failingStep]).text);
    const text = Array.from({ length: 200 }, (_, i) => `line ${i} ${(i * 7919).toString(36)}`).join('\n');
    const garbage = Buffer.from(deflateRawSync(Buffer.from(text)));
    garbage.fill(0xff, 2, 40); // no longer a valid deflate stream
    const zip = makeZip([
      { name: '1_broken.txt', raw: { compressed: garbage, size: 5000, crc: 0 } },
      { name: '2_test.txt', data: good }
    ]);
    const t = await triageLogs(zip);
    expect(t.job).toBe('test');
    expect(t.failures[0]?.testName).toBe('tests/test_calc.py::test_name');
    expect(t.notes?.join(' ')).toMatch(/1_broken\.txt is corrupt/);
  });

  it('rejects an empty archive', async () => {
    const err = await rejection(triageLogs(makeZip([])));
    expect(err.message).toMatch(/holds no readable log files/);
  });

  it('skips a zip bomb entry (declared ratio) and stops one that lies about its size', async () => {
    const zeros = Buffer.alloc(64 * 1024 * 1024);
    const bomb = deflateRawSync(zeros, { level: 9 });
    const zip = makeZip([
      { name: '1_bomb.txt', raw: { compressed: bomb, size: zeros.length, crc: crc32(zeros) } },
      { name: '2_liar.txt', raw: { compressed: bomb, size: 4096, crc: 0 } },
      { name: '3_test.txt', data: Buffer.from(jobLog([failingStep]).text) }
    ]);
    const before = process.memoryUsage().rss;
    const t = await triageLogs(zip);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
    const notes = t.notes?.join(' ') ?? '';
    expect(notes).toMatch(/skipped 1_bomb\.txt: declared \d+ bytes from \d+ \(ratio over 1000/);
    expect(notes).toMatch(/stopped reading 2_liar\.txt: it inflates beyond its declared 4096 bytes/);
    expect(t.job).toBe('test');
  });

  it('rejects a binary file', async () => {
    const file = path.join(dir, 'a.out');
    writeFileSync(
      file,
      Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0])
    );
    const err = await rejection(triageLogs(file));
    expect(err.message).toMatch(/binary file/);
    expect(err.message).toContain('7f 45 4c 46');
  });

  it('rejects a file named .zip that is not one', async () => {
    const file = path.join(dir, 'logs.zip');
    writeFileSync(file, '<html>Not Found</html>\n');
    const err = await rejection(triageLogs(file));
    expect(err.message).toMatch(/is not a zip file/);
  });

  it('triages a 2 GB log in bounded memory, reporting what it skipped', async () => {
    const file = path.join(dir, 'huge.log');
    // The first blocks of a log are text; then a hole of NULs, then the failing step.
    const setup = Array.from({ length: 300 }, (_, i) => `Downloading dependency ${i} of 300`);
    const head = Buffer.from(jobLog([{ name: 'Setup', output: setup }]).text);
    const tail = Buffer.from('\n' + jobLog([failingStep]).text);
    const size = 2 * 1024 * 1024 * 1024;
    const fd = openSync(file, 'w');
    try {
      writeSync(fd, head, 0, head.length, 0);
      ftruncateSync(fd, size - tail.length); // a hole: 2 GB on disk without writing it
      writeSync(fd, tail, 0, tail.length, size - tail.length);
    } finally {
      closeSync(fd);
    }
    const before = process.memoryUsage().rss;
    const t = await triageLogs(file);
    expect(process.memoryUsage().rss - before).toBeLessThan(300 * 1024 * 1024);
    expect(t.failures.map(f => f.testName)).toEqual(['tests/test_calc.py::test_name']);
    const headLines = head.toString().split('\n').length - 1;
    // The hole is one 2 GB line without LF; what follows keeps its true line numbers.
    expect(t.chunk.startLine).toBeGreaterThan(headLines + 1);
    expect(t.notes?.join(' ')).toMatch(/longer than 64 KiB were cut/);
  }, 120_000);

  it('cuts a single 10 MB line and still finds the failure after it', async () => {
    const text = `${'#'.repeat(10 * 1024 * 1024)}\n${jobLog([failingStep]).text}`;
    const t = await triageLogs(Buffer.from(text));
    expect(t.failures[0]?.message).toBe("name 'totl' is not defined");
    expect(t.notes?.join(' ')).toMatch(/1 line\(s\) longer than 64 KiB were cut/);
    expect(t.chunk.startLine).toBeGreaterThan(1);
  });

  it('replaces invalid UTF-8 and says so', async () => {
    const log = Buffer.from(jobLog([failingStep]).text);
    const bad = Buffer.concat([Buffer.from('caf\xe9 \xff\xfe bytes\n', 'latin1'), log]);
    const t = await triageLogs(bad);
    expect(t.failures[0]?.testName).toBe('tests/test_calc.py::test_name');
    expect(t.notes?.join(' ')).toMatch(/invalid UTF-8/);
  });
});

describe('the real run-log archive', () => {
  const real = '/work/shared/datasets/gha-run-archive.zip';

  it('finds an error injected into one step of the real archive, in the step file GitHub wrote', async () => {
    const AdmZip = (await import('adm-zip')).default;
    let zip: InstanceType<typeof AdmZip>;
    try {
      zip = new AdmZip(real);
    } catch {
      return; // the data set is not on every machine
    }
    const job = 'Test 3.10 x64 wheels for ubuntu-latest';
    const stepName = `${job}/5_Run tests on 3.10.txt`;
    const jobFile = zip
      .getEntries()
      .find(e =>
        / Test 3\.10 x64 wheels for ubuntu-latest\.txt$|^\d+_Test 3\.10 x64 wheels for ubuntu-latest\.txt$/.test(
          e.entryName
        )
      )!;
    // The failure goes at the end of the test step: just before the job's first post step.
    const inject = (text: string): string =>
      text.replace(
        /(\n)(\S+Z )Post job cleanup\./,
        (_m, nl: string, ts: string) =>
          `${nl}${ts}Traceback (most recent call last):\n${ts}  File "tables/tests/test_all.py", line 40, in <module>\n${ts}ImportError: libblosc2.so.2: cannot open shared object file: No such file or directory\n${ts}##[error]Process completed with exit code 1.\n${ts}Post job cleanup.`
      );
    const stepText = zip.readAsText(stepName);
    const stepInjected = `${stepText}${stepText.slice(0, 28)} Traceback (most recent call last):\n${stepText.slice(0, 28)}   File "tables/tests/test_all.py", line 40, in <module>\n${stepText.slice(0, 28)} ImportError: libblosc2.so.2: cannot open shared object file: No such file or directory\n${stepText.slice(0, 28)} ##[error]Process completed with exit code 1.\n`;
    zip.updateFile(jobFile.entryName, Buffer.from(inject(zip.readAsText(jobFile.entryName))));
    zip.updateFile(stepName, Buffer.from(stepInjected));
    const t = await triageLogs(zip.toBuffer());
    expect(t.job).toBe(job);
    expect(t.chunk.file).toBe(stepName);
    expect(t.step).toBe('Run tests on 3.10');
    expect(t.failures[0]).toMatchObject({
      tool: 'python',
      errorType: 'ImportError',
      file: 'tables/tests/test_all.py',
      line: 40
    });
    expect(t.category).toBe('dependency');
    const lines = stepInjected.split('\n');
    expect(lines[t.chunk.startLine - 1]).toContain('Traceback (most recent call last):');
  });
});

describe('a re-zipped archive', () => {
  it('reads the GitHub layout under one top folder, keeping the paths as given', async () => {
    const entries = runArchive([{ name: 'test', steps: [failingStep] }]).map(e => ({
      ...e,
      name: `run-123/${e.name}`
    }));
    const t = await triageLogs(makeZip(entries));
    expect(t.job).toBe('test');
    expect(t.chunk.file).toBe('run-123/test/2_Tests.txt');
    expect(t.failures[0]?.testName).toBe('tests/test_calc.py::test_name');
  });
});
