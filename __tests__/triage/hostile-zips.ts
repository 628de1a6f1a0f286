/**
 * Hostile inputs written byte by byte, as an attacker would: zips whose directory lies (entries
 * that overlap, an extra field past the end) and a log with CR-only line ends. Shared by the unit
 * and e2e tests.
 */
import { deflateRawSync } from 'node:zlib';

interface CdEntry {
  name: string;
  compressedSize: number;
  size: number;
  localOffset: number;
  extraLen?: number;
  extra?: Buffer;
}

function localHeader(name: string, compressedSize: number, size: number): Buffer {
  const n = Buffer.from(name);
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(8, 8); // deflate
  h.writeUInt32LE(compressedSize, 18);
  h.writeUInt32LE(size, 22);
  h.writeUInt16LE(n.length, 26);
  return Buffer.concat([h, n]);
}

function directory(entries: CdEntry[], cdOffset: number): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const n = Buffer.from(e.name);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(8, 10);
    cd.writeUInt32LE(e.compressedSize, 20);
    cd.writeUInt32LE(e.size, 24);
    cd.writeUInt16LE(n.length, 28);
    cd.writeUInt16LE(e.extraLen ?? e.extra?.length ?? 0, 30);
    cd.writeUInt32LE(e.localOffset, 42);
    parts.push(cd, n, e.extra ?? Buffer.alloc(0));
  }
  const cd = Buffer.concat(parts);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(Math.min(entries.length, 0xffff), 8);
  eocd.writeUInt16LE(Math.min(entries.length, 0xffff), 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([cd, eocd]);
}

/**
 * `count` job logs in the directory, every one pointing at the same local entry: 900 KB of text
 * deflated to about 1 KB (a ratio under the per-entry limit), read again for each entry.
 */
export function overlapBomb(count: number): Buffer {
  const size = 900_000;
  const kernel = deflateRawSync(Buffer.alloc(size, 'a'), { level: 9 });
  const local = Buffer.concat([localHeader('1_kernel.txt', kernel.length, size), kernel]);
  const entries = Array.from({ length: count }, (_, i) => ({
    name: `${i + 1}_job ${i}.txt`,
    compressedSize: kernel.length,
    size,
    localOffset: 0
  }));
  return Buffer.concat([local, directory(entries, local.length)]);
}

/**
 * Fifield's "better zip bomb" shape: each entry has its own local header, but its data runs over
 * the headers and data of all the entries after it (so each reads the rest of the file).
 */
export function quotedOverlap(count: number): Buffer {
  const kernel = deflateRawSync(Buffer.alloc(100_000, 'a'), { level: 9 });
  const headers = Array.from({ length: count }, (_, i) => localHeader(`${i + 1}_job ${i}.txt`, 0, 0));
  const offsets: number[] = [];
  let at = 0;
  for (const h of headers) {
    offsets.push(at);
    at += h.length;
  }
  const total = at + kernel.length;
  const entries = headers.map((h, i) => ({
    name: `${i + 1}_job ${i}.txt`,
    compressedSize: total - offsets[i] - h.length,
    size: 100_000,
    localOffset: offsets[i]
  }));
  return Buffer.concat([...headers, kernel, directory(entries, total)]);
}

/** One good entry whose directory record declares a 200-byte extra field (zip64) that the file lacks. */
export function extraPastEnd(): Buffer {
  const body = deflateRawSync(Buffer.from('E   NameError: boom\n'));
  const local = Buffer.concat([localHeader('1_a.txt', body.length, 20), body]);
  const extra = Buffer.from([1, 0, 100, 0]); // id 0x0001, says 100 bytes follow; none do
  return Buffer.concat([
    local,
    directory(
      [{ name: '1_a.txt', compressedSize: body.length, size: 20, localOffset: 0, extraLen: 200, extra }],
      local.length
    )
  ]);
}

/** A pytest failure written with CR-only line ends (classic Mac, or progress-style output). */
export function crOnlyLog(): { text: string; lines: string[] } {
  const lines = [
    '============================= test session starts ==============================',
    'collected 3 items',
    '',
    'tests/test_x.py F..                                                      [100%]',
    '',
    '=================================== FAILURES ===================================',
    '____________________________________ test_a ____________________________________',
    '',
    '    def test_a():',
    '>       assert add(1, 2) == 4',
    'E       assert 3 == 4',
    '',
    'tests/test_x.py:10: AssertionError',
    '=========================== short test summary info ============================',
    'FAILED tests/test_x.py::test_a - assert 3 == 4',
    '========================= 1 failed, 2 passed in 0.05s =========================='
  ];
  return { text: `${lines.join('\r')}\r`, lines };
}
