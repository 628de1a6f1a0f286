/**
 * GitHub REST emulator on loopback: the endpoints Nightwatch calls, an in-memory model seeded by the
 * test, every response checked against GitHub's OpenAPI description, every request recorded, and
 * scripted faults (5xx, secondary rate limit, 422).
 */
import AdmZip from 'adm-zip';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ArtifactStore, sameName, type StoredArtifact } from './artifact-store.js';
import { checkRequest, checkResponse, responseExample } from './openapi.js';
import { closeServer, listenLoopback, readBody } from './http-util.js';
import { TokenRegistry, satisfies, type Permissions } from './tokens.js';
import { archiveJobNames, parseJobLogPath } from '../../src/triage/names.js';

/** One recorded request. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/repos/o/r/pulls`. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** The status the emulator answered with. */
  status: number;
  /** The OpenAPI path template it matched, e.g. `/repos/{owner}/{repo}/pulls`. */
  route?: string;
  /** True when the answer was an injected fault. */
  fault?: boolean;
  headers: Record<string, string>;
  /**
   * Label of the token the request carried, when the emulator knows it (`job` for the main token, the
   * label given to `acceptToken` for others), also when that token was revoked (then `status` is 401).
   * Undefined for no token or an unknown one.
   */
  by?: string;
}

/** A fault to inject: the next `times` matching requests get `status` instead of their answer. */
export interface FaultSpec {
  method?: string;
  path?: RegExp;
  /**
   * `secondary-rate-limit`: 403 with retry-after and GitHub's message (what plugin-throttling keys on);
   * `rate-limit`: the primary limit, 403 with x-ratelimit-remaining 0 and a reset `retryAfter` s ahead.
   */
  status: 500 | 502 | 503 | 403 | 422 | 429 | 'secondary-rate-limit' | 'rate-limit';
  times?: number;
  /** Seconds for the retry-after header of a secondary rate limit (default 1). */
  retryAfter?: number;
  /** Overrides the error message. */
  message?: string;
}

/** Options of the emulator. */
export interface GitHubApiOptions {
  /** The token requests must carry (default `ghs_test_token`); recorded as `by: 'job'`. */
  token?: string;
  /** More tokens accepted besides `token`, by label (e.g. `{ app: 'ghs_app_...' }`); see acceptToken. */
  tokens?: Record<string, string>;
  /** Base of html_url links, i.e. GITHUB_SERVER_URL (default: this server). */
  serverUrl?: string;
  /** Base of clone_url (the git remote's URL; default: serverUrl). */
  gitUrl?: string;
  /** Shared with the artifact service (default: a new store). */
  artifacts?: ArtifactStore;
  /** Answer 500 when a response would violate the OpenAPI schema (default true). */
  strictSchema?: boolean;
  /** Looks up a branch on the git remote, so PR creation can check the head exists. */
  branchSha?: (owner: string, repo: string, branch: string) => Promise<string | undefined>;
}

/** A repository of the model. */
export interface RepoRecord {
  id: number;
  owner: string;
  name: string;
  defaultBranch: string;
  private: boolean;
  fork: boolean;
  ownerType: 'User' | 'Organization';
  labels: LabelRecord[];
  /** Issues enabled (has_issues); when false, creating an issue answers 410. */
  hasIssues: boolean;
  /**
   * The "Allow GitHub Actions to create and approve pull requests" setting. GitHub's default for new
   * repositories and organizations is off; the emulator's is on, so a test turns it off on purpose.
   */
  actionsCanCreatePullRequests: boolean;
}

/** A label of a repository. */
export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

/** A workflow file of a repository. */
export interface WorkflowRecord {
  id: number;
  owner: string;
  repo: string;
  name: string;
  /** `.github/workflows/<file>` */
  path: string;
  state: 'active' | 'disabled_manually';
  /** Whether the workflow has an `on: workflow_dispatch` trigger. */
  dispatchable: boolean;
}

/** A step of a job. */
export interface StepRecord {
  name: string;
  number: number;
  status: 'completed' | 'in_progress' | 'queued';
  conclusion: string | null;
}

/** A job of a run attempt. */
export interface JobRecord {
  id: number;
  runId: number;
  runAttempt: number;
  name: string;
  status: 'completed' | 'in_progress' | 'queued';
  conclusion: string | null;
  steps: StepRecord[];
  labels: string[];
}

/** A pull request a run was triggered for (the minimal form runs list). */
export interface RunPullRef {
  number: number;
  headRef: string;
  headSha: string;
  baseRef: string;
  baseSha?: string;
}

/** A workflow run; `attempts` keeps earlier attempts for the attempts endpoints. */
export interface RunRecord {
  id: number;
  owner: string;
  repo: string;
  workflowId: number;
  name: string;
  path: string;
  headSha: string;
  headBranch: string;
  event: string;
  status: 'completed' | 'in_progress' | 'queued' | 'requested' | 'waiting' | 'pending';
  conclusion: string | null;
  runAttempt: number;
  runNumber: number;
  pullRequests: RunPullRef[];
  /** The repository the head commit came from; differs from owner/repo for forks. */
  headRepository: { owner: string; name: string };
  headCommitMessage: string;
  displayTitle: string;
  actor: string;
  createdAt: string;
  updatedAt: string;
  /** Run-log zips per attempt. */
  logs: Map<number, Buffer>;
  /** Logs past retention: the logs endpoint answers 410 Gone. */
  logsExpired: boolean;
  /** Earlier attempts: status and conclusion as they were. */
  attempts: Map<number, { status: RunRecord['status']; conclusion: string | null; createdAt: string }>;
}

/** A pull request. */
export interface PullRecord {
  id: number;
  number: number;
  owner: string;
  repo: string;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  /** Head branch name (without the owner). */
  head: string;
  headOwner: string;
  headSha: string;
  base: string;
  draft: boolean;
  merged: boolean;
  labels: string[];
  user: string;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  /** When it was merged (closePull with merged), as GitHub's merged_at; absent or null while not merged. */
  mergedAt?: string | null;
  /** Who merged it. */
  mergedBy?: string;
}

/**
 * GitHub's `created` filter of the runs listing, in the search syntax for dates: `>=2026-01-31`,
 * `>`, `<=`, `<`, a range `A..B` (either end may be `*`), or one day `2026-01-31`; a date may carry a
 * time (`2026-01-31T10:00:00Z`). A value it cannot read is a 422, as GitHub answers it.
 */
export function createdMatches(filter: string, createdAt: string): boolean {
  const t = Date.parse(createdAt);
  const at = (v: string, end: boolean): number => {
    if (v === '*') return end ? Infinity : -Infinity;
    const day = /^\d{4}-\d{2}-\d{2}$/.test(v);
    const ms = Date.parse(day ? `${v}T00:00:00Z` : v);
    if (Number.isNaN(ms))
      throw new HttpError(422, { message: `Invalid created filter '${filter}'`, documentation_url: DOCS });
    return day && end ? ms + 24 * 3600 * 1000 - 1 : ms;
  };
  const m = /^(>=|<=|>|<)(.+)$/.exec(filter);
  if (m) {
    const [, op, v] = m;
    if (op === '>=') return t >= at(v, false);
    if (op === '>') return t > at(v, true);
    if (op === '<=') return t <= at(v, true);
    return t < at(v, false);
  }
  const range = /^(.+)\.\.(.+)$/.exec(filter);
  if (range) return t >= at(range[1], false) && t <= at(range[2], true);
  return t >= at(filter, false) && t <= at(filter, true);
}

/** An issue (pull requests are kept separately, but share the number sequence as on GitHub). */
export interface IssueRecord {
  id: number;
  number: number;
  owner: string;
  repo: string;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: string | null;
  labels: string[];
  user: string;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

/** A comment on an issue or a pull request (issue comments). */
export interface CommentRecord {
  id: number;
  owner: string;
  repo: string;
  issueNumber: number;
  body: string;
  user: string;
  createdAt: string;
  updatedAt: string;
}

/** A comment on a commit. */
export interface CommitCommentRecord {
  id: number;
  owner: string;
  repo: string;
  sha: string;
  body: string;
  path: string | null;
  line: number | null;
  position: number | null;
  user: string;
  createdAt: string;
  updatedAt: string;
}

/** A recorded workflow_dispatch. */
/** A release of a repository (GET /repos/{owner}/{repo}/releases lists them newest first). */
export interface ReleaseRecord {
  id: number;
  owner: string;
  repo: string;
  tagName: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  createdAt: Date;
}

export interface DispatchRecord {
  owner: string;
  repo: string;
  workflowId: number;
  ref: string;
  inputs: Record<string, unknown>;
}

/** What `addRun` takes; everything but owner, repo, headSha has a default. */
export interface RunSeed {
  owner: string;
  repo: string;
  id?: number;
  /** Workflow file path (`.github/workflows/ci.yml`); the workflow is created when missing. */
  workflow?: string;
  name?: string;
  headSha: string;
  headBranch?: string;
  event?: string;
  status?: RunRecord['status'];
  conclusion?: string | null;
  runAttempt?: number;
  runNumber?: number;
  pullRequests?: RunPullRef[];
  headRepository?: { owner: string; name: string };
  headCommitMessage?: string;
  actor?: string;
  createdAt?: Date;
  jobs?: JobSeed[];
  /** Run-log zip of the current attempt (see run-logs.ts). */
  logs?: Buffer;
}

/** What `addRun`/`addJob` take for a job. */
export interface JobSeed {
  id?: number;
  name: string;
  conclusion?: string | null;
  status?: JobRecord['status'];
  /** Defaults to the run's current attempt. */
  runAttempt?: number;
  steps?: { name: string; conclusion?: string | null; number?: number }[];
  labels?: string[];
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {}
  ) {
    super(String(body.message));
  }
}

const DOCS = 'https://docs.github.com/rest';

function notFound(): HttpError {
  return new HttpError(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
}

function validationFailed(errors: Record<string, unknown>[], docs = DOCS): HttpError {
  return new HttpError(422, { message: 'Validation Failed', errors, documentation_url: docs, status: '422' });
}

function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function iso(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function nodeId(prefix: string, id: number): string {
  return Buffer.from(`${prefix}${id}`).toString('base64');
}

type Json = Record<string, unknown>;

interface Ctx {
  req: IncomingMessage;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
}

interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Raw bytes (zip downloads); never schema-checked. */
  raw?: Buffer;
}

interface Route {
  method: string;
  template: string;
  regex: RegExp;
  names: string[];
  handle: (ctx: Ctx) => Answer | Promise<Answer>;
}

/**
 * What each served operation needs of a job or app token, in GitHub's `x-accepted-github-permissions`
 * form (alternatives separated by `;`), from GitHub's "Permissions required for GitHub Apps" and
 * each endpoint's "Fine-grained access tokens" section, with the endpoint's documentation page
 * (GitHub's 403 body links it). Issue-number endpoints take `issues` for an issue and `issues` or
 * `pull_requests` for a pull request, so they are functions of the item.
 */
export const ROUTE_PERMISSIONS: Record<
  string,
  { needs: string | ((item: 'issue' | 'pull') => string); docs: string }
> = {
  'GET /repos/{owner}/{repo}': { needs: 'metadata=read', docs: 'repos/repos#get-a-repository' },
  'GET /repos/{owner}/{repo}/actions/runs/{run_id}': {
    needs: 'actions=read',
    docs: 'actions/workflow-runs#get-a-workflow-run'
  },
  'GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}': {
    needs: 'actions=read',
    docs: 'actions/workflow-runs#get-a-workflow-run-attempt'
  },
  'GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs': {
    needs: 'actions=read',
    docs: 'actions/workflow-jobs#list-jobs-for-a-workflow-run'
  },
  'GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs': {
    needs: 'actions=read',
    docs: 'actions/workflow-jobs#list-jobs-for-a-workflow-run-attempt'
  },
  'GET /repos/{owner}/{repo}/actions/runs/{run_id}/logs': {
    needs: 'actions=read',
    docs: 'actions/workflow-runs#download-workflow-run-logs'
  },
  'GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/logs': {
    needs: 'actions=read',
    docs: 'actions/workflow-runs#download-workflow-run-attempt-logs'
  },
  'POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs': {
    needs: 'actions=write',
    docs: 'actions/workflow-runs#re-run-failed-jobs-from-a-workflow-run'
  },
  'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}': {
    needs: 'actions=read',
    docs: 'actions/workflows#get-a-workflow'
  },
  'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs': {
    needs: 'actions=read',
    docs: 'actions/workflow-runs#list-workflow-runs-for-a-workflow'
  },
  'GET /repos/{owner}/{repo}/actions/runs': {
    needs: 'actions=read',
    docs: 'actions/workflow-runs#list-workflow-runs-for-a-repository'
  },
  'GET /repos/{owner}/{repo}/actions/jobs/{job_id}': {
    needs: 'actions=read',
    docs: 'actions/workflow-jobs#get-a-job-for-a-workflow-run'
  },
  'GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs': {
    needs: 'actions=read',
    docs: 'actions/workflow-jobs#download-job-logs-for-a-workflow-run'
  },
  'GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls': {
    needs: 'pull_requests=read',
    docs: 'commits/commits#list-pull-requests-associated-with-a-commit'
  },
  'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches': {
    needs: 'actions=write',
    docs: 'actions/workflows#create-a-workflow-dispatch-event'
  },
  'GET /repos/{owner}/{repo}/pulls': { needs: 'pull_requests=read', docs: 'pulls/pulls#list-pull-requests' },
  'POST /repos/{owner}/{repo}/pulls': {
    needs: 'pull_requests=write',
    docs: 'pulls/pulls#create-a-pull-request'
  },
  'GET /repos/{owner}/{repo}/pulls/{pull_number}': {
    needs: 'pull_requests=read',
    docs: 'pulls/pulls#get-a-pull-request'
  },
  'PATCH /repos/{owner}/{repo}/pulls/{pull_number}': {
    needs: 'pull_requests=write',
    docs: 'pulls/pulls#update-a-pull-request'
  },
  'GET /repos/{owner}/{repo}/issues': {
    needs: 'issues=read',
    docs: 'issues/issues#list-repository-issues'
  },
  'POST /repos/{owner}/{repo}/issues': { needs: 'issues=write', docs: 'issues/issues#create-an-issue' },
  'GET /repos/{owner}/{repo}/issues/{issue_number}': {
    needs: item => (item === 'pull' ? 'issues=read; pull_requests=read' : 'issues=read'),
    docs: 'issues/issues#get-an-issue'
  },
  'PATCH /repos/{owner}/{repo}/issues/{issue_number}': {
    needs: item => (item === 'pull' ? 'issues=write; pull_requests=write' : 'issues=write'),
    docs: 'issues/issues#update-an-issue'
  },
  'GET /repos/{owner}/{repo}/issues/{issue_number}/labels': {
    needs: item => (item === 'pull' ? 'issues=read; pull_requests=read' : 'issues=read'),
    docs: 'issues/labels#list-labels-for-an-issue'
  },
  'POST /repos/{owner}/{repo}/issues/{issue_number}/labels': {
    needs: item => (item === 'pull' ? 'issues=write; pull_requests=write' : 'issues=write'),
    docs: 'issues/labels#add-labels-to-an-issue'
  },
  'GET /repos/{owner}/{repo}/issues/{issue_number}/comments': {
    needs: item => (item === 'pull' ? 'issues=read; pull_requests=read' : 'issues=read'),
    docs: 'issues/comments#list-issue-comments'
  },
  'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': {
    needs: item => (item === 'pull' ? 'issues=write; pull_requests=write' : 'issues=write'),
    docs: 'issues/comments#create-an-issue-comment'
  },
  'GET /repos/{owner}/{repo}/issues/comments/{comment_id}': {
    needs: item => (item === 'pull' ? 'issues=read; pull_requests=read' : 'issues=read'),
    docs: 'issues/comments#get-an-issue-comment'
  },
  'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}': {
    needs: item => (item === 'pull' ? 'issues=write; pull_requests=write' : 'issues=write'),
    docs: 'issues/comments#update-an-issue-comment'
  },
  'GET /repos/{owner}/{repo}/commits/{commit_sha}/comments': {
    needs: 'metadata=read',
    docs: 'commits/comments#list-commit-comments'
  },
  'POST /repos/{owner}/{repo}/commits/{commit_sha}/comments': {
    needs: 'contents=write',
    docs: 'commits/comments#create-a-commit-comment'
  },
  'GET /repos/{owner}/{repo}/comments/{comment_id}': {
    needs: 'metadata=read',
    docs: 'commits/comments#get-a-commit-comment'
  },
  'PATCH /repos/{owner}/{repo}/comments/{comment_id}': {
    needs: 'contents=write',
    docs: 'commits/comments#update-a-commit-comment'
  },
  // A dependency's releases: public repositories' releases need no permission of the job token.
  'GET /repos/{owner}/{repo}/releases': { needs: 'metadata=read', docs: 'releases/releases#list-releases' },
  'GET /repos/{owner}/{repo}/actions/artifacts': {
    needs: 'actions=read',
    docs: 'actions/artifacts#list-artifacts-for-a-repository'
  },
  'GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts': {
    needs: 'actions=read',
    docs: 'actions/artifacts#list-workflow-run-artifacts'
  },
  'GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}': {
    needs: 'actions=read',
    docs: 'actions/artifacts#get-an-artifact'
  },
  'DELETE /repos/{owner}/{repo}/actions/artifacts/{artifact_id}': {
    needs: 'actions=write',
    docs: 'actions/artifacts#delete-an-artifact'
  },
  'GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}': {
    needs: 'actions=read',
    docs: 'actions/artifacts#download-an-artifact'
  }
};

/** GitHub's answer to a token its workflow's `permissions:` does not allow the operation. */
export function notAccessible(
  docs: string,
  accepted: string
): { status: 403; body: Json; headers: Record<string, string> } {
  return {
    status: 403,
    body: {
      message: 'Resource not accessible by integration',
      documentation_url: `${DOCS}/${docs}`,
      status: '403'
    },
    headers: { 'x-accepted-github-permissions': accepted }
  };
}

/** GitHub's length limits on what Nightwatch writes: bodies 65536 characters, titles 256. */
const LIMITED: Record<string, string> = {
  '/repos/{owner}/{repo}/pulls': 'PullRequest',
  '/repos/{owner}/{repo}/pulls/{pull_number}': 'PullRequest',
  '/repos/{owner}/{repo}/issues': 'Issue',
  '/repos/{owner}/{repo}/issues/{issue_number}': 'Issue',
  '/repos/{owner}/{repo}/issues/{issue_number}/comments': 'IssueComment',
  '/repos/{owner}/{repo}/issues/comments/{comment_id}': 'IssueComment',
  '/repos/{owner}/{repo}/commits/{commit_sha}/comments': 'CommitComment',
  '/repos/{owner}/{repo}/comments/{comment_id}': 'CommitComment'
};

function lengthViolation(
  template: string,
  method: string,
  body: unknown
): Record<string, unknown> | undefined {
  const resource = LIMITED[template];
  if (!resource || method === 'GET' || !body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  const errors: Record<string, unknown>[] = [];
  if (typeof b.body === 'string' && b.body.length > 65536) {
    errors.push({
      resource,
      code: 'custom',
      field: 'body',
      message: 'body is too long (maximum is 65536 characters)'
    });
  }
  if (
    typeof b.title === 'string' &&
    b.title.length > 256 &&
    resource !== 'IssueComment' &&
    resource !== 'CommitComment'
  ) {
    errors.push({
      resource,
      code: 'custom',
      field: 'title',
      message: 'title is too long (maximum is 256 characters)'
    });
  }
  return errors.length
    ? { message: 'Validation Failed', errors, documentation_url: DOCS, status: '422' }
    : undefined;
}

/** The example bodies our records start from, with GitHub's example names replaced by ours. */
const EXAMPLE_NAMES = [
  'octocat/Hello-World',
  'octo-org/octo-repo',
  'octo-org/octo-docs',
  'octo-org/hello-world'
];

/** The emulator. Seed it with add* methods, start it, point Octokit's baseUrl at `url`. */
export class GitHubApi {
  readonly token: string;
  readonly artifacts: ArtifactStore;
  readonly requests: RecordedRequest[] = [];
  readonly writes: RecordedRequest[] = [];
  /** Responses that violated the OpenAPI description (answered 500 when strictSchema). */
  readonly schemaViolations: string[] = [];
  /** Request bodies that violated the operation's schema (answered 422 "Invalid request."). */
  readonly requestViolations: string[] = [];
  readonly repos: RepoRecord[] = [];
  readonly workflows: WorkflowRecord[] = [];
  readonly runs: RunRecord[] = [];
  readonly jobs: JobRecord[] = [];
  readonly pulls: PullRecord[] = [];
  readonly issues: IssueRecord[] = [];
  readonly comments: CommentRecord[] = [];
  readonly commitComments: CommitCommentRecord[] = [];
  readonly dispatches: DispatchRecord[] = [];
  /** Releases of any repository (a dependency's, for the release notes). */
  readonly releases: ReleaseRecord[] = [];
  /** Run ids whose failed jobs were re-run. */
  readonly reruns: number[] = [];
  /** Run ids re-run past GitHub's limit of 50 re-runs (the new attempt failed at once). */
  readonly rerunLimitHits: number[] = [];
  private readonly faults: (FaultSpec & { left: number })[] = [];
  private readonly strictSchema: boolean;
  private readonly branchSha?: GitHubApiOptions['branchSha'];
  private serverUrlOption?: string;
  private gitUrlOption?: string;
  private server?: Server;
  private blobServer?: Server;
  private baseUrl = '';
  private blobBase = '';
  private nextId = 1000;
  private readonly blobSigs = new Map<string, { data: Buffer; contentType: string }>();
  private readonly routes: Route[] = [];
  private readonly responseListeners: ((r: RecordedRequest) => void)[] = [];
  private readonly tokens: TokenRegistry;

  constructor(opts: GitHubApiOptions = {}) {
    this.token = opts.token ?? 'ghs_test_token';
    this.tokens = new TokenRegistry(this.token, opts.tokens);
    this.artifacts = opts.artifacts ?? new ArtifactStore();
    this.strictSchema = opts.strictSchema ?? true;
    this.branchSha = opts.branchSha;
    this.serverUrlOption = opts.serverUrl;
    this.gitUrlOption = opts.gitUrl;
    this.defineRoutes();
  }

  /** API base URL (what `GITHUB_API_URL` / Octokit's baseUrl gets). */
  get url(): string {
    if (!this.baseUrl) throw new Error('GitHubApi not started');
    return this.baseUrl;
  }

  /** Base of html links and clone URLs (the git remote when set). */
  get serverUrl(): string {
    return this.serverUrlOption ?? this.url;
  }

  set serverUrl(value: string) {
    this.serverUrlOption = value;
  }

  /** Base of clone URLs (the git remote when set, else serverUrl). */
  get gitUrl(): string {
    return this.gitUrlOption ?? this.serverUrl;
  }

  set gitUrl(value: string) {
    this.gitUrlOption = value;
  }

  async start(): Promise<{ url: string }> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: `emulator error: ${String(err)}` }));
      });
    });
    this.baseUrl = await listenLoopback(this.server);
    // Redirects point at another origin, as GitHub's point at blob storage, so clients drop the
    // Authorization header when they follow them.
    this.blobServer = createServer((req, res) => this.handleBlob(req, res));
    this.blobBase = await listenLoopback(this.blobServer);
    return { url: this.baseUrl };
  }

  async stop(): Promise<void> {
    await Promise.all([closeServer(this.server), closeServer(this.blobServer)]);
  }

  /** Requests the blob host received (log and artifact downloads after the redirect). */
  readonly blobRequests: { path: string; status: number; authorization?: string }[] = [];

  private handleBlob(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    const sig = u.searchParams.get('sig') ?? '';
    const blob = this.blobSigs.get(sig);
    const rec: { path: string; status: number; authorization?: string } = {
      path: u.pathname,
      status: 0,
      authorization: req.headers.authorization
    };
    this.blobRequests.push(rec);
    const xml = (status: number, code: string, message: string): void => {
      rec.status = status;
      const body = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}\nRequestId:${randomBytes(8).toString('hex')}\nTime:${new Date().toISOString()}</Message></Error>`;
      res.writeHead(status, { 'content-type': 'application/xml', 'x-ms-error-code': code });
      res.end(body);
    };
    // Azure rejects a SAS request that also carries a token (a client that forwards Authorization
    // across the redirect fails like this on GitHub too).
    if (req.headers.authorization) {
      xml(
        400,
        'InvalidAuthenticationInfo',
        'Authentication information is not given in the correct format. Check the value of Authorization header.'
      );
      return;
    }
    if (!blob || !u.pathname.endsWith(`/${sig}`)) {
      xml(
        403,
        'AuthenticationFailed',
        'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.'
      );
      return;
    }
    rec.status = 200;
    res.writeHead(200, {
      'content-type': blob.contentType,
      'content-length': String(blob.data.length),
      'x-ms-blob-type': 'BlockBlob'
    });
    res.end(blob.data);
  }

  // ---------------------------------------------------------------- seeding

  private id(): number {
    return this.nextId++;
  }

  /** Adds a repository (default branch `main`). */
  addRepo(r: {
    owner: string;
    name: string;
    defaultBranch?: string;
    private?: boolean;
    fork?: boolean;
    id?: number;
    ownerType?: 'User' | 'Organization';
    hasIssues?: boolean;
    actionsCanCreatePullRequests?: boolean;
  }): RepoRecord {
    const rec: RepoRecord = {
      hasIssues: r.hasIssues ?? true,
      actionsCanCreatePullRequests: r.actionsCanCreatePullRequests ?? true,
      id: r.id ?? this.id(),
      owner: r.owner,
      name: r.name,
      defaultBranch: r.defaultBranch ?? 'main',
      private: r.private ?? false,
      fork: r.fork ?? false,
      ownerType: r.ownerType ?? 'User',
      labels: []
    };
    this.repos.push(rec);
    return rec;
  }

  /** Adds a workflow; `dispatchable` (has `workflow_dispatch`) defaults to false. */
  addWorkflow(w: {
    owner: string;
    repo: string;
    path: string;
    name?: string;
    id?: number;
    dispatchable?: boolean;
    state?: WorkflowRecord['state'];
  }): WorkflowRecord {
    this.repo(w.owner, w.repo);
    const rec: WorkflowRecord = {
      id: w.id ?? this.id(),
      owner: w.owner,
      repo: w.repo,
      name:
        w.name ??
        w.path
          .split('/')
          .pop()!
          .replace(/\.ya?ml$/, ''),
      path: w.path,
      state: w.state ?? 'active',
      dispatchable: w.dispatchable ?? false
    };
    this.workflows.push(rec);
    return rec;
  }

  /** Adds a workflow run (failed by default) with its jobs and log zip. */
  addRun(s: RunSeed): RunRecord {
    const repo = this.repo(s.owner, s.repo);
    const path = s.workflow ?? '.github/workflows/ci.yml';
    const wf =
      this.workflows.find(w => sameName(w.owner, s.owner) && sameName(w.repo, s.repo) && w.path === path) ??
      this.addWorkflow({ owner: s.owner, repo: s.repo, path, name: s.name });
    const created = iso(s.createdAt ?? new Date());
    const headBranch = s.headBranch ?? repo.defaultBranch;
    const message = s.headCommitMessage ?? 'Update code';
    const run: RunRecord = {
      id: s.id ?? this.id() * 1000,
      owner: repo.owner,
      repo: repo.name,
      workflowId: wf.id,
      name: s.name ?? wf.name,
      path: wf.path,
      headSha: s.headSha,
      headBranch,
      event: s.event ?? 'push',
      status: s.status ?? 'completed',
      conclusion: s.conclusion === undefined ? 'failure' : s.conclusion,
      runAttempt: s.runAttempt ?? 1,
      runNumber: s.runNumber ?? this.runs.filter(r => r.workflowId === wf.id).length + 1,
      pullRequests: s.pullRequests ?? [],
      headRepository: s.headRepository ?? { owner: repo.owner, name: repo.name },
      headCommitMessage: message,
      displayTitle: message.split('\n')[0],
      actor: s.actor ?? repo.owner,
      createdAt: created,
      updatedAt: created,
      logs: new Map(),
      logsExpired: false,
      attempts: new Map()
    };
    if (s.logs) run.logs.set(run.runAttempt, s.logs);
    this.runs.push(run);
    for (const j of s.jobs ?? []) this.addJob(run.id, j);
    return run;
  }

  /** Adds a job to a run (to its current attempt unless `runAttempt` says otherwise). */
  addJob(runId: number, j: JobSeed): JobRecord {
    const run = this.runs.find(r => r.id === runId);
    if (!run) throw new Error(`no run ${runId}`);
    const conclusion = j.conclusion === undefined ? 'failure' : j.conclusion;
    const job: JobRecord = {
      id: j.id ?? this.id() * 10,
      runId,
      runAttempt: j.runAttempt ?? run.runAttempt,
      name: j.name,
      status: j.status ?? 'completed',
      conclusion,
      steps: (
        j.steps ?? [
          { name: 'Set up job', conclusion: 'success' },
          { name: 'Run tests', conclusion }
        ]
      ).map((st, i) => ({
        name: st.name,
        number: st.number ?? i + 1,
        status: 'completed',
        conclusion: st.conclusion === undefined ? 'success' : st.conclusion
      })),
      labels: j.labels ?? ['ubuntu-latest']
    };
    this.jobs.push(job);
    return job;
  }

  /** Sets the log zip of a run attempt (the current one by default). */
  setRunLogs(runId: number, zip: Buffer, attempt?: number): void {
    const run = this.runs.find(r => r.id === runId);
    if (!run) throw new Error(`no run ${runId}`);
    run.logs.set(attempt ?? run.runAttempt, zip);
  }

  /**
   * Finishes the current attempt of a run (after a re-run): the run and its queued jobs complete
   * with `conclusion`, and `logs` (if given) become the attempt's log zip.
   */
  completeAttempt(runId: number, conclusion: 'success' | 'failure' | 'cancelled', logs?: Buffer): void {
    const run = this.runs.find(r => r.id === runId);
    if (!run) throw new Error(`no run ${runId}`);
    run.status = 'completed';
    run.conclusion = conclusion;
    run.updatedAt = now();
    for (const j of this.jobs.filter(
      x => x.runId === runId && x.runAttempt === run.runAttempt && x.status !== 'completed'
    )) {
      j.status = 'completed';
      j.conclusion = conclusion;
      if (!j.steps.length) {
        j.steps = [
          { name: 'Set up job', number: 1, status: 'completed', conclusion: 'success' },
          { name: 'Run tests', number: 2, status: 'completed', conclusion }
        ];
      }
    }
    if (logs) run.logs.set(run.runAttempt, logs);
  }

  /** Job logs served by GET /actions/jobs/{id}/logs instead of the archive's file (see setJobLog). */
  private readonly jobLogs = new Map<number, Buffer>();

  /** Sets a job's own log (plain text): what /actions/jobs/{id}/logs serves, also when the archive lacks the job. */
  setJobLog(jobId: number, log: Buffer): void {
    this.jobLogs.set(jobId, log);
  }

  /** Makes a run's logs past retention (the logs endpoint answers 410 Gone, as GitHub does). */
  expireRunLogs(runId: number): void {
    const run = this.runs.find(r => r.id === runId);
    if (!run) throw new Error(`no run ${runId}`);
    run.logsExpired = true;
  }

  /** Adds a pull request; it takes the next number of the repository's issue/PR sequence. */
  addPull(p: {
    owner: string;
    repo: string;
    head: string;
    base?: string;
    title?: string;
    body?: string | null;
    state?: 'open' | 'closed';
    headSha?: string;
    labels?: string[];
    draft?: boolean;
    user?: string;
  }): PullRecord {
    const repo = this.repo(p.owner, p.repo);
    const [headOwner, head] = p.head.includes(':')
      ? (p.head.split(':', 2) as [string, string])
      : [repo.owner, p.head];
    const t = now();
    const rec: PullRecord = {
      id: this.id(),
      number: this.nextNumber(repo),
      owner: repo.owner,
      repo: repo.name,
      title: p.title ?? `Update ${head}`,
      body: p.body ?? null,
      state: p.state ?? 'open',
      head,
      headOwner,
      headSha: p.headSha ?? '1'.repeat(40),
      base: p.base ?? repo.defaultBranch,
      draft: p.draft ?? false,
      merged: false,
      labels: [],
      user: p.user ?? 'nightwatch[bot]',
      createdAt: t,
      updatedAt: t,
      closedAt: p.state === 'closed' ? t : null
    };
    for (const l of p.labels ?? []) this.attachLabel(repo, rec.labels, l);
    this.pulls.push(rec);
    return rec;
  }

  /**
   * Closes a pull request as a person would in the web UI: merged (state `closed`, `merged` true,
   * `merged_at` and `merged_by` set, as GitHub answers for a merged PR) or closed without merging.
   */
  closePull(owner: string, repo: string, number: number, o: { merged: boolean; by?: string }): PullRecord {
    const p = this.pulls.find(x => this.in(x, owner, repo) && x.number === number);
    if (!p) throw new Error(`no pull request #${number} in ${owner}/${repo}`);
    const t = new Date().toISOString();
    p.state = 'closed';
    p.closedAt = t;
    p.updatedAt = t;
    p.merged = o.merged;
    p.mergedAt = o.merged ? t : null;
    if (o.merged) p.mergedBy = o.by ?? 'octocat';
    return p;
  }

  /** Adds an issue. */
  addIssue(i: {
    owner: string;
    repo: string;
    title: string;
    body?: string | null;
    state?: 'open' | 'closed';
    labels?: string[];
    user?: string;
  }): IssueRecord {
    const repo = this.repo(i.owner, i.repo);
    const t = now();
    const rec: IssueRecord = {
      id: this.id(),
      number: this.nextNumber(repo),
      owner: repo.owner,
      repo: repo.name,
      title: i.title,
      body: i.body ?? null,
      state: i.state ?? 'open',
      stateReason: i.state === 'closed' ? 'completed' : null,
      labels: [],
      user: i.user ?? 'nightwatch[bot]',
      createdAt: t,
      updatedAt: t,
      closedAt: i.state === 'closed' ? t : null
    };
    for (const l of i.labels ?? []) this.attachLabel(repo, rec.labels, l);
    this.issues.push(rec);
    return rec;
  }

  /** Adds a comment on an issue or pull request. */
  addComment(c: {
    owner: string;
    repo: string;
    issueNumber: number;
    body: string;
    user?: string;
  }): CommentRecord {
    const repo = this.repo(c.owner, c.repo);
    const t = now();
    const rec: CommentRecord = {
      id: this.id(),
      owner: repo.owner,
      repo: repo.name,
      issueNumber: c.issueNumber,
      body: c.body,
      user: c.user ?? 'nightwatch[bot]',
      createdAt: t,
      updatedAt: t
    };
    this.comments.push(rec);
    return rec;
  }

  /** Adds a commit comment. */
  addCommitComment(c: {
    owner: string;
    repo: string;
    sha: string;
    body: string;
    user?: string;
  }): CommitCommentRecord {
    const repo = this.repo(c.owner, c.repo);
    const t = now();
    const rec: CommitCommentRecord = {
      id: this.id(),
      owner: repo.owner,
      repo: repo.name,
      sha: c.sha,
      body: c.body,
      path: null,
      line: null,
      position: null,
      user: c.user ?? 'nightwatch[bot]',
      createdAt: t,
      updatedAt: t
    };
    this.commitComments.push(rec);
    return rec;
  }

  /** Adds a release to a repository (the repository must have been added); newest is listed first. */
  addRelease(r: {
    owner: string;
    repo: string;
    tagName: string;
    name?: string | null;
    body?: string | null;
    draft?: boolean;
    prerelease?: boolean;
    createdAt?: Date;
  }): ReleaseRecord {
    const rec: ReleaseRecord = {
      id: this.id(),
      owner: r.owner,
      repo: r.repo,
      tagName: r.tagName,
      name: r.name ?? r.tagName,
      body: r.body ?? null,
      draft: r.draft ?? false,
      prerelease: r.prerelease ?? false,
      createdAt: r.createdAt ?? new Date(Date.now() + this.releases.length)
    };
    this.releases.push(rec);
    return rec;
  }

  /** Adds a finalized artifact (zip bytes) of a run to the shared store. */
  addArtifact(a: {
    owner: string;
    repo: string;
    runId: number;
    name: string;
    data: Buffer;
    expired?: boolean;
    createdAt?: Date;
  }): StoredArtifact {
    const run = this.runs.find(r => r.id === a.runId);
    return this.artifacts.add({ ...a, headSha: run?.headSha, headBranch: run?.headBranch });
  }

  /**
   * Calls `fn` with each request once its answer has been sent (status filled in); returns a function
   * that removes it. For tests that change the world between two requests of the client.
   */
  onResponse(fn: (r: RecordedRequest) => void): () => void {
    this.responseListeners.push(fn);
    return () => {
      const i = this.responseListeners.indexOf(fn);
      if (i >= 0) this.responseListeners.splice(i, 1);
    };
  }

  /**
   * Accepts another token besides the job token, e.g. a GitHub App installation token; requests made
   * with it are recorded with `by: label`. Accepting a revoked token makes it valid again.
   */
  acceptToken(token: string, label: string, permissions?: Permissions): void {
    this.tokens.accept(token, label, permissions);
  }

  /**
   * Revokes a token (an app token that expired or whose installation was removed, a job token after
   * its job ended): from now on requests with it get GitHub's 401 `Bad credentials`, still recorded
   * with its label in `by`.
   */
  revokeToken(token: string): void {
    this.tokens.revoke(token);
  }

  /** Requests made with the token labelled `label` (`job`, or a label given to acceptToken). */
  requestsBy(label: string): RecordedRequest[] {
    return this.requests.filter(r => r.by === label);
  }

  /** One line per request (`POST /repos/o/r/pulls -> 201 [job]`), for a failing test's message. */
  requestLog(): string[] {
    return this.requests.map(r => {
      const q = new URLSearchParams(r.query).toString();
      return `${r.method} ${r.path}${q ? `?${q}` : ''} -> ${r.status}${r.fault ? ' (injected)' : ''}${r.by ? ` [${r.by}]` : ''}`;
    });
  }

  /** The operations served, as `METHOD /path/template` of the OpenAPI description. */
  get operations(): string[] {
    return this.routes.map(r => `${r.method} ${r.template}`);
  }

  /** Injects a fault for the next matching requests. */
  failNext(f: FaultSpec): void {
    this.faults.push({ ...f, left: f.times ?? 1 });
  }

  /** Drops the faults not yet used up (a test that injected more than its client asked for). */
  clearFaults(): void {
    this.faults.splice(0);
  }

  /** Writes (non-GET requests that took effect) matching a method and path pattern. */
  writesTo(method: string, path: RegExp): RecordedRequest[] {
    return this.writes.filter(w => w.method === method && path.test(w.path));
  }

  /** Labels currently on an issue or pull request. */
  labelsOf(owner: string, repo: string, number: number): string[] {
    const item =
      this.pulls.find(p => this.in(p, owner, repo) && p.number === number) ??
      this.issues.find(i => this.in(i, owner, repo) && i.number === number);
    return item ? [...item.labels] : [];
  }

  /** The run as the REST API (and a workflow_run webhook) shows it. */
  runPayload(runId: number): Json {
    const run = this.runs.find(r => r.id === runId);
    if (!run) throw new Error(`no run ${runId}`);
    return this.renderRun(run);
  }

  /** The repository as the REST API shows it (`owner/repo`). */
  repoPayload(fullName: string): Json {
    const [owner, name] = fullName.split('/');
    return this.renderRepo(this.repo(owner, name));
  }

  /** A workflow as the REST API shows it. */
  workflowPayload(fullName: string, workflowId: number): Json {
    const [owner, name] = fullName.split('/');
    return this.renderWorkflow(this.workflow(owner, name, String(workflowId)));
  }

  // ---------------------------------------------------------------- model helpers

  private in(x: { owner: string; repo: string }, owner: string, repo: string): boolean {
    return sameName(x.owner, owner) && sameName(x.repo, repo);
  }

  private repo(owner: string, name: string): RepoRecord {
    const r = this.repos.find(x => sameName(x.owner, owner) && sameName(x.name, name));
    if (!r) throw notFound();
    return r;
  }

  private nextNumber(repo: RepoRecord): number {
    const used = [...this.pulls, ...this.issues]
      .filter(x => this.in(x, repo.owner, repo.name))
      .map(x => x.number);
    return used.length ? Math.max(...used) + 1 : 1;
  }

  private attachLabel(repo: RepoRecord, on: string[], name: string): void {
    // GitHub creates labels that do not exist yet when they are added to an issue.
    if (!repo.labels.some(l => l.name.toLowerCase() === name.toLowerCase())) {
      repo.labels.push({ id: this.id(), name, color: 'ededed', description: null });
    }
    if (!on.some(l => l.toLowerCase() === name.toLowerCase())) on.push(name);
  }

  private run(owner: string, repo: string, id: string): RunRecord {
    const r = this.runs.find(x => this.in(x, owner, repo) && x.id === Number(id));
    if (!r) throw notFound();
    return r;
  }

  private workflow(owner: string, repo: string, idOrFile: string): WorkflowRecord {
    // GitHub accepts the numeric id or the workflow's file name (not the full path).
    const w = this.workflows.find(
      x => this.in(x, owner, repo) && (String(x.id) === idOrFile || x.path.split('/').pop() === idOrFile)
    );
    if (!w) throw notFound();
    return w;
  }

  // ---------------------------------------------------------------- rendering

  private rewrite<T>(template: T, fullName: string): T {
    let s = JSON.stringify(template);
    for (const n of EXAMPLE_NAMES) s = s.split(n).join(fullName);
    s = s.split('https://api.github.com').join(this.url).split('https://github.com').join(this.serverUrl);
    return JSON.parse(s) as T;
  }

  private user(login: string, type: 'User' | 'Organization' | 'Bot' = 'User'): Json {
    const t = responseExample('GET', '/repos/{owner}/{repo}/actions/runs/{run_id}', 200) as Json;
    const s = JSON.stringify(t.actor).split('octocat').join(login);
    const u = this.rewrite(JSON.parse(s) as Json, '');
    const id = [...login].reduce((a, c) => (a * 31 + c.charCodeAt(0)) % 100000000, 7) + 1;
    return { ...u, id, node_id: nodeId('04:User', id), type: login.endsWith('[bot]') ? 'Bot' : type };
  }

  private renderRepo(r: RepoRecord): Json {
    const full = `${r.owner}/${r.name}`;
    const t = this.rewrite(responseExample('GET', '/repos/{owner}/{repo}', 200) as Json, full);
    const body: Json = {
      ...t,
      id: r.id,
      node_id: nodeId('010:Repository', r.id),
      name: r.name,
      full_name: full,
      owner: this.user(r.owner, r.ownerType),
      private: r.private,
      visibility: r.private ? 'private' : 'public',
      fork: r.fork,
      html_url: `${this.serverUrl}/${full}`,
      url: `${this.url}/repos/${full}`,
      clone_url: `${this.gitUrl}/${full}.git`,
      git_url: `${this.gitUrl.replace(/^https?/, 'git')}/${full}.git`,
      ssh_url: `git@127.0.0.1:${full}.git`,
      svn_url: `${this.serverUrl}/${full}`,
      default_branch: r.defaultBranch,
      language: null,
      description: null,
      homepage: null,
      open_issues_count: this.issues.filter(i => this.in(i, r.owner, r.name) && i.state === 'open').length,
      open_issues: this.issues.filter(i => this.in(i, r.owner, r.name) && i.state === 'open').length,
      permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
      has_issues: r.hasIssues,
      license: null
    };
    delete body.parent;
    delete body.source;
    delete body.template_repository;
    delete body.organization;
    delete body.temp_clone_token;
    return body;
  }

  /** minimal-repository for runs' repository / head_repository. */
  private renderMinimalRepo(owner: string, name: string): Json {
    const known = this.repos.find(x => sameName(x.owner, owner) && sameName(x.name, name));
    const rec =
      known ??
      ({
        id: this.forkId(owner, name),
        owner,
        name,
        defaultBranch: 'main',
        private: false,
        fork: true,
        ownerType: 'User' as const,
        labels: [],
        hasIssues: true,
        actionsCanCreatePullRequests: true
      } satisfies RepoRecord);
    const full = this.renderRepo(rec);
    // minimal-repository is a subset of full-repository; drop what it does not have.
    delete full.permissions;
    delete full.network_count;
    delete full.subscribers_count;
    return full;
  }

  /** Id of a run's head repository (what runs' `head_repository.id` and artifacts' `head_repository_id` say). */
  private headRepositoryId(run: RunRecord): number {
    const { owner, name } = run.headRepository;
    const known = this.repos.find(x => sameName(x.owner, owner) && sameName(x.name, name));
    return known?.id ?? this.forkId(owner, name);
  }

  private forkId(owner: string, name: string): number {
    return 500000 + [...`${owner}/${name}`].reduce((a, c) => (a * 31 + c.charCodeAt(0)) % 400000, 3);
  }

  private renderRun(run: RunRecord, attempt?: number): Json {
    const full = `${run.owner}/${run.repo}`;
    const t = this.rewrite(
      responseExample('GET', '/repos/{owner}/{repo}/actions/runs/{run_id}', 200) as Json,
      full
    );
    const snap = attempt && attempt !== run.runAttempt ? run.attempts.get(attempt) : undefined;
    const base = `${this.url}/repos/${full}/actions/runs/${run.id}`;
    const repoRec = this.repo(run.owner, run.repo);
    const fromFork = !(
      sameName(run.headRepository.owner, run.owner) && sameName(run.headRepository.name, run.repo)
    );
    const body: Json = {
      ...t,
      id: run.id,
      name: run.name,
      node_id: nodeId('011:WorkflowRun', run.id),
      check_suite_id: run.id + 1,
      check_suite_node_id: nodeId('010:CheckSuite', run.id + 1),
      head_branch: run.headBranch,
      head_sha: run.headSha,
      path: run.path,
      run_number: run.runNumber,
      event: run.event,
      display_title: run.displayTitle,
      status: snap ? snap.status : run.status,
      conclusion: snap ? snap.conclusion : run.conclusion,
      workflow_id: run.workflowId,
      url: base,
      html_url: `${this.serverUrl}/${full}/actions/runs/${run.id}`,
      // GitHub leaves pull_requests empty for runs whose head is in a fork
      // (https://github.com/orgs/community/discussions/25220, https://github.com/github/docs/issues/22501).
      pull_requests: (fromFork ? [] : run.pullRequests).map(p => ({
        id: p.number * 1000 + 7,
        number: p.number,
        url: `${this.url}/repos/${full}/pulls/${p.number}`,
        head: {
          ref: p.headRef,
          sha: p.headSha,
          repo: { id: repoRec.id, url: `${this.url}/repos/${full}`, name: run.repo }
        },
        base: {
          ref: p.baseRef,
          sha: p.baseSha ?? '0'.repeat(40),
          repo: { id: repoRec.id, url: `${this.url}/repos/${full}`, name: run.repo }
        }
      })),
      created_at: snap ? snap.createdAt : run.createdAt,
      updated_at: run.updatedAt,
      actor: this.user(run.actor),
      triggering_actor: this.user(run.actor),
      run_attempt: attempt ?? run.runAttempt,
      referenced_workflows: [],
      run_started_at: snap ? snap.createdAt : run.createdAt,
      jobs_url: `${base}/jobs`,
      logs_url: `${base}/logs`,
      check_suite_url: `${this.url}/repos/${full}/check-suites/${run.id + 1}`,
      artifacts_url: `${base}/artifacts`,
      cancel_url: `${base}/cancel`,
      rerun_url: `${base}/rerun`,
      previous_attempt_url:
        (attempt ?? run.runAttempt) > 1 ? `${base}/attempts/${(attempt ?? run.runAttempt) - 1}` : null,
      workflow_url: `${this.url}/repos/${full}/actions/workflows/${run.workflowId}`,
      head_commit: {
        id: run.headSha,
        tree_id: 'f'.repeat(40),
        message: run.headCommitMessage,
        timestamp: run.createdAt,
        author: { name: run.actor, email: `${run.actor}@users.noreply.github.com` },
        committer: { name: 'GitHub', email: 'noreply@github.com' }
      },
      repository: this.renderMinimalRepo(run.owner, run.repo),
      head_repository: this.renderMinimalRepo(run.headRepository.owner, run.headRepository.name)
    };
    return body;
  }

  private renderJob(job: JobRecord, run: RunRecord): Json {
    const full = `${run.owner}/${run.repo}`;
    const ex = responseExample('GET', '/repos/{owner}/{repo}/actions/runs/{run_id}/jobs', 200) as {
      jobs: Json[];
    };
    const t = this.rewrite(ex.jobs[0], full);
    const ts = run.createdAt;
    return {
      ...t,
      id: job.id,
      run_id: run.id,
      run_attempt: job.runAttempt,
      run_url: `${this.url}/repos/${full}/actions/runs/${run.id}`,
      node_id: nodeId('08:CheckRun', job.id),
      head_sha: run.headSha,
      head_branch: run.headBranch,
      url: `${this.url}/repos/${full}/actions/jobs/${job.id}`,
      html_url: `${this.serverUrl}/${full}/actions/runs/${run.id}/job/${job.id}`,
      status: job.status,
      conclusion: job.conclusion,
      created_at: ts,
      started_at: ts,
      completed_at: job.status === 'completed' ? ts : null,
      name: job.name,
      workflow_name: run.name,
      steps: job.steps.map(s => ({
        name: s.name,
        status: s.status,
        conclusion: s.conclusion,
        number: s.number,
        started_at: ts,
        completed_at: s.status === 'completed' ? ts : null
      })),
      check_run_url: `${this.url}/repos/${full}/check-runs/${job.id}`,
      labels: job.labels
    };
  }

  private renderWorkflow(w: WorkflowRecord): Json {
    const full = `${w.owner}/${w.repo}`;
    const t = this.rewrite(
      responseExample('GET', '/repos/{owner}/{repo}/actions/workflows/{workflow_id}', 200) as Json,
      full
    );
    return {
      ...t,
      id: w.id,
      node_id: nodeId('08:Workflow', w.id),
      name: w.name,
      path: w.path,
      state: w.state,
      url: `${this.url}/repos/${full}/actions/workflows/${w.id}`,
      html_url: `${this.serverUrl}/${full}/blob/main/${w.path}`,
      badge_url: `${this.serverUrl}/${full}/workflows/${encodeURIComponent(w.name)}/badge.svg`
    };
  }

  private renderLabels(repo: RepoRecord, names: string[]): Json[] {
    const full = `${repo.owner}/${repo.name}`;
    return names.map(n => {
      const l = repo.labels.find(x => x.name.toLowerCase() === n.toLowerCase())!;
      return {
        id: l.id,
        node_id: nodeId('05:Label', l.id),
        url: `${this.url}/repos/${full}/labels/${encodeURIComponent(l.name)}`,
        name: l.name,
        // GitHub sends null for a label made without one, but the description of pull-request-simple
        // types it as a plain string; an empty string satisfies both readings.
        description: l.description ?? '',
        color: l.color,
        default: false
      };
    });
  }

  private commentCount(owner: string, repo: string, n: number): number {
    return this.comments.filter(c => this.in(c, owner, repo) && c.issueNumber === n).length;
  }

  private renderPull(p: PullRecord): Json {
    const full = `${p.owner}/${p.repo}`;
    const repo = this.repo(p.owner, p.repo);
    const t = this.rewrite(responseExample('POST', '/repos/{owner}/{repo}/pulls', 201) as Json, full);
    const api = `${this.url}/repos/${full}`;
    const html = `${this.serverUrl}/${full}/pull/${p.number}`;
    const repoJson = this.renderRepo(repo);
    const headRepo = sameName(p.headOwner, p.owner)
      ? repoJson
      : this.renderRepo({ ...repo, owner: p.headOwner, id: this.forkId(p.headOwner, p.repo), fork: true });
    return {
      ...t,
      url: `${api}/pulls/${p.number}`,
      id: p.id,
      node_id: nodeId('011:PullRequest', p.id),
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      issue_url: `${api}/issues/${p.number}`,
      commits_url: `${api}/pulls/${p.number}/commits`,
      review_comments_url: `${api}/pulls/${p.number}/comments`,
      review_comment_url: `${api}/pulls/comments{/number}`,
      comments_url: `${api}/issues/${p.number}/comments`,
      statuses_url: `${api}/statuses/${p.headSha}`,
      number: p.number,
      state: p.state,
      locked: false,
      title: p.title,
      user: this.user(p.user),
      body: p.body,
      labels: this.renderLabels(repo, p.labels),
      milestone: null,
      active_lock_reason: null,
      created_at: p.createdAt,
      updated_at: p.updatedAt,
      closed_at: p.closedAt,
      merged_at: p.mergedAt ?? null,
      merge_commit_sha: p.merged
        ? createHash('sha1').update(`merge ${full}#${p.number}`).digest('hex')
        : null,
      assignee: null,
      assignees: [],
      requested_reviewers: [],
      requested_teams: [],
      head: {
        label: `${p.headOwner}:${p.head}`,
        ref: p.head,
        sha: p.headSha,
        user: this.user(p.headOwner),
        repo: headRepo
      },
      base: {
        label: `${p.owner}:${p.base}`,
        ref: p.base,
        sha: '0'.repeat(40),
        user: this.user(p.owner),
        repo: repoJson
      },
      _links: {
        self: { href: `${api}/pulls/${p.number}` },
        html: { href: html },
        issue: { href: `${api}/issues/${p.number}` },
        comments: { href: `${api}/issues/${p.number}/comments` },
        review_comments: { href: `${api}/pulls/${p.number}/comments` },
        review_comment: { href: `${api}/pulls/comments{/number}` },
        commits: { href: `${api}/pulls/${p.number}/commits` },
        statuses: { href: `${api}/statuses/${p.headSha}` }
      },
      author_association: 'NONE',
      auto_merge: null,
      draft: p.draft,
      merged: p.merged,
      mergeable: null,
      rebaseable: null,
      mergeable_state: 'unknown',
      merged_by: p.merged && p.mergedBy ? this.user(p.mergedBy) : null,
      comments: this.commentCount(p.owner, p.repo, p.number),
      review_comments: 0,
      maintainer_can_modify: false,
      commits: 1,
      additions: 0,
      deletions: 0,
      changed_files: 0
    };
  }

  /** The list form of a pull (pull-request-simple: no merge/mergeable counters). */
  private renderPullSimple(p: PullRecord): Json {
    const full = this.renderPull(p);
    for (const k of [
      'merged',
      'mergeable',
      'rebaseable',
      'mergeable_state',
      'merged_by',
      'comments',
      'review_comments',
      'maintainer_can_modify',
      'commits',
      'additions',
      'deletions',
      'changed_files'
    ]) {
      delete full[k];
    }
    return full;
  }

  private renderIssue(i: IssueRecord | PullRecord, isPull: boolean): Json {
    const full = `${i.owner}/${i.repo}`;
    const repo = this.repo(i.owner, i.repo);
    const t = this.rewrite(responseExample('POST', '/repos/{owner}/{repo}/issues', 201) as Json, full);
    const api = `${this.url}/repos/${full}/issues/${i.number}`;
    const body: Json = {
      ...t,
      id: i.id,
      node_id: nodeId(isPull ? '011:PullRequest' : '05:Issue', i.id),
      url: api,
      repository_url: `${this.url}/repos/${full}`,
      labels_url: `${api}/labels{/name}`,
      comments_url: `${api}/comments`,
      events_url: `${api}/events`,
      html_url: `${this.serverUrl}/${full}/${isPull ? 'pull' : 'issues'}/${i.number}`,
      number: i.number,
      state: i.state,
      state_reason: 'stateReason' in i ? i.stateReason : null,
      title: i.title,
      body: i.body,
      user: this.user(i.user),
      labels: this.renderLabels(repo, i.labels),
      assignee: null,
      assignees: [],
      milestone: null,
      locked: false,
      active_lock_reason: null,
      comments: this.commentCount(i.owner, i.repo, i.number),
      closed_at: i.closedAt,
      created_at: i.createdAt,
      updated_at: i.updatedAt,
      closed_by: null,
      author_association: 'NONE',
      pinned_comment: null
    };
    if (isPull) {
      body.pull_request = {
        url: `${this.url}/repos/${full}/pulls/${i.number}`,
        html_url: `${this.serverUrl}/${full}/pull/${i.number}`,
        diff_url: `${this.serverUrl}/${full}/pull/${i.number}.diff`,
        patch_url: `${this.serverUrl}/${full}/pull/${i.number}.patch`,
        merged_at: (i as Partial<PullRecord>).mergedAt ?? null
      };
    } else {
      delete body.pull_request;
    }
    return body;
  }

  private renderComment(c: CommentRecord): Json {
    const full = `${c.owner}/${c.repo}`;
    const t = this.rewrite(
      responseExample('POST', '/repos/{owner}/{repo}/issues/{issue_number}/comments', 201) as Json,
      full
    );
    const isPull = this.pulls.some(p => this.in(p, c.owner, c.repo) && p.number === c.issueNumber);
    return {
      ...t,
      id: c.id,
      node_id: nodeId('012:IssueComment', c.id),
      url: `${this.url}/repos/${full}/issues/comments/${c.id}`,
      html_url: `${this.serverUrl}/${full}/${isPull ? 'pull' : 'issues'}/${c.issueNumber}#issuecomment-${c.id}`,
      body: c.body,
      user: this.user(c.user),
      created_at: c.createdAt,
      updated_at: c.updatedAt,
      issue_url: `${this.url}/repos/${full}/issues/${c.issueNumber}`,
      author_association: 'NONE',
      pin: null,
      minimized: null
    };
  }

  private renderCommitComment(c: CommitCommentRecord): Json {
    const full = `${c.owner}/${c.repo}`;
    const t = this.rewrite(
      responseExample('POST', '/repos/{owner}/{repo}/commits/{commit_sha}/comments', 201) as Json,
      full
    );
    return {
      ...t,
      html_url: `${this.serverUrl}/${full}/commit/${c.sha}#commitcomment-${c.id}`,
      url: `${this.url}/repos/${full}/comments/${c.id}`,
      id: c.id,
      node_id: nodeId('013:CommitComment', c.id),
      body: c.body,
      path: c.path,
      position: c.position,
      line: c.line,
      commit_id: c.sha,
      author_association: 'NONE',
      user: this.user(c.user),
      created_at: c.createdAt,
      updated_at: c.updatedAt
    };
  }

  private renderArtifact(a: StoredArtifact): Json {
    const full = `${a.owner}/${a.repo}`;
    const repo = this.repos.find(r => this.in({ owner: r.owner, repo: r.name }, a.owner, a.repo));
    const api = `${this.url}/repos/${full}/actions/artifacts/${a.id}`;
    const run = this.runs.find(r => r.id === a.runId && this.in(r, a.owner, a.repo));
    return {
      id: a.id,
      node_id: nodeId('08:Artifact', a.id),
      name: a.name,
      size_in_bytes: a.data.length,
      url: api,
      archive_download_url: `${api}/zip`,
      expired: a.expired,
      created_at: a.createdAt,
      expires_at: a.expiresAt,
      updated_at: a.createdAt,
      digest: a.digest,
      workflow_run: {
        id: a.runId,
        repository_id: repo?.id ?? 0,
        // The repository the run's code came from: a fork's id for a fork's pull_request run.
        head_repository_id: run ? this.headRepositoryId(run) : (repo?.id ?? 0),
        // The run the emulator knows is the truth; the store's copy is for runs it does not model.
        head_branch: run?.headBranch ?? a.headBranch,
        head_sha: run?.headSha ?? a.headSha
      }
    };
  }

  // ---------------------------------------------------------------- routes

  private route(method: string, template: string, handle: Route['handle']): void {
    const names: string[] = [];
    const pattern = template.replace(/\{(\w+)\}/g, (_m, n: string) => {
      names.push(n);
      return '([^/]+)';
    });
    this.routes.push({ method, template, regex: new RegExp(`^${pattern}$`), names, handle });
  }

  private paginate(items: Json[], query: Record<string, string>, path: string): Answer {
    const perPage = Math.min(Number(query.per_page ?? 30) || 30, 100);
    const page = Math.max(Number(query.page ?? 1) || 1, 1);
    const slice = items.slice((page - 1) * perPage, page * perPage);
    const last = Math.max(Math.ceil(items.length / perPage), 1);
    return { status: 200, body: slice, headers: this.linkHeader(path, query, page, last) };
  }

  private linkHeader(
    path: string,
    query: Record<string, string>,
    page: number,
    last: number
  ): Record<string, string> {
    if (last <= 1) return {};
    const link = (p: number, rel: string): string => {
      const q = new URLSearchParams({ ...query, page: String(p) });
      return `<${this.url}${path}?${q.toString()}>; rel="${rel}"`;
    };
    const parts: string[] = [];
    if (page < last) parts.push(link(page + 1, 'next'), link(last, 'last'));
    if (page > 1) parts.push(link(1, 'first'), link(page - 1, 'prev'));
    return { link: parts.join(', ') };
  }

  private pagedObject(key: string, items: Json[], query: Record<string, string>, path: string): Answer {
    const p = this.paginate(items, query, path);
    return { status: 200, body: { total_count: items.length, [key]: p.body }, headers: p.headers };
  }

  private blobUrl(kind: string, data: Buffer, contentType = 'application/zip'): string {
    const sig = randomBytes(12).toString('hex');
    this.blobSigs.set(sig, { data, contentType });
    return `${this.blobBase}/actions-results/${kind}/${sig}?sv=2021-12-02&se=${encodeURIComponent(new Date(Date.now() + 60000).toISOString())}&sig=${sig}`;
  }

  private defineRoutes(): void {
    const R = '/repos/{owner}/{repo}';
    const body = (c: Ctx): Json => (c.body && typeof c.body === 'object' ? (c.body as Json) : {});

    this.route('GET', R, c => ({
      status: 200,
      body: this.renderRepo(this.repo(c.params.owner, c.params.repo))
    }));

    // ----- runs and jobs
    this.route('GET', `${R}/actions/runs/{run_id}`, c => {
      const run = this.run(c.params.owner, c.params.repo, c.params.run_id);
      return { status: 200, body: this.renderRun(run) };
    });
    this.route('GET', `${R}/actions/runs/{run_id}/attempts/{attempt_number}`, c => {
      const run = this.run(c.params.owner, c.params.repo, c.params.run_id);
      const n = Number(c.params.attempt_number);
      if (!(n >= 1 && n <= run.runAttempt)) throw notFound();
      return { status: 200, body: this.renderRun(run, n) };
    });
    const jobsOf = (run: RunRecord, attempt: number | 'all'): Json[] =>
      this.jobs
        .filter(j => j.runId === run.id && (attempt === 'all' || j.runAttempt === attempt))
        .map(j => this.renderJob(j, run));
    this.route('GET', `${R}/actions/runs/{run_id}/jobs`, c => {
      const run = this.run(c.params.owner, c.params.repo, c.params.run_id);
      const filter = c.query.filter ?? 'latest';
      return this.pagedObject(
        'jobs',
        jobsOf(run, filter === 'all' ? 'all' : run.runAttempt),
        c.query,
        c.req.url!.split('?')[0]
      );
    });
    this.route('GET', `${R}/actions/runs/{run_id}/attempts/{attempt_number}/jobs`, c => {
      const run = this.run(c.params.owner, c.params.repo, c.params.run_id);
      const n = Number(c.params.attempt_number);
      if (!(n >= 1 && n <= run.runAttempt)) throw notFound();
      return this.pagedObject('jobs', jobsOf(run, n), c.query, c.req.url!.split('?')[0]);
    });
    const logs = (c: Ctx, attempt?: number): Answer => {
      const run = this.run(c.params.owner, c.params.repo, c.params.run_id);
      if (run.logsExpired)
        // GitHub's body for expired or deleted logs says only this.
        throw new HttpError(410, { message: 'Server Error', documentation_url: DOCS, status: '410' });
      const zip = run.logs.get(attempt ?? run.runAttempt);
      if (!zip) throw notFound();
      // GitHub answers with a redirect to a short-lived signed URL on another host.
      return { status: 302, headers: { location: this.blobUrl('run-logs', zip) } };
    };
    this.route('GET', `${R}/actions/runs/{run_id}/logs`, c => logs(c));
    this.route('GET', `${R}/actions/runs/{run_id}/attempts/{attempt_number}/logs`, c =>
      logs(c, Number(c.params.attempt_number))
    );
    this.route('POST', `${R}/actions/runs/{run_id}/rerun-failed-jobs`, c => {
      const run = this.run(c.params.owner, c.params.repo, c.params.run_id);
      if (run.status !== 'completed') {
        throw new HttpError(403, {
          message: 'This workflow is already running',
          documentation_url: DOCS,
          status: '403'
        });
      }
      // A run can be re-run only within 30 days of its start (GitHub's own message, as `gh run
      // rerun` reports it), and not while its workflow is disabled.
      if (Date.now() - Date.parse(run.createdAt) > 30 * 24 * 3600 * 1000) {
        throw new HttpError(403, {
          message: 'Unable to retry this workflow run because it was created over a month ago',
          documentation_url: `${DOCS}/actions/workflow-runs#re-run-failed-jobs-from-a-workflow-run`,
          status: '403'
        });
      }
      const wf = this.workflows.find(w => w.id === run.workflowId);
      if (wf && wf.state !== 'active') {
        throw new HttpError(403, {
          message: 'This workflow run cannot be retried',
          documentation_url: `${DOCS}/actions/workflow-runs#re-run-failed-jobs-from-a-workflow-run`,
          status: '403'
        });
      }
      run.attempts.set(run.runAttempt, {
        status: run.status,
        conclusion: run.conclusion,
        createdAt: run.createdAt
      });
      const previous = this.jobs.filter(j => j.runId === run.id && j.runAttempt === run.runAttempt);
      run.runAttempt += 1;
      run.status = 'queued';
      run.conclusion = null;
      run.updatedAt = now();
      // The new attempt lists every job: the failed ones queued again, the rest as they were.
      for (const j of previous) {
        const failed =
          j.conclusion === 'failure' || j.conclusion === 'cancelled' || j.conclusion === 'timed_out';
        this.jobs.push({
          ...j,
          id: this.id() * 10,
          runAttempt: run.runAttempt,
          status: failed ? 'queued' : j.status,
          conclusion: failed ? null : j.conclusion,
          steps: failed ? [] : j.steps.map(st => ({ ...st }))
        });
      }
      // At most 50 re-runs: GitHub accepts the 51st but fails its check suite at once
      // (changelog 2026-04-10, "Actions workflows are limited to 50 reruns").
      if (run.runAttempt > 51) {
        run.status = 'completed';
        run.conclusion = 'failure';
        this.rerunLimitHits.push(run.id);
      }
      this.reruns.push(run.id);
      return { status: 201, body: {} };
    });

    // ----- workflows
    this.route('GET', `${R}/actions/workflows/{workflow_id}`, c => ({
      status: 200,
      body: this.renderWorkflow(this.workflow(c.params.owner, c.params.repo, c.params.workflow_id))
    }));
    const listRuns = (c: Ctx, workflowId?: number): Answer => {
      const q = c.query;
      const statuses = ['completed', 'in_progress', 'queued', 'requested', 'waiting', 'pending'];
      const runs = this.runs
        .filter(r => this.in(r, c.params.owner, c.params.repo))
        .filter(r => workflowId === undefined || r.workflowId === workflowId)
        .filter(r => !q.branch || r.headBranch === q.branch)
        .filter(r => !q.event || r.event === q.event)
        .filter(r => !q.head_sha || r.headSha === q.head_sha)
        .filter(r => !q.actor || r.actor === q.actor)
        // `status` takes a status or a conclusion (success, failure, ...).
        .filter(
          r => !q.status || (statuses.includes(q.status) ? r.status === q.status : r.conclusion === q.status)
        )
        .filter(r => !q.created || createdMatches(q.created, r.createdAt))
        .sort((a, b) => (a.createdAt === b.createdAt ? b.id - a.id : b.createdAt.localeCompare(a.createdAt)))
        .map(r => this.renderRun(r));
      return this.pagedObject('workflow_runs', runs, q, c.req.url!.split('?')[0]);
    };
    this.route('GET', `${R}/actions/workflows/{workflow_id}/runs`, c =>
      listRuns(c, this.workflow(c.params.owner, c.params.repo, c.params.workflow_id).id)
    );
    this.route('GET', `${R}/actions/runs`, c => {
      this.repo(c.params.owner, c.params.repo);
      return listRuns(c);
    });
    const job = (c: Ctx): { job: JobRecord; run: RunRecord } => {
      const j = this.jobs.find(x => x.id === Number(c.params.job_id));
      const run = j && this.runs.find(r => r.id === j.runId && this.in(r, c.params.owner, c.params.repo));
      if (!j || !run) throw notFound();
      return { job: j, run };
    };
    this.route('GET', `${R}/actions/jobs/{job_id}`, c => {
      const { job: j, run } = job(c);
      return { status: 200, body: this.renderJob(j, run) };
    });
    this.route('GET', `${R}/actions/jobs/{job_id}/logs`, c => {
      const { job: j, run } = job(c);
      if (run.logsExpired)
        // GitHub's body for expired or deleted logs says only this.
        throw new HttpError(410, { message: 'Server Error', documentation_url: DOCS, status: '410' });
      // A job's own log (set when an archive lacks it), else the archive's top-level `N_<job>.txt`
      // (N may be 0 or negative), named by the rule the triage reads with; served as plain text.
      const own = this.jobLogs.get(j.id);
      if (own) return { status: 302, headers: { location: this.blobUrl('job-logs', own, 'text/plain') } };
      const zip = run.logs.get(j.runAttempt);
      const siblings = this.jobs.filter(x => x.runId === j.runId && x.runAttempt === j.runAttempt);
      const name = archiveJobNames(siblings.map(x => x.name))[siblings.indexOf(j)];
      const entry = zip
        ? new AdmZip(zip).getEntries().find(e => parseJobLogPath(e.entryName)?.job === name)
        : undefined;
      if (!entry) throw notFound();
      return { status: 302, headers: { location: this.blobUrl('job-logs', entry.getData(), 'text/plain') } };
    });
    // A commit's pull requests: those whose head is at the commit (any state).
    this.route('GET', `${R}/commits/{commit_sha}/pulls`, c => {
      this.repo(c.params.owner, c.params.repo);
      const list = this.pulls
        .filter(p => this.in(p, c.params.owner, c.params.repo) && p.headSha === c.params.commit_sha)
        .sort((a, b) => b.number - a.number)
        .map(p => this.renderPullSimple(p));
      return this.paginate(list, c.query, c.req.url!.split('?')[0]);
    });
    this.route('POST', `${R}/actions/workflows/{workflow_id}/dispatches`, async c => {
      const wf = this.workflow(c.params.owner, c.params.repo, c.params.workflow_id);
      const b = body(c);
      if (typeof b.ref !== 'string' || !b.ref) {
        throw validationFailed([{ resource: 'WorkflowDispatch', field: 'ref', code: 'missing_field' }]);
      }
      if (!wf.dispatchable) {
        throw new HttpError(422, {
          message: "Workflow does not have 'workflow_dispatch' trigger",
          documentation_url: `${DOCS}/actions/workflows#create-a-workflow-dispatch-event`,
          status: '422'
        });
      }
      if (this.branchSha) {
        const ref = b.ref.replace(/^refs\/heads\//, '');
        if (!(await this.branchSha(wf.owner, wf.repo, ref))) {
          throw new HttpError(422, {
            message: `No ref found for: ${b.ref}`,
            documentation_url: `${DOCS}/actions/workflows#create-a-workflow-dispatch-event`,
            status: '422'
          });
        }
      }
      this.dispatches.push({
        owner: wf.owner,
        repo: wf.repo,
        workflowId: wf.id,
        ref: b.ref,
        inputs: (b.inputs as Record<string, unknown>) ?? {}
      });
      if (b.return_run_details === true) {
        const id = this.id() * 1000;
        const full = `${wf.owner}/${wf.repo}`;
        return {
          status: 200,
          body: {
            workflow_run_id: id,
            run_url: `${this.url}/repos/${full}/actions/runs/${id}`,
            html_url: `${this.serverUrl}/${full}/actions/runs/${id}`
          }
        };
      }
      return { status: 204 };
    });

    // ----- releases (of any repository: a dependency's release notes)
    this.route('GET', `${R}/releases`, c => {
      const repo = this.repo(c.params.owner, c.params.repo);
      const full = `${repo.owner}/${repo.name}`;
      const example = (responseExample('GET', `${R}/releases`, 200) as Json[])[0];
      const list = this.releases
        // Drafts are listed only to users with push access; a job token reading a dependency has none.
        .filter(r => this.in(r, repo.owner, repo.name) && !r.draft)
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
        .map(r => ({
          ...this.rewrite(example, full),
          id: r.id,
          node_id: nodeId('07:Release', r.id),
          url: `${this.url}/repos/${full}/releases/${r.id}`,
          html_url: `${this.serverUrl}/${full}/releases/tag/${encodeURIComponent(r.tagName)}`,
          tag_name: r.tagName,
          name: r.name,
          body: r.body,
          draft: r.draft,
          prerelease: r.prerelease,
          created_at: r.createdAt.toISOString(),
          published_at: r.createdAt.toISOString(),
          assets: []
        }));
      return this.paginate(list, c.query, c.req.url!.split('?')[0]);
    });

    // ----- pulls
    this.route('GET', `${R}/pulls`, c => {
      const repo = this.repo(c.params.owner, c.params.repo);
      const q = c.query;
      const state = q.state ?? 'open';
      // head must be `owner:branch`; GitHub silently ignores any other form and lists everything
      // (https://github.com/orgs/community/discussions/24354), so a bare branch name finds all PRs.
      const head = q.head?.includes(':') ? (q.head.split(':', 2) as [string, string]) : undefined;
      const list = this.pulls
        .filter(p => this.in(p, repo.owner, repo.name))
        .filter(p => state === 'all' || p.state === state)
        // head=user:ref-name; a bare user lists all of that user's heads.
        .filter(p => !head || (sameName(p.headOwner, head[0]) && (!head[1] || p.head === head[1])))
        .filter(p => !q.base || p.base === q.base)
        .sort((a, b) => (q.direction === 'asc' ? a.number - b.number : b.number - a.number))
        .map(p => this.renderPullSimple(p));
      return this.paginate(list, q, c.req.url!.split('?')[0]);
    });
    this.route('POST', `${R}/pulls`, async c => {
      const repo = this.repo(c.params.owner, c.params.repo);
      const b = body(c);
      const docs = `${DOCS}/pulls/pulls#create-a-pull-request`;
      for (const f of ['head', 'base'] as const) {
        if (typeof b[f] !== 'string' || !b[f])
          throw validationFailed([{ resource: 'PullRequest', field: f, code: 'missing_field' }], docs);
      }
      if (typeof b.title !== 'string' && b.issue === undefined) {
        throw validationFailed([{ resource: 'PullRequest', field: 'title', code: 'missing_field' }], docs);
      }
      if (!repo.actionsCanCreatePullRequests) {
        throw new HttpError(403, {
          message: 'GitHub Actions is not permitted to create or approve pull requests.',
          documentation_url: docs,
          status: '403'
        });
      }
      const rawHead = b.head as string;
      const [headOwner, head] = rawHead.includes(':')
        ? (rawHead.split(':', 2) as [string, string])
        : [repo.owner, rawHead];
      const base = b.base as string;
      const existing = this.pulls.find(
        p =>
          this.in(p, repo.owner, repo.name) &&
          p.state === 'open' &&
          sameName(p.headOwner, headOwner) &&
          p.head === head &&
          p.base === base
      );
      if (existing) {
        throw validationFailed(
          [
            {
              resource: 'PullRequest',
              code: 'custom',
              message: `A pull request already exists for ${headOwner}:${head}.`
            }
          ],
          docs
        );
      }
      let headSha = '1'.repeat(40);
      if (this.branchSha) {
        const sha = await this.branchSha(headOwner, repo.name, head);
        if (!sha) throw validationFailed([{ resource: 'PullRequest', field: 'head', code: 'invalid' }], docs);
        const baseSha = await this.branchSha(repo.owner, repo.name, base);
        if (!baseSha)
          throw validationFailed([{ resource: 'PullRequest', field: 'base', code: 'invalid' }], docs);
        if (sha === baseSha) {
          throw validationFailed(
            [{ resource: 'PullRequest', code: 'custom', message: `No commits between ${base} and ${head}` }],
            docs
          );
        }
        headSha = sha;
      }
      const pr = this.addPull({
        owner: repo.owner,
        repo: repo.name,
        head: `${headOwner}:${head}`,
        base,
        title: b.title as string,
        body: (b.body as string | undefined) ?? null,
        draft: b.draft === true,
        headSha
      });
      return {
        status: 201,
        body: this.renderPull(pr),
        headers: { location: `${this.url}/repos/${repo.owner}/${repo.name}/pulls/${pr.number}` }
      };
    });
    const pull = (c: Ctx): PullRecord => {
      const p = this.pulls.find(
        x => this.in(x, c.params.owner, c.params.repo) && x.number === Number(c.params.pull_number)
      );
      if (!p) throw notFound();
      return p;
    };
    this.route('GET', `${R}/pulls/{pull_number}`, c => ({ status: 200, body: this.renderPull(pull(c)) }));
    this.route('PATCH', `${R}/pulls/{pull_number}`, c => {
      const p = pull(c);
      const b = body(c);
      if (typeof b.title === 'string') p.title = b.title;
      if (typeof b.body === 'string' || b.body === null) p.body = b.body;
      if (b.state === 'open' || b.state === 'closed') {
        p.state = b.state;
        p.closedAt = b.state === 'closed' ? now() : null;
      }
      if (typeof b.base === 'string') p.base = b.base;
      p.updatedAt = now();
      return { status: 200, body: this.renderPull(p) };
    });

    // ----- issues (GitHub lists pull requests here too, marked with `pull_request`)
    this.route('GET', `${R}/issues`, c => {
      const repo = this.repo(c.params.owner, c.params.repo);
      const q = c.query;
      const state = q.state ?? 'open';
      const wanted = q.labels
        ? q.labels
            .split(',')
            .map(l => l.trim().toLowerCase())
            .filter(Boolean)
        : [];
      type Item = { rec: IssueRecord | PullRecord; pull: boolean };
      const items: Item[] = [
        ...this.issues.filter(i => this.in(i, repo.owner, repo.name)).map(rec => ({ rec, pull: false })),
        ...this.pulls.filter(p => this.in(p, repo.owner, repo.name)).map(rec => ({ rec, pull: true }))
      ];
      const dir = q.direction ?? 'desc';
      const list = items
        .filter(({ rec }) => state === 'all' || rec.state === state)
        .filter(({ rec }) => wanted.every(w => rec.labels.some(l => l.toLowerCase() === w)))
        .filter(({ rec }) => !q.creator || sameName(rec.user, q.creator))
        .filter(({ rec }) => !q.since || rec.updatedAt >= q.since)
        .sort((a, b) => (dir === 'asc' ? a.rec.number - b.rec.number : b.rec.number - a.rec.number))
        .map(({ rec, pull: isPull }) => this.renderIssue(rec, isPull));
      return this.paginate(list, q, c.req.url!.split('?')[0]);
    });
    this.route('POST', `${R}/issues`, c => {
      const repo = this.repo(c.params.owner, c.params.repo);
      if (!repo.hasIssues) {
        throw new HttpError(410, {
          message: 'Issues are disabled for this repo',
          documentation_url: DOCS,
          status: '410'
        });
      }
      const b = body(c);
      if (typeof b.title !== 'string' || !b.title) {
        throw validationFailed(
          [{ resource: 'Issue', field: 'title', code: 'missing_field' }],
          `${DOCS}/issues/issues#create-an-issue`
        );
      }
      const labels = Array.isArray(b.labels)
        ? b.labels.map(l => (typeof l === 'string' ? l : String((l as Json).name)))
        : [];
      const issue = this.addIssue({
        owner: repo.owner,
        repo: repo.name,
        title: b.title,
        body: (b.body as string | undefined) ?? null,
        labels
      });
      return {
        status: 201,
        body: this.renderIssue(issue, false),
        headers: { location: `${this.url}/repos/${repo.owner}/${repo.name}/issues/${issue.number}` }
      };
    });
    const issueOrPull = (c: Ctx): { rec: IssueRecord | PullRecord; pull: boolean } => {
      const n = Number(c.params.issue_number);
      const i = this.issues.find(x => this.in(x, c.params.owner, c.params.repo) && x.number === n);
      if (i) return { rec: i, pull: false };
      const p = this.pulls.find(x => this.in(x, c.params.owner, c.params.repo) && x.number === n);
      if (p) return { rec: p, pull: true };
      throw notFound();
    };
    this.route('GET', `${R}/issues/{issue_number}`, c => {
      const { rec, pull: isPull } = issueOrPull(c);
      return { status: 200, body: this.renderIssue(rec, isPull) };
    });
    this.route('PATCH', `${R}/issues/{issue_number}`, c => {
      const { rec, pull: isPull } = issueOrPull(c);
      const b = body(c);
      const repo = this.repo(rec.owner, rec.repo);
      if (typeof b.title === 'string') rec.title = b.title;
      if (typeof b.body === 'string' || b.body === null) rec.body = b.body;
      if (b.state === 'open' || b.state === 'closed') {
        rec.state = b.state;
        rec.closedAt = b.state === 'closed' ? now() : null;
        if ('stateReason' in rec)
          rec.stateReason = b.state === 'closed' ? ((b.state_reason as string) ?? 'completed') : 'reopened';
      }
      if (Array.isArray(b.labels)) {
        rec.labels = [];
        for (const l of b.labels)
          this.attachLabel(repo, rec.labels, typeof l === 'string' ? l : String((l as Json).name));
      }
      rec.updatedAt = now();
      return { status: 200, body: this.renderIssue(rec, isPull) };
    });
    this.route('GET', `${R}/issues/{issue_number}/labels`, c => {
      const { rec } = issueOrPull(c);
      return { status: 200, body: this.renderLabels(this.repo(rec.owner, rec.repo), rec.labels) };
    });
    this.route('POST', `${R}/issues/{issue_number}/labels`, c => {
      const { rec } = issueOrPull(c);
      const repo = this.repo(rec.owner, rec.repo);
      // The body is {labels: [...]} or a bare array of names (both are documented).
      const raw = Array.isArray(c.body) ? c.body : body(c).labels;
      if (!Array.isArray(raw) || raw.length === 0) {
        throw validationFailed([{ resource: 'Label', field: 'labels', code: 'missing_field' }]);
      }
      for (const l of raw)
        this.attachLabel(repo, rec.labels, typeof l === 'string' ? l : String((l as Json).name));
      rec.updatedAt = now();
      return { status: 200, body: this.renderLabels(repo, rec.labels) };
    });

    // ----- issue comments
    this.route('GET', `${R}/issues/{issue_number}/comments`, c => {
      const { rec } = issueOrPull(c);
      const list = this.comments
        .filter(x => this.in(x, rec.owner, rec.repo) && x.issueNumber === rec.number)
        .filter(x => !c.query.since || x.updatedAt >= c.query.since)
        .sort((a, b) => a.id - b.id)
        .map(x => this.renderComment(x));
      return this.paginate(list, c.query, c.req.url!.split('?')[0]);
    });
    this.route('POST', `${R}/issues/{issue_number}/comments`, c => {
      const { rec } = issueOrPull(c);
      const b = body(c);
      if (typeof b.body !== 'string' || !b.body)
        throw validationFailed([{ resource: 'IssueComment', field: 'body', code: 'missing_field' }]);
      const cm = this.addComment({ owner: rec.owner, repo: rec.repo, issueNumber: rec.number, body: b.body });
      return {
        status: 201,
        body: this.renderComment(cm),
        headers: { location: `${this.url}/repos/${rec.owner}/${rec.repo}/issues/comments/${cm.id}` }
      };
    });
    const comment = (c: Ctx): CommentRecord => {
      const cm = this.comments.find(
        x => this.in(x, c.params.owner, c.params.repo) && x.id === Number(c.params.comment_id)
      );
      if (!cm) throw notFound();
      return cm;
    };
    this.route('GET', `${R}/issues/comments/{comment_id}`, c => ({
      status: 200,
      body: this.renderComment(comment(c))
    }));
    this.route('PATCH', `${R}/issues/comments/{comment_id}`, c => {
      const cm = comment(c);
      const b = body(c);
      if (typeof b.body !== 'string' || !b.body)
        throw validationFailed([{ resource: 'IssueComment', field: 'body', code: 'missing_field' }]);
      cm.body = b.body;
      cm.updatedAt = now();
      return { status: 200, body: this.renderComment(cm) };
    });

    // ----- commit comments
    this.route('GET', `${R}/commits/{commit_sha}/comments`, c => {
      this.repo(c.params.owner, c.params.repo);
      const list = this.commitComments
        .filter(x => this.in(x, c.params.owner, c.params.repo) && x.sha === c.params.commit_sha)
        .sort((a, b) => a.id - b.id)
        .map(x => this.renderCommitComment(x));
      return this.paginate(list, c.query, c.req.url!.split('?')[0]);
    });
    this.route('POST', `${R}/commits/{commit_sha}/comments`, c => {
      const repo = this.repo(c.params.owner, c.params.repo);
      const b = body(c);
      if (typeof b.body !== 'string' || !b.body)
        throw validationFailed([{ resource: 'CommitComment', field: 'body', code: 'missing_field' }]);
      const cm = this.addCommitComment({
        owner: repo.owner,
        repo: repo.name,
        sha: c.params.commit_sha,
        body: b.body
      });
      if (typeof b.path === 'string') cm.path = b.path;
      if (typeof b.line === 'number') cm.line = b.line;
      if (typeof b.position === 'number') cm.position = b.position;
      return {
        status: 201,
        body: this.renderCommitComment(cm),
        headers: { location: `${this.url}/repos/${repo.owner}/${repo.name}/comments/${cm.id}` }
      };
    });
    const commitComment = (c: Ctx): CommitCommentRecord => {
      const cm = this.commitComments.find(
        x => this.in(x, c.params.owner, c.params.repo) && x.id === Number(c.params.comment_id)
      );
      if (!cm) throw notFound();
      return cm;
    };
    this.route('GET', `${R}/comments/{comment_id}`, c => ({
      status: 200,
      body: this.renderCommitComment(commitComment(c))
    }));
    this.route('PATCH', `${R}/comments/{comment_id}`, c => {
      const cm = commitComment(c);
      const b = body(c);
      if (typeof b.body !== 'string' || !b.body)
        throw validationFailed([{ resource: 'CommitComment', field: 'body', code: 'missing_field' }]);
      cm.body = b.body;
      cm.updatedAt = now();
      return { status: 200, body: this.renderCommitComment(cm) };
    });

    // ----- artifacts (shared with the Twirp artifact service)
    this.route('GET', `${R}/actions/artifacts`, c => {
      this.repo(c.params.owner, c.params.repo);
      const list = this.artifacts
        .forRepo(c.params.owner, c.params.repo)
        .filter(a => !c.query.name || a.name === c.query.name)
        .map(a => this.renderArtifact(a));
      return this.pagedObject('artifacts', list, c.query, c.req.url!.split('?')[0]);
    });
    this.route('GET', `${R}/actions/runs/{run_id}/artifacts`, c => {
      const run = this.run(c.params.owner, c.params.repo, c.params.run_id);
      const list = this.artifacts
        .forRepo(run.owner, run.repo)
        .filter(a => a.runId === run.id)
        .filter(a => !c.query.name || a.name === c.query.name)
        .map(a => this.renderArtifact(a));
      return this.pagedObject('artifacts', list, c.query, c.req.url!.split('?')[0]);
    });
    const artifact = (c: Ctx): StoredArtifact => {
      const a = this.artifacts.byId(Number(c.params.artifact_id));
      if (!a || !a.finalized || !this.in(a, c.params.owner, c.params.repo)) throw notFound();
      return a;
    };
    this.route('GET', `${R}/actions/artifacts/{artifact_id}`, c => ({
      status: 200,
      body: this.renderArtifact(artifact(c))
    }));
    this.route('DELETE', `${R}/actions/artifacts/{artifact_id}`, c => {
      this.artifacts.remove(artifact(c).id);
      return { status: 204 };
    });
    this.route('GET', `${R}/actions/artifacts/{artifact_id}/{archive_format}`, c => {
      const a = artifact(c);
      if (c.params.archive_format !== 'zip') throw notFound();
      if (a.expired)
        throw new HttpError(410, { message: 'Artifact has expired', documentation_url: DOCS, status: '410' });
      return { status: 302, headers: { location: this.blobUrl('artifacts', a.data) } };
    });
  }

  // ---------------------------------------------------------------- dispatch

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = u.pathname.replace(/\/+$/, '') || '/';
    const query = Object.fromEntries(u.searchParams.entries());
    const rawBody = await readBody(req);
    let body: unknown = undefined;
    let malformed = false;
    if (rawBody.length) {
      try {
        body = JSON.parse(rawBody.toString('utf8'));
      } catch {
        body = rawBody.toString('utf8');
        malformed = true;
      }
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')])
    );
    const method = (req.method ?? 'GET').toUpperCase();
    const rec: RecordedRequest = { method, path, query, body, status: 0, headers };
    const bearer = /^(?:token|bearer)\s+(.+)$/i.exec(headers.authorization ?? '');
    const credential = bearer ? this.tokens.lookup(bearer[1]) : undefined;
    // Recorded before anything else, so a listener on `requests` sees who sent it.
    if (credential) rec.by = credential.label;

    let matched: { route: Route; params: Record<string, string> } | undefined;
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const m = route.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      route.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1])));
      matched = { route, params };
      break;
    }
    rec.route = matched?.route.template;
    this.requests.push(rec);

    const sendRaw = (a: Answer): void => {
      rec.status = a.status;
      const h: Record<string, string> = {
        'x-github-api-version-selected': '2022-11-28',
        'x-github-request-id': randomBytes(6).toString('hex').toUpperCase(),
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': String(Math.max(0, 4999 - this.requests.length)),
        'x-ratelimit-used': String(Math.min(5000, this.requests.length)),
        'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 3600),
        'x-ratelimit-resource': 'core',
        ...a.headers
      };
      if (a.raw) {
        res.writeHead(a.status, { 'content-length': String(a.raw.length), ...h });
        res.end(a.raw);
        return;
      }
      if (a.body === undefined) {
        res.writeHead(a.status, h);
        res.end();
        return;
      }
      const text = JSON.stringify(a.body);
      res.writeHead(a.status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(Buffer.byteLength(text)),
        ...h
      });
      res.end(text);
    };
    const send = (a: Answer): void => {
      sendRaw(a);
      for (const fn of [...this.responseListeners]) fn(rec);
    };

    if (!credential || credential.revoked) {
      send({
        status: 401,
        body: {
          message: 'Bad credentials',
          documentation_url: 'https://docs.github.com/rest',
          status: '401'
        }
      });
      return;
    }
    const fault = this.takeFault(method, path);
    if (fault) {
      rec.fault = true;
      send(fault);
      return;
    }
    if (!matched) {
      send({ status: 404, body: { message: 'Not Found', documentation_url: DOCS, status: '404' } });
      return;
    }

    // GitHub checks the token's permissions for the operation before it looks at the body.
    const accepted = this.acceptedPermissions(method, matched.route.template, matched.params);
    if (accepted !== undefined && !satisfies(credential.permissions, accepted)) {
      const spec = ROUTE_PERMISSIONS[`${method} ${matched.route.template}`];
      send(notAccessible(spec.docs, accepted));
      return;
    }

    if (malformed) {
      send({
        status: 400,
        body: { message: 'Problems parsing JSON', documentation_url: DOCS, status: '400' }
      });
      return;
    }
    // GitHub validates request bodies against the operation's schema before anything else.
    const invalid = checkRequest(method, matched.route.template, body);
    if (invalid.length) {
      this.requestViolations.push(...invalid.map(v => `${method} ${matched.route.template}: ${v}`));
      send({
        status: 422,
        body: { message: `Invalid request.\n\n${invalid.join('\n')}`, documentation_url: DOCS, status: '422' }
      });
      return;
    }

    const tooLong = lengthViolation(matched.route.template, method, body);
    if (tooLong) {
      send({ status: 422, body: tooLong });
      return;
    }

    let answer: Answer;
    try {
      answer = await matched.route.handle({ req, params: matched.params, query, body });
    } catch (err) {
      if (err instanceof HttpError) answer = { status: err.status, body: err.body, headers: err.headers };
      else throw err;
    }
    if (answer.body !== undefined && !answer.raw) {
      const violations = checkResponse(method, matched.route.template, answer.status, answer.body);
      if (violations.length) {
        this.schemaViolations.push(...violations);
        if (this.strictSchema) {
          answer = {
            status: 500,
            body: {
              message: `emulator response violates the OpenAPI description: ${violations.slice(0, 5).join('; ')}`
            }
          };
        }
      }
    }
    if (method !== 'GET' && answer.status < 400) this.writes.push(rec);
    send(answer);
  }

  /**
   * The permissions an operation needs (`x-accepted-github-permissions` form), or undefined for one
   * without an entry (a route added without one fails the emulator's own unit test).
   */
  acceptedPermissions(method: string, template: string, params: Record<string, string>): string | undefined {
    const spec = ROUTE_PERMISSIONS[`${method} ${template}`];
    if (!spec) return undefined;
    if (typeof spec.needs === 'string') return spec.needs;
    const { owner, repo } = params;
    let number = Number(params.issue_number);
    if (params.comment_id !== undefined) {
      const cm = this.comments.find(x => this.in(x, owner, repo) && x.id === Number(params.comment_id));
      number = cm?.issueNumber ?? NaN;
    }
    const isPull = this.pulls.some(p => this.in(p, owner, repo) && p.number === number);
    return spec.needs(isPull ? 'pull' : 'issue');
  }

  /** Sets the permissions of a known token (what its workflow's `permissions:` grants; undefined: all). */
  setPermissions(token: string, permissions: Permissions | undefined): void {
    this.tokens.setPermissions(token, permissions);
  }

  private takeFault(method: string, path: string): Answer | undefined {
    const f = this.faults.find(
      x => x.left > 0 && (!x.method || x.method.toUpperCase() === method) && (!x.path || x.path.test(path))
    );
    if (!f) return undefined;
    f.left -= 1;
    if (f.status === 'secondary-rate-limit') {
      return {
        status: 403,
        headers: { 'retry-after': String(f.retryAfter ?? 1), 'x-ratelimit-remaining': '4999' },
        body: {
          message:
            f.message ??
            'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 8C4E:2F5A:1B3C4D:2E5F6A:65A1B2C3.',
          documentation_url:
            'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
          status: '403'
        }
      };
    }
    if (f.status === 'rate-limit') {
      const reset = Math.ceil(Date.now() / 1000) + (f.retryAfter ?? 1);
      return {
        status: 403,
        headers: {
          'x-ratelimit-limit': '5000',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-used': '5000',
          'x-ratelimit-reset': String(reset),
          'x-ratelimit-resource': 'core'
        },
        body: {
          message: f.message ?? 'API rate limit exceeded for installation ID 4242.',
          documentation_url:
            'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-primary-rate-limits',
          status: '403'
        }
      };
    }
    if (f.status === 422) {
      return {
        status: 422,
        body: {
          message: f.message ?? 'Validation Failed',
          errors: [],
          documentation_url: DOCS,
          status: '422'
        }
      };
    }
    const text: Record<number, string> = {
      500: 'Server Error',
      502: 'Bad Gateway',
      503: 'Service Unavailable',
      403: 'Resource not accessible by integration',
      429: 'Too Many Requests'
    };
    return {
      status: f.status,
      body: { message: f.message ?? text[f.status], documentation_url: DOCS, status: String(f.status) }
    };
  }
}
