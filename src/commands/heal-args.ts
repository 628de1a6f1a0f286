import {
  DEFAULT_INSTALL_NETWORK,
  INSTALL_NETWORK_MODES,
  type InstallNetworkMode
} from '../sandbox/install-network.js';
/**
 * `heal`'s command line, validated before any work starts: every mistake is a UsageError (exit 2)
 * that names the option and what it expects.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_MAX_RISK } from '../constants.js';
import { localGit } from '../delivery/git.js';
import { normalizeRelative, UnsafePathError } from '../fs/index.js';
import { integerOption, numberOption, parseCommand, PROGRAM, stringValue, UsageError } from './args.js';

export const HEAL_USAGE = `Usage: ${PROGRAM} heal --repo DIR [options]

Reproduce the failing tests of DIR's HEAD in a sandbox and repair them. A fix is committed on a new
nightwatch/* branch of DIR; DIR's checkout (and any uncommitted change in it) is left as it was.

Options:
  --repo DIR                 the local git repository to heal (required)
  --working-directory PATH   the project's folder inside DIR, for monorepos (default: .)
  --command CMD              the test command (default: detected from the project)
  --install CMD              the install command (default: detected)
  --image IMG                the container image (default: detected, e.g. python:3.12-slim)
  --workflow PATH            the workflow whose job failed, relative to DIR (default: the one under
                             .github/workflows that has the job); its job's plan says how to
                             reproduce (image, services, install, test); project files otherwise
  --job NAME                 the failed job as the run shows it: 'test (3.12)' (default: the first
                             job that runs tests)
  --step NAME                the failing step (default: the job's first test step)
  --sandbox docker|host|auto where the tests run (default: auto = docker when a daemon answers)
  --install-network internet|none|bridge
                             the install's network (default: internet = the internet, not this
                             machine, its private network or the cloud metadata address)
  --max-attempts N           model repair attempts, 0 to 10 (default: 3)
  --reruns N                 re-runs of the failing tests before a fix (flake check) and with it, 0 to 10 (default: 2)
  --min-confidence X         the model's confidence needed to patch, 0 to 1 (default: 0.3)
  --max-risk X               risk score (0 to 1) above which a fix needs review: said in the output
                             and --json risk.needsReview; the action opens a draft PR (default: 0.5)
  --json                     print the result as JSON on stdout (progress goes to stderr)
  -h, --help                 this help

Environment: GEMINI_API_KEY lets the model try (GEMINI_MODEL, GOOGLE_GEMINI_BASE_URL optional).
Exit codes: 0 fixed, or the tests pass; 1 internal error; 2 usage error; 3 escalated (no verified
fix); 4 not reproduced.`;

export interface HealArgs {
  /** The repository as the user named it, and resolved. */
  repo: string;
  repoDir: string;
  /** Normalised, relative to the repository; '' for its root. */
  workingDirectory: string;
  command?: string;
  install?: string;
  image?: string;
  workflow?: string;
  job?: string;
  step?: string;
  sandbox: 'docker' | 'host' | 'auto';
  installNetwork: InstallNetworkMode;
  maxAttempts: number;
  reruns: number;
  minConfidence: number;
  /** Above it a fix is reported as needing review (repair/risk.ts). */
  maxRisk: number;
  json: boolean;
}

/** The validated options, or undefined when `--help` was asked for. */
export async function parseHealArgs(argv: string[]): Promise<HealArgs | undefined> {
  const parsed = parseCommand(
    argv,
    {
      repo: { type: 'string' },
      'working-directory': { type: 'string' },
      command: { type: 'string' },
      install: { type: 'string' },
      image: { type: 'string' },
      workflow: { type: 'string' },
      job: { type: 'string' },
      step: { type: 'string' },
      sandbox: { type: 'string' },
      'install-network': { type: 'string' },
      'max-attempts': { type: 'string' },
      reruns: { type: 'string' },
      'min-confidence': { type: 'string' },
      'max-risk': { type: 'string' },
      json: { type: 'boolean' }
    },
    HEAL_USAGE
  );
  if (!parsed) return undefined;
  const v = parsed.values;
  const str = (k: string): string | undefined => stringValue(parsed, k);

  const repo = str('repo');
  if (repo === undefined || repo === '') {
    throw new UsageError('--repo DIR is required: the local git repository to heal.', HEAL_USAGE);
  }
  const repoDir = path.resolve(repo);
  const st = await stat(repoDir).catch(() => undefined);
  if (!st) throw new UsageError(`--repo ${repo}: no such directory.`, HEAL_USAGE);
  if (!st.isDirectory()) throw new UsageError(`--repo ${repo} is not a directory.`, HEAL_USAGE);

  const sandbox = str('sandbox') ?? 'auto';
  if (sandbox !== 'docker' && sandbox !== 'host' && sandbox !== 'auto') {
    throw new UsageError(`Invalid --sandbox '${sandbox}'. Expected docker, host or auto.`, HEAL_USAGE);
  }
  const installNetwork = str('install-network') ?? DEFAULT_INSTALL_NETWORK;
  if (!(INSTALL_NETWORK_MODES as readonly string[]).includes(installNetwork)) {
    throw new UsageError(
      `Invalid --install-network '${installNetwork}'. Expected ${INSTALL_NETWORK_MODES.join(', ')}.`,
      HEAL_USAGE
    );
  }
  const wd = str('working-directory') ?? '.';
  let workingDirectory = '';
  const isRoot = !/^[\\/]/.test(wd) && wd.split(/[\\/]/).every(c => c === '' || c === '.');
  if (!isRoot || wd === '') {
    try {
      workingDirectory = normalizeRelative(wd);
    } catch (err) {
      if (!(err instanceof UnsafePathError)) throw err;
      throw new UsageError(
        `Invalid --working-directory '${wd}': ${err.message}. Give a folder relative to the repository, e.g. packages/api.`,
        HEAL_USAGE
      );
    }
  }
  for (const k of ['command', 'install', 'image', 'workflow', 'job', 'step']) {
    if (str(k) !== undefined && str(k)!.trim() === '') throw new UsageError(`--${k} is empty.`, HEAL_USAGE);
  }
  return {
    repo,
    repoDir,
    workingDirectory,
    command: str('command'),
    install: str('install'),
    image: str('image'),
    workflow: str('workflow'),
    job: str('job'),
    step: str('step'),
    sandbox,
    installNetwork: installNetwork as InstallNetworkMode,
    maxAttempts: integerOption('max-attempts', str('max-attempts') ?? '3', 0, 10, HEAL_USAGE),
    reruns: integerOption('reruns', str('reruns') ?? '2', 0, 10, HEAL_USAGE),
    minConfidence: numberOption('min-confidence', str('min-confidence') ?? '0.3', 0, 1, HEAL_USAGE),
    maxRisk: numberOption('max-risk', str('max-risk') ?? String(DEFAULT_MAX_RISK), 0, 1, HEAL_USAGE),
    json: v.json === true
  };
}

/** git in the user's repository, with nothing it configures run on the host (no hooks, no fsmonitor). */
async function gitHere(dir: string, args: string[]): Promise<string> {
  // localGit: also every filter, diff and merge driver DIR's config defines is disabled.
  return (await localGit(dir, ['--no-optional-locks', ...args])).stdout;
}

/** Fails with a UsageError when `workingDirectory` is not a folder in `sha`'s tree (a link is not one). */
export async function checkWorkingDirectory(
  repoDir: string,
  sha: string,
  workingDirectory: string
): Promise<void> {
  if (workingDirectory === '') return;
  const kind = await gitHere(repoDir, ['cat-file', '-t', `${sha}:${workingDirectory}`]).then(
    s => s.trim(),
    () => 'missing'
  );
  if (kind !== 'tree') {
    throw new UsageError(
      `--working-directory ${workingDirectory} is ${kind === 'missing' ? 'not in' : 'not a folder in'} the commit ${sha.slice(0, 7)} (HEAD); the heal works on committed files.`,
      HEAL_USAGE
    );
  }
}

/**
 * The warning to print when DIR has uncommitted changes to tracked files: the heal works on HEAD and
 * does not see them. Undefined when the checkout is clean (or git cannot say).
 */
export async function uncommittedWarning(
  repoDir: string,
  repo: string,
  sha: string
): Promise<string | undefined> {
  const status = await gitHere(repoDir, ['status', '--porcelain=v1', '-z', '--untracked-files=no']).catch(
    () => ''
  );
  // `XY path`, and after a rename or copy its source as a field of its own.
  const fields = status.split('\0');
  const files: string[] = [];
  for (let i = 0; i < fields.length; i++) {
    if (fields[i].length < 4) continue;
    files.push(fields[i].slice(3));
    if (/^[RC]|^.[RC]/.test(fields[i])) i++;
  }
  if (files.length === 0) return undefined;
  const shown = files.slice(0, 3).join(', ') + (files.length > 3 ? ` and ${files.length - 3} more` : '');
  return `Warning: ${repo} has uncommitted changes (${shown}). The heal works on HEAD (${sha.slice(0, 7)}) and ignores them; commit them first to heal with them.`;
}
