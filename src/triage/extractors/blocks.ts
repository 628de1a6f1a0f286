/** Helpers shared by extractors whose reports are indented blocks under a header line. */
import type { LogLine } from '../normalize.js';

/** Leading whitespace of a line, in characters. */
export function indentOf(s: string): number {
  return /^\s*/.exec(s)?.[0].length ?? 0;
}

/**
 * The last line of the block under `head`: the lines indented deeper than it (blank lines
 * allowed inside), up to `max` lines, stopping early where `stop` says a new item begins.
 */
export function blockEnd(
  lines: LogLine[],
  head: number,
  max = 60,
  stop?: (t: string) => boolean,
  base?: number
): number {
  const ind = base ?? indentOf(lines[head].text);
  let end = head;
  for (let j = head + 1; j < lines.length && j <= head + max; j++) {
    const t = lines[j].text;
    if (stop?.(t)) break;
    if (t.trim() === '') continue;
    if (indentOf(t) <= ind) break;
    end = j;
  }
  return end;
}
