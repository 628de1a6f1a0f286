/**
 * Java and Rust corpus cases whose compiler output was recorded on a host with the real tools
 * (javac 17; cargo/rustc 1.63 and a current stable). There is no test image with a JDK or cargo, so
 * the proof (re-running the tests in a sandbox) cannot run: a case is judged by comparing the
 * fixers' proposals on each recorded output with the reference fix. `record()` re-records the
 * outputs (needs the tools on PATH); the judging needs only the recorded JSON.
 *
 * JavaScript/TypeScript cases (`node`) hold real jest and vitest output the same way: the runners
 * are installed outside the repository (`NW_JS_TOOLS`, see `JS_TOOLS`) and linked in as
 * node_modules; each case lists its `commands` (the runners that can run it).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { applyEdits } from '../../../../src/repair/edits.js';
import { stripAnsi } from '../../../../src/triage/ansi.js';
import { defaultFixers } from '../../../../src/repair/fixers/index.js';
import type { FixProposal } from '../../../../src/repair/fixers/types.js';
import { expectedFiles, type CorpusCase } from '../measure.js';

const run = promisify(execFile);

/** One recorded run of a case: the tool, the command and its combined output. */
export interface RecordedRun {
  tool: string;
  command: string;
  output: string;
}

export type RecordedLanguage = 'java' | 'rust' | 'node';

export interface RecordedCase extends Omit<CorpusCase, 'id' | 'language' | 'test' | 'output'> {
  language: RecordedLanguage;
  /** Extra environment of the build (e.g. RUSTFLAGS). */
  env?: Record<string, string>;
  /** The build commands when not the language's usual ones (`cargo test` for a test module). */
  commands?: string[];
  runs?: RecordedRun[];
}

export interface RecordedResult {
  id: string;
  language: RecordedLanguage;
  run: string;
  expect: 'fixed' | 'declined';
  verdict: 'healed' | 'declined' | 'missed' | 'wrong';
  fixers: string[];
  detail?: string;
}

export const RECORDED_DIR = path.resolve('__tests__/repair/corpus/recorded');

export async function loadRecorded(dir = RECORDED_DIR): Promise<(RecordedCase & { id: string })[]> {
  const names = (await readdir(dir)).filter(n => n.endsWith('.json')).sort();
  return Promise.all(
    names.map(async n => ({
      ...(JSON.parse(await readFile(path.join(dir, n), 'utf8')) as RecordedCase),
      id: n.replace(/\.json$/, '')
    }))
  );
}

async function writeTree(dir: string, files: Record<string, string>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), content, 'utf8');
  }
}

/**
 * Every fixer's proposal on one recorded output. Healed: at least one fixer proposes and every
 * proposal gives exactly the reference files; wrong: any proposal that does not (no proof would
 * stop it here), or any proposal on a case no fixer may claim.
 */
export async function judgeRun(c: RecordedCase & { id: string }, r: RecordedRun): Promise<RecordedResult> {
  const base = { id: c.id, language: c.language, run: `${r.tool}: ${r.command}`, expect: c.expect };
  const proposals: FixProposal[] = [];
  const scratch = await mkdtemp(path.join(tmpdir(), `nw-recorded-${c.id}-`));
  try {
    await writeTree(scratch, c.files);
    for (const f of defaultFixers()) {
      const p = await f.propose({
        workdir: scratch,
        spec: { language: c.language, image: '', test: r.command, detectedFrom: 'corpus' },
        failureOutput: stripAnsi(r.output), // as repair's loop gives it
        failures: [],
        log: () => undefined
      });
      if (p) proposals.push(p);
    }
    const fixers = proposals.map(p => p.fixer);
    if (proposals.length === 0)
      return { ...base, verdict: c.expect === 'fixed' ? 'missed' : 'declined', fixers };
    if (c.expect === 'declined')
      return {
        ...base,
        verdict: 'wrong',
        fixers,
        detail: 'a fixer claimed a case no fixer should be sure about'
      };
    const want = expectedFiles({ ...c, language: 'go', test: '' });
    for (const p of proposals) {
      const dir = await mkdtemp(path.join(tmpdir(), `nw-recorded-${c.id}-`));
      try {
        await writeTree(dir, c.files);
        const applied = await applyEdits(dir, p.edits);
        if (!applied.ok)
          return { ...base, verdict: 'wrong', fixers, detail: `${p.fixer}: edits do not apply` };
        for (const [rel, content] of Object.entries(want)) {
          if ((await readFile(path.join(dir, rel), 'utf8')) !== content)
            return {
              ...base,
              verdict: 'wrong',
              fixers,
              detail: `${p.fixer}: ${rel} differs from the reference fix`
            };
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
    return { ...base, verdict: 'healed', fixers };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Judges every recorded run of every case. */
export async function measureRecorded(only?: string[]): Promise<RecordedResult[]> {
  const out: RecordedResult[] = [];
  for (const c of await loadRecorded()) {
    if (only && !only.includes(c.id)) continue;
    for (const r of c.runs ?? []) out.push(await judgeRun(c, r));
  }
  return out;
}

const MAVEN_STYLE = path.resolve('__tests__/repair/corpus/recorded/tools/MavenStyle.java');

/** Where `record()` finds the JavaScript test runners: folders with a node_modules each. */
export const JS_TOOLS = (process.env.NW_JS_TOOLS ?? '/tmp/vt:/tmp/vt1:/tmp/vt0:/tmp/vt30').split(':');

/** The runners (jest, vitest) installed in a folder of `JS_TOOLS`. */
const runnersIn = (dir: string): string[] =>
  ['jest', 'vitest'].filter(r => existsSync(path.join(dir, 'node_modules/.bin', r)));

interface Toolchain {
  bin: string;
  version: string;
  commands: [string, string][];
  /** node: the node_modules linked into the case's tree (entries the case does not have). */
  modules?: string;
  /** node: the case commands this toolchain runs (an old vitest runs no jest). */
  runs?: RegExp;
}

/**
 * The toolchains `record()` runs, when present: `bin` directories put first on PATH; each command
 * with the text the case records (Maven is not installed: its in-process javac is reproduced).
 */
const TOOLCHAINS: Record<RecordedLanguage, Toolchain[]> = {
  java: [
    {
      bin: '/usr/bin',
      version: 'javac -version',
      commands: [
        ['javac -d build/classes $(find src -name "*.java" | sort)', ''],
        [
          `java ${MAVEN_STYLE} -d build/classes -- $(find src -name "*.java" | sort)`,
          'mvn -B compile (javax.tools in process as plexus-compiler-javac, printed as Maven logs it: tools/MavenStyle.java)'
        ]
      ]
    }
  ],
  rust: ['/usr/bin', path.join(process.env.HOME ?? '/root', '.cargo/bin')].map(bin => ({
    bin,
    version: 'rustc --version',
    commands: [
      ['cargo build', ''],
      ['cargo build --message-format=json', '']
    ]
  })),
  // `node v20.20.2, jest 29.7.0, vitest/4.1.12`: the runners of each folder, each running the
  // case commands that name it.
  node: JS_TOOLS.map(dir => ({
    bin: path.join(dir, 'node_modules/.bin'),
    version:
      runnersIn(dir).length === 0
        ? 'false'
        : `echo "node $(node --version)${runnersIn(dir)
            .map(r => (r === 'jest' ? ', jest $(jest --version)' : ', $(vitest --version | cut -d" " -f1)'))
            .join('')}"`,
    commands: [],
    modules: path.join(dir, 'node_modules'),
    runs: new RegExp(runnersIn(dir).join('|') || '^$')
  }))
};

/** Links every package of `modules` the tree's own node_modules lacks (a vendored one stays). */
async function linkModules(dir: string, modules: string): Promise<void> {
  const own = path.join(dir, 'node_modules');
  await mkdir(own, { recursive: true });
  const have = new Set(await readdir(own));
  for (const n of await readdir(modules))
    if (!have.has(n)) await symlink(path.join(modules, n), path.join(own, n));
}

/**
 * Re-records every case's runs: the broken tree is written to /tmp/nw-recorded/<id> (a fixed path,
 * so outputs are stable) and built with each toolchain found. A run that passes is an error: the
 * case's bug was not injected.
 */
export async function record(only?: string[], log: (l: string) => void = console.log): Promise<void> {
  for (const c of await loadRecorded()) {
    if (only && !only.includes(c.id)) continue;
    const dir = path.join('/tmp/nw-recorded', c.id);
    const runs: RecordedRun[] = [];
    for (const t of TOOLCHAINS[c.language]) {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        ...c.env,
        PATH: `${t.bin}:${process.env.PATH}`,
        CARGO_TERM_COLOR: 'never'
      };
      // A JS command says its colour itself (`FORCE_COLOR=0 jest`); CI is set as on a CI runner.
      if (c.language === 'node')
        Object.assign(env, { NO_COLOR: undefined, FORCE_COLOR: undefined, CI: 'true' });
      let tool: string;
      try {
        const v = await run('sh', ['-c', `${t.version} 2>&1`], { env });
        tool = v.stdout.trim();
      } catch {
        continue;
      }
      if (runs.some(r => r.tool === tool)) continue;
      const commands: [string, string][] = c.commands
        ? c.commands.filter(x => !t.runs || t.runs.test(x)).map(x => [x, ''])
        : t.commands;
      if (commands.length === 0) continue;
      for (const [command, label] of commands) {
        await rm(dir, { recursive: true, force: true });
        await writeTree(dir, c.files);
        if (t.modules) await linkModules(dir, t.modules);
        const shown = Object.entries(c.env ?? {})
          .map(([k, v]) => `${k}='${v}' `)
          .join('');
        const res = await run('sh', ['-c', `${command} 2>&1`], { cwd: dir, env, maxBuffer: 1 << 24 }).then(
          () => undefined,
          (e: { stdout?: string }) => e.stdout ?? ''
        );
        if (res === undefined)
          throw new Error(`${c.id}: '${command}' (${tool}) passes: the bug is not there`);
        runs.push({ tool, command: label || `${shown}${command}`, output: res });
        log(`${c.id}: ${tool}: ${command}`);
      }
      if (c.expect === 'fixed') {
        // The reference fix must build with the same tool.
        await rm(dir, { recursive: true, force: true });
        await writeTree(dir, expectedFiles({ ...c, language: 'go', test: '' }));
        if (t.modules) await linkModules(dir, t.modules);
        await run('sh', ['-c', `${commands[0][0]} 2>&1`], { cwd: dir, env }).catch(
          (e: { stdout?: string }) => {
            throw new Error(`${c.id}: the reference fix does not build with ${tool}:\n${e.stdout ?? ''}`);
          }
        );
      }
    }
    await rm(dir, { recursive: true, force: true });
    const { id, ...rest } = c;
    await writeFile(
      path.join(RECORDED_DIR, `${id}.json`),
      `${JSON.stringify({ ...rest, runs }, null, 2)}\n`,
      'utf8'
    );
  }
}
