/** Python tracebacks (`Traceback (most recent call last):` ... `Type: message`). */
import type { LogLine } from '../normalize.js';
import { clean, splitTyped, type Extractor, type Found } from './types.js';

const FRAME = /^\s*File "(.+?)", line (\d+)(?:, in (.*))?$/;
/** Python 3's notice between two tracebacks of one chained exception. */
const CHAIN =
  /^(?:During handling of the above exception, another exception occurred|The above exception was the direct cause of the following exception):$/;
/**
 * What was raised: any class can be (`http.client.RemoteDisconnected: Remote end closed`); a name
 * alone only when it reads as an exception's (`StopIteration`, `KeyboardInterrupt`).
 */
const RAISED =
  /^((?:[A-Za-z_]\w*\.)*[A-Z]\w*): ([\s\S]*)$|^((?:[A-Za-z_]\w*\.)*[A-Z]\w*(?:Error|Exception|Interrupt|Exit|Iteration))$/;
/**
 * A log record at error level, as `logging.exception()` and `logger.error(…, exc_info=True)` write
 * it right above the traceback (`ERROR:root:msg`, `… TestFramework (ERROR): msg`): the report's title.
 */
const LOGGED = /\b(?:ERROR|CRITICAL|FATAL)\b/;
const LIBRARY = /(?:site-packages|dist-packages|[/\\]lib[/\\]python\d|^<frozen|^<string>|^<stdin>)/;

/** Parses one traceback starting at `i`; returns it and the index of its last line. */
export function parseTraceback(lines: LogLine[], i: number): { found?: Found; last: number } {
  const indent = /^\s*/.exec(lines[i].text)?.[0].length ?? 0;
  const frames: { file: string; line: number }[] = [];
  let j = i + 1;
  for (; j < lines.length && j < i + 400; j++) {
    const t = lines[j].text;
    const f = FRAME.exec(t);
    if (f) {
      frames.push({ file: f[1], line: Number(f[2]) });
      continue;
    }
    const ind = /^\s*/.exec(t)?.[0].length ?? 0;
    if (ind > indent || t.trim() === '' || /^\s*\^+\s*$/.test(t)) continue;
    // The first line back at the traceback's own indentation is the exception.
    const body = t.slice(indent).trim();
    const st = splitTyped(body);
    const named = st.errorType ? undefined : RAISED.exec(body);
    const errorType = st.errorType ?? named?.[1] ?? named?.[3];
    if (!errorType) return { last: j - 1 };
    const own = [...frames].reverse().find(fr => !LIBRARY.test(fr.file)) ?? frames[frames.length - 1];
    let end = j;
    // Exception messages may continue on following lines (e.g. SyntaxError carets are above, chained notes below).
    while (
      end + 1 < lines.length &&
      end < j + 5 &&
      /^\s+\S/.test(lines[end + 1].text) &&
      !FRAME.test(lines[end + 1].text) &&
      !CHAIN.test(lines[end + 1].text.trim()) &&
      !lines[end + 1].text.includes('Traceback (most recent call last)')
    )
      end++;
    return {
      found: clean({
        tool: 'python',
        errorType,
        message: named ? (named[2] ?? '') : st.message,
        file: own?.file,
        line: own?.line,
        start: i,
        end,
        focus: j
      }),
      last: end
    };
  }
  return { last: j - 1 };
}

/** Whether the traceback at `next` continues the chained exception whose last traceback ended at `end`. */
function chainedTo(lines: LogLine[], end: number, next: number): boolean {
  let notice = false;
  for (let k = end + 1; k < next; k++) {
    const t = lines[k].text.trim();
    if (t === '') continue;
    if (notice || !CHAIN.test(t)) return false;
    notice = true;
  }
  return notice;
}

/** The python extractor (see the module comment for the formats it reads). */
export const python: Extractor = {
  tool: 'python',
  extract(lines: LogLine[]): Found[] {
    const out: Found[] = [];
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i].text;
      if (t.indexOf('Traceback (most recent call last)') < 0) continue;
      const r = parseTraceback(lines, i);
      if (r.found) {
        if (i > 0 && LOGGED.test(lines[i - 1].text)) r.found = { ...r.found, start: i - 1 };
        // A chained exception is one report: from its first traceback to what was raised last.
        const prev = out[out.length - 1];
        if (prev && chainedTo(lines, prev.end, i)) out[out.length - 1] = { ...r.found, start: prev.start };
        else out.push(r.found);
      }
      i = Math.max(i, r.last);
    }
    return out;
  }
};
