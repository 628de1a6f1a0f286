/** docker build: the classic builder's `returned a non-zero code` and BuildKit's `ERROR: failed to solve`. */
import type { LogLine } from '../normalize.js';
import { clean, type Extractor, type Found } from './types.js';

const CLASSIC = /^The command '(.*)' returned a non-zero code: (\d+)$/;
const STEP = /^Step \d+\/\d+ : (.*)$/;
const BUILDKIT =
  /^(?:#\d+ ERROR: |ERROR: failed to solve: |ERROR \[[^\]]+\] )(?:failed to solve: )?(?:process "(.*)" did not complete successfully: exit code: (\d+)|(.*))$/;
const BK_STEP = /^(?:#\d+ )?\[(?:[\w.-]+ )?\d+\/\d+\] (.*)$/;
const NOT_FOUND =
  /^(?:ERROR: )?(?:failed to solve: )?(.*(?:not found|pull access denied|manifest unknown|failed to compute cache key).*)$/;

/** The docker extractor (see the module comment for the formats it reads). */
export const docker: Extractor = {
  tool: 'docker',
  extract(lines: LogLine[]): Found[] {
    const out: Found[] = [];
    let step: { i: number; text: string } | undefined;
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i].text.trim();
      const s = STEP.exec(t) ?? BK_STEP.exec(t);
      if (s) {
        step = { i, text: s[1] };
        continue;
      }
      const c = t.startsWith('The command') ? CLASSIC.exec(t) : null;
      if (c) {
        out.push(
          clean({
            tool: 'docker',
            errorType: 'run-failed',
            message: t,
            file: 'Dockerfile',
            start: step?.i ?? i,
            end: i
          })
        );
        continue;
      }
      if (t.indexOf('ERROR') < 0) continue;
      const b = BUILDKIT.exec(t);
      if (b) {
        const message = b[1]
          ? `process "${b[1]}" did not complete successfully: exit code: ${b[2]}`
          : (b[3] ?? t);
        const missing = NOT_FOUND.exec(message);
        out.push(
          clean({
            tool: 'docker',
            errorType: b[1] ? 'run-failed' : missing ? 'not-found' : 'build-failed',
            message,
            file: 'Dockerfile',
            start: i,
            end: i
          })
        );
      }
    }
    return out;
  }
};
