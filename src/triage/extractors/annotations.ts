/** GitHub workflow commands and markers: `::error file=..,line=..::msg` and `##[error]msg`. */
import type { LogLine } from '../normalize.js';
import { clean, type Extractor, type Found } from './types.js';

const COMMAND = /^::error(?: (.*?))?::(.*)$/;
/** Runner messages that only say that something failed, not what. */
export const GENERIC_ERROR =
  /^(?:Process completed with exit code \d+\.?|The operation was canceled\.?|The process '.*' failed with exit code \d+|Error: Process completed with exit code \d+\.?)$/;

function props(s: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of (s ?? '').split(',')) {
    const eq = p.indexOf('=');
    if (eq > 0) out[p.slice(0, eq).trim()] = p.slice(eq + 1).trim();
  }
  return out;
}

/** The annotations extractor (see the module comment for the formats it reads). */
export const annotations: Extractor = {
  tool: 'github',
  extract(lines: LogLine[]): Found[] {
    const out: Found[] = [];
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i];
      if (l.marker === 'error') {
        const msg = l.text.trim();
        if (!msg || GENERIC_ERROR.test(msg)) continue;
        out.push({ tool: 'github', message: msg, start: i, end: i });
      } else if (l.text.startsWith('::error')) {
        const m = COMMAND.exec(l.text);
        if (!m) continue;
        const p = props(m[1]);
        out.push(
          clean({
            tool: 'github',
            errorType: p.title,
            message: m[2].replace(/%0A/g, '\n').replace(/%25/g, '%').trim(),
            file: p.file,
            line: p.line ? Number(p.line) : undefined,
            start: i,
            end: i
          })
        );
      }
    }
    return out;
  }
};
