/**
 * The sanitizers' reports (clang/gcc AddressSanitizer, LeakSanitizer, MemorySanitizer,
 * ThreadSanitizer): `==PID==ERROR: AddressSanitizer: heap-use-after-free on address …` or
 * `WARNING: ThreadSanitizer: data race (pid=N)`, the stacks, `SUMMARY: XSanitizer: kind file:line in
 * function`, ASan's shadow-byte map, then `==PID==ABORTING`. The report is why the process died.
 */
import type { LogLine } from '../normalize.js';
import { clean, type Extractor, type Found } from './types.js';

const HEAD = /^==(\d+)==ERROR: (\w+Sanitizer): (.*)$|^WARNING: (ThreadSanitizer): (.*?)(?: \(pid=\d+\))?$/;
/** `SUMMARY: XSanitizer: kind (one or more words) file:line[:col] in function`. */
const SUMMARY = /^SUMMARY: \w+Sanitizer: (?:.*? )?((?:[A-Za-z]:)?[^\s:]+):(\d+)(?::\d+)?(?: in |$)/;
const FRAME = /^\s*#\d+ 0x[0-9a-f]+ in \S.* ((?:[A-Za-z]:)?\/[^\s:]+):(\d+)(?::\d+)?$/;
const ABORTING = /^==\d+==ABORTING/;
const SHADOW = /^Shadow byte|^\s*(?:=>)?0x[0-9a-f]+:|^\s+[A-Z][\w ]*:\s+(?:[0-9a-f]{2}\s*)+$/;

/** The longest report read (ASan's with its shadow-byte map runs about 100 lines). */
const MAX_REPORT = 400;

/** The sanitizer extractor (see the module comment for the formats it reads). */
export const sanitizer: Extractor = {
  tool: 'sanitizer',
  extract(lines: LogLine[]): Found[] {
    const out: Found[] = [];
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i].text;
      if (t.indexOf('Sanitizer: ') < 0) continue;
      const h = HEAD.exec(t.trim());
      if (!h) continue;
      const errorType = h[2] ?? h[4];
      const message = (h[3] ?? h[5]).trim();
      let end = i;
      let summary: number | undefined;
      let loc: { file: string; line: number } | undefined;
      for (let j = i + 1; j < lines.length && j <= i + MAX_REPORT; j++) {
        const u = lines[j].text.trim();
        if (ABORTING.test(u) || (j > i + 1 && HEAD.test(u))) break;
        // After the summary only ASan's shadow-byte map and its legend belong to the report.
        if (summary !== undefined && !SHADOW.test(lines[j].text)) break;
        end = j;
        const f = loc ? null : FRAME.exec(u);
        if (f) loc = { file: f[1], line: Number(f[2]) };
        const s = SUMMARY.exec(u);
        if (s) loc = { file: s[1], line: Number(s[2]) };
        if (u.startsWith('SUMMARY: ')) summary = j;
      }
      while (end > i && lines[end].text.trim() === '') end--;
      out.push(
        clean({
          tool: 'sanitizer',
          errorType,
          message,
          file: loc?.file,
          line: loc?.line,
          start: i,
          end,
          focus: i
        })
      );
      i = end;
    }
    return out;
  }
};
