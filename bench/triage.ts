/**
 * Triage benchmark: a generated 200 MB run-log archive (GitHub's layout: job files and step
 * folders, timestamped lines, one failing job) triaged next to `unzip -p ARCHIVE > /dev/null` in
 * the same run, and the triage's peak RSS, measured in a child process of its own.
 * Run: npm run bench (node --import tsx bench/run.ts). The archive is cached in the OS temp dir.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';

const TARGET_BYTES = 200 * 1024 * 1024;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Deterministic pseudo-random numbers (mulberry32), so every run benches the same archive. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEMPLATES = [
  'Downloading https://files.pythonhosted.org/packages/{h}/{h}/pkg_{n}-{n}.{n}.{n}-py3-none-any.whl ({n} kB)',
  '  Compiling crate_{n} v{n}.{n}.{n} (/home/runner/work/app/app/crates/crate_{n})',
  '[{n}/{n}] Building CXX object src/CMakeFiles/core.dir/module_{n}.cpp.o',
  'tests/test_module_{n}.py::test_case_{n} PASSED                                   [ {n}%]',
  'ok   github.com/acme/app/pkg/{w}	{n}.{n}s	coverage: {n}.{n}% of statements',
  '  ✓ renders component {w} with props {h} ({n} ms)',
  'npm http fetch GET 200 https://registry.npmjs.org/{w}/-/{w}-{n}.{n}.{n}.tgz {n}ms (cache miss)',
  '[INFO] Downloaded from central: https://repo.maven.apache.org/maven2/org/{w}/{w}/{n}.{n}/{w}-{n}.{n}.jar ({n} kB at {n} kB/s)',
  'remote: Counting objects: {n}% ({n}/{n}), done.',
  'Step {n}/{n} : RUN apt-get install -y lib{w}-dev && rm -rf /var/lib/apt/lists/*',
  ' ---> Using cache {h}',
  'cache hit for key {h}-{h}-{h}',
  'gcc -O2 -Wall -fPIC -I/usr/include/python3.11 -c src/{w}_{n}.c -o build/temp/{w}_{n}.o'
];
const WORDS = [
  'alpha',
  'render',
  'parser',
  'client',
  'stream',
  'codec',
  'router',
  'schema',
  'buffer',
  'worker'
];

function lineMaker(seed: number): () => string {
  const r = rng(seed);
  let t = Date.UTC(2024, 4, 1, 10, 0, 0);
  return () => {
    t += Math.floor(r() * 40);
    const tpl = TEMPLATES[Math.floor(r() * TEMPLATES.length)];
    const text = tpl
      .replace(/\{n\}/g, () => String(Math.floor(r() * 1000)))
      .replace(/\{h\}/g, () => Math.floor(r() * 0xffffffff).toString(16))
      .replace(/\{w\}/g, () => WORDS[Math.floor(r() * WORDS.length)]);
    return `${new Date(t).toISOString().replace('Z', `${Math.floor(r() * 10000)}Z`)} ${text}`;
  };
}

const FAILURE = [
  '##[group]Run python -m pytest',
  'python -m pytest',
  '##[endgroup]',
  '=================================== FAILURES ===================================',
  '__________________________________ test_total __________________________________',
  '',
  '    def test_total():',
  '>       assert total([1, 2]) == 3',
  "E       NameError: name 'totl' is not defined",
  '',
  'tests/test_calc.py:9: NameError',
  '=========================== short test summary info ============================',
  "FAILED tests/test_calc.py::test_total - NameError: name 'totl' is not defined",
  '========================= 1 failed, 812 passed in 41.20s =========================',
  '##[error]Process completed with exit code 1.'
];

interface Entry {
  name: string;
  data: Buffer;
}

/** Writes a zip (deflate) entry by entry; only one job's text is in memory at a time. */
function generate(file: string, stepFiles: boolean): void {
  const tmp = `${file}.part`;
  const fd = openSync(tmp, 'w');
  const central: Buffer[] = [];
  let offset = 0;
  let count = 0;
  const put = (e: Entry): void => {
    const name = Buffer.from(e.name);
    const data = deflateRawSync(e.data, { level: 6 });
    const crc = crc32(e.data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    writeSync(fd, Buffer.concat([local, name, data]));
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(8, 10);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(data.length, 20);
    cd.writeUInt32LE(e.data.length, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, name);
    offset += 30 + name.length + data.length;
    count++;
  };
  // The failing job comes last, so the triage has to look through every other job first.
  let jobs = Infinity;
  for (let j = 1; j <= jobs; j++) {
    const job = `test (shard ${j})`;
    const next = lineMaker(j);
    const steps: string[][] = [];
    for (let s = 0; s < 5; s++) {
      const lines = [`##[group]Run make step-${s}`, `make step-${s}`, '##[endgroup]'];
      for (let k = 0; k < 30_000; k++) lines.push(next());
      steps.push(lines);
    }
    if (j === jobs) steps.push(FAILURE.map(l => `2024-05-01T11:00:00.0000000Z ${l}`));
    put({ name: `${j}_${job}.txt`, data: Buffer.from(steps.flat().join('\n') + '\n') });
    // Newer archives often come without the per-step copies: then every byte is a job log to scan.
    if (stepFiles)
      steps.forEach((lines, s) =>
        put({ name: `${job}/${s + 2}_make step-${s}.txt`, data: Buffer.from(lines.join('\n') + '\n') })
      );
    if (j === 1) jobs = Math.max(2, Math.round(TARGET_BYTES / offset));
  }
  const cd = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(count, 8);
  eocd.writeUInt16LE(count, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  writeSync(fd, Buffer.concat([cd, eocd]));
  closeSync(fd);
  renameSync(tmp, file);
}

function seconds(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

interface ChildResult {
  seconds: number;
  maxRssMb: number;
  job: string;
  failures: number;
}

function triageInChild(archive: string): ChildResult {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--triage-child', archive],
    {
      cwd: ROOT,
      encoding: 'utf8'
    }
  );
  if (r.status !== 0) throw new Error(`triage child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as ChildResult;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Benchmarks one archive: unzip -p and the triage, alternated, three times each. */
function benchOne(archive: string, stepFiles: boolean): void {
  if (!existsSync(archive)) {
    console.log(`generating ${archive} ...`);
    generate(archive, stepFiles);
  }
  const size = statSync(archive).size;
  const listing = spawnSync('unzip', ['-Z', '-t', archive], { encoding: 'utf8' }).stdout ?? '';
  const inflated = /(\d+) bytes uncompressed/.exec(listing)?.[1];
  const unzip = spawnSync('unzip', ['-v']).status === 0;
  const base: number[] = [];
  const tri: ChildResult[] = [];
  for (let i = 0; i < 3; i++) {
    if (unzip) base.push(seconds(() => spawnSync('sh', ['-c', `unzip -p "${archive}" > /dev/null`])));
    tri.push(triageInChild(archive));
  }
  const t = median(tri.map(x => x.seconds));
  const rss = Math.max(...tri.map(x => x.maxRssMb));
  console.log(
    `triage bench: ${(size / 1024 / 1024).toFixed(0)} MB run-log archive ${stepFiles ? 'with' : 'without'} step files` +
      `${inflated ? `, ${(Number(inflated) / 1024 / 1024).toFixed(0)} MB of logs inflated` : ''} (${archive})`
  );
  if (unzip) {
    const u = median(base);
    console.log(`  unzip -p > /dev/null   ${u.toFixed(2)} s (median of ${base.length})`);
    console.log(
      `  triageLogs             ${t.toFixed(2)} s (median of ${tri.length})   ratio ${(t / u).toFixed(2)}x`
    );
  } else {
    console.log(`  triageLogs             ${t.toFixed(2)} s (unzip not installed: no baseline)`);
  }
  console.log(`  peak RSS               ${rss.toFixed(0)} MB`);
  console.log(`  found                  job "${tri[0].job}", ${tri[0].failures} failure(s)`);
}

/** Runs the benchmark and prints its numbers. */
export async function benchTriage(): Promise<void> {
  benchOne(path.join(tmpdir(), 'nightwatch-bench-run-logs-200mb-v2.zip'), true);
  benchOne(path.join(tmpdir(), 'nightwatch-bench-run-logs-200mb-jobs-only.zip'), false);
}

if (process.argv[2] === '--triage-child') {
  const { triageLogs } = await import('../src/triage/index.js');
  const t0 = process.hrtime.bigint();
  const t = await triageLogs(process.argv[3]);
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const result: ChildResult = {
    seconds: secs,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    job: t.job,
    failures: t.failures.length
  };
  console.log(JSON.stringify(result));
}
