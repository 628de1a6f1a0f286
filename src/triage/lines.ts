/**
 * Splits a stream of bytes into lines at LF without ever holding more than one line (capped) in
 * memory. CRLF counts as one break (the CR is dropped by normalization), a lone CR as none.
 *
 * Except in a file whose first 64 KiB hold no LF but do hold a CR (old Mac line ends, progress
 * output written with CR alone): there CR, LF and CRLF each end a line, so such a log is not one
 * line. The 64 KiB are the longest line kept, so the choice is made before any line is emitted.
 */

/** Longest line kept; the rest of a longer line is dropped and reported (a 10 MB line is noise). */
export const MAX_LINE_BYTES = 64 * 1024;

/** What a splitter saw besides the lines themselves. */
export interface SplitStats {
  lines: number;
  truncatedLines: number;
  invalidUtf8Lines: number;
  nulBytes: boolean;
  /** Lines were counted at CR as well as LF (no LF in the first 64 KiB; see LineSplitter). */
  crLines: boolean;
}

/** Receives each line (without LF) and its 1-based number. */
export type LineSink = (raw: string, n: number) => void;

/** Incremental LF splitter; call push() per chunk and end() once. */
export class LineSplitter {
  readonly stats: SplitStats = {
    lines: 0,
    truncatedLines: 0,
    invalidUtf8Lines: 0,
    nulBytes: false,
    crLines: false
  };
  private pending: Buffer[] = [];
  private pendingLen = 0;
  private overlong = false;
  /** Which bytes end a line: undecided until an LF, a CR or 64 KiB have been seen. */
  private mode: 'undecided' | 'lf' | 'cr' = 'undecided';
  private head: Buffer[] = [];
  private headLen = 0;
  private headCr = false;
  /** CR mode: the last chunk ended in CR, so an LF opening the next one belongs to it. */
  private afterCr = false;

  constructor(private readonly sink: LineSink) {}

  push(chunk: Buffer): void {
    if (this.mode === 'undecided') {
      const lf = chunk.indexOf(10);
      const room = MAX_LINE_BYTES - this.headLen;
      if (lf >= 0 && lf < room) return this.decide('lf', chunk);
      if (chunk.length >= room) {
        const cr = this.headCr || chunk.subarray(0, room).indexOf(13) >= 0;
        return this.decide(cr ? 'cr' : 'lf', chunk);
      }
      this.head.push(Buffer.from(chunk));
      this.headLen += chunk.length;
      this.headCr ||= chunk.indexOf(13) >= 0;
      return;
    }
    if (this.mode === 'cr') return this.pushCr(chunk);
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

  private decide(mode: 'lf' | 'cr', chunk: Buffer): void {
    this.mode = mode;
    this.stats.crLines = mode === 'cr';
    const all = this.head.length > 0 ? Buffer.concat([...this.head, chunk]) : chunk;
    this.head = [];
    this.headLen = 0;
    this.push(all);
  }

  /** CR mode: CR, LF and CRLF each end one line. */
  private pushCr(chunk: Buffer): void {
    let pos = 0;
    if (this.afterCr && chunk.length > 0 && chunk[0] === 10) pos = 1;
    this.afterCr = false;
    // Next LF and CR are found once each and reused, so a long run without one of them stays linear.
    let lf = chunk.indexOf(10, pos);
    let cr = chunk.indexOf(13, pos);
    for (;;) {
      if (lf >= 0 && lf < pos) lf = chunk.indexOf(10, pos);
      if (cr >= 0 && cr < pos) cr = chunk.indexOf(13, pos);
      const idx = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
      if (idx < 0) {
        this.keep(chunk, pos, chunk.length);
        return;
      }
      this.keep(chunk, pos, idx);
      this.flush();
      pos = idx + 1;
      if (chunk[idx] === 13) {
        if (idx + 1 < chunk.length && chunk[idx + 1] === 10) pos++;
        else if (idx + 1 === chunk.length) this.afterCr = true;
      }
    }
  }

  private flush(): void {
    const buf = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingLen);
    this.emit(buf, 0, buf.length, this.overlong);
    this.pending = [];
    this.pendingLen = 0;
    this.overlong = false;
  }

  /** Flushes the last line when the input does not end with LF. */
  end(): void {
    if (this.mode === 'undecided') {
      const all = Buffer.concat(this.head, this.headLen);
      this.head = [];
      this.headLen = 0;
      this.mode = this.headCr ? 'cr' : 'lf';
      this.stats.crLines = this.headCr;
      if (all.length > 0) this.push(all);
    }
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
