/**
 * The dependency lane in one call: attribution -> release notes -> impact report -> decision (and,
 * for `auto`, the dependency-rename fixer's proposal). The heal calls analyzeDependencyChange when
 * the failing commit changed a manifest or lockfile; undefined means no dependency version changed.
 */
import { BRANCH_PREFIX } from '../constants.js';
import { normalizeRelative } from '../fs/index.js';
import { DependencyRenameFixer, dependencyRenameEdits } from '../repair/fixers/dependency-rename.js';
import type { FixProposal } from '../repair/fixers/types.js';
import type { DependencyChange, Failure } from '../types.js';
import {
  changedDependencyFiles,
  type DependencyGit,
  type FailureTie,
  importNames,
  tieFailures,
  type VersionChange,
  versionChanges
} from './attribution.js';
import { noteTexts } from './changelog.js';
import { decide, type DecisionLimits } from './decision.js';
import { impactMarkdown, impactReport } from './impact.js';
import { declaredIn, plainVersion } from './manifests.js';
import { type ListReleases, type PackageRoots, releaseNotes } from './notes.js';
import { compilerRenames, mechanicalChanges, namedSymbols, type Rename, identOf } from './symbols.js';
import { compareVersions } from './version.js';
import { findLinksDirs } from './wheels.js';

export interface AnalyzeInput {
  /** The work tree at the failing commit. */
  workdir: string;
  git: DependencyGit;
  /** The parent of the failing commit, or the PR's base (merge base). */
  base: string;
  head: string;
  /** The triage's failures (and the reproduction's, when parsed). */
  failures: readonly Failure[];
  /** GitHub releases of a package repository, with the job's token (GitHub.listReleases). */
  listReleases?: ListReleases;
  /** Where installed packages can be read besides the work tree. */
  roots?: Omit<PackageRoots, 'tree'>;
  /** How code imports a package, when not its name (`PyYAML` -> `yaml`). */
  modules?: Record<string, string[]>;
  limits?: DecisionLimits;
}

export interface DependencyAnalysis {
  /** The record for `heal --json` and the PR/issue body. */
  change: DependencyChange;
  /** Why this decision. */
  reason: string;
  /** Every version the commit changed (the chosen one first). */
  changes: VersionChange[];
  ties: FailureTie[];
  renames: Rename[];
  /** For `auto`: the fixer's exact edits (the loop proves them like any fixer's). */
  proposal?: FixProposal;
  /** Built with the renames, for the repair loop to run first (declines unless complete). */
  fixer?: DependencyRenameFixer;
  /** `nightwatch/deps-<package>-<version>`. */
  branch: string;
  /** Where the notes came from, and what was skipped reading them. */
  notesSource?: string;
  skipped: string[];
  /** Markdown for the model's prompt, the PR body or the escalation issue. */
  report: string;
}

/** `nightwatch/deps-<package>-<version>` as a valid branch name (`@s/p` -> `s-p`). */
export function dependencyBranch(name: string, version: string): string {
  const slug = (s: string): string =>
    s
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/\.{2,}/g, '.')
      .replace(/^[-.]+|[-.]+$/g, '')
      .replace(/\.lock$/i, '-lock')
      .slice(0, 60) || 'x';
  return `${BRANCH_PREFIX}deps-${slug(name)}-${slug(version)}`;
}

/** The one change the failures point at: most evidence first, then a direct major bump. */
function choose(
  changes: VersionChange[],
  failures: readonly Failure[],
  modules: Record<string, string[]>
): { change: VersionChange; ties: FailureTie[] } {
  const weight = { export: 3, frame: 2, import: 1 } as const;
  let best = { change: changes[0], ties: [] as FailureTie[], score: -1 };
  for (const [i, c] of changes.entries()) {
    const ties = tieFailures(c, failures, modules[c.name]);
    const score =
      ties.reduce((n, t) => n + weight[t.evidence], 0) * 100 +
      (c.direct ? 10 : 0) +
      (c.major ? 5 : 0) -
      i / 1000;
    if (score > best.score) best = { change: c, ties, score };
  }
  return { change: best.change, ties: best.ties };
}

/**
 * Analyses the dependency update of `head` over `base`: undefined when no dependency version
 * changed. Reads manifests from git, notes and sources through `src/fs`, releases through GitHub.
 */
export async function analyzeDependencyChange(input: AnalyzeInput): Promise<DependencyAnalysis | undefined> {
  const { files, skipped } = await changedDependencyFiles(input.git, input.base, input.head);
  const changes = versionChanges(files);
  if (changes.length === 0) return undefined;
  const modules = input.modules ?? {};
  const { change, ties } = choose(changes, input.failures, modules);
  const mods = importNames(change, modules[change.name]);
  const local = localPackageDir(change, files);
  const findLinks = files.flatMap(f =>
    f.after !== null && /(?:^|\/)requirements[^/]*\.txt$/.test(f.path) ? findLinksDirs(f.path, f.after) : []
  );
  const notes = await releaseNotes(
    change,
    {
      tree: input.workdir,
      ...input.roots,
      ...(local ? { local } : {}),
      ...(findLinks.length ? { findLinks } : {})
    },
    input.listReleases
  );
  const mech = mechanicalChanges(notes.entries);
  const renames = [
    ...mech.renames,
    ...compilerRenames(ties).filter(r => !mech.renames.some(m => identOf(m.from) === r.from))
  ];
  const compiled = change.ecosystem !== 'pypi' && !(change.ecosystem === 'npm' && !hasTypeScript(files));
  const symbols = namedSymbols(notes.entries, ties, compiled ? 'breaks-build' : 'breaks-tests');
  const impact = await impactReport(input.workdir, change.ecosystem, mods, symbols);
  const plan = { name: change.name, ecosystem: change.ecosystem, modules: mods, renames };
  const fix = renames.length > 0 ? await dependencyRenameEdits(input.workdir, plan) : undefined;
  const renamed = new Set(renames.map(r => identOf(r.from) ?? r.from));
  const { decision, reason } = decide({
    entries: notes.entries,
    ties,
    impact: impact.items,
    fix,
    renamed,
    importers: impact.importers,
    limits: input.limits
  });
  const record: DependencyChange = {
    name: change.name,
    ecosystem: change.ecosystem,
    from: change.from,
    to: change.to,
    notes: noteTexts(notes.entries),
    impact: impact.items,
    decision
  };
  const fixer = renames.length > 0 ? new DependencyRenameFixer(plan) : undefined;
  const proposal =
    decision === 'auto' && fix
      ? {
          fixer: 'dependency-rename',
          edits: fix.edits,
          summary: `${change.name} ${change.from} -> ${change.to}: renamed ${[...new Set(fix.changed.map(c => `'${c.from}' -> '${c.to}'`))].join(', ')} at ${fix.changed.length} use(s)`
        }
      : undefined;
  return {
    change: record,
    reason,
    changes,
    ties,
    renames,
    ...(proposal ? { proposal } : {}),
    ...(fixer ? { fixer } : {}),
    branch: dependencyBranch(change.name, change.to),
    ...(notes.source ? { notesSource: notes.source } : {}),
    skipped: [
      ...skipped.map(p => `${p}: too large or unreadable in git`),
      ...notes.skipped,
      ...impact.skipped
    ],
    report: dependencyReport(record, reason, notes.source, impact.truncated)
  };
}

/**
 * The tree folder a `file:` dependency names in the manifest that declares the new version
 * (`"lib": "file:vendor/lib-2.0.0"`, relative to that manifest), or undefined (a registry version,
 * a tarball, a path outside the tree).
 */
export function localPackageDir(
  change: Pick<VersionChange, 'name' | 'files'>,
  files: readonly { path: string; after: string | null }[]
): string | undefined {
  for (const f of files) {
    if (!change.files.includes(f.path) || f.after === null || !f.path.endsWith('package.json')) continue;
    const spec = declaredIn(f.path, f.after).get(change.name)?.version ?? '';
    const m = /^file:(.+)$/.exec(spec.trim());
    if (!m || /\.(?:tgz|tar\.gz|tar)$/i.test(m[1])) continue;
    const folder = f.path.includes('/') ? f.path.slice(0, f.path.lastIndexOf('/')) : '';
    try {
      const dir = normalizeRelative(folder ? `${folder}/${m[1]}` : m[1]);
      if (dir && dir !== '.') return dir;
    } catch {
      // Absolute or outside the tree: not read.
    }
  }
  return undefined;
}

function hasTypeScript(files: readonly { path: string; after: string | null }[]): boolean {
  return files.some(f => f.path.endsWith('package.json') && /"typescript"\s*:/.test(f.after ?? ''));
}

/** Markdown: the update, the decision, the notes (breaking first) and the impact report. */
export function dependencyReport(
  c: DependencyChange,
  reason: string,
  source?: string,
  truncated = false
): string {
  const notes = c.notes.slice(0, 30).map(n => `- ${n.split('\n').join('\n  ')}`);
  return [
    `### Dependency update: \`${c.name}\` ${c.from} → ${c.to} (${c.ecosystem})`,
    '',
    `**Decision:** ${c.decision} — ${reason}. The update stays; the code is adapted to it.`,
    '',
    `#### Release notes${source ? ` (from ${source})` : ''}`,
    '',
    ...(notes.length ? notes : ['_No release notes found for this range._']),
    ...(c.notes.length > 30 ? [`- … ${c.notes.length - 30} more`] : []),
    '',
    '#### Impact',
    '',
    impactMarkdown(c.impact) + (truncated ? '\n\n_The scan stopped at its limit._' : '')
  ].join('\n');
}

/**
 * The files among `after` (path -> new text) that take `change` back: declare the package at a
 * version older than the update's (a revert or a pin back). The lane refuses such an edit; a
 * lockfile sync that keeps the new version is fine.
 */
export function revertsUpdate(
  change: Pick<DependencyChange, 'name' | 'from' | 'to'>,
  after: ReadonlyMap<string, string>
): string[] {
  const out: string[] = [];
  for (const [file, text] of after) {
    const d = declaredIn(file, text).get(change.name);
    if (!d) continue;
    const v = plainVersion(d.version);
    // A range's floor back at the old version, or an exact version older than the new one.
    const back =
      (compareVersions(v, change.from) ?? 1) <= 0 || (d.locked && (compareVersions(v, change.to) ?? 0) < 0);
    if (back) out.push(file);
  }
  return out;
}
