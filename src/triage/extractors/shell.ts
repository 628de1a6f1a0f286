/** Shell errors: `command not found`, `No such file or directory`, `Permission denied`. */
import type { LogLine } from '../normalize.js';
import { clean, type Extractor, type Found } from './types.js';

const NOT_FOUND = /^(?:(\S+?): (?:line (\d+): )?|(?:\S+): \d+: )?(\S+): (?:command )?not found$/;
const NO_FILE = /^(?:(\S+?): )?(?:line (\d+): )?(.*?): No such file or directory$/;
const DENIED = /^(?:(\S+?): )?(?:line (\d+): )?(.*?): Permission denied$/;

/** The shell extractor (see the module comment for the formats it reads). */
export const shell: Extractor = {
  tool: 'shell',
  extract(lines: LogLine[]): Found[] {
    const out: Found[] = [];
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i].text.trim();
      if (t.endsWith('not found')) {
        const m = NOT_FOUND.exec(t);
        if (m && !/\s/.test(m[3])) {
          const script = m[1] && /\.(sh|bash)$|^\/|^bash$|^sh$|^zsh$/.test(m[1]) ? m[1] : undefined;
          out.push(
            clean({
              tool: 'shell',
              errorType: 'command-not-found',
              message: `${m[3]}: command not found`,
              file: script && !/^(bash|sh|zsh)$/.test(script) ? script : undefined,
              line: m[2] ? Number(m[2]) : undefined,
              start: i,
              end: i
            })
          );
        }
      } else if (t.endsWith('No such file or directory') || t.endsWith('Permission denied')) {
        const denied = t.endsWith('Permission denied');
        const m = (denied ? DENIED : NO_FILE).exec(t);
        if (!m) continue;
        out.push(
          clean({
            tool: 'shell',
            errorType: denied ? 'permission-denied' : 'no-such-file',
            message: t,
            start: i,
            end: i
          })
        );
      }
    }
    return out;
  }
};
