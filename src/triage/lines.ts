/**
 * Splits a stream of bytes into lines at LF without ever holding more than one line (capped) in
 * memory. CRLF counts as one break (the CR is dropped by normalization), a lone CR as none.
 */

/** Longest line kept; the rest of a longer line is dropped and reported (a 10 MB line is noise). */
export const MAX_LINE_BYTES = 64 * 1024;

/** What a splitter saw besides the lines themselves. */
export interface SplitStats {
  lines: number;
  truncatedLines: number;
  invalidUtf8Lines: number;
  nulBytes: boolean;
}

/** Receives each line (without LF) and its 1-based number. */
export type LineSink = (raw: string, n: number) => void;

/** Incremental LF splitter; call push() per chunk and end() once. */
export class LineSplitter {
  readonly stats: SplitStats = { lines: 0, truncatedLines: 0, invalidUtf8Lines: 0, nulBytes: false };
  private pending: Buffer[] = [];
  private pendingLen = 0;
  private overlong = false;

  constructor(private readonly sink: LineSink) {}

  push(chunk: Buffer): void {
    let pos = 0;
    for (;;) {
      const idx = chunk.indexOf(10, pos);
      if (idx < 0) {
        this.keep(chunk, pos, chunk.length);
        return;
      }
      if (this.pendingLen === 0 && !this.overlong) {
        this.emit(chunk, pos, Math.min(idx, pos + MAX_LINE_BYTES), idx - pos > MAX_LINE_BYTES);
      } else {
        this.keep(chunk, pos, idx);
        const buf =
          this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingLen);
        this.emit(buf, 0, buf.length, this.overlong);
        this.pending = [];
        this.pendingLen = 0;
        this.overlong = false;
      }
      pos = idx + 1;
    }
  }

  /** Flushes the last line when the input does not end with LF. */
  end(): void {
    if (this.pendingLen > 0 || this.overlong) {
      const buf = Buffer.concat(this.pending, this.pendingLen);
      this.emit(buf, 0, buf.length, this.overlong);
      this.pending = [];
      this.pendingLen = 0;
      this.overlong = false;
    }
  }

  private keep(chunk: Buffer, from: number, to: number): void {
    const room = MAX_LINE_BYTES - this.pendingLen;
    const take = Math.min(room, to - from);
    if (take > 0) {
      // Copy: the chunk's memory may be reused by the stream that produced it.
      this.pending.push(Buffer.from(chunk.subarray(from, from + take)));
      this.pendingLen += take;
    }
    if (to - from > take) this.overlong = true;
  }

  private emit(buf: Buffer, from: number, to: number, truncated: boolean): void {
    this.stats.lines++;
    if (truncated) this.stats.truncatedLines++;
    let s = buf.toString('utf8', from, to);
    if (s.indexOf('\uFFFD') >= 0) this.stats.invalidUtf8Lines++;
    if (s.indexOf('\0') >= 0) {
      this.stats.nulBytes = true;
      s = s.replace(/\0+/g, '');
    }
    this.sink(s, this.stats.lines);
  }
}

/** Runs a splitter over an async byte stream. */
export async function splitLines(source: AsyncIterable<Buffer>, sink: LineSink): Promise<SplitStats> {
  const sp = new LineSplitter(sink);
  for await (const chunk of source) sp.push(chunk);
  sp.end();
  return sp.stats;
}
