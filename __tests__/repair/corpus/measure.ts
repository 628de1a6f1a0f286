import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { repair } from '../../../src/repair/index.js';
import type { ProjectSpec, Sandbox } from '../../../src/sandbox/port.js';

/** One corpus case: a small broken project, its test command, and what a correct repair is. */
export interface CorpusCase {
  id: string;
  note: string;
  language: 'python' | 'node' | 'go';
  /** The install phase, when the case needs one (an npm lockfile case). */
  install?: string;
  test: string;
  /** `fixed`: a fixer must heal it with exactly `fix`; `declined`: no fixer may claim it. */
  expect: 'fixed' | 'declined';
  fix?: { file: string; from: string; to: string }[];
  files: Record<string, string>;
  /** The real test output of the broken tree in its image (recorded by `--record`). */
  output?: string;
}

/** The outcome of one case: healed as expected, declined as expected, missed, or a wrong fix. */
export interface CaseResult {
  id: string;
  expect: 'fixed' | 'declined';
  verdict: 'healed' | 'declined' | 'missed' | 'wrong';
  fixers: string[];
  output: string;
  detail?: string;
}

export const CORPUS_DIR = path.resolve('__tests__/repair/corpus');
export const IMAGES = {
  python: 'nightwatch-test-python:1',
  node: 'nightwatch-test-node:1',
  go: 'nightwatch-test-go:1'
} as const;

/** Reads every case of the corpus. */
export async function loadCorpus(dir = CORPUS_DIR): Promise<CorpusCase[]> {
  const names = (await readdir(dir)).filter(n => n.endsWith('.json')).sort();
  return Promise.all(
    names.map(async n => ({
      id: n.replace(/\.json$/, ''),
      ...(JSON.parse(await readFile(path.join(dir, n), 'utf8')) as Omit<CorpusCase, 'id'>)
    }))
  );
}

async function writeTree(dir: string, files: Record<string, string>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), content, 'utf8');
  }
}

/** The files of a case after the expected fix. */
export function expectedFiles(c: CorpusCase): Record<string, string> {
  const out = { ...c.files };
  for (const f of c.fix ?? []) {
    const before = out[f.file];
    if (before === undefined || !before.includes(f.from))
      throw new Error(`${c.id}: fix text not found in ${f.file}`);
    out[f.file] = before.replace(f.from, () => f.to); // a function: `$&` in the text is no pattern
  }
  return out;
}

/**
 * Runs the deterministic fixers alone (no model) on one case in the sandbox: the broken tree's real
 * output goes to repair(), whose result is compared with the expected fix.
 */
export async function runCase(
  c: CorpusCase,
  sandbox: Sandbox,
  opts: { equivalent?: (file: string, got: string, want: string) => boolean } = {}
): Promise<CaseResult> {
  const workdir = await mkdtemp(path.join(tmpdir(), `nw-corpus-${c.id}-`));
  const result = (
    verdict: CaseResult['verdict'],
    fixers: string[],
    output: string,
    detail?: string
  ): CaseResult => ({
    id: c.id,
    expect: c.expect,
    verdict,
    fixers,
    output,
    ...(detail ? { detail } : {})
  });
  try {
    await writeTree(workdir, c.files);
    const spec: ProjectSpec = {
      language: c.language,
      image: IMAGES[c.language],
      install: c.install,
      test: c.test,
      detectedFrom: 'corpus'
    };
    const before = await sandbox.run({ workdir, spec });
    if (before.exitCode === 0) return result('missed', [], before.output, 'the broken tree passes');
    const res = await repair({
      workdir,
      spec,
      sandbox,
      failureOutput: before.output,
      failureReports: before.reports,
      failures: [],
      diagnosis: { source: 'rules', rootCause: 'tests fail', category: 'test', confidence: 0.5 },
      maxAttempts: 0,
      minConfidence: 0.6,
      protectedPaths: [],
      // One re-run each way keeps the flake check and the proof's re-runs at half the cost for 51 cases.
      reruns: 1,
      // NW_MEASURE_VERBOSE=1: repair()'s log (each fixer's proposal and the proof's reasons) on stderr.
      log: process.env.NW_MEASURE_VERBOSE ? l => console.error(l) : () => undefined
    });
    const fixers = res.attempts.map(a => `${a.source}:${a.verdict}`);
    if (!res.fixed) return result(c.expect === 'fixed' ? 'missed' : 'declined', fixers, before.output);
    if (c.expect === 'declined')
      return result('wrong', fixers, before.output, 'healed a case no fixer should be sure about');
    for (const [rel, content] of Object.entries(expectedFiles(c))) {
      const got = await readFile(path.join(workdir, rel), 'utf8');
      if (got !== content && !opts.equivalent?.(rel, got, content))
        return result('wrong', fixers, before.output, `${rel} differs from the expected fix`);
    }
    return result('healed', fixers, before.output);
  } finally {
    await rm(workdir, { recursive: true, force: true });
  }
}

/** Summary numbers of a measurement. */
export interface Measurement {
  cases: number;
  healed: number;
  wrong: number;
  declined: number;
  missed: number;
  results: CaseResult[];
}

/** Runs every case; with `record`, writes each case's real output back into its JSON. */
export async function measure(
  sandbox: Sandbox,
  opts: { record?: boolean; only?: string[]; log?: (line: string) => void } = {}
): Promise<Measurement> {
  const cases = (await loadCorpus()).filter(c => !opts.only || opts.only.includes(c.id));
  const results: CaseResult[] = [];
  for (const c of cases) {
    const r = await runCase(c, sandbox);
    results.push(r);
    opts.log?.(
      `${r.verdict.padEnd(8)} ${c.id.padEnd(28)} ${r.fixers.join(', ') || '-'}${r.detail ? `  (${r.detail})` : ''}`
    );
    if (opts.record) {
      const { id, ...rest } = c;
      await writeFile(
        path.join(CORPUS_DIR, `${id}.json`),
        `${JSON.stringify({ ...rest, output: r.output }, null, 2)}\n`,
        'utf8'
      );
    }
  }
  const count = (v: CaseResult['verdict']): number => results.filter(r => r.verdict === v).length;
  return {
    cases: results.length,
    healed: count('healed'),
    wrong: count('wrong'),
    declined: count('declined'),
    missed: count('missed'),
    results
  };
}
