/** TypeScript compiler diagnostics, plain (`a.ts(3,10): error TS2551: ...`) and pretty (`a.ts:3:10 - error TS2551: ...`). */
import type { LogLine } from '../normalize.js';
import { type Extractor, type Found } from './types.js';

const PLAIN = /^(?:\s*)(\S.*?)\((\d+),(\d+)\): error (TS\d+): (.*)$/;
const PRETTY = /^(?:\s*)(\S.*?):(\d+):(\d+) - error (TS\d+): (.*)$/;

/** The tsc extractor (see the module comment for the formats it reads). */
export const tsc: Extractor = {
  tool: 'tsc',
  extract(lines: LogLine[]): Found[] {
    const out: Found[] = [];
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i].text;
      if (t.indexOf('error TS') < 0) continue;
      const m = PLAIN.exec(t) ?? PRETTY.exec(t);
      if (!m) continue;
      let end = i;
      if (PRETTY.test(t)) {
        // The code frame follows up to the next blank line after it.
        let j = i + 1;
        if (j < lines.length && lines[j].text.trim() === '') j++;
        while (j < lines.length && j < i + 12 && lines[j].text.trim() !== '') j++;
        end = Math.min(j - 1, lines.length - 1);
      }
      out.push({
        tool: 'tsc',
        errorType: m[4],
        message: m[5].trim(),
        file: m[1],
        line: Number(m[2]),
        start: i,
        end
      });
    }
    return out;
  }
};
