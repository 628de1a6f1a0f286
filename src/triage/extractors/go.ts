/** `go test` (`--- FAIL: TestX (0.01s)` and its indented report) and `go build`/`go vet` after `# package` (`vet: x.go:…`). */
import type { LogLine } from '../normalize.js';
import { clean, type Extractor, type Found } from './types.js';

const FAIL = /^(\s*)--- FAIL: (\S+) \([\d.]+s\)\s*$/;
const REPORT = /^\s+([\w./-]+\.go):(\d+): (.*)$/;
const PKG = /^# (\S+)$/;
const HEADER = /^\s*=== (?:RUN|CONT|NAME)\s+(\S+)\s*$/;
const BUILD = /^(vet: )?((?:\.{1,2}\/)?[\w./-]+\.go):(\d+):(\d+): (.*)$/;
const PANIC = /^panic: (.*?)(?: \[recovered\])?$/;

/** The gotest extractor (see the module comment for the formats it reads). */
export const gotest: Extractor = {
  tool: 'go-test',
  extract(lines: LogLine[]): Found[] {
    const out: Found[] = [];
    let inBuild = false;
    let pkg = -1;
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i].text;
      const f = t.indexOf('--- FAIL') >= 0 ? FAIL.exec(t) : null;
      if (f) {
        const base = f[1].length;
        let end = i;
        let msg: { file: string; line: number; text: string } | undefined;
        for (let j = i + 1; j < lines.length && j < i + 200; j++) {
          const u = lines[j].text;
          const ind = /^\s*/.exec(u)?.[0].length ?? 0;
          if (u.trim() === '' || ind <= base || /^\s*--- (?:FAIL|PASS|SKIP)/.test(u)) break;
          const r = REPORT.exec(u);
          if (r && !msg) msg = { file: r[1], line: Number(r[2]), text: r[3].trim() };
          else if (msg && msg.text.length < 2000 && ind > base + 4) msg.text += `\n${u.trim()}`;
          end = j;
        }
        // `go test -v` (Go 1.14+) streams a test's log as it runs: it stands under the test's own
        // `=== RUN` (or `=== CONT` / `=== NAME`) header, up to the next header, above its `--- FAIL`.
        let start = i;
        if (!msg) {
          let h = i - 1;
          for (; h >= 0 && h > i - 300; h--) {
            const u = lines[h].text;
            if (u.indexOf('=== ') >= 0 && HEADER.exec(u)?.[1] === f[2]) break;
          }
          if (h >= 0 && h > i - 300) {
            for (let j = h + 1; j < i; j++) {
              const u = lines[j].text;
              if (HEADER.test(u) || /^\s*--- (?:FAIL|PASS|SKIP)/.test(u)) break;
              const r = REPORT.exec(u);
              if (r && !msg) msg = { file: r[1], line: Number(r[2]), text: r[3].trim() };
              else if (msg && msg.text.length < 2000 && /^\s{5,}\S/.test(u)) msg.text += `\n${u.trim()}`;
            }
            if (msg) start = h;
          }
        }
        // A parent test only fails because a subtest did; it is reported without a message of its own.
        const sub = `--- FAIL: ${f[2]}/`;
        if (!msg && lines.slice(i + 1, i + 5000).some(l => l.text.includes(sub))) continue;
        out.push(
          clean({
            tool: 'go-test',
            message: msg?.text ?? 'failed',
            file: msg?.file,
            line: msg?.line,
            testName: f[2],
            start,
            end
          })
        );
        continue;
      }
      const p = t.indexOf('panic: ') === 0 ? PANIC.exec(t) : null;
      if (p && !/^test timed out/.test(p[1])) {
        let end = i;
        let loc: { file: string; line: number } | undefined;
        for (let j = i + 1; j < lines.length && j < i + 60; j++) {
          const u = lines[j].text;
          if (u.trim() === '' && j > i + 2) break;
          const l = /^\s+(\S+\.go):(\d+)/.exec(u);
          if (l && !loc && !/\/(?:src\/runtime|testing)\//.test(l[1]))
            loc = { file: l[1], line: Number(l[2]) };
          end = j;
        }
        out.push(
          clean({
            tool: 'go-test',
            errorType: 'panic',
            message: p[1],
            file: loc?.file,
            line: loc?.line,
            start: i,
            end
          })
        );
        continue;
      }
      if (PKG.test(t)) {
        inBuild = true;
        pkg = i;
        continue;
      }
      if (inBuild) {
        const b = BUILD.exec(t);
        if (b) {
          // `go vet` prints its findings the same way, and `vet: x.go:…` for a package that does not type-check.
          out.push({
            tool: 'go-build',
            errorType: 'compile',
            message: b[5].trim(),
            file: b[2],
            line: Number(b[3]),
            // The `# package` line above a package's first diagnostic is its title.
            start: pkg === i - 1 ? pkg : i,
            end: i
          });
          continue;
        }
        if (!/^\s/.test(t)) inBuild = false;
      }
    }
    return out;
  }
};
