/**
 * The GitHub port over ONE Octokit (from `@actions/github`) with retry and throttling, built once
 * (as in peter-evans/create-pull-request `src/octokit-client.ts`).
 */
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { FailedRun } from '../types.js';
import { toFailedRun } from './run-record.js';
import { permissionErrorOf } from './permissions.js';
export { PermissionError } from './permissions.js';
import {
  type CommentInfo,
  type FailedRunsPage,
  type GitHub,
  type IssueInfo,
  type JobInfo,
  type Logger,
  type PullInfo,
  type PullState,
  type ReleaseInfo,
  type RepoInfo,
  silentLogger
} from './ports.js';

/** Error strings the GitHub API is known to return, matched to recover from them. */
export const ApiErrors = {
  PullRequestExists: 'A pull request already exists',
  DraftsNotSupported: 'Draft pull requests are not supported in this repository',
  WorkflowNoDispatchTrigger: "Workflow does not have 'workflow_dispatch' trigger"
} as const;

/**
 * Statuses never worth retrying: the request itself is wrong or not allowed. 403 is here because
 * the rate-limit 403s are retried by the throttling plugin, not the retry plugin.
 */
export const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 451];

/** Upper bound for the pages read when searching open PRs/issues/comments (100 items a page). */
export const MAX_PAGES = 10;

/** createPull was refused because a PR for the same head already exists (GitHub's 422). */
export class PullRequestExistsError extends Error {
  constructor(readonly head: string) {
    super(`${ApiErrors.PullRequestExists} for ${head}`);
    this.name = 'PullRequestExistsError';
  }
}

/**
 * GitHub answered 410 Gone for a run's or a job's logs: they expired (the repository's log
 * retention, 90 days by default) or were deleted. Nothing can fetch them any more.
 */
export class LogsGoneError extends Error {
  constructor(readonly what: string) {
    super(
      `GitHub no longer has the logs of ${what} (410 Gone): they expired under the repository's log ` +
        'retention (Settings > Actions > General; 90 days by default) or were deleted. Nightwatch triages ' +
        'from the logs, so it cannot act on this run: re-run the failed jobs (or push again) to get fresh ' +
        'logs and let Nightwatch handle that run, or diagnose a saved copy with `nightwatch diagnose PATH`.'
    );
    this.name = 'LogsGoneError';
  }
}

/**
 * The bytes of a download response (a redirect already followed). Octokit gives text responses
 * (a job's plain-text log) as a decoded string, binary ones (a zip) as an ArrayBuffer.
 */
function responseBytes(data: unknown, what: string, contentType: unknown): Buffer {
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  if (Buffer.isBuffer(data)) return data;
  if (typeof data === 'string')
    return Buffer.from(data, /^text\//i.test(String(contentType)) ? 'utf8' : 'binary');
  throw new Error(`Unexpected log response for ${what} (content-type ${String(contentType)})`);
}

/** Options of createGitHub. */
export interface GitHubOptions {
  token: string;
  owner: string;
  repo: string;
  /** REST base URL, e.g. `https://api.github.com` or the emulator's. */
  baseUrl: string;
  log?: Logger;
  /** Multiplier in ms for retry waits (5xx: 1, 4, 9 × base; rate limits: retry-after × base). */
  retryAfterBaseMs?: number;
  /** Retries for 5xx and network errors. */
  retries?: number;
  /** Longest retry-after (seconds) honoured for a rate limit; longer means give up. */
  maxRetryAfterSeconds?: number;
  /** Retries for rate limits (primary or secondary). */
  rateLimitRetries?: number;
}

/** The Octokit type that createOctokit builds. */
export type NightwatchOctokit = ReturnType<typeof getOctokit>;

/**
 * The one Octokit: retry on 5xx/network, throttling with bounded retry on rate limits, and GitHub's
 * 403 "Resource not accessible by integration" turned into a PermissionError naming the permission.
 */
export function createOctokit(options: GitHubOptions): NightwatchOctokit {
  const octokit = createBareOctokit(options);
  octokit.hook.error('request', (error, request) => {
    throw permissionErrorOf(error, { method: request.method, url: request.url }) ?? error;
  });
  return octokit;
}

function createBareOctokit(options: GitHubOptions): NightwatchOctokit {
  const log = options.log ?? silentLogger;
  const base = options.retryAfterBaseMs ?? 1000;
  const maxAfter = options.maxRetryAfterSeconds ?? 120;
  const limitRetries = options.rateLimitRetries ?? 2;
  const onLimit =
    (kind: string) =>
    (
      retryAfter: number,
      req: { method: string; url: string },
      _octokit: unknown,
      retryCount: number
    ): boolean => {
      if (retryCount < limitRetries && retryAfter <= maxAfter) {
        log.warning(`GitHub ${kind} rate limit on ${req.method} ${req.url}; retrying after ${retryAfter}s`);
        return true;
      }
      log.warning(
        `GitHub ${kind} rate limit on ${req.method} ${req.url}; giving up (retry-after ${retryAfter}s)`
      );
      return false;
    };
  return getOctokit(
    options.token,
    {
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      retry: { doNotRetry: DO_NOT_RETRY, retries: options.retries ?? 3, retryAfterBaseValue: base },
      throttle: {
        retryAfterBaseValue: base,
        fallbackSecondaryRateRetryAfter: 60,
        onRateLimit: onLimit('primary'),
        onSecondaryRateLimit: onLimit('secondary')
      },
      log: {
        debug: (m: string) => log.debug(m),
        info: (m: string) => log.debug(m),
        warn: (m: string) => log.warning(m),
        error: (m: string) => log.warning(m)
      }
    },
    retry,
    throttling
  );
}

/** The HTTP status of an Octokit RequestError, if that is what was thrown. */
export function errorStatus(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'status' in error) {
    const status = (error as { status: unknown }).status;
    return typeof status === 'number' ? status : undefined;
  }
  return undefined;
}

/** Whether a thrown API error carries the given known message (in `message` or `errors[]`). */
export function hasApiError(error: unknown, text: string): boolean {
  if (!(error instanceof Error)) return false;
  if (error.message.includes(text)) return true;
  const data = (error as { response?: { data?: unknown } }).response?.data;
  return JSON.stringify(data ?? '').includes(text);
}

/** Builds the GitHub port for one repository. */
export function createGitHub(options: GitHubOptions): GitHub {
  return new OctokitGitHub(createOctokit(options), options.owner, options.repo, options.log ?? silentLogger);
}

interface RawPull {
  number: number;
  html_url: string;
  state: string;
  body?: string | null;
  head: { ref: string };
  draft?: boolean;
}

interface RawIssue {
  number: number;
  html_url: string;
  state: string;
  body?: string | null;
  pull_request?: unknown;
}

interface RawComment {
  id: number;
  html_url: string;
  body?: string | null;
}

function toPull(p: RawPull): PullInfo {
  return {
    number: p.number,
    url: p.html_url,
    head: p.head.ref,
    state: p.state,
    body: p.body ?? '',
    ...(typeof p.draft === 'boolean' ? { draft: p.draft } : {})
  };
}

function toIssue(i: RawIssue): IssueInfo {
  return { number: i.number, url: i.html_url, state: i.state, body: i.body ?? '' };
}

function toComment(c: RawComment): CommentInfo {
  return { id: c.id, url: c.html_url, body: c.body ?? '' };
}

/** `.github/workflows/ci.yml@refs/heads/x` or a plain path -> the file name the API takes. */
function workflowId(workflowIdOrPath: string): string | number {
  if (/^\d+$/.test(workflowIdOrPath)) return Number(workflowIdOrPath);
  const file = workflowIdOrPath.split('@')[0] ?? workflowIdOrPath;
  return file.split('/').pop() ?? file;
}

class OctokitGitHub implements GitHub {
  constructor(
    private readonly octokit: NightwatchOctokit,
    private readonly owner: string,
    private readonly repo: string,
    private readonly log: Logger
  ) {}

  private get r(): { owner: string; repo: string } {
    return { owner: this.owner, repo: this.repo };
  }

  async getRepo(): Promise<RepoInfo> {
    const { data } = await this.octokit.rest.repos.get(this.r);
    return {
      id: data.id,
      defaultBranch: data.default_branch,
      cloneUrl: data.clone_url,
      htmlUrl: data.html_url
    };
  }

  async getRun(runId: number): Promise<FailedRun> {
    const { data } = await this.octokit.rest.actions.getWorkflowRun({ ...this.r, run_id: runId });
    return toFailedRun(data as unknown as Record<string, unknown>, this.owner, this.repo);
  }

  async listJobs(runId: number, attempt?: number): Promise<JobInfo[]> {
    const jobs =
      attempt !== undefined
        ? await this.octokit.paginate(this.octokit.rest.actions.listJobsForWorkflowRunAttempt, {
            ...this.r,
            run_id: runId,
            attempt_number: attempt,
            per_page: 100
          })
        : await this.octokit.paginate(this.octokit.rest.actions.listJobsForWorkflowRun, {
            ...this.r,
            run_id: runId,
            filter: 'latest',
            per_page: 100
          });
    return jobs.map(j => ({
      id: j.id,
      name: j.name,
      conclusion: j.conclusion,
      steps: (j.steps ?? []).map(s => ({ name: s.name, number: s.number, conclusion: s.conclusion }))
    }));
  }

  async downloadRunLogs(runId: number, attempt?: number): Promise<Buffer> {
    // GitHub answers 302 to a signed blob URL; fetch follows it (and drops Authorization cross-origin).
    // The attempt's own logs: after a re-run, the run's logs are the latest attempt's, not the failed one's.
    const what = attempt !== undefined ? `attempt ${attempt} of run ${runId}` : `run ${runId}`;
    try {
      const response =
        attempt !== undefined
          ? await this.octokit.rest.actions.downloadWorkflowRunAttemptLogs({
              ...this.r,
              run_id: runId,
              attempt_number: attempt
            })
          : await this.octokit.rest.actions.downloadWorkflowRunLogs({ ...this.r, run_id: runId });
      return responseBytes(response.data, what, response.headers['content-type']);
    } catch (error) {
      if (errorStatus(error) === 410) throw new LogsGoneError(what);
      throw error;
    }
  }

  async downloadJobLogs(jobId: number): Promise<Buffer | undefined> {
    try {
      const response = await this.octokit.rest.actions.downloadJobLogsForWorkflowRun({
        ...this.r,
        job_id: jobId
      });
      return responseBytes(response.data, `job ${jobId}`, response.headers['content-type']);
    } catch (error) {
      if (errorStatus(error) === 404) return undefined;
      if (errorStatus(error) === 410) throw new LogsGoneError(`job ${jobId}`);
      throw error;
    }
  }

  async listReleases(owner: string, repo: string, maxPages = 3): Promise<ReleaseInfo[]> {
    const out: ReleaseInfo[] = [];
    let pages = 0;
    try {
      for await (const page of this.octokit.paginate.iterator(this.octokit.rest.repos.listReleases, {
        owner,
        repo,
        per_page: 100
      })) {
        for (const r of page.data) {
          out.push({
            tagName: r.tag_name,
            name: r.name ?? null,
            body: r.body ?? null,
            draft: r.draft,
            prerelease: r.prerelease
          });
        }
        if (++pages >= Math.min(maxPages, MAX_PAGES)) break;
      }
    } catch (error) {
      if (errorStatus(error) === 404) return [];
      throw error;
    }
    return out;
  }

  async findLastSuccessfulRun(workflowIdOrPath: string, branch: string): Promise<number | undefined> {
    try {
      const { data } = await this.octokit.rest.actions.listWorkflowRuns({
        ...this.r,
        workflow_id: workflowId(workflowIdOrPath),
        branch,
        status: 'success',
        per_page: 1
      });
      return data.workflow_runs[0]?.id;
    } catch (error) {
      if (errorStatus(error) === 404) return undefined;
      throw error;
    }
  }

  async findOpenPull(head: string): Promise<PullInfo | undefined> {
    const { data } = await this.octokit.rest.pulls.list({
      ...this.r,
      state: 'open',
      head: `${this.owner}:${head}`,
      per_page: 100
    });
    const match = data.find(p => p.head.ref === head);
    return match ? toPull(match) : undefined;
  }

  async listFailedRuns(since: Date, page: number, perPage = 100): Promise<FailedRunsPage> {
    const { data } = await this.octokit.rest.actions.listWorkflowRunsForRepo({
      ...this.r,
      status: 'failure',
      created: `>=${since.toISOString()}`,
      per_page: perPage,
      page
    });
    return {
      totalCount: data.total_count,
      runs: data.workflow_runs.map(r => ({
        ...toFailedRun(r as unknown as Record<string, unknown>, this.owner, this.repo),
        createdAt: r.created_at
      }))
    };
  }

  async getPullState(number: number): Promise<PullState> {
    const { data } = await this.octokit.rest.pulls.get({ ...this.r, pull_number: number });
    return {
      state: data.state,
      // `merged` is in every full pull; `merged_at` says the same where a proxy trims the body.
      merged: data.merged === true || (data.merged_at ?? null) !== null,
      mergedAt: data.merged_at,
      closedAt: data.closed_at
    };
  }

  async findOpenPullByText(text: string): Promise<PullInfo | undefined> {
    let pages = 0;
    for await (const page of this.octokit.paginate.iterator(this.octokit.rest.pulls.list, {
      ...this.r,
      state: 'open',
      per_page: 100
    })) {
      const match = page.data.find(p => (p.body ?? '').includes(text));
      if (match) return toPull(match);
      if (++pages >= MAX_PAGES) break;
    }
    return undefined;
  }

  async findOpenPullByHeadSha(sha: string): Promise<PullInfo | undefined> {
    let pages = 0;
    for await (const page of this.octokit.paginate.iterator(this.octokit.rest.pulls.list, {
      ...this.r,
      state: 'open',
      per_page: 100
    })) {
      const match = page.data.find(p => p.head.sha === sha);
      if (match) return toPull(match);
      if (++pages >= MAX_PAGES) break;
    }
    return undefined;
  }

  async findOpenIssueByText(text: string, label: string): Promise<IssueInfo | undefined> {
    let pages = 0;
    for await (const page of this.octokit.paginate.iterator(this.octokit.rest.issues.listForRepo, {
      ...this.r,
      state: 'open',
      labels: label,
      per_page: 100
    })) {
      // The issues endpoint lists pull requests too.
      const match = page.data.find(i => !i.pull_request && (i.body ?? '').includes(text));
      if (match) return toIssue(match);
      if (++pages >= MAX_PAGES) break;
    }
    return undefined;
  }

  async createPull(p: {
    head: string;
    base: string;
    title: string;
    body: string;
    draft?: boolean;
  }): Promise<PullInfo> {
    const { draft, ...rest } = p;
    try {
      const { data } = await this.octokit.rest.pulls.create({
        ...this.r,
        ...rest,
        ...(draft ? { draft } : {})
      });
      return toPull(data);
    } catch (error) {
      if (errorStatus(error) === 422 && hasApiError(error, ApiErrors.PullRequestExists)) {
        throw new PullRequestExistsError(p.head);
      }
      if (draft && errorStatus(error) === 422 && hasApiError(error, ApiErrors.DraftsNotSupported)) {
        // Private repositories on GitHub Free have no drafts: the PR opens ready, its label and body
        // still say it needs review.
        this.log.warning(
          `${this.owner}/${this.repo} does not support draft pull requests (private repositories need GitHub Team or Enterprise): opening ${p.head} as a ready pull request; its label and body say it needs review.`
        );
        return this.createPull(rest);
      }
      throw error;
    }
  }

  async updatePull(number: number, p: { title?: string; body?: string }): Promise<PullInfo> {
    const { data } = await this.octokit.rest.pulls.update({ ...this.r, pull_number: number, ...p });
    return toPull(data);
  }

  async addLabels(issueNumber: number, labels: string[]): Promise<void> {
    await this.octokit.rest.issues.addLabels({ ...this.r, issue_number: issueNumber, labels });
  }

  async createIssue(p: { title: string; body: string; labels: string[] }): Promise<IssueInfo> {
    const { data } = await this.octokit.rest.issues.create({ ...this.r, ...p });
    return toIssue(data);
  }

  async updateIssue(number: number, p: { title?: string; body?: string }): Promise<IssueInfo> {
    const { data } = await this.octokit.rest.issues.update({ ...this.r, issue_number: number, ...p });
    return toIssue(data);
  }

  async listComments(issueNumber: number): Promise<CommentInfo[]> {
    const out: CommentInfo[] = [];
    let pages = 0;
    for await (const page of this.octokit.paginate.iterator(this.octokit.rest.issues.listComments, {
      ...this.r,
      issue_number: issueNumber,
      per_page: 100
    })) {
      out.push(...page.data.map(toComment));
      if (++pages >= MAX_PAGES) break;
    }
    return out;
  }

  async createComment(issueNumber: number, body: string): Promise<CommentInfo> {
    const { data } = await this.octokit.rest.issues.createComment({
      ...this.r,
      issue_number: issueNumber,
      body
    });
    return toComment(data);
  }

  async updateComment(commentId: number, body: string): Promise<CommentInfo> {
    const { data } = await this.octokit.rest.issues.updateComment({ ...this.r, comment_id: commentId, body });
    return toComment(data);
  }

  async listCommitComments(sha: string): Promise<CommentInfo[]> {
    const out: CommentInfo[] = [];
    let pages = 0;
    for await (const page of this.octokit.paginate.iterator(this.octokit.rest.repos.listCommentsForCommit, {
      ...this.r,
      commit_sha: sha,
      per_page: 100
    })) {
      out.push(...page.data.map(toComment));
      if (++pages >= MAX_PAGES) break;
    }
    return out;
  }

  async createCommitComment(sha: string, body: string): Promise<CommentInfo> {
    const { data } = await this.octokit.rest.repos.createCommitComment({ ...this.r, commit_sha: sha, body });
    return toComment(data);
  }

  async updateCommitComment(commentId: number, body: string): Promise<CommentInfo> {
    const { data } = await this.octokit.rest.repos.updateCommitComment({
      ...this.r,
      comment_id: commentId,
      body
    });
    return toComment(data);
  }

  async rerunFailedJobs(runId: number): Promise<void> {
    await this.octokit.rest.actions.reRunWorkflowFailedJobs({ ...this.r, run_id: runId });
  }

  async tryDispatchWorkflow(workflowIdOrPath: string, ref: string): Promise<boolean> {
    try {
      await this.octokit.rest.actions.createWorkflowDispatch({
        ...this.r,
        workflow_id: workflowId(workflowIdOrPath),
        ref
      });
      return true;
    } catch (error) {
      const status = errorStatus(error);
      if (status === 422 || status === 404) {
        // No workflow_dispatch trigger, no such workflow, or no such ref: say which.
        this.log.info(
          `Dispatch of ${workflowIdOrPath} on ${ref} not accepted (${status}): ${error instanceof Error ? error.message : String(error)}`
        );
        return false;
      }
      throw error;
    }
  }
}
