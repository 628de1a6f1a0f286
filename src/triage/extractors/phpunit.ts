/** PHPUnit: `There was 1 failure:` then numbered `1) Class::method` reports with the failing file line. */
import type { LogLine } from '../normalize.js';
import { clean, splitTyped, type Extractor, type Found } from './types.js';

const HEAD = /^There (?:was|were) \d+ (failure|error|warning|risky test)s?:$/;
const ITEM = /^(\d+)\) (\S+::\S+.*)$/;

/** The phpunit extractor (see the module comment for the formats it reads). */
export const phpunit: Extractor = {
  tool: 'phpunit',
  extract(lines: LogLine[]): Found[] {
    const out: Found[] = [];
    for (let i = 0; i < lines.length; i++) {
      const h = HEAD.exec(lines[i].text.trim());
      if (!h || h[1] === 'warning' || h[1] === 'risky test') continue;
      let j = i + 1;
      while (j < lines.length && j < i + 5000) {
        const t = lines[j].text;
        if (/^(?:FAILURES!|ERRORS!|There (?:was|were) \d+ )|^--$/.test(t.trim())) break;
        const m = ITEM.exec(t.trim());
        if (!m) {
          j++;
          continue;
        }
        const start = j;
        let end = j;
        const msg: string[] = [];
        let loc: { file: string; line: number } | undefined;
        for (j = j + 1; j < lines.length && j < start + 300; j++) {
          const u = lines[j].text.trim();
          if (ITEM.test(u) || /^(?:FAILURES!|ERRORS!|There (?:was|were) \d+ )/.test(u)) break;
          if (u === '') continue;
          const f = /^(\S+\.php):(\d+)$/.exec(u);
          if (f) {
            if (!loc && !/\/vendor\//.test(f[1])) loc = { file: f[1], line: Number(f[2]) };
          } else if (!loc && msg.length < 10) msg.push(u);
          end = j;
        }
        const st = splitTyped(msg.join('\n'));
        out.push(
          clean({
            tool: 'phpunit',
            errorType: st.errorType ?? (h[1] === 'failure' ? 'failure' : 'error'),
            message: st.message || h[1],
            file: loc?.file,
            line: loc?.line,
            testName: m[2].trim(),
            start,
            end
          })
        );
      }
      i = j - 1;
    }
    return out;
  }
};
