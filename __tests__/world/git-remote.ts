/**
 * A git remote on loopback: `git http-backend` (CGI) behind a node http server, serving bare
 * repositories at `/{owner}/{repo}.git`, with GitHub's token check, so fetches and pushes are real.
 */
import { spawn } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { closeServer, listenLoopback } from './http-util.js';
import { TokenRegistry, satisfies, type Permissions } from './tokens.js';

/** One ref update a push made (from the post-receive hook). */
export interface PushRecord {
  owner: string;
  repo: string;
  ref: string;
  before: string;
  after: string;
  /** Label of the token that pushed (`job`, or the label given to acceptToken). */
  by?: string;
}

/** A recorded smart-HTTP request. */
export interface GitRequestRecord {
  method: string;
  path: string;
  service?: string;
  status: number;
  authorized: boolean;
  /** Label of the token the request carried when the remote knows it, also when revoked (then 401). */
  by?: string;
}

/** Options of the remote. */
export interface GitRemoteOptions {
  /** The token a client must send as the Basic password (default `ghs_test_token`); labelled `job`. */
  token?: string;
  /** More tokens accepted besides `token`, by label (e.g. `{ app: 'ghs_app_...' }`); see acceptToken. */
  tokens?: Record<string, string>;
  /** Where bare repositories live (default: a new temp dir, removed on stop). */
  root?: string;
}

/** What pushes a repository refuses (see rejectPushes, allowWorkflowChanges). */
interface RepoPolicy {
  reject?: { message: string; refs?: string };
  workflows: boolean;
}

/** Result of a git command. */
export interface GitExec {
  stdout: string;
  stderr: string;
  exitCode: number;
}

const ZERO = '0'.repeat(40);

/** Environment for the world's own git calls: no user or system config, no prompts, fixed identity. */
export function hermeticGitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: tmpdir(),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_AUTHOR_NAME: 'World',
    GIT_AUTHOR_EMAIL: 'world@example.test',
    GIT_COMMITTER_NAME: 'World',
    GIT_COMMITTER_EMAIL: 'world@example.test',
    ...extra
  };
}

/** Runs git; rejects on a non-zero exit unless `allowFail`. */
export async function git(
  args: string[],
  opts: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv; allowFail?: boolean } = {}
): Promise<GitExec> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd: opts.cwd,
      env: opts.env ?? hermeticGitEnv(),
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe']
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (d: Buffer) => out.push(d));
    child.stderr?.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', code => {
      const r = {
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        exitCode: code ?? 1
      };
      if (r.exitCode !== 0 && !opts.allowFail)
        reject(new Error(`git ${args.join(' ')} failed (${r.exitCode}): ${r.stderr}`));
      else resolve(r);
    });
    if (opts.input !== undefined && child.stdin) {
      // git may exit before reading all of its input; that is its answer, not our error.
      child.stdin.on('error', () => undefined);
      child.stdin.end(opts.input);
    }
  });
}

/** One commit to make: files to write (null deletes) and a message. */
export interface CommitSpec {
  files: Record<string, string | null>;
  message: string;
  /** Fixed commit date, so shas are reproducible (default 2026-01-01T00:00:00Z plus the commit index). */
  date?: string;
}

/** The remote. */
export class GitRemote {
  readonly token: string;
  readonly pushes: PushRecord[] = [];
  readonly requests: GitRequestRecord[] = [];
  private root: string;
  private ownRoot: boolean;
  private server?: Server;
  private baseUrl = '';
  private commitCounter = 0;
  private readonly faults: { service?: string; status: number; left: number }[] = [];
  private readonly policies = new Map<string, RepoPolicy>();
  private readonly tokens: TokenRegistry;

  constructor(opts: GitRemoteOptions = {}) {
    this.token = opts.token ?? 'ghs_test_token';
    this.tokens = new TokenRegistry(this.token, opts.tokens);
    this.root = opts.root ?? '';
    this.ownRoot = !opts.root;
  }

  /** Base URL; repositories are at `${url}/{owner}/{repo}.git`. */
  get url(): string {
    if (!this.baseUrl) throw new Error('GitRemote not started');
    return this.baseUrl;
  }

  /** Directory holding the bare repositories. */
  get directory(): string {
    return this.root;
  }

  async start(): Promise<{ url: string }> {
    if (!this.root) this.root = await mkdtemp(join(tmpdir(), 'nw-git-remote-'));
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`git remote error: ${String(err)}`);
      });
    });
    this.baseUrl = await listenLoopback(this.server);
    return { url: this.baseUrl };
  }

  async stop(): Promise<void> {
    await closeServer(this.server);
    if (this.ownRoot && this.root) await rm(this.root, { recursive: true, force: true });
  }

  /** Accepts another token (e.g. a GitHub App installation token); its requests and pushes carry `by: label`. */
  acceptToken(token: string, label: string, permissions?: Permissions): void {
    this.tokens.accept(token, label, permissions);
  }

  /** Sets the permissions of a known token (its workflow's `permissions:`; undefined: all). */
  setPermissions(token: string, permissions: Permissions | undefined): void {
    this.tokens.setPermissions(token, permissions);
  }

  /** From now on the token gets GitHub's 401 (`Invalid username or token`), recorded with its label. */
  revokeToken(token: string): void {
    this.tokens.revoke(token);
  }

  /** Makes the next `times` smart-HTTP requests (of one service, or any) fail with `status`. */
  failNext(f: { service?: 'git-upload-pack' | 'git-receive-pack'; status: number; times?: number }): void {
    this.faults.push({ service: f.service, status: f.status, left: f.times ?? 1 });
  }

  /** Clone URL of a repository (no credentials in it). */
  repoUrl(owner: string, repo: string): string {
    return `${this.url}/${owner}/${repo}.git`;
  }

  /** The `http.extraheader` value a client sends: `AUTHORIZATION: basic base64(x-access-token:<token>)`. */
  authHeader(token = this.token): string {
    return `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`;
  }

  /** Path of a bare repository on disk. */
  barePath(owner: string, repo: string): string {
    return join(this.root, owner, `${repo}.git`);
  }

  /**
   * Creates a bare repository whose `branch` (default `main`) holds the files of `from` (a directory
   * or a map of path to content) as one commit, then one commit per entry of `commits`.
   * Returns the sha of the branch head.
   */
  async createRepo(
    owner: string,
    repo: string,
    from: string | Record<string, string>,
    opts: { branch?: string; message?: string; commits?: CommitSpec[] } = {}
  ): Promise<string> {
    const bare = this.barePath(owner, repo);
    const branch = opts.branch ?? 'main';
    await mkdir(dirname(bare), { recursive: true });
    await git(['init', '--bare', '--quiet', `--initial-branch=${branch}`, bare]);
    await git(['config', 'http.receivepack', 'true'], { cwd: bare });
    await this.writeHooks(bare);
    await this.writePreReceive(owner, repo);
    const work = await mkdtemp(join(tmpdir(), 'nw-git-seed-'));
    try {
      await git(['init', '--quiet', `--initial-branch=${branch}`, work]);
      if (typeof from === 'string') {
        await cp(from, work, { recursive: true, filter: src => !src.split('/').includes('.git') });
      } else {
        await writeFiles(work, from);
      }
      await this.commitIn(work, opts.message ?? 'Initial commit');
      for (const c of opts.commits ?? []) {
        await writeFiles(work, c.files);
        await this.commitIn(work, c.message, c.date);
      }
      await git(['push', '--quiet', bare, `HEAD:refs/heads/${branch}`], {
        cwd: work,
        env: hermeticGitEnv({ NW_SEED: '1' })
      });
      return (await git(['rev-parse', 'HEAD'], { cwd: work })).stdout.trim();
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  /** Adds a commit on `branch` (created from `from` or the default branch when missing); returns its sha. */
  async commit(
    owner: string,
    repo: string,
    branch: string,
    spec: CommitSpec & { from?: string }
  ): Promise<string> {
    const bare = this.barePath(owner, repo);
    const work = await mkdtemp(join(tmpdir(), 'nw-git-commit-'));
    try {
      await git(['clone', '--quiet', bare, work]);
      const exists =
        (
          await git(['rev-parse', '--verify', '--quiet', `refs/remotes/origin/${branch}`], {
            cwd: work,
            allowFail: true
          })
        ).exitCode === 0;
      const start = exists ? `origin/${branch}` : (spec.from ?? 'HEAD');
      await git(['checkout', '--quiet', '-B', branch, start], { cwd: work });
      await writeFiles(work, spec.files);
      await this.commitIn(work, spec.message, spec.date);
      // Seeding must not show up as a recorded push: push to the path, and drop the hook's record.
      await git(['push', '--quiet', bare, `HEAD:refs/heads/${branch}`], {
        cwd: work,
        env: hermeticGitEnv({ NW_SEED: '1' })
      });
      return (await git(['rev-parse', 'HEAD'], { cwd: work })).stdout.trim();
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  /**
   * Publishes pull request `pull` as GitHub does: `refs/pull/N/head` at `head` and `refs/pull/N/merge`
   * at a new merge commit of `head` into `base` (two parents, base first), with GitHub's message
   * `Merge <head> into <base>`. Throws when the two do not merge cleanly (GitHub then makes no merge
   * commit). Returns the merge commit's sha.
   */
  async publishPullMerge(
    owner: string,
    repo: string,
    pull: number,
    o: { head: string; base: string; date?: string }
  ): Promise<string> {
    const bare = this.barePath(owner, repo);
    const work = await mkdtemp(join(tmpdir(), 'nw-git-merge-'));
    try {
      await git(['clone', '--quiet', '--no-checkout', bare, work]);
      await git(['checkout', '--quiet', '--detach', o.base], { cwd: work });
      const when = o.date ?? new Date(Date.UTC(2026, 0, 1) + this.commitCounter++ * 60000).toISOString();
      const merged = await git(
        ['merge', '--no-ff', '--quiet', '-m', `Merge ${o.head} into ${o.base}`, o.head],
        {
          cwd: work,
          env: hermeticGitEnv({ GIT_AUTHOR_DATE: when, GIT_COMMITTER_DATE: when }),
          allowFail: true
        }
      );
      if (merged.exitCode !== 0)
        throw new Error(`${o.head} does not merge cleanly into ${o.base}: ${merged.stdout}${merged.stderr}`);
      const sha = (await git(['rev-parse', 'HEAD'], { cwd: work })).stdout.trim();
      await git(
        ['push', '--quiet', bare, `${o.head}:refs/pull/${pull}/head`, `${sha}:refs/pull/${pull}/merge`],
        {
          cwd: work,
          env: hermeticGitEnv({ NW_SEED: '1' })
        }
      );
      return sha;
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  private async commitIn(work: string, message: string, date?: string): Promise<void> {
    const when = date ?? new Date(Date.UTC(2026, 0, 1) + this.commitCounter++ * 60000).toISOString();
    await git(['add', '-A'], { cwd: work });
    await git(['commit', '--quiet', '--allow-empty', '-m', message], {
      cwd: work,
      env: hermeticGitEnv({ GIT_AUTHOR_DATE: when, GIT_COMMITTER_DATE: when })
    });
  }

  /** Branch name to head sha. */
  async branches(owner: string, repo: string): Promise<Record<string, string>> {
    const r = await git(['for-each-ref', '--format=%(refname:strip=2) %(objectname)', 'refs/heads'], {
      cwd: this.barePath(owner, repo)
    });
    const out: Record<string, string> = {};
    for (const line of r.stdout.split('\n').filter(Boolean)) {
      const [name, sha] = line.split(' ');
      out[name] = sha;
    }
    return out;
  }

  /** Head sha of a branch, or undefined. */
  async branchSha(owner: string, repo: string, branch: string): Promise<string | undefined> {
    if (!existsSync(this.barePath(owner, repo))) return undefined;
    return (await this.branches(owner, repo))[branch];
  }

  /** A file's content at a ref (branch, tag or sha), or undefined when it does not exist there. */
  async readFileAt(owner: string, repo: string, ref: string, path: string): Promise<string | undefined> {
    const r = await git(['show', `${ref}:${path}`], { cwd: this.barePath(owner, repo), allowFail: true });
    return r.exitCode === 0 ? r.stdout : undefined;
  }

  /** Paths changed between two refs. */
  async changedFiles(owner: string, repo: string, from: string, to: string): Promise<string[]> {
    const r = await git(['diff', '--name-only', from, to], { cwd: this.barePath(owner, repo) });
    return r.stdout.split('\n').filter(Boolean);
  }

  /** Commit message of a ref. */
  async message(owner: string, repo: string, ref: string): Promise<string> {
    return (await git(['log', '-1', '--format=%B', ref], { cwd: this.barePath(owner, repo) })).stdout.trim();
  }

  /** Clones a repository (from disk, not over HTTP) into `dir` and checks out `ref`. */
  async clone(owner: string, repo: string, ref: string, dir: string): Promise<void> {
    await git(['clone', '--quiet', this.barePath(owner, repo), dir]);
    const remoteBranch = await git(['rev-parse', '--verify', '--quiet', `refs/remotes/origin/${ref}`], {
      cwd: dir,
      allowFail: true
    });
    await git(['checkout', '--quiet', '--detach', remoteBranch.exitCode === 0 ? `origin/${ref}` : ref], {
      cwd: dir
    });
  }

  /**
   * Makes pushes fail through the pre-receive hook: every push, or only those that update a ref
   * matching `refs` (a POSIX extended regex, e.g. `^refs/heads/main$` for a protected branch).
   */
  async rejectPushes(
    owner: string,
    repo: string,
    message = 'push declined by policy',
    refs?: string
  ): Promise<void> {
    this.policy(owner, repo).reject = { message, refs };
    await this.writePreReceive(owner, repo);
  }

  /** Undoes `rejectPushes`. */
  async allowPushes(owner: string, repo: string): Promise<void> {
    delete this.policy(owner, repo).reject;
    await this.writePreReceive(owner, repo);
  }

  /**
   * Lets pushes change `.github/workflows/**`. By default they are refused, as GitHub refuses them to
   * a GitHub App token without the `workflows` permission (the job token can never have it).
   */
  async allowWorkflowChanges(owner: string, repo: string, allow = true): Promise<void> {
    this.policy(owner, repo).workflows = allow;
    await this.writePreReceive(owner, repo);
  }

  private policy(owner: string, repo: string): RepoPolicy {
    const key = `${owner}/${repo}`;
    let p = this.policies.get(key);
    if (!p) {
      p = { workflows: false };
      this.policies.set(key, p);
    }
    return p;
  }

  private async writePreReceive(owner: string, repo: string): Promise<void> {
    const p = this.policy(owner, repo);
    const lines = [
      '#!/bin/sh',
      '# Seeding pushes (NW_SEED) are the test setting the world up, not a client.',
      '[ -n "$NW_SEED" ] && exit 0',
      'rc=0',
      `zero=${ZERO}`
    ];
    // `:` keeps the loop body non-empty when no rule applies.
    lines.push('while read old new ref; do', '  :');
    if (p.reject) {
      const say = `echo ${shellQuote(`error: ${p.reject.message}`)} "($ref)" >&2`;
      lines.push(
        p.reject.refs
          ? `  if printf '%s\n' "$ref" | grep -Eq ${shellQuote(p.reject.refs)}; then ${say}; rc=1; fi`
          : `  ${say}; rc=1`
      );
    }
    if (!p.workflows) {
      lines.push(
        '  [ "$new" = "$zero" ] && continue',
        '  if [ "$old" = "$zero" ]; then range="$new --not --all"; else range="$old..$new"; fi',
        '  for f in $(git log --format= --name-only $range -- .github/workflows | sort -u); do',
        '    printf \'refusing to allow a GitHub App to create or update workflow `%s` without `workflows` permission\\n\' "$f" >&2',
        '    rc=1',
        '  done'
      );
    }
    lines.push('done', 'exit $rc', '');
    const hook = join(this.barePath(owner, repo), 'hooks', 'pre-receive');
    await writeFile(hook, lines.join('\n'));
    await chmod(hook, 0o755);
  }

  private pushLog(bare: string): string {
    return join(bare, 'nw-pushes.log');
  }

  private async writeHooks(bare: string): Promise<void> {
    const hook = join(bare, 'hooks', 'post-receive');
    // Records every ref update of a push made over HTTP (seeding pushes set NW_SEED and are skipped).
    await writeFile(hook, `#!/bin/sh\n[ -n "$NW_SEED" ] && exit 0\ncat >> "${this.pushLog(bare)}"\n`);
    await chmod(hook, 0o755);
  }

  private async collectPushes(owner: string, repo: string, by: string | undefined): Promise<void> {
    const log = this.pushLog(this.barePath(owner, repo));
    if (!existsSync(log)) return;
    const text = await readFile(log, 'utf8');
    await rm(log, { force: true });
    for (const line of text.split('\n').filter(Boolean)) {
      const [before, after, ref] = line.split(' ');
      this.pushes.push({ owner, repo, ref, before: before === ZERO ? ZERO : before, after, by });
    }
  }

  /** The known token a request carries (valid or revoked), or undefined. */
  private credential(
    req: IncomingMessage
  ): { label: string; revoked: boolean; permissions?: Permissions } | undefined {
    const h = req.headers.authorization ?? '';
    const m = /^basic\s+(.+)$/i.exec(h);
    if (!m) return undefined;
    const decoded = Buffer.from(m[1], 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i < 1) return undefined;
    // GitHub takes the token as the password; `x-access-token` is the conventional user name.
    return this.tokens.lookup(decoded.slice(i + 1));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    const m = /^\/([^/]+)\/([^/]+?)\.git(\/.*)?$/.exec(u.pathname);
    const service =
      u.searchParams.get('service') ??
      (u.pathname.endsWith('git-receive-pack')
        ? 'git-receive-pack'
        : u.pathname.endsWith('git-upload-pack')
          ? 'git-upload-pack'
          : undefined);
    const credential = this.credential(req);
    const rec: GitRequestRecord = {
      method: req.method ?? 'GET',
      path: u.pathname,
      service,
      status: 0,
      authorized: credential !== undefined && !credential.revoked,
      ...(credential ? { by: credential.label } : {})
    };
    this.requests.push(rec);
    if (!rec.authorized) {
      rec.status = 401;
      req.resume();
      res.writeHead(401, { 'www-authenticate': 'Basic realm="GitHub"', 'content-type': 'text/plain' });
      res.end('Invalid username or token. Password authentication is not supported for Git operations.\n');
      return;
    }
    if (!m || !existsSync(this.barePath(m[1], m[2]))) {
      rec.status = 404;
      req.resume();
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Repository not found.\n');
      return;
    }
    // A fetch needs `contents: read`, a push `contents: write`. GitHub answers a token without them
    // 403 with this text, which git prints as `remote: Permission to o/r.git denied to
    // github-actions[bot].` followed by `fatal: unable to access '...': The requested URL returned error: 403`.
    const need = service === 'git-receive-pack' ? 'contents=write' : 'contents=read';
    if (service && !satisfies(credential?.permissions, need)) {
      rec.status = 403;
      req.resume();
      const who = credential?.label === 'job' ? 'github-actions[bot]' : `${credential?.label ?? 'app'}[bot]`;
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`Permission to ${m[1]}/${m[2]}.git denied to ${who}.\n`);
      return;
    }
    const fault = this.faults.find(f => f.left > 0 && (!f.service || f.service === service));
    if (fault) {
      fault.left -= 1;
      rec.status = fault.status;
      req.resume();
      res.writeHead(fault.status, { 'content-type': 'text/plain' });
      res.end(`injected fault ${fault.status}\n`);
      return;
    }
    const [, owner, repo] = m;
    const env: NodeJS.ProcessEnv = {
      ...hermeticGitEnv(),
      GIT_PROJECT_ROOT: this.root,
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: u.pathname,
      REQUEST_METHOD: req.method ?? 'GET',
      QUERY_STRING: u.search.replace(/^\?/, ''),
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      REMOTE_USER: 'x-access-token',
      REMOTE_ADDR: '127.0.0.1',
      GATEWAY_INTERFACE: 'CGI/1.1',
      SERVER_PROTOCOL: 'HTTP/1.1'
    };
    if (req.headers['content-length']) env.CONTENT_LENGTH = req.headers['content-length'];
    // git gzips large request bodies; http-backend inflates them when told the encoding.
    if (req.headers['content-encoding']) env.HTTP_CONTENT_ENCODING = req.headers['content-encoding'];
    // Protocol v2 is negotiated through this header.
    if (req.headers['git-protocol']) env.GIT_PROTOCOL = String(req.headers['git-protocol']);

    const child = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    // http-backend may answer and exit before reading the whole request (an error, a hook refusal).
    child.stdin.on('error', () => undefined);
    req.pipe(child.stdin);
    const stderr: Buffer[] = [];
    child.stderr.on('data', (d: Buffer) => stderr.push(d));
    let head = Buffer.alloc(0);
    let headerDone = false;
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.stdout.on('data', (chunk: Buffer) => {
        if (headerDone) {
          res.write(chunk);
          return;
        }
        head = Buffer.concat([head, chunk]);
        let end = head.indexOf('\r\n\r\n');
        let sep = 4;
        if (end < 0) {
          end = head.indexOf('\n\n');
          sep = 2;
        }
        if (end < 0) return;
        headerDone = true;
        const lines = head.subarray(0, end).toString('latin1').split(/\r?\n/);
        let status = 200;
        const headers: Record<string, string> = {};
        for (const line of lines) {
          const i = line.indexOf(':');
          if (i < 0) continue;
          const k = line.slice(0, i).trim();
          const v = line.slice(i + 1).trim();
          if (k.toLowerCase() === 'status') status = Number(v.split(' ')[0]);
          else headers[k] = v;
        }
        rec.status = status;
        res.writeHead(status, headers);
        res.write(head.subarray(end + sep));
      });
      child.on('close', () => resolve());
    });
    if (!headerDone) {
      rec.status = 500;
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(Buffer.concat(stderr));
      return;
    }
    // Collect before ending the response: the client returns as soon as it has the whole answer.
    if (service === 'git-receive-pack' && req.method === 'POST')
      await this.collectPushes(owner, repo, rec.by);
    res.end();
  }
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

async function writeFiles(dir: string, files: Record<string, string | null>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const p = join(dir, rel);
    if (content === null) {
      await rm(p, { force: true });
      continue;
    }
    await mkdir(dirname(p), { recursive: true });
    await writeFile(p, content);
  }
}
