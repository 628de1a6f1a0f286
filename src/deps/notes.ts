/**
 * Release notes between two versions of a dependency: the changelog shipped in the installed
 * package (node_modules, site-packages, the Go and Cargo caches), read through `src/fs` (never
 * through a link, never over a size cap), else the package repository's GitHub releases.
 */
import { listTreeDir, readTreeFile, UnsafePathError } from '../fs/index.js';
import type { Ecosystem } from '../types.js';
import { changelogEntries, type NoteEntry, type Release, releaseEntries } from './changelog.js';
import { pyName } from './manifests.js';
import { wheelTexts } from './wheels.js';

/** Largest changelog read; a bigger one is skipped with a note (a real one is far smaller). */
export const MAX_CHANGELOG_BYTES = 2 * 1024 * 1024;

const CHANGELOG_NAMES = /^(?:changelog|changes|history|releases?|news)(?:\.(?:md|markdown|rst|txt))?$/i;

/** Where installed packages live, each a directory the host may read through `src/fs`. */
export interface PackageRoots {
  /** The work tree (node_modules, .venv, venv live here). */
  tree: string;
  /** Extra site-packages directories relative to `tree` (default: .venv/venv lib/python*). */
  sitePackages?: string[];
  /** GOMODCACHE (absolute), when the host can read it. */
  goModCache?: string;
  /** CARGO_HOME (absolute), when the host can read it. */
  cargoHome?: string;
  /** The package's own folder in the tree (a `file:` dependency), read before node_modules. */
  local?: string;
  /** Folders of the tree a requirements file's `--find-links` names (a local wheel index). */
  findLinks?: string[];
}

/** What was found: the entries, where they came from, and what was skipped and why. */
export interface NotesResult {
  entries: NoteEntry[];
  source?: string;
  /** `owner/repo` of the package's repository when its metadata names one on GitHub. */
  repository?: string;
  skipped: string[];
}

const NPM_NAME = /^(?:@[a-z0-9][\w.~-]*\/)?[a-z0-9][\w.~-]*$/i;
const SIMPLE = /^[A-Za-z0-9][\w.-]*$/;
const GO_PATH = /^[A-Za-z0-9][\w.~-]*(?:\/[A-Za-z0-9][\w.~-]*)*$/;
const VERSION_SAFE = /^v?[0-9][\w.+-]*$/;

/** `owner/repo` of a GitHub URL as package metadata writes it (git+https, git@, github:), if one. */
export function githubRepository(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const m =
    /^(?:git\+)?(?:https?|git|ssh):\/\/(?:[^@/]+@)?github\.com[/:]([\w.-]+)\/([\w.-]+?)(?:\.git)?(?:[/#?].*)?$/i.exec(
      url.trim()
    ) ??
    /^git@github\.com:([\w.-]+)\/([\w.-]+?)(?:\.git)?$/i.exec(url.trim()) ??
    /^github:([\w.-]+)\/([\w.-]+?)(?:\.git)?(?:#.*)?$/i.exec(url.trim()) ??
    /^([\w-]+)\/([\w.-]+)$/.exec(url.trim());
  if (!m || m[1] === '.' || m[1] === '..' || m[2] === '.' || m[2] === '..') return undefined;
  return `${m[1]}/${m[2]}`;
}

/** Reads a file through src/fs, turning a refusal (link, size, not a file) into a skip note. */
async function readSafe(root: string, rel: string, skipped: string[]): Promise<string | null> {
  try {
    return await readTreeFile(root, rel, MAX_CHANGELOG_BYTES);
  } catch (error) {
    if (error instanceof UnsafePathError) {
      skipped.push(`${rel}: ${error.message}`);
      return null;
    }
    throw error;
  }
}

/** Directory entries, or none when the directory is missing or reached through a link. */
async function entries(
  root: string,
  dir: string,
  skipped: string[]
): Promise<{ name: string; kind: string }[]> {
  try {
    return await listTreeDir(root, dir);
  } catch (error) {
    if (error instanceof UnsafePathError) {
      skipped.push(`${dir}: ${error.message}`);
      return [];
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** The first changelog file directly in `dir` (regular files only: a link is skipped, not read). */
async function changelogIn(
  root: string,
  dir: string,
  skipped: string[]
): Promise<{ path: string; text: string } | undefined> {
  for (const e of await entries(root, dir, skipped)) {
    if (!CHANGELOG_NAMES.test(e.name)) continue;
    const rel = `${dir}/${e.name}`;
    if (e.kind !== 'file') {
      skipped.push(`${rel}: a ${e.kind === 'link' ? 'symbolic link' : e.kind}, not read`);
      continue;
    }
    const text = await readSafe(root, rel, skipped);
    if (text !== null) return { path: rel, text };
  }
  return undefined;
}

/** The long description of a wheel's METADATA (after the headers), and its source URL. */
export function parseMetadata(text: string): { description: string; repository?: string } {
  const cut = text.search(/\r?\n\r?\n/);
  const headers = cut < 0 ? text : text.slice(0, cut);
  const body = cut < 0 ? '' : text.slice(cut).replace(/^\s+/, '');
  let repository: string | undefined;
  for (const m of headers.matchAll(/^(?:Project-URL:\s*[^,\n]*,\s*|Home-page:\s*)(\S+)\s*$/gim)) {
    repository ??= githubRepository(m[1]);
  }
  return { description: body, repository };
}

async function npmNotes(
  roots: PackageRoots,
  name: string,
  from: string,
  to: string,
  out: NotesResult
): Promise<string | undefined> {
  if (!NPM_NAME.test(name)) {
    out.skipped.push(`'${name}' is not an npm package name`);
    return undefined;
  }
  const installed = `node_modules/${name}`;
  // A vendored `file:` package: its own folder in the tree (node_modules holds only a link to it).
  const dir =
    roots.local && (await changelogIn(roots.tree, roots.local, out.skipped)) ? roots.local : installed;
  const pkg = await readSafe(roots.tree, `${dir}/package.json`, out.skipped);
  let repo: string | undefined;
  if (pkg !== null) {
    try {
      const data = JSON.parse(pkg) as { repository?: string | { url?: string } };
      repo = githubRepository(typeof data.repository === 'string' ? data.repository : data.repository?.url);
    } catch {
      out.skipped.push(`${dir}/package.json is not JSON`);
    }
  }
  const found = await changelogIn(roots.tree, dir, out.skipped);
  if (found) {
    out.entries = changelogEntries(found.text, from, to);
    out.source = found.path;
  }
  return repo;
}

async function pypiNotes(
  roots: PackageRoots,
  name: string,
  from: string,
  to: string,
  out: NotesResult
): Promise<string | undefined> {
  const want = pyName(name);
  const sites = [...(roots.sitePackages ?? [])];
  for (const venv of ['.venv', 'venv']) {
    for (const e of await entries(roots.tree, `${venv}/lib`, out.skipped)) {
      if (e.kind === 'dir' && /^python\d/.test(e.name)) sites.push(`${venv}/lib/${e.name}/site-packages`);
    }
  }
  for (const site of sites) {
    for (const e of await entries(roots.tree, site, out.skipped)) {
      const m = /^(.+)-([^-]+)\.dist-info$/.exec(e.name);
      if (!m || pyName(m[1]) !== want || e.kind !== 'dir') continue;
      const info = `${site}/${e.name}`;
      const found = await changelogIn(roots.tree, info, out.skipped);
      const meta = await readSafe(roots.tree, `${info}/METADATA`, out.skipped);
      const parsed = meta !== null ? parseMetadata(meta) : undefined;
      const text = found?.text ?? parsed?.description ?? '';
      const list = changelogEntries(text, from, to);
      if (list.length > 0) {
        out.entries = list;
        out.source = found?.path ?? `${info}/METADATA`;
      }
      return parsed?.repository;
    }
  }
  // Not installed where the host can read it: the new version's wheel in a local index of the tree.
  const wheel = await wheelTexts(roots.tree, roots.findLinks ?? [], name, to, out.skipped);
  if (!wheel) return undefined;
  const parsed = wheel.metadata !== undefined ? parseMetadata(wheel.metadata) : undefined;
  const list = changelogEntries(wheel.changelog?.text ?? parsed?.description ?? '', from, to);
  if (list.length > 0) {
    out.entries = list;
    out.source = wheel.changelog?.path ?? `${wheel.path} (METADATA)`;
  }
  return parsed?.repository;
}

/** Go's module cache escapes capitals as `!` + lower case. */
const goEscape = (p: string): string => p.replace(/[A-Z]/g, c => `!${c.toLowerCase()}`);

async function goNotes(
  roots: PackageRoots,
  name: string,
  from: string,
  to: string,
  out: NotesResult
): Promise<string | undefined> {
  if (!GO_PATH.test(name) || !VERSION_SAFE.test(to) || name.split('/').includes('..')) return undefined;
  const repo = /^github\.com\/([\w.-]+\/[\w.-]+)/.exec(name)?.[1];
  if (roots.goModCache) {
    const found = await changelogIn(
      roots.goModCache,
      `${goEscape(name)}@${to.startsWith('v') ? to : `v${to}`}`,
      out.skipped
    );
    if (found) {
      out.entries = changelogEntries(found.text, from, to);
      out.source = found.path;
    }
  }
  return githubRepository(repo);
}

async function cargoNotes(
  roots: PackageRoots,
  name: string,
  from: string,
  to: string,
  out: NotesResult
): Promise<string | undefined> {
  if (!SIMPLE.test(name) || !VERSION_SAFE.test(to) || !roots.cargoHome) return undefined;
  for (const idx of await entries(roots.cargoHome, 'registry/src', out.skipped)) {
    if (idx.kind !== 'dir') continue;
    const dir = `registry/src/${idx.name}/${name}-${to.replace(/^v/, '')}`;
    const toml = await readSafe(roots.cargoHome, `${dir}/Cargo.toml`, out.skipped);
    const repo = githubRepository(/^\s*repository\s*=\s*["']([^"']+)["']/m.exec(toml ?? '')?.[1]);
    const found = await changelogIn(roots.cargoHome, dir, out.skipped);
    if (found) {
      out.entries = changelogEntries(found.text, from, to);
      out.source = found.path;
    }
    if (toml !== null || found) return repo;
  }
  return undefined;
}

/** Lists a repository's releases (the GitHub port's listReleases, with the job's token). */
export type ListReleases = (owner: string, repo: string) => Promise<Release[]>;

/**
 * The notes of `name` between `from` (exclusive) and `to` (inclusive): the installed package's own
 * changelog first; when it has none for this range, the releases of the repository its metadata
 * names on GitHub (`repository` overrides that). Nothing found is an empty list, not an error.
 */
export async function releaseNotes(
  change: { name: string; ecosystem: Ecosystem; from: string; to: string },
  roots: PackageRoots,
  listReleases?: ListReleases,
  repository?: string
): Promise<NotesResult> {
  const out: NotesResult = { entries: [], skipped: [] };
  const { name, from, to } = change;
  const read =
    change.ecosystem === 'npm'
      ? npmNotes
      : change.ecosystem === 'pypi'
        ? pypiNotes
        : change.ecosystem === 'go'
          ? goNotes
          : change.ecosystem === 'cargo'
            ? cargoNotes
            : undefined;
  const named = read ? await read(roots, name, from, to, out) : undefined;
  out.repository = repository ?? named;
  if (out.entries.length > 0 || !listReleases || !out.repository) return out;
  const [owner, repo] = out.repository.split('/');
  try {
    const list = releaseEntries(await listReleases(owner, repo), from, to, name);
    if (list.length > 0) {
      out.entries = list;
      out.source = `https://github.com/${out.repository}/releases`;
    }
  } catch (error) {
    out.skipped.push(
      `releases of ${out.repository}: ${error instanceof Error ? error.message : String(error)}`
    );
  }
  return out;
}
