/**
 * State benchmark: loading a state of 10,000 events as the artifact store does it (each batch's text
 * parsed and checked, then folded once, oldest first), then pruned, written as a snapshot and read
 * back. A generated month of a busy repository: 2,500 runs (heal + audit entries, re-runs and their
 * results, fix PRs and what became of them, steering), 300 fingerprints, in batches of one run each.
 * Measured in a child process of its own: fold time, heap used after minus before (after a GC), and
 * peak RSS. Target (issue 15): under a second and 100 MB.
 * Run: npm run bench -- state (node --import tsx bench/run.ts state).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StateEvent } from '../src/state/port.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EVENTS = 10_000;

/** Deterministic pseudo-random numbers (mulberry32). */
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

const STATUSES = ['fixed', 'escalated', 'diagnosed', 'rerun', 'skipped', 'not-reproduced', 'error'];

/** `total` events in batches (one per run), over the 30 days before `now`. */
export function generateBatches(total: number, now = Date.now()): { name: string; events: StateEvent[] }[] {
  const r = rng(15);
  const batches: { name: string; events: StateEvent[] }[] = [];
  let n = 0;
  let run = 0;
  const span = 29 * 24 * 60 * 60 * 1000;
  const start = now - span;
  while (n < total) {
    run += 1;
    const at = new Date(start + Math.floor((span * n) / total)).toISOString();
    const fp = (Math.floor(r() * 300) + 1).toString(16).padStart(16, '0');
    const status = STATUSES[Math.floor(r() * STATUSES.length)];
    const runId = 9_000_000 + run;
    const events: StateEvent[] = [
      {
        type: 'heal',
        at,
        entry: {
          runId,
          runAttempt: 1,
          fingerprint: fp,
          status,
          at,
          category: 'test',
          reason: status === 'escalated' ? 'no verified fix was found after 3 attempts' : undefined,
          prNumber: status === 'fixed' ? run : undefined,
          prUrl: status === 'fixed' ? `https://github.com/acme/app/pull/${run}` : undefined,
          actor: 'octocat',
          attempts: [
            { n: 1, source: 'fixer:rename', verdict: 'fail', durationMs: 1200 },
            { n: 2, source: 'model', verdict: status === 'fixed' ? 'pass' : 'fail', durationMs: 5400 }
          ],
          modelCalls: 3,
          promptTokens: 12_000,
          outputTokens: 900,
          costUsd: 0.0123,
          durations: { reproduce: 3000, repair: 6600, total: 15000 }
        },
        rootCause: 'an assertion on the discount threshold',
        ...(status === 'rerun' ? { rerun: true } : {})
      },
      {
        type: 'audit',
        at,
        entry: { at, actor: 'octocat', action: 'heal', fingerprint: fp, outcome: status, runId }
      }
    ];
    if (status === 'fixed')
      events.push({
        type: 'audit',
        at,
        entry: { at, actor: 'octocat', action: 'pull-request', fingerprint: fp, outcome: 'made', runId }
      });
    if (status === 'rerun')
      events.push({
        type: 'rerun-result',
        at,
        runId,
        runAttempt: 2,
        fingerprint: fp,
        passed: r() < 0.5
      });
    if (r() < 0.05)
      events.push({ type: 'pr-result', at, fingerprint: fp, prNumber: run - 1, merged: r() < 0.7 });
    if (r() < 0.01) events.push({ type: 'ignore', at, fingerprint: fp, actor: 'octocat', reason: 'known' });
    const room = total - n;
    const kept = events.slice(0, room).map(e => JSON.parse(JSON.stringify(e)) as StateEvent);
    batches.push({ name: `nightwatch-events-${runId}-1`, events: kept });
    n += kept.length;
  }
  return batches;
}

interface ChildResult {
  events: number;
  batches: number;
  foldMs: number;
  snapshotMs: number;
  heapDeltaMb: number;
  rssBeforeMb: number;
  maxRssMb: number;
  snapshotKb: number;
  fingerprints: number;
  ledger: number;
}

async function child(): Promise<ChildResult> {
  const { emptyState, parseState, serializeState } = await import('../src/state/state.js');
  const { foldBatches, parseBatch, prune, serializeBatch } = await import('../src/state/events.js');
  const now = Date.now();
  // The batches as the store downloads them: text.
  const texts = generateBatches(EVENTS, now).map(b => ({ name: b.name, text: serializeBatch(b.events) }));
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const rssBefore = process.memoryUsage().rss;
  const t0 = process.hrtime.bigint();
  // As the store loads: every batch parsed and checked, then all folded in one pass.
  const parsed = texts.map(b => ({
    name: b.name,
    events: parseBatch(b.text),
    at: new Date(now).toISOString()
  }));
  const events = parsed.reduce((n, b) => n + b.events.length, 0);
  const state = foldBatches(emptyState(), parsed);
  const t1 = process.hrtime.bigint();
  const text = serializeState(prune(state, new Date(now)));
  const back = parseState(text);
  const t2 = process.hrtime.bigint();
  gc?.();
  const heapAfter = process.memoryUsage().heapUsed;
  return {
    events,
    batches: texts.length,
    foldMs: Number(t1 - t0) / 1e6,
    snapshotMs: Number(t2 - t1) / 1e6,
    heapDeltaMb: (heapAfter - heapBefore) / 1024 / 1024,
    rssBeforeMb: rssBefore / 1024 / 1024,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    snapshotKb: text.length / 1024,
    fingerprints: Object.keys(back.fingerprints).length,
    ledger: back.ledger.length
  };
}

function inChild(): ChildResult {
  const r = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--state-child'],
    { cwd: ROOT, encoding: 'utf8' }
  );
  if (r.status !== 0) throw new Error(`state child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as ChildResult;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Runs the benchmark three times (each in a fresh process) and prints the median and the worst. */
export async function benchState(): Promise<void> {
  const runs = [inChild(), inChild(), inChild()];
  const r = runs[0];
  const fold = runs.map(x => x.foldMs);
  const total = runs.map(x => x.foldMs + x.snapshotMs);
  const rssGrowth = runs.map(x => x.maxRssMb - x.rssBeforeMb);
  console.log(
    `state bench: ${r.events} events in ${r.batches} batches -> ${r.fingerprints} fingerprints, ` +
      `${r.ledger} ledger entries, a ${r.snapshotKb.toFixed(0)} KB snapshot`
  );
  console.log(
    `  parse + fold           ${median(fold).toFixed(0)} ms (median of ${runs.length}; worst ${Math.max(...fold).toFixed(0)} ms)   target < 1000 ms`
  );
  console.log(`  + prune, write, read   ${median(total).toFixed(0)} ms (median)`);
  console.log(
    `  heap used after - before  ${Math.max(...runs.map(x => x.heapDeltaMb)).toFixed(1)} MB (worst, after GC)   target < 100 MB`
  );
  console.log(
    `  peak RSS               ${Math.max(...runs.map(x => x.maxRssMb)).toFixed(0)} MB ` +
      `(${Math.max(...rssGrowth).toFixed(0)} MB above the ${r.rssBeforeMb.toFixed(0)} MB the process held before the fold, node and tsx included)`
  );
}

if (process.argv[2] === '--state-child') console.log(JSON.stringify(await child()));
