/**
 * What an install depends on, so that it runs once per heal: the image, the command, its
 * environment, the dependency files (lockfiles, manifests) and the tree paths the command names
 * (`pip install ./libs/client`). A candidate fix that changes none of them reuses the kept install;
 * one that does (a lockfile edit) installs again.
 */
import { createHash } from 'node:crypto';
import { listTreeFiles, readTreeFile } from '../fs/index.js';
import { SANDBOX_STATE_DIR } from './env.js';
import type { ProjectSpec } from './port.js';

/** Files whose content decides what an install installs. */
const DEPENDENCY_FILE =
  /^(package\.json|package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|pnpm-workspace\.yaml|\.npmrc|\.yarnrc(\.yml)?|bun\.lockb?|requirements[\w.-]*\.(txt|in)|constraints[\w.-]*\.txt|pyproject\.toml|setup\.py|setup\.cfg|poetry\.lock|uv\.lock|Pipfile(\.lock)?|tox\.ini|noxfile\.py|environment\.ya?ml|go\.mod|go\.sum|go\.work(\.sum)?|Cargo\.toml|Cargo\.lock|rust-toolchain(\.toml)?|pom\.xml|build\.gradle(\.kts)?|settings\.gradle(\.kts)?|gradle\.properties|Gemfile(\.lock)?|composer\.(json|lock)|\.python-version|\.nvmrc|\.node-version|\.tool-versions|Makefile)$/;

/** Never walked: what installs make, and what is not the project's. */
const SKIP_DIRS = new Set([
  '.git',
  SANDBOX_STATE_DIR,
  'node_modules',
  '.venv',
  'venv',
  '.tox',
  '.nox',
  '__pycache__',
  'target',
  'build',
  'dist',
  'vendor'
]);

const MAX_FILES = 20_000;
const MAX_NAMED_FILES = 2_000;

/** The source files of a tree (relative, sorted), as the sandbox copies them. */
export async function sourceFiles(workdir: string): Promise<string[]> {
  return listTreeFiles(workdir, '', { skipDirs: new Set(['.git', SANDBOX_STATE_DIR]), limit: MAX_FILES * 5 });
}

/** Tree paths named by an install command (`./libs/client`, `requirements/dev.txt`), root excluded. */
export function namedPaths(install: string): string[] {
  const out = new Set<string>();
  for (const raw of install.split(/[\s=]+/)) {
    const word = raw
      .replace(/^['"]|['"]$/g, '')
      .replace(/^(?:\.\/)+/, '')
      .replace(/\/+$/, '');
    if (word === '' || word === '.' || word.startsWith('-') || word.startsWith('/') || word.includes('..'))
      continue;
    if (!/^[\w.@+-][\w./@+-]*$/.test(word)) continue;
    // A bare word (`pytest`, `install`) is a package or a verb; a path has a slash or a suffix.
    if (!word.includes('/') && !/\.\w+$/.test(word)) continue;
    out.add(word);
  }
  return [...out];
}

/** The install's key: equal keys mean the kept install is the one this tree would make. */
export async function installKey(workdir: string, spec: ProjectSpec, files?: string[]): Promise<string> {
  const h = createHash('sha256');
  h.update(JSON.stringify([spec.image, spec.language, spec.install ?? '', spec.env ?? {}]));
  const all = files ?? (await sourceFiles(workdir));
  const wanted = new Set<string>();
  for (const f of all) {
    const parts = f.split('/');
    if (parts.some(p => SKIP_DIRS.has(p))) continue;
    if (DEPENDENCY_FILE.test(parts[parts.length - 1]) && wanted.size < MAX_FILES) wanted.add(f);
  }
  for (const p of namedPaths(spec.install ?? '')) {
    const under = all.filter(f => f === p || f.startsWith(`${p}/`)).slice(0, MAX_NAMED_FILES);
    for (const f of under) wanted.add(f);
  }
  for (const f of [...wanted].sort()) {
    const text = await readTreeFile(workdir, f).catch(() => undefined);
    h.update(
      `\0${f}\0${text === undefined || text === null ? '-' : createHash('sha256').update(text).digest('hex')}`
    );
  }
  return h.digest('hex').slice(0, 16);
}
