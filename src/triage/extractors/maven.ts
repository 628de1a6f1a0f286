/** Maven and Gradle build failures that are not test results: goals, dependency resolution, `* What went wrong:`, Kotlin `e:` lines. */
import type { LogLine } from '../normalize.js';
import { clean, type Extractor, type Found } from './types.js';

const GOAL = /^\[ERROR\] Failed to execute goal (?:(\S+)(?: \(([^)]*)\))? )?on project ([\w.-]+): (.*)$/;
const KOTLIN = /^e: (?:file:\/\/)?(.+?\.kts?)(?::(\d+):(\d+)|: \((\d+), (\d+)\):) (.*)$/;

/** The maven extractor (see the module comment for the formats it reads). */
export const maven: Extractor = {
  tool: 'maven',
  extract(lines: LogLine[]): Found[] {
    const out: Found[] = [];
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i].text;
      const g = t.startsWith('[ERROR] Failed to execute goal') ? GOAL.exec(t) : null;
      if (g) {
        // "There are test failures" only points at the test report, which the test extractors read.
        if (/There (?:are|were) test failures|See .*surefire-reports/.test(g[4])) continue;
        const dep =
          /Could not resolve dependencies|Could not transfer artifact|Could not find artifact|Non-resolvable/.test(
            g[4]
          );
        out.push({
          tool: 'maven',
          errorType: dep
            ? 'dependency-resolution'
            : (g[1] ?? 'build')
                .replace(/^org\.apache\.maven\.plugins:/, '')
                .replace(/:[\d.]+(?:-\w+)?:/, ':'),
          message: g[4].trim(),
          start: i,
          end: i
        });
        continue;
      }
      if (t === '* What went wrong:') {
        const msg: string[] = [];
        let end = i;
        for (let j = i + 1; j < lines.length && j < i + 30; j++) {
          const u = lines[j].text;
          if (u.trim() === '' || u.startsWith('* ')) break;
          msg.push(u.trim());
          end = j;
        }
        const text = msg.join('\n');
        if (!text || /There were failing tests|Compilation failed; see the compiler error output/.test(text))
          continue;
        const dep = /Could not resolve|Could not find|Could not download/.test(text);
        out.push({
          tool: 'gradle',
          errorType: dep ? 'dependency-resolution' : 'build-failed',
          message: text,
          start: i,
          end
        });
        continue;
      }
      const k = t.startsWith('e: ') ? KOTLIN.exec(t) : null;
      if (k) {
        out.push(
          clean({
            tool: 'kotlinc',
            errorType: 'error',
            message: k[6].trim(),
            file: k[1],
            line: Number(k[2] ?? k[4]),
            start: i,
            end: i
          })
        );
      }
    }
    return out;
  }
};
