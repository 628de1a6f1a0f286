/**
 * Normalization of one raw log line: GitHub Actions timestamps, ANSI escapes, carriage-return
 * overwrites and `##[...]` workflow markers. The original line number is kept by the caller, so
 * the output always reports lines of the file as given.
 */

import { stripAnsi } from './ansi.js';

/** A workflow marker the runner writes at the start of a line. */
export type Marker = 'error' | 'warning' | 'notice' | 'debug' | 'group' | 'endgroup' | 'command' | 'section';

/** A line after normalization, with its 1-based line number in the file as given. */
export interface LogLine {
  n: number;
  text: string;
  marker?: Marker;
}

const TIMESTAMP = /^\uFEFF?\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z ?/;
const TRAVIS = /^(?:travis_(?:fold|time):\S*\s*)+/;
const MARKER = /^##\[(error|warning|notice|debug|group|endgroup|command|section)\]/;

/** Normalizes one line (without its LF). */
export function normalizeLine(raw: string): { text: string; marker?: Marker } {
  let s = raw;
  if (s.length > 0 && s.charCodeAt(s.length - 1) === 13) s = s.slice(0, -1);
  s = stripAnsi(s);
  if (s.indexOf('\r') >= 0) {
    // A lone CR is no line break (see datasets README); a terminal shows what was written last.
    const parts = s.split('\r').filter(p => p.trim() !== '');
    s = parts.length > 0 ? parts[parts.length - 1] : '';
  }
  const ts = TIMESTAMP.exec(s);
  if (ts) s = s.slice(ts[0].length);
  // Travis CI fold and timing markers are bookkeeping, like GitHub's groups.
  if (s.startsWith('travis_')) s = s.replace(TRAVIS, '');
  const m = s.startsWith('##[') ? MARKER.exec(s) : null;
  if (m) return { text: s.slice(m[0].length), marker: m[1] as Marker };
  return { text: s };
}

/** How a normalized line reads in a chunk: the markers that carry meaning are kept in words. */
export function displayLine(l: LogLine): string {
  switch (l.marker) {
    case 'error':
      return `Error: ${l.text}`;
    case 'warning':
      return `Warning: ${l.text}`;
    default:
      return l.text;
  }
}

/**
 * Normalizes a whole text (used for plain tool output); LF separates lines, CRLF counts once. As in
 * LineSplitter, a text with no LF in its first 64 Ki characters but a CR is split at CR too.
 */
export function normalizeText(text: string): LogLine[] {
  const head = text.slice(0, 64 * 1024);
  const crLines = head.indexOf('\n') < 0 && head.indexOf('\r') >= 0;
  const raw = text.split(crLines ? /\r\n|\r|\n/ : '\n');
  if (raw.length > 0 && raw[raw.length - 1] === '') raw.pop();
  return raw.map((r, i) => ({ n: i + 1, ...normalizeLine(r) }));
}
