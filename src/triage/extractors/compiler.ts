/**
 * Compiler diagnostics in the common `file:line[:col]: error: message` form (gcc, clang, javac,
 * ghc, erlc, swiftc, ...) and MSBuild's `file(line,col): error CS0103: message`.
 */
import type { LogLine } from '../normalize.js';
import { clean, type Extractor, type Found } from './types.js';

const GNU =
  /^(?:\[ERROR\] )?((?:[A-Za-z]:)?[^\s:()'"]*[\w)]\.[A-Za-z+]{1,6}):(\d+):(?:(\d+):)? (fatal error|error|Error)(?: \[[^\]]*\])?: ?(.*)$/;
const GNU_WARNING =
  /^((?:[A-Za-z]:)?[^\s:()'"]*[\w)]\.[A-Za-z+]{1,6}):(\d+):(?:(\d+):)? [Ww]arning(?: \[[^\]]*\])?: ?(.*)$/;
const MAVEN_JAVAC = /^\[ERROR\] ((?:[A-Za-z]:)?\S+?\.(?:java|kt|scala|groovy)):\[(\d+),(\d+)\] (.*)$/;
const SBT = /^\[error\] ((?:[A-Za-z]:)?\S+?\.(?:scala|java|kt)):(\d+):(?:(\d+):)? (.*)$/;
const LINT_UNIX = /^\s*((?:[A-Za-z]:)?[^\s:]+\.(?:js|jsx|mjs|cjs|ts|tsx|vue)):(\d+):(\d+): (.+)$/;
const MSBUILD =
  /^\s*((?:[A-Za-z]:)?[^\s(][^(]*?\.\w{1,6})\((\d+),(\d+)\): (?:fatal )?error ([A-Z]+\d+): (.*?)(?: \[[^\]]+\])?$/;

const TOOL_BY_EXT: Record<string, string> = {
  java: 'javac',
  kt: 'kotlinc',
  scala: 'scalac',
  c: 'gcc',
  h: 'gcc',
  cc: 'gcc',
  cpp: 'gcc',
  cxx: 'gcc',
  hpp: 'gcc',
  m: 'clang',
  mm: 'clang',
  hs: 'ghc',
  erl: 'erlc',
  hrl: 'erlc',
  swift: 'swiftc',
  go: 'go-build',
  cs: 'dotnet',
  fs: 'dotnet',
  vb: 'dotnet'
};

/** The compiler extractor (see the module comment for the formats it reads). */
export const compiler: Extractor = {
  tool: 'compiler',
  extract(lines: LogLine[]): Found[] {
    const out: Found[] = [];
    // With -Werror (gcc/clang) or GHC's `Failing due to -Werror`, warnings are what failed the build.
    const werror = lines.some(l =>
      /Failing due to -Werror|warnings being treated as errors|\[-Werror[=,\]]/.test(l.text)
    );
    let lintBlock: string | undefined;
    let banner: number | undefined;
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i].text;
      if (t.length > 4000) continue;
      if (werror && /warning/i.test(t)) {
        const w = GNU_WARNING.exec(t.trim());
        if (w) {
          let end = i;
          while (end + 1 < lines.length && end < i + 8 && /^\s+\S/.test(lines[end + 1].text)) end++;
          out.push({
            tool: TOOL_BY_EXT[w[1].split('.').pop()!.toLowerCase()] ?? 'compiler',
            errorType: 'warning',
            message: (w[4].trim() || lines[i + 1]?.text.trim()) ?? '',
            file: w[1],
            line: Number(w[2]),
            start: i,
            end
          });
          continue;
        }
      }
      if (!/error/i.test(t)) {
        // A linter's `file:line:col: message` block (standard, eslint -f unix) under its banner.
        const u = lintBlock && LINT_UNIX.exec(t);
        if (u) {
          // The banner (`standard: Use JavaScript Standard Style`) belongs to the first finding.
          out.push({
            tool: lintBlock!,
            message: u[4].trim(),
            file: u[1],
            line: Number(u[2]),
            start: banner ?? i,
            end: i
          });
          banner = undefined;
        } else if (/^(\w[\w-]*): Use JavaScript Standard Style/.test(t)) {
          lintBlock = 'standard';
          banner = i;
        } else if (lintBlock && t.trim() !== '' && !/^\w[\w-]*: /.test(t) && !LINT_UNIX.test(t))
          lintBlock = undefined;
        continue;
      }
      let m = t.startsWith('[error] ') ? SBT.exec(t) : null;
      if (m) {
        // scalac through sbt: the code line and caret follow, each with its own `[error]`.
        let end = i;
        while (
          end + 1 < lines.length &&
          end < i + 3 &&
          /^\[error\] (?!\S+\.\w+:\d+)/.test(lines[end + 1].text) &&
          !/^\[error\] \(|^\[error\] Total time|^\[error\] \w+ errors? found/.test(lines[end + 1].text)
        )
          end++;
        // sbt's `[error] N errors found`, `[error] (project / Compile / task) Compilation failed` and the
        // `[error] Total time: 304 s, completed …` it ends a failed command with close the report.
        while (
          end + 1 < lines.length &&
          end < i + 6 &&
          /^\[error\] (?:\w+ errors? found|\([^)]*\) |Total time: )/.test(lines[end + 1].text)
        )
          end++;
        out.push({
          tool: 'scalac',
          errorType: 'error',
          message: m[4].trim(),
          file: m[1],
          line: Number(m[2]),
          start: i,
          end
        });
        continue;
      }
      m = MSBUILD.exec(t);
      if (m) {
        out.push({
          tool: 'dotnet',
          errorType: m[4],
          message: m[5].trim(),
          file: m[1].trim(),
          line: Number(m[2]),
          start: i,
          end: i
        });
        continue;
      }
      m = MAVEN_JAVAC.exec(t);
      if (m) {
        // javac's `symbol:` / `location:` lines under it, indented (or `[ERROR]   symbol:` in the footer).
        let end = i;
        while (end + 1 < lines.length && end < i + 10 && /^\s+\S|^\[ERROR\] {2,}\S/.test(lines[end + 1].text))
          end++;
        out.push({
          tool: 'maven',
          errorType: 'compilation',
          message: m[4].trim(),
          file: m[1],
          line: Number(m[2]),
          start: i,
          end
        });
        continue;
      }
      m = GNU.exec(t.trim());
      if (!m) continue;
      const ext = m[1].split('.').pop()!.toLowerCase();
      if (ext === 'ts' || ext === 'tsx' || ext === 'py' || ext === 'rs') continue; // tsc, python and rustc have their own
      // The code frame and notes under the diagnostic belong to it.
      let end = i;
      while (
        end + 1 < lines.length &&
        end < i + 30 &&
        /^\s+\S|^\s*\d+ \||^\s*\|/.test(lines[end + 1].text) &&
        !GNU.test(lines[end + 1].text.trim())
      )
        end++;
      // clang prints the source line unindented with a caret line under it, then `N errors generated.`
      if (end === i && lines[i + 2] && /^\s*\^[~^]*\s*$/.test(lines[i + 2].text)) end = i + 2;
      if (lines[end + 1] && /^\d+ errors? generated\.$/.test(lines[end + 1].text.trim())) end++;
      let message = m[5].trim();
      if (message === '' && end > i) message = lines[i + 1].text.trim();
      out.push(
        clean({
          tool: TOOL_BY_EXT[ext] ?? 'compiler',
          errorType: m[4].toLowerCase(),
          message,
          file: m[1],
          line: Number(m[2]),
          start: i,
          end
        })
      );
    }
    return out;
  }
};
