/**
 * Measures the triage on the real logs in /work/shared/datasets (see its README):
 *  - LogChunks (Travis CI, 21 languages): hit rate (a chunk of at most 50 lines covering the labelled
 *    chunk, or inside it when that is longer than 50) and line precision/recall/F1, averaged over logs;
 *  - BugSwarm GitHub Actions logs: failed-test names against the analyzer's expected list, as an exact
 *    set match (verbatim) and modulo notation (path vs module, `::`/`.`/` > `/` › ` separators,
 *    `method(Class)` vs `Class.method`, `()` and a report's trailing `:`).
 * Run: node --import tsx scripts/measure-triage.ts [--datasets DIR] [--verbose] [--only logchunks|bugswarm]
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { triageLogs } from '../src/triage/index.js';

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

async function logchunks(): Promise<void> {
  const rows = gunzipSync(readFileSync(path.join(DATASETS, 'logchunks-dev.jsonl.gz')))
    .toString('utf8')
    .split('\n')
    .filter(l => l.trim() !== '')
    .map(l => JSON.parse(l) as ChunkRow);
  let n = 0;
  let hits = 0;
  let sumP = 0;
  let sumR = 0;
  let sumF = 0;
  let lines = 0;
  const started = Date.now();
  const byLang = new Map<string, { n: number; hits: number }>();
  for (const r of rows) {
    if (r.chunk_start_line === null || r.chunk_end_line === null) continue;
    n++;
    const t = await triageLogs(Buffer.from(r.log, 'utf8'));
    lines += r.log.split('\n').length;
    const gs = r.chunk_start_line;
    const ge = r.chunk_end_line;
    const ps = t.chunk.startLine;
    const pe = t.chunk.endLine;
    const plen = pe >= ps && ps > 0 ? pe - ps + 1 : 0;
    const glen = ge - gs + 1;
    const inter = plen > 0 ? Math.max(0, Math.min(pe, ge) - Math.max(ps, gs) + 1) : 0;
    const p = plen > 0 ? inter / plen : 0;
    const rc = inter / glen;
    const f = p + rc > 0 ? (2 * p * rc) / (p + rc) : 0;
    const hit = plen > 0 && plen <= 50 && (glen <= 50 ? ps <= gs && pe >= ge : ps >= gs && pe <= ge);
    sumP += p;
    sumR += rc;
    sumF += f;
    if (hit) hits++;
    const L = byLang.get(r.language) ?? { n: 0, hits: 0 };
    L.n++;
    if (hit) L.hits++;
    byLang.set(r.language, L);
    if (VERBOSE && !hit) {
      console.log(`MISS ${r.id} gold ${gs}-${ge} got ${ps}-${pe} f1=${f.toFixed(2)} [${t.category}]`);
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
        if (ps > 0) show(ps, pe, 'P');
      }
    }
  }
  const secs = (Date.now() - started) / 1000;
  console.log(`LogChunks dev: ${n} logs with a verbatim labelled chunk`);
  console.log(`  hit rate        ${((100 * hits) / n).toFixed(1)}% (${hits}/${n})`);
  console.log(
    `  line precision  ${(sumP / n).toFixed(3)}   recall ${(sumR / n).toFixed(3)}   F1 ${(sumF / n).toFixed(3)}`
  );
  console.log(`  time            ${secs.toFixed(1)} s for ${lines} lines`);
  if (VERBOSE) {
    for (const [lang, v] of [...byLang].sort()) console.log(`  ${lang.padEnd(14)} ${v.hits}/${v.n}`);
  }
}

/** One notation for test names: path or module, any of the frameworks' separators. */
function canonical(name: string): string {
  // A module-level entry written as `(pkg.module)`, a mocha title ending in its report's `:`.
  let s = name
    .trim()
    .replace(/^\(([^()]+)\)$/, '$1')
    .replace(/:$/, '');
  // unittest `test_x (pkg.mod.Class)` and surefire `test_x(pkg.Class)`: owner first.
  const owned = /^([^\s()]+)\s?\(([\w.$]+)\)$/.exec(s);
  if (owned) s = `${owned[2]}.${owned[1]}`;
  return s
    .replace(/\.py(?=::|$)/, '')
    .replace(/\//g, '.')
    .replace(/\s*(?:::|›|>)\s*/g, '.')
    .replace(/\$/g, '.')
    .replace(/\(\)/g, '')
    .replace(/\s+/g, ' ')
    .replace(/^\.+/, '');
}

async function bugswarm(): Promise<void> {
  const dir = path.join(DATASETS, 'bugswarm-gha-dev');
  const csv = readFileSync(path.join(dir, 'expected.csv'), 'utf8');
  const rows = parseCsv(csv);
  const head = rows[0];
  const col = (r: string[], name: string): string => r[head.indexOf(name)] ?? '';
  let n = 0;
  let exact = 0;
  let notation = 0;
  const seen = new Set<string>();
  for (const r of rows.slice(1)) {
    const expected = col(r, 'tr_t_failed');
    if (!expected) continue;
    const file = path.join(dir, col(r, 'dir'), col(r, 'log'));
    if (!existsSync(file) || seen.has(file)) continue;
    seen.add(file);
    n++;
    const want = new Set(expected.split('#'));
    const t = await triageLogs(file);
    const got = new Set(t.failures.map(f => f.testName).filter((x): x is string => !!x));
    const eq = (a: Set<string>, b: Set<string>): boolean => a.size === b.size && [...a].every(x => b.has(x));
    const ok1 = eq(want, got);
    const ok2 = eq(new Set([...want].map(canonical)), new Set([...got].map(canonical)));
    if (ok1) exact++;
    if (ok2) notation++;
    if (VERBOSE && !ok2) {
      console.log(`MISS ${col(r, 'test')} ${file}`);
      console.log(
        `   want ${[...want].slice(0, 5).join(' | ')}${want.size > 5 ? ` (+${want.size - 5})` : ''}`
      );
      console.log(`   got  ${[...got].slice(0, 5).join(' | ')}${got.size > 5 ? ` (+${got.size - 5})` : ''}`);
    }
  }
  console.log(`BugSwarm GHA dev: ${n} logs that list their failed tests`);
  console.log(
    `  same set of failed-test names, verbatim         ${((100 * exact) / n).toFixed(1)}% (${exact}/${n})`
  );
  console.log(
    `  same set of failed-test names, modulo notation  ${((100 * notation) / n).toFixed(1)}% (${notation}/${n})`
  );
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
