/**
 * The git command manager: one private exec, `try*` methods that return booleans, and credentials
 * that only ever live in a local `http.<origin>/.extraheader`, removed again in `finally`.
 * Modelled on actions/checkout `src/git-command-manager.ts` and `src/git-auth-helper.ts`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, promises as fs, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BRANCH_PREFIX, COMMIT_AUTHOR_EMAIL, COMMIT_AUTHOR_NAME, COMMIT_TRAILER } from '../constants.js';
import { normalizeRelative } from '../fs/paths.js';
import { isPushPermissionDenied, pushPermissionError } from './permissions.js';
import { type BranchTip, type ExecResult, type Git, type Logger, silentLogger } from './ports.js';

/** A git command that failed; `args` never carry a credential, `stderr` is scrubbed of it. */
export class GitError extends Error {
  constructor(
    message: string,
    readonly args: string[],
    readonly exitCode: number,
    readonly stderr: string
  ) {
    super(message);
    this.name = 'GitError';
  }
}

/** A push or branch outside `nightwatch/*`: refused in code, whatever the caller wanted. */
export class ForbiddenBranchError extends Error {
  constructor(branch: string) {
    super(`Refusing to push '${branch}': Nightwatch only pushes branches under '${BRANCH_PREFIX}'.`);
    this.name = 'ForbiddenBranchError';
  }
}

/** Options for tests and tracing; production code passes none. */
export interface GitOptions {
  /** Called with the argument vector of every git process started (what `ps` would show). */
  onExec?: (args: readonly string[]) => void;
  /** Skip the `git --version` check (the caller has just run git in this tree). */
  trusted?: boolean;
}

/** A Git bound to one work tree, with a few extras beyond the port for the CLI and tests. */
export interface GitCommandManager extends Git {
  tryCheckout(ref: string): Promise<boolean>;
  isClean(): Promise<boolean>;
  version(): Promise<string>;
  /**
   * Makes this (empty) directory a repository of its own that borrows the objects of the local
   * repository `source` (git alternates: nothing is copied) and checks `sha` out detached. Every
   * later command then runs with Nightwatch's config only: `source`'s hooks, filters and
   * fsmonitor are never read.
   */
  checkoutFromLocal(source: string, sha: string): Promise<void>;
  /**
   * Copies `branch` of this repository into the local repository `target` (a fetch run there).
   * Without `replace`, an existing branch of that name in `target` is never moved.
   */
  deliverBranchTo(target: string, branch: string, replace: boolean): Promise<void>;
}

/** History fetched on each side to find a pull request's merge base (the dependency lane's base). */
const MERGE_BASE_DEPTH = 50;

// Written first so that the real credential never appears in a process argument vector; it is
// then swapped in by editing .git/config directly (as actions/checkout does, see
// https://github.com/actions/checkout/blob/main/src/git-auth-helper.ts).
const EXTRAHEADER_PLACEHOLDER = 'AUTHORIZATION: basic ***';
const EXTRAHEADER_VALUE_REGEX = '^AUTHORIZATION:';

/** Creates a git command manager for `dir` (created when missing); checks that git runs. */
export async function createGit(
  dir: string,
  log: Logger = silentLogger,
  options: GitOptions = {}
): Promise<GitCommandManager> {
  const absDir = path.resolve(dir);
  await fs.mkdir(absDir, { recursive: true });
  const manager = new GitCommandManagerImpl(absDir, log, options);
  if (!options.trusted) await manager.version();
  return manager;
}

/** The origin (`scheme://host[:port]`) of a remote URL; throws when the URL carries credentials. */
export function remoteOrigin(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`Invalid remote URL '${url}'. Expected an http(s) URL.`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new Error(`Invalid remote URL '${parsed.protocol}//${parsed.host}'. Expected an http(s) URL.`);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    // Never put credentials in a URL: they end up in argv, reflogs and error messages.
    throw new Error('Refusing a remote URL that carries credentials; pass the token separately.');
  }
  return parsed.origin;
}

/** Whether `branch` is one Nightwatch may push: under `nightwatch/`, a valid ref name, nothing odd. */
export function isNightwatchBranch(branch: string): boolean {
  return (
    branch.startsWith(BRANCH_PREFIX) &&
    branch.length > BRANCH_PREFIX.length &&
    !branch.includes('..') &&
    !branch.startsWith('-') &&
    !/[\s~^:?*[\\]|@\{|\/\/|\/$|\.lock$|\.$/.test(branch)
  );
}

/** Where Dependabot and Renovate (its default `branchPrefix`) put their update branches. */
export const UPDATE_BRANCH_PREFIXES: readonly string[] = ['dependabot/', 'renovate/'];

/**
 * Whether `branch` is a dependency update's branch that Nightwatch may fast-forward when the
 * pipeline names it (`push-to-update-branch`): under an update bot's prefix and a valid git ref
 * name (git check-ref-format's rules: no component starting with `.` or ending in `.lock`, no
 * `..`, `@{`, control characters, space, `~^:?*[\\`, no empty component or trailing `/` or `.`).
 */
export function isUpdateBranch(branch: string): boolean {
  const prefix = UPDATE_BRANCH_PREFIXES.find(p => branch.startsWith(p));
  return (
    prefix !== undefined &&
    branch.length > prefix.length &&
    branch.length <= 255 &&
    !branch.includes('..') &&
    !branch.includes('@{') &&
    ![...branch].some(ch => ch <= ' ' || ch === '\x7f' || '~^:?*[\\'.includes(ch)) &&
    !branch.endsWith('/') &&
    !branch.endsWith('.') &&
    branch.split('/').every(c => c !== '' && !c.startsWith('.') && !c.endsWith('.lock'))
  );
}

/** Config keys naming a command per driver: `filter.<x>.*`, `diff.<x>.*`, `merge.<x>.*`. */
const DRIVER_KEYS = '^(filter|diff|merge)\\..+\\.';

/**
 * Runs git in a local repository whose config Nightwatch did not write (the user's DIR of
 * `nightwatch heal`): the safe config, and every filter, diff and merge driver that config
 * defines overridden with an empty command, so that not even `git status` runs one.
 * Throws GitError on failure unless `allowFailure`.
 */
export async function localGit(dir: string, args: string[], allowFailure = false): Promise<ExecResult> {
  const abs = path.resolve(dir);
  const keys = await gitIn(abs, ['config', '--null', '--name-only', '--get-regexp', DRIVER_KEYS], true);
  const drivers = new Set<string>();
  for (const key of keys.stdout.split('\0')) {
    const m = /^(filter|diff|merge)\.(.+)\.[^.]+$/i.exec(key);
    if (m) drivers.add(`${m[1].toLowerCase()}.${m[2]}`);
  }
  const overrides = [...drivers].flatMap(d =>
    d.startsWith('filter.')
      ? [`${d}.clean=`, `${d}.smudge=`, `${d}.process=`, `${d}.required=false`]
      : d.startsWith('diff.')
        ? [`${d}.textconv=`, `${d}.command=`]
        : [`${d}.driver=`]
  );
  return gitIn(abs, args, allowFailure, overrides);
}

/** The commit HEAD of the local repository `dir` names; throws GitError when there is none. */
export async function localHead(dir: string): Promise<string> {
  return (await localGit(dir, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'])).stdout.trim();
}

/**
 * The tip of `branch` in the local repository `dir`, and whether Nightwatch made it; undefined when
 * the branch does not exist. A branch checked out in `dir` counts as the user's.
 */
export async function localBranchTip(dir: string, branch: string): Promise<BranchTip | undefined> {
  const abs = path.resolve(dir);
  const ref = `refs/heads/${branch}`;
  const sha = await localGit(abs, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], true);
  if (sha.exitCode !== 0) return undefined;
  const head = await localGit(abs, ['symbolic-ref', '--quiet', 'HEAD'], true);
  const tip = sha.stdout.trim();
  if (head.stdout.trim() === ref) return { sha: tip, byNightwatch: false };
  return { sha: tip, byNightwatch: madeByNightwatch((await localGit(abs, commitIdentity(tip))).stdout) };
}

/** `git log` arguments that print the author and committer e-mail of one commit. */
function commitIdentity(sha: string): string[] {
  return ['log', '-1', '--no-show-signature', '--format=%ae%n%ce', sha, '--'];
}

/** Whether `log --format=%ae%n%ce` output names Nightwatch as both author and committer. */
function madeByNightwatch(identity: string): boolean {
  const [author, committer] = identity.trim().split('\n');
  return author === COMMIT_AUTHOR_EMAIL && committer === COMMIT_AUTHOR_EMAIL;
}

class GitCommandManagerImpl implements GitCommandManager {
  private readonly secrets: string[] = [];
  /** The remote sha of a branch when its owner was checked: a later force push leases on it. */
  private readonly leases = new Map<string, string>();
  /** Serialises authenticated commands: two at once would race on the one extraheader. */
  private authQueue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly dir: string,
    private readonly log: Logger,
    private readonly options: GitOptions
  ) {}

  async fetchAndCheckout(url: string, sha: string, token?: string): Promise<void> {
    if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(sha)) {
      throw new Error(`Invalid commit '${sha}'. Expected a full hex sha.`);
    }
    const origin = remoteOrigin(url);
    if (!(await this.isRepository())) {
      const entries = await fs.readdir(this.dir);
      if (entries.length > 0) {
        throw new Error(`Cannot fetch into '${this.dir}': it is neither empty nor a git repository.`);
      }
      await this.exec(['init', '-q']);
    }
    await this.withAuth(origin, token, async () => {
      // Depth 2: the commit and its parent, which the dependency lane compares it with.
      const shallow = await this.exec(
        ['fetch', '--no-tags', '--no-recurse-submodules', '--depth=2', '--', url, sha],
        true
      );
      if (shallow.exitCode !== 0) {
        // Servers without uploadpack.allowReachableSHA1InWant (or protocol v2) refuse a bare sha;
        // fetch every branch (and PR head: a fork's commit lives there) and look for it among them.
        this.log.info(`Fetching the commit alone was refused; fetching all branches of ${origin}`);
        await this.exec([
          'fetch',
          '--no-tags',
          '--no-recurse-submodules',
          '--',
          url,
          '+refs/heads/*:refs/remotes/nightwatch-source/*',
          '+refs/pull/*/head:refs/remotes/nightwatch-pull/*'
        ]);
      }
    });
    if (!(await this.tryExec(['cat-file', '-e', `${sha}^{commit}`]))) {
      throw new GitError(`Commit ${sha} is not on ${origin}.`, ['cat-file', '-e', sha], 1, '');
    }
    await this.exec(['checkout', '--quiet', '--force', '--detach', sha]);
  }

  /** `git --version` (also proves git runs at all). */
  async version(): Promise<string> {
    return (await this.exec(['--version'])).stdout.trim();
  }

  async headSha(): Promise<string> {
    return (await this.exec(['rev-parse', 'HEAD'])).stdout.trim();
  }

  async commitParents(sha: string): Promise<string[]> {
    if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(sha)) {
      throw new Error(`Invalid commit '${sha}'. Expected a full hex sha.`);
    }
    const out = (await this.exec(['rev-list', '--parents', '--no-walk', `${sha}^{commit}`, '--'])).stdout;
    return out.trim().split(/\s+/).slice(1);
  }

  async checkoutNewBranch(branch: string): Promise<void> {
    // git refuses a name that is not a valid branch name ("... is not a valid branch name").
    await this.exec(['checkout', '--quiet', '-B', branch]);
  }

  async tryCheckout(ref: string): Promise<boolean> {
    return this.tryExec(['checkout', '--quiet', ref]);
  }

  async isClean(): Promise<boolean> {
    return (await this.exec(['status', '--porcelain'])).stdout.trim() === '';
  }

  async commitPaths(paths: readonly string[], message: string, trailer?: string | number): Promise<string> {
    // Only what the repair meant to change: a file the tests wrote into the tree stays out.
    // normalizeRelative refuses absolute and escaping paths; `:(literal)` stops git globbing them.
    const specs = [...new Set(paths.map(p => normalizeRelative(p)))].map(p => `:(literal)${p}`);
    if (specs.length === 0) {
      throw new GitError('git commit failed: no paths to commit', ['commit'], 1, '');
    }
    await this.exec(['add', '--', ...specs]);
    let full = message.trimEnd();
    if (trailer !== undefined && String(trailer).trim() !== '') {
      full += `\n\n${COMMIT_TRAILER}: ${String(trailer).trim()}`;
    }
    // --no-verify: hooks are project code, and project code only runs inside the sandbox.
    const result = await this.exec(['commit', '--quiet', '--no-verify', '-m', full], true);
    if (result.exitCode !== 0) {
      throw new GitError(
        `git commit failed: ${firstLine(result.stdout + result.stderr) || 'nothing to commit'}`,
        ['commit'],
        result.exitCode,
        result.stderr
      );
    }
    return this.headSha();
  }

  async checkoutFromLocal(source: string, sha: string): Promise<void> {
    if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(sha)) {
      throw new Error(`Invalid commit '${sha}'. Expected a full hex sha.`);
    }
    const src = path.resolve(source);
    const objects = path.resolve(
      src,
      (await localGit(src, ['rev-parse', '--git-path', 'objects'])).stdout.trim()
    );
    // --template=: no hooks or other files copied from a template directory.
    await this.exec(['init', '-q', '--template=']);
    const info = path.join(this.dir, '.git', 'objects', 'info');
    await fs.mkdir(info, { recursive: true });
    await fs.writeFile(path.join(info, 'alternates'), `${objects}\n`);
    await this.exec(['checkout', '--quiet', '--force', '--detach', sha]);
  }

  async deliverBranchTo(target: string, branch: string, replace: boolean): Promise<void> {
    if (!isNightwatchBranch(branch)) throw new ForbiddenBranchError(branch);
    const ref = `refs/heads/${branch}`;
    await localGit(target, [
      'fetch',
      '--quiet',
      '--no-tags',
      '--no-recurse-submodules',
      '--no-write-fetch-head',
      '--',
      this.dir,
      `${replace ? '+' : ''}${ref}:${ref}`
    ]);
  }

  async changedFiles(from: string, to: string): Promise<string[]> {
    const out = await this.exec(['diff', '--name-only', '--no-renames', '-z', from, to, '--']);
    return out.stdout.split('\0').filter(f => f !== '');
  }

  async diff(from: string, to: string): Promise<string> {
    return (await this.exec(['diff', '--no-color', '--no-ext-diff', '--no-textconv', from, to, '--'])).stdout;
  }

  async mergeBase(url: string, head: string, base: string, token?: string): Promise<string | undefined> {
    for (const sha of [head, base]) {
      if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(sha)) {
        throw new Error(`Invalid commit '${sha}'. Expected a full hex sha.`);
      }
    }
    // Both tips with some history: a PR's branch point is usually a few commits back on each side.
    await this.withAuth(remoteOrigin(url), token, () =>
      this.exec(
        [
          'fetch',
          '--no-tags',
          '--no-recurse-submodules',
          `--depth=${MERGE_BASE_DEPTH}`,
          '--',
          url,
          head,
          base
        ],
        true
      )
    );
    const r = await this.exec(['merge-base', head, base], true);
    return r.exitCode === 0 ? r.stdout.trim() || undefined : undefined;
  }

  async showFile(rev: string, file: string, maxBytes = 32 * 1024 * 1024): Promise<string | null> {
    // A revision is a sha or a ref expression; never something git could read as an option.
    if (!/^[\w./^~@{}-]+$/.test(rev) || rev.startsWith('-')) throw new Error(`Invalid revision '${rev}'.`);
    const spec = `${rev}:${normalizeRelative(file)}`;
    const size = await this.exec(['cat-file', '-s', spec], true);
    if (size.exitCode !== 0 || !(Number(size.stdout.trim()) <= maxBytes)) return null;
    return (await this.exec(['show', '--no-textconv', '--no-color', spec])).stdout;
  }

  async tryPush(
    url: string,
    branch: string,
    token: string,
    force = false,
    updateBranch?: string
  ): Promise<boolean> {
    // The one exception to nightwatch/*: the update branch the pipeline names for this push, only
    // when it is an update bot's branch, and never forced (a fast-forward or nothing).
    const allowedUpdate = updateBranch !== undefined && branch === updateBranch && isUpdateBranch(branch);
    if (!isNightwatchBranch(branch) && !allowedUpdate) {
      throw new ForbiddenBranchError(branch);
    }
    if (allowedUpdate && force) {
      throw new Error(`Refusing to force-push '${branch}': an update's branch is only ever fast-forwarded.`);
    }
    const origin = remoteOrigin(url);
    const ref = `refs/heads/${branch}`;
    // A forced push replaces only the tip that remoteBranchTip judged to be Nightwatch's own: a
    // commit pushed there since then makes the push fail instead of vanishing.
    const lease = this.leases.get(branch);
    const forceArgs = force && lease !== undefined ? [`--force-with-lease=${ref}:${lease}`] : [];
    const refspec = `${force && lease === undefined ? '+' : ''}${ref}:${ref}`;
    return this.withAuth(origin, token, async () => {
      const result = await this.exec(
        ['push', '--porcelain', '--no-verify', ...forceArgs, '--', url, refspec],
        true
      );
      if (result.exitCode !== 0) {
        // A token without `contents: write`: a permission to name, not a rejected push.
        if (isPushPermissionDenied(result.stderr)) throw pushPermissionError(result.stderr);
        this.log.warning(
          `Push of ${branch} to ${origin} was rejected: ${lastLines(result.stdout + result.stderr)}`
        );
        return false;
      }
      return true;
    });
  }

  async tryDeleteRemoteBranch(url: string, branch: string, token: string): Promise<boolean> {
    if (!isNightwatchBranch(branch)) {
      throw new ForbiddenBranchError(branch);
    }
    const origin = remoteOrigin(url);
    return this.withAuth(origin, token, async () => {
      const result = await this.exec(
        ['push', '--porcelain', '--no-verify', '--', url, `:refs/heads/${branch}`],
        true
      );
      if (result.exitCode !== 0) {
        this.log.warning(
          `Deleting ${branch} on ${origin} failed: ${lastLines(result.stdout + result.stderr)}`
        );
        return false;
      }
      return true;
    });
  }

  async remoteBranchSha(url: string, branch: string, token?: string): Promise<string | undefined> {
    const origin = remoteOrigin(url);
    return this.withAuth(origin, token, async () => {
      const out = await this.exec(['ls-remote', '--heads', '--', url, `refs/heads/${branch}`]);
      const line = out.stdout.split('\n').find(l => l.endsWith(`\trefs/heads/${branch}`));
      return line?.split('\t')[0];
    });
  }

  async remoteBranchTip(url: string, branch: string, token?: string): Promise<BranchTip | undefined> {
    const origin = remoteOrigin(url);
    return this.withAuth(origin, token, async () => {
      const out = await this.exec(['ls-remote', '--heads', '--', url, `refs/heads/${branch}`]);
      const listed = out.stdout.split('\n').some(l => l.endsWith(`\trefs/heads/${branch}`));
      if (!listed) {
        this.leases.set(branch, '');
        return undefined;
      }
      // By name, not sha: not every server serves an unadvertised sha.
      const ref = `refs/heads/${branch}`;
      await this.exec([
        'fetch',
        '--quiet',
        '--no-tags',
        '--no-recurse-submodules',
        '--depth=1',
        '--',
        url,
        ref
      ]);
      const sha = (await this.exec(['rev-parse', '--verify', 'FETCH_HEAD^{commit}'])).stdout.trim();
      this.leases.set(branch, sha);
      return { sha, byNightwatch: madeByNightwatch((await this.exec(commitIdentity(sha))).stdout) };
    });
  }

  /** The one place this manager starts git: see gitIn; output scrubbed of the credential. */
  private async exec(args: string[], allowFailure = false): Promise<ExecResult> {
    this.options.onExec?.(gitArgs(this.dir, args));
    this.log.debug(`git ${args.join(' ')}`);
    const result = await gitIn(this.dir, args, true);
    result.stdout = this.scrub(result.stdout);
    result.stderr = this.scrub(result.stderr);
    if (result.exitCode !== 0 && !allowFailure) {
      throw new GitError(
        `git ${args[0] ?? ''} failed with exit code ${result.exitCode}: ${lastLines(result.stderr)}`,
        args,
        result.exitCode,
        result.stderr
      );
    }
    return result;
  }

  private async tryExec(args: string[]): Promise<boolean> {
    return (await this.exec(args, true)).exitCode === 0;
  }

  private async isRepository(): Promise<boolean> {
    try {
      await fs.access(path.join(this.dir, '.git'));
      return true;
    } catch {
      return false;
    }
  }

  /** Runs `fn` with the token in a local extraheader for `origin`; the header is gone afterwards. */
  private async withAuth<T>(origin: string, token: string | undefined, fn: () => Promise<T>): Promise<T> {
    if (token === undefined || token === '') {
      return fn();
    }
    const run = this.authQueue.then(
      () => this.withAuthNow(origin, token, fn),
      () => this.withAuthNow(origin, token, fn)
    );
    this.authQueue = run.catch(() => undefined);
    return run;
  }

  private async withAuthNow<T>(origin: string, token: string, fn: () => Promise<T>): Promise<T> {
    const key = `http.${origin}/.extraheader`;
    const credential = Buffer.from(`x-access-token:${token}`, 'utf8').toString('base64');
    this.secrets.push(token, credential);
    // The token itself is masked by the caller (core.setSecret first, in main); its base64 form is ours.
    this.log.setSecret?.(credential);
    try {
      // A header left by an earlier crash would be sent twice; start clean.
      await this.exec(['config', '--local', '--unset-all', key, EXTRAHEADER_VALUE_REGEX], true);
      await this.exec(['config', '--local', key, EXTRAHEADER_PLACEHOLDER]);
      await this.replaceInConfig(EXTRAHEADER_PLACEHOLDER, `AUTHORIZATION: basic ${credential}`);
      return await fn();
    } finally {
      await this.removeAuth(key, credential);
    }
  }

  private async removeAuth(key: string, credential: string): Promise<void> {
    const unset = await this.exec(['config', '--local', '--unset-all', key, EXTRAHEADER_VALUE_REGEX], true);
    // exit 5: nothing to unset (e.g. the placeholder was never written).
    if (unset.exitCode !== 0 && unset.exitCode !== 5) {
      this.log.warning(`Could not unset ${key} (exit ${unset.exitCode}); scrubbing .git/config directly`);
    }
    const configPath = await this.configPath();
    const content = await fs.readFile(configPath, 'utf8').catch(() => '');
    if (content.includes(credential)) {
      await fs.writeFile(
        configPath,
        content
          .split('\n')
          .filter(l => !l.includes(credential))
          .join('\n')
      );
    }
  }

  private async replaceInConfig(find: string, replace: string): Promise<void> {
    const configPath = await this.configPath();
    const content = await fs.readFile(configPath, 'utf8');
    const index = content.indexOf(find);
    if (index < 0 || index !== content.lastIndexOf(find)) {
      throw new Error(`Unable to set the credential header in ${configPath}`);
    }
    await fs.writeFile(configPath, content.slice(0, index) + replace + content.slice(index + find.length), {
      mode: 0o600
    });
  }

  private async configPath(): Promise<string> {
    // `config --local` writes to the common dir, which differs from --git-dir in a linked worktree.
    const gitDir = (await this.exec(['rev-parse', '--git-common-dir'])).stdout.trim();
    return path.resolve(this.dir, gitDir, 'config');
  }

  private scrub(text: string): string {
    let out = text;
    for (const s of this.secrets) {
      if (s !== '') out = out.split(s).join('***');
    }
    return out;
  }
}

/**
 * Configuration given on every git command line. It outranks the repository's own config, so
 * nothing the repository (or a user's `.git/config`) names runs on the host: no hooks, no
 * fsmonitor, no pager, editor, askpass or credential helper, no ssh or `ext::` transport, no
 * external diff; and no attributes file from outside the tree. Filter drivers are neutralised by
 * never running git in a repository whose config Nightwatch did not write (see checkoutFromLocal):
 * a `.gitattributes` naming a driver that the config does not define does nothing.
 */
const SAFE_CONFIG = [
  'core.hooksPath=/dev/null',
  'core.fsmonitor=false',
  'core.pager=cat',
  'core.editor=:',
  'core.askPass=',
  'core.attributesFile=/dev/null',
  'core.excludesFile=/dev/null',
  'credential.helper=',
  'diff.external=',
  'submodule.recurse=false',
  'protocol.allow=never',
  'protocol.https.allow=always',
  'protocol.http.allow=always',
  'protocol.file.allow=always',
  'protocol.ext.allow=never',
  'protocol.ssh.allow=never',
  'protocol.git.allow=never',
  'commit.gpgsign=false',
  'tag.gpgSign=false',
  // No background gc or maintenance started by our commits in someone's repository.
  'maintenance.auto=false',
  'gc.auto=0',
  'init.defaultBranch=main'
];

/** The full argument vector of one git command in `dir`. */
function gitArgs(dir: string, args: readonly string[], config: readonly string[] = []): string[] {
  return [
    ...[...SAFE_CONFIG, ...config].flatMap(c => ['-c', c]),
    // The runner's work tree can be owned by another uid (container jobs).
    '-c',
    `safe.directory=${dir}`,
    ...args
  ];
}

/** Runs git in `dir` with the safe config and environment; throws GitError on failure unless allowed. */
async function gitIn(
  dir: string,
  args: string[],
  allowFailure = false,
  config: readonly string[] = []
): Promise<ExecResult> {
  const result = await run('git', gitArgs(dir, args, config), dir, gitEnv());
  if (result.exitCode !== 0 && !allowFailure) {
    throw new GitError(
      `git ${args[0] ?? ''} failed with exit code ${result.exitCode}: ${lastLines(result.stderr)}`,
      args,
      result.exitCode,
      result.stderr
    );
  }
  return result;
}

/**
 * What git may see of the environment: a few names it needs to find programs, certificates and
 * proxies, nothing else. Tokens (GITHUB_TOKEN, INPUT_*, ACTIONS_*, GEMINI_API_KEY, ...) and every
 * GIT_* variable (GIT_DIR, GIT_CONFIG_COUNT, GIT_TRACE_CURL, ...) stay out.
 */
const KEPT_ENV = new Set([
  'PATH',
  'TMPDIR',
  'GIT_SSL_CAINFO',
  'GIT_SSL_CAPATH',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'ALL_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'all_proxy',
  'SYSTEMROOT',
  'SystemRoot',
  'WINDIR',
  'COMSPEC',
  'PATHEXT'
]);

let emptyHome: string | undefined;

/** An empty HOME of our own: no ~/.gitconfig, ~/.netrc or ~/.config/git of whoever runs us. */
function gitHome(): string {
  if (emptyHome === undefined) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nightwatch-git-home-'));
    emptyHome = dir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return emptyHome;
}

/**
 * The environment git runs in: a minimal one, no prompts, no user or system config or attributes,
 * and Nightwatch as author and committer.
 */
export function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (KEPT_ENV.has(k)) env[k] = v;
  }
  const home = gitHome();
  return {
    ...env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    LANG: 'C',
    LC_ALL: 'C',
    GIT_TERMINAL_PROMPT: '0',
    GCM_INTERACTIVE: 'never',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_ATTR_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: COMMIT_AUTHOR_NAME,
    GIT_AUTHOR_EMAIL: COMMIT_AUTHOR_EMAIL,
    GIT_COMMITTER_NAME: COMMIT_AUTHOR_NAME,
    GIT_COMMITTER_EMAIL: COMMIT_AUTHOR_EMAIL
  };
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8') + (signal ? `\nkilled by ${signal}` : ''),
        exitCode: code ?? 128
      });
    });
  });
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

function lastLines(text: string, n = 5): string {
  return text.trim().split('\n').slice(-n).join(' | ');
}
