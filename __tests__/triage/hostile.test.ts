/**
 * Inputs that used to hang or blow up the triage (issue 8, point 6): each ends fast, in bounded
 * memory, with a result or a TriageError that says what is wrong.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MAX_ENTRIES, MAX_TOTAL_BYTES } from '../../src/triage/archive.js';
import { triageLogs, triageOutput, TriageError } from '../../src/triage/index.js';
import { LineSplitter } from '../../src/triage/lines.js';
import { normalizeText } from '../../src/triage/normalize.js';
import { crOnlyLog, extraPastEnd, overlapBomb, quotedOverlap } from './hostile-zips.js';
import { jobLog, makeZip } from './logs.js';

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
  dir = mkdtempSync(path.join(tmpdir(), 'nw-hostile-unit-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const failingStep = {
  name: 'Tests',
  output: ["FAILED tests/test_calc.py::test_name - NameError: name 'totl' is not defined"],
  exitCode: 1
};

describe('zip archives that lie', () => {
  it('refuses entries that share one local entry, before inflating any', async () => {
    const t0 = Date.now();
    const err = await rejection(triageLogs(overlapBomb(5000)));
    expect(err.message).toMatch(
      /corrupt or a zip bomb: its entries overlap \(1_job 0\.txt and 2_job 1\.txt start at the same local entry \(offset 0\)\)/
    );
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it("refuses Fifield's quoted overlap (each entry's data runs over the next entry's header)", async () => {
    const err = await rejection(triageLogs(quotedOverlap(50)));
    expect(err.message).toMatch(/entries overlap \(1_job 0\.txt \(bytes 0-\d+\) overlaps 2_job 1\.txt/);
  });

  it('refuses an entry whose data runs into the directory', async () => {
    const zip = makeZip([{ name: '1_test.txt', data: Buffer.from(jobLog([failingStep]).text) }]);
    // The directory record's compressed size (offset 20 in it) now claims 1000 bytes more.
    const cd = zip.readUInt32LE(zip.length - 22 + 16);
    zip.writeUInt32LE(zip.readUInt32LE(cd + 20) + 1000, cd + 20);
    const err = await rejection(triageLogs(zip));
    expect(err.message).toMatch(/1_test\.txt \(bytes 0-\d+\) runs into the directory/);
  });

  it('still reads a real archive: entries side by side pass the overlap check', async () => {
    const zip = makeZip([
      { name: 'test/', data: undefined },
      { name: '1_test.txt', data: Buffer.from(jobLog([failingStep]).text) },
      { name: 'test/1_Tests.txt', data: Buffer.from('x\n') }
    ]);
    const t = await triageLogs(zip);
    expect(t.failures[0]?.testName).toBe('tests/test_calc.py::test_name');
  });

  it('names a directory extra field past the end as corruption, never a RangeError', async () => {
    const err = await rejection(triageLogs(extraPastEnd()));
    expect(err.message).toMatch(
      /The directory of the log archive \(buffer\) is corrupt \(entry 1 of 1: its name, extra field or comment runs \d+ bytes past the end/
    );
  });

  it('refuses a zip64 directory that lists more entries than any run has, before reading them', async () => {
    const z64 = Buffer.alloc(56);
    z64.writeUInt32LE(0x06064b50, 0);
    z64.writeBigUInt64LE(10_000_000n, 32); // entries
    z64.writeBigUInt64LE(0n, 40); // directory size
    z64.writeBigUInt64LE(0n, 48); // directory offset
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(30n, 8); // after the one local header the file starts with
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(0xffff, 8);
    eocd.writeUInt16LE(0xffff, 10);
    eocd.writeUInt32LE(0xffffffff, 16);
    const err = await rejection(triageLogs(Buffer.concat([local, z64, locator, eocd])));
    expect(err.message).toMatch(
      new RegExp(`lists 10000000 entries, more than a run's logs hold \\(${MAX_ENTRIES}\\)`)
    );
  });

  it('refuses an archive that declares more than MAX_TOTAL_BYTES uncompressed in all', async () => {
    // Three honest-looking entries of 900 MB each (declared), side by side, each a small deflate stream.
    const entries = [1, 2, 3].map(i => ({
      name: `${i}_job${i}.txt`,
      raw: { compressed: Buffer.alloc(1_000_000, 1), size: 900 * 1024 * 1024, crc: 0 }
    }));
    const err = await rejection(triageLogs(makeZip(entries)));
    expect(3 * 900 * 1024 * 1024).toBeGreaterThan(MAX_TOTAL_BYTES);
    expect(err.message).toMatch(/declares \d+ bytes uncompressed, more than the \d+ the triage reads/);
    expect(err.message).toMatch(/pass the failed job's own log file/);
  });
});

describe('a log with CR-only line ends', () => {
  it('is split at CR: the failure is found and its lines are the CR-counted lines of the file', async () => {
    const { text, lines } = crOnlyLog();
    const file = path.join(dir, 'mac.log');
    writeFileSync(file, text);
    const t = await triageLogs(file);
    expect(t.failures[0]).toMatchObject({
      testName: 'tests/test_x.py::test_a',
      errorType: 'AssertionError',
      file: 'tests/test_x.py',
      line: 10
    });
    expect(lines.slice(t.chunk.startLine - 1, t.chunk.endLine).join('\n')).toBe(t.chunk.text);
    expect(t.notes?.join(' ')).toMatch(/mac\.log: no LF in its first 64 KiB, so lines are counted at CR/);
  });

  it('is split the same way by the streaming splitter (CRLF across chunks counted once) and normalizeText', () => {
    // 80 KB of CR-only lines first: no LF in the first 64 KiB, so CR mode; later LFs and CRLFs end lines too.
    const head = 'p\r'.repeat(40_000);
    const chunks = [head, 'a\r', '\nb\rc', '\r', '\r\n', 'd'];
    const got: [number, string][] = [];
    const sp = new LineSplitter((raw, n) => got.push([n, raw]));
    for (const c of chunks) sp.push(Buffer.from(c));
    sp.end();
    expect(got.slice(40_000)).toEqual([
      [40_001, 'a'],
      [40_002, 'b'],
      [40_003, 'c'],
      [40_004, ''],
      [40_005, 'd']
    ]);
    expect(got).toHaveLength(40_005);
    expect(sp.stats.crLines).toBe(true);
    expect(normalizeText(chunks.join('')).map(l => [l.n, l.text])).toEqual(got);
  });

  it('keeps LF counting when an LF comes within 64 KiB (a lone CR is then a progress overwrite)', () => {
    const got: string[] = [];
    const sp = new LineSplitter(raw => got.push(raw));
    sp.push(Buffer.from('10%\r50%\r'));
    sp.push(Buffer.from('100%\nnext\n'));
    sp.end();
    expect(got).toEqual(['10%\r50%\r100%', 'next']);
    expect(sp.stats.crLines).toBe(false);
  });

  it('splits a long CR-only log in linear time', () => {
    const line = 'x'.repeat(40);
    const text = Buffer.from(`${line}\r`.repeat(500_000)); // 20 MB, no LF anywhere
    let n = 0;
    const t0 = Date.now();
    const sp = new LineSplitter(() => n++);
    for (let p = 0; p < text.length; p += 1 << 20) sp.push(text.subarray(p, p + (1 << 20)));
    sp.end();
    expect(n).toBe(500_000);
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});

describe('paths that are not files', () => {
  it('refuses a FIFO at once instead of blocking on open', async () => {
    const fifo = path.join(dir, 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const err = await rejection(triageLogs(fifo));
    expect(err.message).toContain(`The log path ${fifo} is a named pipe (FIFO), not a file or folder.`);
  });

  it('refuses a character device', async () => {
    const err = await rejection(triageLogs('/dev/zero'));
    expect(err.message).toContain('The log path /dev/zero is a character device');
  });

  it('skips a FIFO inside a log folder and triages the files', async () => {
    const folder = path.join(dir, 'logs');
    spawnSync('mkdir', [folder]);
    writeFileSync(path.join(folder, '1_test.txt'), jobLog([failingStep]).text);
    expect(spawnSync('mkfifo', [path.join(folder, '2_pipe.txt')]).status).toBe(0);
    const t = await triageLogs(folder);
    expect(t.failures[0]?.testName).toBe('tests/test_calc.py::test_name');
  });
});

describe("a test run's output", () => {
  it('empty: a triage that says the run printed no output, not a zip error', async () => {
    const t = await triageOutput('');
    expect(t.chunk).toMatchObject({ startLine: 0, endLine: 0, text: '' });
    expect(t.failures).toEqual([]);
    expect(t.notes).toContain('the test run printed no output');
  });

  it('with NUL bytes: triaged as text, the NULs dropped', async () => {
    const t = await triageOutput('\0\0FAILED tests/test_x.py::test_a - boom\0\n');
    expect(t.failures[0]?.testName).toBe('tests/test_x.py::test_a');
    expect(t.notes?.join(' ')).toMatch(/NUL bytes were dropped/);
  });

  it('that starts like a zip: still text', async () => {
    const t = await triageOutput('PK\u0003\u0004 FAILED tests/test_x.py::test_a - boom\n');
    expect(t.chunk.file).toBe('test output');
  });
});
