/** pytest: the FAILURES/ERRORS sections (E lines, `path:line: Type`) and the short test summary. */
import type { LogLine } from '../normalize.js';
import { clean, splitTyped, type Extractor, type Found } from './types.js';

// `-v` progress lines; pytest before 3.3 (and `console_output_style=classic`) prints no percentage.
const PROGRESS =
  /^(?:\[gw\d+\] )?(?:\[\s*\d+%\] )?(FAILED|ERROR) (\S+::\S+?)\s*$|^(\S+\.py::\S+?) (FAILED|ERROR)(?:\s+\[\s*\d+%\])?\s*$/;
// pytest before 3.x wrote `FAIL` in its short test summary.
const SUMMARY =
  /^(FAILED|FAIL|ERROR) ((?:\S+?\.py)(?:::\S+?(?:\[.*?\])?)*|\S+::\S+?(?:\[.*?\])?)(?: - (.*))?\s*$/;
const BANNER = /^={3,} ?(.*?) ?={3,}$/;
// pytest centres a title in `_`s to the terminal width: a long title keeps one or two of them, and
// older pytest none at all (` Class.test_x[a-b] `) when it is as wide as the terminal.
const SECTION = /^_+ (.+?) _+$/;
const SECTION_WIDE = /^_* ([\w.:/-]+(?:\[.*\])?) _*$/;
const COVERAGE = /^-{3,} coverage: .* -{3,}$/;
const E_LINE = /^E {1,}(.*)$/;
const LOC = /^(\S[^:]*?\.py):(\d+): ?(.*)$/;

interface Section {
  title: string;
  /** Under the FAILURES banner (not ERRORS). */
  failure?: boolean;
  start: number;
  end: number;
  errorType?: string;
  message?: string;
  file?: string;
  line?: number;
  focus?: number;
}

function parseSection(lines: LogLine[], s: Section): void {
  let firstE: string | undefined;
  let typedE: { errorType?: string; message: string } | undefined;
  let loc: { file: string; line: number; type?: string } | undefined;
  for (let i = s.start + 1; i <= s.end; i++) {
    const t = lines[i].text;
    const e = E_LINE.exec(t);
    if (e) {
      s.focus = i;
      const body = e[1].trim();
      if (firstE === undefined && body) firstE = body;
      // With chained exceptions the last one raised is the failure (as the summary line says).
      const st = splitTyped(body);
      if (st.errorType) typedE = st;
      continue;
    }
    const l = LOC.exec(t);
    if (l && !t.startsWith(' ')) {
      const rest = l[3].trim();
      // `path:12: NameError` ends a failure; `path:3: in <module>` is a frame of a collection error.
      const type = /^([A-Za-z_][\w.]*)(?::|$)/.exec(rest)?.[1];
      loc = { file: l[1], line: Number(l[2]), type: type && type !== 'in' ? type : loc?.type };
      s.focus = i;
      if (!typedE && /: /.test(rest) && !rest.startsWith('in ')) {
        const st = splitTyped(rest);
        if (st.errorType) typedE = st;
      }
    }
  }
  if (typedE) {
    s.errorType = typedE.errorType;
    s.message = typedE.message;
  } else if (firstE) {
    s.message = firstE;
    s.errorType = loc?.type;
  }
  if (loc) {
    s.file = loc.file;
    s.line = loc.line;
    if (!s.errorType && loc.type) s.errorType = loc.type;
  }
}

// A title with no path: `test_f`, `TestK.test_m`, `Outer.Inner.test_p[a.b c]`.
const BARE_TITLE = /^((?:[A-Za-z_]\w*\.)*)([A-Za-z_]\w*)(\[.*\])?$/;
// Non-verbose progress: `tests/test_x.py ..F.s [ 40%]`, a long run of a file going on below it.
const FILE_PROGRESS = /^(\S+\.py) ([.FEsxXR]+)(?:\s+\[\s*\d+%\])?\s*$/;
const MORE_PROGRESS = /^([.FEsxXR]+)(?:\s+\[\s*\d+%\])?\s*$/;

/**
 * A failure section's node id when its title has no path (pytest titles a section with the test's
 * name inside its module: `TestK.test_m`, `[doctest] pkg.mod.f`), from what the log shows, else the
 * bare title:
 * - the file of the progress line the failure's `F` is on (`tests/test_x.py .F.`), given when the
 *   run's `F`s and its failure sections are as many (each section in the order of its `F`);
 * - else the file of the test's own frame: `--tb=short` opens with `path:12: in test_m`; the long
 *   format's first entry is the test function's source (`def test_m(`) down to its `path:12: `
 *   line, when the path is relative (a file outside the working directory shows absolute).
 * Never a module the log does not show.
 */
function sectionNodeId(lines: LogLine[], s: Section, progressFile: string | undefined): string {
  const doctest = /^\[doctest\] ([\w.]+)$/.exec(s.title);
  if (doctest) return progressFile ? `${progressFile}::${doctest[1]}` : s.title;
  const m = BARE_TITLE.exec(s.title);
  if (!m) return s.title;
  const owners = m[1] ? m[1].slice(0, -1).split('.') : [];
  const method = m[2];
  const id = (file: string): string => [file, ...owners, method + (m[3] ?? '')].join('::');
  if (progressFile) return id(progressFile);
  const def = new RegExp(`^\\s*(?:async\\s+)?def ${method}\\(`);
  let sawDef = false;
  for (let i = s.start + 1; i <= s.end; i++) {
    const t = lines[i].text;
    if (/^_ _ /.test(t)) break; // the long format's next entry: the test's frame is the first
    const l = LOC.exec(t);
    if (l && !t.startsWith(' ')) {
      // An absolute path (a file outside the working directory) is no node id's.
      return !l[1].startsWith('/') && (sawDef || l[3].trim() === `in ${method}`) ? id(l[1]) : s.title;
    }
    if (def.test(t)) sawDef = true;
  }
  return s.title;
}

/** The first line of a section's text below its title, trimmed. */
function firstText(lines: LogLine[], s: Section): string | undefined {
  for (let i = s.start + 1; i <= s.end; i++) if (lines[i].text.trim() !== '') return lines[i].text.trim();
  return undefined;
}

/** `test_m` / `TestK.test_m` / `test_p[2]` from a section title, matched against a node id. */
function sectionMatches(title: string, nodeid: string): boolean {
  const t = title.replace(/^ERROR (?:collecting|at \w+ of) /, '');
  if (t === nodeid) return true;
  const tail = nodeid.split('::').slice(1).join('.');
  return tail === t || nodeid.endsWith(`::${t}`) || (tail !== '' && t.endsWith(tail));
}

/** The pytest extractor (see the module comment for the formats it reads). */
export const pytest: Extractor = {
  tool: 'pytest',
  extract(lines: LogLine[]): Found[] {
    const sections: Section[] = [];
    const summaries: { i: number; kind: string; nodeid: string; rest?: string }[] = [];
    const progress: { i: number; kind: string; nodeid: string }[] = [];
    let inReport = false;
    let inFailures = false;
    let current: Section | undefined;
    // One file per `F` of the non-verbose progress lines, in order.
    const progressFiles: string[] = [];
    let progressFile: string | undefined;
    const close = (end: number): void => {
      if (current) {
        current.end = end;
        parseSection(lines, current);
        sections.push(current);
        current = undefined;
      }
    };
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i].text;
      const b = t.charCodeAt(0) === 61 /* = */ ? BANNER.exec(t) : null;
      if (b) {
        close(i - 1);
        inReport = /^(FAILURES|ERRORS)$/.test(b[1]);
        inFailures = b[1] === 'FAILURES';
        progressFile = undefined;
        continue;
      }
      if (inReport) {
        // pytest-cov's report follows the last section under its own dashed header.
        if (t.startsWith('---') && COVERAGE.test(t)) {
          close(i - 1);
          inReport = false;
          continue;
        }
        const s =
          t.charCodeAt(0) === 95 /* _ */
            ? SECTION.exec(t)
            : t.charCodeAt(0) === 32 && t.length >= 60
              ? SECTION_WIDE.exec(t)
              : null;
        if (s && !/^_ _ /.test(t)) {
          close(i - 1);
          current = { title: s[1], start: i, end: i, failure: inFailures && !/^ERROR /.test(s[1]) };
        }
        continue;
      }
      const fp = t.indexOf('.py ') > 0 ? FILE_PROGRESS.exec(t) : null;
      const more = fp ? null : progressFile !== undefined ? MORE_PROGRESS.exec(t) : null;
      if (fp || more) {
        if (fp) progressFile = fp[1];
        for (const c of fp ? fp[2] : more![1]) if (c === 'F') progressFiles.push(progressFile!);
        continue;
      }
      progressFile = undefined;
      if (t.startsWith('FAIL') || t.startsWith('ERROR ')) {
        const m = SUMMARY.exec(t);
        if (m) {
          summaries.push({ i, kind: m[1], nodeid: m[2], rest: m[3] });
          continue;
        }
      }
      if (t.indexOf('FAILED') >= 0 || t.indexOf('ERROR') >= 0) {
        // Verbose progress lines name failed tests too (the only place when -r is off).
        const p = PROGRESS.exec(t.trim());
        if (p) progress.push({ i, kind: p[1] ?? p[4], nodeid: p[2] ?? p[3] });
      }
    }
    close(lines.length - 1);
    const named = new Set(summaries.map(s => s.nodeid));
    for (const p of progress) {
      if (named.has(p.nodeid)) continue;
      named.add(p.nodeid);
      summaries.push(p);
    }

    const failed = sections.filter(x => x.failure);
    const fileOf = new Map(
      failed.length === progressFiles.length ? failed.map((x, k) => [x, progressFiles[k]]) : []
    );

    const out: Found[] = [];
    const used = new Set<Section>();
    for (const s of summaries) {
      const sec = sections.find(x => !used.has(x) && sectionMatches(x.title, s.nodeid));
      if (sec) used.add(sec);
      const fromSummary = s.rest !== undefined ? splitTyped(s.rest.trim()) : undefined;
      // The summary line is cut to the terminal width; the section's E line is whole.
      const message = sec?.message ?? fromSummary?.message ?? `${s.kind === 'ERROR' ? 'error' : 'failed'}`;
      const errorType = sec?.errorType ?? fromSummary?.errorType;
      const file = sec?.file ?? s.nodeid.split('::')[0];
      out.push(
        clean({
          tool: 'pytest',
          errorType,
          message,
          file,
          line: sec?.line,
          testName: s.nodeid,
          start: sec ? sec.start : s.i,
          end: sec ? sec.end : s.i,
          focus: sec?.focus
        })
      );
    }
    for (const sec of sections) {
      // A doctest's section holds no `E` line: its `path:3: DocTestFailure` says what failed.
      const collecting = /^ERROR collecting (.+)$/.exec(sec.title);
      // A collection error is one whether or not it shows an `E` line (`import file mismatch:` is
      // plain text); a doctest's section holds none, its `path:3: DocTestFailure` says what failed.
      const message =
        sec.message ??
        (collecting ? firstText(lines, sec) : sec.title.startsWith('[doctest] ') ? sec.errorType : undefined);
      if (used.has(sec) || !message) continue;
      out.push(
        clean({
          tool: 'pytest',
          errorType: sec.errorType,
          message,
          file: sec.file,
          line: sec.line,
          // A collection error's node id is the module's path.
          testName: collecting
            ? collecting[1]
            : /^ERROR /.test(sec.title)
              ? undefined
              : sectionNodeId(lines, sec, fileOf.get(sec)),
          start: sec.start,
          end: sec.end,
          focus: sec.focus
        })
      );
    }
    return out;
  }
};
