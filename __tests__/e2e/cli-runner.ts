/**
 * Driving the bundled CLI (dist/cli.js) from end-to-end tests: run it with a minimal environment
 * and read its exit code and output, and make the git repositories it heals (a demo of examples/
 * or a few files, committed in a temp dir).
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../world/harness.js';

export const exec = promisify(execFile);
export const CLI = join(REPO_ROOT, 'dist', 'cli.js');

export interface CliOptions {
  /** Added to the CLI's environment. */
  env?: NodeJS.ProcessEnv;
  /** Start from all of this process's environment, not only PATH and HOME. */
  inheritEnv?: boolean;
  /** Kill the CLI (SIGKILL) after this long: a hang shows as `killed`, not as a stuck test. */
  timeoutMs?: number;
  /** Bytes of stdout or stderr before the CLI is killed; 32 MiB unless told. */
  maxBuffer?: number;
}

export interface CliRun {
  /** The exit code; -1 when there was none (killed, or output past maxBuffer). */
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
  killed: boolean;
}

/** Runs `node dist/cli.js ...args`; a non-zero exit is a result, not a rejection. */
export async function cli(args: string[], o: CliOptions = {}): Promise<CliRun> {
  const base = o.inheritEnv ? process.env : { PATH: process.env.PATH, HOME: process.env.HOME };
  const t0 = Date.now();
  try {
    const { stdout, stderr } = await exec(process.execPath, [CLI, ...args], {
      env: { ...base, ...o.env },
      maxBuffer: o.maxBuffer ?? 32 * 1024 * 1024,
      ...(o.timeoutMs === undefined ? {} : { timeout: o.timeoutMs, killSignal: 'SIGKILL' as const })
    });
    return { code: 0, stdout, stderr, ms: Date.now() - t0, killed: false };
  } catch (e) {
    const err = e as { code?: unknown; stdout?: string; stderr?: string; killed?: boolean };
    return {
      code: typeof err.code === 'number' ? err.code : -1,
      stdout: err.stdout ?? '',
      stderr: err.stderr ?? '',
      ms: Date.now() - t0,
      killed: err.killed === true
    };
  }
}

/** git in `cwd` as the test's user `t`; its trimmed stdout. */
export async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await exec('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd
  });
  return stdout.trim();
}

export interface RepoOptions {
  /** The new directory is pushed here, for the test's cleanup. */
  dirs?: string[];
  /** The temp directory's name prefix. */
  prefix?: string;
  /** Files to write (relative path to content) before the commit; a demo's own are overwritten. */
  files?: Record<string, string>;
  /** Symbolic links to make (relative path to target) before the commit. */
  links?: Record<string, string>;
  /** The commit message; `broken` unless told. */
  message?: string;
  /** Runs git for the repository's creation; the test user's `git` unless told. */
  git?: (cwd: string, ...args: string[]) => Promise<string>;
}

/** A temp directory holding `files` (and `links`), not a git repository. */
export async function filesDir(files: Record<string, string>, o: RepoOptions = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), o.prefix ?? 'nw-e2e-'));
  o.dirs?.push(dir);
  await write(dir, { ...o, files });
  return dir;
}

/** A git repository on branch main of `files`, committed. */
export async function repoFromFiles(files: Record<string, string>, o: RepoOptions = {}): Promise<string> {
  const dir = await filesDir(files, o);
  await commitAll(dir, o);
  return dir;
}

/** A git repository on branch main of `examples/<demo>` at `sub` ('' for the root), committed. */
export async function repoFromDemo(demo: string, o: RepoOptions & { sub?: string } = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), o.prefix ?? `nw-${demo}-`));
  o.dirs?.push(dir);
  await mkdir(join(dir, o.sub ?? ''), { recursive: true });
  await cp(join(REPO_ROOT, 'examples', demo), join(dir, o.sub ?? ''), { recursive: true });
  await write(dir, o);
  await commitAll(dir, o);
  return dir;
}

/** Removes the test's temp directories. */
export async function removeDirs(dirs: string[]): Promise<void> {
  await Promise.all(dirs.map(d => rm(d, { recursive: true, force: true })));
}

async function write(dir: string, o: RepoOptions): Promise<void> {
  for (const [name, text] of Object.entries(o.files ?? {})) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  for (const [name, target] of Object.entries(o.links ?? {})) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await symlink(target, join(dir, name));
  }
}

/** Makes `dir` a git repository on branch main with all its files committed. */
export async function commitAll(dir: string, o: Pick<RepoOptions, 'message' | 'git'> = {}): Promise<void> {
  const run = o.git ?? git;
  await run(dir, 'init', '-q', '-b', 'main');
  await run(dir, 'add', '-A');
  await run(dir, 'commit', '-qm', o.message ?? 'broken');
}
