/**
 * A second check of the failed-test names, outside the BugSwarm GitHub Actions data set: the Travis
 * CI logs of BugSwarm's analyzer tests (`tests/analyzer/test_travis.py` in BugSwarm/bugswarm), each
 * with the `tr_t_failed` the analyzer is expected to give, or a known 0 failed (no names). The
 * triage runs on each log the way measure-triage.ts runs it on the GitHub Actions logs, and the
 * names are compared the same way (scripts/names-compare.ts): the same set, verbatim and modulo
 * notation. Logs of a repository that is in LogChunks (the locator's data set) are left out.
 *
 * The fixtures are read from a git directory (a bare clone or a mirror snapshot of BugSwarm/bugswarm),
 * never checked out: `git --git-dir DIR show HEAD:path`.
 *
 * Run: node --import tsx scripts/measure-names-fixtures.ts GIT_DIR [--datasets DIR] [--verbose]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { triageLogs } from '../src/triage/index.js';
import { compareNames, splitNames } from './names-compare.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const VERBOSE = args.includes('--verbose');
const DATASETS = flag('--datasets') ?? '/work/shared/datasets';
const given = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--datasets');
if (!given) {
  console.error(
    'usage: measure-names-fixtures.ts GIT_DIR (a git directory of BugSwarm/bugswarm) [--verbose]'
  );
  process.exit(2);
}

/** The git directory: the one given, or the only one right under it (a mirror's `owner+name/<dir>`). */
function gitDir(dir: string): string {
  if (existsSync(path.join(dir, 'HEAD'))) return dir;
  const inner = readdirSync(dir).filter(d => existsSync(path.join(dir, d, 'HEAD')));
  if (inner.length !== 1)
    throw new Error(`${dir} is not a git directory (no HEAD in it or in one directory under it)`);
  return path.join(dir, inner[0]);
}
const GIT = gitDir(given);
const show = (p: string): Buffer =>
  execFileSync('git', ['--git-dir', GIT, 'show', `HEAD:${p}`], { maxBuffer: 1 << 30 });

const TESTS = 'tests/analyzer/test_travis.py';
const DATA = 'tests/analyzer/';

/** Python string literals joined by juxtaposition (`'a' 'b'`, `"c"`), from `s` at `i`; `\` escapes kept simple. */
function pyStrings(s: string, i: number): string {
  let out = '';
  for (;;) {
    while (/\s/.test(s[i] ?? '')) i++;
    const q = s[i];
    if (q !== "'" && q !== '"') return out;
    i++;
    while (i < s.length && s[i] !== q) {
      if (s[i] === '\\') i++;
      out += s[i++];
    }
    i++;
  }
}

interface Case {
  test: string;
  file: string;
  want: string[];
  listed: boolean;
}

/** The analyzer tests that name one log and its failed tests (or 0 failed). */
function cases(source: string): Case[] {
  // `python = data_dir + 'python/'`: the folders' attribute names.
  const dataDir = /data_dir = '([^']+)'/.exec(source)?.[1] ?? 'travis_data/';
  const folders = new Map(
    [...source.matchAll(/^ {4}(\w+) = data_dir \+ '([^']+)'$/gm)].map(m => [m[1], dataDir + m[2]])
  );
  const out: Case[] = [];
  const seen = new Set<string>();
  for (const body of source.split(/\n {4}def /).slice(1)) {
    const test = /^(\w+)/.exec(body)![1];
    const log = /^ {8}log = '([^']+)'$/m.exec(body)?.[1];
    const folder = /^ {8}file_path = join\(self\.(\w+), log\)$/m.exec(body)?.[1];
    if (!log || !folder || !folders.has(folder)) continue;
    const file = folders.get(folder)! + log;
    const failed = /compare_num_t_failed\(\w+, (\d+)\)/.exec(body)?.[1];
    const t = /compare_tr_t_failed\(\s*\w+,/.exec(body);
    const expected = t ? pyStrings(body, t.index + t[0].length) : '';
    if (seen.has(file)) continue;
    if (expected) out.push({ test, file, want: splitNames(expected), listed: true });
    else if (failed === '0') out.push({ test, file, want: [], listed: false });
    else continue;
    seen.add(file);
  }
  return out;
}

/** The repository a Travis CI log built (`git clone … owner/repo`), lower case. */
function repoOfLog(text: string): string | undefined {
  return /\$ git clone [^\n]*? (\S+\/\S+?)\r?\n/.exec(text.slice(0, 50000))?.[1]?.toLowerCase();
}

/** LogChunks' repositories (its `repo` field only, `owner@name`), lower case as `owner/name`. */
function logchunksRepos(): Set<string> {
  const file = path.join(DATASETS, 'logchunks-dev.jsonl.gz');
  if (!existsSync(file))
    throw new Error(`${file} not found: pass --datasets DIR (its LogChunks repositories are left out)`);
  return new Set(
    gunzipSync(readFileSync(file))
      .toString('utf8')
      .split('\n')
      .filter(l => l.trim() !== '')
      .map(l => (JSON.parse(l) as { repo: string }).repo.replace('@', '/').toLowerCase())
  );
}

const left = logchunksRepos();
// A snapshot may list a large file without holding its blob: only the blobs present are stored.
const listing = execFileSync('git', ['--git-dir', GIT, 'ls-tree', '-r', 'HEAD', DATA], { maxBuffer: 1 << 26 })
  .toString('utf8')
  .split('\n')
  .map(l => /^\d+ blob ([0-9a-f]+)\t(.*)$/.exec(l))
  .filter((m): m is RegExpExecArray => m !== null);
const present = execFileSync('git', ['--git-dir', GIT, 'cat-file', '--batch-check'], {
  input: listing.map(m => m[1]).join('\n') + '\n',
  maxBuffer: 1 << 26
})
  .toString('utf8')
  .split('\n');
const stored = new Set(listing.filter((_, i) => !/ missing$/.test(present[i] ?? ' missing')).map(m => m[2]));
const named = cases(show(TESTS).toString('utf8'));
// Logs the tests name that the snapshot does not hold.
const absent = named.filter(c => !stored.has(DATA + c.file));
const all = named.filter(c => stored.has(DATA + c.file));
let n = 0;
let verbatim = 0;
let notation = 0;
const listed = { n: 0, notation: 0 };
for (const c of all) {
  const text = show(DATA + c.file);
  const repo = repoOfLog(text.toString('utf8'));
  if (repo && left.has(repo)) {
    console.log(`left out (LogChunks repository ${repo}): ${c.test} ${c.file}`);
    continue;
  }
  const t = await triageLogs(text);
  const got = [...new Set(t.failures.map(f => f.testName).filter((x): x is string => !!x))];
  const ok = compareNames(c.want, got);
  n++;
  verbatim += ok.verbatim ? 1 : 0;
  notation += ok.notation ? 1 : 0;
  if (c.listed) {
    listed.n++;
    listed.notation += ok.notation ? 1 : 0;
  }
  if (VERBOSE && !ok.notation) {
    console.log(`MISS ${c.test} ${c.file}${repo ? ` (${repo})` : ''}`);
    console.log(
      `   want ${c.want.slice(0, 5).join(' | ')}${c.want.length > 5 ? ` (+${c.want.length - 5})` : ''}`
    );
    console.log(`   got  ${got.slice(0, 5).join(' | ')}${got.length > 5 ? ` (+${got.length - 5})` : ''}`);
  }
}
const pct = (a: number, b: number): string => `${((100 * a) / b).toFixed(1)}% (${a}/${b})`;
console.log(
  `BugSwarm analyzer fixtures (Travis CI), same set of failed-test names: ${n} logs` +
    (absent.length > 0 ? ` (${absent.length} named by the tests are not stored)` : '')
);
console.log(`  modulo notation ${pct(notation, n)}   verbatim ${pct(verbatim, n)}`);
console.log(`  logs that list their failed tests: modulo notation ${pct(listed.notation, listed.n)}`);
