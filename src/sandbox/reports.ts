/**
 * Machine-readable test reports of one sandbox run: pytest is asked for `--junitxml` into the run's
 * private state folder, and the JUnit XML that Maven Surefire/Failsafe (`target/*-reports/TEST-*.xml`)
 * and Gradle (`build/test-results/**\/*.xml`) write anyway is read from the copy afterwards.
 *
 * The copy is the repository's, so everything here is untrusted: files are read through src/fs (a
 * report that is a link, or passes through one, is ignored), each and all together are bounded, and
 * only reports written by this run count. A report committed to the repository, or made by the kept
 * install, is in the tree before the test command starts: it is recorded then (`snapshotReports`), and
 * the same file with the same content afterwards is ignored. The reports pytest was asked for go to a
 * folder named afresh for each run, which nothing before the run can know.
 */
import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import { listTreeFiles, readTreeFile } from '../fs/index.js';
import { SANDBOX_STATE_DIR } from './env.js';
import type { RunReport } from './port.js';

/** Where the reports a run asks for are written, below the tree (one fresh folder per run). */
export const REPORTS_DIR = `${SANDBOX_STATE_DIR}/reports`;
/** One report larger than this is not read (a JUnit file of tens of thousands of tests fits). */
export const MAX_REPORT_BYTES = 4 * 1024 * 1024;
/** All reports of one run together. */
export const MAX_REPORTS_BYTES = 32 * 1024 * 1024;
/** Report files looked at per run. */
export const MAX_REPORT_FILES = 500;
/** pytest invocations of one command given a report each. */
const MAX_ASKED = 4;

/** Where build tools leave JUnit XML (relative to the tree, at any depth). */
const BUILD_REPORT =
  /(^|\/)(target\/(surefire|failsafe)-reports\/TEST-[^/]+\.xml|build\/test-results\/([^/]+\/)*[^/]+\.xml)$/;
/** Not searched for reports: dependencies, caches, our own state. */
const SKIP_DIRS = new Set([
  '.git',
  SANDBOX_STATE_DIR,
  'node_modules',
  '.venv',
  'venv',
  '__pycache__',
  '.tox',
  '.nox',
  '.gradle',
  '.m2',
  '.pytest_cache',
  '.mypy_cache'
]);

/** The test command with the reports it asks for: `files` relative to the tree. */
export interface AskedReports {
  command: string;
  /** The pytest reports asked for, relative to the tree. */
  files: string[];
  /**
   * `go test` was asked for `-json`: its output is the event stream, which `renderGoJson` turns
   * back into the console text (`verbose`: as `-v` prints it, else only failing tests' output).
   */
  goJson?: { verbose: boolean };
}

const shq = (s: string): string => (/^[\w./=:@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** One word of a command: its text (unquoted) and where it ends in the command. */
interface Word {
  text: string;
  end: number;
}

/**
 * The command's simple commands, split at `&&`, `||`, `;`, `|` and `&`; undefined when the command
 * uses shell syntax this does not follow (substitutions, groups, here-documents, escapes, newlines):
 * then nothing is added to it.
 */
function simpleCommands(command: string): Word[][] | undefined {
  if (/[`\\\n(){}]|\$\(|<</.test(command)) return undefined;
  const out: Word[][] = [[]];
  let i = 0;
  while (i < command.length) {
    const c = command[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '&' || c === '|' || c === ';') {
      while (i < command.length && '&|;'.includes(command[i])) i++;
      out.push([]);
      continue;
    }
    let text = '';
    while (i < command.length && !' \t&|;'.includes(command[i])) {
      const q = command[i];
      if (q === "'" || q === '"') {
        const close = command.indexOf(q, i + 1);
        if (close < 0) return undefined;
        text += command.slice(i + 1, close);
        i = close + 1;
      } else {
        text += q;
        i++;
      }
    }
    out[out.length - 1].push({ text, end: i });
  }
  return out.filter(words => words.length > 0);
}

const PYTEST = /^(\S*\/)?(pytest|py\.test)(-3)?$/;
const PYTHON = /^(\S*\/)?python(\d+(\.\d+)?)?$/;
const RUN_WRAPPER = /^(poetry|uv|pipenv|pdm|hatch|rye)$/;

/** Where pytest's own arguments start in a simple command (the end of `pytest`), or -1. */
function pytestAt(words: Word[]): number {
  let i = 0;
  while (i < words.length && /^[A-Za-z_]\w*=/.test(words[i].text)) i++;
  if (words[i]?.text === 'env') {
    i++;
    while (i < words.length && /^[A-Za-z_]\w*=/.test(words[i].text)) i++;
  }
  if (RUN_WRAPPER.test(words[i]?.text ?? '') && words[i + 1]?.text === 'run') i += 2;
  const w = words[i]?.text ?? '';
  if (PYTEST.test(w)) return words[i].end;
  // `python -m pytest`, `coverage run [--opt=value] -m pytest`, `python -m coverage run -m pytest`
  let c: number;
  if (PYTHON.test(w) && words[i + 1]?.text === '-m') {
    if (words[i + 2]?.text === 'pytest') return words[i + 2].end;
    if (words[i + 2]?.text !== 'coverage') return -1;
    c = i + 2;
  } else if (w === 'coverage') c = i;
  else return -1;
  if (words[c + 1]?.text !== 'run') return -1;
  let j = c + 2;
  while (j < words.length && /^--[\w-]+=\S+$/.test(words[j].text)) j++;
  return words[j]?.text === '-m' && words[j + 1]?.text === 'pytest' ? words[j + 1].end : -1;
}

/** Where `go test`'s own arguments start in a simple command (the end of `test`), or -1. */
function goTestAt(words: Word[]): number {
  let i = 0;
  while (i < words.length && /^[A-Za-z_]\w*=/.test(words[i].text)) i++;
  if (!/^(\S*\/)?go$/.test(words[i]?.text ?? '') || words[i + 1]?.text !== 'test') return -1;
  if (words.some(w => /^--?(json|c|o|list|exec)(=|$)/.test(w.text))) return -1;
  return words[i + 1].end;
}

/**
 * The test command asking each pytest invocation in it for a JUnit XML report (`--junitxml` into
 * `<treeRoot>/.nightwatch-sandbox/reports/<fresh>/pytest-N.xml`, with `junit_family=xunit1` so each
 * test names its file), where the command is plainly a pytest invocation that does not set a report
 * of its own. `treeRoot` is where the tree is as the command sees it (`/work` in a container). Any
 * other command comes back as it was.
 */
export function askReports(command: string, treeRoot: string): AskedReports {
  const none = { command, files: [] };
  const commands = simpleCommands(command);
  if (!commands) return none;
  const dir = `${REPORTS_DIR}/${randomUUID()}`;
  const inserts: { at: number; file?: string }[] = [];
  let goVerbose = false;
  // go test's output becomes JSON: only where nothing reads it but us (no pipe, no redirection).
  const goMayChange = !/[|>]/.test(command.replace(/\s2>&1(?=\s|$)/g, ''));
  for (const words of commands) {
    const go = goMayChange ? goTestAt(words) : -1;
    if (go >= 0) {
      inserts.push({ at: go });
      goVerbose ||= words.some(w => /^--?v(=true)?$/.test(w.text));
      continue;
    }
    if (words.some(w => /^--junit-?xml\b/.test(w.text))) continue;
    const at = pytestAt(words);
    if (at < 0 || inserts.filter(i => i.file).length >= MAX_ASKED) continue;
    inserts.push({ at, file: `${dir}/pytest-${inserts.filter(i => i.file).length}.xml` });
  }
  if (inserts.length === 0) return none;
  let out = command;
  for (const { at, file } of [...inserts].reverse()) {
    const abs = file ? path.posix.join(treeRoot.replace(/\\/g, '/'), file) : '';
    const option = file ? ` --junitxml=${shq(abs)} -o junit_family=xunit1` : ' -json';
    out = `${out.slice(0, at)}${option}${out.slice(at)}`;
  }
  const files = inserts.flatMap(i => (i.file ? [i.file] : []));
  const goJson = inserts.some(i => !i.file) ? { goJson: { verbose: goVerbose } } : {};
  return { command: out, files, ...goJson };
}

interface GoEvent {
  Action?: unknown;
  Package?: unknown;
  Test?: unknown;
  Output?: unknown;
}

/**
 * The output of a run whose `go test` was asked for `-json`, back as the console text go test would
 * have printed (the project's tools, the triage and the model read it), and the events themselves
 * (the accounting's report). Without `-v`: the output of failing (or unfinished) tests, each under its
 * `--- FAIL` line, and of the packages; lines that are not events (the shell's, other commands', the
 * compiler's) stay as they are.
 */
export function renderGoJson(raw: string, verbose: boolean): { output: string; events: string } {
  const out: string[] = [];
  const events: string[] = [];
  // Output of tests not finished yet, in order; a test is `package test` (names repeat across packages).
  const held: { test: string; text: string }[] = [];
  const release = (test: string, keep: boolean): void => {
    const mine = (h: { test: string }): boolean => h.test === test || h.test.startsWith(`${test}/`);
    if (keep) {
      const order = [...new Set(held.filter(mine).map(h => h.test))];
      for (const t of order) {
        const lines = held.filter(h => h.test === t && !/^=== (RUN|PAUSE|CONT|NAME)\b/.test(h.text));
        const verdict = (h: { text: string }): boolean => /^\s*--- (FAIL|PASS|SKIP):/.test(h.text);
        for (const h of [...lines.filter(verdict), ...lines.filter(h => !verdict(h))]) out.push(h.text);
      }
    }
    for (let i = held.length - 1; i >= 0; i--) if (mine(held[i])) held.splice(i, 1);
  };
  const lines = raw.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    let e: GoEvent | undefined;
    if (line.startsWith('{')) {
      try {
        const parsed: unknown = JSON.parse(line);
        if (parsed && typeof parsed === 'object' && typeof (parsed as GoEvent).Action === 'string')
          e = parsed as GoEvent;
      } catch {
        // not an event
      }
    }
    if (!e) {
      out.push(n < lines.length - 1 ? `${line}\n` : line);
      continue;
    }
    events.push(line);
    const name = typeof e.Test === 'string' ? e.Test : undefined;
    const test = name === undefined ? undefined : `${typeof e.Package === 'string' ? e.Package : ''} ${name}`;
    const text = typeof e.Output === 'string' ? e.Output : '';
    if (e.Action === 'output') {
      if (!test || verbose) out.push(text);
      else held.push({ test, text });
    } else if (test && !verbose && (e.Action === 'pass' || e.Action === 'skip' || e.Action === 'fail')) {
      // A subtest's result waits for its parent's: go prints a failing parent with its subtests.
      if (e.Action !== 'fail') release(test, false);
      else if (!name!.includes('/')) release(test, true);
    }
  }
  for (const h of held) out.push(h.text);
  return { output: out.join(''), events: events.join('\n') };
}

/**
 * A run's output and reports once its `go test -json` events (when it was asked for them) are taken
 * out of the output into a report of their own.
 */
export function withGoEvents(
  output: string,
  asked: AskedReports,
  reports: RunReport[]
): { output: string; reports: RunReport[] } {
  if (!asked.goJson) return { output, reports };
  const go = renderGoJson(output, asked.goJson.verbose);
  const events: RunReport[] = go.events
    ? [{ file: '(go test -json)', kind: 'go-json', text: go.events }]
    : [];
  return { output: go.output, reports: [...reports, ...events] };
}

/** The reports pytest rejected the option of (`-p no:junitxml` in its configuration): run without. */
export function reportOptionRefused(exitCode: number, output: string): boolean {
  return exitCode === 4 && /unrecognized arguments:.*--junitxml/.test(output);
}

/** Report files in the tree before the test command ran: path -> hashes of the content seen there. */
export type ReportSnapshot = Map<string, Set<string>>;

const hash = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The build tools' report files below `root` (relative paths), bounded; never through a link. */
async function buildReportFiles(root: string): Promise<string[]> {
  const files = await listTreeFiles(root, '', {
    skipDirs: SKIP_DIRS,
    acceptFile: name => name.endsWith('.xml'),
    limit: 20 * MAX_REPORT_FILES
  }).catch(() => []);
  return files.filter(f => BUILD_REPORT.test(f)).slice(0, MAX_REPORT_FILES);
}

/**
 * What report files the tree holds before the test command runs, in each of `roots` (the run's copy,
 * and the kept install whose files the container restores into it): a file the run leaves as it was
 * is not the run's report.
 */
export async function snapshotReports(...roots: (string | undefined)[]): Promise<ReportSnapshot> {
  const seen: ReportSnapshot = new Map();
  for (const root of roots) {
    if (!root) continue;
    for (const file of await buildReportFiles(root)) {
      const text = await readTreeFile(root, file, MAX_REPORT_BYTES).catch(() => null);
      const set = seen.get(file) ?? new Set<string>();
      set.add(text === null ? 'unreadable' : hash(text));
      seen.set(file, set);
    }
  }
  return seen;
}

/** The reports of one run, and what was left out and why (for the log). */
export interface CollectedReports {
  reports: RunReport[];
  ignored: string[];
}

/**
 * The reports this run wrote: the pytest reports it asked for, and the build tools' reports that are
 * new or changed since `before`. Links, non-files, oversized and unreadable files are ignored.
 */
export async function collectReports(
  tree: string,
  before: ReportSnapshot,
  asked: readonly string[]
): Promise<CollectedReports> {
  const reports: RunReport[] = [];
  const ignored: string[] = [];
  let total = 0;
  const read = async (file: string): Promise<string | undefined> => {
    try {
      const text = await readTreeFile(tree, file, MAX_REPORT_BYTES);
      if (text === null) return undefined;
      if (total + text.length > MAX_REPORTS_BYTES) {
        ignored.push(`${file}: over the ${MAX_REPORTS_BYTES}-byte limit of all reports of a run`);
        return undefined;
      }
      total += text.length;
      return text;
    } catch (error) {
      ignored.push(`${file}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };
  for (const file of asked) {
    const text = await read(file);
    if (text !== undefined) reports.push({ file, kind: 'pytest', text });
  }
  for (const file of await buildReportFiles(tree)) {
    const text = await read(file);
    if (text === undefined) continue;
    if (before.get(file)?.has(hash(text))) {
      ignored.push(`${file}: in the tree before this run's tests started (not written by them)`);
      continue;
    }
    reports.push({ file, kind: /(^|\/)build\/test-results\//.test(file) ? 'gradle' : 'surefire', text });
  }
  return { reports, ignored };
}
