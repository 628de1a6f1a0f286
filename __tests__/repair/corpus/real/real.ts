/**
 * The real-project fixer corpus: small pure-Python libraries with their own tests (pinned subsets of
 * public repositories, stored as `<name>.tar.gz`), and mutants that each inject one mechanical bug.
 * The original tree is the reference fix. `projects.json` lists the projects and their split (`dev`:
 * looked at while improving the fixers; `holdout`: scored only, never looked at); `mutants.json`
 * holds the mutants that were checked to fail with the expected error in the test image.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { ProjectSpec, Sandbox } from '../../../../src/sandbox/port.js';
import { IMAGES, runCase, type CaseResult, type CorpusCase } from '../measure.js';

const exec = promisify(execFile);

export const REAL_DIR = path.resolve('__tests__/repair/corpus/real');

export interface RealProject {
  name: string;
  repo: string;
  commit: string;
  license: string;
  split: 'dev' | 'holdout';
  /** Files whose code is mutated (the library, not its tests). */
  sources: string[];
  test: string;
}

export type MutantKind =
  | 'name'
  | 'self-attr'
  | 'module-attr'
  | 'import-name'
  | 'relative-module'
  | 'drop-import-name'
  | 'drop-import';

/** One injected bug: line `line` of `file` reads `to` instead of `from` (an empty `to`: deleted). */
export interface Mutant {
  id: string;
  project: string;
  kind: MutantKind;
  file: string;
  line: number;
  from: string;
  to: string;
  /** A fragment the failing output must contain. */
  error: string;
}

export const loadProjects = async (): Promise<RealProject[]> =>
  JSON.parse(await readFile(path.join(REAL_DIR, 'projects.json'), 'utf8')) as RealProject[];

export const loadMutants = async (): Promise<Mutant[]> =>
  JSON.parse(await readFile(path.join(REAL_DIR, 'mutants.json'), 'utf8')) as Mutant[];

/** The files of a project (path -> text), from its archive, in path order. */
export const projectFiles = (name: string): Promise<Record<string, string>> =>
  archiveFiles(path.join(REAL_DIR, `${name}.tar.gz`));

/** The files of a corpus archive (path -> text), in path order; a file that is not UTF-8 is refused. */
export async function archiveFiles(archive: string): Promise<Record<string, string>> {
  const dir = await mkdtemp(path.join(tmpdir(), `nw-real-${path.basename(archive, '.tar.gz')}-`));
  try {
    await exec('tar', ['-xzf', archive, '-C', dir]);
    const { stdout } = await exec('tar', ['-tzf', archive]);
    const out: Record<string, string> = {};
    for (const rel of stdout
      .split('\n')
      .filter(l => l && !l.endsWith('/'))
      .sort()) {
      const bytes = await readFile(path.join(dir, rel));
      const text = bytes.toString('utf8');
      // Cases hold text: a file that is not UTF-8 would be rewritten, and its tests would change.
      if (!Buffer.from(text, 'utf8').equals(bytes))
        throw new Error(
          `${path.basename(archive)}: ${rel} is not UTF-8; leave it (and its tests) out of the archive`
        );
      out[rel] = text;
    }
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

const KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(
    ' '
  )
);

/**
 * A typo of `name` (an adjacent swap or a dropped letter, picked by `seed`), that is no identifier
 * of the project; undefined when there is none.
 */
export function typo(name: string, seed: string, taken: Set<string>): string | undefined {
  const cands = new Set<string>();
  for (let i = 1; i + 1 < name.length; i++)
    if (name[i] !== name[i + 1]) cands.add(name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2));
  for (let i = 1; i < name.length; i++) if (name.length >= 4) cands.add(name.slice(0, i) + name.slice(i + 1));
  const ok = [...cands].filter(c => /^[A-Za-z_]\w*$/.test(c) && !KEYWORDS.has(c) && !taken.has(c));
  ok.sort((a, b) => sha(seed + a).localeCompare(sha(seed + b)));
  return ok[0];
}

interface Site {
  kind: MutantKind;
  file: string;
  line: number;
  col: number;
  name: string;
  module?: string;
  level?: number;
}

/** The mutation sites of a project, by `sites.py` (Python's `ast`) in the test image, offline. */
export async function findSites(dir: string, sources: string[]): Promise<Site[]> {
  const { stdout } = await exec(
    'docker',
    [
      'run',
      '--rm',
      '--network',
      'none',
      '-v',
      `${REAL_DIR}:/s:ro`,
      '-v',
      `${dir}:/w:ro`,
      IMAGES.python,
      'python3',
      '/s/sites.py',
      '/w',
      ...sources
    ],
    { maxBuffer: 64 << 20 }
  );
  return JSON.parse(stdout) as Site[];
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The mutant of a site (its line and the error it must raise), or undefined when it cannot be made. */
export function mutate(project: string, site: Site, line: string, taken: Set<string>): Mutant | undefined {
  const seed = `${project}:${site.file}:${site.line}:${site.col}:${site.kind}:${site.name}`;
  const base = { project, kind: site.kind, file: site.file, line: site.line, from: line };
  const id = `${project}/${site.kind}/${site.file}:${site.line}:${site.name}`;
  if (site.kind === 'drop-import')
    return /^import\s+\w+\s*$/.test(line)
      ? { id, ...base, to: '', error: `NameError: name '${site.name}' is not defined` }
      : undefined;
  if (site.kind === 'drop-import-name') {
    const at = line.indexOf(' import ');
    const head = line.slice(0, at + 8);
    const names = line
      .slice(at + 8)
      .replace(/[()]/g, '')
      .split(',')
      .map(s => s.trim());
    if (!names.includes(site.name) || names.some(n => !/^\w+$/.test(n))) return undefined;
    const rest = names.filter(n => n !== site.name);
    const paren = /\(/.test(line.slice(at));
    return {
      id,
      ...base,
      to: `${head}${paren ? '(' : ''}${rest.join(', ')}${paren ? ')' : ''}`,
      error: `NameError: name '${site.name}' is not defined`
    };
  }
  if (site.kind === 'relative-module') {
    const t = typo(site.name, seed, taken);
    const m = new RegExp(`^(\\s*from\\s+\\.+(?:\\w+\\.)*)${escapeRe(site.name)}(\\s+import\\s)`).exec(line);
    if (!t || !m) return undefined;
    return {
      id,
      ...base,
      to: m[1] + t + line.slice(m[1].length + site.name.length),
      error: `ModuleNotFoundError: No module named '`
    };
  }
  const t = typo(site.name, seed, taken);
  if (!t) return undefined;
  if (site.kind === 'import-name') {
    const at = line.indexOf(' import ');
    const re = new RegExp(`(?<![\\w.])${escapeRe(site.name)}(?!\\w)`, 'g');
    const hits = [...line.slice(at).matchAll(re)];
    if (at < 0 || hits.length !== 1) return undefined;
    const col = at + hits[0].index;
    return {
      id,
      ...base,
      to: line.slice(0, col) + t + line.slice(col + site.name.length),
      error: `ImportError: cannot import name '${t}'`
    };
  }
  if (line.slice(site.col, site.col + site.name.length) !== site.name) return undefined;
  const to = line.slice(0, site.col) + t + line.slice(site.col + site.name.length);
  const error = site.kind === 'name' ? `NameError: name '${t}' is not defined` : `has no attribute '${t}'`;
  return { id, ...base, to, error };
}

/** The files of a mutant: the project with the one line changed (or deleted). */
export function mutantFiles(files: Record<string, string>, m: Mutant): Record<string, string> {
  const lines = files[m.file].split('\n');
  if (lines[m.line - 1] !== m.from) throw new Error(`${m.id}: the line does not match the project`);
  if (m.to === '') lines.splice(m.line - 1, 1);
  else lines[m.line - 1] = m.to;
  return { ...files, [m.file]: lines.join('\n') };
}

/** The corpus case of a mutant: the reference fix is the original file. */
export function mutantCase(p: RealProject, files: Record<string, string>, m: Mutant): CorpusCase {
  const broken = mutantFiles(files, m);
  return {
    id: m.id.replace(/[^\w.-]+/g, '_'),
    note: `${m.kind} in ${m.file}:${m.line}`,
    language: 'python',
    test: p.test,
    expect: 'fixed',
    fix: [{ file: m.file, from: broken[m.file], to: files[m.file] }],
    files: broken
  };
}

/** The spec a project's tests run with. */
export const projectSpec = (p: RealProject): ProjectSpec => ({
  language: 'python',
  image: IMAGES.python,
  test: p.test,
  detectedFrom: 'corpus'
});

/** Writes files into a fresh directory. */
export async function writeTreeTo(files: Record<string, string>, prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), content, 'utf8');
  }
  return dir;
}

/** True when a mutant fails in the test image with its expected error (and the original passes). */
export async function checkMutant(
  sandbox: Sandbox,
  p: RealProject,
  files: Record<string, string>,
  m: Mutant
): Promise<boolean> {
  const dir = await writeTreeTo(mutantFiles(files, m), 'nw-mutant-');
  try {
    const r = await sandbox.run({ workdir: dir, spec: projectSpec(p) });
    return r.exitCode !== 0 && r.output.includes(m.error);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Import statements of a file as `binding<-module` (relative modules resolved), the other lines apart. */
function importsAndRest(file: string, text: string): { bindings: string[]; rest: string[] } {
  const pkg = path.posix
    .dirname(file)
    .split('/')
    .filter((d, i) => !(i === 0 && d === 'src'));
  const bindings: string[] = [];
  const rest: string[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let l = lines[i];
    const from = /^(\s*)from\s+(\.*)([\w.]*)\s+import\s+(.*)$/.exec(l);
    const imp = /^(\s*)import\s+(.*)$/.exec(l);
    if (!from && !imp) {
      rest.push(l);
      continue;
    }
    while (l.includes('(') && !l.includes(')') && i + 1 < lines.length) l += ' ' + lines[++i].trim();
    const indent = (from ?? imp)![1];
    if (from) {
      const dots = from[2].length;
      const mod = dots
        ? [...pkg.slice(0, pkg.length - (dots - 1)), ...(from[3] ? from[3].split('.') : [])].join('.')
        : from[3];
      const list = l.slice(l.indexOf(' import ') + 8).replace(/[()]/g, '');
      for (const part of list
        .split(',')
        .map(s => s.trim())
        .filter(Boolean))
        bindings.push(`${indent}${part}<-${mod}`);
    } else {
      for (const part of imp![2]
        .split(',')
        .map(s => s.trim())
        .filter(Boolean))
        bindings.push(`${indent}${part}`);
    }
  }
  return { bindings: bindings.sort(), rest };
}

/**
 * True when `got` is the reference `want` but for the order and layout of import statements: the same
 * other lines, the same names bound from the same modules (`from .a import x` = `from pkg.a import x`).
 */
export function equivalentImports(file: string, got: string, want: string): boolean {
  const a = importsAndRest(file, got);
  const b = importsAndRest(file, want);
  const strip = (r: string[]): string => r.filter(l => l.trim() !== '').join('\n');
  return strip(a.rest) === strip(b.rest) && a.bindings.join('\n') === b.bindings.join('\n');
}

/** Runs the fixers alone on one mutant; an import fix equivalent to the reference counts as healed. */
export async function runMutant(
  sandbox: Sandbox,
  p: RealProject,
  files: Record<string, string>,
  m: Mutant
): Promise<CaseResult> {
  return runCase(mutantCase(p, files, m), sandbox, {
    equivalent: (rel, got, want) => equivalentImports(rel, got, want)
  });
}

/** The outcome of one mutant over one or more runs. */
export interface MutantResult {
  mutant: Mutant;
  split: RealProject['split'];
  /** One verdict per run: healed, declined (no fix made) or wrong. */
  verdicts: ('healed' | 'declined' | 'wrong')[];
  detail?: string;
  /** The fixers tried on the last run, each with its verdict. */
  fixers?: string[];
  /** The fixers tried on each run, `;` between runs, when the runs' verdicts differ. */
  perRun?: string;
}

/** What one corpus of real projects gives the measurement: its projects, mutants and runner. */
export interface MutantCorpus<
  P extends { name: string; split: RealProject['split'] },
  M extends { id: string; project: string }
> {
  projects: () => Promise<P[]>;
  mutants: () => Promise<M[]>;
  files: (project: string) => Promise<Record<string, string>>;
  run: (sandbox: Sandbox, p: P, files: Record<string, string>, m: M) => Promise<CaseResult>;
}

/** Which mutants to run, how often, and where each one's line goes. */
export interface MeasureOptions {
  split?: RealProject['split'];
  projects?: string[];
  /** Only the mutants with these ids. */
  ids?: string[];
  runs?: number;
  log?: (line: string) => void;
}

/** Runs the fixers on each selected mutant of a corpus `runs` times. */
export async function measureMutants<
  P extends { name: string; split: RealProject['split'] },
  M extends { id: string; project: string }
>(
  sandbox: Sandbox,
  corpus: MutantCorpus<P, M>,
  opts: MeasureOptions = {}
): Promise<(Omit<MutantResult, 'mutant'> & { mutant: M })[]> {
  const projects = (await corpus.projects()).filter(
    p => (!opts.split || p.split === opts.split) && (!opts.projects || opts.projects.includes(p.name))
  );
  const mutants = await corpus.mutants();
  const out: (Omit<MutantResult, 'mutant'> & { mutant: M })[] = [];
  for (const p of projects) {
    const files = await corpus.files(p.name);
    for (const m of mutants.filter(x => x.project === p.name && (!opts.ids || opts.ids.includes(x.id)))) {
      const r: Omit<MutantResult, 'mutant'> & { mutant: M } = { mutant: m, split: p.split, verdicts: [] };
      const perRun: string[] = [];
      for (let i = 0; i < (opts.runs ?? 1); i++) {
        const res = await corpus.run(sandbox, p, files, m);
        r.verdicts.push(res.verdict === 'healed' ? 'healed' : res.verdict === 'wrong' ? 'wrong' : 'declined');
        if (res.detail) r.detail = res.detail;
        r.fixers = res.fixers;
        perRun.push(res.fixers.join(', ') || '-');
      }
      // A mutant whose runs disagree says, run by run, which fixer decided what.
      if (new Set(r.verdicts).size > 1) r.perRun = perRun.join('; ');
      out.push(r);
      opts.log?.(
        `${r.verdicts.join('/').padEnd(16)} ${m.id}  ${r.perRun ?? (r.fixers?.join(', ') || '-')}${r.detail ? `  (${r.detail})` : ''}`
      );
    }
  }
  return out;
}

/** Runs the fixers on each selected Python mutant `runs` times. */
export const measureReal = (sandbox: Sandbox, opts: MeasureOptions = {}): Promise<MutantResult[]> =>
  measureMutants(
    sandbox,
    { projects: loadProjects, mutants: loadMutants, files: projectFiles, run: runMutant },
    opts
  );
