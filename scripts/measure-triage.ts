/**
 * Measures the triage on the real logs in /work/shared/datasets (see its README):
 *  - LogChunks (Travis CI, 21 languages): hit rate (a chunk of at most 50 lines covering the labelled
 *    chunk, or inside it when that is longer than 50) and line precision/recall/F1, averaged over logs;
 *  - BugSwarm GitHub Actions logs: failed-test names against the analyzer's expected list, as an exact
 *    set match (verbatim) and modulo notation (path vs module, `::`/`.`/` > `/` › ` separators,
 *    `method(Class)` vs `Class.method`, `()` and a report's trailing `:`).
 *
 * The locator and the extractors learn nothing from data: their rules are written by hand. The honest
 * number is therefore the one on repositories the rules were not written on. Both data sets are split
 * into K folds by repository (repositories sorted by a hash of their name, dealt round-robin, so every
 * log of a repository lands in the same fold). Folds 1..K-1 are the development folds: look at their
 * misses (`--verbose`) while changing rules. Fold K is held out: its numbers print only with
 * `--holdout`, and its misses never print. Per-fold numbers show the spread across repositories.
 *
 * `--baseline-proxy` measures the locator with a baseline: LogChunks has no green logs, so each log is
 * given the previous log (by id) of the same repository with its own labelled chunk cut out as its
 * baseline: the same build's set-up and tool noise without that build's failure, the nearest thing
 * to the last green run the data has.
 *
 * Run: node --import tsx scripts/measure-triage.ts [--datasets DIR] [--folds K] [--holdout]
 *        [--baseline-proxy] [--verbose [--dump]] [--only logchunks|bugswarm]
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { triageLogs } from '../src/triage/index.js';
import { compareNames, splitNames } from './names-compare.js';

interface ChunkRow {
  id: string;
  repo: string;
  language: string;
  chunk: string;
  chunk_start_line: number | null;
  chunk_end_line: number | null;
  log: string;
}

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const DATASETS = flag('--datasets') ?? '/work/shared/datasets';
const VERBOSE = args.includes('--verbose');
const ONLY = flag('--only');
const DUMP = args.includes('--dump');
const FOLDS = Number(flag('--folds') ?? 5);
const HOLDOUT = args.includes('--holdout');
const PROXY = args.includes('--baseline-proxy');
if (!Number.isInteger(FOLDS) || FOLDS < 2) throw new Error('--folds takes a whole number of at least 2');

/** Fold (1-based) of every repository: sorted by the hash of its name, dealt round-robin. */
export function foldsOf(repos: Iterable<string>, k: number): Map<string, number> {
  const hash = (r: string): string => createHash('sha256').update(r).digest('hex');
  const sorted = [...new Set(repos)].sort((a, b) => (hash(a) < hash(b) ? -1 : hash(a) > hash(b) ? 1 : 0));
  return new Map(sorted.map((r, i) => [r, (i % k) + 1]));
}

interface Score {
  n: number;
  hits: number;
  p: number;
  r: number;
  f: number;
}
const zero = (): Score => ({ n: 0, hits: 0, p: 0, r: 0, f: 0 });
function add(a: Score, b: Score): Score {
  return { n: a.n + b.n, hits: a.hits + b.hits, p: a.p + b.p, r: a.r + b.r, f: a.f + b.f };
}
function fmt(s: Score): string {
  if (s.n === 0) return 'no logs';
  const pct = ((100 * s.hits) / s.n).toFixed(1).padStart(5);
  return `hit ${pct}% (${String(s.hits).padStart(3)}/${String(s.n).padEnd(3)})  P ${(s.p / s.n).toFixed(3)}  R ${(s.r / s.n).toFixed(3)}  F1 ${(s.f / s.n).toFixed(3)}`;
}

/** Hit and line P/R/F1 of a reported chunk against the labelled one (1-based, inclusive). */
function score(gs: number, ge: number, ps: number, pe: number): Score {
  const plen = pe >= ps && ps > 0 ? pe - ps + 1 : 0;
  const glen = ge - gs + 1;
  const inter = plen > 0 ? Math.max(0, Math.min(pe, ge) - Math.max(ps, gs) + 1) : 0;
  const p = plen > 0 ? inter / plen : 0;
  const r = inter / glen;
  const f = p + r > 0 ? (2 * p * r) / (p + r) : 0;
  const hit = plen > 0 && plen <= 50 && (glen <= 50 ? ps <= gs && pe >= ge : ps >= gs && pe <= ge);
  return { n: 1, hits: hit ? 1 : 0, p, r, f };
}

/** Prints per-fold scores, then the development folds and the held-out fold side by side. */
function report(title: string, byFold: Map<number, Score>, repos: Map<number, number>): void {
  console.log(title);
  let dev = zero();
  for (let k = 1; k <= FOLDS; k++) {
    const s = byFold.get(k) ?? zero();
    const held = k === FOLDS;
    if (!held) dev = add(dev, s);
    const label = `  fold ${k}${held ? ' (held out)' : ''}`.padEnd(22);
    console.log(
      `${label}${String(repos.get(k) ?? 0).padStart(2)} repos  ${held && !HOLDOUT ? 'hidden (--holdout)' : fmt(s)}`
    );
  }
  console.log(`  ${'development folds'.padEnd(28)}${fmt(dev)}`);
  if (HOLDOUT) {
    console.log(`  ${'held-out fold'.padEnd(28)}${fmt(byFold.get(FOLDS) ?? zero())}`);
    console.log(`  ${'all folds'.padEnd(28)}${fmt(add(dev, byFold.get(FOLDS) ?? zero()))}`);
  }
}

/** A log with its labelled chunk's lines removed (the whole log when it has no verbatim chunk). */
function withoutChunk(r: ChunkRow): string {
  if (r.chunk_start_line === null || r.chunk_end_line === null) return r.log;
  const lines = r.log.split('\n');
  lines.splice(r.chunk_start_line - 1, r.chunk_end_line - r.chunk_start_line + 1);
  return lines.join('\n');
}

async function logchunks(): Promise<void> {
  const rows = gunzipSync(readFileSync(path.join(DATASETS, 'logchunks-dev.jsonl.gz')))
    .toString('utf8')
    .split('\n')
    .filter(l => l.trim() !== '')
    .map(l => JSON.parse(l) as ChunkRow);
  const fold = foldsOf(
    rows.map(r => r.repo),
    FOLDS
  );
  const repos = new Map<number, number>();
  for (const k of fold.values()) repos.set(k, (repos.get(k) ?? 0) + 1);
  const previous = new Map<string, ChunkRow>();
  const byId = [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));
  const prevOf = new Map<string, ChunkRow>();
  for (const r of byId) {
    const p = previous.get(r.repo);
    if (p) prevOf.set(r.id, p);
    else prevOf.set(r.id, byId.filter(x => x.repo === r.repo).pop()!);
    previous.set(r.repo, r);
  }
  const plain = new Map<number, Score>();
  const proxied = new Map<number, Score>();
  let lines = 0;
  const started = Date.now();
  const byLang = new Map<string, { n: number; hits: number }>();
  for (const r of rows) {
    if (r.chunk_start_line === null || r.chunk_end_line === null) continue;
    const k = fold.get(r.repo)!;
    const t = await triageLogs(Buffer.from(r.log, 'utf8'));
    lines += r.log.split('\n').length;
    const gs = r.chunk_start_line;
    const ge = r.chunk_end_line;
    const s = score(gs, ge, t.chunk.startLine, t.chunk.endLine);
    plain.set(k, add(plain.get(k) ?? zero(), s));
    let sb: Score | undefined;
    let tb: Awaited<ReturnType<typeof triageLogs>> | undefined;
    if (PROXY) {
      tb = await triageLogs(Buffer.from(r.log, 'utf8'), {
        baseline: Buffer.from(withoutChunk(prevOf.get(r.id)!), 'utf8')
      });
      sb = score(gs, ge, tb.chunk.startLine, tb.chunk.endLine);
      proxied.set(k, add(proxied.get(k) ?? zero(), sb));
    }
    if (k !== FOLDS) {
      const L = byLang.get(r.language) ?? { n: 0, hits: 0 };
      L.n++;
      L.hits += s.hits;
      byLang.set(r.language, L);
    }
    const miss = PROXY ? sb!.hits === 0 : s.hits === 0;
    if (VERBOSE && miss && k !== FOLDS) {
      const got = PROXY ? tb! : t;
      const f = PROXY ? sb!.f : s.f;
      console.log(
        `MISS f${k} ${r.id} gold ${gs}-${ge} got ${got.chunk.startLine}-${got.chunk.endLine} f1=${f.toFixed(2)} [${got.category}]${PROXY ? ` (without baseline ${t.chunk.startLine}-${t.chunk.endLine})` : ''}`
      );
      if (DUMP) {
        const L = r.log.split('\n');
        const show = (a: number, b: number, mark: string): void => {
          for (let i = a; i <= b && i <= L.length; i++) {
            if (b - a > 10 && i > a + 4 && i < b - 4) continue;
            const clean = L[i - 1].replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/.*\r(?=.)/, '');
            console.log(`   ${mark}${String(i).padStart(6)} ${clean.slice(0, 150)}`);
          }
        };
        show(gs, ge, 'G');
        if (got.chunk.startLine > 0) show(got.chunk.startLine, got.chunk.endLine, 'P');
      }
    }
  }
  const secs = (Date.now() - started) / 1000;
  const n = [...plain.values()].reduce((a, b) => a + b.n, 0);
  report(
    `LogChunks dev: ${n} logs with a verbatim labelled chunk, ${fold.size} repositories in ${FOLDS} folds by repository`,
    plain,
    repos
  );
  if (PROXY)
    report(
      'LogChunks dev with a baseline (the previous log of the same repository, its labelled chunk cut out):',
      proxied,
      repos
    );
  console.log(`  time ${secs.toFixed(1)} s for ${lines} lines${PROXY ? ' (each log triaged twice)' : ''}`);
  if (VERBOSE) {
    console.log('  development folds by language:');
    for (const [lang, v] of [...byLang].sort()) console.log(`  ${lang.padEnd(14)} ${v.hits}/${v.n}`);
  }
}

/** The repository a GitHub Actions log ran for (`Job defined at: owner/repo/...`), else its file. */
function repoOfLog(file: string): string {
  const m = /Job defined at: ([^/\s]+\/[^/\s]+)\//.exec(readFileSync(file, 'utf8').slice(0, 20000));
  return m ? m[1] : file;
}

interface NameScore {
  n: number;
  exact: number;
  notation: number;
}

async function bugswarm(): Promise<void> {
  const dir = path.join(DATASETS, 'bugswarm-gha-dev');
  const csv = readFileSync(path.join(dir, 'expected.csv'), 'utf8');
  const rows = parseCsv(csv);
  const head = rows[0];
  const col = (r: string[], name: string): string => r[head.indexOf(name)] ?? '';
  // Per log: the failed-test names expected (empty: none failed), when the analyzer knows them.
  const cases: { test: string; file: string; want: Set<string>; listed: boolean }[] = [];
  const seen = new Set<string>();
  for (const r of rows.slice(1)) {
    const file = path.join(dir, col(r, 'dir'), col(r, 'log'));
    if (!existsSync(file) || seen.has(file)) continue;
    const expected = col(r, 'tr_t_failed');
    const failed = col(r, 'num_t_failed');
    if (expected)
      cases.push({ test: col(r, 'test'), file, want: new Set(splitNames(expected)), listed: true });
    else if (failed === '0') cases.push({ test: col(r, 'test'), file, want: new Set(), listed: false });
    else continue;
    seen.add(file);
  }
  const repoOf = new Map(cases.map(c => [c.file, repoOfLog(c.file)]));
  const fold = foldsOf(repoOf.values(), FOLDS);
  const listed = new Map<number, NameScore>();
  const all = new Map<number, NameScore>();
  const bump = (m: Map<number, NameScore>, k: number, ok1: boolean, ok2: boolean): void => {
    const s = m.get(k) ?? { n: 0, exact: 0, notation: 0 };
    m.set(k, { n: s.n + 1, exact: s.exact + (ok1 ? 1 : 0), notation: s.notation + (ok2 ? 1 : 0) });
  };
  for (const c of cases) {
    const k = fold.get(repoOf.get(c.file)!)!;
    const t = await triageLogs(c.file);
    const got = new Set(t.failures.map(f => f.testName).filter((x): x is string => !!x));
    const { verbatim: ok1, notation: ok2 } = compareNames(c.want, got);
    if (c.listed) bump(listed, k, ok1, ok2);
    bump(all, k, ok1, ok2);
    if (VERBOSE && !ok2 && k !== FOLDS) {
      console.log(`MISS f${k} ${c.test} ${c.file}`);
      const want = c.want;
      console.log(
        `   want ${[...want].slice(0, 5).join(' | ')}${want.size > 5 ? ` (+${want.size - 5})` : ''}`
      );
      console.log(`   got  ${[...got].slice(0, 5).join(' | ')}${got.size > 5 ? ` (+${got.size - 5})` : ''}`);
    }
  }
  const line = (s: NameScore | undefined): string =>
    !s || s.n === 0
      ? 'no logs'
      : `modulo notation ${((100 * s.notation) / s.n).toFixed(1).padStart(5)}% (${s.notation}/${s.n})   verbatim ${((100 * s.exact) / s.n).toFixed(1)}% (${s.exact}/${s.n})`;
  const sum = (m: Map<number, NameScore>, ks: number[]): NameScore =>
    ks.reduce(
      (a, k) => {
        const s = m.get(k) ?? { n: 0, exact: 0, notation: 0 };
        return { n: a.n + s.n, exact: a.exact + s.exact, notation: a.notation + s.notation };
      },
      { n: 0, exact: 0, notation: 0 }
    );
  const devFolds = Array.from({ length: FOLDS - 1 }, (_, i) => i + 1);
  for (const [title, m] of [
    ['logs that list their failed tests', listed],
    ['logs with a known failed-test count (0 failed: no names expected)', all]
  ] as const) {
    const n = [...m.values()].reduce((a, b) => a + b.n, 0);
    console.log(
      `BugSwarm GHA dev, same set of failed-test names: ${n} ${title}, ${FOLDS} folds by repository`
    );
    for (let k = 1; k <= FOLDS; k++) {
      const held = k === FOLDS;
      console.log(
        `  ${`fold ${k}${held ? ' (held out)' : ''}`.padEnd(20)}${held && !HOLDOUT ? 'hidden (--holdout)' : line(m.get(k))}`
      );
    }
    console.log(`  ${'development folds'.padEnd(20)}${line(sum(m, devFolds))}`);
    if (HOLDOUT) {
      console.log(`  ${'held-out fold'.padEnd(20)}${line(m.get(FOLDS))}`);
      console.log(`  ${'all folds'.padEnd(20)}${line(sum(m, [...devFolds, FOLDS]))}`);
    }
  }
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

if (ONLY !== 'bugswarm') await logchunks();
if (ONLY !== 'logchunks') await bugswarm();
