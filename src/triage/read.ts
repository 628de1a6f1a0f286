/**
 * Reading entries: the full, bounded line read of the entry being analysed, the byte-level scan of
 * the others (is there an `##[error]`?), and the step sections of a job log.
 */
import type { LogEntry } from './archive.js';
import { GENERIC_ERROR } from './extractors/annotations.js';
import { LineSplitter, type SplitStats } from './lines.js';
import { normalizeLine, type LogLine } from './normalize.js';

/** At most this many lines (and characters) of one entry are held for analysis; older ones drop. */
export const MAX_KEPT_LINES = 200_000;
export const MAX_KEPT_CHARS = 48 * 1024 * 1024;

/** Reads an entry line by line; returns the last lines within the bounds and how many were dropped. */
export async function readEntryLines(
  entry: LogEntry,
  notes: string[],
  onLine?: (l: LogLine) => void,
  keep = true
): Promise<{ lines: LogLine[]; dropped: number; stats: SplitStats }> {
  let lines: LogLine[] = [];
  let chars = 0;
  let dropped = 0;
  const sp = new LineSplitter((raw, n) => {
    const l: LogLine = { n, ...normalizeLine(raw) };
    onLine?.(l);
    if (!keep) return;
    lines.push(l);
    chars += l.text.length;
    if (lines.length > 2 * MAX_KEPT_LINES || chars > 2 * MAX_KEPT_CHARS) {
      // Keep the later half: the cause of a failure stands near the end of its step.
      const keepFrom = lines.length - Math.min(MAX_KEPT_LINES, Math.floor(lines.length / 2));
      let cut = keepFrom;
      let kept = 0;
      for (let i = lines.length - 1; i >= keepFrom; i--) {
        kept += lines[i].text.length;
        if (kept > MAX_KEPT_CHARS) {
          cut = i + 1;
          break;
        }
      }
      dropped += cut;
      lines = lines.slice(cut);
      chars = lines.reduce((a, x) => a + x.text.length, 0);
    }
  });
  try {
    for await (const chunk of entry.open()) sp.push(chunk);
  } catch (err) {
    notes.push(`${entry.path}: read stopped early (${err instanceof Error ? err.message : String(err)})`);
  }
  sp.end();
  reportStats(entry.path, sp.stats, notes);
  if (dropped > 0)
    notes.push(`${entry.path}: analysed the last ${lines.length} lines; ${dropped} lines above were skipped`);
  return { lines, dropped, stats: sp.stats };
}

function reportStats(p: string, s: SplitStats, notes: string[]): void {
  if (s.crLines) notes.push(`${p}: no LF in its first 64 KiB, so lines are counted at CR as well as LF`);
  if (s.truncatedLines > 0) notes.push(`${p}: ${s.truncatedLines} line(s) longer than 64 KiB were cut`);
  if (s.invalidUtf8Lines > 0)
    notes.push(`${p}: ${s.invalidUtf8Lines} line(s) had invalid UTF-8 (replaced with U+FFFD)`);
  if (s.nulBytes) notes.push(`${p}: NUL bytes were dropped`);
}

/** What a byte-level scan of an entry found. */
export interface ScanResult {
  /** `##[error]` lines. */
  errors: number;
  /** `##[error]` lines that say more than the exit code or cancellation. */
  specific: number;
  cancelledOnly: boolean;
  firstError?: string;
  masks: string[];
}

const ERR = Buffer.from('##[error]');
const MASK = Buffer.from('::add-mask::');

/** The line holding `pos`; CR ends it too (lone CRs end lines in a log without LF, see lines.ts). */
function lineAround(buf: Buffer, pos: number): string {
  const s = Math.max(buf.lastIndexOf(10, pos), buf.lastIndexOf(13, pos)) + 1;
  const lf = buf.indexOf(10, pos);
  const cr = buf.indexOf(13, pos);
  let e = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
  if (e < 0) e = buf.length;
  return buf.toString('utf8', s, Math.min(e, s + 4096));
}

/** Scans an entry's bytes for error markers and mask commands without splitting it into lines. */
export async function scanEntry(entry: LogEntry, notes: string[]): Promise<ScanResult> {
  const r: ScanResult = { errors: 0, specific: 0, cancelledOnly: true, masks: [] };
  let carry: Buffer | undefined;
  const look = (buf: Buffer, upTo: number): void => {
    for (const [needle, isErr] of [
      [ERR, true],
      [MASK, false]
    ] as const) {
      let p = buf.indexOf(needle);
      while (p >= 0 && p < upTo) {
        const line = lineAround(buf, p);
        if (isErr) {
          const msg = line.slice(line.indexOf('##[error]') + 9).trim();
          r.errors++;
          if (!/canceled/i.test(msg)) r.cancelledOnly = false;
          if (!GENERIC_ERROR.test(msg)) {
            r.specific++;
            r.firstError ??= msg;
          }
        } else {
          r.masks.push(line.slice(line.indexOf('::add-mask::') + 12).trim());
        }
        p = buf.indexOf(needle, p + needle.length);
      }
    }
  };
  try {
    for await (const chunk of entry.open()) {
      // Only the bytes after the last LF (or CR) wait for the next chunk, so each marker is seen once, whole.
      const buf = carry && carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      const lastLf = Math.max(buf.lastIndexOf(10), buf.lastIndexOf(13));
      const upTo = lastLf < 0 ? 0 : lastLf + 1;
      look(buf, upTo);
      const rest = buf.subarray(upTo);
      carry = rest.length > 65536 ? Buffer.from(rest.subarray(rest.length - 65536)) : Buffer.from(rest);
    }
    if (carry && carry.length > 0) look(carry, carry.length);
  } catch (err) {
    notes.push(`${entry.path}: scan stopped early (${err instanceof Error ? err.message : String(err)})`);
  }
  if (r.errors === 0) r.cancelledOnly = false;
  return r;
}

/** A step's part of a job log (indices into its lines, inclusive). */
export interface Section {
  name: string;
  start: number;
  end: number;
}

/**
 * Splits a job log into its steps: the set-up part, each top-level `##[group]Run ...`, each
 * `Post job cleanup.` and the closing `Cleaning up orphan processes`.
 */
export function sections(lines: LogLine[]): Section[] {
  const out: Section[] = [];
  let depth = 0;
  let sawRun = false;
  const open = (name: string, i: number): void => {
    if (out.length > 0) out[out.length - 1].end = i - 1;
    out.push({ name, start: i, end: lines.length - 1 });
  };
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.marker === 'group') {
      if (depth === 0 && l.text.startsWith('Run ')) {
        if (!sawRun && i > 0) out.push({ name: 'Set up job', start: 0, end: lines.length - 1 });
        sawRun = true;
        open(l.text, i);
      }
      depth++;
    } else if (l.marker === 'endgroup') {
      depth = Math.max(0, depth - 1);
    } else if (sawRun && depth === 0 && l.marker === undefined) {
      if (l.text === 'Post job cleanup.') open('Post job cleanup', i);
      else if (l.text === 'Cleaning up orphan processes') open('Complete job', i);
    }
  }
  return out;
}

/** The verdict after a command's text on its last line. */
const TRAVIS_VERDICT = /" (?:failed and )?exited with \d+\.?$|" failed\b.*$/;
const TRAVIS_END = /" (?:failed and )?exited with ([1-9]\d*)\.?$|^The command ".*" failed\b/;

/**
 * The output of the first failed command of a Travis CI log: from its `$ command` echo to the
 * `The command "..." exited with N.` line the build system writes after it.
 */
export function travisRegion(lines: LogLine[]): Section | undefined {
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].text;
    if (t.indexOf('exited with') < 0 && t.indexOf('The command "') < 0) continue;
    if (!TRAVIS_END.test(t)) continue;
    let head = i;
    while (head > 0 && head > i - 20 && !lines[head].text.startsWith('The command "')) head--;
    if (!lines[head].text.startsWith('The command "')) continue;
    // Travis retries some commands (`failed. Retrying, 2 of 3.`): the region runs to the last try.
    let last = head;
    if (/Retrying, \d+ of \d+/.test(t)) {
      for (let k = i + 1; k < lines.length && k < i + 2000; k++) {
        if (/^The command ".*" failed(?: \d+ times)?\.?\s*$/.test(lines[k].text)) {
          last = k;
          break;
        }
      }
    }
    // The region starts at Travis' echo of that command (`$ cmd`); a tool's own `$ x` echo (yarn's)
    // inside the command's output is not it.
    const echo = `$ ${lines[head].text.slice('The command "'.length).replace(TRAVIS_VERDICT, '')}`;
    let start = head - 1;
    while (start > 0 && lines[start].text !== echo) start--;
    if (lines[start]?.text !== echo) {
      start = head - 1;
      while (start > 0 && !lines[start].text.startsWith('$ ')) start--;
    }
    return {
      name: lines[start]?.text.startsWith('$ ') ? lines[start].text.slice(2) : '',
      start: Math.max(0, start),
      end: last
    };
  }
  return undefined;
}
