/**
 * Attribution: which dependencies the failing commit changed (from the two texts of each changed
 * manifest and lockfile), and which of the triage's failures point at one of them.
 */
import type { Ecosystem, Failure } from '../types.js';
import { declaredIn, manifestKind, plainVersion, pyName } from './manifests.js';
import { compareVersions, isMajorBump } from './version.js';

/** One changed dependency file: its text at the base and at the failing commit (null: absent). */
export interface ChangedFile {
  path: string;
  before: string | null;
  after: string | null;
}

/** A dependency whose version the commit changed. */
export interface VersionChange {
  name: string;
  ecosystem: Ecosystem;
  /** Exact when a lockfile says, else the manifest's range made plain. */
  from: string;
  to: string;
  /** Declared in a manifest (not only a lockfile's transitive entry). */
  direct: boolean;
  major: boolean;
  /** The files that say so. */
  files: string[];
}

/** Upper bound on the changes reported (a lockfile refresh can move thousands). */
export const MAX_CHANGES = 500;

/**
 * The dependencies whose version differs between `before` and `after` of each file, merged by
 * ecosystem and name (a lockfile's exact versions win over a manifest's ranges). Added and removed
 * dependencies are not version changes. Direct dependencies first, then major bumps, then by name.
 */
export function versionChanges(files: readonly ChangedFile[]): VersionChange[] {
  const merged = new Map<string, VersionChange & { locked: boolean }>();
  for (const f of files) {
    if (manifestKind(f.path) === undefined || f.before === null || f.after === null) continue;
    const a = declaredIn(f.path, f.before);
    const b = declaredIn(f.path, f.after);
    for (const [name, now] of b) {
      const was = a.get(name);
      if (!was || was.version === now.version) continue;
      const key = `${now.ecosystem}:${name}`;
      const prev = merged.get(key);
      const from = plainVersion(was.version);
      const to = plainVersion(now.version);
      if (!prev) {
        merged.set(key, {
          name,
          ecosystem: now.ecosystem,
          from,
          to,
          direct: !now.locked || manifestKind(f.path) === 'go.mod',
          major: false,
          files: [f.path],
          locked: now.locked
        });
        continue;
      }
      prev.files.push(f.path);
      if (!now.locked) prev.direct = true;
      if (now.locked && !prev.locked) {
        prev.from = from;
        prev.to = to;
        prev.locked = true;
      }
    }
  }
  const out = [...merged.values()].map(({ locked: _locked, ...c }) => ({
    ...c,
    major: isMajorBump(c.from, c.to)
  }));
  // A range respelled without a new version (`^1.2.0` -> `~1.2.0`) is no update.
  const real = out.filter(c => c.from !== c.to && compareVersions(c.from, c.to) !== 0);
  real.sort(
    (x, y) =>
      Number(y.direct) - Number(x.direct) || Number(y.major) - Number(x.major) || x.name.localeCompare(y.name)
  );
  return real.slice(0, MAX_CHANGES);
}

/** Why a failure is tied to a changed dependency. */
export interface FailureTie {
  failure: Failure;
  /** 'frame' (a stack frame inside it), 'export' (a missing export of it), 'import' (an import of it). */
  evidence: 'frame' | 'export' | 'import';
  /** The symbol the failure names as missing or broken, when it names one. */
  symbol?: string;
  /** What the compiler suggests instead, when it does (`Did you mean 'y'?`). */
  suggestion?: string;
}

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The names a package is imported by: npm as is; Python by its module names; Go by its path. */
export function importNames(change: Pick<VersionChange, 'name' | 'ecosystem'>, modules?: string[]): string[] {
  if (modules && modules.length > 0) return modules;
  if (change.ecosystem === 'pypi') return [pyName(change.name).replace(/-/g, '_')];
  if (change.ecosystem === 'cargo') return [change.name.replace(/-/g, '_')];
  if (change.ecosystem === 'maven') return [change.name.split(':')[0]];
  return [change.name];
}

/**
 * The failures that point at `change`: a stack frame inside the installed package
 * (`node_modules/<pkg>/`, `site-packages/<module>/`, the Go or Cargo cache), a missing export of
 * it (TS2305/TS2724, `cannot import name 'X' from 'pkg'`, `does not provide an export named`), or an
 * import of it that fails (`Cannot find module 'pkg'`, `No module named 'pkg'`).
 */
export function tieFailures(
  change: VersionChange,
  failures: readonly Failure[],
  modules?: string[]
): FailureTie[] {
  const names = importNames(change, modules);
  const alt = names.map(esc).join('|');
  const modRe = `(?:${alt})(?:[/.][\\w./-]*)?`;
  const frame = new RegExp(
    change.ecosystem === 'npm'
      ? `node_modules/(?:${alt})/`
      : change.ecosystem === 'pypi'
        ? `(?:site|dist)-packages/(?:${alt})(?:/|\\.py)`
        : change.ecosystem === 'go'
          ? `pkg/mod/${esc(change.name)}@`
          : change.ecosystem === 'cargo'
            ? `registry/src/[^/]+/${esc(change.name)}-\\d`
            : `\\b${alt}\\.`
  );
  const exportRes: RegExp[] = [
    // TS2305 / TS2724: Module '"pkg"' has no exported member 'X'. Did you mean 'Y'?
    new RegExp(
      `Module '"${modRe}"' has no exported member (?:named )?'([\\w$]+)'(?:\\. Did you mean '([\\w$]+)'\\?)?`
    ),
    new RegExp(
      `'"${modRe}"' has no exported member (?:named )?'([\\w$]+)'(?:\\. Did you mean '([\\w$]+)'\\?)?`
    ),
    // Python: cannot import name 'X' from 'pkg' (...). Did you mean: 'Y'?
    new RegExp(`cannot import name '([\\w]+)' from '${modRe}'[^\\n]*?(?:Did you mean: '([\\w]+)'\\?)?`),
    // Node ESM: The requested module 'pkg' does not provide an export named 'X'
    new RegExp(`requested module '${modRe}' does not provide an export named '([\\w$]+)'`),
    // Python: module 'pkg' has no attribute 'X'. Did you mean: 'Y'?
    new RegExp(`module '${modRe}' has no attribute '([\\w]+)'(?:\\. Did you mean: '([\\w]+)'\\?)?`),
    // Node at run time: (TypeError:) lib.X is not a function, with the package bound under its own
    // name (`my-lib` as myLib or my_lib; tsc's `my_lib_1`, babel's `(0 , _myLib.X)`).
    ...(change.ecosystem === 'npm'
      ? [
          new RegExp(
            `(?<![\\w$.])(?:\\(0\\s*,\\s*)?_?(?:${jsBindings(names).join('|')})(?:_\\d+)?\\.([\\w$]+)\\)? is not a (?:function|constructor)`
          )
        ]
      : []),
    // Go: undefined: pkg.X
    new RegExp(
      `undefined: (?:${alt
        .split('|')
        .map(n => n.split('/').pop())
        .join('|')})\\.(\\w+)`
    )
  ];
  const importRes: RegExp[] = [
    new RegExp(`Cannot find module '${modRe}'`),
    new RegExp(`No module named '${modRe}'`),
    new RegExp(`from ['"]${modRe}['"]`),
    new RegExp(`require\\(['"]${modRe}['"]\\)`),
    new RegExp(`^\\s*(?:from|import)\\s+${modRe}\\b`, 'm')
  ];
  const out: FailureTie[] = [];
  for (const failure of failures) {
    const text = [failure.message, failure.file ?? ''].join('\n');
    let tie: FailureTie | undefined;
    for (const re of exportRes) {
      const m = re.exec(text);
      if (m) {
        tie = { failure, evidence: 'export', symbol: m[1], ...(m[2] ? { suggestion: m[2] } : {}) };
        break;
      }
    }
    if (!tie && frame.test(text)) tie = { failure, evidence: 'frame' };
    if (!tie && importRes.some(re => re.test(text))) tie = { failure, evidence: 'import' };
    if (tie) out.push(tie);
  }
  return out;
}

/** The identifiers code binds an npm package to by convention (`@s/my-lib` -> myLib, my_lib, mylib). */
function jsBindings(names: readonly string[]): string[] {
  const out = new Set<string>();
  for (const n of names) {
    const base = n.split('/').pop() ?? n;
    const parts = base.split(/[^A-Za-z0-9]+/).filter(Boolean);
    if (parts.length === 0 || /^\d/.test(parts[0])) continue;
    out.add(
      parts[0] +
        parts
          .slice(1)
          .map(p => p[0].toUpperCase() + p.slice(1))
          .join('')
    );
    out.add(parts.join('_'));
    out.add(parts.join(''));
  }
  return [...out].map(esc);
}

/** The slice of the git port attribution reads through (src/delivery/git.ts). */
export interface DependencyGit {
  changedFiles(from: string, to: string): Promise<string[]>;
  /** The text of `path` at `rev`; null when it does not exist there or is larger than `maxBytes`. */
  showFile(rev: string, path: string, maxBytes?: number): Promise<string | null>;
}

/** Largest manifest or lockfile read (a bigger one is reported, not read). */
export const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;

/**
 * The changed manifests and lockfiles between `base` (the parent, or the PR's base) and `head`,
 * with both texts, read from git objects (never from the work tree, never through a link).
 */
export async function changedDependencyFiles(
  git: DependencyGit,
  base: string,
  head: string,
  maxBytes = MAX_MANIFEST_BYTES
): Promise<{ files: ChangedFile[]; skipped: string[] }> {
  const files: ChangedFile[] = [];
  const skipped: string[] = [];
  for (const path of await git.changedFiles(base, head)) {
    if (manifestKind(path) === undefined) continue;
    const before = await git.showFile(base, path, maxBytes);
    const after = await git.showFile(head, path, maxBytes);
    if (before === null && after === null) skipped.push(path);
    files.push({ path, before, after });
  }
  return { files, skipped };
}
