/** Python tracebacks (`Traceback (most recent call last):` ... `Type: message`). */
import type { LogLine } from '../normalize.js';
import { clean, splitTyped, type Extractor, type Found } from './types.js';

const FRAME = /^\s*File "(.+?)", line (\d+)(?:, in (.*))?$/;
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
    const bare = /^([A-Z]\w*(?:Error|Exception|Interrupt|Exit))$/.exec(body);
    const errorType = st.errorType ?? bare?.[1];
    if (!errorType) return { last: j - 1 };
    const own = [...frames].reverse().find(fr => !LIBRARY.test(fr.file)) ?? frames[frames.length - 1];
    let end = j;
    // Exception messages may continue on following lines (e.g. SyntaxError carets are above, chained notes below).
    while (
      end + 1 < lines.length &&
      end < j + 5 &&
      /^\s+\S/.test(lines[end + 1].text) &&
      !FRAME.test(lines[end + 1].text)
    )
      end++;
    return {
      found: clean({
        tool: 'python',
        errorType,
        message: bare ? '' : st.message,
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

/** The python extractor (see the module comment for the formats it reads). */
export const python: Extractor = {
  tool: 'python',
  extract(lines: LogLine[]): Found[] {
    const out: Found[] = [];
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i].text;
      if (t.indexOf('Traceback (most recent call last)') < 0) continue;
      const r = parseTraceback(lines, i);
      if (r.found) out.push(r.found);
      i = Math.max(i, r.last);
    }
    return out;
  }
};
