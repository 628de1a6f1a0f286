/**
 * PHP tools: PHP's own fatal errors (`PHP Fatal error:  Uncaught X: msg in /x.php:3`, its `Stack
 * trace:` and `  thrown in /x.php on line 3`; `PHP Parse error:  … in /x.php on line 4`; without the
 * `PHP ` prefix when display_errors prints them), PHP_CodeSniffer's full report (`FILE: /x.php`, a
 * rule, `FOUND 2 ERRORS …`, a rule, then ` 12 | ERROR | msg` rows with `   |       | more` under
 * them), PHPStan's table (a rule, `  Line   src/x.php`, a rule, then `  12     msg` rows with indented
 * lines under them) and Psalm (`ERROR: InvalidReturnType - src/x.php:3:5 - msg (see https://psalm.dev/011)`
 * over the code it points at).
 */
import type { LogLine } from '../normalize.js';
import { clean, type Extractor, type Found } from './types.js';

const FATAL =
  /^(?:PHP )?(Fatal error|Parse error|Catchable fatal error|Recoverable fatal error): {1,2}(.*?)(?: in (\S+?\.(?:php|phpt|inc))(?::(\d+)| on line (\d+)))?$/;
const PHPUNIT_HEAD = /^There (?:was|were) \d+ (?:failure|error)s?:$/;
const UNCAUGHT = /^Uncaught ([\w\\]+): ([\s\S]*)$/;
const PHPCS_FILE = /^FILE: (\S.*)$/;
const PHPCS_ROW = /^ *(\d+) \| (ERROR|WARNING) \| (?:\[[ x]\] )?(.*)$/;
const PHPCS_MORE = /^ +\| +\| +(\S.*)$/;
const RULE = /^ -+ -+\s*$/;
const STAN_HEAD = /^ {2}Line {3}(\S.*)$/;
const STAN_ROW = /^ {2}(\d+) +(\S.*)$/;
const STAN_MORE = /^ {4,}(\S.*)$/;
const PSALM = /^ERROR: (\w+) - (\S+?):(\d+):\d+ - (.*)$/;

function fatal(lines: LogLine[], i: number, m: RegExpExecArray): Found {
  let end = i;
  let j = i + 1;
  if (lines[j]?.text === 'Stack trace:') {
    for (j = i + 2; j < lines.length && j <= i + 60 && /^#\d+ /.test(lines[j].text); j++) end = j;
    if (/^ {2}thrown in /.test(lines[end + 1]?.text ?? '')) end++;
  }
  const u = UNCAUGHT.exec(m[2]);
  return clean({
    tool: 'php',
    errorType: u ? u[1] : m[1],
    message: (u ? u[2] : m[2]).trim(),
    file: m[3],
    line: m[3] ? Number(m[4] ?? m[5]) : undefined,
    start: i,
    end
  });
}

/** One PHP_CodeSniffer file report: a finding per ERROR row (the first from the FILE line). */
function phpcs(lines: LogLine[], i: number, file: string, out: Found[]): number {
  let first = true;
  let j = i + 1;
  for (; j < lines.length && j <= i + 5000; j++) {
    const t = lines[j].text;
    if (t.startsWith('FILE: ') || (t.trim() === '' && j > i + 1)) break;
    const r = PHPCS_ROW.exec(t);
    if (!r) continue;
    let end = j;
    const msg = [r[3].trimEnd()];
    for (let k = j + 1; k < lines.length && k <= j + 20; k++) {
      const c = PHPCS_MORE.exec(lines[k].text);
      if (!c) break;
      msg.push(c[1].trimEnd());
      end = k;
    }
    if (r[2] === 'ERROR') {
      out.push({
        tool: 'phpcs',
        errorType: 'error',
        message: msg.join(' '),
        file,
        line: Number(r[1]),
        start: first ? i : j,
        end
      });
      first = false;
    }
    j = end;
  }
  return j - 1;
}

/** One PHPStan file table: a finding per row (the first from the table's top rule). */
function phpstan(lines: LogLine[], top: number, file: string, out: Found[]): number {
  let first = true;
  let j = top + 3;
  for (; j < lines.length && j <= top + 5000; j++) {
    const t = lines[j].text;
    if (RULE.test(t)) break;
    const r = STAN_ROW.exec(t);
    if (!r) continue;
    let end = j;
    const msg = [r[2].trimEnd()];
    for (let k = j + 1; k < lines.length && k <= j + 20; k++) {
      const c = STAN_MORE.exec(lines[k].text);
      if (!c || RULE.test(lines[k].text)) break;
      // The rule's identifier (🪪) and tips (💡) are not the message.
      if (!/^(?:🪪|💡|✏️)/u.test(c[1])) msg.push(c[1].trimEnd());
      end = k;
    }
    out.push({
      tool: 'phpstan',
      errorType: 'error',
      message: msg.join(' '),
      file,
      line: Number(r[1]),
      start: first ? top : j,
      end
    });
    first = false;
    j = end;
  }
  return j;
}

/** The php extractor (see the module comment for the formats it reads). */
export const php: Extractor = {
  tool: 'php',
  extract(lines: LogLine[]): Found[] {
    const out: Found[] = [];
    // PHPUnit's report names the failing test: a fatal error that killed one of several PHPUnit
    // processes in the same log (symfony's runner) is secondary to it.
    const phpunitReport = lines.some(l => l.text.startsWith('There w') && PHPUNIT_HEAD.test(l.text));
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i].text;
      let m: RegExpExecArray | null;
      if (!phpunitReport && t.indexOf(' error: ') > 0 && t.length < 5000 && (m = FATAL.exec(t))) {
        // Other runtimes print `Fatal error: …` too (Swift): without `PHP ` it needs a PHP file.
        if (!t.startsWith('PHP ') && !m[3]) continue;
        const f = fatal(lines, i, m);
        out.push(f);
        i = f.end;
      } else if (
        t.startsWith('FILE: ') &&
        (m = PHPCS_FILE.exec(t)) &&
        /^-+$/.test(lines[i + 1]?.text ?? '')
      ) {
        i = phpcs(lines, i, m[1].trimEnd(), out);
      } else if (
        t.startsWith(' --') &&
        RULE.test(t) &&
        (m = STAN_HEAD.exec(lines[i + 1]?.text ?? '')) &&
        RULE.test(lines[i + 2]?.text ?? '')
      ) {
        i = phpstan(lines, i, m[1].trimEnd(), out);
      } else if (t.startsWith('ERROR: ') && (m = PSALM.exec(t))) {
        // The code Psalm points at stands under the line, up to a blank line.
        let end = i;
        while (
          end + 1 < lines.length &&
          end < i + 10 &&
          lines[end + 1].text.trim() !== '' &&
          !/^(?:ERROR|INFO): /.test(lines[end + 1].text)
        )
          end++;
        const message = m[4].replace(/ \(see https?:\/\/[^\s)]+\)$/, '').trim();
        out.push({ tool: 'psalm', errorType: m[1], message, file: m[2], line: Number(m[3]), start: i, end });
        i = end;
      }
    }
    return out;
  }
};
