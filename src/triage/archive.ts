/**
 * Reading a run's logs: the run-log zip as GitHub serves it (top-level `N_<job>.txt`, step files in
 * `<job>/N_<step>.txt`), a folder of an extracted one, or a plain log; from a path or a Buffer.
 * Zip entries are inflated as streams, one at a time, so memory stays bounded whatever the size.
 */
import { constants, promises as fsp, type Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { pipeline } from 'node:stream';
import * as zlib from 'node:zlib';
import { TriageError } from './errors.js';
import { parseJobLogPath, parseStepLogPath } from './names.js';

/** One log file of the input. */
export interface LogEntry {
  /** Path inside the archive or folder (POSIX separators), or the file name of a plain log. */
  path: string;
  kind: 'job' | 'step' | 'plain';
  job?: string;
  /** `N` of a top-level `N_<job>.txt` (0 or negative in some archives: names.ts). */
  jobIndex?: number;
  stepNumber?: number;
  stepName?: string;
  /** Uncompressed size in bytes as declared (zip) or on disk. */
  size: number;
  /** The bytes of the file, streamed. */
  open(): AsyncIterable<Buffer>;
}

/** The logs of one input, and what was skipped while reading them. */
export interface LogSet {
  source: 'zip' | 'folder' | 'file' | 'text';
  entries: LogEntry[];
  notes: string[];
}

const ZIP_HINT =
  'Pass the zip from GET /repos/{owner}/{repo}/actions/runs/{id}/logs, a folder of an extracted one, or a plain log.';
/** Declared compression ratio above which an entry is treated as a zip bomb (real logs stay well below 100). */
const MAX_RATIO = 1000;
const CHUNK = 1 << 20;
/** Uncompressed bytes one archive may declare in all: the triage of any real run reads far less. */
export const MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024;
/** Entries one archive may list (each may be scanned): a run's logs are a few per job and step. */
export const MAX_ENTRIES = 65_535;
/** A central directory larger than this is not a run's (GitHub's hold a few hundred bytes per step). */
const MAX_DIRECTORY_BYTES = 64 * 1024 * 1024;

interface ByteSource {
  size: number;
  read(pos: number, len: number): Promise<Buffer>;
  stream(start: number, end: number): AsyncIterable<Buffer>;
  close(): Promise<void>;
}

/** What a path is when it is neither a file nor a folder, in words. */
function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/**
 * Opens a regular file for reading, never blocking: a FIFO, socket or device (which could hang the
 * read forever or never end) is refused, also when swapped in after the caller's stat.
 */
async function openRegular(file: string): Promise<FileHandle> {
  const fh = await fsp.open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  const st = await fh.stat();
  if (!st.isFile()) {
    await fh.close();
    throw new TriageError(
      `The log path ${file} is ${kindOf(st)}, not a file: save the log to a file and pass that.`
    );
  }
  return fh;
}

async function fileSource(file: string): Promise<ByteSource> {
  const fh = await openRegular(file);
  const { size } = await fh.stat();
  return {
    size,
    async read(pos: number, len: number): Promise<Buffer> {
      const buf = Buffer.alloc(len);
      const { bytesRead } = await fh.read(buf, 0, len, pos);
      return buf.subarray(0, bytesRead);
    },
    stream(start: number, end: number): AsyncIterable<Buffer> {
      if (end <= start) return (async function* () {})();
      // Read through the handle already checked: the path may point elsewhere by now.
      return fh.createReadStream({ start, end: end - 1, highWaterMark: CHUNK, autoClose: false });
    },
    close: () => fh.close()
  };
}

function bufferSource(buf: Buffer): ByteSource {
  return {
    size: buf.length,
    read: (pos, len) => Promise.resolve(buf.subarray(pos, Math.min(buf.length, pos + len))),
    stream: (start, end) =>
      (async function* () {
        for (let p = start; p < end; p += CHUNK) yield buf.subarray(p, Math.min(end, p + CHUNK));
      })(),
    close: () => Promise.resolve()
  };
}

interface ZipRecord {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  /** Where the data would start with an empty local extra field (a lower bound). */
  dataStart: number;
  encrypted: boolean;
}

async function readCentralDirectory(src: ByteSource, label: string): Promise<ZipRecord[]> {
  const tailLen = Math.min(src.size, 65535 + 22 + 20);
  const tail = await src.read(src.size - tailLen, tailLen);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) {
    throw new TriageError(
      `The log archive ${label} is not a readable zip file (no end-of-central-directory record in ${src.size} bytes; it is corrupt or truncated). ${ZIP_HINT}`
    );
  }
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  // Zip64: the real values sit in the zip64 end record, found through its locator.
  if (
    (count === 0xffff || cdOffset === 0xffffffff) &&
    eocd >= 20 &&
    tail.readUInt32LE(eocd - 20) === 0x07064b50
  ) {
    const z64 = Number(tail.readBigUInt64LE(eocd - 20 + 8));
    const rec = await src.read(z64, 56);
    if (rec.length === 56 && rec.readUInt32LE(0) === 0x06064b50) {
      count = Number(rec.readBigUInt64LE(32));
      cdSize = Number(rec.readBigUInt64LE(40));
      cdOffset = Number(rec.readBigUInt64LE(48));
    }
  }
  if (cdOffset + cdSize > src.size) {
    throw new TriageError(
      `The log archive ${label} is truncated (its directory points past the end of the ${src.size}-byte file). ${ZIP_HINT}`
    );
  }
  if (count > MAX_ENTRIES) {
    throw new TriageError(
      `The log archive ${label} lists ${count} entries, more than a run's logs hold (${MAX_ENTRIES}); it is corrupt or hostile. Extract it and pass the failed job's own log file instead.`
    );
  }
  if (cdSize > MAX_DIRECTORY_BYTES) {
    throw new TriageError(
      `The directory of the log archive ${label} is ${cdSize} bytes, more than a run's logs need (${MAX_DIRECTORY_BYTES}); it is corrupt or hostile. ${ZIP_HINT}`
    );
  }
  const cd = await src.read(cdOffset, cdSize);
  const out: ZipRecord[] = [];
  let p = 0;
  for (let i = 0; i < count && p + 46 <= cd.length; i++) {
    if (cd.readUInt32LE(p) !== 0x02014b50) {
      throw new TriageError(
        `The directory of the log archive ${label} is corrupt (bad entry ${i + 1} of ${count}). ${ZIP_HINT}`
      );
    }
    const fieldsEnd = p + 46 + cd.readUInt16LE(p + 28) + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
    if (fieldsEnd > cd.length) {
      throw new TriageError(
        `The directory of the log archive ${label} is corrupt (entry ${i + 1} of ${count}: its name, extra field or comment runs ${fieldsEnd - cd.length} bytes past the end of the directory). ${ZIP_HINT}`
      );
    }
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    let compressedSize = cd.readUInt32LE(p + 20);
    let size = cd.readUInt32LE(p + 24);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    let localOffset = cd.readUInt32LE(p + 42);
    const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
    // Zip64 extra field (0x0001) carries the sizes/offset that overflowed 32 bits, in this order.
    let e = p + 46 + nameLen;
    const eEnd = e + extraLen;
    while (e + 4 <= eEnd) {
      const id = cd.readUInt16LE(e);
      const len = cd.readUInt16LE(e + 2);
      if (id === 1) {
        let q = e + 4;
        const lim = e + 4 + len;
        if (size === 0xffffffff && q + 8 <= lim) {
          size = Number(cd.readBigUInt64LE(q));
          q += 8;
        }
        if (compressedSize === 0xffffffff && q + 8 <= lim) {
          compressedSize = Number(cd.readBigUInt64LE(q));
          q += 8;
        }
        if (localOffset === 0xffffffff && q + 8 <= lim) localOffset = Number(cd.readBigUInt64LE(q));
      }
      e += 4 + len;
    }
    out.push({
      name,
      method,
      compressedSize,
      size,
      localOffset,
      dataStart: localOffset + 30 + nameLen,
      encrypted: (flags & 1) === 1
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  refuseOverlaps(out, cdOffset, label);
  return out;
}

/**
 * Each entry's local header and data must lie apart from every other entry's and before the
 * directory. Entries that share or overlap their bytes ("A better zip bomb", D. Fifield 2019) make a
 * small file inflate to any size: refused whole. The local name and extra field are not read, so the
 * range checked (header, central name, data) is a lower bound: a real zip never fails it.
 */
function refuseOverlaps(recs: ZipRecord[], cdOffset: number, label: string): void {
  const byOffset = [...recs].sort((a, b) => a.localOffset - b.localOffset);
  for (let i = 0; i < byOffset.length; i++) {
    const r = byOffset[i];
    const end = r.dataStart + r.compressedSize;
    const next = byOffset[i + 1];
    const limit = next ? next.localOffset : cdOffset;
    if (end > limit) {
      const what = next
        ? next.localOffset === r.localOffset
          ? `${r.name} and ${next.name} start at the same local entry (offset ${r.localOffset})`
          : `${r.name} (bytes ${r.localOffset}-${end}) overlaps ${next.name} (at ${next.localOffset})`
        : `${r.name} (bytes ${r.localOffset}-${end}) runs into the directory (at ${cdOffset})`;
      throw new TriageError(
        `The log archive ${label} is corrupt or a zip bomb: its entries overlap (${what}). GitHub's log archives never do; refused. ${ZIP_HINT}`
      );
    }
  }
}

/** Refuses an archive whose entries declare more than MAX_TOTAL_BYTES in all (each is read at most to its declared size). */
function refuseTotal(recs: ZipRecord[], label: string): void {
  const total = recs.reduce((a, r) => a + r.size, 0);
  if (total > MAX_TOTAL_BYTES) {
    throw new TriageError(
      `The log archive ${label} declares ${total} bytes uncompressed, more than the ${MAX_TOTAL_BYTES} the triage reads from one archive (zip bomb?). Extract it and pass the failed job's own log file instead.`
    );
  }
}

/** Streams one entry's bytes, inflating, and stops at its declared size (a lying entry is a bomb). */
function entryStream(src: ByteSource, rec: ZipRecord, notes: string[]): AsyncIterable<Buffer> {
  return (async function* () {
    const lh = await src.read(rec.localOffset, 30);
    if (lh.length < 30 || lh.readUInt32LE(0) !== 0x04034b50) {
      notes.push(`skipped ${rec.name}: its local header is missing or corrupt`);
      return;
    }
    const start = rec.localOffset + 30 + lh.readUInt16LE(26) + lh.readUInt16LE(28);
    const end = start + rec.compressedSize;
    if (end > src.size) notes.push(`${rec.name} is truncated in the archive; read what is there`);
    const raw = src.stream(start, Math.min(end, src.size));
    if (rec.method === 0) {
      yield* raw;
      return;
    }
    const inflate = zlib.createInflateRaw({ chunkSize: 256 * 1024 });
    const readable = raw as NodeJS.ReadableStream | AsyncIterable<Buffer>;
    if ('pipe' in readable) {
      pipeline(readable, inflate, () => undefined);
    } else {
      void (async (): Promise<void> => {
        try {
          for await (const c of readable) {
            // The reader stops early on a bomb or a corrupt entry: stop feeding then.
            if (inflate.destroyed) return;
            if (!inflate.write(c)) {
              await new Promise<void>(r => {
                inflate.once('drain', r);
                inflate.once('close', r);
              });
            }
          }
          if (!inflate.destroyed) inflate.end();
        } catch (err) {
          inflate.destroy(err as Error);
        }
      })();
    }
    let total = 0;
    const limit = rec.size + 1024;
    try {
      for await (const chunk of inflate as AsyncIterable<Buffer>) {
        total += chunk.length;
        if (total > limit) {
          notes.push(
            `stopped reading ${rec.name}: it inflates beyond its declared ${rec.size} bytes (zip bomb?)`
          );
          yield chunk.subarray(0, chunk.length - (total - limit));
          break;
        }
        yield chunk;
      }
    } catch (err) {
      notes.push(
        `${rec.name} is corrupt after ${total} bytes (${(err as Error).message}); used what was readable`
      );
    } finally {
      inflate.destroy();
    }
  })();
}

/** Splits an archive path into job/step coordinates as GitHub names them. */
export function classifyPath(
  p: string
): Pick<LogEntry, 'kind' | 'job' | 'jobIndex' | 'stepNumber' | 'stepName'> {
  // `0_<job>.txt` and `-2147483648_<job>.txt` are job files too (names.ts).
  const top = parseJobLogPath(p);
  if (top) return { kind: 'job', jobIndex: top.index, job: top.job };
  const step = parseStepLogPath(p);
  if (step) return { kind: 'step', job: step.job, stepNumber: step.number, stepName: step.step };
  return { kind: 'plain' };
}

async function readZip(src: ByteSource, label: string, notes: string[]): Promise<LogEntry[]> {
  let recs: ZipRecord[];
  try {
    recs = await readCentralDirectory(src, label);
  } catch (err) {
    if (err instanceof TriageError) throw err;
    // A field that points outside the bytes read: never a raw RangeError, always the archive's fault.
    throw new TriageError(
      `The log archive ${label} is corrupt (${err instanceof Error ? err.message : String(err)}). ${ZIP_HINT}`
    );
  }
  refuseTotal(
    recs.filter(r => !r.name.endsWith('/')),
    label
  );
  const entries: LogEntry[] = [];
  for (const rec of recs) {
    if (rec.name.endsWith('/')) continue;
    if (rec.encrypted || (rec.method !== 0 && rec.method !== 8)) {
      notes.push(`skipped ${rec.name}: ${rec.encrypted ? 'encrypted' : `compression method ${rec.method}`}`);
      continue;
    }
    if (rec.size > 1e6 && rec.compressedSize > 0 && rec.size / rec.compressedSize > MAX_RATIO) {
      notes.push(
        `skipped ${rec.name}: declared ${rec.size} bytes from ${rec.compressedSize} (ratio over ${MAX_RATIO}, zip bomb?)`
      );
      continue;
    }
    entries.push({
      path: rec.name,
      ...classifyPath(rec.name),
      size: rec.size,
      open: () => entryStream(src, rec, notes)
    });
  }
  if (entries.length === 0) {
    throw new TriageError(
      `The log archive ${label} holds no readable log files${notes.length ? ` (${notes.join('; ')})` : ''}. ${ZIP_HINT}`
    );
  }
  return rootless(entries);
}

/**
 * A re-zipped or nested copy has the whole layout under one folder (`logs/1_build.txt`): classify
 * the paths below it. Paths stay as given, so line references still name the real file.
 */
function rootless(entries: LogEntry[]): LogEntry[] {
  if (entries.some(e => e.kind === 'job') || entries.length === 0) return entries;
  const first = entries[0].path.split('/')[0];
  if (!entries.every(e => e.path.startsWith(`${first}/`))) return entries;
  const inner = entries.map(e => ({ ...e, ...classifyPath(e.path.slice(first.length + 1)) }));
  return inner.some(e => e.kind === 'job') ? inner : entries;
}

async function walk(dir: string, rel: string, out: string[], depth: number): Promise<void> {
  if (depth > 3) return;
  const items = await fsp.readdir(path.join(dir, rel), { withFileTypes: true });
  for (const it of items) {
    const r = rel ? `${rel}/${it.name}` : it.name;
    if (it.isDirectory()) await walk(dir, r, out, depth + 1);
    else if (it.isFile()) out.push(r);
  }
}

/** Streams a regular file of a folder (refusing anything else, see openRegular). */
async function* readRegular(file: string): AsyncIterable<Buffer> {
  const fh = await openRegular(file);
  try {
    yield* fh.createReadStream({ highWaterMark: CHUNK, autoClose: false }) as AsyncIterable<Buffer>;
  } finally {
    await fh.close();
  }
}

function isZipMagic(head: Buffer): boolean {
  return (
    (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50) ||
    (head.length >= 4 && head.readUInt32LE(0) === 0x06054b50)
  );
}

/** Looks like a binary (not a log): NUL bytes or many control bytes in the first block. */
export function looksBinary(head: Buffer): boolean {
  if (head.length === 0) return false;
  let ctrl = 0;
  for (let i = 0; i < head.length; i++) {
    const b = head[i];
    if (b === 0) return true;
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 27 && b !== 12 && b !== 8) ctrl++;
  }
  return ctrl / head.length > 0.1;
}

function describe(head: Buffer): string {
  const hex = head.subarray(0, 8).toString('hex').replace(/(..)/g, '$1 ').trim();
  return `starts with bytes ${hex}`;
}

/**
 * Opens bytes known to be text (a test run's output) as one plain log, whatever they look like:
 * never sniffed as a zip or binary; empty is an empty log. NUL bytes are dropped when read.
 */
export function openText(
  input: Buffer,
  name: string,
  notes: string[] = []
): { set: LogSet; close: () => Promise<void> } {
  const src = bufferSource(input);
  const entry: LogEntry = {
    path: name,
    kind: 'plain',
    size: input.length,
    open: () => src.stream(0, input.length)
  };
  return { set: { source: 'text', entries: [entry], notes }, close: src.close };
}

/** Opens any supported input as a set of log entries. Throws TriageError for what cannot be read at all. */
export async function openLogs(
  input: string | Buffer,
  notes: string[] = []
): Promise<{ set: LogSet; close: () => Promise<void> }> {
  if (Buffer.isBuffer(input)) {
    const head = input.subarray(0, 8192);
    if (input.length === 0) throw new TriageError(`The log is empty (0 bytes). ${ZIP_HINT}`);
    if (isZipMagic(head) || (input.length >= 4 && input.readUInt32LE(0) === 0x08074b50)) {
      const src = bufferSource(input);
      return {
        set: { source: 'zip', entries: await readZip(src, '(buffer)', notes), notes },
        close: src.close
      };
    }
    if (looksBinary(head)) {
      throw new TriageError(`The log is a binary file, not a zip or text (${describe(head)}). ${ZIP_HINT}`);
    }
    return openText(input, 'log.txt', notes);
  }
  let st;
  try {
    st = await fsp.stat(input);
  } catch {
    throw new TriageError(`The log path ${input} does not exist. ${ZIP_HINT}`);
  }
  if (!st.isDirectory() && !st.isFile()) {
    throw new TriageError(`The log path ${input} is ${kindOf(st)}, not a file or folder. ${ZIP_HINT}`);
  }
  if (st.isDirectory()) {
    const files: string[] = [];
    await walk(input, '', files, 0);
    const txt = files.filter(f => f.endsWith('.txt') || f.endsWith('.log')).sort();
    if (txt.length === 0)
      throw new TriageError(`The folder ${input} holds no .txt or .log files. ${ZIP_HINT}`);
    const entries: LogEntry[] = [];
    for (const f of txt) {
      const full = path.join(input, f);
      const size = (await fsp.stat(full)).size;
      entries.push({
        path: f,
        ...classifyPath(f),
        size,
        open: () => (size === 0 ? (async function* () {})() : readRegular(full))
      });
    }
    return { set: { source: 'folder', entries: rootless(entries), notes }, close: () => Promise.resolve() };
  }
  const src = await fileSource(input);
  const head = await src.read(0, Math.min(8192, src.size));
  if (src.size === 0) {
    await src.close();
    throw new TriageError(`The log ${input} is empty (0 bytes). ${ZIP_HINT}`);
  }
  if (isZipMagic(head) || /\.zip$/i.test(input)) {
    try {
      return { set: { source: 'zip', entries: await readZip(src, input, notes), notes }, close: src.close };
    } catch (err) {
      await src.close();
      if (err instanceof TriageError && !isZipMagic(head)) {
        throw new TriageError(`The log archive ${input} is not a zip file (${describe(head)}). ${ZIP_HINT}`);
      }
      throw err;
    }
  }
  if (looksBinary(head)) {
    await src.close();
    throw new TriageError(
      `The log ${input} is a binary file, not a zip or text (${describe(head)}). ${ZIP_HINT}`
    );
  }
  const entry: LogEntry = {
    path: path.basename(input),
    kind: 'plain',
    size: src.size,
    open: () => src.stream(0, src.size)
  };
  return { set: { source: 'file', entries: [entry], notes }, close: src.close };
}
