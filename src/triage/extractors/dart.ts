/**
 * `dart test` / `flutter test` (the compact and expanded reporters): a progress line that ends the
 * failing test, `00:01 +0 -1: test/x_test.dart: name [E]` (the suite path only when several suites
 * run), then the indented message (`Expected: …`, `  Actual: …`) and stack frames (`test/x_test.dart
 * 5:5  main.<fn>`, `package:matcher  expect`), up to the next progress line.
 */
import type { LogLine } from '../normalize.js';
import { clean, type Extractor, type Found } from './types.js';

const HEAD = /^(?:\d+:)?\d{2}:\d{2} \+\d+(?: ~\d+)?(?: -\d+)?: (.*) \[E\]$/;
const PROGRESS = /^(?:\d+:)?\d{2}:\d{2} \+\d+/;
const FRAME = /^\s+(\S+\.dart) (\d+):\d+ {2,}\S/;
const PKG_FRAME = /^\s+(?:package:|dart:)\S+ {2,}\S/;

/** The dart extractor (see the module comment for the formats it reads). */
export const dart: Extractor = {
  tool: 'dart-test',
  extract(lines: LogLine[]): Found[] {
    const out: Found[] = [];
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i].text;
      if (!t.endsWith(' [E]') || t.length > 2000) continue;
      const m = HEAD.exec(t);
      if (!m) continue;
      let end = i;
      const msg: string[] = [];
      let loc: { file: string; line: number } | undefined;
      let inStack = false;
      for (let j = i + 1; j < lines.length && j <= i + 200; j++) {
        const u = lines[j].text;
        if (PROGRESS.test(u)) break;
        if (u.trim() === '') continue;
        end = j;
        const f = FRAME.exec(u);
        if (f || PKG_FRAME.test(u)) {
          inStack = true;
          if (f && !loc) loc = { file: f[1], line: Number(f[2]) };
        } else if (!inStack && msg.length < 10 && !u.startsWith('To run this test again:'))
          msg.push(u.trim());
      }
      // `test/x_test.dart: group name` when several suites ran: the suite is the file.
      const suite = /^(\S+\.dart): (.+)$/.exec(m[1]);
      out.push(
        clean({
          tool: 'dart-test',
          message: msg.join('\n') || 'failed',
          file: loc?.file ?? suite?.[1],
          line: loc?.line,
          testName: suite ? suite[2] : m[1],
          start: i,
          end
        })
      );
      i = end;
    }
    return out;
  }
};
