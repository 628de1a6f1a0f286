/**
 * JVM test runners: Maven surefire (`name  Time elapsed: .. <<< FAILURE!`), Gradle
 * (`Class > method FAILED`), Ant's junit task (`Testcase: m(Class): FAILED`), the JUnit platform
 * console summary (`MethodSource [className = .., methodName = ..]`) and sbt's junit-interface.
 */
import type { LogLine } from '../normalize.js';
import { clean, type Extractor, type Found } from './types.js';

// GitHub Actions shows Maven's `[ERROR] ` level as `Error:  ` (and `[WARNING] ` as `Warning:  `).
const PREFIX =
  /^\s*(?:\[(?:junit|junitlauncher|ERROR|INFO|WARNING|error|info)\]\s?|(?:Error|Warning): {2}(?=\S))+/;
// A name may hold spaces, brackets and parentheses (a parameterized `run[5: batch(mode=X)]`, a
// Kotlin `names with spaces`); a class may hold a CI's mask of a secret (`[secure]`, `***`).
const SUREFIRE =
  /^(?!Tests run:)(\S.*?)(?:\(([\w.$\[\]*]*)\))?\s+Time elapsed: [\d.,]+ ?s(?:ec)?\s+<<< (FAILURE|ERROR)!\s*$/;
const SUREFIRE_CLASS = /^Tests run: .* - in ([\w.$\[\]*]+)\s*$/;
// Surefire 2.11 and older write the first item on the head's own line (`Failed tests:   m(Class): msg`).
const SUMMARY_HEAD = /^(?:Failed tests|Tests in error|Failures|Errors):(?:\s*$|\s+(?=\S+\(\S+\)))/;
const SUMMARY_ITEM =
  /^\s*(?:Run \d+: )?(?:([\w$]+(?:\.[\w$]+)*)\.([\w$]+)(?::(\d+))?|([\w$]+)\(([\w.$\[\]*]+)\)|([\w$]+) on instance [\w$]+\(([\w.$\[\]*]+)\)(?:\([\w.$\[\]*]+\))?):?\s*(?:»\s*)?(.*)$/;
const GRADLE = /^(\S.*? > .+?|[\w$]+(?:\.[\w$]+){2,}) FAILED\s*$/;
const ANT_CASE = /^Testcase: (\S+?)(?:\(([\w.$]+)\))?(?::\s*(FAILED|Caused an ERROR)| took [\d.,]+ sec)\s*$/;
const ANT_SUITE = /^Testsuite: ([\w.$]+)/;
const SOURCE =
  /MethodSource \[className = '([^']+)', methodName = '([^']+)', methodParameterTypes = '([^']*)'\]/;
const SBT = /^Test ([\w.$]+) failed: (.*?)(?:, took [\d.]+ ?s(?:ec)?)?$/;
const EXC =
  /^((?:[a-z_$][\w$]*\.)+([A-Z][\w$]*)|[A-Z][\w$]*(?:Error|Exception))(?::\s?(.*)| at (\S+?):(\d+))?$/;
const FRAME = /^(?:at )?(?:[\w$/.]+\/\/)?([\w.$]+)\.([\w$<>]+)\(([\w$]+\.(?:java|kt|scala|groovy)):(\d+)\)/;

function strip(t: string): string {
  return t.replace(PREFIX, '').trim();
}

/** Exception, message and the first frame in `cls`'s file, from the lines after a failure. */
function details(
  lines: LogLine[],
  from: number,
  cls: string | undefined,
  max = 60,
  method?: string
): { errorType?: string; message?: string; file?: string; line?: number; end: number } {
  let errorType: string | undefined;
  let message: string | undefined;
  let file: string | undefined;
  let line: number | undefined;
  let end = from - 1;
  const simple = cls?.split(/[.$]/).filter(Boolean).pop();
  let frames = 0;
  for (let j = from; j < lines.length && j < from + max; j++) {
    const raw = lines[j].text;
    const t = strip(raw);
    const next =
      SUREFIRE.test(t) ||
      GRADLE.test(t) ||
      ANT_CASE.test(t) ||
      /^JUnit (?:Jupiter|Vintage|Platform)|^MethodSource \[/.test(t);
    if (j > from && (next || (j > from + 1 && errorType && /^Tests run:|^\s*$/.test(t)))) break;
    if (t === '' && !errorType) {
      end = j;
      continue;
    }
    const e = errorType === undefined ? EXC.exec(t.replace(/^=> /, '')) : null;
    if (
      e &&
      (e[3] !== undefined ||
        e[4] !== undefined ||
        /(?:Error|Exception|Failure|Failed|Throwable)\w*$/.test(e[1]))
    ) {
      errorType = e[2] ?? e[1];
      // `java.lang.AssertionError at Foo.java:82` (Gradle's short form) carries no message of its own.
      message = e[3] ?? (e[4] !== undefined ? t.replace(/^=> /, '') : '');
      if (e[4]) {
        file = e[4];
        line = Number(e[5]);
      }
      end = j;
      continue;
    }
    const f = FRAME.exec(t);
    if (f) {
      frames++;
      const inClass =
        simple !== undefined && (f[1].endsWith(`.${simple}`) || f[1] === simple || f[3].startsWith(simple));
      if (inClass && (method === undefined || f[2] === method)) {
        file = f[3];
        line = Number(f[4]);
        // The frames below the test method's own are the runner's: the evidence ends here.
        end = j;
        break;
      }
      if (inClass && !file) {
        file = f[3];
        line = Number(f[4]);
      }
      end = j;
      if (frames >= 15) break;
      continue;
    }
    if (/^\.\.\. \d+ more$|^Caused by:/.test(t)) {
      end = j;
      continue;
    }
    if (errorType === undefined && message === undefined && t !== '') {
      // Ant prints the assertion message on its own line before the exception.
      message = t;
      end = j;
      continue;
    }
    if (errorType !== undefined && message === '' && t !== '') {
      // An exception printed without a message on its line explains itself on the next one.
      message = t;
      end = j;
      continue;
    }
    if (errorType !== undefined && message !== undefined && !/^\s/.test(raw.replace(PREFIX, '')) && t !== '')
      break;
    end = j;
  }
  return { errorType, message, file, line, end: Math.max(end, from - 1) };
}

/** Whether a reported test name is `cls.method` (class possibly without its package). */
function sameTest(name: string, cls: string, method: string): boolean {
  const simpleCls = cls.split('.').pop() ?? cls;
  const n = name.replace(/\(\)$/, '');
  const old = /^([\w$]+)\(([\w.$]+)\)$/.exec(n);
  const [c, m] = old ? [old[2], old[1]] : [n.slice(0, n.lastIndexOf('.')), n.slice(n.lastIndexOf('.') + 1)];
  return m === method && (c === cls || c.endsWith(`.${simpleCls}`) || c === simpleCls);
}

/** The junit extractor (see the module comment for the formats it reads). */
export const junit: Extractor = {
  tool: 'junit',
  extract(lines: LogLine[]): Found[] {
    const out: Found[] = [];
    // Failures named only by a summary-only surefire report.
    const fromSummary = new Set<Found>();
    let suite: string | undefined;
    for (let i = 0; i < lines.length; i++) {
      const raw = lines[i].text;
      if (raw.length > 2000) continue;
      const t = strip(raw);
      const s = ANT_SUITE.exec(t);
      if (s) suite = s[1];

      let m: RegExpExecArray | null;
      const c = t.startsWith('Tests run:') ? SUREFIRE_CLASS.exec(t) : null;
      if (c) suite = c[1];
      if (t.indexOf('<<<') > 0 && (m = SUREFIRE.exec(t))) {
        // `m(pkg.Class)` (JUnit 4), `pkg.Class.m` (newer surefire), or `m()` under its class's `Tests run: .. - in pkg.Class`.
        const name = m[2] ? `${m[1]}(${m[2]})` : m[2] === '' && suite ? `${suite}.${m[1]}()` : m[1];
        const cls = m[2] || (m[2] === '' ? suite : undefined) || m[1].replace(/\.[^.]+$/, '');
        const d = details(lines, i + 1, cls, 60, m[2] !== undefined ? m[1] : m[1].split('.').pop());
        out.push(
          clean({
            tool: 'surefire',
            errorType: d.errorType,
            message: d.message ?? m[3].toLowerCase(),
            file: d.file,
            line: d.line,
            testName: name,
            start: i,
            end: d.end
          })
        );
        continue;
      }
      if (
        t.endsWith('FAILED') &&
        !t.startsWith('> Task') &&
        !/^BUILD FAILED|^Task /.test(t) &&
        (m = GRADLE.exec(t))
      ) {
        const parts = m[1].split(' > ');
        // A parameterized invocation shows its own full name as the last part.
        const last = parts[parts.length - 1];
        // So does TestNG's `Suite > Test > pkg.Class.method`.
        const fq = /^[a-z_][\w$]*(?:\.[\w$]+)+\.[^.]+$/.test(last);
        const name = parts.length > 2 && (last.includes(`${parts[0]}.`) || fq) ? last : m[1];
        const d = details(
          lines,
          i + 1,
          parts[0],
          60,
          last.replace(/\(.*$/, '').replace(/\[.*$/, '').split('.').pop()
        );
        out.push(
          clean({
            tool: 'gradle',
            errorType: d.errorType,
            message: d.message ?? 'failed',
            file: d.file,
            line: d.line,
            testName: name,
            start: i,
            end: d.end
          })
        );
        continue;
      }
      if (t.startsWith('Testcase: ') && (m = ANT_CASE.exec(t))) {
        let verdict = m[3];
        let from = i + 1;
        if (!verdict) {
          const next = strip(lines[i + 1]?.text ?? '');
          if (!/^(FAILED|Caused an ERROR)$/.test(next)) continue;
          verdict = next;
          from = i + 2;
        }
        const cls = m[2] ?? suite;
        const name = m[2] ? `${m[1]}(${m[2]})` : cls ? `${cls}.${m[1]}` : m[1];
        const d = details(lines, from, cls, 60, m[1]);
        out.push(
          clean({
            tool: 'junit',
            errorType: d.errorType,
            message: d.message ?? verdict,
            file: d.file,
            line: d.line,
            testName: name,
            start: i,
            end: d.end
          })
        );
        continue;
      }
      if (t.startsWith('MethodSource') && (m = SOURCE.exec(t))) {
        const name = `${m[1]}.${m[2]}${m[3] ? `(${m[3]})` : ''}`;
        const d = details(lines, i + 1, m[1], 30, m[2]);
        const start = i > 0 && /JUnit (?:Jupiter|Vintage)/.test(lines[i - 1].text) ? i - 1 : i;
        out.push(
          clean({
            tool: 'junit',
            errorType: d.errorType,
            message: d.message ?? 'failed',
            file: d.file,
            line: d.line,
            testName: name,
            start,
            end: d.end
          })
        );
        continue;
      }
      const head = t.indexOf(':') > 0 ? SUMMARY_HEAD.exec(t) : null;
      if (head) {
        // Surefire's summary repeats each failure in one line: more evidence for it. When the run
        // printed no report of its own for any test (a summary-only surefire), the summary names them.
        // (sbt's `[error] Failed tests:` lists classes, not tests.)
        const own =
          out.every(f => fromSummary.has(f)) &&
          !/^\s*\[error\]/.test(raw) &&
          (/^(?:Failed tests|Tests in error):/.test(t) || /^\s*(?:\[ERROR\]|Error: {2})/.test(raw));
        const inline = t.slice(head[0].length).trim() !== '';
        for (let j = inline ? i : i + 1; j < lines.length && j < i + 200; j++) {
          const u = j === i ? t.slice(head[0].length).trim() : strip(lines[j].text);
          const item = u === '' ? null : SUMMARY_ITEM.exec(u);
          if (!item) break;
          const method = item[2] ?? item[4] ?? item[6];
          const cls = item[1] ?? item[5] ?? item[7];
          const name = item[1] !== undefined ? `${cls}.${method}` : `${method}(${cls})`;
          const same = out.find(
            f => f.testName !== undefined && !fromSummary.has(f) && sameTest(f.testName, cls, method)
          );
          if (same) out.push({ ...same, start: j, end: j, more: undefined });
          // A `Class.method` item names a test with its line (`Class.method:12 msg`).
          else if (
            own &&
            (item[1] === undefined || item[3] !== undefined) &&
            !out.some(f => f.testName === name)
          ) {
            // `Class.m:217->Helper.convert:91 » OWLRuntime`: the frames, then what was thrown.
            const rest = item[8]
              .replace(/^(?:->\S+\s*)+/, '')
              .replace(/^»\s*/, '')
              .trim();
            const e = EXC.exec(rest);
            const f: Found = clean({
              tool: 'surefire',
              errorType: e ? (e[2] ?? e[1]) : undefined,
              message: (e ? e[3] : undefined) ?? (rest || 'failed'),
              testName: name,
              start: j,
              end: j
            });
            fromSummary.add(f);
            out.push(f);
          }
          i = j;
        }
        continue;
      }
      if (t.startsWith('Test ') && (m = SBT.exec(t))) {
        const e = EXC.exec(m[2]);
        out.push(
          clean({
            tool: 'junit',
            errorType: e ? (e[2] ?? e[1]) : undefined,
            message: e ? (e[3] ?? '') : m[2],
            testName: m[1],
            start: i,
            end: i
          })
        );
      }
    }
    return out;
  }
};
