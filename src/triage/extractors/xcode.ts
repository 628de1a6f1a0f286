/**
 * Xcode tests through xcpretty: under a `Module.TestCase` line, `  testName, XCTAssert... failed` then the file line and code.
 * XCTest's own lines: `/x.swift:12: error: -[Module.Class test] : msg` (macOS) and, from swift-corelibs-xctest
 * (`swift test` on Linux), `/x.swift:12: error: Class.test : msg` between `Test Case 'Class.test' started at …`
 * and `Test Case 'Class.test' failed (0.01 seconds)`.
 */
import type { LogLine } from '../normalize.js';
import { clean, type Extractor, type Found } from './types.js';

const CASE = /^\S{0,2}\s{2}(test\w*), (.+)$/;
const LOCATION = /^\s+((?:\/|[A-Za-z]:\\)\S+\.(?:swift|m|mm)):(\d+)$/;
const CLASS = /^([\w]+(?:\.[\w]+)+)$/;
const RAW = /^((?:\/|[A-Za-z]:\\)\S+\.(?:swift|m|mm)):(\d+): error: -\[([\w.]+) (\w+)\] : (.*)$/;
const LINUX = /^(\S+\.swift):(\d+): error: (\w+)\.(\w+) : (.*)$/;

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
      const x = t.indexOf('.swift:') > 0 && t.length < 5000 ? LINUX.exec(t) : null;
      if (x) {
        const name = `${x[3]}.${x[4]}`;
        const started = i > 0 && lines[i - 1].text.startsWith(`Test Case '${name}' started`);
        const failed = lines[i + 1]?.text.startsWith(`Test Case '${name}' failed`);
        out.push({
          tool: 'xctest',
          message: x[5].replace(/ - $/, '').trim(),
          file: x[1],
          line: Number(x[2]),
          testName: name,
          start: started ? i - 1 : i,
          end: failed ? i + 1 : i
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
