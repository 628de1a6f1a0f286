/** Xcode tests through xcpretty: under a `Module.TestCase` line, `  testName, XCTAssert... failed` then the file line and code. */
import type { LogLine } from '../normalize.js';
import { clean, type Extractor, type Found } from './types.js';

const CASE = /^\S{0,2}\s{2}(test\w*), (.+)$/;
const LOCATION = /^\s+((?:\/|[A-Za-z]:\\)\S+\.(?:swift|m|mm)):(\d+)$/;
const CLASS = /^([\w]+(?:\.[\w]+)+)$/;
const RAW = /^((?:\/|[A-Za-z]:\\)\S+\.(?:swift|m|mm)):(\d+): error: -\[([\w.]+) (\w+)\] : (.*)$/;

/** The xcode extractor (see the module comment for the formats it reads). */
export const xcode: Extractor = {
  tool: 'xcodebuild',
  extract(lines: LogLine[]): Found[] {
    const out: Found[] = [];
    let cls: { name: string; i: number } | undefined;
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i].text;
      const r = t.indexOf(': error: -[') > 0 ? RAW.exec(t) : null;
      if (r) {
        out.push({
          tool: 'xcodebuild',
          message: r[5].trim(),
          file: r[1],
          line: Number(r[2]),
          testName: `${r[3]}.${r[4]}`,
          start: i,
          end: i
        });
        continue;
      }
      const c = CLASS.exec(t.trim());
      if (c && !/^\s/.test(t)) {
        cls = { name: c[1], i };
        continue;
      }
      const m = CASE.exec(t);
      if (!m) continue;
      let loc: RegExpExecArray | null = null;
      let j = i + 1;
      for (; j < lines.length && j <= i + 3 && !loc; j++) loc = LOCATION.exec(lines[j].text);
      if (!loc) continue;
      // The code excerpt between ``` fences belongs to the failure.
      let end = j - 1;
      let fences = 0;
      for (let k = j; k < lines.length && k < j + 30 && fences < 2; k++) {
        if (lines[k].text.trim() === '```') fences++;
        if (fences > 0) end = k;
        if (fences === 0 && lines[k].text.trim() !== '') break;
      }
      const first = cls && out.every(f => f.start < cls!.i);
      out.push(
        clean({
          tool: 'xcodebuild',
          message: m[2].trim(),
          file: loc[1],
          line: Number(loc[2]),
          testName: cls ? `${cls.name.split('.').pop()}.${m[1]}` : m[1],
          start: first ? cls!.i : i,
          end
        })
      );
      i = end;
    }
    return out;
  }
};
