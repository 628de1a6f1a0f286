/** Ports for the outside world of delivery: the GitHub REST API and git. */
import type { FailedRun } from '../types.js';

export interface JobStep {
  name: string;
  number: number;
  conclusion: string | null;
}

export interface JobInfo {
  id: number;
  name: string;
  conclusion: string | null;
  steps: JobStep[];
}

export interface RepoInfo {
  id: number;
  defaultBranch: string;
  cloneUrl: string;
  htmlUrl: string;
}

export interface PullInfo {
  number: number;
  url: string;
  head: string;
  state: string;
  body: string;
  /** True for a draft PR (added; absent where the port does not know). */
  draft?: boolean;
}

export interface IssueInfo {
  number: number;
  url: string;
  state: string;
  body: string;
}

export interface CommentInfo {
  id: number;
  url: string;
  body: string;
}

/** One release of a repository (GET /repos/{owner}/{repo}/releases). */
export interface ReleaseInfo {
  tagName: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
}

/** What became of a pull request (GET /repos/{o}/{r}/pulls/{n}): a merged one is `closed` and `merged`. */
export interface PullState {
  state: string;
  merged: boolean;
  mergedAt?: string | null;
  closedAt?: string | null;
}

/** One page of the repository's failed runs (GET /repos/{o}/{r}/actions/runs?status=failure&created=>=DATE). */
export interface FailedRunsPage {
  runs: (FailedRun & { createdAt: string })[];
  /** How many runs the whole listing holds (total_count). */
  totalCount: number;
}

/** What Nightwatch reads from and writes to GitHub (implemented with Octokit in github.ts). */
export interface GitHub {
  getRepo(): Promise<RepoInfo>;
  getRun(runId: number): Promise<FailedRun>;
  listJobs(runId: number, attempt?: number): Promise<JobInfo[]>;
  /**
   * The run-log zip, following the redirect: of `attempt` when given
   * (GET /repos/{o}/{r}/actions/runs/{id}/attempts/{n}/logs), else of the latest attempt
   * (GET .../runs/{id}/logs). Expired or deleted logs (410) throw LogsGoneError.
   */
  downloadRunLogs(runId: number, attempt?: number): Promise<Buffer>;
  /**
   * One job's log as plain text (GET /repos/{o}/{r}/actions/jobs/{id}/logs, following the redirect);
   * undefined when GitHub has none (404). Optional so that existing fakes still implement the port.
   */
  downloadJobLogs?(jobId: number): Promise<Buffer | undefined>;
  /** Last successful run of the same workflow on the branch, for the triage baseline. */
  findLastSuccessfulRun(workflowIdOrPath: string, branch: string): Promise<number | undefined>;
  findOpenPull(head: string): Promise<PullInfo | undefined>;
  /** Open PRs/issues whose body contains the text (the visible fingerprint line). */
  findOpenPullByText(text: string): Promise<PullInfo | undefined>;
  findOpenIssueByText(text: string, label: string): Promise<IssueInfo | undefined>;
  /**
   * The open PR whose head is at `sha` (also from a fork: workflow_run lists no PRs for those).
   * Optional so that existing fakes still implement the port.
   */
  findOpenPullByHeadSha?(sha: string): Promise<PullInfo | undefined>;
  /**
   * Opens a PR; `draft` opens it as a draft, or as a ready PR (with a warning) where the repository
   * does not support drafts (private repositories on GitHub Free).
   */
  createPull(p: {
    head: string;
    base: string;
    title: string;
    body: string;
    draft?: boolean;
  }): Promise<PullInfo>;
  updatePull(number: number, p: { title?: string; body?: string }): Promise<PullInfo>;
  /**
   * The failed runs created at or after `since`, newest first, page `page` (from 1) of `perPage`
   * (backfill). Optional so that existing fakes still implement the port.
   */
  listFailedRuns?(since: Date, page: number, perPage?: number): Promise<FailedRunsPage>;
  /**
   * What became of PR `number` (merged: the fix worked; closed unmerged: it did not). Optional so
   * that existing fakes still implement the port.
   */
  getPullState?(number: number): Promise<PullState>;
  addLabels(issueNumber: number, labels: string[]): Promise<void>;
  createIssue(p: { title: string; body: string; labels: string[] }): Promise<IssueInfo>;
  updateIssue(number: number, p: { title?: string; body?: string }): Promise<IssueInfo>;
  listComments(issueNumber: number): Promise<CommentInfo[]>;
  createComment(issueNumber: number, body: string): Promise<CommentInfo>;
  updateComment(commentId: number, body: string): Promise<CommentInfo>;
  listCommitComments(sha: string): Promise<CommentInfo[]>;
  createCommitComment(sha: string, body: string): Promise<CommentInfo>;
  updateCommitComment(commentId: number, body: string): Promise<CommentInfo>;
  rerunFailedJobs(runId: number): Promise<void>;
  /**
   * The releases of any repository (a dependency's, not only this one), newest first, at most
   * `maxPages` pages of 100; none when the repository is not found (404). Optional so that existing
   * fakes still implement the port.
   */
  listReleases?(owner: string, repo: string, maxPages?: number): Promise<ReleaseInfo[]>;
  /** Dispatch a workflow on a ref; false when the workflow does not accept workflow_dispatch. */
  tryDispatchWorkflow(workflowIdOrPath: string, ref: string): Promise<boolean>;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** A git wrapper bound to one work tree (implemented in git.ts). */
export interface Git {
  readonly dir: string;
  /** Fetch one commit from `url` (token in an extraheader, removed afterwards) and check it out detached. */
  fetchAndCheckout(url: string, sha: string, token?: string): Promise<void>;
  headSha(): Promise<string>;
  /**
   * The parents of a commit this clone holds, from its object (a merge commit has two, first the
   * branch merged into). Optional so that existing fakes still implement the port.
   */
  commitParents?(sha: string): Promise<string[]>;
  checkoutNewBranch(branch: string): Promise<void>;
  /**
   * Stage exactly `paths` (repository-relative; nothing else in the tree) and commit; returns the
   * new sha. With `trailer`, adds `Nightwatch-Run: <trailer>`.
   */
  commitPaths(paths: readonly string[], message: string, trailer?: string | number): Promise<string>;
  /** Files changed between two refs. */
  changedFiles(from: string, to: string): Promise<string[]>;
  diff(from: string, to: string): Promise<string>;
  /**
   * The text of `path` as committed at `rev` (`git show <rev>:<path>`, no textconv), read from the
   * object store, never the work tree; null when it is not there or is larger than `maxBytes`.
   * Optional so that existing fakes still implement the port.
   */
  showFile?(rev: string, path: string, maxBytes?: number): Promise<string | null>;
  /**
   * The merge base of `head` (checked out) and `base`, fetching both from `url` with enough history
   * (a shallow clone holds too little); undefined when none is found within that history. Optional
   * so that existing fakes still implement the port.
   */
  mergeBase?(url: string, head: string, base: string, token?: string): Promise<string | undefined>;
  /**
   * Push `branch` to `url` with the token in an extraheader only; false when rejected. Only
   * `nightwatch/*`, or the dependency update branch `updateBranch` names (never forced).
   */
  tryPush(
    url: string,
    branch: string,
    token: string,
    force?: boolean,
    updateBranch?: string
  ): Promise<boolean>;
  /** Deletes a `nightwatch/*` branch on the remote (undoing a push whose PR could not be made); false when rejected. */
  tryDeleteRemoteBranch(url: string, branch: string, token: string): Promise<boolean>;
  /** Whether `branch` exists on the remote, and at which sha. */
  remoteBranchSha(url: string, branch: string, token?: string): Promise<string | undefined>;
  /**
   * The tip of `branch` on the remote and whether Nightwatch made it (undefined: no such branch).
   * A later forced push of `branch` replaces only this tip.
   */
  remoteBranchTip(url: string, branch: string, token?: string): Promise<BranchTip | undefined>;
}

/** The tip commit of a branch, and whether Nightwatch is its author and committer. */
export interface BranchTip {
  sha: string;
  byNightwatch: boolean;
}

/** Where delivery and state code say what they did; `@actions/core` fits it as is. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  /** Registers a value to mask in the log (core.setSecret in the action); optional for the CLI. */
  setSecret?(value: string): void;
}

/** A logger that says nothing (the default when none is given). */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warning: () => undefined
};
