/**
 * rustc diagnostics (`error[E0425]: msg` + ` --> file:line:col`; a clippy lint denied by `-D warnings`
 * as clippy's, named by its notes) and cargo test panics (`---- name stdout ----`).
 */
import type { LogLine } from '../normalize.js';
import { clean, type Extractor, type Found } from './types.js';

const DIAG = /^error(?:\[(E\d{4})\])?: (.*)$/;
const ARROW = /^\s*--> (.+?):(\d+):(\d+)$/;
const STDOUT = /^---- (\S+) stdout ----$/;
const PANIC_NEW = /^thread '([^']+)'(?: \(\d+\))? panicked at (.+?):(\d+):(\d+):$/;
const PANIC_OLD = /^thread '([^']+)'(?: \(\d+\))? panicked at '(.*)', (.+?):(\d+):(\d+)$/;
const WRAPPERS =
  /^(?:could not compile|aborting due to|test failed, to rerun|Compilation failed|build failed|failed to run custom build command)/;

/** The cargo extractor (see the module comment for the formats it reads). */
export const cargo: Extractor = {
  tool: 'cargo',
  extract(lines: LogLine[]): Found[] {
    const out: Found[] = [];
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i].text;
      const d = t.startsWith('error') ? DIAG.exec(t) : null;
      if (d && !WRAPPERS.test(d[2])) {
        // Some logs double-space every line: look past blank lines for the arrow and the code frame.
        let k = i + 1;
        while (k < lines.length && k < i + 3 && lines[k].text.trim() === '') k++;
        const a = lines[k] ? ARROW.exec(lines[k].text) : null;
        if (!a && !d[1]) continue;
        let end = a ? k : i;
        for (let j = end + 1; j < lines.length && j < i + 40; j++) {
          const u = lines[j].text;
          if (u.trim() === '') continue;
          if (!/^\s*(?:\d+\s*)?[|=]|^\s+= /.test(u)) break;
          end = j;
        }
        // A clippy lint denied (`-D warnings`) names itself in its notes: `-D clippy::len-zero` implied by
        // `-D warnings`, `#[deny(clippy::len_zero)]` on by default, or the lint's page `…/index.html#len_zero`.
        let lint: string | undefined;
        for (let j = i + 1; j <= end && !lint && !d[1]; j++) {
          const u = lines[j].text;
          if (u.indexOf('clippy') < 0) continue;
          lint = (/rust-clippy\/\S*#([a-z_]+)/.exec(u) ?? /clippy::([a-z][a-z_-]*)/.exec(u))?.[1].replace(
            /-/g,
            '_'
          );
        }
        out.push(
          clean({
            tool: lint ? 'clippy' : 'rustc',
            errorType: lint ?? d[1] ?? 'error',
            message: d[2].trim(),
            file: a?.[1],
            line: a ? Number(a[2]) : undefined,
            start: i,
            end
          })
        );
        continue;
      }
      const s = t.startsWith('---- ') ? STDOUT.exec(t) : null;
      if (s) {
        let end = i;
        let found: { message: string; file: string; line: number } | undefined;
        for (let j = i + 1; j < lines.length && j < i + 200; j++) {
          const u = lines[j].text;
          if (STDOUT.test(u) || /^failures:$/.test(u)) break;
          end = j;
          const n = PANIC_NEW.exec(u);
          if (n && !found) {
            const msg: string[] = [];
            for (let k = j + 1; k < lines.length && k < j + 20; k++) {
              const v = lines[k].text;
              if (v.trim() === '' || /^note: |^stack backtrace:/.test(v)) break;
              msg.push(v.trim());
              end = k;
            }
            found = { message: msg.join('\n'), file: n[2], line: Number(n[3]) };
            continue;
          }
          const o = PANIC_OLD.exec(u);
          if (o && !found) found = { message: o[2], file: o[3], line: Number(o[4]) };
        }
        while (end > i && lines[end].text.trim() === '') end--;
        out.push(
          clean({
            tool: 'cargo-test',
            errorType: 'panic',
            message: found?.message ?? 'failed',
            file: found?.file,
            line: found?.line,
            testName: s[1],
            start: i,
            end
          })
        );
      }
    }
    return out;
  }
};
