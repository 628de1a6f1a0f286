/**
 * `dotnet test` (vstest's console logger, any framework: MSTest, NUnit, xUnit): `  Failed Name [12 ms]`
 * (older SDKs: `Failed   Name`), then `  Error Message:` with the message under it and `  Stack Trace:`
 * with the frames (`at X in /x/Y.cs:line 12`). The closing `Failed!  - Failed: 1, Passed: 3, …` line
 * only counts them.
 */
import type { LogLine } from '../normalize.js';
import { clean, splitTyped, type Extractor, type Found } from './types.js';

const FAILED = /^\s{0,4}Failed +(\S.*)$/;
const ERROR_BANNER = /^\s{0,4}Error Message:$/;
const STACK_BANNER = /^\s{0,4}Stack Trace:$/;
const NEXT =
  /^\s{0,4}(?:Failed|Passed|Skipped) +\S|^\s{0,4}(?:Standard Output Messages|Standard Error Messages|Debug Traces Messages|Additional Information Messages):$|^(?:Failed!|Passed!|Total tests:|Test Run Failed\.|Results File:)/;

/** `   at X.Y() in /x/Y.cs:line 12`: the file and line. */
function frame(t: string): { file: string; line: number } | undefined {
  const at = t.indexOf('at ');
  const ln = t.lastIndexOf(':line ');
  if (at < 0 || ln < 0 || t.slice(0, at).trim() !== '') return undefined;
  const inAt = t.lastIndexOf(' in ', ln);
  const n = /^\d+/.exec(t.slice(ln + 6));
  if (inAt <= at || !n) return undefined;
  return { file: t.slice(inAt + 4, ln), line: Number(n[0]) };
}

function report(lines: LogLine[], i: number, name: string): Found {
  const msg: string[] = [];
  let loc: { file: string; line: number } | undefined;
  let inStack = false;
  let end = i;
  for (let j = i + 1; j < lines.length && j <= i + 200; j++) {
    const t = lines[j].text;
    if (NEXT.test(t)) break;
    if (ERROR_BANNER.test(t)) {
      end = j;
      continue;
    }
    if (STACK_BANNER.test(t)) {
      inStack = true;
      end = j;
      continue;
    }
    if (t.trim() === '') continue;
    end = j;
    if (inStack) {
      if (!loc) loc = frame(t);
    } else if (msg.length < 10) msg.push(t.trim());
  }
  const st = splitTyped(msg.join('\n'));
  return clean({
    tool: 'dotnet-test',
    errorType: st.errorType,
    message: st.message || 'failed',
    file: loc?.file,
    line: loc?.line,
    testName: name,
    start: i,
    end
  });
}

/** The dotnet extractor (see the module comment for the formats it reads). */
export const dotnet: Extractor = {
  tool: 'dotnet-test',
  extract(lines: LogLine[]): Found[] {
    const out: Found[] = [];
    for (let i = 0; i + 1 < lines.length; i++) {
      const t = lines[i].text;
      if (t.indexOf('Failed ') < 0 || t.length > 2000) continue;
      const m = FAILED.exec(t);
      // The banner under the name tells the logger's report from any line that starts with `Failed`.
      if (!m || !(ERROR_BANNER.test(lines[i + 1].text) || STACK_BANNER.test(lines[i + 1].text))) continue;
      // The duration in brackets (`[12 ms]`, `[< 1 ms]`) is not part of the name.
      const b = m[1].endsWith(']') ? m[1].lastIndexOf(' [') : -1;
      const f = report(lines, i, b > 0 && m[1].length - b <= 42 ? m[1].slice(0, b) : m[1]);
      out.push(f);
      i = f.end;
    }
    return out;
  }
};
