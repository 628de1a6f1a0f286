/**
 * Test accounting: from the output of one test run, the tests that ran, passed, failed, errored and
 * were skipped, as the runner names them, and the runner's own totals. Nothing is guessed: a runner
 * whose output says nothing countable gives `readable: false` and a note saying so.
 */
import { stripAnsi } from '../triage/ansi.js';

export type TestStatus = 'passed' | 'failed' | 'errored' | 'skipped' | 'xfailed';

export interface Counts {
  passed: number;
  failed: number;
  errored: number;
  skipped: number;
}

export interface TestAccount {
  /** The runners recognised in the output (pytest, unittest, jest, vitest, mocha, node:test, go, cargo, junit). */
  runners: string[];
  /** Test id -> its status, for the tests the output names one by one. */
  tests: Map<string, TestStatus>;
  /** The totals the runners printed (summed over runners and packages). */
  counts: Counts;
  /** False when no runner's totals could be read: the run proves nothing by itself. */
  readable: boolean;
  /** Collection errors, "no tests ran", and the like: a run that did not really test. */
  problems: string[];
}

const zero = (): Counts => ({ passed: 0, failed: 0, errored: 0, skipped: 0 });

function add(c: Counts, k: keyof Counts, n: number): void {
  c[k] += Number.isFinite(n) ? n : 0;
}

/** `2 failed, 3 passed, 1 skipped` style totals → counts (pytest's words). */
function pytestTotals(text: string, c: Counts): void {
  for (const m of text.matchAll(
    /(\d+) (passed|failed|errors?|skipped|xfailed|xpassed|deselected|warnings?)/g
  )) {
    const n = Number(m[1]);
    const w = m[2];
    if (w === 'passed' || w === 'xpassed') add(c, 'passed', n);
    else if (w === 'failed') add(c, 'failed', n);
    else if (w.startsWith('error')) add(c, 'errored', n);
    else if (w === 'skipped' || w === 'xfailed' || w === 'deselected') add(c, 'skipped', n);
  }
}

const PYTEST_STATUS: Record<string, TestStatus> = {
  PASSED: 'passed',
  FAILED: 'failed',
  ERROR: 'errored',
  SKIPPED: 'skipped',
  XFAIL: 'xfailed',
  XPASS: 'passed'
};

interface Parser {
  name: string;
  /** Reads the lines; true when this runner's totals were found. */
  read(lines: string[], acc: TestAccount): boolean;
}

const pytest: Parser = {
  name: 'pytest',
  read(lines, acc) {
    let found = false;
    for (const l of lines) {
      // `-v`: `tests/test_a.py::test_x PASSED [ 50%]`
      let m = /^(\S+\.py::\S+?(?:\[.*?\])?) (PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS)\b/.exec(l);
      if (m) {
        acc.tests.set(m[1], PYTEST_STATUS[m[2]]);
        continue;
      }
      // `-rA` / default short summary: `FAILED tests/test_a.py::test_x - AssertionError`
      m = /^(PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS) (\S+?\.py(?:::\S+?(?:\[.*?\])?)?)(?: - .*)?\s*$/.exec(
        l
      );
      if (m) {
        if (m[1] === 'ERROR' && !m[2].includes('::')) acc.problems.push(`pytest could not collect ${m[2]}`);
        acc.tests.set(m[2], PYTEST_STATUS[m[1]]);
        continue;
      }
      // The closing totals, with or without the `===` banner (`-q`).
      m =
        /^=*\s*((?:\d+ (?:passed|failed|errors?|skipped|xfailed|xpassed|deselected|warnings?)(?:, )?)+) in [\d.]+s/.exec(
          l
        );
      if (m) {
        const c = zero();
        pytestTotals(m[1], c);
        for (const k of Object.keys(c) as (keyof Counts)[]) add(acc.counts, k, c[k]);
        found = true;
        continue;
      }
      if (/^=+ no tests ran in [\d.]+s/.test(l) || /^no tests ran in [\d.]+s/.test(l)) {
        acc.problems.push('pytest: no tests ran');
        found = true;
      }
      if (/^=+ ERRORS =+$/.test(l) || /^_+ ERROR collecting (\S+) _+$/.test(l)) {
        const c = /ERROR collecting (\S+)/.exec(l);
        if (c) acc.problems.push(`pytest could not collect ${c[1]}`);
      }
    }
    return found;
  }
};

const unittest: Parser = {
  name: 'unittest',
  read(lines, acc) {
    let ran = -1;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i];
      // verbose: `test_x (pkg.mod.Class.test_x) ... ok`
      const v =
        /^(\w+) \(([\w.]+)\)(?: \.\.\.|\n)? ?\.\.\. (ok|FAIL|ERROR|skipped|expected failure|unexpected success)/.exec(
          l
        );
      if (v) {
        const id = v[2].endsWith(`.${v[1]}`) ? v[2] : `${v[2]}.${v[1]}`;
        const s = v[3];
        acc.tests.set(
          id,
          s === 'ok' || s === 'unexpected success'
            ? 'passed'
            : s === 'FAIL'
              ? 'failed'
              : s === 'ERROR'
                ? 'errored'
                : s === 'skipped'
                  ? 'skipped'
                  : 'xfailed'
        );
        continue;
      }
      const f = /^(FAIL|ERROR): (\w+) \(([\w.]+)\)/.exec(l);
      if (f) {
        const id = f[3].endsWith(`.${f[2]}`) ? f[3] : `${f[3]}.${f[2]}`;
        acc.tests.set(id, f[1] === 'FAIL' ? 'failed' : 'errored');
        continue;
      }
      const r = /^Ran (\d+) tests? in [\d.]+s/.exec(l);
      if (r) ran = Number(r[1]);
    }
    if (ran < 0) return false;
    // `OK`, `OK (skipped=1)`, `FAILED (failures=1, errors=2, skipped=1)` follow `Ran N tests`.
    const verdict = lines.find(l => /^(OK|FAILED)\b/.test(l)) ?? '';
    const get = (k: string): number => Number(new RegExp(`${k}=(\\d+)`).exec(verdict)?.[1] ?? 0);
    const failed = get('failures');
    const errored = get('errors');
    const skipped = get('skipped') + get('expected failures');
    add(acc.counts, 'failed', failed);
    add(acc.counts, 'errored', errored);
    add(acc.counts, 'skipped', skipped);
    add(acc.counts, 'passed', Math.max(0, ran - failed - errored - skipped));
    if (ran === 0) acc.problems.push('unittest: ran 0 tests');
    return true;
  }
};

/** jest and vitest: `Tests: 1 failed, 1 skipped, 3 passed, 5 total` / `Tests  1 failed | 3 passed (4)`. */
const jestLike: Parser = {
  name: 'jest',
  read(lines, acc) {
    let found = false;
    for (const l of lines) {
      const t = l.trim();
      const j = /^Tests:\s+(.*\d+ total)$/.exec(t);
      const v = /^Tests\s+(.*)\(\d+\)$/.exec(t);
      if (j || v) {
        const body = (j ?? v)![1];
        for (const m of body.matchAll(/(\d+) (passed|failed|skipped|todo|pending)/g)) {
          const n = Number(m[1]);
          add(acc.counts, m[2] === 'passed' ? 'passed' : m[2] === 'failed' ? 'failed' : 'skipped', n);
        }
        found = true;
        if (v && !acc.runners.includes('vitest')) acc.runners.push('vitest');
        continue;
      }
      // verbose per-test lines: `✓ adds (3 ms)`, `✕ subtracts`, `○ skipped name`, vitest `× name`
      const p = /^(✓|√|✕|×|○|↓) (.+?)(?: \(\d+(?:\.\d+)? ?m?s\))?$/.exec(t);
      if (p) {
        const s: TestStatus =
          p[1] === '✓' || p[1] === '√' ? 'passed' : p[1] === '○' || p[1] === '↓' ? 'skipped' : 'failed';
        acc.tests.set(p[2].replace(/^skipped /, ''), s);
        continue;
      }
      const f = /^● (.+?) › (.+)$/.exec(t);
      if (f && !/Test suite failed to run/.test(t)) acc.tests.set(`${f[1]} › ${f[2]}`, 'failed');
      if (/Test suite failed to run/.test(t)) acc.problems.push('jest: a test suite failed to run');
      if (/^No tests found/.test(t)) {
        acc.problems.push('jest: no tests found');
        found = true;
      }
    }
    return found;
  }
};

const mocha: Parser = {
  name: 'mocha',
  read(lines, acc) {
    let found = false;
    for (const l of lines) {
      const m = /^\s+(\d+) (passing|failing|pending)(?: \(\d+(?:\.\d+)?\s*(?:ms|s|m|h)\))?\s*$/.exec(l);
      if (!m) continue;
      add(
        acc.counts,
        m[2] === 'passing' ? 'passed' : m[2] === 'failing' ? 'failed' : 'skipped',
        Number(m[1])
      );
      found = true;
    }
    return found;
  }
};

/** node:test, TAP (`# pass 4`) or spec (`ℹ pass 4`) totals, and `ok`/`not ok` lines. */
const nodeTest: Parser = {
  name: 'node:test',
  read(lines, acc) {
    let found = false;
    for (const l of lines) {
      const t = /^(?:#|ℹ) (tests|pass|fail|skipped|todo|cancelled) (\d+)$/.exec(l.trim());
      if (t) {
        const n = Number(t[2]);
        if (t[1] === 'pass') add(acc.counts, 'passed', n);
        else if (t[1] === 'fail') add(acc.counts, 'failed', n);
        else if (t[1] === 'cancelled') add(acc.counts, 'errored', n);
        else if (t[1] !== 'tests') add(acc.counts, 'skipped', n);
        found = true;
        continue;
      }
      const o = /^\s*(ok|not ok) \d+ - (.+?)(?: # (SKIP|TODO)\b.*)?$/.exec(l);
      if (o) acc.tests.set(o[2], o[3] ? 'skipped' : o[1] === 'ok' ? 'passed' : 'failed');
    }
    return found;
  }
};

/** go test: `-json` events, or `--- PASS/FAIL/SKIP: TestX` with `-v`, and package verdicts. */
const goTest: Parser = {
  name: 'go',
  read(lines, acc) {
    let found = false;
    const c = zero();
    for (const l of lines) {
      if (l.startsWith('{') && l.includes('"Action"')) {
        try {
          const e = JSON.parse(l) as { Action?: string; Test?: string; Package?: string };
          if (e.Test && (e.Action === 'pass' || e.Action === 'fail' || e.Action === 'skip')) {
            const s: TestStatus = e.Action === 'pass' ? 'passed' : e.Action === 'fail' ? 'failed' : 'skipped';
            acc.tests.set(`${e.Package ?? ''}.${e.Test}`, s);
            add(c, s === 'passed' ? 'passed' : s === 'failed' ? 'failed' : 'skipped', 1);
            found = true;
          }
        } catch {
          // not an event line
        }
        continue;
      }
      const m = /^\s*--- (PASS|FAIL|SKIP): (\S+) \(/.exec(l);
      if (m) {
        const s: TestStatus = m[1] === 'PASS' ? 'passed' : m[1] === 'FAIL' ? 'failed' : 'skipped';
        acc.tests.set(m[2], s);
        add(c, s === 'passed' ? 'passed' : s === 'failed' ? 'failed' : 'skipped', 1);
        found = true;
      }
    }
    for (const k of Object.keys(c) as (keyof Counts)[]) add(acc.counts, k, c[k]);
    return found;
  }
};

/** cargo test: `test a::b ... ok|FAILED|ignored` and `test result: ok. 3 passed; 1 failed; 2 ignored`. */
const cargo: Parser = {
  name: 'cargo',
  read(lines, acc) {
    let found = false;
    for (const l of lines) {
      const t = /^test (\S+) \.\.\. (ok|FAILED|ignored)/.exec(l);
      if (t) {
        acc.tests.set(t[1], t[2] === 'ok' ? 'passed' : t[2] === 'FAILED' ? 'failed' : 'skipped');
        continue;
      }
      const r =
        /^test result: \w+\. (\d+) passed; (\d+) failed; (\d+) ignored;(?: \d+ measured;)? (\d+) filtered out/.exec(
          l
        );
      if (r) {
        add(acc.counts, 'passed', Number(r[1]));
        add(acc.counts, 'failed', Number(r[2]));
        add(acc.counts, 'skipped', Number(r[3]) + Number(r[4]));
        found = true;
      }
    }
    return found;
  }
};

/** Maven Surefire / Gradle console totals: `Tests run: 5, Failures: 1, Errors: 0, Skipped: 1`. */
const surefire: Parser = {
  name: 'junit',
  read(lines, acc) {
    // The last `Results:` block's totals stand for the whole module; per-class lines come before.
    let last: RegExpExecArray | null = null;
    for (const l of lines) {
      const m = /Tests run: (\d+), Failures: (\d+), Errors: (\d+), Skipped: (\d+)(?!, Time)/.exec(l);
      if (m) last = m;
    }
    if (!last) return false;
    const [run, f, e, s] = last.slice(1).map(Number);
    add(acc.counts, 'failed', f);
    add(acc.counts, 'errored', e);
    add(acc.counts, 'skipped', s);
    add(acc.counts, 'passed', Math.max(0, run - f - e - s));
    return true;
  }
};

const PARSERS: Parser[] = [pytest, unittest, jestLike, mocha, nodeTest, goTest, cargo, surefire];

/** The test accounting of one run's output. `replaced`: runners whose tests and totals come from elsewhere (their reports): only their problems are kept. */
export function accountTests(output: string, replaced: ReadonlySet<string> = new Set()): TestAccount {
  const lines = stripAnsi(output).replace(/\r\n?/g, '\n').split('\n');
  const acc: TestAccount = { runners: [], tests: new Map(), counts: zero(), readable: false, problems: [] };
  for (const p of PARSERS) {
    if (replaced.has(p.name)) {
      const scratch: TestAccount = { ...acc, runners: [], tests: new Map(), counts: zero(), problems: [] };
      p.read(lines, scratch);
      acc.problems.push(...scratch.problems);
      continue;
    }
    const seen = new Set(acc.tests.keys());
    if (p.read(lines, acc)) {
      acc.runners.push(p.name);
      acc.readable = true;
    } else {
      // Per-test lines without the runner's totals are not trusted (a `✓` in a build log is not a test).
      for (const id of [...acc.tests.keys()]) if (!seen.has(id)) acc.tests.delete(id);
    }
  }
  return acc;
}

/** A machine-readable report of a run (the sandbox's RunReport): JUnit XML and who wrote it. */
export interface ReportInput {
  file: string;
  kind: 'pytest' | 'surefire' | 'gradle' | 'go-json';
  text: string;
}

const ENTITIES: Record<string, string> = { quot: '"', apos: "'", lt: '<', gt: '>', amp: '&' };

function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|quot|apos|lt|gt|amp);/g, (m, e: string) => {
    if (!e.startsWith('#')) return ENTITIES[e];
    const n = e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1));
    return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : m;
  });
}

function xmlAttr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  return m ? unescapeXml(m[1] ?? m[2]) : undefined;
}

/**
 * pytest's node id of a JUnit test case, as its console names it (`tests/test_a.py::T::test_x[1]`):
 * pytest writes `classname` as the node id's path with `/` -> `.` and `.py` dropped, then its classes,
 * and `file` (junit_family=xunit1) as the file. Without a file that fits, a console id that does, else
 * `classname.name`.
 */
function pytestNodeId(
  cls: string,
  name: string,
  file: string | undefined,
  hints: ReadonlySet<string>
): string {
  const full = cls ? `${cls}.${name}` : name;
  // A module that failed to collect: pytest writes no class and the dotted module as the name
  // (`tests.test_a`): its id is the file, as the console's `ERROR tests/test_a.py` names it.
  if (!cls && /^\w+(\.\w+)*$/.test(name)) return `${name.replace(/\./g, '/')}.py`;
  const fit = (path: string): string | undefined => {
    const mod = path.replace(/\.py$/, '').replace(/\//g, '.');
    if (full === mod) return path;
    if (!cls.startsWith(mod) || (cls !== mod && cls[mod.length] !== '.')) return undefined;
    const classes = cls.slice(mod.length + 1);
    return [path, ...(classes ? classes.split('.') : []), name].join('::');
  };
  if (file && /\.py$/.test(file) && !file.startsWith('/')) {
    const id = fit(file.replace(/\\/g, '/'));
    if (id) return id;
  }
  // A test inherited from another file: the hints (console ids) say where the module ends, else the
  // first capitalised name is taken for the class (Python's naming); with none, the class name is the
  // module.
  const parts = cls.split('.');
  for (let k = parts.length; k >= 1; k--) {
    const id = fit(`${parts.slice(0, k).join('/')}.py`);
    if (id && hints.has(id)) return id;
  }
  const k = parts.findIndex((p, i) => i > 0 && /^[A-Z]/.test(p));
  return fit(`${(k > 0 ? parts.slice(0, k) : parts).join('/')}.py`) ?? full;
}

/**
 * JUnit XML (Maven Surefire, Gradle, pytest --junitxml, jest-junit): per test case, by `classname.name`
 * (pytest's: by node id). `kind` names who wrote it (runner `junit:<kind>`); `hints` are ids the
 * console named (pytest ids for test cases whose file does not say). Reads in one pass, whatever the
 * input: a report is the repository's text.
 */
export function accountJUnitXml(
  xml: string,
  kind?: ReportInput['kind'],
  hints: ReadonlySet<string> = new Set()
): TestAccount {
  const acc: TestAccount = {
    runners: [kind ? `junit:${kind}` : 'junit'],
    tests: new Map(),
    counts: zero(),
    readable: false,
    problems: []
  };
  // Tokens in document order: a test case's start tag, its end tag. A body runs to the next token.
  const tokens = /<testcase\b([^<>]*?)(\/?)>|<\/testcase\s*>/g;
  let open: { tag: string; from: number } | undefined;
  const close = (body: string): void => {
    if (!open) return;
    const tag = open.tag;
    open = undefined;
    const cls = xmlAttr(tag, 'classname') ?? '';
    const name = xmlAttr(tag, 'name') ?? '?';
    const id =
      kind === 'pytest'
        ? pytestNodeId(cls, name, xmlAttr(tag, 'file'), hints)
        : cls
          ? `${cls}.${name}`
          : name;
    const skipped = /<skipped\b([^<>]*)/.exec(body);
    const s: TestStatus = /<failure\b/.test(body)
      ? 'failed'
      : /<error\b/.test(body)
        ? 'errored'
        : skipped
          ? /type\s*=\s*["']pytest\.xfail["']/.test(skipped[1])
            ? 'xfailed'
            : 'skipped'
          : 'passed';
    acc.tests.set(id, s);
    add(acc.counts, s === 'xfailed' ? 'skipped' : s, 1);
    if (s === 'errored' && kind === 'pytest' && /message\s*=\s*["']collection failure["']/.test(body))
      acc.problems.push(`pytest could not collect ${id}`);
    acc.readable = true;
  };
  const text = withoutCdata(xml);
  for (const m of text.matchAll(tokens)) {
    const at = m.index ?? 0;
    if (m[0].startsWith('</')) {
      if (open) close(text.slice(open.from, at));
      continue;
    }
    if (open) close(text.slice(open.from, at));
    if (m[2] === '/') {
      open = { tag: m[1], from: at };
      close('');
    } else open = { tag: m[1], from: at + m[0].length };
  }
  if (open) close('');
  return acc;
}

/**
 * The XML without CDATA sections and comments, in one pass: a test's captured output (CDATA in
 * Surefire's reports) is the project's text, and a `</testcase><testcase …>` printed there is no test.
 * An unclosed one drops the rest.
 */
function withoutCdata(xml: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const c = xml.indexOf('<![CDATA[', at);
    const k = xml.indexOf('<!--', at);
    const start = c < 0 ? k : k < 0 ? c : Math.min(c, k);
    if (start < 0) return out + xml.slice(at);
    out += xml.slice(at, start);
    const end = xml.indexOf(start === c ? ']]>' : '-->', start);
    if (end < 0) return out;
    at = end + 3;
  }
}

/** pytest's `N deselected` from its closing totals: tests the run left out, which no report lists. */
function pytestDeselected(output: string): number {
  let n = 0;
  for (const m of stripAnsi(output).matchAll(/^=*\s*(?:\d+ \w+, )*(\d+) deselected\b.* in [\d.]+s/gm))
    n += Number(m[1]);
  return n;
}

/**
 * The accounting of one run from its output and its reports (JUnit XML the run wrote): a runner's
 * readable reports stand for it instead of its console (pytest's report for pytest's summary,
 * Surefire's and Gradle's for the `Tests run:` lines); the other runners' console counts are kept,
 * as are every runner's problems (a collection error, "no tests ran").
 */
export function accountRun(output: string, reports: readonly ReportInput[] = []): TestAccount {
  if (reports.length === 0) return accountTests(output);
  const hints = new Set(accountTests(output).tests.keys());
  const xml = reports.map(r => ({
    kind: r.kind,
    acc: r.kind === 'go-json' ? accountGoJson(r.text) : accountJUnitXml(r.text, r.kind, hints)
  }));
  const read = xml.filter(x => x.acc.readable);
  if (read.length === 0) return accountTests(output);
  const replaced = new Set<string>();
  if (read.some(x => x.kind === 'pytest')) replaced.add('pytest');
  if (read.some(x => x.kind === 'go-json')) replaced.add('go');
  if (read.some(x => x.kind === 'surefire' || x.kind === 'gradle')) replaced.add('junit');
  const acc = accountTests(output, replaced);
  acc.readable = true;
  for (const { acc: r } of read) {
    for (const [id, s] of r.tests) acc.tests.set(id, s);
    for (const k of Object.keys(r.counts) as (keyof Counts)[]) add(acc.counts, k, r.counts[k]);
    for (const name of r.runners) if (!acc.runners.includes(name)) acc.runners.push(name);
    acc.problems.push(...r.problems);
  }
  if (replaced.has('pytest')) add(acc.counts, 'skipped', pytestDeselected(output));
  acc.problems = [...new Set(acc.problems)];
  return acc;
}

/** go test `-json` (test2json) events: the tests by `package.Test`, their totals (runner `go-json`). */
export function accountGoJson(events: string): TestAccount {
  const acc: TestAccount = { runners: [], tests: new Map(), counts: zero(), readable: false, problems: [] };
  const lines = events.split('\n').filter(l => l.startsWith('{'));
  if (goTest.read(lines, acc)) {
    acc.runners.push('go-json');
    acc.readable = true;
  }
  return acc;
}

/** Tests run in all: passed + failed + errored. */
export function executed(c: Counts): number {
  return c.passed + c.failed + c.errored;
}

/** The ids with one of the statuses. */
export function idsWith(acc: TestAccount, ...statuses: TestStatus[]): string[] {
  return [...acc.tests].filter(([, s]) => statuses.includes(s)).map(([id]) => id);
}
